"""Which new passwords to refuse: very common ones, and the email address itself.

Pure: the caller passes the list of common passwords (server/auth loads a bundled one).
Length limits live in the sign-up schema; this only catches passwords that are long enough
but still the first things an attacker tries.
"""

from __future__ import annotations

import re
from collections.abc import Container

COMMON = (
    "That's one of the most used passwords, so it's easy to guess. "
    "A few words you'll remember work well."
)
EMAIL = "Please pick a password that isn't your email address."

_NOT_ALNUM = re.compile(r"[\W_]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")


def password_problem(password: str, email: str, common: Container[str]) -> str | None:
    """A kind message saying why `password` is refused, or None when it is fine."""
    folded = password.casefold()
    # "Password 123!" is "password123" to anyone guessing: compare without the decoration.
    if folded in common or _NOT_ALNUM.sub("", folded) in common:
        return COMMON
    address = email.casefold()
    local = address.partition("@")[0]
    if address in folded or folded in address:
        return EMAIL
    # "ana.smith" + "2024!" is still the email: refuse when nothing but digits and symbols
    # are left once the name part is taken out.
    if len(local) >= 3 and local in folded and not _NOT_LETTER.sub("", folded.replace(local, "")):
        return EMAIL
    return None
