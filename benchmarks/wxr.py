"""Realistic WordPress exports (WXR 1.2) of any size, for the importer's benchmark and tests.

`write_export(path, posts)` writes a blog as WordPress exports it: authors, categories and
tags declared in the channel, a few image attachments (their files written by
`write_uploads`), then posts of about 4-5 kB: paragraphs, headings, a list, a [caption]
shortcode or two, block-editor markup in one post in three, links to other posts, 3
categories and 5 tags each, and 2-5 comments, some of them replies or held for moderation.
The same arguments give the same file (a seeded generator). Written as a stream, so a file
of any size takes no memory.
"""

import random
from pathlib import Path
from xml.sax.saxutils import escape

SITE = "https://digital.example.gov.uk"
AUTHORS = 12
CATEGORIES = 30
TAGS = 150
IMAGES = 40
FIRST_POST_ID = 1000
WORDS = (  # noqa: SIM905 - prose is easier to read than a list of 44 strings
    "service users research team government digital public data design content policy "
    "people needs delivery discovery alpha beta live assessment standard accessible open "
    "source code platform cloud security performance measure iterate prototype test plain "
    "language form journey problem evidence week sprint blog local council department"
).split()
STATUSES = ["publish"] * 45 + ["draft"] * 3 + ["private", "future"]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng, low=8, high=18):
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences=None):
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(3, 6)))


def post_link(rng, number):
    """A link to another post of the export: mostly an earlier one, sometimes a later one
    (the importer rewrites those in a last pass)."""
    target = FIRST_POST_ID + max(0, number + rng.choice([-3, -2, -1, -1, 1]))
    return f'<a href="{SITE}/?p={target}">an earlier post</a>'


def caption(rng):
    image = rng.randrange(IMAGES)
    return (
        f'[caption id="attachment_{image + 1}" align="aligncenter" width="640"]'
        f'<img class="size-large wp-image-{image + 1}" '
        f'src="{SITE}/wp-content/uploads/2017/10/image-{image}-1024x683.png" '
        f'alt="A photo of the team" width="640" height="427" /> '
        f"{sentence(rng, 4, 9)}[/caption]"
    )


def classic_body(rng, number):
    parts = [paragraph(rng), paragraph(rng) + " Read " + post_link(rng, number) + "."]
    parts.append(f"<h2>{sentence(rng, 3, 6)[:-1]}</h2>")
    parts.append(paragraph(rng))
    parts.append(caption(rng))
    items = "".join(f"<li>{sentence(rng, 3, 8)}</li>" for _ in range(rng.randint(3, 5)))
    parts.append(f"<ul>\n{items}\n</ul>")
    parts.append(f"<h3>{sentence(rng, 2, 5)[:-1]}</h3>")
    parts.append(paragraph(rng) + " <strong>" + sentence(rng) + "</strong>")
    if rng.random() < 0.5:
        parts.append(caption(rng))
    parts.append(paragraph(rng))
    return "\n\n".join(parts)


def block_body(rng, number):
    def block(name, html, attrs=""):
        return f"<!-- wp:{name} {attrs}-->\n{html}\n<!-- /wp:{name} -->"

    image = rng.randrange(IMAGES)
    figure = (
        f'<figure class="wp-block-image size-large"><img src="{SITE}/wp-content/uploads/'
        f'2017/10/image-{image}.png" alt="" class="wp-image-{image + 1}"/>'
        f"<figcaption>{sentence(rng, 4, 8)}</figcaption></figure>"
    )
    items = "".join(f"<li>{sentence(rng, 3, 8)}</li>" for _ in range(rng.randint(3, 5)))
    parts = [
        block("paragraph", f"<p>{paragraph(rng)}</p>"),
        block("paragraph", f"<p>{paragraph(rng)} See {post_link(rng, number)}.</p>"),
        block("heading", f'<h2 class="wp-block-heading">{sentence(rng, 3, 6)[:-1]}</h2>'),
        block("image", figure, f'{{"id":{image + 1},"sizeSlug":"large"}} '),
        block("paragraph", f"<p>{paragraph(rng)}</p>"),
        block("list", f"<ul>{items}</ul>"),
        block("quote", f'<blockquote class="wp-block-quote"><p>{sentence(rng)}</p></blockquote>'),
        block("paragraph", f"<p>{paragraph(rng)}</p>"),
        block("shortcode", caption(rng)),
        block("paragraph", f"<p>{paragraph(rng)}</p>"),
    ]
    return "\n\n".join(parts)


def comments(rng, number):
    out, ids = [], []
    for index in range(rng.randint(2, 5)):
        wp_id = number * 10 + index + 1
        parent = rng.choice(ids) if ids and rng.random() < 0.3 else 0
        approved = "0" if rng.random() < 0.1 else "spam" if rng.random() < 0.03 else "1"
        ids.append(wp_id)
        day = f"2018-{number % 12 + 1:02d}-{number % 27 + 2:02d} 1{index}:15:00"
        out.append(
            f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>"
            f"<wp:comment_author>{cdata(f'Reader {rng.randint(1, 900)}')}</wp:comment_author>"
            f"<wp:comment_author_email>reader{wp_id}@example.com</wp:comment_author_email>"
            f"<wp:comment_author_url></wp:comment_author_url>"
            f"<wp:comment_author_IP>192.0.2.{wp_id % 250 + 1}</wp:comment_author_IP>"
            f"<wp:comment_date>{day}</wp:comment_date>"
            f"<wp:comment_date_gmt>{day}</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(paragraph(rng, 2))}</wp:comment_content>"
            f"<wp:comment_approved>{approved}</wp:comment_approved>"
            f"<wp:comment_type>comment</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
        )
    return "".join(out)


def post(rng, number):
    wp_id = FIRST_POST_ID + number
    title = sentence(rng, 4, 10)[:-1]
    slug = f"{'-'.join(title.lower().split()[:6])}-{number}"
    day = f"{2012 + number % 12}-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
    date = f"{day} 09:{number % 60:02d}:00"
    status = STATUSES[number % len(STATUSES)]
    body = block_body(rng, number) if number % 3 == 0 else classic_body(rng, number)
    terms = [("category", f"category-{c}") for c in rng.sample(range(CATEGORIES), 3)]
    terms += [("post_tag", f"tag-{t}") for t in rng.sample(range(TAGS), 5)]
    categories = "".join(
        f'<category domain="{domain}" nicename="{slug}">{cdata(slug.title())}</category>'
        for domain, slug in terms
    )
    excerpt = sentence(rng) if number % 4 == 0 else ""
    thumbnail = rng.randrange(IMAGES) + 1
    return f"""<item>
<title>{escape(title)}</title>
<link>{SITE}/{date[:10].replace("-", "/")}/{slug}/</link>
<pubDate>Mon, 01 Jan 2018 09:00:00 +0000</pubDate>
<dc:creator>{cdata(f"author{number % AUTHORS}")}</dc:creator>
<guid isPermaLink="false">{SITE}/?p={wp_id}</guid>
<description></description>
<content:encoded>{cdata(body)}</content:encoded>
<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id>
<wp:post_date>{cdata(date)}</wp:post_date>
<wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>
<wp:comment_status>{cdata("open")}</wp:comment_status>
<wp:ping_status>{cdata("open")}</wp:ping_status>
<wp:post_name>{cdata(slug)}</wp:post_name>
<wp:status>{cdata(status)}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type>{cdata("post")}</wp:post_type>
<wp:post_password>{cdata("")}</wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
{categories}
<wp:postmeta><wp:meta_key>{cdata("_thumbnail_id")}</wp:meta_key>\
<wp:meta_value>{cdata(str(thumbnail))}</wp:meta_value></wp:postmeta>
{comments(rng, number)}</item>
"""


def attachment(number):
    url = f"{SITE}/wp-content/uploads/2017/10/image-{number}.png"
    return f"""<item>
<title>Image {number}</title>
<link>{SITE}/?attachment_id={number + 1}</link>
<dc:creator>{cdata("author0")}</dc:creator>
<guid isPermaLink="false">{url}</guid>
<content:encoded>{cdata("")}</content:encoded>
<excerpt:encoded>{cdata(f"Caption of image {number}")}</excerpt:encoded>
<wp:post_id>{number + 1}</wp:post_id>
<wp:post_date>{cdata("2017-10-01 09:00:00")}</wp:post_date>
<wp:post_date_gmt>{cdata("2017-10-01 09:00:00")}</wp:post_date_gmt>
<wp:post_name>{cdata(f"image-{number}")}</wp:post_name>
<wp:status>{cdata("inherit")}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type>{cdata("attachment")}</wp:post_type>
<wp:attachment_url>{cdata(url)}</wp:attachment_url>
<wp:postmeta><wp:meta_key>{cdata("_wp_attachment_image_alt")}</wp:meta_key>\
<wp:meta_value>{cdata(f"Alt text {number}")}</wp:meta_value></wp:postmeta>
</item>
"""


def channel_head():
    authors = "".join(
        f"<wp:author><wp:author_id>{n + 1}</wp:author_id>"
        f"<wp:author_login>{cdata(f'author{n}')}</wp:author_login>"
        f"<wp:author_email>{cdata(f'author{n}@example.gov.uk')}</wp:author_email>"
        f"<wp:author_display_name>{cdata(f'Writer Number {n}')}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata('Writer')}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata(f'Number {n}')}</wp:author_last_name></wp:author>\n"
        for n in range(AUTHORS)
    )
    categories = "".join(
        f"<wp:category><wp:term_id>{n + 1}</wp:term_id>"
        f"<wp:category_nicename>{cdata(f'category-{n}')}</wp:category_nicename>"
        f"<wp:category_parent>{cdata('')}</wp:category_parent>"
        f"<wp:cat_name>{cdata(f'Category {n}')}</wp:cat_name></wp:category>\n"
        for n in range(CATEGORIES)
    )
    tags = "".join(
        f"<wp:tag><wp:term_id>{CATEGORIES + n + 1}</wp:term_id>"
        f"<wp:tag_slug>{cdata(f'tag-{n}')}</wp:tag_slug>"
        f"<wp:tag_name>{cdata(f'Tag {n}')}</wp:tag_name></wp:tag>\n"
        for n in range(TAGS)
    )
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Digital blog</title>
<link>{SITE}</link>
<description>How we build public services</description>
<language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{SITE}</wp:base_site_url>
<wp:base_blog_url>{SITE}</wp:base_blog_url>
{authors}{categories}{tags}"""


def write_export(path, posts, *, seed=14, images=True):
    """Write an export of `posts` posts (and the image attachments, unless `images` is
    false) to `path`; returns the path."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    with open(path, "w", encoding="utf-8") as out:
        out.write(channel_head())
        if images:
            for number in range(IMAGES):
                out.write(attachment(number))
        for number in range(posts):
            out.write(post(rng, number))
        out.write("</channel>\n</rss>\n")
    return Path(path)


def write_uploads(directory):
    """The attachments' files, as wp-content/uploads holds them (small PNGs); returns the
    directory to pass as `uploads`."""
    from PIL import Image  # only when images are wanted

    folder = Path(directory) / "2017" / "10"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(IMAGES):
        colour = (number * 6 % 256, 120, 255 - number * 6 % 256)
        Image.new("RGB", (64, 48), colour).save(folder / f"image-{number}.png")
    return Path(directory)
