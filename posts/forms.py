"""The post editor's form and the form that adds a person from the Person chooser."""

import secrets

from django import forms
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page

from home.models import BasePage
from posts.drafts import release
from posts.models.snippets import Person

# Wagtail's own wording on the Promote tab speaks of pages; these speak of the post.
PROMOTE_HELP = {
    "seo_title": "The title search engines show. Leave blank to use the post's title.",
    "search_description": "The description search engines and social media show. "
    "Leave blank to use the summary.",
    "social_image": "Shown when the post is shared on social media. "
    "Leave blank to use the listing image.",
}


def slug_follows_title(slug, title):
    """Whether `slug` is the one the editor made from `title` (Wagtail's script fills the
    slug in as the title is typed), rather than one the writer typed themselves."""
    made = slugify(title, allow_unicode=True)[:255].strip("-_")
    return bool(made) and slugify(slug, allow_unicode=True).strip("-_") == made


class PostPageForm(BasePage.base_form_class):
    """The post editor: the writer is the first author, slugs made from the title never
    clash, and an error on another tab is named where the writer is.

    `draft_key` names the form that was opened: if one form creates a post twice (an
    autosave and a click on Save a moment later, or an autosave sent again after a network
    error), posts.editor turns the second request into an edit of the post the first made."""

    draft_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_slug = None
        if self.instance.pk is None and not self.is_bound:
            self.initial["draft_key"] = secrets.token_urlsafe(24)
            self.suggest_author()
        for name, help_text in PROMOTE_HELP.items():
            if name in self.fields:
                self.fields[name].help_text = help_text
        if "slug" in self.fields:
            self.fields["slug"].help_text = self.slug_help()
            # Left empty (the title typed and sent before the editor's script filled the
            # slug in, or a writer who cleared it), it is made from the title.
            self.fields["slug"].required = False

    def suggest_author(self):
        """The writer's own Person in the first author row of a new post."""
        from posts.people import person_for  # it creates People: only when a form opens

        authors = self.formsets.get("post_authors")
        person = person_for(self.for_user) if self.for_user else None
        if authors is not None and person is not None:
            # Initial values of the rows the formset adds (min_num=1 adds one).
            authors.initial_extra = [{"person": person.pk}]

    def slug_help(self):
        # The blog as the view found it (Page.get_url needs no specific page: no query).
        blog = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        base = (blog.get_url() if blog else None) or "/"
        date = self.instance.date or timezone.localdate()
        address = f"{base}{date:%Y/%m/%d}/"
        text = f"The end of the post's address: {address} followed by this. "
        if self.instance.date is None:
            text += "The date will be the day the post is published. "
        return text + "Made from the title unless you change it."

    def clean(self):
        title = self.cleaned_data.get("title")
        if "slug" in self.fields and not self.cleaned_data.get("slug") and title:
            self.cleaned_data["slug"] = slugify(title, allow_unicode=True)[:255].strip("-_")
        self.make_slug_unique()
        return super().clean()

    def make_slug_unique(self):
        """A slug the editor made from the title gets -2, -3, ... if another page of the
        blog has it. Never for a post that has been published (its address is public) and
        never for a slug the writer typed: they are told instead."""
        slug, title = self.cleaned_data.get("slug"), self.cleaned_data.get("title")
        if not slug or not title or self.parent_page is None:
            return
        published = self.instance.live or self.instance.first_published_at
        if self.instance.pk and published:  # (a new page is `live` until it is saved)
            return
        if not slug_follows_title(slug, title):
            return

        def free(candidate):
            return Page._slug_is_available(candidate, self.parent_page, self.instance)

        if free(slug):
            return
        base, suffix = slug[:250], 2
        while not free(f"{base}-{suffix}"):
            suffix += 1
        self.cleaned_data["slug"] = self.new_slug = f"{base}-{suffix}"

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            self.name_errors_on_other_tabs()
            if self.instance.pk is None:
                release(self.for_user, self.data.get("draft_key"))

    def name_errors_on_other_tabs(self):
        """Wagtail's message says only that there are errors; one on the Promote or Settings
        tab is out of sight. Name the field and its tab at the top of the form."""
        tabs = type(self.instance).get_edit_handler().children[1:]
        for tab in tabs:
            for name in tab.get_form_options().get("fields", []):
                for error in self._errors.get(name, []) if name in self.fields else []:
                    label = self.fields[name].label or name
                    self.add_error(None, f"On the {tab.heading} tab, {label.lower()}: {error}")

    def get_field_updates_for_resave(self):
        # After an autosave, the slug that was made unique goes back into the open form, so
        # the next autosave sends it rather than the clashing one.
        updates = super().get_field_updates_for_resave()
        if self.new_slug:
            updates.append(("slug", self.new_slug))
        return updates


class PersonCreationForm(forms.ModelForm):
    """Adding someone to the People list from the chooser: a name and, if known, their job
    title and organisation (the rest is filled in under Blog data, People)."""

    class Meta:
        model = Person
        fields = ["name", "job_title", "organisation"]
        help_texts = {
            "name": "Their full name, as it appears on posts.",
            "job_title": "For example: Head of Software Engineering.",
            "organisation": "For example: HM Courts & Tribunals Service.",
        }
