"""The post editor's categories: checkboxes of the blog's own and the network-wide ones."""

from django import forms

from wagtail.admin.panels import FieldPanel

from posts.models.snippets import Category

CATEGORIES_HELP = (
    "Tick the topics this post is about. You can choose this blog's own categories and "
    "those every blog shares. Readers see a new category once a reviewer publishes it."
)


class BlogCategoriesField(forms.ModelMultipleChoiceField):
    """Offers, and accepts, only the categories of the post's blog and the network-wide
    ones: a crafted POST naming another blog's category gets a form error."""

    def get_bound_field(self, form, field_name):
        # The form knows the post's blog (its parent), the field does not: the choices are
        # narrowed when the form first uses the field, before it shows or cleans it.
        self.queryset = Category.objects.for_blog(post_blog_id(form)).order_by("name")
        return super().get_bound_field(form, field_name)

    def label_from_instance(self, obj):
        return obj.name if obj.live else f"{obj.name} (not published yet)"


def post_blog_id(form):
    """The id of the blog the edited post is (or will be) under, or None."""
    parent = getattr(form, "parent_page", None)
    if parent is None and form.instance.pk:
        parent = form.instance.get_parent()
    return parent.pk if parent is not None else None


class BlogCategoriesPanel(FieldPanel):
    def __init__(self, field_name="categories", **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("help_text", CATEGORIES_HELP)
        super().__init__(field_name, **kwargs)

    def get_form_options(self):
        options = super().get_form_options()
        options["field_classes"] = {self.field_name: BlogCategoriesField}
        return options
