"""Accessibility of what a browser test has on screen, checked by axe-core (Deque's rules engine, from npm; `make
setup` caches it, deploy/devstack/axe.py): the page fails on any serious or critical violation, listed readably."""

from __future__ import annotations

from functools import cache

from playwright.async_api import Page

from deploy.devstack import axe

FAILING_IMPACTS = ("serious", "critical")
NODES_SHOWN = 5  # per rule: enough to find the markup, not a page of selectors


@cache
def _axe_source() -> str:
    script = axe.script_path()
    if not script.is_file():
        raise AssertionError(f"axe-core is missing at {script}: run `make setup` (deploy/devstack/axe.py)")
    return script.read_text(encoding="utf-8")


async def violations(page: Page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now (every rule axe runs by default: WCAG 2.x A
    and AA and best practices)."""
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not stop the script.
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.evaluate(_axe_source())
    result = await page.evaluate("""async () => {
        const found = await window.axe.run(document, {resultTypes: ["violations"]});
        return found.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary}))}));
    }""")
    return [v for v in result if v["impact"] in FAILING_IMPACTS]


def describe(found: list[dict]) -> str:
    lines: list[str] = []
    for violation in found:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:NODES_SHOWN]:
            lines.append(f"    at {node['target']}: {node['html'][:160]}")
            summary = " ".join(node["summary"].split()) if node["summary"] else ""
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > NODES_SHOWN:
            lines.append(f"    … and {len(violation['nodes']) - NODES_SHOWN} more")
    return "\n".join(lines)


async def assert_accessible(page: Page) -> None:
    """Fails when axe-core finds a serious or critical violation on the page, naming each rule and where."""
    found = await violations(page)
    width = page.viewport_size["width"] if page.viewport_size else "?"
    assert not found, f"accessibility violations on {page.url} at {width} px:\n{describe(found)}"
