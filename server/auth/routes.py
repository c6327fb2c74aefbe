"""Accounts API. Handlers validate, make one call, return."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, request, session
from flask_login import current_user, login_required, login_user, logout_user

from server.auth import store
from server.auth.schemas import (
    CsrfSchema,
    SignInSchema,
    SignUpSchema,
    UpdateMeSchema,
    UserEnvelopeSchema,
)
from server.csrf import issue_csrf_token
from server.errors import ApiBlueprint, ErrorSchema, api_error
from server.openapi import SIGNED_IN

blp = ApiBlueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts")


def _start_session(user: Any) -> None:
    login_user(user, remember=False)
    # A permanent session lasts PERMANENT_SESSION_LIFETIME rather than the browser session,
    # so a phone's installed app does not sign out every time it is swiped away.
    session.permanent = True


@blp.route("/csrf", methods=["GET"])
@blp.response(200, CsrfSchema)
def csrf_token() -> dict[str, str]:
    """The token to send as X-CSRF-Token on every state-changing request."""
    return {"csrf_token": issue_csrf_token()}


@blp.route("/signup", methods=["POST"])
@blp.arguments(SignUpSchema)
@blp.response(201, UserEnvelopeSchema)
@blp.alt_response(429, schema=ErrorSchema, description="Too many sign-ups; see Retry-After.")
def sign_up(data: dict[str, Any]) -> dict[str, Any]:
    if store.email_taken(data["email"]):
        api_error(400, fields={"email": ["An account with this email already exists."]})
    method = current_app.config["PASSWORD_HASH_METHOD"]
    user = store.create_user(data["email"], data["password"], data["time_zone"], method)
    _start_session(user)
    return {"user": user}


@blp.route("/signin", methods=["POST"])
@blp.arguments(SignInSchema)
@blp.response(200, UserEnvelopeSchema)
@blp.alt_response(401, schema=ErrorSchema, description="`invalid_credentials`.")
@blp.alt_response(429, schema=ErrorSchema, description="Too many tries; see Retry-After.")
def sign_in(data: dict[str, Any]) -> dict[str, Any]:
    config = current_app.config
    now = datetime.now(UTC)
    window = timedelta(seconds=config["SIGNIN_WINDOW_SECONDS"])
    account_key, address_key = store.throttle_keys(data["email"], request.remote_addr)
    limits = [
        (account_key, config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]),
        (address_key, config["SIGNIN_MAX_FAILURES_PER_ADDRESS"]),
    ]
    wait = store.sign_in_wait(limits, now, window)
    if wait is not None:
        api_error(
            429,
            "too_many_attempts",
            "Too many tries. Please wait a little and try again.",
            headers={"Retry-After": str(wait)},
        )
    user = store.authenticate(data["email"], data["password"], config["PASSWORD_HASH_METHOD"])
    if user is None:
        store.record_failure((account_key, address_key), now, window)
        api_error(401, "invalid_credentials", "That email and password don't match.")
    store.clear_failures(account_key)
    _start_session(user)
    return {"user": user}


@blp.route("/signout", methods=["POST"])
@blp.response(204)
def sign_out() -> None:
    logout_user()


@blp.route("/me", methods=["GET"])
@login_required
@blp.response(200, UserEnvelopeSchema)
@blp.doc(security=SIGNED_IN)
def who_am_i() -> dict[str, Any]:
    return {"user": current_user}


@blp.route("/me", methods=["PATCH"])
@login_required
@blp.arguments(UpdateMeSchema)
@blp.response(200, UserEnvelopeSchema)
@blp.doc(security=SIGNED_IN)
def update_me(changes: dict[str, Any]) -> dict[str, Any]:
    return {"user": store.update_user(current_user, changes)}
