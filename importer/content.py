"""Post bodies from WordPress markup.

placeholder: replaced by the converter from the importer-content branch. It keeps only
the text, as one sanitised paragraph block, so that the rest of the importer can be built
and tested; the converter maps headings, lists, images, quotes, tables, code, embeds,
galleries and block-editor markup to Bulletin's body blocks.
"""

import re

from bs4 import BeautifulSoup

from django.utils.html import escape

SHORTCODE = re.compile(r"\[([a-zA-Z][\w-]*)[^\]]*\]")


def convert(html, *, images, links):
    """(blocks, notes): `blocks` a list of (block type, value) pairs for PostPage.body;
    `notes` what could not be mapped. `images(url_or_attachment_id)` returns an image or
    None; `links(url)` the new address of an old link, or None."""
    notes = [f"shortcode [{name}] kept as text" for name in sorted(set(SHORTCODE.findall(html)))]
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    if not text:
        return [], notes
    return [("paragraph", f"<p>{escape(text)}</p>")], notes
