"""Accounts: sign up, sign in, sign out, who am I, time zone. The account's later life
(password, email, forgotten password, deletion) is in server/auth/account.py."""

from server.auth.routes import blp

__all__ = ["blp"]
