"""Sharing one thing with one person: unguessable links, only what was shared, revocable."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask

from server.extensions import db
from server.models import Share, WeeklySummary
from server.models.types import utcnow
from server.reflections.schemas import reflection_id
from server.shares.store import token_hash
from server.summaries.store import summary_id
from tests.api.sharing import add_win, stamp, sync, user_id_of
from tests.factories import ApiClient


def share(api: ApiClient, **body: object) -> dict:
    response = api.post("/api/v1/shares", {"recipient": "my coach", **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def token_of(url: str) -> str:
    match = re.search(r"/s/([A-Za-z0-9_-]+)$", url)
    assert match is not None, url
    return match.group(1)


def test_a_shared_win_shows_only_that_win(user_api: ApiClient, app: Flask) -> None:
    shared = add_win(user_api, "Walked to the river", note="cold but lovely", tags=["walk"])
    add_win(user_api, "Secret other win")
    created = share(user_api, kind="win", win_id=shared)
    token = token_of(created["url"])
    assert len(token) >= 43  # 256 bits, base64url

    page = user_api.client.get(f"/s/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Walked to the river" in html and "cold but lovely" in html
    assert "Secret other win" not in html
    assert user_api.email not in html
    assert "my coach" in html
    assert page.headers["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "<script" not in html


def test_only_the_hash_of_the_token_is_stored(user_api: ApiClient, app: Flask) -> None:
    created = share(user_api, kind="win", win_id=add_win(user_api, "A win"))
    token = token_of(created["url"])
    with app.app_context():
        row = db.session.get(Share, created["id"])
        assert row is not None
        assert row.token_hash == token_hash(token) and token not in row.token_hash


def test_tokens_are_not_guessable_or_enumerable(user_api: ApiClient) -> None:
    win = add_win(user_api, "A win")
    tokens = {token_of(share(user_api, kind="win", win_id=win)["url"]) for _ in range(5)}
    assert len(tokens) == 5
    token = next(iter(tokens))
    # A neighbouring token, the share id, or a prefix open nothing.
    neighbour = token[:-1] + ("A" if token[-1] != "A" else "B")
    for guess in (neighbour, token[:20], "x" * 43):
        assert user_api.client.get(f"/s/{guess}").status_code == 404
    listed = user_api.get("/api/v1/shares").get_json()["shares"][0]
    assert user_api.client.get(f"/s/{listed['id']}").status_code == 404


def test_a_day_share_is_fixed_to_the_wins_it_had(user_api: ApiClient) -> None:
    add_win(user_api, "Morning pages", day="2026-11-20")
    add_win(user_api, "Another day's win", day="2026-11-21")
    token = token_of(share(user_api, kind="day", day="2026-11-20")["url"])
    add_win(user_api, "Added later", day="2026-11-20")
    html = user_api.client.get(f"/s/{token}").get_data(as_text=True)
    assert "Morning pages" in html
    assert "Another day" not in html and "Added later" not in html


def test_revoked_answers_404_at_once(user_api: ApiClient) -> None:
    created = share(user_api, kind="win", win_id=add_win(user_api, "A win"))
    token = token_of(created["url"])
    assert user_api.client.get(f"/s/{token}").status_code == 200
    assert user_api.delete(f"/api/v1/shares/{created['id']}").status_code == 204
    assert user_api.client.get(f"/s/{token}").status_code == 404
    assert user_api.get("/api/v1/shares").get_json()["shares"] == []


def test_expired_answers_404(user_api: ApiClient, app: Flask) -> None:
    created = share(user_api, kind="win", win_id=add_win(user_api, "A win"), expires_in_days=1)
    token = token_of(created["url"])
    with app.app_context():
        row = db.session.get(Share, created["id"])
        assert row is not None and row.expires_at is not None
        row.expires_at = row.expires_at - timedelta(days=2)
        db.session.commit()
    assert user_api.client.get(f"/s/{token}").status_code == 404
    assert user_api.get("/api/v1/shares").get_json()["shares"] == []


def test_a_deleted_win_leaves_the_page(user_api: ApiClient) -> None:
    win = add_win(user_api, "Soon gone")
    token = token_of(share(user_api, kind="win", win_id=win)["url"])
    mutation = {"id": 999, "collection": "wins", "record_id": win, "fields": {"deleted": True}}
    sync(user_api, [{**mutation, "hlc": stamp(1)}])
    assert user_api.client.get(f"/s/{token}").status_code == 404


def test_another_person_cannot_list_or_revoke(app: Flask, user_api: ApiClient) -> None:
    created = share(user_api, kind="win", win_id=add_win(user_api, "Mine"))
    other = ApiClient(app.test_client())
    other.sign_up()
    assert other.get("/api/v1/shares").get_json()["shares"] == []
    assert other.delete(f"/api/v1/shares/{created['id']}").status_code == 404
    assert user_api.client.get(f"/s/{token_of(created['url'])}").status_code == 200
    # Nor share someone else's win by its id.
    mine = add_win(user_api, "Not yours")
    response = other.post("/api/v1/shares", {"recipient": "x", "kind": "win", "win_id": mine})
    assert response.status_code == 400


def test_bad_share_requests_are_400(user_api: ApiClient) -> None:
    win = add_win(user_api, "A win")
    bad = [
        {"kind": "win"},
        {"kind": "feed", "win_id": win},
        {"kind": "win", "win_id": win, "recipient": ""},
        {"kind": "win", "win_id": win, "recipient": "a\x00b"},
        {"kind": "win", "win_id": win, "recipient": "\ud800"},
        {"kind": "win", "win_id": win, "expires_in_days": 10**30},
        {"kind": "win", "win_id": win, "expires_in_days": True},
        {"kind": "day", "day": "2026-02-30"},
        {"kind": "week", "week": "2026-W60"},
        {"kind": "week", "week": "2026-W40"},  # no review yet
    ]
    for body in bad:
        response = user_api.post("/api/v1/shares", {"recipient": "coach", **body})
        assert response.status_code == 400, (body, response.get_json())
        assert {"error", "message"} <= response.get_json().keys()


def test_shared_pages_are_rate_limited_per_address(app: Flask, user_api: ApiClient) -> None:
    app.config["SHARE_VIEWS_PER_ADDRESS"] = 3
    token = token_of(share(user_api, kind="win", win_id=add_win(user_api, "A win"))["url"])
    codes = [user_api.client.get(f"/s/{token}").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = user_api.client.get(f"/s/{token}", environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_signed_out_cannot_share(api: ApiClient) -> None:
    assert api.get("/api/v1/shares").status_code == 401


def _summary(app: Flask, user_id: str, week: str, highlights: list[str]) -> None:
    data = {"wins": 3, "active_days": 2, "highlights": [{"id": "x", "text": t} for t in highlights]}
    with app.app_context():
        db.session.add(
            WeeklySummary(
                id=summary_id(user_id, week),
                user_id=user_id,
                server_seq=10_000,
                week=week,
                week_start=date(2026, 11, 16),
                week_end=date(2026, 11, 22),
                data=data,
                computed_at=utcnow(),
            )
        )
        db.session.commit()


def test_a_week_shows_the_reflection_only_when_asked(app: Flask, user_api: ApiClient) -> None:
    user_id = user_id_of(user_api)
    _summary(app, user_id, "2026-W47", ["Ran 5k"])
    answers = {"week": "2026-W47", "meaningful": "Slow mornings", "patterns": "Walks help"}
    sync(
        user_api,
        [
            {
                "id": 700,
                "collection": "reflections",
                "record_id": reflection_id(user_id, "2026-W47"),
                "fields": answers,
                "hlc": stamp(2),
            }
        ],
    )
    without = token_of(share(user_api, kind="week", week="2026-W47")["url"])
    html = user_api.client.get(f"/s/{without}").get_data(as_text=True)
    assert "3 small wins on 2 days" in html and "Ran 5k" in html
    assert "Slow mornings" not in html
    with_it = token_of(share(user_api, kind="week", week="2026-W47", with_reflection=True)["url"])
    html = user_api.client.get(f"/s/{with_it}").get_data(as_text=True)
    assert "Slow mornings" in html and "Walks help" in html
    assert user_api.email not in html
