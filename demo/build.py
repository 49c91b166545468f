"""Short constructors for body blocks, so the demo posts read like the posts they are.

Each returns a (block_type, value) pair for `make_post(body=...)`, with every child of a
struct block given, as the page editor would save it.
"""


def paragraph(html):
    return ("paragraph", html)


def heading(text, numbered=False, level=2):
    """`level` 2 for a section of the post, 3 for a part of the section above, 4 below that."""
    return ("heading", {"text": text, "numbered": numbered, "level": str(level)})


def contents(heading_text="Contents"):
    return ("contents", {"heading": heading_text})


def person(snippet=None, name="", job_title="", organisation=""):
    """A speaker or panellist: a Person snippet, or a name typed in for a one-off."""
    return {"person": snippet, "name": name, "job_title": job_title, "organisation": organisation}


def speaker(who, write_up, talk_title=""):
    """`who` is a Person snippet, or `person(name=...)` for a speaker typed in."""
    who = who if isinstance(who, dict) else person(who)
    return ("speaker", {"speaker": who, "talk_title": talk_title, "write_up": write_up})


def panel(panellists, write_up, title="", chair=None):
    return (
        "panel",
        {
            "title": title,
            "chair": person(chair),
            "panellists": [person(p) for p in panellists],
            "write_up": write_up,
        },
    )


def bullets(*items):
    return ("list", {"style": "bullet", "items": list(items)})


def numbered(*items):
    return ("list", {"style": "number", "items": list(items)})


def image(picture, caption="", alt_text="", credit=""):
    return (
        "image",
        {"image": picture, "alt_text": alt_text, "caption": caption, "credit": credit},
    )


def quote(text, attribution="", role=""):
    return ("quote", {"quote": text, "attribution": attribution, "role": role})


def callout(html, style="inset", heading_text=""):
    return ("callout", {"style": style, "heading": heading_text, "text": html})


def key_figures(*figures, heading_text=""):
    """`figures` are (figure, label) pairs: ("100+", "attendees")."""
    return (
        "key_figures",
        {
            "heading": heading_text,
            "figures": [{"figure": figure, "label": label} for figure, label in figures],
        },
    )


def event(name, date, place="", url="", end_date=None):
    return (
        "event",
        {"name": name, "date": date, "end_date": end_date, "place": place, "url": url},
    )


def table(rows, caption="", header_row=True, header_column=False):
    return (
        "table",
        {
            "first_row_is_table_header": header_row,
            "first_col_is_header": header_column,
            "table_caption": caption,
            "data": [list(row) for row in rows],
        },
    )


def code(text, language="text", caption=""):
    return ("code", {"language": language, "code": text, "caption": caption})


def embed(url, title, provider="", transcript=""):
    return ("embed", {"url": url, "title": title, "provider": provider, "transcript": transcript})


def link(url="", text="", page=None):
    return {"page": page, "url": url, "text": text}


def related_links(*links, heading_text="You may also be interested in", level=2):
    return ("related_links", {"heading": heading_text, "level": str(level), "links": list(links)})


def picked_post(page, text=""):
    """A post chosen for another post's "You may also be interested in" (related_links)."""
    return ("post", {"page": page, "text": text})


def picked_link(url, text):
    """A page of another website for a post's "You may also be interested in"."""
    return ("link", {"url": url, "text": text})


def alerts(text=""):
    return ("alerts", {"text": text})
