"""The sign-up and manage forms. An address is stored lower-cased and stripped; Django's
EmailField refuses line breaks, so no header can be injected through it."""

from django import forms

from posts.models import BlogPage

from . import topics
from .models import Frequency


class SignUpForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    frequency = forms.ChoiceField(
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often you want emails",
            "invalid_choice": "Select how often you want emails",
        },
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def topics(self):
        raise NotImplementedError

    def choices_field(self):
        """The checkboxes behind the second "what about" answer (categories or blogs)."""
        return self[self.CHOICES]

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.CHOICES and not data.get(self.CHOICES):
            self.add_error(self.CHOICES, f"Select at least one {self.CHOICE_NAME}")
        return data


def scope_field(everything, some):
    """The first "what about" answer: everything, or some of the checkboxes below."""
    return forms.ChoiceField(
        choices=[everything, some],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you want emails about",
            "invalid_choice": "Select what you want emails about",
        },
    )


def some_field(invalid_choice):
    """The checkboxes of the second answer (the queryset is set by the form)."""
    return forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": invalid_choice},
    )


class BlogSignUpForm(SignUpForm):
    """On `<blog>/subscribe/`: the whole blog, or some of its categories."""

    WHOLE_BLOG = "blog"
    CATEGORIES = CHOICES = "categories"
    CHOICE_NAME = "category"

    scope = scope_field((WHOLE_BLOG, "Every post"), (CATEGORIES, "Only posts in some categories"))
    categories = some_field("Select categories from the list")

    field_order = ["email", "scope", "categories", "frequency"]

    def __init__(self, *args, blog, **kwargs):
        super().__init__(*args, **kwargs)
        self.blog = blog
        self.fields["categories"].queryset = categories = topics.categories_for(blog)
        if not categories.exists():  # nothing to choose from: the whole blog it is
            self.fields["scope"].choices = self.fields["scope"].choices[:1]

    def topics(self):
        if self.cleaned_data["scope"] == self.WHOLE_BLOG:
            return [topics.blog_topic(self.blog)]
        return [topics.category_topic(self.blog, c) for c in self.cleaned_data["categories"]]


class NetworkSignUpForm(SignUpForm):
    """On `/subscribe/`: every blog, or some blogs."""

    EVERY_BLOG = "network"
    BLOGS = CHOICES = "blogs"
    CHOICE_NAME = "blog"

    scope = scope_field((EVERY_BLOG, "Every blog, including new ones"), (BLOGS, "Only some blogs"))
    blogs = some_field("Select blogs from the list")

    field_order = ["email", "scope", "blogs", "frequency"]

    def __init__(self, *args, root, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blogs"].queryset = (
            BlogPage.objects.child_of(root).for_readers().order_by("title")
        )

    def topics(self):
        if self.cleaned_data["scope"] == self.EVERY_BLOG:
            return [topics.NETWORK]
        return [topics.blog_topic(blog) for blog in self.cleaned_data["blogs"]]


class FrequencyForm(forms.Form):
    """One subscription on the manage page: a new frequency, or stop."""

    STOP = "stop"

    frequency = forms.ChoiceField(
        choices=[*Frequency.choices, (STOP, "Stop these emails")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often you want emails"},
    )
