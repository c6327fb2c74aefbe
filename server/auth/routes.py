"""Accounts API. Handlers validate, make one call, return."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, request
from flask_login import current_user, login_required

from server.auth import sessions, store
from server.auth.schemas import (
    CsrfSchema,
    SignInSchema,
    SignUpSchema,
    UpdateMeSchema,
    UserEnvelopeSchema,
)
from server.csrf import issue_csrf_token
from server.errors import ApiBlueprint, ErrorSchema, api_error
from server.models.types import utcnow
from server.openapi import SIGNED_IN

blp = ApiBlueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts")


def _refuse_if_throttled(attempt: store.Attempt, message: str) -> None:
    if attempt.wait is not None:
        api_error(429, "too_many_attempts", message, headers={"Retry-After": str(attempt.wait)})


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
    config = current_app.config
    now = utcnow()
    limit = [(store.sign_up_key(request.remote_addr), config["SIGNUP_MAX_PER_ADDRESS"])]
    window = timedelta(seconds=config["SIGNUP_WINDOW_SECONDS"])
    attempt = store.begin_attempt(limit, now, window)
    _refuse_if_throttled(
        attempt, "Lots of accounts were made from here just now. Please try again later."
    )
    if store.email_taken(data["email"]):
        api_error(400, fields={"email": ["An account with this email already exists."]})
    method = config["PASSWORD_HASH_METHOD"]
    user = store.create_user(data["email"], data["password"], data["time_zone"], method)
    sessions.start_session(user, now)
    return {"user": user}


@blp.route("/signin", methods=["POST"])
@blp.arguments(SignInSchema)
@blp.response(200, UserEnvelopeSchema)
@blp.alt_response(401, schema=ErrorSchema, description="`invalid_credentials`.")
@blp.alt_response(429, schema=ErrorSchema, description="Too many tries; see Retry-After.")
def sign_in(data: dict[str, Any]) -> dict[str, Any]:
    config = current_app.config
    now = utcnow()
    account_key, address_key = store.throttle_keys(data["email"], request.remote_addr)
    limits = [
        (account_key, config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]),
        (address_key, config["SIGNIN_MAX_FAILURES_PER_ADDRESS"]),
    ]
    window = timedelta(seconds=config["SIGNIN_WINDOW_SECONDS"])
    attempt = store.begin_attempt(limits, now, window)
    _refuse_if_throttled(attempt, "Too many tries. Please wait a little and try again.")
    user = store.authenticate(data["email"], data["password"], config["PASSWORD_HASH_METHOD"])
    if user is None:
        # The attempt stays on record: it is now one of the failures that count.
        api_error(401, "invalid_credentials", "That email and password don't match.")
    store.forget_attempt(attempt, clear_key=account_key)
    sessions.start_session(user, now)
    return {"user": user}


@blp.route("/signout", methods=["POST"])
@blp.response(204)
def sign_out() -> None:
    sessions.end_current_session()


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
