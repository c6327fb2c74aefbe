"""bench/load.py end to end, tiny: real gunicorn on SQLite, 2 accounts x 4 devices for 1 s.

It checks the benchmark still runs against the current server (sign-up, sign-in, CSRF, the
sync protocol) and that its end check passes: every acknowledged win stored once and on every
device. No timing is asserted. It takes 8-20 s (most of it migrating and starting gunicorn,
longer on a busy machine), so it runs only when asked: LOAD_SMOKE=1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not os.environ.get("LOAD_SMOKE"), reason="slow (a real server); LOAD_SMOKE=1")
def test_a_tiny_load_run_passes_its_end_check() -> None:
    command = [
        sys.executable, "bench/load.py",
        "--accounts", "2", "--devices", "4", "--seconds", "1", "--baseline-seconds", "0.5",
        "--database", "sqlite", "--workers", "1", "--threads", "4",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "end check: PASS" in done.stdout
    assert "errors by status: none" in done.stdout
