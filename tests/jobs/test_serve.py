"""`python -m server.serve` runs the web app and the job consumer, and Ctrl-C stops both."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from server.extensions import db
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float = 30.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_serve_runs_web_and_consumer_and_ctrl_c_stops_both(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    with make_app(database, tmp_path).app_context():
        db.create_all()
        db.engine.dispose()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database, "INSTANCE_PATH": str(tmp_path / "instance")}
    server = subprocess.Popen(
        [sys.executable, "-m", "server.serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(server.stderr), daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: answers(f"http://127.0.0.1:{port}/api/v1/auth/csrf"))
        assert wait_for(lambda: any("Huey consumer started" in line for line in log))
        pid = int(re.search(r"PID (\d+)", "".join(log)).group(1))
        assert pid != server.pid and alive(pid)
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=20) == 0
        assert wait_for(lambda: not alive(pid), timeout=5)
        assert not answers(f"http://127.0.0.1:{port}/api/v1/auth/csrf")
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        reader.join(timeout=5)
        server.stderr.close()
