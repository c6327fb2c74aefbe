"""Sync: one endpoint and one engine for every kind of user record (see docs/sync.md).

The engine knows no collection: create_app passes the list (see docs/collections.md)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask

from server.sync.registry import EXTENSION, Collection, Registry
from server.sync.routes import blp


def init_app(app: Flask, collections: Iterable[Collection]) -> None:
    """Keep the collections this app syncs on the app, for the engine to look up by name."""
    app.extensions[EXTENSION] = Registry(collections)


__all__ = ["Collection", "Registry", "blp", "init_app"]
