"""What a writer's byline is made from, in their account settings."""

from django import forms
from django.contrib.auth import get_user_model

from wagtail.users.forms import UserCreationForm as BaseUserCreationForm
from wagtail.users.forms import UserEditForm as BaseUserEditForm

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


class UserEditForm(BaseUserEditForm):
    """Wagtail's form for Administrators editing a user, with the byline fields."""

    class Meta(BaseUserEditForm.Meta):
        fields = (*BaseUserEditForm.Meta.fields, *BYLINE_FIELDS)
        help_texts = BYLINE_HELP


class UserCreationForm(BaseUserCreationForm):
    """Wagtail's form for Administrators adding a user, with the byline fields."""

    class Meta(BaseUserCreationForm.Meta):
        fields = (*BaseUserCreationForm.Meta.fields, *BYLINE_FIELDS)
        help_texts = BYLINE_HELP
