"""Parsing Day One and Daylio exports (pure: no database)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from server.core.imports import ImportRefused, daylio, dayone

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def by_prefix(parsed: dayone.Parsed, text: str) -> dayone.Entry:
    return next(entry for entry in parsed.entries if entry.text.startswith(text))


def test_day_one_entries_become_wins_on_their_own_local_days() -> None:
    parsed = dayone.from_json(read("dayone-journal.json"), day_start_hour=0)
    assert len(parsed.entries) == 12
    assert sum(entry.starred for entry in parsed.entries) == 4
    # 02:40 UTC on 11 Nov is 21:40 on 10 Nov in New York.
    assert by_prefix(parsed, "Called Priya").local_day == date(2026, 11, 10)
    assert by_prefix(parsed, "Dishes done").local_day == date(2026, 11, 14)
    assert by_prefix(parsed, "Repotted").local_day == date(2026, 11, 15)
    assert "Small Wins" in by_prefix(parsed, "Sent the email").tags
    assert by_prefix(parsed, "Ten minutes").tags == ()


def test_day_starts_at_moves_a_late_entry_but_not_an_all_day_one() -> None:
    parsed = dayone.from_json(read("dayone-journal.json"), day_start_hour=4)
    assert by_prefix(parsed, "Dishes done").local_day == date(2026, 11, 13)
    assert by_prefix(parsed, "Repotted").local_day == date(2026, 11, 15)


def test_markdown_escapes_are_undone_commonmark_style() -> None:
    parsed = dayone.from_json(read("dayone-journal.json"), day_start_hour=4)
    soup = by_prefix(parsed, "Lentil soup night")
    assert soup.note is not None and "\\" not in soup.note
    assert "Cooked a **proper** dinner for the first time this week." in soup.note
    priya = by_prefix(parsed, "Called Priya")
    assert "(only three weeks late)." in (priya.note or "")
    assert dayone.unescape(r"a\.b \-c \\ d \q") == r"a.b -c \ d \q"


def test_missing_media_is_a_warning_not_a_failure() -> None:
    parsed = dayone.from_json(read("dayone-journal.json"), day_start_hour=4)
    assert any("photo" in warning for warning in parsed.warnings)
    walked = by_prefix(parsed, "Walked to the office")
    assert "dayone-moment" not in (walked.note or "")


def test_day_one_zip_is_read_and_ids_are_stable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Journal.json", read("dayone-journal.json"))
    from_zip = dayone.from_zip(buffer.getvalue(), day_start_hour=4)
    from_json = dayone.from_json(read("dayone-journal.json"), day_start_hour=4)
    assert [e.id for e in from_zip.entries] == [e.id for e in from_json.entries]


@pytest.mark.parametrize(
    "raw",
    [
        read("dayone-broken.json"),
        b'{"entries": "no"}',
        b'{"metadata": {}, "entries": [{"uuid": "A", "creationDate": "yesterday"}]}',
        b"PK\x03\x04 not really a zip",
        b"[" * 100_000,
    ],
)
def test_broken_day_one_files_are_refused(raw: bytes) -> None:
    with pytest.raises(ImportRefused):
        if raw.startswith(b"PK"):
            dayone.from_zip(raw, 4)
        else:
            dayone.from_json(raw, 4)


def test_daylio_rows_become_wins_in_the_persons_zone() -> None:
    parsed = daylio.parse(read("daylio-export.csv"), "Europe/Berlin", 4)
    assert len(parsed.entries) == 16
    lisbon = next(e for e in parsed.entries if e.text == "Lisbon stairs")
    assert lisbon.happened_at.isoformat() == "2026-11-21T17:40:00+00:00"  # 18:40 Berlin
    assert lisbon.local_day == date(2026, 11, 21)
    assert {"walk", "travel", "friends", "mood: rad"} <= set(lisbon.tags)
    assert lisbon.note is not None and lisbon.note.startswith("Climbed")
    assert any("mood: proud" in e.tags for e in parsed.entries)
    pasta = next(e for e in parsed.entries if "pasta" in e.text)
    assert '"the good"' in pasta.text
    for entry in parsed.entries:
        assert "<" not in entry.text and "<br" not in (entry.note or "")


def test_daylio_times_12_and_24_hour() -> None:
    header = "full_date,date,weekday,time,mood,activities,note_title,note\n"
    rows = [
        '2026-11-02,x,Monday,12:12 AM,good,"","Just after midnight",""',
        '2026-11-02,x,Monday,12:05 pm,good,"","Noon",""',
        '2026-11-02,x,Monday,14:03,good,"","Afternoon",""',
    ]
    parsed = daylio.parse((header + "\n".join(rows)).encode(), "UTC", 4)
    hours = {e.text: (e.happened_at.hour, e.happened_at.minute) for e in parsed.entries}
    assert hours == {"Just after midnight": (0, 12), "Noon": (12, 5), "Afternoon": (14, 3)}
    midnight = next(e for e in parsed.entries if e.text == "Just after midnight")
    assert midnight.local_day == date(2026, 11, 1)  # the day starts at 04:00


def test_daylio_html_becomes_text() -> None:
    assert daylio.html_to_text("one<br>two <b>bold</b> &amp; more") == "one\ntwo bold & more"


def test_daylio_wrong_header_is_refused_with_what_is_missing() -> None:
    with pytest.raises(ImportRefused, match="full_date"):
        daylio.parse(read("daylio-wrong-header.csv"), "UTC", 4)
