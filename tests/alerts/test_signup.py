"""Sign-up, double opt-in, manage and unsubscribe, as a reader meets them."""

import pytest

from django.core import mail, signing

from alerts.models import Subscriber, Subscription
from demo.factories import make_post
from tests.html import soup

from .conftest import links

pytestmark = pytest.mark.django_db


def sign_up(client, url="/technology/subscribe/", **data):
    fields = {"email": "reader@example.com", "scope": "blog", "frequency": "immediately"}
    fields.update(data)
    return client.post(url, fields)


def test_sidebar_link_leads_to_the_sign_up_form(client, blog):
    page = soup(client.get("/technology/"))
    link = page.find("a", string=lambda s: s and "signing up to alerts" in s)
    response = client.get(link["href"])
    assert response.status_code == 200
    form = soup(response).select_one("main form")
    names = {field["name"] for field in form.select("input")}
    assert {"email", "scope", "frequency", "csrfmiddlewaretoken"} <= names
    assert "no-store" in response["Cache-Control"]


def test_nothing_is_subscribed_before_the_link_is_followed(client, blog):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/subscribe/check-your-email/"
    assert Subscription.objects.count() == 0
    [message] = mail.outbox
    assert message.to == ["reader@example.com"]
    assert "Every post on Government Technology" in message.body
    [token] = links(message, "confirm")

    page = client.get(f"/alerts/confirm/{token}/")
    assert page.status_code == 200
    assert Subscription.objects.count() == 0  # a link scanner's GET confirms nothing
    confirmed = client.post(f"/alerts/confirm/{token}/")
    assert confirmed.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.blog, subscription.category, subscription.frequency) == (
        blog,
        None,
        "immediately",
    )
    assert subscription.subscriber.confirmed_at is not None
    manage = client.get(confirmed["Location"])
    assert "You have subscribed to email alerts" in manage.content.decode()


def test_the_answer_is_the_same_for_a_known_address(client, blog):
    first = sign_up(client)
    Subscriber.objects.update(confirmed_at="2026-01-01T00:00:00Z")
    second = sign_up(client)
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert Subscriber.objects.count() == 1


def test_categories_must_be_chosen_when_asked_for(client, blog, security):
    make_post(blog, "A post", categories=[security])
    response = sign_up(client, scope="categories")
    assert response.status_code == 400
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    assert "Select at least one category" in page.select_one(".govuk-error-summary").get_text()
    assert mail.outbox == []

    sign_up(client, scope="categories", categories=[security.pk], frequency="daily")
    [token] = links(mail.outbox[0], "confirm")
    client.post(f"/alerts/confirm/{token}/")
    subscription = Subscription.objects.get()
    assert (subscription.category, subscription.frequency) == (security, "daily")


@pytest.mark.parametrize(
    "email",
    ["reader@example.com\r\nBcc: victim@example.com", "reader@example.com\nX: y", "not-an-email"],
)
def test_header_injection_and_bad_addresses_are_refused(client, blog, email):
    response = sign_up(client, email=email)
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.content.decode()
    assert mail.outbox == [] and Subscriber.objects.count() == 0


def test_network_sign_up_offers_the_blogs(client, blog, other_blog):
    response = client.get("/subscribe/")
    labels = [label.get_text(strip=True) for label in soup(response).select("label")]
    assert "Government Technology" in labels and "Data in government" in labels
    sign_up(client, url="/subscribe/", scope="blogs", blogs=[other_blog.pk], frequency="weekly")
    [token] = links(mail.outbox[0], "confirm")
    client.post(f"/alerts/confirm/{token}/")
    assert Subscription.objects.get().blog == other_blog


def test_too_many_sign_ups_from_one_address_meet_429(client, blog, settings):
    settings.ALERTS_RATE_LIMIT = {"per_address": 3, "per_network": 50, "window_seconds": 60}
    codes = [sign_up(client, email=f"r{i}@example.com").status_code for i in range(5)]
    assert codes == [302, 302, 302, 429, 429]


def test_confirmation_e_mails_to_one_address_are_capped(client, blog, settings):
    settings.ALERTS_CONFIRMATIONS_PER_DAY = 2
    for _ in range(4):
        assert sign_up(client).status_code == 302
    assert len(mail.outbox) == 2


def test_a_tampered_or_expired_link_gets_a_clear_400(client, blog, settings):
    sign_up(client)
    [token] = links(mail.outbox[0], "confirm")
    tampered = client.get(f"/alerts/confirm/{token[:-2]}xx/")
    assert tampered.status_code == 400
    assert "This link does not work" in tampered.content.decode()
    settings.ALERTS_CONFIRM_DAYS = -1  # every link is older than that
    expired = client.get(f"/alerts/confirm/{token}/")
    assert expired.status_code == 400
    assert "This link has expired" in expired.content.decode()
    assert client.get("/alerts/manage/nonsense/").status_code == 400
    assert client.post("/alerts/unsubscribe/nonsense/").status_code == 400


def subscribed(client, blog):
    sign_up(client)
    [token] = links(mail.outbox[0], "confirm")
    return client.post(f"/alerts/confirm/{token}/")


def test_manage_changes_the_frequency_and_stops_one_topic(client, blog):
    manage_url = subscribed(client, blog)["Location"].split("?")[0]
    subscription = Subscription.objects.get()
    changed = client.post(
        manage_url, {"subscription": subscription.pk, f"s{subscription.pk}-frequency": "weekly"}
    )
    assert changed.status_code == 302
    assert Subscription.objects.get().frequency == "weekly"
    stopped = client.post(
        manage_url, {"subscription": subscription.pk, f"s{subscription.pk}-frequency": "stop"}
    )
    assert stopped["Location"] == "/alerts/unsubscribed/"
    assert Subscriber.objects.count() == 0  # no topic left: the address is deleted


def test_one_click_unsubscribe_twice_is_harmless(client, blog):
    subscribed(client, blog)
    subscriber = Subscriber.objects.get()
    token = signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt="alerts.manage")
    # RFC 8058: a POST from the mail provider, with no CSRF token or cookie.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    for _ in range(2):
        response = csrf_client.post(
            f"/alerts/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
        )
        assert response.status_code == 302
    assert Subscriber.objects.count() == 0 and Subscription.objects.count() == 0


def test_a_link_works_for_its_own_subscriber_only(client, blog):
    subscribed(client, blog)
    subscriber = Subscriber.objects.get()
    forged = signing.dumps({"s": subscriber.pk, "k": "guessed"}, salt="alerts.manage")
    assert client.get(f"/alerts/manage/{forged}/").status_code == 400
    assert client.post(f"/alerts/unsubscribe/{forged}/").status_code == 302
    assert Subscriber.objects.count() == 1  # nothing happened to the real one


def test_subscribe_under_a_page_that_is_not_a_blog_is_wagtails(client, blog):
    assert client.get("/no-such-blog/subscribe/").status_code == 404


def test_unsubscribing_leaves_no_trace_of_the_address_in_deliveries(client, blog):
    from alerts.models import Delivery

    subscribed(client, blog)
    subscriber = Subscriber.objects.get()
    post = make_post(blog, "A post")
    Delivery.objects.create(
        subscriber=subscriber, post=post, status="failed", error="550 reader@example.com unknown"
    )
    token = signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt="alerts.manage")
    client.post(f"/alerts/unsubscribe/{token}/")
    delivery = Delivery.objects.get()
    assert (delivery.subscriber, delivery.error) == (None, "")
