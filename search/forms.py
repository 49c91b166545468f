"""The search page's parameters: q, blog, category, author, from, to. Each bad value gets
a message in GOV.UK's words, shown beside its field, and the page answers 400."""

from django import forms
from django.core.validators import validate_slug

from home.templatetags.govuk_dates import govuk_date
from posts.models import BlogPage, Category, Person

from .query import MAX_QUERY_LENGTH, normalise, parse

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateField):
    default_error_messages = {
        "invalid": "Enter a real date, for example 2017-10-10 or 10/10/2017.",
    }

    def __init__(self, **kwargs):
        super().__init__(input_formats=DATE_FORMATS, required=False, **kwargs)


class SlugChoice(forms.CharField):
    """A slug naming a blog, category or person; the form looks it up."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=255, validators=[validate_slug], **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search all blogs")
    blog = SlugChoice(error_messages={"invalid": "Choose a blog from the list."})
    category = SlugChoice(error_messages={"invalid": "Choose a category from the list."})
    author = SlugChoice(error_messages={"invalid": "Choose an author from the list."})
    date_from = DateInput(label="From")
    date_to = DateInput(label="To")

    FIELD_NAMES = {"date_from": "from", "date_to": "to"}

    def __init__(self, data, **kwargs):
        # `from` is a Python keyword, so the date fields are named in Python and mapped here.
        data = data.copy()
        for name, param in self.FIELD_NAMES.items():
            if param in data:
                data[name] = data[param]
        # Control characters and runs of spaces are dropped, not refused: they come from
        # pasting, and the words around them are still worth searching for.
        data["q"] = normalise(data.get("q", ""))
        super().__init__(data, **kwargs)

    def param(self, name):
        return self.FIELD_NAMES.get(name, name)

    def clean_q(self):
        text = self.cleaned_data["q"]
        if len(text) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                f"Search terms must be {MAX_QUERY_LENGTH} characters or fewer."
            )
        return text

    def clean_blog(self):
        return self.lookup(
            "blog",
            BlogPage.objects.published(),
            "There is no blog with that name. Choose a blog from the list.",
        )

    def clean_category(self):
        return self.lookup(
            "category",
            Category.objects.live(),
            "There is no category with that name. Choose a category from the list.",
        )

    def clean_author(self):
        return self.lookup(
            "author",
            Person.objects.live(),
            "There is no author with that name. Choose an author from the list.",
        )

    def lookup(self, name, queryset, message):
        slug = self.cleaned_data[name]
        if not slug:
            return None
        found = queryset.filter(slug=slug).first()
        if found is None:
            raise forms.ValidationError(message)
        return found

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The ‘to’ date must be on or after the ‘from’ date.")
        return data

    @property
    def parsed(self):
        return parse(self.cleaned_data.get("q", ""))

    def filters(self):
        """The filters in use, as (parameter, label, value) triples for "remove" links."""
        data = self.cleaned_data
        found = []
        for name in ("blog", "category", "author"):
            if data.get(name):
                found.append((name, name.capitalize(), str(data[name])))
        for name, label in (("date_from", "From"), ("date_to", "To")):
            if data.get(name):
                found.append((self.param(name), label, govuk_date(data[name])))
        return found
