import re

import pytest

from demo.factories import make_category

LINK = re.compile(r"https?://\S+/alerts/(confirm|manage|unsubscribe)/([^/\s]+)/")


@pytest.fixture
def security(db):
    return make_category("Security")


def links(message, kind):
    """The tokens of the `kind` links in an e-mail's text part."""
    return [token for found, token in LINK.findall(message.body) if found == kind]
