"""Accounts: sign up, sign in, sign out, who am I, time zone."""

from server.auth.routes import blp

__all__ = ["blp"]
