"""Bodies rendered by the worker on publish and kept with the post (posts.rendering): the
page shows them unchanged, only while they match the body, its blog and the code, and a
change to anything they show renders them again."""

import io
import re
from pathlib import Path

import pytest

from django.core.management import call_command
from django.test import RequestFactory
from django.test.signals import template_rendered

from wagtail.models import PageViewRestriction, Site

from demo import build
from demo.factories import (
    make_blog,
    make_home,
    make_image,
    make_person,
    make_post,
    make_standard_page,
)
from posts import rendering
from posts.models import PostPage, RenderedBody

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("built_pages")]


@pytest.fixture
def shown(committed):
    """A blog, a post whose body shows a person, an image and two pages, and those."""
    home = make_home()
    blog = make_blog(home, "Technology", slug="technology")
    speaker = make_person("Ada Lovelace", job_title="Engineer", organisation="GDS")
    picture = make_image("Team photo", alt_text="The team at the meetup")
    about = make_standard_page(home, "About us", "<p>Who we are.</p>", slug="about")
    linked = make_standard_page(home, "Open standards", "<p>Standards.</p>", slug="standards")
    with committed():
        post = make_post(
            blog,
            "Meetup",
            body=[
                build.paragraph(f'<p>Read <a linktype="page" id="{about.pk}">about us</a>.</p>'),
                build.speaker(speaker, "<p>A talk.</p>", talk_title="Security"),
                build.image(picture, caption="The team"),
                build.related_links(build.link(page=linked)),
                build.alerts(),
            ],
        )
    return {
        "blog": blog,
        "post": post,
        "speaker": speaker,
        "picture": picture,
        "about": about,
        "linked": linked,
    }


def kept(post):
    return RenderedBody.objects.get(pk=post.pk)


def page(client, post):
    response = client.get(post.url)
    assert response.status_code == 200
    return response.content.decode()


def without_token(html):
    """The page but for the comment form's token, signed afresh for each reader."""
    return re.sub(r'name="token" value="[^"]*"', 'name="token" value=""', html)


def test_publishing_keeps_the_body_and_its_references(shown):
    post = shown["post"]
    row = kept(post)
    assert row.key == rendering.body_key(PostPage.objects.get(pk=post.pk), shown["blog"])
    assert "Ada Lovelace" in row.html and "Engineer, GDS" in row.html
    assert {(ref.content_type.model, ref.object_id) for ref in row.references.all()} == {
        ("person", str(shown["speaker"].pk)),
        ("bulletinimage", str(shown["picture"].pk)),
        ("page", str(shown["about"].pk)),
        ("page", str(shown["linked"].pk)),
    }


def test_the_page_is_the_same_with_the_kept_body_as_rendered_on_the_spot(client, shown):
    post = shown["post"]
    with_kept = without_token(page(client, post))
    RenderedBody.objects.filter(pk=post.pk).delete()
    assert without_token(page(client, post)) == with_kept


def test_the_seed_post_is_the_same_with_its_kept_body(client, committed):
    from demo import seed

    with committed():
        call_command("load_demo", stdout=io.StringIO())
    url = f"/technology/{seed.DATE:%Y/%m/%d}/{seed.SLUG}/"
    with_kept = without_token(client.get(url).content.decode())
    post = PostPage.objects.get(slug=seed.SLUG)
    assert kept(post).html and kept(post).html.strip() in with_kept
    RenderedBody.objects.all().delete()
    assert without_token(client.get(url).content.decode()) == with_kept


def test_the_page_shows_the_kept_body_without_rendering_its_blocks(client, shown):
    post = shown["post"]
    RenderedBody.objects.filter(pk=post.pk).update(html="<p>As the worker rendered it.</p>")
    text = page(client, post)
    assert "As the worker rendered it." in text
    assert "Ada Lovelace" not in text


def test_a_preview_or_another_body_never_shows_the_kept_one(shown):
    post = PostPage.objects.get(pk=shown["post"].pk)
    blog = shown["blog"]
    assert rendering.kept_html(post, blog) == kept(post).html
    request = RequestFactory().get("/")
    request.is_preview = True
    assert rendering.kept_html(post, blog, request) is None
    # A draft's body (as a revision's page has it): rendered from itself.
    draft = post.get_latest_revision().as_object()
    draft.body = [build.paragraph("<p>Not published yet.</p>")]
    assert rendering.kept_html(draft, blog) is None


def test_another_blog_or_new_code_means_rendering_on_the_spot(shown, monkeypatch):
    post = PostPage.objects.get(pk=shown["post"].pk)
    blog = shown["blog"]
    blog.alerts_prompt = "Sign up to alerts about meetups."
    assert rendering.kept_html(post, blog) is None  # the alerts block shows the blog's text
    blog.refresh_from_db()
    assert rendering.kept_html(post, blog) is not None
    rendering.epoch.cache_clear()
    monkeypatch.setattr(rendering, "RENDER_VERSION", rendering.RENDER_VERSION + 1)
    try:
        assert rendering.kept_html(post, blog) is None
        out = io.StringIO()
        call_command("render_bodies", stdout=out)
        assert out.getvalue().strip() == "Rendered 1 of 1 live posts' bodies."
        assert rendering.kept_html(PostPage.objects.get(pk=post.pk), blog) is not None
    finally:
        rendering.epoch.cache_clear()


def test_render_bodies_renders_only_what_is_out_of_date(shown):
    out = io.StringIO()
    call_command("render_bodies", stdout=out)
    assert out.getvalue().strip() == "Rendered 0 of 1 live posts' bodies."
    call_command("render_bodies", "--all", stdout=out)
    assert "Rendered 1 of 1" in out.getvalue()


def test_a_person_changed_is_shown_at_once_and_rendered_again(client, shown, committed):
    post, speaker = shown["post"], shown["speaker"]
    with committed():
        speaker.job_title = "Chief Engineer"
        speaker.save()
        assert kept(post).key == ""  # cleared in the change's own transaction
        assert "Chief Engineer, GDS" in page(client, post)
    assert "Chief Engineer, GDS" in kept(post).html  # rendered again once it committed
    assert "Chief Engineer, GDS" in page(client, post)


def test_an_image_changed_renders_the_bodies_showing_it_again(client, shown, committed):
    post, picture = shown["post"], shown["picture"]
    with committed():
        picture.alt_text = "Six people around a table"
        picture.save()
        assert kept(post).key == ""
    assert 'alt="Six people around a table"' in kept(post).html
    assert 'alt="Six people around a table"' in page(client, post)


def test_a_linked_page_moved_to_a_new_address_is_linked_there(client, shown, committed):
    post, about = shown["post"], shown["about"]
    with committed():
        about.slug = "who-we-are"
        about.save_revision().publish()
    assert 'href="/who-we-are/"' in kept(post).html
    assert 'href="/who-we-are/"' in page(client, post)


def test_a_linked_page_unpublished_or_restricted_is_no_longer_linked(client, shown, committed):
    post, linked = shown["post"], shown["linked"]
    assert 'href="/standards/"' in page(client, post)
    with committed():
        PageViewRestriction.objects.create(page=linked, restriction_type="login")
    assert 'href="/standards/"' not in kept(post).html
    assert 'href="/standards/"' not in page(client, post)


def test_a_page_moved_moves_the_links_to_the_pages_under_it(client, shown, committed):
    about = shown["about"]
    team = make_standard_page(about, "Our team", "<p>People.</p>", slug="team")
    link = f'<p>Meet <a linktype="page" id="{team.pk}">the team</a>.</p>'
    with committed():
        post = make_post(shown["blog"], "Team", body=[build.paragraph(link)])
    assert 'href="/about/team/"' in kept(post).html
    with committed():
        about.slug = "who-we-are"
        about.save_revision().publish()
    assert 'href="/who-we-are/team/"' in kept(post).html
    assert 'href="/who-we-are/team/"' in page(client, post)


def test_a_site_changed_renders_every_body_again(shown, committed):
    post = shown["post"]
    site = Site.objects.get(is_default_site=True)
    with committed():
        site.site_name = "Government blogs"
        site.save()
        assert kept(post).key == ""  # its addresses may have changed
    assert kept(post).key == rendering.body_key(PostPage.objects.get(pk=post.pk), shown["blog"])


def test_a_post_unpublished_loses_its_kept_body(shown, committed):
    post = shown["post"]
    with committed():
        PostPage.objects.get(pk=post.pk).unpublish()
    assert not RenderedBody.objects.filter(pk=post.pk).exists()


def test_an_unrelated_change_leaves_the_kept_body_alone(shown, committed):
    post = shown["post"]
    before = kept(post)
    with committed():
        make_person("Grace Hopper").save()
        make_image("Another picture")
    after = kept(post)
    assert (after.key, after.html) == (before.key, before.html)


def test_the_feed_shows_the_kept_bodies(client, shown):
    post = shown["post"]
    RenderedBody.objects.filter(pk=post.pk).update(html='<p><a href="/kept/">Kept</a></p>')
    feed = client.get(f"{shown['blog'].url}feed/atom/").content.decode()
    # Made absolute, as any body in a feed.
    assert "http://testserver/kept/" in feed or "https://" in feed and "/kept/" in feed
    assert "Ada Lovelace" not in feed


def test_every_template_a_body_uses_is_in_what_the_key_hashes(shown, committed):
    """A change to a template or tag library the blocks use must change `epoch`, or pages
    would show bodies rendered by the old one until something else changed."""
    import datetime

    from django.template import engines

    from posts.blocks import PostBodyBlock

    speaker, picture = shown["speaker"], shown["picture"]
    every_kind = [
        build.contents(),
        build.heading("Section", numbered=True),
        build.paragraph("<p>Words.</p>"),
        build.speaker(speaker, "<p>A talk.</p>"),
        build.panel([speaker], "<p>A panel.</p>", chair=speaker),
        build.bullets("One", "Two"),
        build.image(picture, caption="A picture"),
        build.quote("Open by default.", attribution="A reader"),
        build.callout("<p>Note this.</p>", heading_text="Note"),
        build.key_figures(("100+", "attendees")),
        build.event("Meetup", datetime.date(2017, 10, 10), place="London"),
        build.table([["Name", "Role"], ["Ada", "Engineer"]], caption="People"),
        build.code("print('hello')", language="python"),
        build.embed("https://www.youtube.com/watch?v=x", "Watch", transcript="<p>Hi.</p>"),
        build.related_links(build.link(page=shown["linked"])),
        build.alerts(),
    ]
    assert {kind for kind, _ in every_kind} == set(PostBodyBlock.base_blocks)
    with committed():
        post = make_post(shown["blog"], "Every block", body=every_kind)
    used = []

    def seen(sender, template, **kwargs):
        if template.origin and template.origin.name:
            used.append((Path(template.origin.name).resolve(), template.source))

    template_rendered.connect(seen)
    try:
        rendering.render(PostPage.objects.get(pk=post.pk), shown["blog"])
    finally:
        template_rendered.disconnect(seen)
    libraries = engines["django"].engine.template_libraries
    files = set()
    for path, source in used:
        files.add(path)
        for names in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", source):
            for name in names.split():
                library = libraries[name]
                for function in [*library.tags.values(), *library.filters.values()]:
                    module = __import__(function.__module__, fromlist=["_"])
                    files.add(Path(module.__file__).resolve())
    ours = [path for path in files if "site-packages" not in path.parts]
    assert len(ours) > 10, "the blocks rendered no template of ours"
    covered = [place.resolve() for place in rendering.CODE]
    for path in ours:
        assert any(path == place or place in path.parents for place in covered), path
