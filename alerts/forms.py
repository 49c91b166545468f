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


class BlogSignUpForm(SignUpForm):
    """On `<blog>/subscribe/`: the whole blog, or some of its categories."""

    WHOLE_BLOG = "blog"
    CATEGORIES = CHOICES = "categories"

    scope = forms.ChoiceField(
        choices=[(WHOLE_BLOG, "Every post"), (CATEGORIES, "Only posts in some categories")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you want emails about",
            "invalid_choice": "Select what you want emails about",
        },
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select categories from the list"},
    )

    field_order = ["email", "scope", "categories", "frequency"]

    def __init__(self, *args, blog, **kwargs):
        super().__init__(*args, **kwargs)
        self.blog = blog
        self.fields["categories"].queryset = categories = topics.categories_for(blog)
        if not categories.exists():  # nothing to choose from: the whole blog it is
            self.fields["scope"].choices = self.fields["scope"].choices[:1]

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.CATEGORIES and not data.get("categories"):
            self.add_error("categories", "Select at least one category")
        return data

    def topics(self):
        if self.cleaned_data["scope"] == self.WHOLE_BLOG:
            return [topics.blog_topic(self.blog)]
        return [topics.category_topic(self.blog, c) for c in self.cleaned_data["categories"]]


class NetworkSignUpForm(SignUpForm):
    """On `/subscribe/`: every blog, or some blogs."""

    EVERY_BLOG = "network"
    BLOGS = CHOICES = "blogs"

    scope = forms.ChoiceField(
        choices=[(EVERY_BLOG, "Every blog, including new ones"), (BLOGS, "Only some blogs")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you want emails about",
            "invalid_choice": "Select what you want emails about",
        },
    )
    blogs = forms.ModelMultipleChoiceField(
        queryset=BlogPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select blogs from the list"},
    )

    field_order = ["email", "scope", "blogs", "frequency"]

    def __init__(self, *args, root, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blogs"].queryset = (
            BlogPage.objects.child_of(root).live().public().order_by("title")
        )

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.BLOGS and not data.get("blogs"):
            self.add_error("blogs", "Select at least one blog")
        return data

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
