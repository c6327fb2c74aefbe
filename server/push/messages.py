"""What each reminder says: warm, short, never a guilt trip. Pure functions of plain data.

Every payload is `{title, body, url, tag, kind}`: the service worker shows `title`/`body`, tags
the notification with `tag` so a repeat replaces the last one instead of piling up, and opens
`url` on click. The push `Topic` is the kind for the same reason on the push service's side (an
undelivered recap is replaced by the next one), and the push `TTL` is the kind's usefulness.
"""

from __future__ import annotations

from server.push.sender import PushMessage
from server.reminders.kinds import KINDS

TITLE = "Small Wins"
TEST_TTL_S = 5 * 60


def _plural_wins(count: int) -> str:
    return "1 win" if count == 1 else f"{count} wins"


def _copy(kind: str, wins_today: int, week: str | None = None) -> tuple[str, str]:
    """(body, url) for a reminder of `kind`."""
    if kind == "evening_recap":
        if wins_today > 0:
            return f"{_plural_wins(wins_today)} today — want to look back?", "/recap"
        return "What went well today? Even small things count.", "/recap"
    if kind == "morning_intention":
        return "What's one win you want to look back on today?", "/intention"
    if kind == "mindful_pause":
        return "Before you finish: one action that moved you forward today?", "/pause"
    if kind == "weekly_review":
        # Only sent as "ready" once that week's summary exists (server/jobs/weekly.py); a week
        # without a summary to open gets no promise of one.
        if week is not None:
            return "Your week in small wins is ready.", f"/week/{week}"
        return "A new week is nearly here. Small wins count, whenever they come.", "/today"
    raise ValueError(f"unknown reminder kind: {kind!r}")


def reminder_message(kind: str, wins_today: int = 0, week: str | None = None) -> PushMessage:
    """The push for a reminder of `kind`; `wins_today` only changes the evening recap, `week`
    (the ISO week whose summary exists) only the weekly review."""
    spec = KINDS[kind]
    body, url = _copy(kind, wins_today, week)
    payload = {"title": TITLE, "body": body, "url": url, "tag": kind, "kind": kind}
    return PushMessage(payload, ttl=int(spec.ttl.total_seconds()), urgency=spec.urgency, topic=kind)


def notifications_on_message() -> PushMessage:
    """Sent from the settings screen to prove notifications reach this device."""
    payload = {
        "title": "Notifications are on",
        "body": "This is how Small Wins will nudge you. Nothing more to do.",
        "url": "/reminders",
        "tag": "test",
        "kind": "test",
    }
    return PushMessage(payload, ttl=TEST_TTL_S, urgency="high", topic="test")
