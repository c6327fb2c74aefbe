"""Serves the built client from the same origin as the API.

Hashed assets are immutable; the shell, the service worker and the manifest are
revalidated on every load so an update is seen at once; any other non-API path is
a client route and gets the shell.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, send_from_directory
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from werkzeug.routing import PathConverter

from server.storable import is_storable

web = Blueprint("web", __name__)

REVALIDATE = frozenset({"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"})
NOT_BUILT = (
    "<!doctype html><title>Small Wins</title><p>The client has not been built yet. "
    "Run <code>make run</code> from the project folder.</p>"
)


def _dist() -> Path:
    return Path(current_app.config["CLIENT_DIST"])


def _send(path: str) -> Response:
    response = send_from_directory(_dist(), path)
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
