"""What a writer's byline is made from, in their account settings."""

from django import forms
from django.contrib.auth import get_user_model

User = get_user_model()

BYLINE_FIELDS = ["job_title", "organisation"]
BYLINE_HELP = {
    "job_title": "For example: Head of Software Engineering.",
    "organisation": "For example: HM Courts & Tribunals Service.",
}


class BylineForm(forms.ModelForm):
    class Meta:
        model = User
        fields = BYLINE_FIELDS
        help_texts = BYLINE_HELP
