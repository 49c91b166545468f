"""Python run in a process of its own: what a fresh interpreter does at start-up (settings,
the WSGI module) without this test process's state."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def reported(code, *args, unset=(), **env):
    """What `code` (Python, run in a process of its own with `args`) prints as JSON, with
    the environment variables `unset` left out and `env` added."""
    clean = {k: v for k, v in os.environ.items() if k not in set(unset)}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
