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


READERS: dict[int, threading.Thread] = {}


def start_serve(tmp_path: Path, port: int) -> tuple[subprocess.Popen[str], list[str]]:
    database = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    with make_app(database, tmp_path).app_context():
        db.create_all()
        db.engine.dispose()
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
    READERS[server.pid] = reader
    return server, log


def consumer_pid(log: list[str]) -> int:
    assert wait_for(lambda: any("Huey consumer started" in line for line in log))
    return int(re.search(r"PID (\d+)", "".join(log)).group(1))


def end(server: subprocess.Popen[str]) -> None:
    if server.poll() is None:
        server.kill()
        server.wait()
    READERS.pop(server.pid).join(timeout=5)
    server.stderr.close()


def test_serve_runs_gunicorn_and_the_consumer_and_ctrl_c_stops_both(tmp_path: Path) -> None:
    port = free_port()
    server, log = start_serve(tmp_path, port)
    url = f"http://127.0.0.1:{port}/api/v1/auth/csrf"
    try:
        assert wait_for(lambda: answers(url))
        with urllib.request.urlopen(url, timeout=2) as response:
            assert response.headers["Server"].startswith("gunicorn")  # not werkzeug's dev server
        pid = consumer_pid(log)
        assert pid != server.pid and alive(pid)
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
        assert wait_for(lambda: not alive(pid), timeout=5)
        assert not answers(url)
    finally:
        end(server)


def test_forwarded_headers_are_ignored_without_trusted_proxies(tmp_path: Path) -> None:
    port = free_port()
    server, _log = start_serve(tmp_path, port)
    url = f"http://127.0.0.1:{port}/api/v1/auth/csrf"
    try:
        assert wait_for(lambda: answers(url))
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=2) as response:
            cookie = response.headers["Set-Cookie"]
        # gunicorn's default would believe the header from 127.0.0.1 and mark the cookie Secure.
        assert cookie and "Secure" not in cookie
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        end(server)


def test_when_the_web_server_dies_the_consumer_is_stopped_too(tmp_path: Path) -> None:
    port = free_port()
    server, log = start_serve(tmp_path, port)
    try:
        assert wait_for(lambda: answers(f"http://127.0.0.1:{port}/api/v1/auth/csrf"))
        pid = consumer_pid(log)
        master = int(re.search(r"Listening at: \S+ \((\d+)\)", "".join(log)).group(1))
        os.kill(master, signal.SIGKILL)
        assert server.wait(timeout=30) == 1
        assert wait_for(lambda: not alive(pid), timeout=5)
    finally:
        end(server)
