"""What the editor's status panel says about a post under review.

Wagtail's WorkflowLock tells writers "Only reviewers can edit and approve the page", but
Bulletin's tasks leave a post open (their `locked_for_user` is False): the writer can fix
it, and any change is reviewed again. A task uses this wording with `lock_class`."""

from django.utils.text import capfirst

from wagtail.locks import WorkflowLock


class ReviewLock(WorkflowLock):
    def get_locked_by(self, user, can_lock=False):
        if self.for_user(user):
            return super().get_locked_by(user, can_lock)
        return "Unlocked" if can_lock else "Open for changes"

    def get_description(self, user, can_lock=False):
        if self.for_user(user):
            return super().get_description(user, can_lock)
        if can_lock:
            return capfirst(
                f"writers and reviewers can edit this {self.model_name} while it is in "
                "review – lock it to stop others editing while you review"
            )
        return (
            f"You can still edit this {self.model_name}: a change goes back through the "
            "review before it is published"
        )
