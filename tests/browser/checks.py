"""The accessibility and validity checks every browser test shares."""

import json
import subprocess

from tests.browser.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page):
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]


def nu_html_errors(page, base_url, paths, folder):
    """The Nu Html Checker's errors on each of `paths` ({name: path}), as served."""
    files = []
    for name, path in paths.items():
        page.goto(base_url + path)
        html = page.evaluate("() => fetch(location.href).then(r => r.text())")
        target = folder / f"{name.replace(' ', '-')}.html"
        target.write_text(html)
        files.append(str(target))
    result = subprocess.run(  # noqa: S603 - fixed command
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]


# Reflow (WCAG 2.2 1.4.10): the page's width against the viewport's, and the widest element
# that is not inside a box of its own that scrolls.
MEASURE = """() => {
  const root = document.documentElement;
  const scrolls = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  let widest = null, right = root.clientWidth;
  for (const el of document.body.querySelectorAll('*')) {
    const edge = el.getBoundingClientRect().right;
    if (edge > right && !scrolls(el)) { right = edge; widest = el; }
  }
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
  return {
    scrollWidth: root.scrollWidth,
    viewport: root.clientWidth,
    widest: widest ? `${name(widest)} (${Math.round(right)} px)` : 'none found',
  };
}"""


def wider_than(page, width):
    """At `width` px, how far the page is too wide (None when it fits), naming the widest
    element; the viewport is left at that width."""
    page.set_viewport_size({"width": width, "height": 900})
    size = page.evaluate(MEASURE)
    if size["scrollWidth"] > size["viewport"]:
        return f"{size['scrollWidth']} px wide; widest: {size['widest']}"
    return None
