"""Compression of API responses (flask-compress): zstd, br or gzip, as the client accepts.

Levels are the cheap ones, chosen by bench/compression.py on a 500-win sync page (280 KB of
everyday text): zstd 1 and br 1 shrink it 4.4x for 0.6-0.9 ms of CPU, within 3% of gzip 6's
bytes at about a seventh of its 6-6.6 ms; higher levels buy 5-10% fewer bytes for 1.5-3.5x the
CPU, and CPU is what a busy server lacks. Browsers accept zstd (Chromium, Firefox) or br
(Safari). gzip, for clients that know nothing better, is level 1: 13% larger than gzip 6 for a
third of its CPU. Bodies under 500 bytes are sent as they are: too little to win.

BREACH: compressing a secret together with text an attacker can steer into the same body lets
someone who sees the encrypted lengths learn the secret a character at a time. So a response
whose body carries a token is never compressed: the CSRF token, a share link's token (the URL
comes back once, when the share is made) and push subscription endpoints (capability URLs).
Sessions travel in cookies, and headers are not part of what is compressed. The other responses
carry a person's own records, which a cross-site page can neither request with their cookie
(SameSite=Lax, no CORS) nor write into (CSRF header): there is no oracle to play with.

HEAD, error and 304 responses are left alone (flask-compress skips non-2xx itself). Streamed
responses (the export download) are compressed chunk by chunk, never buffered. The built client
is served precompressed by server/web.py, so its blueprint is not touched here.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

# Endpoints whose body carries a token: never compressed (see BREACH above). A test checks
# that each name is a real endpoint, so a rename cannot silently drop one from this list.
NEVER_COMPRESSED = frozenset(
    {
        "auth.csrf_token",
        "shares.create",
        "push.list_subscriptions",
        "push.subscribe",
    }
)
# Served precompressed from disk (server/web.py): compressing per request would only cost CPU.
OWN_ENCODING_BLUEPRINTS = frozenset({"web"})

DEFAULTS = {
    "COMPRESS_ALGORITHM": ["zstd", "br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["zstd", "br", "gzip"],
    "COMPRESS_ZSTD_LEVEL": 1,
    "COMPRESS_BR_LEVEL": 1,
    "COMPRESS_LEVEL": 1,  # gzip
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_MIMETYPES": [
        "application/json",
        "text/csv",
        "text/markdown",
        "text/html",
        "text/plain",
    ],
    # The hook below decides first, then hands over; flask-compress must not register its own.
    "COMPRESS_REGISTER": False,
}


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    compress = Compress(app)  # one per app: it keeps the app's settings on itself

    @app.after_request
    def _compress_if_allowed(response: Response) -> Response:
        if (
            request.method == "HEAD"
            or request.endpoint in NEVER_COMPRESSED
            or request.blueprint in OWN_ENCODING_BLUEPRINTS
        ):
            return response
        if request.accept_encodings.best_match(compress.enabled_algorithms) is None:
            # flask-compress 1.25 would still pick "br" from "br;q=0" when nothing else is
            # acceptable; q=0 means "not this one" (RFC 9110).
            response.vary.add("Accept-Encoding")
            return response
        return compress.after_request(response)
