"""The readers' comment form, and the moderators' forms in the console."""

import re

from django import forms

from posts.models import BlogPage

from . import defences
from .models import BODY_MAX_LENGTH, NAME_MAX_LENGTH, BlogCommentSettings, ReaderComment

# C0 and C1 controls (tab and line breaks aside), bidirectional overrides (which make text
# read differently from how it is stored) and U+FFFD, which stands in for bytes that were
# not UTF-8 when the request was decoded.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffd]")
LINE_BREAK = re.compile(r"[\r\n\t]")

NOT_SENT = "Your comment was not sent. Check it, then select ‘Submit comment’ again"
HIDDEN_FIELDS = ("parent", "token", "website", "notify_on_publish")
NO_PARENT = "The comment you are replying to is not available. Send yours as a new comment instead"
DUPLICATE = "You have already sent this comment. It will appear once a moderator has approved it"


def check_text(value, what, single_line=False):
    if FORBIDDEN.search(value) or (single_line and LINE_BREAK.search(value)):
        raise forms.ValidationError(
            f"{what} must only include letters, numbers, spaces and punctuation",
            code="characters",
        )
    return value


class CommentTextMixin:
    """Plain text only: the same rules for readers and moderators."""

    def clean_name(self):
        return check_text(self.cleaned_data["name"], "Your name", single_line=True)

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        if len(body) > BODY_MAX_LENGTH:
            raise forms.ValidationError(self.fields["body"].error_messages["max_length"])
        return check_text(body, "Your comment")


def name_field(**kwargs):
    return forms.CharField(
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter your name",
            "max_length": f"Your name must be {NAME_MAX_LENGTH} characters or fewer",
        },
        **kwargs,
    )


def body_field(**kwargs):
    # The length is checked by clean_body, once line breaks count as one character each
    # (browsers send them as two), as GOV.UK's character count counts them.
    return forms.CharField(
        widget=forms.Textarea,
        error_messages={
            "required": "Enter your comment",
            "max_length": f"Your comment must be {BODY_MAX_LENGTH:,} characters or fewer",
        },
        **kwargs,
    )


class CommentForm(CommentTextMixin, forms.Form):
    """What a reader sends. Fields in the order the page shows them."""

    body = body_field(label="Comment")
    name = name_field(label="Name")
    email = forms.EmailField(
        label="Email",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
    notify_on_publish = forms.BooleanField(
        label="Email me when my comment is published", required=False
    )
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (and from assistive technology), filled in by bots.
    website = forms.CharField(required=False)

    def __init__(self, *args, post, **kwargs):
        self.post = post
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", defences.make_token(post.pk))
        self.nonce = None

    def refresh_token(self):
        """A new token for the form shown again after an error (the reader's text kept)."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["token"] = defences.make_token(self.post.pk)

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = None
        # A forged id is any text: only a number a primary key can hold is looked up.
        if parent_id.isascii() and parent_id.isdigit() and len(parent_id) < 19:
            parent = (
                ReaderComment.objects.visible()
                .filter(pk=int(parent_id), post=self.post, parent__isnull=True)
                .first()
            )
        if parent is None:
            self.add_error("body", forms.ValidationError(NO_PARENT, code="parent"))
        return parent

    def clean(self):
        # Problems with the form as a whole are shown at the comment, where the reader
        # is sent back to (GOV.UK pairs every summary item with an inline message).
        cleaned = super().clean()
        # The hidden fields have nowhere to show an error (a null character, say).
        hidden_errors = [self._errors.pop(name, None) for name in HIDDEN_FIELDS]
        try:
            self.nonce = defences.read_token(cleaned.get("token"), self.post.pk)
        except defences.TokenError:
            self.add_error("body", forms.ValidationError(NOT_SENT, code="token"))
        if cleaned.get("website") or any(hidden_errors):
            self.add_error("body", forms.ValidationError(NOT_SENT, code="honeypot"))
        body = cleaned.get("body")
        if body and defences.is_duplicate(self.post, body):
            self.add_error("body", forms.ValidationError(DUPLICATE, code="duplicate"))
        return cleaned

    def error_list(self):
        """(field id, message) for the error summary: the first error of each field, in
        the order the page shows them."""
        items = []
        for name in ("body", "name", "email"):
            if self.errors.get(name):
                items.append((f"id_{name}", self.errors[name][0]))
        return items


class EditCommentForm(CommentTextMixin, forms.Form):
    """A moderator's edit, usually to take personal data out before approving."""

    name = name_field(label="Name")
    body = body_field(label="Comment")


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason",
        choices=[("", "Choose a reason"), *ReaderComment.RejectionReason.choices],
        error_messages={"required": "Choose why the comment is rejected"},
    )


class ReplyForm(CommentTextMixin, forms.Form):
    name = name_field(label="Name shown", help_text="Your name, or your team's.")
    body = body_field(label="Reply")


class PersonForm(forms.Form):
    """A subject access or erasure request: everything sent from one e-mail address."""

    email = forms.EmailField(label="Email address", max_length=254)


def new_posts_follow_their_blog(base_form_class):
    """The post editor's form, with a new post's "comments open" starting as its blog's
    setting (BlogCommentSettings.comments_open: "new posts accept comments unless switched
    off")."""
    if getattr(base_form_class, "follows_blog_comments_setting", False):
        return base_form_class

    class PostPageForm(base_form_class):
        follows_blog_comments_setting = True

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            parent = getattr(self, "parent_page", None)
            if (
                self.instance._state.adding
                and parent is not None
                and "comments_open" in self.fields
            ):
                blog = parent.specific
                if isinstance(blog, BlogPage):
                    settings = BlogCommentSettings.for_blog(blog)
                    self.initial["comments_open"] = settings.comments_open

    return PostPageForm
