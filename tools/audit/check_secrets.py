"""`make audit`: detect-secrets finds no secret that the baseline has not marked as audited.

The committed .secrets.baseline is not touched: it is re-scanned in a copy (line numbers
move as files change), and any finding not marked `"is_secret": false` fails the run.
To accept a false positive: `detect-secrets scan --baseline .secrets.baseline FILES`, then
`detect-secrets audit .secrets.baseline`, or add `# pragma: allowlist secret` to the line.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(files):
    files = [f for f in files if Path(f).name != ".secrets.baseline"]  # it holds the hashes
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "baseline.json"
        shutil.copy(ROOT / ".secrets.baseline", copy)
        scanner = Path(sys.executable).with_name("detect-secrets")
        subprocess.run(  # noqa: S603 - our own tool, our own file list
            [scanner, "scan", "--baseline", copy, *files], cwd=ROOT, check=True
        )
        results = json.loads(copy.read_text())["results"]
    found = [
        f"{path}:{item['line_number']}: {item['type']}"
        for path, items in results.items()
        for item in items
        if item.get("is_secret") is not False
    ]
    audited = sum(len(items) for items in results.values()) - len(found)
    if found:
        sys.stderr.write("New possible secrets (not in .secrets.baseline):\n")
        sys.stderr.write("\n".join(found) + "\n")
        return 1
    sys.stderr.write(f"detect-secrets: no new secrets ({audited} audited false positives)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
