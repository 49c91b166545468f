"""Shared set-up: a network home page, a scratch directory, and running the command."""

import io
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from comments.models import ReaderComment
from demo.factories import make_home
from importer.models import ImportedObject
from posts.models import BlogPage, Category, Person, PostPage

from .exports import write


def database_counts():
    return {
        "pages": Page.objects.count(),
        "people": Person.objects.count(),
        "categories": Category.objects.count(),
        "comments": ReaderComment.objects.count(),
        "redirects": Redirect.objects.count(),
        "mapped": ImportedObject.objects.count(),
    }


class ImporterTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def write(self, text, name="export.xml"):
        return write(self.tmp, text, name)

    def run_command(self, path, *args, blog="technology"):
        out = io.StringIO()
        call_command("import_wordpress", str(path), "--blog", blog, *args, stdout=out)
        return out.getvalue()

    def blog(self, slug="technology"):
        return BlogPage.objects.get(slug=slug)

    def posts(self, slug="technology"):
        return PostPage.objects.child_of(self.blog(slug))
