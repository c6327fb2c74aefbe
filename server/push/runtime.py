"""The app's push setup: its VAPID keys, a sender built from config, the DNS resolver.

Keys are loaded (or generated into the instance folder) on first use and kept for the life of
the process. A sender is opened per job run or request and closed after: its connection pools
and worker threads then never outlive the work (they are reused across all the batches of one
tick), and a VAPID header costs one signature per push origin per run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from server.push.endpoint_policy import Resolver, system_resolver
from server.push.sender import PushSender
from server.push.vapid import VapidKeys, load_or_create_keys, rotate_keys


@dataclass
class PushRuntime:
    instance_dir: Path
    private_key_env: str | None
    # Replaceable in tests, so a name can "resolve" to a private address without DNS.
    resolver: Resolver = system_resolver
    _keys: VapidKeys | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def keys(self) -> VapidKeys:
        with self._lock:
            if self._keys is None:
                self._keys = load_or_create_keys(self.instance_dir, self.private_key_env)
            return self._keys

    def rotate(self) -> VapidKeys:
        if self.private_key_env:
            raise RuntimeError("VAPID_PRIVATE_KEY is set: rotate it in the environment instead")
        with self._lock:
            self._keys = rotate_keys(self.instance_dir)
            return self._keys


def init_app(app: Flask) -> None:
    app.extensions["push"] = PushRuntime(
        Path(app.instance_path), app.config.get("VAPID_PRIVATE_KEY")
    )


def runtime() -> PushRuntime:
    return current_app.extensions["push"]


def open_sender(*, max_retries: int | None = None) -> PushSender:
    """A PushSender configured from the app; use it in a `with` block.

    It routes with the same resolver and loopback setting that subscribing checked with, so
    the send-time checks (routing.py) agree with the subscribe-time ones.
    """
    config = current_app.config
    push = runtime()
    return PushSender(
        push.keys,
        config["VAPID_SUBJECT"],
        timeout=(min(3.05, config["PUSH_TIMEOUT_S"]), config["PUSH_TIMEOUT_S"]),
        max_retries=config["PUSH_MAX_RETRIES"] if max_retries is None else max_retries,
        backoff_base_s=config["PUSH_BACKOFF_S"],
        pool_size=config["PUSH_WORKERS"],
        send_deadline_s=config["PUSH_SEND_DEADLINE_S"],
        batch_deadline_s=config["PUSH_BATCH_DEADLINE_S"],
        resolve=push.resolver,
        allow_loopback=config["PUSH_ALLOW_LOOPBACK"],
    )
