"""The post editor on the bench database: opening a post and saving it as a draft, as a
writer of its blog does (server time and queries, in-process).

`editor_form_data` sends back what the editor's form holds, as a browser would: every field
of the page form, its inline formsets and the body's blocks in the StreamField's own format.
"""

import json

from django import forms
from django.contrib.auth import get_user_model

from wagtail import blocks
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.rich_text import features as feature_registry

from benchmarks.harness import measure_call
from editorial.roles import add_to_blog
from posts.models import BlogPage, PostPage

RUNS = 20


def block_data(block, value, prefix, out):
    """Form data for one block's value, as the StreamField widget posts it."""
    if isinstance(block, blocks.StreamBlock):
        out[f"{prefix}-count"] = str(len(value))
        for index, child in enumerate(value):
            name = f"{prefix}-{index}"
            out.update({f"{name}-type": child.block_type, f"{name}-deleted": ""})
            out.update({f"{name}-order": str(index), f"{name}-id": child.id or ""})
            block_data(child.block, child.value, f"{name}-value", out)
    elif isinstance(block, blocks.ListBlock):
        out[f"{prefix}-count"] = str(len(value))
        for index, item in enumerate(value.bound_blocks):
            name = f"{prefix}-{index}"
            out.update({f"{name}-deleted": "", f"{name}-order": str(index)})
            out[f"{name}-id"] = item.id or ""
            block_data(block.child_block, item.value, f"{name}-value", out)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            block_data(child_block, value.get(name), f"{prefix}-{name}", out)
    elif isinstance(block, blocks.RichTextBlock):
        features = block.features or feature_registry.get_default_features()
        source = value.source if value else ""
        out[prefix] = ContentstateConverter(features).from_database_format(source)
    elif isinstance(block, TableBlock):
        out[prefix] = json.dumps(value)
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            out[prefix] = "on"
    elif isinstance(block, blocks.ChooserBlock):
        out[prefix] = str(value.pk) if value else ""
    elif isinstance(block, (blocks.DateBlock, blocks.DateTimeBlock)):
        out[prefix] = value.isoformat() if value else ""
    else:
        out[prefix] = "" if value is None else str(value)


def field_data(bound_field, out):
    field, name, value = bound_field.field, bound_field.html_name, bound_field.value()
    if hasattr(field, "block"):  # a StreamField
        block_data(field.block, value, name, out)
    elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        out[name] = [str(getattr(item, "pk", item)) for item in value or []]
    elif isinstance(field, forms.BooleanField):
        if value:
            out[name] = "on"
    else:
        formatted = field.widget.format_value(value)
        out[name] = "" if formatted is None else str(formatted)


def form_data(form, out):
    for bound_field in form:
        field_data(bound_field, out)
    for formset in getattr(form, "formsets", {}).values():
        for bound_field in formset.management_form:
            out[bound_field.html_name] = str(bound_field.value())
        for child in formset.forms:
            form_data(child, out)
    return out


def editor_form_data(page, user):
    """What the post editor posts back for `page` (its latest revision) when saved as is."""
    page = page.get_latest_revision_as_object()
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=page.get_parent())
    data = form_data(form, {})
    revision = page.get_latest_revision()
    data["loaded_revision_id"] = str(revision.pk)
    data["loaded_revision_created_at"] = revision.created_at.isoformat()
    return data


def bench_writer(blog):
    user, _ = get_user_model().objects.get_or_create(
        username="bench_writer",
        defaults={"first_name": "Bench", "last_name": "Writer", "email": "w@bench.invalid"},
    )
    add_to_blog(user, blog, "writers")
    return user


def cases():
    return []  # measured by run(): these need a signed-in writer and a POST


def run(client):
    """Rows for the benchmark table: open the editor, save as a draft."""
    blog = BlogPage.objects.filter(slug="bench-digital").first() or BlogPage.objects.first()
    post = PostPage.objects.child_of(blog).live().order_by("-date").first()
    user = bench_writer(blog)
    client.force_login(user)
    url = f"/admin/pages/{post.pk}/edit/"
    data = editor_form_data(post, user)

    def open_editor():
        response = client.get(url)
        assert response.status_code == 200, response.status_code  # noqa: S101

    def save_draft():
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code  # noqa: S101

    rows = [("open the editor", url, measure_call(open_editor, RUNS))]
    rows.append(("save a draft", url, measure_call(save_draft, RUNS)))
    return rows
