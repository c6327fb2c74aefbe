"""Web push: VAPID keys, the one adapter around pywebpush (sender.py), subscriptions API."""

from server.push.routes import blp

__all__ = ["blp"]
