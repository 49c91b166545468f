"""Email alerts in the admin: who may see what (on the server, for every view), the
subscriber counts, the sent alerts and their fixed query count, the suppression list and
erasure, and the audit log that never holds an address."""

import pytest

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from alerts.models import Alert, Delivery, Frequency, Subscriber, Subscription, Suppression
from alerts.privacy import address_ref
from demo.factories import make_blog, make_home, make_post, make_user
from tests.html import soup

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def url(name, *args):
    return reverse(f"email_alerts:{name}", args=args)


@pytest.fixture
def other_blog(blog):
    return make_blog(make_home(), "Data in government", slug="data")


@pytest.fixture
def people(blog, other_blog):
    return {
        "superuser": make_user("sam_super", is_superuser=True),
        "administrator": make_user("ada_admin", groups=["Administrators"]),
        "reviewer": make_user("rita_reviewer", (blog, "reviewers")),
        "other_reviewer": make_user("otto_reviewer", (other_blog, "reviewers")),
        "writer": make_user("wendy_writer", (blog, "writers")),
    }


def subscribe(email, *topics, confirmed=True):
    subscriber = Subscriber.objects.create(
        email=email, confirmed_at=timezone.now() if confirmed else None
    )
    for blog, category, frequency in topics:
        Subscription.objects.create(
            subscriber=subscriber, blog=blog, category=category, frequency=frequency
        )
    return subscriber


def send_alert(post, *statuses):
    alert = Alert.objects.create(post=post, status=Alert.Status.DONE)
    for number, status in enumerate(statuses):
        subscriber = subscribe(f"{post.slug}-{number}@example.com")
        Delivery.objects.create(subscriber=subscriber, post=post, alert=alert, status=status)
    return alert


ADMIN_PAGES = [("get", "suppressions"), ("get", "suppress"), ("get", "erase")]
ADMIN_POSTS = [
    ("suppress", {"email": "x@example.com"}),
    ("erase", {"email": "x@example.com", "confirm": "on"}),
]


def test_writers_are_refused_everything(client, people):
    Suppression.objects.create(email="gone@example.com", reason="bounce")
    client.force_login(people["writer"])
    for _, name in [("get", "index"), ("get", "alerts"), *ADMIN_PAGES]:
        assert client.get(url(name)).status_code == 403, name
    for name, data in ADMIN_POSTS:
        assert client.post(url(name), data).status_code == 403, name
    suppression = Suppression.objects.get()
    assert client.get(url("unsuppress", suppression.pk)).status_code == 403
    assert client.post(url("unsuppress", suppression.pk)).status_code == 403
    assert Suppression.objects.count() == 1
    assert "Email alerts" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_reviewers_see_their_blogs_only_and_no_address_tools(client, people, blog, other_blog):
    subscribe("a@example.com", (blog, None, Frequency.IMMEDIATELY))
    subscribe("b@example.com", (other_blog, None, Frequency.DAILY), (None, None, "weekly"))
    send_alert(make_post(blog, "Ours"), Status.SENT)
    send_alert(make_post(other_blog, "Theirs"), Status.SENT)
    client.force_login(people["other_reviewer"])

    counts = client.get(url("index"))
    assert counts.status_code == 200
    text = soup(counts).select_one("main").get_text(" ", strip=True)
    assert "Data in government" in text and "Government Technology" not in text
    assert "Every blog on the network" not in text  # network-wide: Administrators only
    assert "@" not in text
    alerts = soup(client.get(url("alerts"))).select_one("main").get_text(" ", strip=True)
    assert "Theirs" in alerts and "Ours" not in alerts
    for _, name in ADMIN_PAGES:
        assert client.get(url(name)).status_code == 403, name
    for name, data in ADMIN_POSTS:
        assert client.post(url(name), data).status_code == 403, name

    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Email alerts" in menu and url("alerts") in menu and url("erase") not in menu


def test_counts_per_blog_category_and_frequency(client, people, blog, security):
    subscribe("a@example.com", (blog, None, "immediately"), (blog, security, "daily"))
    subscribe("b@example.com", (blog, security, "daily"))
    subscribe("c@example.com", (None, None, "weekly"))
    subscribe("d@example.com", (blog, None, "weekly"), confirmed=False)  # not counted
    client.force_login(people["administrator"])
    tables = soup(client.get(url("index"))).select("main table")
    rows = {
        table.caption.get_text(strip=True): [
            [cell.get_text(strip=True) for cell in row.select("td")]
            for row in table.select("tbody tr")
        ]
        for table in tables
    }
    assert rows["Every blog on the network"] == [["1", "0", "0", "1"]]
    assert ["Government Technology", "2", "1", "1", "2", "0"] in rows["By blog"]
    assert ["Data in government", "0", "0", "0", "0", "0"] in rows["By blog"]
    assert rows["By category"] == [["Government Technology", "Security", "2", "0", "2", "0"]]


def test_sent_alerts_are_counted_in_a_fixed_number_of_queries(
    client, people, blog, django_assert_num_queries
):
    first, *others = [make_post(blog, title) for title in ("First post", "A", "B", "C", "D")]
    send_alert(first, Status.SENT, Status.SENT, Status.FAILED, Status.SUPPRESSED, Status.RETRY)
    client.force_login(people["reviewer"])
    client.get(url("alerts"))  # warm Wagtail's caches (content types, sites)

    def rows():
        with django_assert_num_queries(QUERIES):
            response = client.get(url("alerts"))
        assert response.status_code == 200
        return soup(response).select("main tbody tr")

    [row] = rows()
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells[0] == "First post" and cells[1] == "Government Technology"
    assert cells[3:] == ["Sent", "2", "1", "1", "1"]
    for post in others:
        send_alert(post, Status.SENT, Status.FAILED)
    assert len(rows()) == 5  # five rows, the same queries


# Wagtail's own (session, user, device, permissions, profile, locales, the menus: 9), who
# may see what (page permissions, blogs: 3; "Administrator?" is a cached permission), the
# count and the rows.
QUERIES = 14


def test_suppression_list_add_and_remove(client, people):
    client.force_login(people["administrator"])
    added = client.post(url("suppress"), {"email": " Someone@Example.com "})
    assert added.status_code == 302
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason) == ("someone@example.com", "manual")
    again = client.post(url("suppress"), {"email": "someone@example.com"})
    assert again.status_code == 400
    assert "already on the suppression list" in again.content.decode()

    listing = client.get(url("suppressions"))
    assert "someone@example.com" in listing.content.decode()
    remove = url("unsuppress", suppression.pk)
    assert remove in listing.content.decode()
    assert client.get(remove).status_code == 200
    assert Suppression.objects.exists()  # a GET removes nothing
    assert client.post(remove).status_code == 302
    assert not Suppression.objects.exists()
    assert client.post(remove).status_code == 404

    entries = ModelLogEntry.objects.filter(action__startswith="alerts.")
    assert sorted(entries.values_list("action", flat=True)) == [
        "alerts.suppress",
        "alerts.unsuppress",
    ]
    assert all("someone" not in f"{e.label} {e.data}" for e in entries)


def test_suppression_list_is_paginated(client, people):
    Suppression.objects.bulk_create(
        Suppression(email=f"n{number}@example.com", reason="bounce") for number in range(55)
    )
    client.force_login(people["superuser"])
    first = soup(client.get(url("suppressions")))
    assert len(first.select("main tbody tr")) == 50
    assert len(soup(client.get(url("suppressions") + "?p=2")).select("main tbody tr")) == 5


@pytest.mark.parametrize("email", ["not an address", "", "a@b@example.com", "x" * 300])
def test_a_bad_address_is_a_form_error(client, people, email):
    client.force_login(people["administrator"])
    for name in ("suppress", "erase"):
        response = client.post(url(name), {"email": email, "confirm": "on"})
        assert response.status_code == 400
        assert soup(response).select(".error-message, .w-field__errors"), name


def test_erasure_forgets_the_address_and_keeps_the_counts(client, people, blog):
    post = make_post(blog, "A post")
    alert = Alert.objects.create(post=post)
    reader = subscribe("reader@example.com", (blog, None, "immediately"))
    Delivery.objects.create(
        subscriber=reader, post=post, alert=alert, status=Status.FAILED, error="<reader@...>"
    )
    Suppression.objects.create(email="reader@example.com", reason="complaint")
    client.force_login(people["administrator"])

    unchecked = client.post(url("erase"), {"email": "reader@example.com"})
    assert unchecked.status_code == 400 and Subscriber.objects.exists()
    known = client.post(
        url("erase"), {"email": "Reader@example.com", "confirm": "on"}, follow=True
    )
    unknown = client.post(
        url("erase"), {"email": "nobody@example.com", "confirm": "on"}, follow=True
    )

    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert not Suppression.objects.exists()
    delivery = Delivery.objects.get()
    assert (delivery.subscriber, delivery.status, delivery.error) == (None, Status.FAILED, "")

    def message(response):
        return soup(response).select_one(".messages").get_text(strip=True)

    assert message(known) == message(unknown)  # the same answer: no lookup by erasure
    entries = ModelLogEntry.objects.filter(action="alerts.erase")
    assert [e.data["address"] for e in entries.order_by("pk")] == [
        address_ref("reader@example.com"),
        address_ref("nobody@example.com"),
    ]
    assert all("@" not in f"{e.label} {e.object_id} {e.data}" for e in entries)
    assert entries.first().message.startswith("Erased from email alerts (address ref. ")


def test_forms_need_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["administrator"])
    for name, data in ADMIN_POSTS:
        assert client.post(url(name), data).status_code == 403, name
    assert not Suppression.objects.exists()


def test_administrators_group_sees_every_blog(client, people, blog, other_blog):
    assert Group.objects.filter(name="Administrators").exists()
    client.force_login(people["administrator"])
    text = soup(client.get(url("index"))).select_one("main").get_text(" ", strip=True)
    assert "Government Technology" in text and "Data in government" in text
