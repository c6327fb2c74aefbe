"""Randomized: several devices of one person log, edit and delete wins while going offline,
reloading and closing pages right after Enter; at the end every device and the server agree.

Each device is a browser context (its own IndexedDB, localStorage and service worker) against
the live server. A seeded random script drives them; the model of what must survive is simple
because each win is only ever changed by the device that logged it: its last entered text, or
gone if its last word was Delete. "Entered" means Enter (or Delete) was pressed, nothing more:
a page closed or reloaded a moment later must still keep it.

CI runs the fixed seeds below. Run many more with, e.g.:

    RANDOM_DEVICE_SEEDS=1-200 pytest tests/e2e/test_random_devices.py -q     # a range
    RANDOM_DEVICE_SEEDS=7,42 pytest tests/e2e/test_random_devices.py -q      # a list
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field

import pytest

from tests.e2e.helpers import server_wins, shown_wins, sign_in, sign_up, sync_now
from tests.factories import new_email

pytestmark = pytest.mark.e2e

DEVICES = 3
STEPS = 14
CI_SEEDS = "1-3"


def seeds_from(spec: str) -> list[int]:
    """'1-3,9' → [1, 2, 3, 9]."""
    seeds: list[int] = []
    for part in spec.replace(" ", "").split(","):
        if "-" in part:
            low, high = part.split("-", 1)
            seeds.extend(range(int(low), int(high) + 1))
        elif part:
            seeds.append(int(part))
    return seeds


@dataclass
class Device:
    name: str
    context: object
    page: object = None
    offline: bool = False
    owned: list[str] = field(default_factory=list)  # tags of the wins this device logged


@dataclass
class Model:
    seed: int
    texts: dict[str, str | None] = field(default_factory=dict)  # tag → last text, None: deleted
    log: list[str] = field(default_factory=list)

    def expected(self) -> list[str]:
        return sorted(text for text in self.texts.values() if text is not None)


def open_today(device: Device) -> None:
    device.page = device.context.new_page()
    device.page.goto("/today")
    device.page.get_by_label("What went well?").wait_for()


def item(page, tag: str):
    return page.locator("li.win").filter(has_text=f"{tag} ")


def wait_until_shown(device: Device, model: Model, tag: str, timeout: float = 15.0) -> None:
    """Until the device lists the win as last entered (or no longer lists it): a loss shows
    up here as a clear failure, not as a click that times out."""
    want = model.texts[tag]
    deadline = time.monotonic() + timeout
    while True:
        shown = [text for text in shown_wins(device.page) if text.startswith(f"{tag} ")]
        if shown == ([] if want is None else [want]):
            return
        if time.monotonic() > deadline:
            raise AssertionError(
                f"seed {model.seed}: {device.name} shows {shown} for {tag}, wants {want!r}\n"
                + "\n".join(model.log)
            )
        device.page.wait_for_timeout(100)


def then_maybe_leave(device: Device, model: Model, rng: random.Random, tag: str) -> None:
    """Right after Enter: close the page, reload it, or stay and see it stored."""
    roll = rng.random()
    if roll < 0.3:
        model.log.append(f"{device.name}: close at once, reopen")
        device.page.close()
        open_today(device)
    elif roll < 0.5:
        model.log.append(f"{device.name}: reload at once")
        device.page.reload()
        device.page.get_by_label("What went well?").wait_for()
    wait_until_shown(device, model, tag)


def log(device: Device, model: Model, rng: random.Random) -> None:
    tag = f"[{model.seed}:{len(model.texts) + 1}]"
    text = f"{tag} logged on {device.name}"
    model.texts[tag] = text
    device.owned.append(tag)
    model.log.append(f"{device.name}: log {text!r}")
    box = device.page.get_by_label("What went well?")
    box.fill(text)
    box.press("Enter")
    then_maybe_leave(device, model, rng, tag)


def edit(device: Device, model: Model, rng: random.Random) -> None:
    live = [tag for tag in device.owned if model.texts[tag] is not None]
    if not live:
        return log(device, model, rng)
    tag = rng.choice(live)
    wait_until_shown(device, model, tag)
    text = f"{tag} edited to {rng.randrange(1000)} on {device.name}"
    model.log.append(f"{device.name}: edit {model.texts[tag]!r} → {text!r}")
    model.texts[tag] = text
    item(device.page, tag).locator(".win__text").click()
    editor = device.page.get_by_label("Edit this win")
    editor.fill(text)
    editor.press("Enter")
    then_maybe_leave(device, model, rng, tag)


def delete(device: Device, model: Model, rng: random.Random) -> None:
    live = [tag for tag in device.owned if model.texts[tag] is not None]
    if not live:
        return log(device, model, rng)
    tag = rng.choice(live)
    wait_until_shown(device, model, tag)
    item(device.page, tag).get_by_role("button", name="Delete").click()
    if rng.random() < 0.3:
        model.log.append(f"{device.name}: delete {tag}, then Undo")
        device.page.get_by_role("button", name="Undo").click()
    else:
        model.log.append(f"{device.name}: delete {tag}")
        model.texts[tag] = None
    then_maybe_leave(device, model, rng, tag)


def toggle_offline(device: Device, model: Model, rng: random.Random) -> None:
    device.offline = not device.offline
    model.log.append(f"{device.name}: {'offline' if device.offline else 'online'}")
    device.context.set_offline(device.offline)


def reload_or_reopen(device: Device, model: Model, rng: random.Random) -> None:
    if rng.random() < 0.5:
        model.log.append(f"{device.name}: reload")
        device.page.reload()
        device.page.get_by_label("What went well?").wait_for()
    else:
        model.log.append(f"{device.name}: close, reopen")
        device.page.close()
        open_today(device)


ACTIONS = [(log, 5), (edit, 2), (delete, 2), (toggle_offline, 2), (reload_or_reopen, 1)]


def converge(devices: list[Device], model: Model, timeout: float = 45.0) -> None:
    """Everyone online and syncing until every device lists exactly the expected wins."""
    want = model.expected()
    deadline = time.monotonic() + timeout
    for device in devices:
        device.context.set_offline(False)
    while True:
        shown = {device.name: sorted(shown_wins(device.page)) for device in devices}
        if all(texts == want for texts in shown.values()):
            return
        if time.monotonic() > deadline:
            raise AssertionError(
                f"seed {model.seed}: devices never agreed.\nwant {want}\n"
                + "\n".join(f"{name}: {texts}" for name, texts in shown.items())
                + "\n"
                + "\n".join(model.log)
            )
        for device in devices:
            sync_now(device.page)
        devices[0].page.wait_for_timeout(500)


@pytest.mark.parametrize("seed", seeds_from(os.environ.get("RANDOM_DEVICE_SEEDS", CI_SEEDS)))
def test_random_devices_keep_every_entered_win_exactly_once(seed, browser, live_server) -> None:
    rng = random.Random(seed)
    model = Model(seed)
    email = new_email()
    devices = [
        Device(f"device {i + 1}", browser.new_context(base_url=live_server.url))
        for i in range(DEVICES)
    ]
    try:
        for index, device in enumerate(devices):
            device.page = device.context.new_page()
            (sign_up if index == 0 else sign_in)(device.page, email)
            # The shell must be cached before a device can reload or reopen offline.
            device.page.wait_for_function(
                "navigator.serviceWorker.ready.then(() => true)", timeout=15_000
            )
        actions, weights = zip(*ACTIONS, strict=True)
        for _ in range(STEPS):
            action = rng.choices(actions, weights)[0]
            action(rng.choice(devices), model, rng)

        converge(devices, model)
        stored = sorted(w.text for w in server_wins(live_server, email) if not w.deleted)
        assert stored == model.expected(), "\n".join(model.log)
    finally:
        for device in devices:
            device.context.close()
