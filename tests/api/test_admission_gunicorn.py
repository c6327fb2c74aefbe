"""A real gunicorn with one thread: requests queued behind a slow one are shed, not served late."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

SLOW_S = 1.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After")
    finally:
        connection.close()


def _wait_until_serving(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited"
        try:
            _get(port, "/api/v1/auth/csrf")
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("gunicorn did not start")


def test_requests_queued_behind_a_slow_one_are_shed_at_once(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "ADMISSION_QUEUE_BUDGET_MS": "300",
    }
    command = [
        sys.executable, "-m", "gunicorn", "--config", "python:server.gunicorn_conf",
        "--workers", "1", "--threads", "1", "--bind", f"127.0.0.1:{port}",
        "tests.api.admission_app:app",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=Path(__file__).parents[2])
    try:
        _wait_until_serving(port, server)
        answers: dict[str, tuple[int, str | None]] = {}

        def call(name: str, path: str) -> None:
            answers[name] = _get(port, path)

        first = threading.Thread(target=call, args=("first", f"/api/v1/test-slow?s={SLOW_S}"))
        first.start()
        time.sleep(0.3)  # the one thread is busy with it now
        queued = [
            threading.Thread(target=call, args=(f"queued {n}", f"/api/v1/test-slow?s={SLOW_S}"))
            for n in range(3)
        ]
        queued.append(threading.Thread(target=call, args=("csrf", "/api/v1/auth/csrf")))
        for thread in queued:
            thread.start()
        for thread in [first, *queued]:
            thread.join(timeout=9)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert answers["first"] == (200, None)
    for n in range(3):
        # Served one after another these would take 3 s more; each waited > 0.3 s instead.
        status, retry_after = answers[f"queued {n}"]
        assert status == 503
        assert retry_after in {"1", "2", "3"}
    assert answers["csrf"][0] == 200  # what signing in needs is never shed
