import datetime

import pytest

from demo.factories import make_blog, make_category, make_home, make_person, make_post


@pytest.mark.django_db
def test_post_is_served_at_its_dated_url(client):
    home = make_home()
    blog = make_blog(home, "Government Technology", slug="technology")
    post = make_post(
        blog,
        "Hello world",
        date=datetime.date(2017, 10, 10),
        authors=[make_person("Khidr Suleman")],
        categories=[make_category("Open Source")],
        body=[("paragraph", "<p>Hi</p>")],
    )
    assert post.url == "/technology/2017/10/10/hello-world/"
    response = client.get(post.url)
    assert response.status_code == 200
    assert b"Hello world" in response.content
