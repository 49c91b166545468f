"""The admin's upload form: the export, the blog (one of the network's, or a new slug)
and, optionally, a .zip of wp-content/uploads."""

import zipfile

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator

from home.models import HomePage
from posts.models import BlogPage

from .uploads import MB, UnsafeArchive, check_archive


def size_limit(upload):
    limit = settings.IMPORTER_MAX_UPLOAD_MB
    if upload.size > limit * MB:
        raise forms.ValidationError(f"The file is larger than {limit:g} MB, the limit.")


class UploadForm(forms.Form):
    export = forms.FileField(
        label="WordPress export",
        help_text="The .xml file from Tools > Export > All content in WordPress.",
        validators=[FileExtensionValidator(["xml"], "Choose an .xml file: a WordPress export")],
        error_messages={"required": "Choose the WordPress export (.xml file)"},
    )
    blog = forms.ModelChoiceField(
        label="Into the blog",
        queryset=BlogPage.objects.order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label="A new blog (give its slug below)",
    )
    new_slug = forms.SlugField(
        label="New blog's slug",
        required=False,
        max_length=255,
        help_text="Its address: /technology/ for “technology”. It is titled as the export's "
        "site; you can change the title afterwards.",
    )
    uploads = forms.FileField(
        label="Images (optional)",
        required=False,
        help_text="A .zip of the site's wp-content/uploads folder. Without it, images are "
        "listed as missing and the posts still import.",
        validators=[FileExtensionValidator(["zip"], "Choose a .zip file")],
    )

    def clean_export(self):
        export = self.cleaned_data["export"]
        size_limit(export)
        return export

    def clean_uploads(self):
        archive = self.cleaned_data.get("uploads")
        if not archive:
            return archive
        size_limit(archive)
        try:
            with zipfile.ZipFile(archive) as opened:
                check_archive(opened)
        except zipfile.BadZipFile as error:
            raise forms.ValidationError("This is not a .zip file that can be opened.") from error
        except UnsafeArchive as error:
            raise forms.ValidationError(f"The .zip file is refused: {error}") from error
        archive.seek(0)
        return archive

    def clean(self):
        data = super().clean()
        blog, slug = data.get("blog"), data.get("new_slug")
        if blog and slug:
            self.add_error("new_slug", "Choose a blog or give a new slug, not both")
        elif not blog and not slug and "new_slug" not in self.errors:
            self.add_error("blog", "Choose a blog, or give the new blog's slug")
        elif slug and BlogPage.objects.filter(slug=slug).exists():
            self.add_error("new_slug", "There is a blog with this slug already: choose it above")
        elif slug and self.slug_taken(slug):
            self.add_error("new_slug", "A page under the home page has this slug already")
        return data

    def slug_taken(self, slug):
        home = HomePage.objects.first()
        return home is not None and home.get_children().filter(slug=slug).exists()

    @property
    def blog_slug(self):
        return (
            self.cleaned_data["blog"].slug
            if self.cleaned_data["blog"]
            else (self.cleaned_data["new_slug"])
        )
