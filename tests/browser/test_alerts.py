"""A reader signs up for alerts in a real browser, with and without JavaScript, on a
narrow screen; every alerts page passes axe-core and the Nu Html Checker."""

import re

import pytest

from django.core import mail

from alerts.models import Subscriber, Subscription
from alerts.tokens import confirm_token, manage_token
from posts.models import BlogPage
from tests.browser.checks import axe_violations, nu_html_errors
from tests.browser.test_accessibility import SEED_URL

CONFIRM_LINK = re.compile(r"https?://\S+(/alerts/confirm/[^/\s]+/)")


def alerts_pages():
    """Every alerts page a reader meets, with links made for a demo subscriber."""
    blog = BlogPage.objects.get(slug="technology")
    subscriber = Subscriber.objects.create(email="reader@example.com")
    Subscription.objects.create(subscriber=subscriber, blog=blog, frequency="daily")
    token = manage_token(subscriber)
    return {
        "blog sign-up": "/technology/subscribe/",
        "network sign-up": "/subscribe/",
        "check your email": "/subscribe/check-your-email/",
        "confirm": f"/alerts/confirm/{confirm_token(subscriber, [f'blog:{blog.pk}'], 'daily')}/",
        "manage": f"/alerts/manage/{token}/",
        "unsubscribe": f"/alerts/unsubscribe/{token}/",
        "unsubscribed": "/alerts/unsubscribed/",
        "bad link": "/alerts/manage/not-a-token/",
    }


def no_horizontal_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_no_violations_on_the_alerts_pages(demo_site, browser_page, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for name, path in alerts_pages().items():
        response = browser_page.goto(demo_site.url + path)
        assert response.status == (400 if name == "bad link" else 200), name
        if violations := axe_violations(browser_page):
            found[name] = violations
        assert no_horizontal_scroll(browser_page), f"{name} scrolls sideways at {width}px"
    # The form with its errors, as a reader who sends it empty sees it.
    browser_page.goto(demo_site.url + "/technology/subscribe/")
    browser_page.get_by_role("button", name="Subscribe").click()
    assert browser_page.title().startswith("Error:")
    if violations := axe_violations(browser_page):
        found["errors"] = violations
    assert found == {}


def test_nu_html_checker_finds_no_errors_on_the_alerts_pages(demo_site, browser_page, tmp_path):
    assert nu_html_errors(browser_page, demo_site.url, alerts_pages(), tmp_path) == []


@pytest.mark.parametrize("javascript", [True, False])
def test_a_reader_subscribes_from_the_seed_post(demo_site, playwright_browser, javascript):
    context = playwright_browser.new_context(
        java_script_enabled=javascript, viewport={"width": 320, "height": 800}
    )
    page = context.new_page()
    page.goto(demo_site.url + SEED_URL)
    page.get_by_role("link", name="signing up to alerts").first.click()
    assert page.url.endswith("/technology/subscribe/")

    page.get_by_label("Email address").fill("reader@example.com")
    page.get_by_label("Only posts in some categories").check()
    page.get_by_label("Security").check()
    page.get_by_label("Once a week").check()
    page.get_by_role("button", name="Subscribe").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()

    [message] = mail.outbox
    path = CONFIRM_LINK.search(message.body).group(1)
    page.goto(demo_site.url + path)
    assert page.get_by_text("Security posts on Government Technology").is_visible()
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_text("You have subscribed to email alerts").is_visible()
    subscription = Subscription.objects.get()
    assert (subscription.category.name, subscription.frequency) == ("Security", "weekly")
    context.close()
