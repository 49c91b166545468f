"""Helpers for checking rendered pages."""

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def assert_csp_safe(html):
    """No inline script and no style attribute: the strict CSP would block them.

    JSON-LD data blocks are allowed: browsers never execute them, so the CSP ignores them."""
    document = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    inline = [
        s
        for s in document.find_all("script")
        if not s.get("src") and s.get("type") != "application/ld+json"
    ]
    assert not inline, f"inline <script>: {inline[0]}"
    styled = document.select("[style]")
    assert not styled, f"style attribute on <{styled[0].name}>"
    assert not document.find_all("style"), "<style> element"
