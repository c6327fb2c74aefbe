"""Export and import through the API: streamed exports, lossless round trip, all or nothing."""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from server.extensions import db
from server.models import Win
from tests.api.sharing import add_win, stamp, sync, user_id_of
from tests.factories import ApiClient

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
REFLECTION_NS = uuid.UUID("c2a7e0f4-61b9-4d5e-8a3c-7f1d2e9b0a64")


def upload(api: ApiClient, raw: bytes, name: str = "file") -> Any:
    # Encoded here, in memory: the test client would spool a large body to a temporary file
    # that it never closes (a ResourceWarning, an error under our warning filter).
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(raw), name)})
    content_type = f"multipart/form-data; boundary={boundary}"
    return api.post("/api/v1/data/import", None, data=body, content_type=content_type)


def export(api: ApiClient, kind: str = "json") -> Any:
    response = api.get(f"/api/v1/data/export/{kind}")
    assert response.status_code == 200
    assert response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    return response


def win_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Win)) or 0)


def some_data(api: ApiClient) -> None:
    add_win(api, "Walked =1+1 to the river", tags=["walk", "Outside"], energy=4, starred=True)
    add_win(api, "Wrote *two* pages\\", note="line one\nline two", day="2026-11-22")
    reflection = {"week": "2026-W47", "meaningful": "Quiet mornings", "patterns": "Walks"}
    rid = str(uuid.uuid5(REFLECTION_NS, f"{user_id_of(api)}:2026-W47"))
    sync(
        api,
        [
            {
                "id": 500,
                "collection": "reflections",
                "record_id": rid,
                "fields": reflection,
                "hlc": stamp(),
            }
        ],
    )


def without_ids(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(
        json.dumps({k: v for k, v in r.items() if k != "id"}, sort_keys=True) for r in rows
    )


def collections_of(api: ApiClient) -> dict[str, Any]:
    return json.loads(export(api).get_data(as_text=True))["collections"]


def test_json_export_holds_every_collection(user_api: ApiClient, app: Flask) -> None:
    some_data(user_api)
    data = json.loads(export(user_api).get_data(as_text=True))
    assert data["format"] == "small-wins" and data["preferences"]["time_zone"] == "Europe/Berlin"
    with app.app_context():
        names = set(app.extensions["collections"]._by_name)
    assert set(data["collections"]) == names
    assert len(data["collections"]["wins"]) == 2
    assert data["collections"]["reflections"][0]["meaningful"] == "Quiet mornings"


def test_round_trip_into_another_account_is_identical(app: Flask, user_api: ApiClient) -> None:
    some_data(user_api)
    before = collections_of(user_api)
    raw = export(user_api).get_data()
    other = ApiClient(app.test_client())
    other.sign_up(time_zone="America/New_York")
    report = upload(other, raw, "small-wins.json")
    assert report.status_code == 200, report.get_json()
    after = collections_of(other)
    for name in ("wins", "intentions", "reflections", "reminders"):
        assert without_ids(after[name]) == without_ids(before[name]), name
    assert sorted(w["id"] for w in after["wins"]) == sorted(w["id"] for w in before["wins"])
    # The week's reflection is the new account's own record for that week.
    other_id = str(uuid.uuid5(REFLECTION_NS, f"{user_id_of(other)}:2026-W47"))
    assert [r["id"] for r in after["reflections"]] == [other_id]
    me = other.get("/api/v1/auth/me").get_json()["user"]
    assert me["time_zone"] == "Europe/Berlin"


def test_importing_twice_adds_nothing_and_reaches_devices(app: Flask, user_api: ApiClient) -> None:
    raw = (FIXTURES / "dayone-journal.json").read_bytes()
    first = upload(user_api, raw).get_json()
    assert first["added"] == 12 and first["warnings"]
    second = upload(user_api, raw).get_json()
    assert second["added"] == 0 and second["already_here"] == 12
    assert win_count(app) == 12
    # A device pulling from scratch gets them: they entered through sync.
    pulled = sync(user_api, [])
    wins = [c for c in pulled["changes"] if c["collection"] == "wins"]
    assert len(wins) == 12


def test_daylio_import_reports_what_was_mapped(user_api: ApiClient, app: Flask) -> None:
    report = upload(user_api, (FIXTURES / "daylio-export.csv").read_bytes(), "daylio.csv")
    body = report.get_json()
    assert report.status_code == 200, body
    assert body["source"] == "Daylio" and body["added"] == 16
    assert any("activities" in line for line in body["mapped"])
    assert upload(user_api, (FIXTURES / "daylio-export.csv").read_bytes()).get_json()["added"] == 0


def big_json(count: int) -> bytes:
    entries = [
        {
            "uuid": f"{n:032X}",
            "creationDate": "2026-11-01T10:00:00Z",
            "timeZone": "UTC",
            "text": "x",
        }
        for n in range(count)
    ]
    return json.dumps({"metadata": {}, "entries": entries}).encode()


def native_with(record: dict[str, Any]) -> bytes:
    return json.dumps(
        {"format": "small-wins", "version": 1, "preferences": {}, "collections": {"wins": [record]}}
    ).encode()


GOOD_WIN = {
    "id": str(uuid.uuid4()),
    "text": "ok",
    "happened_at": "2026-11-01T10:00:00Z",
    "local_day": "2026-11-01",
}
MALFORMED = {
    "empty": b"",
    "broken day one": (FIXTURES / "dayone-broken.json").read_bytes(),
    "wrong daylio header": (FIXTURES / "daylio-wrong-header.csv").read_bytes(),
    "unknown json": b'{"hello": "world"}',
    "binary": bytes(range(256)),
    "bad zip": b"PK\x03\x04garbage",
    "newer version": b'{"format": "small-wins", "version": 99, "collections": {}}',
    "NUL in text": native_with({**GOOD_WIN, "text": "a\u0000b"}),
    "lone surrogate": native_with({**GOOD_WIN, "text": "\ud800"}),
    "huge energy": native_with({**GOOD_WIN, "energy": 10**40}),
    "bad id": native_with({**GOOD_WIN, "id": "not-a-uuid"}),
    "too long": native_with({**GOOD_WIN, "text": "x" * 501}),
    "deep nesting": b"[" * 50_000,
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_imports_are_400_and_write_nothing(
    name: str, user_api: ApiClient, app: Flask
) -> None:
    good = json.dumps(GOOD_WIN)  # one valid record before the bad one: all or nothing
    raw = MALFORMED[name]
    if raw.startswith(b'{"format"') and b'collections": {"wins"' in raw:
        raw = raw.replace(b'"wins": [', b'"wins": [' + good.encode() + b", ")
    response = upload(user_api, raw)
    assert response.status_code == 400, (name, response.get_json())
    assert response.get_json()["message"]
    assert win_count(app) == 0


def test_oversized_import_is_400(user_api: ApiClient, app: Flask) -> None:
    app.config["IMPORT_MAX_BYTES"] = 1000
    response = upload(user_api, big_json(50))
    assert response.status_code == 400
    assert "larger" in response.get_json()["message"]
    assert win_count(app) == 0


def test_another_users_ids_stay_theirs(app: Flask, user_api: ApiClient) -> None:
    theirs = add_win(user_api, "Theirs")
    other = ApiClient(app.test_client())
    other.sign_up()
    response = upload(other, native_with({**GOOD_WIN, "id": theirs, "text": "Overwritten?"}))
    assert response.status_code == 200
    assert [w["text"] for w in collections_of(user_api)["wins"]] == ["Theirs"]


def test_csv_and_markdown_exports(user_api: ApiClient) -> None:
    some_data(user_api)
    text = export(user_api, "csv").get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2
    walked = next(r for r in rows if "river" in r["text"])
    assert walked["tags"] == "walk; Outside" and walked["starred"] == "yes"
    markdown = export(user_api, "markdown").get_data(as_text=True)
    assert markdown.index("## 2026-11-22") < markdown.index("## 2026-11-23")
    assert "Wrote \\*two\\* pages\\\\" in markdown
    assert "  line two" in markdown


def test_exports_need_an_account(api: ApiClient) -> None:
    assert api.get("/api/v1/data/export/json").status_code == 401


def test_a_file_larger_than_the_api_limit_but_within_the_import_limit(
    user_api: ApiClient, app: Flask
) -> None:
    entries = [
        {
            "uuid": f"{n:032X}",
            "creationDate": "2026-11-01T10:00:00Z",
            "timeZone": "UTC",
            "text": f"Entry {n}\n\n" + "words " * 150,
        }
        for n in range(1500)
    ]
    raw = json.dumps({"metadata": {}, "entries": entries}).encode()
    assert len(raw) > app.config["MAX_CONTENT_LENGTH"]
    response = upload(user_api, raw)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["added"] == 1500
    assert win_count(app) == 1500
