"""Compressed responses: the API through flask-compress, the built client precompressed.

Never compressed: bodies that carry a token (BREACH, server/compression.py), tiny bodies, HEAD.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pytest
from flask import Flask
from flask_compress.compat import compression as stdlib_compression
from werkzeug.test import TestResponse

from server.compression import NEVER_COMPRESSED
from tests.api.sharing import add_win
from tests.conftest import make_app
from tests.factories import ApiClient

ENCODINGS = ["zstd", "br", "gzip"]
NOW = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
BROWSER = "gzip, deflate, br, zstd"  # what Chromium sends
PROJECT = Path(__file__).resolve().parents[2]


def decode(response: TestResponse) -> bytes:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "zstd":
        return stdlib_compression.zstd.decompress(body)
    assert encoding is None, encoding
    return body


def push_wins(api: ApiClient, count: int) -> str:
    """`count` wins pushed from one device, in batches the endpoint takes; its client id."""
    client_id = str(uuid.uuid4())
    cursor = 0
    for first in range(0, count, 200):
        mutations = [
            {
                "id": n + 1,
                "collection": "wins",
                "record_id": str(uuid.uuid4()),
                "fields": {
                    "text": f"Win {n}: walked to work and said no to one meeting",
                    "happened_at": "2026-11-23T08:30:00+00:00",
                    "local_day": "2026-11-23",
                },
                "hlc": f"001795762965{n:03d}-00000-{'a' * 32}",
            }
            for n in range(first, min(first + 200, count))
        ]
        body = {"client_id": client_id, "schema_version": 1, "cursor": cursor}
        response = api.post("/api/v1/sync", {**body, "mutations": mutations})
        assert response.status_code == 200, response.get_json()
        cursor = response.get_json()["cursor"]
    return client_id


def pull(api: ApiClient, client_id: str, accept: str | None) -> TestResponse:
    headers = {} if accept is None else {"Accept-Encoding": accept}
    body = {"client_id": client_id, "schema_version": 1, "cursor": 0, "limit": 500}
    response = api.post("/api/v1/sync", body, headers=headers)
    assert response.status_code == 200
    return response


@pytest.fixture
def device(app: Flask, user_api: ApiClient) -> tuple[ApiClient, str]:
    app.config["CLOCK"] = lambda: NOW  # the response carries the server's time
    return user_api, push_wins(user_api, 500)


# --- The API -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_500_win_pull_is_compressed_and_decodes_to_the_same_json(
    device: tuple[ApiClient, str], encoding: str
) -> None:
    api, client_id = device
    plain = pull(api, client_id, None)
    packed = pull(api, client_id, encoding)
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.get_data())
    # A page of 500 wins shrinks several times over; the decoded body is the very same JSON.
    assert len(packed.get_data()) * 4 < len(plain.get_data())
    assert json.loads(decode(packed)) == plain.get_json()
    assert len(plain.get_json()["changes"]) == 500


def test_what_a_browser_accepts_gets_the_cheapest_to_make(device: tuple[ApiClient, str]) -> None:
    api, client_id = device
    assert pull(api, client_id, BROWSER).headers["Content-Encoding"] == "zstd"
    assert pull(api, client_id, "gzip, br").headers["Content-Encoding"] == "br"
    assert pull(api, client_id, "br;q=0.5, gzip").headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("accept", [None, "identity", "deflate", "br;q=0, gzip;q=0, zstd;q=0"])
def test_a_pull_is_not_compressed_unless_the_client_accepts_it(
    device: tuple[ApiClient, str], accept: str | None
) -> None:
    api, client_id = device
    response = pull(api, client_id, accept)
    assert "Content-Encoding" not in response.headers
    assert len(response.get_json()["changes"]) == 500


def test_tiny_responses_are_not_compressed(user_api: ApiClient) -> None:
    response = user_api.get("/api/v1/auth/me", headers={"Accept-Encoding": BROWSER})
    assert response.status_code == 200
    assert len(response.get_data()) < 500
    assert "Content-Encoding" not in response.headers


def test_head_is_left_alone(api: ApiClient) -> None:
    headers = {"Accept-Encoding": BROWSER}
    assert api.get("/api/v1/openapi.json", headers=headers).headers["Content-Encoding"] == "zstd"
    response = api.client.head("/api/v1/openapi.json", headers=headers)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_errors_are_not_compressed(user_api: ApiClient, app: Flask) -> None:
    app.config["COMPRESS_MIN_SIZE"] = 0
    response = user_api.post(
        "/api/v1/sync", {"cursor": "x" * 600}, headers={"Accept-Encoding": "br"}
    )
    assert response.status_code == 400
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_export_download_is_streamed_compressed(user_api: ApiClient, encoding: str) -> None:
    push_wins(user_api, 50)
    plain = user_api.get("/api/v1/data/export/json")
    packed = user_api.get("/api/v1/data/export/json", headers={"Accept-Encoding": encoding})
    assert packed.headers["Content-Encoding"] == encoding
    assert packed.is_streamed and "Content-Length" not in packed.headers
    assert "attachment" in packed.headers["Content-Disposition"]
    wins = [json.loads(decode(packed)), plain.get_json()]
    assert [len(export["collections"]["wins"]) for export in wins] == [50, 50]


# --- BREACH: a body with a token is never compressed -----------------------------------------


def test_every_never_compressed_endpoint_exists(app: Flask) -> None:
    assert NEVER_COMPRESSED <= set(app.view_functions)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_csrf_token_is_never_compressed(app: Flask, api: ApiClient, encoding: str) -> None:
    app.config["COMPRESS_MIN_SIZE"] = 0  # so only the rule, not the size, can keep it plain
    api.sign_up()
    headers = {"Accept-Encoding": encoding}
    control = api.get("/api/v1/auth/me", headers=headers)
    assert control.headers.get("Content-Encoding") == encoding  # the setting does compress
    response = api.get("/api/v1/auth/csrf", headers=headers)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.get_json()["csrf_token"]


def test_a_new_share_link_is_never_compressed(app: Flask, user_api: ApiClient) -> None:
    app.config["COMPRESS_MIN_SIZE"] = 0
    body = {"kind": "win", "win_id": add_win(user_api, "Walked to the river"), "recipient": "coach"}
    response = user_api.post("/api/v1/shares", body, headers={"Accept-Encoding": "br"})
    assert response.status_code == 201, response.get_json()
    assert "/s/" in response.get_json()["url"]
    assert "Content-Encoding" not in response.headers
    listed = user_api.get("/api/v1/shares", headers={"Accept-Encoding": "br"})
    assert listed.headers.get("Content-Encoding") == "br"  # no token in the list


# --- The built client ----------------------------------------------------------------------

SCRIPT = "console.log('small wins');\n" * 200  # compressible, well over the threshold


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "icons").mkdir()
    (dist / "index.html").write_text("<!doctype html><title>shell</title>" + "<p>.</p>" * 100)
    (dist / "assets" / "index-abc123.js").write_text(SCRIPT)
    (dist / "icons" / "icon-192.png").write_bytes(b"\x89PNG" + bytes(2000))
    for name in ("index.html", "assets/index-abc123.js", "icons/icon-192.png"):
        plain = (dist / name).read_bytes()
        (dist / f"{name}.br").write_bytes(brotli.compress(plain, quality=11))
        (dist / f"{name}.gz").write_bytes(gzip.compress(plain, 9))
    return dist


@pytest.fixture
def web_app(dist: Path, tmp_path: Path) -> Flask:
    return make_app("sqlite://", tmp_path, CLIENT_DIST=dist)


def fetch(app: Flask, path: str, **headers: str) -> TestResponse:
    """GET and close: a file response left open would warn (warnings are errors)."""
    response = app.test_client().get(
        path, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )
    response.get_data()
    response.close()
    return response


@pytest.mark.parametrize(("accept", "encoding"), [(BROWSER, "br"), ("gzip", "gzip")])
def test_scripts_are_served_precompressed(web_app: Flask, accept: str, encoding: str) -> None:
    response = fetch(web_app, "/assets/index-abc123.js", Accept_Encoding=accept)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert int(response.headers["Content-Length"]) == len(response.get_data()) < len(SCRIPT) / 10
    assert decode(response).decode() == SCRIPT


def test_client_routes_get_the_compressed_shell(web_app: Flask) -> None:
    response = fetch(web_app, "/history/2026-11-23", Accept_Encoding="br")
    assert response.headers["Content-Encoding"] == "br"
    assert response.mimetype == "text/html"
    assert b"<title>shell</title>" in decode(response)


@pytest.mark.parametrize("accept", [None, "identity", "zstd", "br;q=0, gzip;q=0"])
def test_scripts_are_plain_unless_a_variant_is_accepted(web_app: Flask, accept: str | None) -> None:
    headers = {} if accept is None else {"Accept_Encoding": accept}
    response = fetch(web_app, "/assets/index-abc123.js", **headers)
    assert "Content-Encoding" not in response.headers
    assert response.get_data().decode() == SCRIPT
    assert "Accept-Encoding" in response.headers["Vary"]  # a cache must still keep them apart


def test_images_are_sent_as_they_are(web_app: Flask) -> None:
    response = fetch(web_app, "/icons/icon-192.png", Accept_Encoding="br")
    assert "Content-Encoding" not in response.headers
    assert response.get_data().startswith(b"\x89PNG")


def test_a_variant_older_than_its_file_is_not_used(web_app: Flask, dist: Path) -> None:
    script = dist / "assets" / "index-abc123.js"
    variant = dist / "assets" / "index-abc123.js.br"
    os.utime(variant, ns=(script.stat().st_mtime_ns - 10**9,) * 2)
    response = fetch(web_app, "/assets/index-abc123.js", Accept_Encoding="br")
    assert "Content-Encoding" not in response.headers
    assert response.get_data().decode() == SCRIPT


def test_each_encoding_has_its_own_etag_and_revalidates(web_app: Flask) -> None:
    path = "/assets/index-abc123.js"
    tags = {
        accept: fetch(web_app, path, Accept_Encoding=accept).headers["ETag"]
        for accept in ("br", "gzip", "identity")
    }
    assert len(set(tags.values())) == 3
    again = fetch(web_app, path, Accept_Encoding="br", If_None_Match=tags["br"])
    assert again.status_code == 304
    assert again.get_data() == b""
    # A cached gzip copy's tag does not stand for the brotli body.
    other = fetch(web_app, path, Accept_Encoding="br", If_None_Match=tags["gzip"])
    assert other.status_code == 200
    assert other.headers["Content-Encoding"] == "br"


def test_the_build_step_writes_variants_the_server_sends(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing")
        pytest.skip("node is missing")
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>shell</title>")  # too small
    (dist / "sw.js").write_text(SCRIPT)
    (dist / "assets" / "app-1.css").write_text("body { color: black }\n" * 100)
    (dist / "assets" / "photo.png").write_bytes(bytes(5000))
    script = PROJECT / "client" / "scripts" / "precompress.mjs"
    subprocess.run([node, str(script), str(dist)], check=True, capture_output=True)
    written = sorted(
        str(p.relative_to(dist)) for p in dist.rglob("*") if p.suffix in {".br", ".gz"}
    )
    assert written == ["assets/app-1.css.br", "assets/app-1.css.gz", "sw.js.br", "sw.js.gz"]
    app = make_app("sqlite://", tmp_path, CLIENT_DIST=dist)
    response = fetch(app, "/sw.js", Accept_Encoding=BROWSER)
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert decode(response).decode() == SCRIPT
