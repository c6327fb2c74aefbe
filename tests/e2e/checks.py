"""Page checks shared by browser tests: axe-core with no violations, and no horizontal scroll.

axe-core is an npm dev dependency of the client (client/node_modules/axe-core); it is injected
with Playwright, so the browser context must bypass the app's Content-Security-Policy.
"""

from __future__ import annotations

from server.config import PROJECT_ROOT

AXE = PROJECT_ROOT / "client" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, one line each (empty when clean)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, { resultTypes: ['violations'] })
            return result.violations.map(v =>
                `${v.id}: ${v.help} @ ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
        }"""
    )
    return list(found)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
