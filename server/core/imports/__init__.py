"""Reading other apps' exports (and our own) into plain entries. Standard library only: the
server layer (server/data/importer.py) turns entries into records and writes them through
sync, all or nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

MAX_TEXT, MAX_NOTE, MAX_TAG, MAX_TAGS = 500, 1000, 32, 10
MAX_ENTRIES = 20_000
# Fixed forever: an imported entry's id is uuid5(namespace, "<source>:<its id>"), so importing
# the same file twice finds the same records instead of making copies.
IMPORT_NAMESPACE = uuid.UUID("5e0b3c7a-9d14-4f2e-b8a6-2c71d4e9f035")


class ImportRefused(ValueError):
    """The file as a whole cannot be imported; the message is shown to the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Entry:
    """One entry from another app, as a win."""

    id: str
    text: str
    happened_at: datetime
    local_day: date
    tags: tuple[str, ...] = ()
    starred: bool = False
    note: str | None = None


@dataclass
class Parsed:
    source: str  # "Day One", "Daylio"
    entries: list[Entry] = field(default_factory=list)
    mapped: list[str] = field(default_factory=list)  # what became what, for the report
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def entry_id(source: str, source_id: str) -> str:
    return str(uuid.uuid5(IMPORT_NAMESPACE, f"{source}:{source_id}"))


def split_text(body: str, warnings: list[str], where: str) -> tuple[str, str | None]:
    """A win is one short line: the first line becomes the text, the rest the note. Longer
    than our limits is shortened, and the report says so."""
    lines = [line.rstrip() for line in body.strip().splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "", None
    text = lines[0].lstrip("#").strip() or lines[0].strip()
    note = "\n".join(lines[1:]).strip() or None
    if len(text) > MAX_TEXT:
        text, note = text[: MAX_TEXT - 1] + "…", (text + ("\n" + note if note else ""))
    if note is not None and len(note) > MAX_NOTE:
        note = note[: MAX_NOTE - 1] + "…"
        warnings.append(f"{where} was longer than a note holds, so it was shortened.")
    return text, note


def clean_tags(tags: list[str], warnings: list[str], where: str) -> tuple[str, ...]:
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        text = " ".join(tag.split())[:MAX_TAG]
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            result.append(text)
    if len(result) > MAX_TAGS:
        warnings.append(f"{where} had more than {MAX_TAGS} tags; the first {MAX_TAGS} were kept.")
    return tuple(result[:MAX_TAGS])
