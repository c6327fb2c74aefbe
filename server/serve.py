"""The one-command run: `python -m server.serve --port 5000`.

A small supervisor of two processes: gunicorn serving the app (threaded workers, settings in
server/gunicorn_conf.py — the production server the README documents, not a development
server) and the Huey job consumer (its own process, because huey installs signal handlers,
which only a main thread may do). Each child runs in its own session, so the terminal's Ctrl-C
reaches only us; on Ctrl-C or SIGTERM we stop both gracefully (SIGTERM to gunicorn, SIGINT to
huey), wait, then escalate. If either child dies on its own the other is stopped too and we
exit non-zero, so a broken job runner or web server is never silently missing.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from types import FrameType

from server import gunicorn_conf

log = logging.getLogger("server.serve")
STOP_WAIT_S = 15.0
POLL_S = 0.2


def start_consumer() -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "server.jobs.consumer", "--workers", "2", "--exit-with-parent"]
    return subprocess.Popen(command, start_new_session=True)


def start_web(host: str, port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "gunicorn",
        "--config", "python:server.gunicorn_conf",
        "--bind", f"{host}:{port}",
        "wsgi:app",
    ]  # fmt: skip
    env = {**os.environ, gunicorn_conf.SUPERVISOR_ENV: str(os.getpid())}
    return subprocess.Popen(command, start_new_session=True, env=env)


def stop(child: subprocess.Popen[bytes], graceful: signal.Signals, name: str) -> int:
    if child.poll() is None:
        child.send_signal(graceful)
        try:
            return child.wait(STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop in %.0f s; killing it", name, STOP_WAIT_S)
            child.kill()
    return child.wait()


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve Small Wins with its job consumer.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 5000)))
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)

    from server.app import create_app

    # Before the children start: the first run creates the secrets they all share.
    create_app()
    signal.signal(signal.SIGTERM, _interrupt)
    consumer = start_consumer()
    web = start_web(args.host, args.port)
    crashed = False
    try:
        while consumer.poll() is None and web.poll() is None:
            time.sleep(POLL_S)
        crashed = True
        which = "job consumer" if consumer.poll() is not None else "web server"
        log.error("the %s exited on its own; stopping the other", which)
    except KeyboardInterrupt:
        pass
    finally:
        web_code = stop(web, signal.SIGTERM, "web server")
        consumer_code = stop(consumer, signal.SIGINT, "job consumer")
        log.info("stopped (web exit code %s, job consumer exit code %s)", web_code, consumer_code)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
