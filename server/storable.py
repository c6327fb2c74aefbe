"""Text the database can store, checked once where it comes in.

JSON can spell strings no database keeps. A lone UTF-16 surrogate ("\\ud800") is not a
Unicode character, so it has no UTF-8 form, and SQLite and PostgreSQL both store UTF-8;
PostgreSQL also refuses NUL ("\\u0000") in text and jsonb. Left to the database, such a string
fails deep inside a write as a 500, and inside a sync batch it fails on every retry, so one
bad win would hold a device's whole outbox back for good. NUL is refused on SQLite too: one
rule everywhere, so whatever one server accepts, any other would.

`unstorable_messages` walks decoded JSON (object keys and values, at any depth) without
recursion (a body can be nested hundreds deep) and answers field messages shaped like
marshmallow's, or None when everything can be stored. Two boundaries use it: every JSON
body (server.errors.ValidationParser), and each sync mutation's fields (server.sync.store),
where a bad mutation is rejected on its own so the rest of the outbox flows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# NUL, and the whole surrogate range: a correctly paired surrogate never reaches here, since
# json.loads joins a "\ud83d\ude00" pair into one character.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MESSAGE = "This has a character we can't save. Please retype it."
KEY_MESSAGE = "This field's name has a character we can't save."
# Enough to find the problem; a megabyte of bad strings should not become megabytes of errors.
MAX_PROBLEMS = 20

FieldPath = tuple[str | int, ...]


def is_storable(text: str) -> bool:
    if text.isascii():  # O(1) in CPython, and most text is: then only NUL can be wrong
        return "\x00" not in text
    return _UNSTORABLE.search(text) is None


def storable(text: str) -> str:
    """The text with each unstorable character replaced by U+FFFD, for naming it back."""
    return _UNSTORABLE.sub("\ufffd", text)


def unstorable_messages(value: Any, skip: Iterable[str] = ()) -> dict[str | int, Any] | None:
    """Field messages for every unstorable string in `value`, or None if there are none.

    `skip` names top-level keys whose values someone else checks (sync mutations)."""
    skip = frozenset(skip)
    if _all_storable(value, skip):
        return None
    problems = _problems(value, skip)
    messages: dict[str | int, Any] = {}
    for path, message in problems:
        if not path:  # the body itself is a bad string
            path = ("_body",)
        node: Any = messages
        for step in path[:-1]:
            node = node.setdefault(step, {})
            if not isinstance(node, dict):  # a renamed key collided with a real one
                break
        else:
            leaf = node.setdefault(path[-1], [])
            if isinstance(leaf, list) and message not in leaf:
                leaf.append(message)
    return messages


def _all_storable(value: Any, skip: frozenset[str]) -> bool:
    """The common answer, fast: no paths built (sync checks every mutation with this)."""
    if skip and type(value) is dict:
        value = {key: child for key, child in value.items() if key not in skip}
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)  # json.loads makes exactly these types, never subclasses
        if kind is str:
            if not is_storable(item):
                return False
        elif kind is dict:
            if not all(map(is_storable, item)):
                return False
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
    return True


def _problems(value: Any, skip: frozenset[str]) -> list[tuple[FieldPath, str]]:
    found: list[tuple[FieldPath, str]] = []
    stack: list[tuple[FieldPath, Any]] = [((), value)]
    while stack and len(found) < MAX_PROBLEMS:
        path, item = stack.pop()
        if isinstance(item, str):
            if not is_storable(item):
                found.append((path, MESSAGE))
        elif isinstance(item, dict):
            for key, child in item.items():
                if not path and key in skip:
                    continue
                if not is_storable(key):
                    # Named back in a form that can itself be stored and shown.
                    found.append(((*path, storable(key)), KEY_MESSAGE))
                else:
                    stack.append(((*path, key), child))
        elif isinstance(item, list):
            stack.extend(((*path, index), child) for index, child in enumerate(item))
    return found
