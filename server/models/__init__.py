"""SQLAlchemy 2.0 typed models, one module per capability.

Importing this package registers every table on the metadata (Alembic needs them all).
"""

from server.models.user import SignInFailure, User

__all__ = ["SignInFailure", "User"]
