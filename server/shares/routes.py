"""Shares API (make, list, revoke) and the public page at /s/<token>."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from server.auth import store as throttle
from server.errors import ApiBlueprint, ErrorSchema, api_error
from server.models.types import utcnow
from server.openapi import SIGNED_IN
from server.shares import page, store
from server.shares.schemas import CreatedShareSchema, NewShareSchema, ShareListSchema

blp = ApiBlueprint("shares", __name__, url_prefix="/api/v1/shares", description="Shares")
public = Blueprint("shared_page", __name__)

VIEWS_PER_ADDRESS = 60  # per window: plenty for a coach, useless for guessing tokens
VIEW_WINDOW = timedelta(minutes=1)


@blp.route("", methods=["POST"])
@login_required
@blp.arguments(NewShareSchema)
@blp.response(201, CreatedShareSchema)
@blp.doc(security=SIGNED_IN)
def create(data: dict[str, Any]) -> dict[str, Any]:
    share, token = store.create(current_user, data, utcnow())
    url = url_for("shared_page.shared", token=token, _external=True)
    return {**_listed(share), "url": url}


@blp.route("", methods=["GET"])
@login_required
@blp.response(200, ShareListSchema)
@blp.doc(security=SIGNED_IN)
def list_shares() -> dict[str, Any]:
    return {"shares": [_listed(share) for share in store.active(current_user.id, utcnow())]}


@blp.route("/<share_id>", methods=["DELETE"])
@login_required
@blp.response(204)
@blp.doc(security=SIGNED_IN)
@blp.alt_response(404, schema=ErrorSchema, description="No such share of yours.")
def revoke(share_id: str) -> None:
    if len(share_id) > 36 or not store.revoke(current_user.id, share_id):
        api_error(404)


def _listed(share: Any) -> dict[str, Any]:
    return {
        name: getattr(share, name)
        for name in ("id", "kind", "target", "recipient", "with_reflection", "created_at")
    } | {"expires_at": share.expires_at}


@public.route("/s/<token>")
def shared(token: str) -> ResponseReturnValue:
    now = utcnow()
    limit = current_app.config.get("SHARE_VIEWS_PER_ADDRESS", VIEWS_PER_ADDRESS)
    key = f"share:{request.remote_addr or 'unknown'}"
    attempt = throttle.begin_attempt([(key, limit)], now, VIEW_WINDOW)
    if attempt.wait is not None:
        headers = {**page.HEADERS, "Retry-After": str(attempt.wait)}
        return page.too_many(), 429, headers
    shown = store.open_share(token, now)
    if shown is None:
        return page.not_found(), 404, page.HEADERS
    return page.render(shown), 200, page.HEADERS
