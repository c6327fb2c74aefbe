"""The one-command run: `python -m server.serve --port 5000`.

Starts the Huey consumer as a second process (huey's consumer installs signal handlers, which
only the main thread of a process may do, so it cannot live in a web thread) and serves the app
on 127.0.0.1:PORT with werkzeug's threaded server in this process. Ctrl-C (or SIGTERM) stops
both: the consumer runs in its own session so the terminal's Ctrl-C reaches only us, and we
pass on one SIGINT (huey's graceful stop), wait, then escalate. If the consumer dies on its
own, the web server is stopped too, so a broken job runner is never silently missing.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
from types import FrameType

log = logging.getLogger("server.serve")
STOP_WAIT_S = 10.0


def start_consumer() -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "server.jobs.consumer", "--workers", "2", "--exit-with-parent"]
    return subprocess.Popen(command, start_new_session=True)


def stop_consumer(consumer: subprocess.Popen[bytes]) -> int:
    if consumer.poll() is None:
        consumer.send_signal(signal.SIGINT)
        try:
            return consumer.wait(STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            log.warning("job consumer did not stop in %.0f s; killing it", STOP_WAIT_S)
            consumer.kill()
    return consumer.wait()


def _watch(
    consumer: subprocess.Popen[bytes], stopping: threading.Event, crashed: threading.Event
) -> None:
    code = consumer.wait()
    if not stopping.is_set():
        crashed.set()
        log.error("job consumer exited with %s; stopping the web server", code)
        os.kill(os.getpid(), signal.SIGINT)


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve Small Wins with its job consumer.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 5000)))
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)

    from server.app import create_app

    app = create_app()  # before the consumer: the first run creates the secrets it shares
    signal.signal(signal.SIGTERM, _interrupt)
    consumer = start_consumer()
    stopping, crashed = threading.Event(), threading.Event()
    threading.Thread(target=_watch, args=(consumer, stopping, crashed), daemon=True).start()
    try:
        app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        code = stop_consumer(consumer)
        log.info("stopped (job consumer exit code %s)", code)
    return 1 if crashed.is_set() else 0


if __name__ == "__main__":
    sys.exit(main())
