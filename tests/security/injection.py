"""An injection payload and the check that it came out as text wherever it is shown."""

import json

from bs4 import BeautifulSoup

# Breaks out of an element, of a <script> data block, of a double- and a single-quoted
# attribute; every way out ends in something that runs if it is not escaped.
PAYLOAD = (
    '</script><script>alert("x")</script>'
    '" onmouseover="alert(1)'
    "' onfocus='alert(2)"
    "<img src=x onerror=alert(3)>"
)
EXECUTABLE_SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript"}


def assert_inert(html, where=""):
    """Nothing in `html` (a page, or HTML inside a feed) runs the payload: no event handler
    attribute, no executable script with it, no <img src="x">, no data block closed early."""
    document = BeautifulSoup(html, "html.parser")
    for element in document.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"{where}: <{element.name} {handlers[0]}=...> injected"
    for script in document.find_all("script"):
        kind = (script.get("type") or "").lower()
        text = script.string or ""
        if kind in EXECUTABLE_SCRIPT_TYPES:
            assert "alert(" not in text, f"{where}: script with the payload: {text[:80]}"
        elif "json" in kind and text.strip():
            json.loads(text)  # a data block the payload cut short would not parse
    assert not document.select('img[src="x"]'), f"{where}: <img src=x> injected"


def assert_shown_as_text(html, where=""):
    """The payload is on the page as readable text (so escaping, not dropping, made it safe)."""
    text = BeautifulSoup(html, "html.parser").get_text()
    assert '<script>alert("x")</script>' in text, f"{where}: payload not shown as text"
