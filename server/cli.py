"""Operator commands: `flask jobs tick` runs one reminder tick now, `flask jobs weekly` the
weekly summaries (see docs/weekly.md); `flask push vapid` prints
the VAPID public key (`--rotate` replaces the key pair, which invalidates every subscription);
`flask users reset-password EMAIL` prints a one-time link to choose a new password (for
servers without mail)."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Run background jobs once, now.")
push_cli = AppGroup("push", help="Web push administration.")
users_cli = AppGroup("users", help="Account administration.")


@jobs_cli.command("tick")
def tick_command() -> None:
    """Send the reminders that are due now (what the consumer does every minute)."""
    from server.jobs.tick import run_tick

    report = run_tick(datetime.now(UTC))
    click.echo(
        f"claimed {report.claimed}, sent {report.sent}, skipped {report.skipped}, "
        f"duplicates {report.duplicates}; pushes delivered {report.delivered}, "
        f"failed {report.failed}, subscriptions removed {report.removed}"
    )


@jobs_cli.command("weekly")
@click.option("--week", help="An ISO week like 2026-W47: recompute that week's summaries.")
@click.option("--user", "email", help="Only this person (their latest due week by default).")
def weekly_command(week: str | None, email: str | None) -> None:
    """Compute weekly summaries now. Without options: the due and dirty ones (what the
    consumer does every 15 minutes); with --week or --user: recompute, existing ones too."""
    from server.core.weeks import parse_week
    from server.extensions import db
    from server.jobs.weekly import recompute, run_weekly
    from server.models import User

    now = datetime.now(UTC)
    if week is None and email is None:
        click.echo(f"weekly: {run_weekly(now)}")
        return
    try:
        monday = parse_week(week) if week is not None else None
    except ValueError as error:
        raise click.BadParameter("use an ISO week like 2026-W47", param_hint="--week") from error
    user_ids = None
    if email is not None:
        user = db.session.scalar(db.select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise click.ClickException(f"no account with the email {email!r}")
        user_ids = [user.id]
    reports = recompute(now, monday, user_ids)
    if not reports:
        click.echo("weekly: nobody to summarise")
    for label, report in reports.items():
        click.echo(f"{label}: {report}")


@push_cli.command("vapid")
@click.option("--rotate", is_flag=True, help="Replace the key pair (subscriptions must renew).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation when rotating.")
def vapid_command(rotate: bool, yes: bool) -> None:
    """Print the VAPID public key (the browser's applicationServerKey)."""
    from server.push.runtime import runtime

    push = runtime()
    if rotate:
        if push.private_key_env:
            raise click.ClickException(
                "VAPID_PRIVATE_KEY is set in the environment: change it there instead."
            )
        click.echo(
            "Warning: every existing push subscription stops working after a rotation. "
            "Each device must subscribe again (the app does so when it next opens).",
            err=True,
        )
        if not yes:
            click.confirm("Rotate the VAPID key pair?", abort=True)
        push.rotate()
    click.echo(push.keys.public_key_b64url)


@users_cli.command("reset-password")
@click.argument("email")
def reset_password_command(email: str) -> None:
    """Print a single-use link for EMAIL to choose a new password (give it to them privately).

    The operator never learns the new password; the link expires after RESET_TOKEN_MINUTES."""
    from datetime import timedelta

    from flask import current_app

    from server.auth import account_store
    from server.auth.schemas import normalise_email

    user = account_store.user_by_email(normalise_email(email))
    if user is None:
        raise click.ClickException(f"No account uses {email!r}.")
    minutes = current_app.config["RESET_TOKEN_MINUTES"]
    token = account_store.issue_reset_token(user, datetime.now(UTC), timedelta(minutes=minutes))
    base = current_app.config["PUBLIC_URL"] or ""
    click.echo(f"Send this link to {user.email} privately; it works once, for {minutes} minutes:")
    click.echo(f"{base}/reset#token={token}")
    if not base:
        click.echo(
            "(Put your server's address in front; set PUBLIC_URL to have it here.)", err=True
        )


def init_app(app: Flask) -> None:
    app.cli.add_command(jobs_cli)
    app.cli.add_command(push_cli)
    app.cli.add_command(users_cli)
