"""Schemathesis over the OpenAPI document, through WSGI: no 5xx, and every answer is documented.

Two runs over every operation, each with valid (positive) and invalid (negative) inputs: as a
bodies reach validation instead of stopping at the CSRF check) and as a signed-up person (a
fresh sign-in before each request, so a fuzzed sign-out cannot leave the rest unauthenticated).
Checked: no server error, and the status, content type, headers and body conform to the
document. Derandomized with a small example budget, so CI sees the same cases every time;
raise FUZZ_EXAMPLES locally for a longer hunt.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import available_timezones

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from server.core.days import is_valid_time_zone
from tests.conftest import app_with_schema
from tests.factories import PASSWORD, ApiClient

CSRF_HEADER = "X-CSRF-Token"
SESSION_COOKIE = "smallwins_session"
Credentials = tuple[dict[str, str], dict[str, str]]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 20))
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# The document's own format for time zones (server/openapi.py): real IANA names, so valid
# sign-ups and settings changes get through to the success path.
schemathesis.openapi.format(
    "iana-time-zone",
    st.sampled_from(sorted(zone for zone in available_timezones() if is_valid_time_zone(zone))),
)


@pytest.fixture
def fuzz_app(tmp_path: Path) -> Iterator[Flask]:
    # SQLite only: the schema, not the database, is under test (PostgreSQL runs the rest).
    # Generous sign-in limits: the fuzzer's wrong passwords must not lock out our own sign-ins.
    yield from app_with_schema(
        f"sqlite:///{tmp_path / 'fuzz.sqlite3'}",
        tmp_path,
        SIGNIN_MAX_FAILURES_PER_ACCOUNT=10**6,
        SIGNIN_MAX_FAILURES_PER_ADDRESS=10**6,
    )


def _credentials(api: ApiClient) -> tuple[dict[str, str], dict[str, str]]:
    token = api.csrf  # fetched first: it is what puts an anonymous session in the cookie
    cookie = api.client.get_cookie(SESSION_COOKIE)
    assert cookie is not None
    return {CSRF_HEADER: token}, {SESSION_COOKIE: cookie.value}


def _fuzz_every_operation(app: Flask, credentials: Callable[[], Credentials]) -> None:
    """Runs every operation in both generation modes; reports every failing one at once."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: schemathesis.Case) -> None:
                headers, cookies = credentials()
                # Its WSGI transport asks for gzip/zstd (requests' defaults) but never decodes;
                # bodies are checked plain (tests/api/test_compression.py checks the encodings).
                headers = {**headers, "Accept-Encoding": "identity"}
                case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                # Nothing to make invalid: the operation takes no input (GET /auth/csrf).
                if mode is not GenerationMode.NEGATIVE:
                    failures.append(f"{operation.label} ({mode}): no valid input can be made")
            except Exception as failure:  # noqa: BLE001  (collected and reported below)
                failures.append(f"{operation.label} ({mode}): {failure}")
    assert not failures, "\n\n".join(failures)


def test_a_visitor_gets_only_documented_answers(fuzz_app: Flask) -> None:
    # An anonymous session with its CSRF token, so bodies reach validation.
    visitor = _credentials(ApiClient(fuzz_app.test_client()))
    _fuzz_every_operation(fuzz_app, lambda: visitor)


def test_a_signed_in_person_gets_only_documented_answers(fuzz_app: Flask) -> None:
    email = ApiClient(fuzz_app.test_client()).sign_up()["email"]

    def fresh_session() -> Credentials:
        # Signed in anew for every request: a fuzzed sign-out must not end the run's session.
        api = ApiClient(fuzz_app.test_client())
        assert api.sign_in(email, PASSWORD).status_code == 200
        return _credentials(api)

    _fuzz_every_operation(fuzz_app, fresh_session)
