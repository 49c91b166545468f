"""Post body blocks: each one renders, headings are numbered, and what writers type is escaped."""

import datetime

import pytest
from bs4 import BeautifulSoup

from wagtail.blocks import StructBlockValidationError

from demo.factories import make_blog, make_home, make_image, make_person
from posts.blocks import LinkBlock, PersonFields, PostBodyBlock

BODY = PostBodyBlock()
SCRIPT = "<script>alert(1)</script>"

# A piece of each block's preview value that its rendering must show, as a reader reads it.
PREVIEW_TEXT = {
    "paragraph": "over 100 attendees from 30 government organisations",
    "heading": "New guidance for coding in the open",
    "contents": "1. New guidance for coding in the open",
    "speaker": "Speaker: Jason Paige, Head of Software Engineering, HM Courts & Tribunals Service",
    "panel": "Ahana Datta, Head of Technical Security",
    "list": "make use of peer reviews",
    "image": "L-R Anna Shipman, Ahana Datta, Jenny Duckett",
    "quote": "Anna Shipman, Open Source Lead, GDS",
    "callout": "Registration closes on 1 March.",
    "key_figures": "93% would recommend a future event",
    "event": "26 September 2017",
    "table": "Attendance",
    "code": "git clone https://github.com/alphagov/",
    "embed": "Open Source meetup talks on YouTube",
    "related_links": "Making source code open and reusable",
    "alerts": "Stay up to date by signing up to alerts from this blog.",
}


def soup(html):
    return BeautifulSoup(html, "html.parser")


def text(html_or_tag):
    node = soup(html_or_tag) if isinstance(html_or_tag, str) else html_or_tag
    return " ".join(node.get_text().split())


def render(name, raw, **context):
    block = BODY.child_blocks[name]
    return block.render(block.to_python(raw), context=context)


def render_body(raw, **context):
    return BODY.render(BODY.to_python(raw), context=context)


# (a) Every block renders its preview.


def test_every_block_has_an_expected_preview_text():
    assert set(PREVIEW_TEXT) == set(BODY.child_blocks)


@pytest.mark.parametrize("name", list(BODY.child_blocks))
def test_block_has_icon_description_template_and_preview(name):
    block = BODY.child_blocks[name]
    assert block.meta.icon not in (None, "", "placeholder")
    assert block.get_description()
    assert block.meta.template == f"posts/blocks/{name}.html"
    assert block.meta.preview_value


@pytest.mark.parametrize("name", list(BODY.child_blocks))
def test_block_renders_its_preview_value(name):
    block = BODY.child_blocks[name]
    value = block.get_preview_value()
    html = block.render(value, context=block.get_preview_context(value, {}))
    assert html.strip()
    assert PREVIEW_TEXT[name] in text(html)


# (b) Headings are numbered and anchored across the body; the contents block lists them.


LINK = {"page": None, "url": "https://www.gov.uk/", "text": "GOV.UK"}


def heading(text, numbered, block_id=None):
    raw = {"type": "heading", "value": {"text": text, "numbered": numbered}}
    return {**raw, "id": block_id} if block_id else raw


@pytest.mark.parametrize("with_ids", [True, False], ids=["saved", "unsaved"])
def test_headings_are_numbered_in_order_with_unique_anchors(with_ids):
    html = render_body(
        [
            {"type": "contents", "value": {"heading": "Contents"}},
            heading("New guidance for coding in the open", True, with_ids and "h1"),
            {"type": "paragraph", "value": "<p>Kicking off proceedings was Anna.</p>"},
            heading("Questions", False, with_ids and "h2"),
            heading("Questions", True, with_ids and "h3"),
        ]
    )
    headings = soup(html).select("h2.govuk-heading-l")
    assert [text(h) for h in headings] == [
        "1. New guidance for coding in the open",
        "Questions",
        "2. Questions",
    ]
    anchors = [h["id"] for h in headings]
    assert anchors == ["new-guidance-for-coding-in-the-open", "questions", "questions-2"]

    contents = soup(html).find("nav", attrs={"aria-label": "Contents"})
    links = contents.select("ol li a")
    assert [a["href"] for a in links] == [f"#{anchor}" for anchor in anchors]
    assert [text(a) for a in links] == [text(h) for h in headings]
    assert "Kicking off proceedings" in text(html)


def test_heading_anchor_does_not_clash_with_the_page():
    html = render_body([heading("Main content", False)])
    assert soup(html).h2["id"] == "main-content-2"


def test_heading_on_its_own_has_no_anchor():
    html = render("heading", {"text": "Questions", "numbered": True})
    assert text(html) == "Questions"
    assert not soup(html).h2.has_attr("id")


def test_heading_levels_render_one_level_down_and_contents_lists_the_sections():
    html = render_body(
        [
            {"type": "contents", "value": {"heading": "Contents"}},
            {"type": "heading", "value": {"text": "New guidance", "numbered": True}},
            {"type": "heading", "value": {"text": "The detail", "numbered": False, "level": "3"}},
            {"type": "heading", "value": {"text": "Finer", "numbered": False, "level": "4"}},
            {
                "type": "related_links",
                "value": {"heading": "Read more", "level": "3", "links": [LINK]},
            },
            {"type": "heading", "value": {"text": "Next", "numbered": True, "level": "2"}},
        ]
    )
    page = soup(html)
    outline = [(h.name, text(h), h.get("class")) for h in page.find_all(["h2", "h3", "h4"])]
    assert outline == [
        ("h2", "Contents", ["govuk-heading-s", "govuk-!-margin-bottom-2"]),
        ("h2", "1. New guidance", ["govuk-heading-l"]),
        ("h3", "The detail", ["govuk-heading-m"]),
        ("h4", "Finer", ["govuk-heading-s"]),
        ("h3", "Read more", ["govuk-heading-s"]),
        ("h2", "2. Next", ["govuk-heading-l"]),
    ]
    assert page.find("h3", string="The detail")["id"] == "the-detail"
    contents = page.find("nav", attrs={"aria-label": "Contents"})
    assert [text(a) for a in contents.select("a")] == ["1. New guidance", "2. Next"]


def test_the_heading_block_offers_levels_two_to_four():
    level = BODY.child_blocks["heading"].child_blocks["level"]
    assert [value for value, _label in level.field.choices if value] == ["2", "3", "4"]
    assert level.get_default() == "2"
    assert "never skip a level" in level.field.help_text


def test_contents_without_headings_renders_nothing():
    html = render_body([{"type": "contents", "value": {"heading": "Contents"}}])
    assert html.strip() == ""


# (c) What writers type is text, never markup.


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("quote", {"quote": SCRIPT, "attribution": SCRIPT, "role": SCRIPT}),
        ("list", {"style": "number", "items": [SCRIPT]}),
        ("code", {"language": "html", "code": SCRIPT, "caption": SCRIPT}),
        (
            "table",
            {
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_caption": SCRIPT,
                "data": [[SCRIPT, "b"], [SCRIPT, SCRIPT]],
            },
        ),
        ("heading", {"text": SCRIPT, "numbered": False}),
        ("event", {"name": SCRIPT, "date": "2017-09-26", "place": SCRIPT}),
        ("embed", {"url": "https://example.com/", "title": SCRIPT, "provider": SCRIPT}),
        ("speaker", {"speaker": {"name": SCRIPT}, "talk_title": SCRIPT, "write_up": ""}),
    ],
)
def test_user_text_is_escaped(name, raw):
    html = render(name, raw)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_table_uses_govuk_markup_with_header_row_and_column():
    html = render(
        "table",
        {
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_caption": "Attendance",
            "data": [["Meetup", "Attendees"], ["Second", "100"]],
        },
    )
    table = soup(html).find("table", class_="govuk-table")
    assert text(table.caption) == "Attendance"
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col", "col"]
    row_header = table.tbody.find("th")
    assert (row_header["scope"], text(row_header)) == ("row", "Second")
    assert text(table.tbody.find("td", class_="govuk-table__cell")) == "100"


def test_code_is_shown_exactly_and_can_be_scrolled_by_keyboard():
    html = render("code", {"language": "python", "code": "if a < b:\n    print(a)"})
    pre = soup(html).pre
    assert pre["tabindex"] == "0"
    assert pre.code["class"] == ["language-python"]
    assert pre.code.string == "if a < b:\n    print(a)"


# (d) Images: rendition, alt text, caption, credit and licence.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("width", "widths"),
    [(2000, [1280, 960, 480]), (960, [960, 480]), (1000, [1000, 960, 480]), (300, [300])],
)
def test_image_srcset_never_repeats_a_width(width, widths):
    # Wagtail never enlarges: asking for 1280 of a 960 image gives 960 again, and a srcset
    # with two candidates of one width is invalid HTML.
    image = make_image(width=width, height=width // 2, alt_text="A chart")
    figure = soup(render("image", {"image": image.pk})).figure
    for element in [*figure.find_all("source"), figure.img]:
        candidates = [c.split() for c in element.get("srcset", "").split(",") if c.strip()]
        if len(widths) > 1:
            assert [int(c[1].rstrip("w")) for c in candidates] == widths, element
        else:  # one file per format: no width descriptors at all, so no sizes either
            assert all(len(c) == 1 for c in candidates), element
            assert not element.has_attr("sizes"), element
    assert figure.find("source", type="image/webp")
    assert int(figure.img["width"]) == widths[0]
    assert figure.img["height"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "override", "alt"),
    [
        ({"alt_text": "A chart of visits"}, "", "A chart of visits"),
        ({"alt_text": "A chart of visits"}, "Visits by month", "Visits by month"),
        ({"alt_text": "", "is_decorative": True}, "", ""),
        ({"alt_text": ""}, "", ""),  # not described yet: never the title
    ],
)
def test_image_alt_is_empty_only_for_decorative_images(fields, override, alt):
    image = make_image("Untitled chart", **fields)
    img = soup(render("image", {"image": image.pk, "alt_text": override})).figure.img
    assert img["alt"] == alt


@pytest.mark.django_db
def test_image_block_renders_rendition_alt_caption_credit_and_licence():
    image = make_image(
        width=1600,
        height=900,
        alt_text="Three panellists on a stage",
        credit="GDS",
        source_url="https://www.flickr.com/photos/example/1",
    )
    html = render("image", {"image": image.pk, "caption": "L-R Anna Shipman, Ahana Datta"})
    figure = soup(html).figure
    img = figure.img
    assert img["alt"] == "Three panellists on a stage"
    assert (img["width"], img["height"]) == ("1280", "720")
    assert img["loading"] == "lazy"
    assert "480w" in img["srcset"]
    assert figure.find("source", type="image/webp")
    caption = text(figure.figcaption)
    assert "L-R Anna Shipman, Ahana Datta" in caption
    assert "Credit: GDS." in caption
    assert "© Crown copyright." in caption
    assert "Licence: Open Government Licence v3.0." in caption
    licence = figure.figcaption.find("a", rel="license")
    assert licence["href"].startswith("https://www.nationalarchives.gov.uk/")
    assert figure.figcaption.find("a", href="https://www.flickr.com/photos/example/1")


@pytest.mark.django_db
def test_image_alt_is_empty_when_decorative_and_overridden_by_the_block():
    image = make_image(alt_text="A blue rectangle", is_decorative=True)
    block = BODY.child_blocks["image"]
    html = block.render(block.normalize({"image": image}))
    assert soup(html).img["alt"] == ""
    value = block.normalize({"image": image, "alt_text": "The event logo", "credit": "Jo"})
    html = block.render(value)
    assert soup(html).img["alt"] == "The event logo"
    assert "Credit: Jo." in text(html)


@pytest.mark.django_db
def test_decorative_image_from_the_database_has_empty_alt():
    image = make_image(alt_text="A blue rectangle", is_decorative=True)
    html = render("image", {"image": image.pk})
    assert soup(html).img["alt"] == ""


# (e) People: a snippet or an inline name; inline fields override the snippet.


def test_person_fields_need_a_person_or_a_name():
    block = PersonFields()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"job_title": "Developer"}))
    assert "name" in error.value.block_errors
    assert block.clean(block.to_python({"name": "Helen"}))["name"] == "Helen"
    # A chair is optional, and drafts may be saved before the person is chosen.
    assert PersonFields(required=False).clean(block.to_python({}))
    assert block.clean_deferred(block.to_python({}))


@pytest.mark.django_db
def test_person_snippet_fills_in_name_and_role_and_inline_fields_override():
    person = make_person(
        "Jason Paige",
        job_title="Head of Software Engineering",
        organisation="HM Courts & Tribunals Service",
    )
    block = PersonFields()
    value = block.clean(block.to_python({"person": person.pk}))
    described = block.get_context(value)["person"]
    assert described["snippet"] == person
    assert described["name"] == "Jason Paige"
    assert described["role"] == "Head of Software Engineering, HM Courts & Tribunals Service"

    value = block.to_python({"person": person.pk, "name": "J. Paige", "job_title": "CTO"})
    described = block.get_context(value)["person"]
    assert (described["name"], described["role"]) == (
        "J. Paige",
        "CTO, HM Courts & Tribunals Service",
    )
    assert text(block.render(value)) == "J. Paige, CTO, HM Courts & Tribunals Service"


# (f) Speakers and panels show who spoke.


@pytest.mark.django_db
def test_speaker_shows_name_job_title_and_organisation_then_the_write_up():
    person = make_person(
        "Jason Paige",
        job_title="Head of Software Engineering",
        organisation="HM Courts & Tribunals Service",
    )
    html = render(
        "speaker",
        {
            "speaker": {"person": person.pk},
            "talk_title": "Moving HMCTS to open source",
            "write_up": "<p>Jason gave an insight into his department’s journey.</p>",
        },
    )
    assert text(soup(html).h3) == "Moving HMCTS to open source"
    assert (
        "Speaker: Jason Paige, Head of Software Engineering, HM Courts & Tribunals Service "
        "Jason gave an insight into his department’s journey."
    ) in text(html)
    # Rich text gets GOV.UK Frontend's classes.
    assert soup(html).find("p", class_="govuk-body").string.startswith("Jason gave")


@pytest.mark.django_db
def test_panel_shows_its_chair_and_panellists():
    anna = make_person("Anna Shipman", job_title="Open Source Lead", organisation="GDS")
    html = render(
        "panel",
        {
            "title": "Is open code less secure?",
            "chair": {"person": anna.pk},
            "panellists": [
                {
                    "name": "Ahana Datta",
                    "job_title": "Head of Technical Security",
                    "organisation": "MOJ",
                },
                {"name": "Jenny Duckett", "job_title": "Senior Developer"},
            ],
            "write_up": "<p>The panellists agreed.</p>",
        },
    )
    rows = {text(row.dt): row.dd for row in soup(html).select(".govuk-summary-list__row")}
    assert text(rows["Chair"]) == "Anna Shipman, Open Source Lead, GDS"
    assert [text(li) for li in rows["Panellists"].find_all("li")] == [
        "Ahana Datta, Head of Technical Security, MOJ",
        "Jenny Duckett, Senior Developer",
    ]
    assert "The panellists agreed." in text(html)


# (g) Links: a page or a URL, not both.


@pytest.mark.django_db
def test_link_needs_a_page_or_a_url_but_not_both():
    home = make_home()
    block = LinkBlock()
    for raw in [{"page": home.pk, "url": "https://www.gov.uk/"}, {"text": "GOV.UK"}]:
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(block.to_python(raw))
        assert "url" in error.value.block_errors
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"url": "https://www.gov.uk/"}))  # no link text
    assert block.clean(block.to_python({"page": home.pk}))["page"].pk == home.pk
    # A draft may leave a link unfinished, but never ambiguous.
    assert block.clean_deferred(block.to_python({"text": "GOV.UK"}))
    with pytest.raises(StructBlockValidationError):
        block.clean_deferred(block.to_python({"page": home.pk, "url": "https://www.gov.uk/"}))


@pytest.mark.django_db
def test_related_links_use_the_page_title_by_default():
    home = make_home()
    blog = make_blog(home, "Government Technology", slug="technology")
    html = render(
        "related_links",
        {
            "heading": "You may also be interested in",
            "links": [{"page": blog.pk}, {"url": "https://www.gov.uk/", "text": "GOV.UK"}],
        },
    )
    links = [(a["href"], text(a)) for a in soup(html).select("li a")]
    assert links == [("/technology/", "Government Technology"), ("https://www.gov.uk/", "GOV.UK")]


# Alerts, callouts and events.


@pytest.mark.django_db
def test_alerts_prompt_links_to_the_blogs_subscribe_page():
    blog = make_blog(make_home(), "Government Technology", slug="technology")
    html = render("alerts", {"text": ""}, blog=blog)
    assert text(html) == (
        "Stay up to date with all the latest posts by signing up to alerts "
        "from Government Technology blog."
    )
    link = soup(html).a
    assert (link["href"], text(link)) == ("/technology/subscribe/", "signing up to alerts")
    html = render("alerts", {"text": "New posts by e-mail."}, blog=blog)
    assert text(html) == "New posts by e-mail. Sign up to alerts"


def test_callout_styles_use_govuk_components():
    warning = soup(render("callout", {"style": "warning", "text": "<p>One</p><p>Two</p>"}))
    strong = warning.find("strong", class_="govuk-warning-text__text")
    assert strong.find("span", class_="govuk-visually-hidden").string == "Warning"
    assert strong.find("p") is None  # <strong> takes phrasing content only
    assert list(strong.stripped_strings) == ["Warning", "One", "Two"]
    assert strong.find("br")

    html = render_body(
        [
            {"type": "callout", "value": {"style": "notification", "text": "<p>A</p>"}},
            {"type": "callout", "value": {"style": "notification", "text": "<p>B</p>"}},
        ]
    )
    banners = soup(html).select(".govuk-notification-banner")
    ids = [banner["aria-labelledby"] for banner in banners]
    assert len(set(ids)) == 2
    for banner, title_id in zip(banners, ids, strict=True):
        assert banner["role"] == "region"
        assert text(banner.find(id=title_id)) == "Important"


def test_event_shows_a_date_range():
    html = render(
        "event",
        {"name": "Open Source meetup", "date": "2017-09-26", "end_date": "2017-09-27"},
    )
    times = soup(html).find_all("time")
    assert [t["datetime"] for t in times] == ["2017-09-26", "2017-09-27"]
    assert "26 September 2017 to 27 September 2017" in text(html)


def test_event_cannot_end_before_it_starts():
    block = BODY.child_blocks["event"]
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(
            block.to_python({"name": "Meetup", "date": "2017-09-26", "end_date": "2017-09-25"})
        )
    assert "end_date" in error.value.block_errors
    assert block.clean(block.to_python({"name": "Meetup", "date": "2017-09-26"}))["date"] == (
        datetime.date(2017, 9, 26)
    )
