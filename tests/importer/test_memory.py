"""Reading an export takes the same memory for 10 MB as for 100 MB: it is a stream."""

import subprocess
import sys
import textwrap

from .exports import ROOT, comment, export, item

# Reads the export as an import does (the check, then the records) and prints the
# process's peak resident memory (VmHWM), in kB.
MEASURE = textwrap.dedent(
    """
    import sys
    from importer.wxr import Export

    export = Export(sys.argv[1])
    counts = export.check()
    posts = sum(1 for record in export.records())
    peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    print(counts.get("post", 0), posts, int(peak.split()[1]))
    """
)


def generate(path, megabytes):
    """An export of about `megabytes` MB: posts with a body, tags and comments."""
    body = "<p>" + "A paragraph of a post about services for the public. " * 60 + "</p>"
    one = item(1, "A post", content=body, extra=comment(1, "A comment") * 3)
    head, tail = export("ITEMS").split("ITEMS")
    copies = megabytes * 1024 * 1024 // len(one.encode())
    with open(path, "w", encoding="utf-8") as out:
        out.write(head)
        for number in range(copies):
            out.write(one.replace("<wp:post_id>1<", f"<wp:post_id>{number}<"))
        out.write(tail)
    return copies


def measure(path):
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [int(value) for value in result.stdout.split()]


def test_memory_does_not_grow_with_the_size_of_the_export(tmp_path):
    small_posts = generate(tmp_path / "small.xml", 10)
    large_posts = generate(tmp_path / "large.xml", 100)
    found, read, small_peak = measure(tmp_path / "small.xml")
    assert (found, read) == (small_posts, small_posts + 1)  # the author too
    found, read, large_peak = measure(tmp_path / "large.xml")
    assert (found, read) == (large_posts, large_posts + 1)
    # Ten times the file, the same memory (within 10%, and under 100 MB for the reading).
    assert large_peak < small_peak * 1.1, (small_peak, large_peak)
    assert large_peak < 100 * 1024
