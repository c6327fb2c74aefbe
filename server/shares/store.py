"""Making, listing, revoking and opening shares. Every lookup of a person's shares filters by
their user id, so another account's share id is simply not found (404)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select

from server.core.weeks import parse_week
from server.errors import api_error
from server.extensions import db
from server.models import Reflection, Share, User, WeeklySummary, Win
from server.reflections.schemas import reflection_id
from server.summaries.store import summary_id

TOKEN_BYTES = 32  # 256 bits from the OS's CSPRNG: not guessable, not enumerable


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    # A plain hash is enough: the token is random and long, so there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def create(user: User, data: dict[str, Any], now: datetime) -> tuple[Share, str]:
    kind = data["kind"]
    if kind == "win":
        target, ids = data["win_id"], _live_win_ids(user.id, Win.id == data["win_id"])
        if not ids:
            api_error(400, message="We couldn't find that win.", fields={"win_id": ["Not found."]})
    elif kind == "day":
        day: date = data["day"]
        target, ids = day.isoformat(), _live_win_ids(user.id, Win.local_day == day)
        if not ids:
            api_error(400, message="There are no wins on that day yet.", fields={"day": ["Empty."]})
    else:
        target, ids = data["week"], []
        if db.session.get(WeeklySummary, (summary_id(user.id, target), user.id)) is None:
            message = "That week's review isn't ready yet."
            api_error(400, message=message, fields={"week": ["Not ready."]})
    token = new_token()
    days = data.get("expires_in_days")
    share = Share(
        user_id=user.id,
        token_hash=token_hash(token),
        recipient=data["recipient"],
        kind=kind,
        target=target,
        record_ids=ids,
        with_reflection=bool(data.get("with_reflection")) and kind == "week",
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )
    db.session.add(share)
    db.session.commit()
    return share, token


def _live_win_ids(user_id: str, condition: Any) -> list[str]:
    query = select(Win.id).where(Win.user_id == user_id, Win.deleted.is_(False), condition)
    return list(db.session.scalars(query.order_by(Win.happened_at)))


def active(user_id: str, now: datetime) -> list[Share]:
    query = (
        select(Share)
        .where(Share.user_id == user_id, or_(Share.expires_at.is_(None), Share.expires_at > now))
        .order_by(Share.created_at.desc())
    )
    return list(db.session.scalars(query))


def revoke(user_id: str, share_id: str) -> bool:
    """Deleting the row is the revocation: the page finds no share and answers 404 at once."""
    result = db.session.execute(delete(Share).where(Share.id == share_id, Share.user_id == user_id))
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass
class Shown:
    """Exactly what a shared page may show: nothing about the person but these records."""

    share: Share
    wins: list[Win]
    summary: dict[str, Any] | None = None
    reflection: Reflection | None = None


def open_share(token: str, now: datetime) -> Shown | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    share = db.session.scalar(select(Share).where(Share.token_hash == token_hash(token)))
    if share is None or (share.expires_at is not None and share.expires_at <= now):
        return None
    if share.kind == "week":
        key = (summary_id(share.user_id, share.target), share.user_id)
        summary = db.session.get(WeeklySummary, key)
        if summary is None or summary.deleted:
            return None
        reflection = None
        if share.with_reflection:
            reflection = db.session.get(
                Reflection, (reflection_id(share.user_id, share.target), share.user_id)
            )
            if reflection is not None and reflection.deleted:
                reflection = None
        parse_week(share.target)
        return Shown(share, [], dict(summary.data), reflection)
    wins = list(
        db.session.scalars(
            select(Win)
            .where(
                Win.user_id == share.user_id,
                Win.id.in_(share.record_ids),
                Win.deleted.is_(False),
            )
            .order_by(Win.happened_at)
        )
    )
    if not wins:  # the person deleted what they shared: nothing is left to show
        return None
    return Shown(share, wins)
