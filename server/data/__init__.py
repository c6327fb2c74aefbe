"""A person's data, theirs to take and bring: streamed exports, all-or-nothing imports."""

from server.data.routes import blp

__all__ = ["blp"]
