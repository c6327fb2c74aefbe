"""The read-only shared page: plain HTML, no script, nothing but what was shared.

A live view rather than a snapshot: an edit or a deletion the person makes later reaches the
page too (deleting a shared win takes it off the page), and no second copy of their words
sits in another table to be forgotten when they delete their account."""

from __future__ import annotations

import base64
import hashlib
from html import escape

from server.shares.store import Shown

STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;"
    "color:#1f2328;background:#fffdf8}h1{font-size:1.4rem}ul{padding-left:1.2rem}"
    "li{margin:.5rem 0}.note,.meta{color:#57606a}.tags{color:#57606a;font-size:.9rem}"
    "@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#161b22}"
    ".note,.meta,.tags{color:#b1bac4}}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
# No script at all, no images, no forms, no framing: the page can only show its own text.
CSP = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "Content-Type": "text/html; charset=utf-8",
}


def _document(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def not_found() -> str:
    return _document(
        "Small Wins",
        "<h1>This link isn't open any more</h1>"
        "<p>It may have been closed or reached its end date.</p>",
    )


def too_many() -> str:
    return _document("Small Wins", "<h1>One moment</h1><p>Please try again in a minute.</p>")


def render(shown: Shown) -> str:
    share = shown.share
    greeting = f'<p class="meta">Shared with {escape(share.recipient)}.</p>'
    if share.kind == "week":
        return _document("A week of small wins", greeting + _week(shown))
    title = "A small win" if share.kind == "win" else f"Small wins of {share.target}"
    items = "".join(_win(win) for win in shown.wins)
    return _document(title, f"<h1>{escape(title)}</h1>{greeting}<ul>{items}</ul>")


def _win(win: object) -> str:
    text = escape(getattr(win, "text", ""))
    parts = [f"<li>{'★ ' if getattr(win, 'starred', False) else ''}{text}"]
    note = getattr(win, "note", None)
    if note:
        parts.append(f'<div class="note">{escape(note)}</div>')
    tags = getattr(win, "tags", None) or []
    if tags:
        parts.append(f'<div class="tags">{escape(" · ".join(tags))}</div>')
    parts.append("</li>")
    return "".join(parts)


def _week(shown: Shown) -> str:
    data = shown.summary or {}
    week = escape(shown.share.target)
    wins, days = int(data.get("wins", 0)), int(data.get("active_days", 0))
    body = [f"<h1>Week {week}</h1>"]
    wins_text = f"{wins} small win{'s' if wins != 1 else ''}"
    body.append(f"<p>{wins_text} on {days} day{'s' if days != 1 else ''}.</p>")
    highlights = [h.get("text", "") for h in data.get("highlights", []) if isinstance(h, dict)]
    if highlights:
        items = "".join(f"<li>★ {escape(str(text))}</li>" for text in highlights)
        body.append(f"<h2>Highlights</h2><ul>{items}</ul>")
    reflection = shown.reflection
    if reflection is not None:
        questions = (
            ("What made those moments meaningful?", reflection.meaningful),
            ("What patterns are emerging?", reflection.patterns),
            ("What's helping you stay consistent?", reflection.consistency),
        )
        for question, answer in questions:
            if answer:
                body.append(f"<h2>{escape(question)}</h2><p>{escape(answer)}</p>")
    return "".join(body)
