"""Flask serves the built client from the same origin."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.conftest import make_app


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>shell</title>")
    (dist / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (dist / "manifest.webmanifest").write_text("{}")
    (dist / "assets" / "index-abc123.js").write_text("console.log(1)")
    (dist / "icons").mkdir()
    (dist / "icons" / "icon-192.png").write_bytes(b"\x89PNG")
    return dist


def get(app: Flask, path: str) -> TestResponse:
    """GET and close: a file response left open would warn (warnings are errors)."""
    response = app.test_client().get(path)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def web_app(dist: Path, tmp_path: Path) -> Flask:
    return make_app("sqlite://", tmp_path, CLIENT_DIST=dist)


def test_hashed_assets_are_cached_forever(web_app: Flask) -> None:
    response = get(web_app, "/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("path", ["/", "/index.html", "/sw.js", "/manifest.webmanifest"])
def test_shell_service_worker_and_manifest_are_revalidated(web_app: Flask, path: str) -> None:
    response = get(web_app, path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/today", "/history/2026-11-23", "/signin"])
def test_unknown_client_paths_fall_back_to_the_shell(web_app: Flask, path: str) -> None:
    response = get(web_app, path)
    assert response.status_code == 200
    assert b"<title>shell</title>" in response.data


def test_missing_hashed_asset_is_a_404_not_the_shell(web_app: Flask) -> None:
    assert get(web_app, "/assets/index-old.js").status_code == 404


def test_api_paths_never_fall_back_to_the_shell(web_app: Flask) -> None:
    response = get(web_app, "/api/v1/whatever")
    assert response.status_code == 404
    assert response.is_json


def test_paths_outside_dist_are_not_served(web_app: Flask) -> None:
    response = get(web_app, "/../secret_key")
    assert b"<title>shell</title>" in response.data or response.status_code == 404


def test_unbuilt_client_explains_itself(tmp_path: Path) -> None:
    app = make_app("sqlite://", tmp_path, CLIENT_DIST=tmp_path / "missing")
    response = get(app, "/")
    assert response.status_code == 503
    assert b"make run" in response.data
