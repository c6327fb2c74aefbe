"""Account API: change password or email, sign out everywhere, delete the account, and
reset a forgotten password. Handlers validate, make one call, return.

Every check of a password here is throttled per account (PASSWORD_CHECK_MAX_FAILURES per
SIGNIN_WINDOW_SECONDS), so a stolen session cannot be used to guess the password that
guards these actions; reset emails are throttled per address and per client.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, request
from flask_login import current_user, login_required

from server.auth import account_store, sessions, store
from server.auth.schemas import (
    ChangeEmailSchema,
    ChangePasswordSchema,
    ConfirmPasswordSchema,
    ResetConfirmSchema,
    ResetInfoSchema,
    ResetRequestSchema,
    UserEnvelopeSchema,
    common_passwords,
)
from server.core.passwords import password_problem
from server.errors import ApiBlueprint, api_error
from server.mail import Mail, parse_smtp_url, send_in_background
from server.models.types import utcnow

blp = ApiBlueprint(
    "account", __name__, url_prefix="/api/v1/auth", description="Your account: its whole life"
)

WRONG_PASSWORD = "That isn't your current password."
RESET_SENT = (
    "If an account uses that address, a link to choose a new password is on its way. "
    "It works once, for a little while."
)
RESET_BY_OPERATOR = (
    "This Small Wins doesn't send email. Please ask the person who runs it to reset your "
    "password for you."
)
BAD_TOKEN = "That link has expired or was already used. Please ask for a new one."


def _check_password(password: str, field: str) -> None:
    """Refuse with a field message when `password` is not the signed-in person's (throttled)."""
    config = current_app.config
    key = f"password:{current_user.id}"
    window = timedelta(seconds=config["SIGNIN_WINDOW_SECONDS"])
    attempt = store.begin_attempt([(key, config["PASSWORD_CHECK_MAX_FAILURES"])], utcnow(), window)
    if attempt.wait is not None:
        api_error(
            429,
            "too_many_attempts",
            "Too many tries. Please wait a little and try again.",
            headers={"Retry-After": str(attempt.wait)},
        )
    if not account_store.password_matches(current_user, password):
        api_error(400, fields={field: [WRONG_PASSWORD]})
    store.forget_attempt(attempt, clear_key=key)


def _refuse_guessable(password: str, email: str) -> None:
    problem = password_problem(password, email, common_passwords())
    if problem is not None:
        api_error(400, fields={"new_password": [problem]})


@blp.route("/password", methods=["POST"])
@login_required
@blp.arguments(ChangePasswordSchema)
@blp.response(200, UserEnvelopeSchema)
def change_password(data: dict[str, Any]) -> dict[str, Any]:
    """Change the password. Every other session ends; this browser gets a fresh one."""
    _check_password(data["current_password"], "current_password")
    _refuse_guessable(data["new_password"], current_user.email)
    user = current_user._get_current_object()
    account_store.set_password(
        user, data["new_password"], current_app.config["PASSWORD_HASH_METHOD"]
    )
    sessions.revoke_all_sessions(user.id, except_current=False)
    sessions.start_session(user, utcnow())
    return {"user": user}


@blp.route("/email", methods=["POST"])
@login_required
@blp.arguments(ChangeEmailSchema)
@blp.response(200, UserEnvelopeSchema)
def change_email(data: dict[str, Any]) -> dict[str, Any]:
    """Change the email address (the password confirms it is the person)."""
    _check_password(data["password"], "password")
    user = current_user._get_current_object()
    if not account_store.change_email(user, data["email"]):
        api_error(400, fields={"email": ["An account with this email already exists."]})
    return {"user": user}


@blp.route("/signout-everywhere", methods=["POST"])
@login_required
@blp.response(204)
def sign_out_everywhere() -> None:
    """End every session of this account, this browser's included."""
    sessions.revoke_all_sessions(current_user.id, except_current=False)
    sessions.end_current_session()


@blp.route("/delete-account", methods=["POST"])
@login_required
@blp.arguments(ConfirmPasswordSchema)
@blp.response(204)
def delete_account(data: dict[str, Any]) -> None:
    """Delete the account and everything in it, for good (the password confirms it)."""
    _check_password(data["password"], "password")
    user = current_user._get_current_object()
    sessions.end_current_session()
    account_store.delete_account(user)


@blp.route("/password-reset", methods=["GET"])
@blp.response(200, ResetInfoSchema)
def reset_info() -> dict[str, Any]:
    """Whether a forgotten password can be reset by email here."""
    return _reset_info()


def _reset_info() -> dict[str, Any]:
    by_email = bool(current_app.config["SMTP_URL"])
    return {"by_email": by_email, "message": RESET_SENT if by_email else RESET_BY_OPERATOR}


@blp.route("/password-reset", methods=["POST"])
@blp.arguments(ResetRequestSchema)
@blp.response(202, ResetInfoSchema)
def request_reset(data: dict[str, Any]) -> dict[str, Any]:
    """Email a reset link. The answer is the same whether or not the address has an account."""
    config = current_app.config
    if not config["SMTP_URL"]:
        return _reset_info()
    limits = [
        (f"reset:{data['email']}", config["RESET_MAX_PER_EMAIL"]),
        (f"reset-address:{request.remote_addr or 'unknown'}", config["RESET_MAX_PER_ADDRESS"]),
    ]
    window = timedelta(seconds=config["SIGNUP_WINDOW_SECONDS"])
    attempt = store.begin_attempt(limits, utcnow(), window)
    if attempt.wait is not None:
        # Said only after counting, never from whether the account exists.
        api_error(
            429,
            "too_many_attempts",
            "Lots of links were asked for just now. Please try later.",
            headers={"Retry-After": str(attempt.wait)},
        )
    user = account_store.user_by_email(data["email"])
    if user is not None:
        lifetime = timedelta(minutes=config["RESET_TOKEN_MINUTES"])
        token = account_store.issue_reset_token(user, utcnow(), lifetime)
        _send_reset_mail(user.email, token, config["RESET_TOKEN_MINUTES"])
    return {"by_email": True, "message": RESET_SENT}


def _send_reset_mail(to: str, token: str, minutes: int) -> None:
    config = current_app.config
    # After "#": a fragment never reaches a server, so no access log or Referer holds it.
    link = f"{config['PUBLIC_URL']}/reset#token={token}"
    body = (
        "Hello,\n\nSomeone (hopefully you) asked to choose a new password for Small Wins.\n"
        f"This link works once, for {minutes} minutes:\n\n{link}\n\n"
        "If it wasn't you, you can ignore this email: your password stays as it is.\n"
    )
    mail = Mail(to=to, subject="Choose a new Small Wins password", body=body)
    send_in_background(parse_smtp_url(config["SMTP_URL"]), config["MAIL_FROM"], mail)


@blp.route("/password-reset/confirm", methods=["POST"])
@blp.arguments(ResetConfirmSchema)
@blp.response(200, UserEnvelopeSchema)
def confirm_reset(data: dict[str, Any]) -> dict[str, Any]:
    """Choose a new password with a reset token; every session ends and this one starts."""
    now = utcnow()
    user = account_store.redeem_reset_token(data["token"], now)
    if user is None:
        api_error(400, "invalid_token", BAD_TOKEN, fields={"token": [BAD_TOKEN]})
    problem = password_problem(data["new_password"], user.email, common_passwords())
    if problem is not None:
        account_store.keep_reset_token()  # a refused password leaves the link usable
        api_error(400, fields={"new_password": [problem]})
    account_store.set_password(
        user, data["new_password"], current_app.config["PASSWORD_HASH_METHOD"]
    )
    sessions.revoke_all_sessions(user.id, except_current=False)
    sessions.start_session(user, now)
    return {"user": user}
