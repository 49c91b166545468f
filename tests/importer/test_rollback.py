"""A post that fails is rolled back whole, and the run forgets what it made inside it."""

from unittest import mock

from taggit.models import Tag

from importer import comments as importer_comments
from posts.models import Category, Person

from .base import ImporterTestCase
from .exports import comment, export, item

TERMS = (
    '<category domain="category" nicename="ghost-category"><![CDATA[Ghost category]]></category>'
    '<category domain="post_tag" nicename="ghost-tag"><![CDATA[Ghost tag]]></category>'
)


def by_stranger(text):
    """An item written by a login the export does not declare."""
    return text.replace("<![CDATA[khidr]]></dc:creator>", "<![CDATA[stranger]]></dc:creator>")


class RolledBackTermsTests(ImporterTestCase):
    def test_terms_and_people_made_in_a_failed_post_are_made_again_for_the_next(self):
        # Post 1 names a category, a tag and an author the export does not declare (so
        # they are made inside its transaction), then fails on its comment; post 2 names
        # the same three.
        first = by_stranger(item(1, "Fails", extra=TERMS + comment(66, "Boom")))
        second = by_stranger(item(2, "Survives", extra=TERMS))
        real_ip = importer_comments.valid_ip

        def failing_ip(value):
            if value.strip() == "192.0.2.66":
                raise RuntimeError("the database went away")
            return real_ip(value)

        with mock.patch.object(importer_comments, "valid_ip", failing_ip):
            output = self.run_command(self.write(export(first + second)))

        self.assertIn("post 1 “Fails”: RuntimeError", output)
        [post] = self.posts()
        self.assertEqual(post.title, "Survives")
        self.assertEqual(
            [c.name for c in post.categories.all()], ["Ghost category"], "the category row exists"
        )
        self.assertEqual([t.name for t in post.tags.all()], ["Ghost tag"])
        self.assertEqual([a.person.name for a in post.post_authors.all()], ["stranger"])
        self.assertEqual(Category.objects.filter(name="Ghost category").count(), 1)
        self.assertEqual(Tag.objects.filter(name="Ghost tag").count(), 1)
        self.assertEqual(Person.objects.filter(name="stranger").count(), 1)
