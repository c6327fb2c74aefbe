"""The server under test, in production shape: gunicorn (server/gunicorn_conf.py) as a subprocess
on a free loopback port, against a fresh database made for the run and removed after it.

CPU is read from /proc (no psutil needed): the gunicorn master's own and reaped children's time
plus every live worker's, so a worker replaced mid-run is still counted. On PostgreSQL the
backends of the run's database are sampled in the background, because pooled connections beyond
the pool size close (and their backend exits) between two phase boundaries.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")
READY_TIMEOUT_S = 60.0


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone, or not ours to read
        return None
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    return text[text.rindex(")") + 2 :].split()


def process_cpu_s(pid: int, with_reaped_children: bool = False) -> float:
    """utime + stime of one process (all its threads), optionally + its reaped children's."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    if with_reaped_children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / TICKS


def children_of(parent: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None and int(fields[1]) == parent:
                pids.append(int(entry))
    return pids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Database:
    """A fresh database for one run: its URL for the server, and direct access for the check."""

    kind: str  # "sqlite" or "postgres"
    url: str
    name: str = ""
    admin_url: str = ""
    path: Path | None = None

    @classmethod
    def sqlite(cls, directory: Path) -> Database:
        path = directory / "smallwins.sqlite3"
        return cls("sqlite", f"sqlite:///{path}", path=path)

    @classmethod
    def postgres(cls, admin_url: str) -> Database:
        import psycopg

        name = f"loadbench_{secrets.token_hex(4)}"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(admin_url)
        url = urlunsplit(parts._replace(path=f"/{name}"))
        return cls("postgres", url, name=name, admin_url=admin_url)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a query straight on the database (no app code): the end check's ground truth."""
        if self.kind == "sqlite":
            with sqlite3.connect(self.path) as conn:  # type: ignore[arg-type]
                return conn.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql, params).fetchall()

    def backend_pids(self) -> list[int]:
        if self.kind != "postgres":
            return []
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            query = "SELECT pid FROM pg_stat_activity WHERE datname = %s"
            return [row[0] for row in conn.execute(query, (self.name,))]

    def drop(self) -> None:
        if self.kind == "postgres":
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class BackendCpu:
    """CPU of the run's PostgreSQL backends, sampled every `every` s so that backends which
    exit (overflow connections returned to the pool) are counted up to their last sample."""

    def __init__(self, database: Database, every: float = 0.25) -> None:
        self.database, self.every = database, every
        self.seen: dict[int, float] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for pid in self.database.backend_pids():
            cpu = process_cpu_s(pid)
            with self.lock:
                self.seen[pid] = max(cpu, self.seen.get(pid, 0.0))

    def _run(self) -> None:
        while not self.stopping.wait(self.every):
            try:
                self._sample()
            except Exception:  # a sample lost to a busy machine is not worth a crash
                pass

    def start(self) -> None:
        self._sample()
        self.thread.start()

    def total_s(self) -> float:
        """CPU seen so far, summed over every backend ever seen (a lower bound)."""
        self._sample()
        with self.lock:
            return sum(self.seen.values())

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()


@dataclass
class Server:
    database: Database
    workers: int
    threads: int
    directory: Path
    settings: dict[str, str] = field(default_factory=dict)  # more environment for the server
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    backends: BackendCpu | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "SMALLWINS_SUPERVISOR_PID"}
        env.update(
            DATABASE_URL=self.database.url,
            INSTANCE_PATH=str(self.directory / "instance"),
            SECRET_KEY=secrets.token_urlsafe(32),
            WEB_CONCURRENCY=str(self.workers),
            WEB_THREADS=str(self.threads),
            PYTHONPATH=str(REPO),
            # Setup only (sign-ups and sign-ins are not measured): every device signs in, and
            # scrypt for hundreds of them would take most of a minute on a shared machine.
            PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
            SIGNUP_MAX_PER_ADDRESS="1000000",
            SIGNIN_MAX_FAILURES_PER_ADDRESS="1000000",
        )
        env.update(self.settings)
        return env

    def start(self) -> None:
        self.env = self._environment()
        log = (self.directory / "server.log").open("wb")
        upgrade = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"]
        subprocess.run(upgrade, cwd=REPO, env=self.env, check=True, stdout=log, stderr=log)
        self.port = free_port()
        command = [
            sys.executable, "-m", "gunicorn",
            "--config", "python:server.gunicorn_conf",
            "--bind", f"127.0.0.1:{self.port}",
            "wsgi:app",
        ]  # fmt: skip
        if self.settings:
            print("server settings: " + " ".join(f"{k}={v}" for k, v in self.settings.items()))
        self.process = subprocess.Popen(
            command, cwd=REPO, env=self.env, stdout=log, stderr=log, start_new_session=True
        )
        self._wait_ready()
        if self.database.kind == "postgres":
            self.backends = BackendCpu(self.database)
            self.backends.start()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.directory / 'server.log'}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/v1/auth/csrf", timeout=2):
                    pass
                # Every worker must be up, or the first phase would measure their start-up.
                if len(children_of(self.process.pid)) >= self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def cpu_s(self) -> float:
        """The master, its reaped children and its live workers: the whole web server's CPU."""
        assert self.process is not None
        master = self.process.pid
        total = process_cpu_s(master, with_reaped_children=True)
        return total + sum(process_cpu_s(pid) for pid in children_of(master))

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        return children_of(self.process.pid)

    def database_cpu_s(self) -> float | None:
        return self.backends.total_s() if self.backends is not None else None

    def log_tail(self, lines: int = 20) -> str:
        text = (self.directory / "server.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.backends is not None:
            self.backends.stop()
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class RunDirectory:
    """A temporary directory for the instance folder, SQLite file and server log."""

    def __enter__(self) -> Path:
        self.path = Path(tempfile.mkdtemp(prefix="smallwins-load-"))
        return self.path

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
