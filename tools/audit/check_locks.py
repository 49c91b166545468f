"""`make audit`: every lock file pins exact versions with hashes and fetches from PyPI only;
the application's lock agrees with the development one; Django and Wagtail are at or above
the minimum versions pyproject.toml names (the latest security releases)."""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ["requirements.lock", "requirements-dev.lock", "requirements-audit.lock"]
FORBIDDEN_OPTIONS = (
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "--trusted-host",
    "-f",
    "--find-links",
    "--no-binary",
)
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")


def read_lock(path):
    """{name: version} of a pip-compile lock, with a list of problems found."""
    pins, problems = {}, []
    entries = re.split(r"\n(?=\S)", path.read_text())
    for entry in entries:
        line = entry.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(FORBIDDEN_OPTIONS):
            problems.append(f"{path.name}: option not allowed: {line.split()[0]}")
            continue
        match = PIN.match(line)
        if not match:
            problems.append(f"{path.name}: not an exact pin: {line.splitlines()[0]}")
            continue
        name, version = canonicalize_name(match.group(1)), match.group(2)
        if "--hash=sha256:" not in entry:
            problems.append(f"{path.name}: {name}=={version} has no hash")
        pins[name] = version
    return pins, problems


def main():
    problems, locks = [], {}
    for name in LOCKS:
        locks[name], found = read_lock(ROOT / name)
        problems += found
    app, dev = locks["requirements.lock"], locks["requirements-dev.lock"]
    for package, version in app.items():
        if dev.get(package) != version:
            problems.append(
                f"{package}: {version} in requirements.lock, {dev.get(package)} in dev"
            )
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    minimums = {"django", "wagtail"}
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        package = canonicalize_name(requirement.name)
        if package in minimums:
            minimums.discard(package)
            if not any(s.operator == ">=" for s in requirement.specifier):
                problems.append(f"pyproject.toml: {package} has no minimum version")
            if Version(app[package]) not in requirement.specifier:
                problems.append(f"{package} {app[package]} is outside {requirement.specifier}")
    problems += [f"pyproject.toml does not name {package}" for package in sorted(minimums)]
    counts = ", ".join(f"{name}: {len(pins)}" for name, pins in locks.items())
    report = problems or [f"lock files: {counts} pinned packages, all hashed"]
    sys.stderr.write("\n".join(report) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
