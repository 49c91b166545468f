"""The writer's path through the admin: "New post" on the dashboard, the post editor's
review aids (editor.js and editor.css: findings that lead to their block) and one obvious
"Resubmit for review" once a reviewer has asked for changes, for posts and for the people
and categories reviewed like them. Registered in wagtail_hooks."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.models import WorkflowState
from wagtail.snippets.action_menu import (
    SubmitForModerationMenuItem as SubmitSnippetMenuItem,
)

from posts.admin_views import NewPostPanel, blogs_to_write_for

RESUBMIT = "Resubmit for review"


def new_post_panel(request, panels):
    blogs = blogs_to_write_for(request.user)
    if blogs:
        panels.append(NewPostPanel(blogs))


def editor_assets():
    # Wagtail 8 has no insert_editor_css hook any more; a stylesheet link may sit in the
    # body, so both come through insert_editor_js and load in the editors only.
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}"></script>',
        static("editorial/editor.css"),
        static("editorial/editor.js"),
    )


class ResubmitLabel:
    """Wagtail's "Resubmit to <the step that asked>", named for what the writer wants."""

    label = RESUBMIT

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = self.label
        return context


class ResubmitPage(ResubmitLabel, SubmitForModerationMenuItem):
    pass


class ResubmitSnippet(ResubmitLabel, SubmitSnippetMenuItem):
    pass


def resubmit_first(menu_items, obj, item_class):
    """When changes were requested, resubmitting is the main button of the editor's footer.
    Wagtail also offers "Restart workflow", which would do the same here: it is left out
    of the menu (the server still accepts it, under the same rules)."""
    state = getattr(obj, "current_workflow_state", None) if obj and obj.pk else None
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return
    submit = next((item for item in menu_items if item.name == "action-submit"), None)
    if submit is None:  # Wagtail's rules do not let this user resubmit
        return
    others = [
        item
        for item in menu_items
        if item.name not in ("action-submit", "action-restart-workflow")
    ]
    # The action menus make their first item the main button.
    menu_items[:] = [item_class(order=submit.order), *others]


def one_resubmit_action(menu_items, request, context):
    resubmit_first(menu_items, context.get("page"), ResubmitPage)


def one_resubmit_snippet_action(menu_items, request, context):
    resubmit_first(menu_items, context.get("instance"), ResubmitSnippet)
