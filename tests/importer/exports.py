"""Small WordPress exports written in the tests, and the real ones shared beside the
repository (../shared/fixtures/wordpress/), counted without the importer's code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Beside the repository (CI, /work/main); a git worktree sits one level further down.
FIXTURES = next(
    (
        folder / "shared" / "fixtures" / "wordpress"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "fixtures" / "wordpress").is_dir()
    ),
    ROOT.parent / "shared" / "fixtures" / "wordpress",
)
SITE = "http://example.gov.uk"


def export(items="", *, version="1.2", scheme="http", channel="", title="Test blog"):
    ns = f"{scheme}://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="{ns}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">
<channel>
<title>{title}</title><link>{SITE}</link><description>Our blog</description>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_site_url>{SITE}</wp:base_site_url><wp:base_blog_url>{SITE}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[khidr]]></wp:author_login>
<wp:author_display_name><![CDATA[Khidr Suleman]]></wp:author_display_name></wp:author>
{channel}
{items}
</channel>
</rss>
"""


def item(
    wp_id,
    title,
    *,
    status="publish",
    post_type="post",
    date="2017-10-10 09:30:00",
    slug=None,
    content="<p>Some text.</p>",
    excerpt="",
    link=None,
    extra="",
    password="",
):
    slug = slug if slug is not None else f"post-{wp_id}"
    link = link or f"{SITE}/?p={wp_id}"
    return f"""<item>
<title><![CDATA[{title}]]></title><link>{link}</link><dc:creator><![CDATA[khidr]]></dc:creator>
<guid isPermaLink="false">{SITE}/?p={wp_id}</guid>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type>{post_type}</wp:post_type>
<wp:post_password>{password}</wp:post_password>
{extra}
</item>
"""


def comment(wp_id, text, *, approved="1", kind="", parent="0", date="2017-10-11 10:00:00"):
    return f"""<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
<wp:comment_author><![CDATA[Reader {wp_id}]]></wp:comment_author>
<wp:comment_author_email>reader{wp_id}@example.com</wp:comment_author_email>
<wp:comment_author_IP>192.0.2.{wp_id}</wp:comment_author_IP>
<wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def meta(key, value):
    return (
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def write(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# Counting the real exports with regular expressions, independently of importer.wxr.


def _value(tag):
    return rf"<{tag}>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</{tag}>"


def items(text):
    return re.findall(r"<item>(.*?)</item>", text, re.S)


def count(path):
    """{kind: number} as the file holds them."""
    text = Path(path).read_text(encoding="utf-8")
    entries = items(text)
    types = [re.search(_value("wp:post_type"), e).group(1) for e in entries]
    comments = re.findall(r"<wp:comment>(.*?)</wp:comment>", text, re.S)
    approved = [re.search(_value("wp:comment_approved"), c).group(1) for c in comments]
    kinds = [(re.search(_value("wp:comment_type"), c) or [None, ""])[1] for c in comments]
    pairs = list(zip(approved, kinds, strict=True))
    used = re.findall(r'<category domain="([^"]+)" nicename="([^"]+)"', text)
    declared_categories = re.findall(_value("wp:category_nicename"), text)
    declared_tags = re.findall(_value("wp:tag_slug"), text)
    return {
        "post": types.count("post"),
        "page": types.count("page"),
        "author": len(re.findall(r"<wp:author>", text)),
        "category": len(re.findall(r"<wp:category>", text)),
        "tag": len(re.findall(r"<wp:tag>", text)),
        "comment": len(comments),
        "approved": sum(a == "1" and k in ("", "comment") for a, k in pairs),
        "held": sum(a == "0" and k in ("", "comment") for a, k in pairs),
        # Categories and tags posts use without the channel declaring them are made too.
        "categories made": len(
            set(declared_categories) | {slug for domain, slug in used if domain == "category"}
        ),
        "tags made": len(
            set(declared_tags) | {slug for domain, slug in used if domain in ("tag", "post_tag")}
        ),
        "private": len(re.findall(_value("wp:status").replace("(.*?)", "private"), text)),
    }
