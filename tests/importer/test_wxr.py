"""Reading exports: versions, namespaces, what WordPress mends and what it refuses."""

import io

import pytest

from importer.repair import RepairingReader
from importer.wxr import Author, Export, Item, Term, WXRError

from .exports import FIXTURES, comment, export, item, write


def read(path):
    exported = Export(path)
    counts = exported.check()
    return exported, counts, list(exported.records())


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_versions_and_namespaces(tmp_path, version, scheme):
    text = export(item(7, "Seven", content="<p>Hi</p>"), version=version, scheme=scheme)
    exported, counts, records = read(write(tmp_path, text))
    assert exported.channel.wxr_version == version
    assert counts == {"author": 1, "post": 1}
    author, post = records
    assert author == Author(login="khidr", wp_id="1", display_name="Khidr Suleman")
    assert (post.wp_id, post.title, post.content, post.status) == (
        "7",
        "Seven",
        "<p>Hi</p>",
        "publish",
    )


def test_any_namespace_bound_to_the_wp_prefix(tmp_path):
    # WordPress's SimpleXML parser reads whatever URI the file gives the `wp` prefix.
    text = export(item(1, "One")).replace("http://wordpress.org/export/1.2/", "urn:wordpress")
    exported, counts, _ = read(write(tmp_path, text))
    assert counts["post"] == 1


def test_undeclared_prefixes_are_declared_as_wordpress_would_read_them(tmp_path):
    text = export(item(1, "One")).replace('xmlns:wp="http://wordpress.org/export/1.2/"', "")
    exported, counts, records = read(write(tmp_path, text))
    assert exported.mended and counts["post"] == 1 and records[-1].wp_id == "1"


def test_terms_comments_and_meta(tmp_path):
    extra = (
        '<category domain="category" nicename="open-source"><![CDATA[Open Source]]></category>'
        '<category domain="tag" nicename="meetup"><![CDATA[Meetup]]></category>'
        "<category><![CDATA[no nicename: ignored, as WordPress does]]></category>"
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>12</wp:meta_value></wp:postmeta>" + comment(3, "Hello", approved="0")
    )
    channel = (
        "<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>child</wp:category_nicename>"
        "<wp:category_parent>parent</wp:category_parent><wp:cat_name><![CDATA[Child]]></wp:cat_name>"
        "</wp:category>"
    )
    _, _, records = read(write(tmp_path, export(item(1, "One", extra=extra), channel=channel)))
    term, post = records[1], records[2]
    assert term == Term(
        taxonomy="category", slug="child", name="Child", wp_id="4", parent="parent"
    )
    assert post.terms == [
        ("category", "open-source", "Open Source"),
        ("post_tag", "meetup", "Meetup"),
    ]
    assert post.meta == {"_thumbnail_id": "12"}
    assert [(c.wp_id, c.content, c.approved) for c in post.comments] == [("3", "Hello", "0")]


def test_unescaped_cdata_end_is_read_as_wordpress_reads_it():
    # WordPress's own test (test_unescaped_cdata_closing_sequence) with its regex parser.
    exported, counts, records = read(FIXTURES / "crazy-cdata.xml")
    (post,) = records
    assert exported.mended and counts == {"post": 1}
    assert post.content == "Content with nested <![CDATA[ tags ]]> :)"
    assert post.meta == {
        "Plain string": "Foo",
        "Closing CDATA": "]]>",
        "Alot of CDATA": (
            "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"
        ),
    }


@pytest.mark.parametrize("chunk", [1, 2, 5, 9, 64, 1 << 16])
def test_mending_does_not_depend_on_where_the_file_is_cut(chunk):
    raw = b"<a><b><![CDATA[x ]]> y]]></b><c><![CDATA[p]]]]><![CDATA[>q]]>  </c>\x0b</a>"
    mended = b"".join(iter(RepairingReader(io.BytesIO(raw), chunk).read, b""))
    assert (
        mended
        == b"<a><b><![CDATA[x ]]]]><![CDATA[> y]]></b><c><![CDATA[p]]]]><![CDATA[>q]]>  </c></a>"
    )


def test_escaped_cdata_end_is_left_as_it_is(tmp_path):
    content = "a ]]]]><![CDATA[> b"
    _, _, records = read(write(tmp_path, export(item(1, "One", content=content))))
    assert records[-1].content == "a ]]> b"


def test_missing_optional_tags_are_read():
    _, counts, records = read(FIXTURES / "missing-tags.xml")
    (post,) = records
    assert counts == {"post": 1}
    assert (post.title, post.post_name, post.post_date, post.creator) == (
        "No Author Post",
        "",
        "",
        "",
    )


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("malformed.xml", 90, "mismatched tag"),
        ("malformed-simple.xml", 14, "no element found"),
    ],
)
def test_malformed_files_are_refused_with_line_and_reason(name, line, reason):
    with pytest.raises(WXRError) as refused:
        Export(FIXTURES / name).check()
    assert refused.value.line == line
    assert reason in refused.value.reason
    assert str(refused.value).startswith(f"line {line}: ")


def test_a_file_without_a_version_is_refused(tmp_path):
    text = export(item(1, "One")).replace("<wp:wxr_version>1.2</wp:wxr_version>", "")
    with pytest.raises(WXRError, match="no <wp:wxr_version>"):
        Export(write(tmp_path, text)).check()


def test_an_invalid_version_is_refused_with_its_line(tmp_path):
    text = export(item(1, "One")).replace(">1.2</wp:wxr_version>", ">abc</wp:wxr_version>")
    with pytest.raises(WXRError, match="invalid WXR version number 'abc'") as refused:
        Export(write(tmp_path, text)).check()
    assert refused.value.line == 7


def test_not_an_rss_file_is_refused(tmp_path):
    with pytest.raises(WXRError, match="starts with <html>"):
        Export(write(tmp_path, "<html><body>Hi</body></html>")).check()


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<rss><channel><title>&lol2;</title></channel></rss>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<rss><channel><title>&secret;</title></channel></rss>
"""


@pytest.mark.parametrize(("text", "line", "name"), [(BOMB, 3, "lol"), (EXTERNAL, 3, "secret")])
def test_entities_are_refused(tmp_path, text, line, name):
    with pytest.raises(WXRError, match=f"declares an XML entity \\('{name}'\\)") as refused:
        Export(write(tmp_path, text)).check()
    assert refused.value.line == line


def test_records_are_plain_data(tmp_path):
    _, _, records = read(write(tmp_path, export(item(1, "One"))))
    assert isinstance(records[-1], Item)
