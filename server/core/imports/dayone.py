"""Day One's JSON export (the ZIP it downloads as, or the JSON inside it).

Entries become wins on their own local day: `creationDate` (UTC) seen in the entry's
`timeZone`. Markdown escapes are undone CommonMark-style (a backslash goes only before ASCII
punctuation, and nothing else changes). Media are not imported; a referenced file missing from
the ZIP is a warning, never a failure."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

from server.core.days import is_valid_time_zone, local_day, zone
from server.core.imports import (
    MAX_ENTRIES,
    Entry,
    ImportRefused,
    Parsed,
    clean_tags,
    entry_id,
    split_text,
)

SOURCE = "dayone"
MAX_UNZIPPED = 50 * 1024 * 1024
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MEDIA = re.compile(r"!\[[^\]]*\]\(dayone-moment:/{1,2}(?:[A-Za-z]+/)?([0-9A-Fa-f]{32})\)")


def unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("entries"), list) and "metadata" in data


def from_zip(raw: bytes, day_start_hour: int) -> Parsed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = archive.namelist()
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
            raise ImportRefused("This ZIP unpacks to more than we can take in one go.")
        journals = [n for n in names if n.lower().endswith(".json") and "/" not in n.strip("/")]
        if not journals:
            raise ImportRefused("This ZIP has no Day One journal (.json) in it.")
        media = {n.rsplit("/", 1)[-1].split(".")[0].lower() for n in names if "/" in n}
        parsed = Parsed("Day One")
        for name in journals:
            data = _load(archive.read(name))
            _entries(data, day_start_hour, parsed, media)
    except zipfile.BadZipFile as error:
        raise ImportRefused("This ZIP file is damaged, so nothing was imported.") from error
    return parsed


def from_json(raw: bytes | Any, day_start_hour: int) -> Parsed:
    data = _load(raw) if isinstance(raw, bytes) else raw
    parsed = Parsed("Day One")
    _entries(data, day_start_hour, parsed, None)
    return parsed


def _load(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ImportRefused("This Day One file is damaged, so nothing was imported.") from error


def _entries(data: Any, day_start_hour: int, parsed: Parsed, media: set[str] | None) -> None:
    if not looks_like(data):
        raise ImportRefused("This doesn't look like a Day One export.")
    entries = data["entries"]
    if len(entries) + len(parsed.entries) > MAX_ENTRIES:
        raise ImportRefused(f"That's more than {MAX_ENTRIES} entries in one go.")
    for n, item in enumerate(entries, start=1):
        where = f"Day One entry {n}"
        if not isinstance(item, dict):
            raise ImportRefused(f"{where} isn't an entry.")
        entry = _entry(item, day_start_hour, parsed, media, where)
        if entry is not None:
            parsed.entries.append(entry)
    parsed.mapped = [
        "entries → wins (first line is the win, the rest its note)",
        "tags → tags",
        "starred → starred",
    ]


def _entry(
    item: dict[str, Any], day_start_hour: int, parsed: Parsed, media: set[str] | None, where: str
) -> Entry | None:
    source_id, created, zone_name = item.get("uuid"), item.get("creationDate"), item.get("timeZone")
    if not isinstance(source_id, str) or not source_id or len(source_id) > 64:
        raise ImportRefused(f"{where} has no id.")
    try:
        happened = datetime.strptime(str(created), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError as error:
        raise ImportRefused(f"{where} has a date we can't read.") from error
    if not isinstance(zone_name, str) or not is_valid_time_zone(zone_name):
        parsed.warnings.append(f"{where} had no time zone we know; UTC was used.")
        zone_name = "UTC"
    body = item.get("text")
    if not isinstance(body, str):
        body = ""
    for identifier in _MEDIA.findall(body):
        if media is None or not _has_media(item, identifier, media):
            missing = "has a photo or file we couldn't find; its words came in without it."
            parsed.warnings.append(f"{where} {missing}")
    body = unescape(_MEDIA.sub("", body))
    text, note = split_text(body, parsed.warnings, where)
    if not text:
        parsed.skipped.append(f"{where} has no text.")
        return None
    if item.get("isAllDay") is True:
        # Stored at local midnight: the day is the calendar day, whatever "day starts at" is.
        day = happened.astimezone(zone(zone_name)).date()
    else:
        day = local_day(happened, zone_name, day_start_hour)
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    return Entry(
        id=entry_id(SOURCE, source_id.upper()),
        text=text,
        happened_at=happened,
        local_day=day,
        tags=clean_tags([t for t in tags if isinstance(t, str)], parsed.warnings, where),
        starred=item.get("starred") is True,
        note=note,
    )


def _has_media(item: dict[str, Any], identifier: str, media: set[str]) -> bool:
    for kind in ("photos", "videos", "audios", "pdfAttachments"):
        for medium in item.get(kind) or []:
            if isinstance(medium, dict) and str(medium.get("identifier", "")).upper() == (
                identifier.upper()
            ):
                return str(medium.get("md5", "")).lower() in media
    return False
