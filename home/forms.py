from django import forms

from wagtail.admin.forms import WagtailAdminPageForm


class BasePageForm(WagtailAdminPageForm):
    """Every page's editor form. It also names the review step it was opened on, so that a
    workflow action sent from it after the review has moved on is refused instead of acting
    on a newer step (editorial.editing)."""

    review_task_state = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state = self.instance.current_workflow_task_state if self.instance.pk else None
        self.fields["review_task_state"].initial = str(state.pk) if state else ""
