"""Sessions that really end: the cookie names a server-side row that sign-out deletes."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from server.auth.sessions import LAST_SEEN_EVERY, revoke_all_sessions, revoke_session
from server.extensions import db
from server.models import UserSession
from server.models.types import utcnow
from tests.factories import ApiClient

COOKIE = "smallwins_session"


def sync_body() -> dict:
    return {"client_id": str(uuid.uuid4()), "schema_version": 1, "cursor": 0, "mutations": []}


def copy_of(api: ApiClient, app: Flask) -> ApiClient:
    """Another browser holding a copy of `api`'s cookie and CSRF token (a stolen cookie)."""
    thief = ApiClient(app.test_client())
    thief.client.set_cookie(COOKIE, api.client.get_cookie(COOKIE).value)
    thief._csrf = api.csrf
    return thief


def cookie_contents(api: ApiClient, app: Flask) -> dict:
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(api.client.get_cookie(COOKIE).value)


def session_rows(app: Flask) -> list[UserSession]:
    with app.app_context():
        rows = db.session.scalars(sa.select(UserSession)).all()
        db.session.expunge_all()
        return list(rows)


def test_a_cookie_copied_before_sign_out_is_refused_after_it(user_api: ApiClient, app: Flask):
    thief = copy_of(user_api, app)
    assert thief.get("/api/v1/auth/me").status_code == 200
    assert thief.post("/api/v1/sync", sync_body()).status_code == 200

    assert user_api.post("/api/v1/auth/signout").status_code == 204

    me = thief.get("/api/v1/auth/me")
    assert me.status_code == 401 and me.get_json()["error"] == "unauthorized"
    # The copied CSRF token still matches the copied cookie: the 401 is the session's doing.
    assert thief.post("/api/v1/sync", sync_body()).status_code == 401
    assert session_rows(app) == []


def test_signing_in_again_does_not_revive_an_old_cookie(user_api: ApiClient, app: Flask):
    thief = copy_of(user_api, app)
    user_api.post("/api/v1/auth/signout")
    assert user_api.sign_in(user_api.email).status_code == 200
    assert user_api.get("/api/v1/auth/me").status_code == 200
    assert thief.get("/api/v1/auth/me").status_code == 401


def test_each_sign_in_gets_a_new_session_and_the_old_one_ends(user_api: ApiClient, app: Flask):
    before = copy_of(user_api, app)
    assert user_api.sign_in(user_api.email).status_code == 200  # while still signed in
    assert before.get("/api/v1/auth/me").status_code == 401
    assert len(session_rows(app)) == 1


def test_only_a_hash_of_the_session_token_is_stored(user_api: ApiClient, app: Flask):
    token = cookie_contents(user_api, app)["sid"]
    (row,) = session_rows(app)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.id, row.token_hash)


def test_a_signed_cookie_without_a_session_row_is_refused(user_api: ApiClient, app: Flask):
    # What every cookie looked like before sessions were revocable: a user id, nothing else.
    user_id = user_api.get("/api/v1/auth/me").get_json()["user"]["id"]
    forged = ApiClient(app.test_client())
    serializer = app.session_interface.get_signing_serializer(app)
    forged.client.set_cookie(COOKIE, serializer.dumps({"_user_id": user_id, "_fresh": True}))
    assert forged.get("/api/v1/auth/me").status_code == 401


def test_an_expired_session_is_refused_at_once(user_api: ApiClient, app: Flask):
    with app.app_context():
        db.session.execute(sa.update(UserSession).values(expires_at=utcnow() - timedelta(1)))
        db.session.commit()
    assert user_api.get("/api/v1/auth/me").status_code == 401
    # The dead session's keys leave the cookie, so the next request does not even look.
    assert "_user_id" not in cookie_contents(user_api, app)


def test_last_seen_is_written_at_most_every_few_minutes(user_api: ApiClient, app: Flask):
    (first,) = session_rows(app)
    user_api.get("/api/v1/auth/me")
    user_api.get("/api/v1/auth/me")
    assert session_rows(app)[0].last_seen_at == first.last_seen_at

    long_ago = utcnow() - LAST_SEEN_EVERY - timedelta(seconds=1)
    with app.app_context():
        db.session.execute(sa.update(UserSession).values(last_seen_at=long_ago))
        db.session.commit()
    assert user_api.get("/api/v1/auth/me").status_code == 200
    (touched,) = session_rows(app)
    assert touched.last_seen_at > long_ago
    assert touched.expires_at > first.expires_at  # the session slides, like the cookie


def _session_cookie_sent(response) -> str | None:
    sent = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]
    return sent[0] if sent else None


def test_the_cookie_is_sent_again_when_the_session_slides_not_on_every_request(
    user_api: ApiClient, app: Flask
):
    # Re-signing the cookie on every response was a sizeable part of a sync's CPU (issue 12);
    # it still slides, with the server-side row, so a daily user is never signed out.
    assert _session_cookie_sent(user_api.get("/api/v1/auth/me")) is None
    assert _session_cookie_sent(user_api.post("/api/v1/sync", sync_body())) is None

    long_ago = utcnow() - LAST_SEEN_EVERY - timedelta(seconds=1)
    with app.app_context():
        db.session.execute(sa.update(UserSession).values(last_seen_at=long_ago))
        db.session.commit()
    slid = _session_cookie_sent(user_api.get("/api/v1/auth/me"))
    assert slid is not None and "Expires=" in slid
    assert user_api.get("/api/v1/auth/me").status_code == 200  # the re-sent cookie works


def test_csrf_token_rotates_at_sign_in_and_sign_out(app: Flask):
    api = ApiClient(app.test_client())
    anonymous = api.csrf
    api.sign_up()
    signed_in = api.csrf
    assert signed_in != anonymous
    stale = api.client.post("/api/v1/sync", json=sync_body(), headers={"X-CSRF-Token": anonymous})
    assert stale.status_code == 403 and stale.get_json()["error"] == "csrf_failed"

    api.post("/api/v1/auth/signout")
    assert api.csrf != signed_in
    replay = api.client.post(
        "/api/v1/auth/signin",
        json={"email": api.email, "password": "whatever it was"},
        headers={"X-CSRF-Token": signed_in},
    )
    assert replay.status_code == 403


def test_revoke_all_sessions_can_keep_the_current_one(app: Flask):
    phone = ApiClient(app.test_client())
    phone.sign_up()
    laptop = ApiClient(app.test_client())
    assert laptop.sign_in(phone.email).status_code == 200
    tablet = ApiClient(app.test_client())
    assert tablet.sign_in(phone.email).status_code == 200
    user_id = phone.get("/api/v1/auth/me").get_json()["user"]["id"]

    cookie = f"{COOKIE}={phone.client.get_cookie(COOKIE).value}"
    with app.test_request_context(headers={"Cookie": cookie}):
        assert revoke_all_sessions(user_id, except_current=True) == 2
    assert phone.get("/api/v1/auth/me").status_code == 200
    assert laptop.get("/api/v1/auth/me").status_code == 401
    assert tablet.get("/api/v1/auth/me").status_code == 401

    with app.app_context():
        assert revoke_all_sessions(user_id, except_current=False) == 1
    assert phone.get("/api/v1/auth/me").status_code == 401


def test_revoke_session_ends_only_that_session_of_that_user(app: Flask):
    ana, ben = ApiClient(app.test_client()), ApiClient(app.test_client())
    ana.sign_up()
    ben.sign_up()
    ana_id = ana.get("/api/v1/auth/me").get_json()["user"]["id"]
    ben_id = ben.get("/api/v1/auth/me").get_json()["user"]["id"]
    rows = {row.user_id: row.id for row in session_rows(app)}
    with app.app_context():
        assert revoke_session(ben_id, rows[ana_id]) is False  # not Ben's to end
        assert revoke_session(ana_id, rows[ana_id]) is True
    assert ana.get("/api/v1/auth/me").status_code == 401
    assert ben.get("/api/v1/auth/me").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/auth/me", "/api/v1/reminders"])
def test_a_revoked_session_is_a_401_json_everywhere(user_api: ApiClient, app: Flask, path: str):
    with app.app_context():
        db.session.execute(sa.delete(UserSession))
        db.session.commit()
    response = user_api.get(path)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_a_signed_in_request_costs_one_query_and_no_write(user_api: ApiClient, app: Flask):
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert user_api.get("/api/v1/auth/me").status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert len(statements) == 1, statements
    assert statements[0].lstrip().upper().startswith("SELECT")
    assert "token_hash" in statements[0]
