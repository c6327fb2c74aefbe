"""Serves the built client from the same origin as the API.

Hashed assets are immutable; the shell, the service worker and the manifest are
revalidated on every load so an update is seen at once; any other non-API path is
a client route and gets the shell.

Text files are sent precompressed when the browser accepts it: the build writes `x.br`
(brotli 11) and `x.gz` (gzip 9) beside each (client/scripts/precompress.mjs), so a request
costs a stat, not a compression. Each variant is its own file with its own ETag, so
conditional requests (304) keep working per encoding.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response, current_app, request, send_from_directory
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from werkzeug.routing import PathConverter

from server.storable import is_storable

web = Blueprint("web", __name__)

REVALIDATE = frozenset({"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"})
# Suffix of the file the build writes beside a compressible one, by Content-Encoding, in the
# order preferred when the browser accepts both equally.
PRECOMPRESSED = {"br": ".br", "gzip": ".gz"}
COMPRESSIBLE = frozenset({".html", ".js", ".mjs", ".css", ".svg", ".webmanifest", ".json", ".txt"})
NOT_BUILT = (
    "<!doctype html><title>Small Wins</title><p>The client has not been built yet. "
    "Run <code>make run</code> from the project folder.</p>"
)


def _dist() -> Path:
    return Path(current_app.config["CLIENT_DIST"])


def _precompressed(dist: Path, path: str) -> tuple[str, str] | None:
    """The (encoding, file) to send instead of `path`, if the browser takes one and the build
    wrote it (not older than the file itself, so a hand-edited file is never shadowed)."""
    if Path(path).suffix not in COMPRESSIBLE:
        return None
    encoding = request.accept_encodings.best_match(list(PRECOMPRESSED))
    if encoding is None:
        return None
    variant = path + PRECOMPRESSED[encoding]
    try:
        if (dist / variant).stat().st_mtime_ns < (dist / path).stat().st_mtime_ns:
            return None
    except OSError:
        return None
    return encoding, variant


def _send(path: str) -> Response:
    dist = _dist()
    chosen = _precompressed(dist, path)
    if chosen is None:
        response = send_from_directory(dist, path)
    else:
        encoding, variant = chosen
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = send_from_directory(dist, variant, mimetype=mimetype)
        response.headers["Content-Encoding"] = encoding
    if Path(path).suffix in COMPRESSIBLE:
        response.vary.add("Accept-Encoding")
    if path.startswith("assets/"):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    elif path in REVALIDATE:
        response.headers["Cache-Control"] = "no-cache"
    else:
        response.headers["Cache-Control"] = "public, max-age=86400"
    if path == "sw.js":
        response.headers["Service-Worker-Allowed"] = "/"
    return response


class ShellPathConverter(PathConverter):
    """Any path outside /api. Routing then answers API paths itself: 404, or 405 with
    Allow when the path exists for other methods (the shell would have swallowed both)."""

    regex = r"(?!api(?:/|$))[^/].*?"


@web.record_once
def _register_converter(state: BlueprintSetupState) -> None:
    state.app.url_map.converters["shell_path"] = ShellPathConverter


@web.route("/", defaults={"path": ""})
@web.route("/<shell_path:path>")
def client(path: str) -> ResponseReturnValue:
    if not is_storable(path):  # "%00" would reach the file system as an embedded NUL
        return "Not found", 404
    dist = _dist()
    if not (dist / "index.html").is_file():
        return NOT_BUILT, 503, {"Content-Type": "text/html; charset=utf-8"}
    candidate = (dist / path).resolve()
    if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
        return _send(path)
    if path.startswith("assets/"):
        # A stale hashed asset must 404, not quietly become HTML the browser would run.
        return "Not found", 404
    return _send("index.html")
