"""Push into the real service worker of a page, the way a push service would reach it.

CDP's ServiceWorker domain delivers a push message to a registration; the worker's `push`
handler runs exactly as for a real push. The registration id comes from
`workerRegistrationUpdated`, which lists every registration the browser knows (deleted ones
included): the live one for the origin's root scope is the one to use.
"""

from __future__ import annotations

import json
import time
from typing import Any


def wait_until(page, check, timeout: float = 10.0) -> Any:
    """Poll `check`, letting Playwright dispatch events (CDP callbacks run only then)."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the condition")
        page.wait_for_timeout(100)
    return result


def deliver_push(context, page, origin: str, payload: dict[str, Any] | str) -> None:
    cdp = context.new_cdp_session(page)
    registrations: dict[str, dict[str, Any]] = {}
    versions: dict[str, dict[str, Any]] = {}

    def registrations_updated(event: dict[str, Any]) -> None:
        for registration in event["registrations"]:
            registrations[registration["registrationId"]] = registration

    def versions_updated(event: dict[str, Any]) -> None:
        for version in event["versions"]:
            versions[version["versionId"]] = version

    cdp.on("ServiceWorker.workerRegistrationUpdated", registrations_updated)
    cdp.on("ServiceWorker.workerVersionUpdated", versions_updated)
    cdp.send("ServiceWorker.enable")

    def live() -> str | None:
        # A push sent before DevTools has reported the registration's activated, running
        # version can be dropped (seen about one run in five), so wait for that report.
        for registration in registrations.values():
            if registration["isDeleted"] or registration["scopeURL"] != f"{origin}/":
                continue
            rid = registration["registrationId"]
            if any(
                v["registrationId"] == rid
                and v["status"] == "activated"
                and v["runningStatus"] == "running"
                for v in versions.values()
            ):
                return rid
        return None

    registration_id = wait_until(page, live)
    data = payload if isinstance(payload, str) else json.dumps(payload)
    tag, body = _expected(payload)
    # CDP's emulated delivery now and then never reaches the worker (about one run in eight
    # here, with no error reported). That is the emulation, not the app: a real push service
    # retries until the browser acknowledges. So deliver again, at most three times, until the
    # notification this payload should produce is showing; a repeat with its tag replaces it.
    for _attempt in range(3):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": origin, "registrationId": registration_id, "data": data},
        )
        try:
            wait_until(page, lambda: _showing(page, tag, body), timeout=4.0)
            break
        except AssertionError:
            continue
    cdp.detach()


def _expected(payload: dict[str, Any] | str) -> tuple[str, str]:
    if isinstance(payload, str):
        return "small-wins", payload
    return str(payload.get("tag", "small-wins")), str(payload.get("body", ""))


def _showing(page, tag: str, body: str) -> bool:
    return any(shown["body"] == body for shown in notifications(page, tag))


def notifications(page, tag: str | None = None) -> list[dict[str, Any]]:
    """The notifications the service worker is showing, as plain data."""
    return page.evaluate(
        """async (tag) => {
            const registration = await navigator.serviceWorker.ready
            const shown = await registration.getNotifications(tag ? { tag } : undefined)
            return shown.map((n) => ({
                title: n.title, body: n.body, tag: n.tag, data: n.data,
                actions: (n.actions || []).map((a) => ({ action: a.action, title: a.title })),
            }))
        }""",
        tag,
    )


def wait_for_notification(page, tag: str, timeout: float = 10.0) -> dict[str, Any]:
    return wait_until(page, lambda: next(iter(notifications(page, tag)), None), timeout)


def click_notification(context, tag: str, action: str = "") -> None:
    """Run the worker's notificationclick handler for the notification tagged `tag`.

    Headless Chromium has no notification UI to click and CDP has no command for it, so the
    event is dispatched inside the service worker with the real Notification object. (A
    synthetic event's waitUntil() throws, but the handler has already started the work.)
    """
    [worker] = context.service_workers
    worker.evaluate(
        """async ([tag, action]) => {
            const [notification] = await self.registration.getNotifications({ tag })
            self.dispatchEvent(new NotificationEvent('notificationclick', { notification, action }))
        }""",
        [tag, action],
    )
