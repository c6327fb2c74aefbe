"""Daylio's CSV export: columns matched by name (extra ones ignored), a BOM allowed, 12- or
24-hour times read in the person's zone, activities → tags, the mood kept as a tag, the
light HTML of notes turned into text."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, datetime, time
from html.parser import HTMLParser

from server.core.days import local_day, zone
from server.core.imports import (
    MAX_ENTRIES,
    Entry,
    ImportRefused,
    Parsed,
    clean_tags,
    entry_id,
    split_text,
)

SOURCE = "daylio"
COLUMNS = ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note")
TIME_FORMATS = ("%I:%M %p", "%I:%M%p", "%H:%M")


class _Text(HTMLParser):
    BREAKS = frozenset({"br", "p", "div", "li"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(value: str) -> str:
    parser = _Text()
    parser.feed(value)
    parser.close()
    lines = "".join(parser.parts).splitlines()
    return "\n".join(line.strip() for line in lines).strip()


def header_of(text: str) -> list[str]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return [name.strip() for name in next(csv.reader([first]), [])]


def looks_like(text: str) -> bool:
    return "full_date" in header_of(text)


def parse(raw: bytes, time_zone: str, day_start_hour: int) -> Parsed:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused("This CSV isn't UTF-8 text, so nothing was imported.") from error
    missing = [name for name in COLUMNS if name not in header_of(text)]
    if missing:
        raise ImportRefused(
            "This doesn't look like a Daylio CSV export (it lacks " + ", ".join(missing) + ")."
        )
    parsed = Parsed("Daylio")
    seen: Counter[str] = Counter()
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportRefused("This CSV is damaged, so nothing was imported.") from error
    if len(rows) > MAX_ENTRIES:
        raise ImportRefused(f"That's more than {MAX_ENTRIES} entries in one go.")
    for n, row in enumerate(rows, start=2):
        where = f"Daylio row {n}"
        if None in row or any(row.get(name) is None for name in COLUMNS):
            raise ImportRefused(f"{where} doesn't have the same columns as the header.")
        entry = _entry(row, time_zone, day_start_hour, parsed, where, seen)
        if entry is not None:
            parsed.entries.append(entry)
    parsed.mapped = [
        "each row → a win (the note's title or first line is the win)",
        "activities → tags",
        "mood → a tag like “mood: good”",
    ]
    return parsed


def _moment(row: dict[str, str], time_zone: str, where: str) -> datetime:
    try:
        day = date.fromisoformat(row["full_date"].strip())
    except ValueError as error:
        raise ImportRefused(f"{where} has a date we can't read.") from error
    clock = row["time"].strip().upper()
    for form in TIME_FORMATS:
        try:
            at = datetime.strptime(clock, form).time()
            break
        except ValueError:
            continue
    else:
        raise ImportRefused(f"{where} has a time we can't read.")
    return datetime.combine(day, time(at.hour, at.minute), tzinfo=zone(time_zone))


def _entry(
    row: dict[str, str],
    time_zone: str,
    day_start_hour: int,
    parsed: Parsed,
    where: str,
    seen: Counter[str],
) -> Entry | None:
    moment = _moment(row, time_zone, where)
    mood = " ".join(row["mood"].split())
    activities = [a.strip() for a in row["activities"].split("|") if a.strip()]
    title = html_to_text(row["note_title"])
    note = html_to_text(row["note"])
    body = "\n".join(part for part in (title, note) if part)
    text, rest = split_text(body, parsed.warnings, where)
    if not text:
        text = f"Felt {mood}" if mood else "A Daylio entry"
        if activities:
            text += ": " + ", ".join(activities)
    # Rows carry no id: the row's own content names it, and a repeat of an identical row in
    # the same file gets its own number, so re-importing finds the same records.
    key = "|".join(row[name] for name in COLUMNS)
    seen[key] += 1
    tags = [*([f"mood: {mood}"] if mood else []), *activities]
    return Entry(
        id=entry_id(SOURCE, f"{key}#{seen[key]}"),
        text=text[:500],
        happened_at=moment.astimezone(zone("UTC")),
        local_day=local_day(moment, time_zone, day_start_hour),
        tags=clean_tags(tags, parsed.warnings, where),
        note=rest,
    )
