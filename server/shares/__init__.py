"""Sharing one win, one day or one weekly review with one named person (docs in README)."""

from server.shares.routes import blp, public

__all__ = ["blp", "public"]
