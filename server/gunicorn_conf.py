"""gunicorn settings for both the one-command run (`python -m server.serve`) and production
(`gunicorn -c python:server.gunicorn_conf --bind 0.0.0.0:8000 wsgi:app`).

Threads rather than many processes: requests mostly wait on the database or the disk, and on
SQLite a few processes with several threads each keep writers few. Forwarded headers are
interpreted in exactly one place, the app's ProxyFix, which trusts `TRUSTED_PROXIES` hops; so
gunicorn itself trusts none (its default would believe `X-Forwarded-Proto` from 127.0.0.1 even
when no proxy is configured).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

# gthread, plus the time each request waited for a thread (shed past a budget: server/admission).
worker_class = "server.admission.worker.QueueTimedWorker"
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
threads = int(os.environ.get("WEB_THREADS", 8))
# A request never legitimately takes this long; a stuck worker is replaced.
timeout = 30
graceful_timeout = 10
keepalive = 5
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}
# No access log by default: URLs can carry share tokens (logs never hold tokens).
accesslog = None
# gunicorn 25+ opens a control socket in $HOME by default; nothing here uses it.
control_socket_disable = True

# Set by server.serve: if that supervisor is killed outright, nobody would stop us, so stop
# gracefully once we are re-parented.
SUPERVISOR_ENV = "SMALLWINS_SUPERVISOR_PID"


def _stop_when_orphaned(supervisor: int) -> None:
    while os.getppid() == supervisor:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


def when_ready(_server: Any) -> None:
    supervisor = os.environ.get(SUPERVISOR_ENV)
    if supervisor:
        threading.Thread(target=_stop_when_orphaned, args=(int(supervisor),), daemon=True).start()
