"""The image upload and edit form (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

from django.core.exceptions import ValidationError

from wagtail.images.forms import BaseImageForm

from .models import NO_ALT_TEXT


class BulletinImageForm(BaseImageForm):
    def clean(self):
        cleaned = super().clean()
        # The multiple uploader sends only the file and title first: this error makes
        # Wagtail keep the file and ask for the alt text in the edit form that follows.
        if "alt_text" in self.fields and "is_decorative" in self.fields:
            alt_text = (cleaned.get("alt_text") or "").strip()
            if not alt_text and not cleaned.get("is_decorative"):
                self.add_error("alt_text", ValidationError(NO_ALT_TEXT, code="required"))
            cleaned["alt_text"] = alt_text
        return cleaned
