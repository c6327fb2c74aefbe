"""Capture latency and Today's start-up, in real headless Chromium against a live server.

    .venv/bin/python bench/capture_latency.py [--captures 100] [--wins 5000]

1. Enter → the win in the list: a capture-phase keydown listener notes performance.now() when
   Enter is pressed in "What went well?"; a MutationObserver notes when the win's text appears
   in the list. p95 over N captures. Today lists a win only once its IndexedDB write has
   committed (shown means stored, see client/src/components/WinCapture.tsx), so both figures printed
   are the same: Enter → the item backed by its committed row.
   Baselines in the same page and run: a bare DOM append on Enter (the floor of any UI), and a
   raw IndexedDB put followed by the append (the floor of a durable local write).
2. Time to interactive of Today, loaded from the service worker cache, with W wins stored on the
   device: from navigation start until the box is focused and today's list (or the empty state)
   is shown. Median of 5 reloads. Target: ≤ 1 s. Baseline: the same with an empty database.

Needs `make client` (client/dist) and Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from server.extensions import db  # noqa: E402
from tests.conftest import make_app  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS, CLIENT_DIST, LiveServer, chromium_path  # noqa: E402
from tests.e2e.helpers import sign_up, sync_now, wait_for_service_worker, wait_for_status  # noqa: E402

PROBE = Path(__file__).with_name("capture_probe.js").read_text()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def measure_captures(page, count: int) -> tuple[list[float], list[float]]:
    page.evaluate("() => window.__bench.watchCaptures()")
    box = page.get_by_label("What went well?")
    for i in range(count):
        text = f"Bench win {i:03d}"
        box.fill(text)
        box.press("Enter")
        page.wait_for_function("n => window.__bench.latencies.length >= n", arg=i + 1)
    return page.evaluate("() => [window.__bench.latencies, window.__bench.stored]")


def measure_baseline(page, count: int, durable: bool) -> list[float]:
    return page.evaluate("([n, durable]) => window.__bench.baseline(n, durable)", [count, durable])


def seed_server(page, wins: int) -> None:
    """Push `wins` past wins through the real sync endpoint as if from another device."""
    page.evaluate("n => window.__bench.seed(n)", wins)
    sync_now(page)
    wait_for_status(page, "synced", timeout=120_000)
    page.wait_for_function(
        "n => window.__bench.countRecords().then(c => c >= n)", arg=wins, timeout=120_000
    )


def time_to_interactive(page, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        page.reload()
        page.wait_for_function("() => window.__tti !== null", timeout=30_000)
        times.append(page.evaluate("() => window.__tti"))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--captures", type=int, default=100)
    parser.add_argument("--wins", type=int, default=5000)
    args = parser.parse_args()
    if not (CLIENT_DIST / "index.html").is_file():
        sys.exit("client/dist is missing: run `make client` first")

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/bench.sqlite3", Path(tmp), CLIENT_DIST=CLIENT_DIST)
        app.config["TESTING"] = False
        with app.app_context():
            db.create_all()
        server = LiveServer(app)
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
                )
                context = browser.new_context(base_url=server.url)
                context.add_init_script(PROBE)
                page = context.new_page()
                sign_up(page, "bench@example.org")
                wait_for_service_worker(page)
                wait_for_status(page, "synced")

                empty_tti = time_to_interactive(page)
                bare = measure_baseline(page, args.captures, durable=False)
                raw_idb = measure_baseline(page, args.captures, durable=True)
                page.reload()
                page.get_by_label("What went well?").wait_for()
                captures, stored = measure_captures(page, args.captures)
                wait_for_status(page, "synced", timeout=60_000)

                seed_server(page, args.wins)
                full_tti = time_to_interactive(page)
                browser.close()
        finally:
            server.stop()

    cap, base, floor = p95(captures), p95(bare), p95(raw_idb)
    print(
        f"capture → list, p95 over {len(captures)}: {cap:.1f} ms (target ≤ 16 ms)"
        f"  median {statistics.median(captures):.1f} ms  max {max(captures):.1f} ms"
    )
    print(
        f"  Enter → shown from its stored row (committed, live query) p95: {p95(stored):.1f} ms"
        f"  median {statistics.median(stored):.1f} ms"
    )
    print(f"  baseline bare DOM append p95: {base:.2f} ms   ratio {cap / max(base, 0.01):.0f}×")
    print(
        f"  baseline raw IndexedDB put + append p95: {floor:.1f} ms"
        f"   ratio {cap / max(floor, 0.01):.2f}×"
    )
    print(
        f"Today TTI from the SW cache with {args.wins} wins stored: {full_tti:.0f} ms"
        " (target ≤ 1000 ms)"
    )
    print(
        f"  baseline: empty database {empty_tti:.0f} ms   ratio {full_tti / max(empty_tti, 1):.2f}×"
    )


if __name__ == "__main__":
    main()
