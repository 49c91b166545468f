"""The review workflow's tasks, the content-check findings and each blog's pair of groups.

The tasks review posts and, through the same workflow, people and categories (snippets):
`obj` below is either. A snippet has nothing for the content checks to read, so they pass
it at once; its approvers are the task's groups' members who may publish that model."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from wagtail.log_actions import LogContext, log
from wagtail.models import AbstractGroupApprovalTask, Page, Task, TaskState, WorkflowState

from . import checks
from .blog_settings import BlogReviewSettings, review_settings_for
from .forms import OverrideFindingsForm, RequestChangesForm
from .locks import ReviewLock
from .permissions import (
    is_own_work,
    requires_two_people,
    reviewable_states,
    user_can_review,
)
from .revisions import (
    carry_review_to_latest,
    content_changed_since,
    restart_review,
    reviewed_object,
)
from .signoff import SignOffRequest, missing_roles, missing_roles_refusal

ACTION_TEMPLATE = "editorial/workflow/action_modal.html"

__all__ = [
    "BlogReviewSettings",  # each blog's review settings: editorial.blog_settings
    "BlogReviewTask",
    "BlogRoles",
    "ContentChecksTask",
    "ContentFinding",
    "SignOffRequest",  # sign-off by people without accounts: editorial.signoff
]


class BlogRoles(models.Model):
    """The `<Blog title> writers` / `<Blog title> reviewers` groups made for each blog."""

    blog = models.OneToOneField("posts.BlogPage", on_delete=models.CASCADE, related_name="roles")
    writers = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    reviewers = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "blog roles"

    def __str__(self):
        return f"Roles for {self.blog}"


class ContentFinding(models.Model):
    """One problem the content checks found in one revision, and any override of it."""

    task_state = models.ForeignKey(
        TaskState, on_delete=models.CASCADE, related_name="content_findings"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    rule = models.CharField(max_length=40)
    block_id = models.CharField(max_length=64, blank=True)
    block_type = models.CharField(max_length=64)
    location = models.CharField(max_length=255)
    problem = models.TextField()
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_reason = models.TextField(blank=True)
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.location}: {self.problem}"

    @property
    def overridden(self):
        return self.overridden_at is not None


def current_state_or_refuse(task, task_state, user):
    """The page (or snippet) of `task_state` if `user` may act on it now; PermissionDenied
    otherwise.

    The workflow action URL names a page and a task state separately, and Wagtail checks
    the user's rights on the page only: so everything is checked again on the task state.
    Called inside the action's transaction: the task state's row stays locked until it
    commits, so of two clicks at once the second sees the first's decision."""
    task_state = (
        TaskState.objects.select_for_update(of=("self",))
        .select_related("workflow_state", "revision")
        .get(pk=task_state.pk)
    )
    workflow_state = task_state.workflow_state
    if (
        task_state.task_id != task.pk
        or task_state.status != TaskState.STATUS_IN_PROGRESS
        or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS
        or workflow_state.current_task_state_id != task_state.pk
    ):
        raise PermissionDenied("It is not waiting for this step of the review.")
    obj = reviewed_object(workflow_state)
    if not task.user_can_act(obj, user):
        raise PermissionDenied("You are not one of its reviewers.")
    return task_state, obj


def required_comment(kwargs):
    comment = (kwargs.get("comment") or "").strip()
    if not comment:
        raise PermissionDenied("This action needs a comment saying why.")
    return comment


class ContentChecksTask(Task):
    """Automated checks (editorial.checks) on the submitted revision.

    No findings: the task approves itself. Findings: the post waits here until the writer
    fixes them (every new revision is checked again) or a reviewer overrides them with a
    reason. Writers have no actions here, so they cannot dismiss findings."""

    lock_class = ReviewLock  # writers may still edit: the panel says so

    class Meta:
        verbose_name = "content checks task"

    @classmethod
    def get_description(cls):
        return (
            "Checks empty paragraphs, alt text, headings, link text, summary, dates and "
            "reading age"
        )

    def user_can_act(self, obj, user):
        return user_can_review(obj, user)

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        # The checks act on their own: the audit log shows them with no user, not as the
        # person whose submission or edit set them off.
        with LogContext(user=None):
            if self.record_findings(task_state):
                log(
                    task_state.revision.as_object(),
                    "editorial.checks.findings",
                    data={"findings": task_state.content_findings.count()},
                    revision=task_state.revision,
                )
            else:
                task_state.approve(user=None, update=False, comment="No problems found.")
        return task_state

    def record_findings(self, task_state):
        """Run the checks on the task state's revision and store what they find."""
        obj = task_state.revision.as_object()
        found = []
        if isinstance(obj, Page):
            settings = review_settings_for(obj)
            threshold = settings.reading_age_threshold if settings else None
            found = checks.run_checks(obj, threshold)
        task_state.content_findings.all().delete()
        ContentFinding.objects.bulk_create(
            ContentFinding(
                task_state=task_state,
                revision=task_state.revision,
                rule=finding.rule,
                block_id=finding.block_id,
                block_type=finding.block_type,
                location=finding.location[:255],
                problem=finding.problem,
            )
            for finding in found
        )
        return found

    @transaction.atomic
    def recheck(self, task_state, revision, user=None):
        """Check a newer revision in place; the post moves on once it is clean."""
        task_state.revision = revision
        task_state.started_at = timezone.now()
        task_state.save(update_fields=["revision", "started_at"])
        if not self.record_findings(task_state):
            with LogContext(user=None):
                task_state.approve(user=None, update=False, comment="No problems found.")
            task_state.workflow_state.update(user=user)

    def locked_for_user(self, obj, user):
        return False  # writers fix findings by editing

    def user_can_lock(self, obj, user):
        return self.user_can_act(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_act(obj, user):
            return []
        return [
            ("override", "Override the findings", True),
            ("reject", "Request changes", True),
        ]

    def get_form_for_action(self, action):
        return OverrideFindingsForm if action == "override" else RequestChangesForm

    def get_template_for_action(self, action):
        return ACTION_TEMPLATE

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        task_state, obj = current_state_or_refuse(self, task_state, user)
        comment = required_comment(kwargs)
        with transaction.atomic():
            if action_name == "override":
                if content_changed_since(task_state, obj):
                    # Overrides apply to what was checked: check the new content first.
                    self.recheck(task_state, obj.get_latest_revision(), user=user)
                    return
                carry_review_to_latest(task_state, obj)
                task_state.content_findings.update(
                    overridden_by=user, override_reason=comment, overridden_at=timezone.now()
                )
                log(
                    obj,
                    "editorial.checks.override",
                    user=user,
                    data={"reason": comment, "findings": task_state.content_findings.count()},
                    revision=task_state.revision,
                )
                task_state.approve(user=user, comment=f"Findings overridden: {comment}")
            elif action_name == "reject":
                task_state.reject(user=user, comment=comment)
            else:
                raise PermissionDenied

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return moderatable_states(self, user)


class BlogReviewTask(AbstractGroupApprovalTask):
    """Approval by the blog's reviewers: members of the task's groups who may publish the
    post (so a reviewer of one blog cannot approve in another), or the person or category.
    On blogs that ask for two people, nobody approves a post they submitted or a revision
    they wrote."""

    lock_class = ReviewLock  # writers may still edit: the panel says so

    class Meta:
        verbose_name = "blog review task"

    @classmethod
    def get_description(cls):
        return "The blog's reviewers approve the post, which publishes it"

    def user_can_act(self, obj, user):
        if not (user and user.is_active):
            return False
        if user.is_superuser:
            return True
        return self._user_in_groups(user) and user_can_review(obj, user)

    def start(self, workflow_state, user=None):
        # Approval always follows passing checks on the same content: a resubmission after
        # changes were requested resumes here, so send it through the checks first.
        pending = pending_checks(workflow_state, before=self)
        if pending:
            return pending.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self.user_can_act(obj, user)

    def locked_for_user(self, obj, user):
        return False  # an edit sends the post back to the start of the review

    def user_can_lock(self, obj, user):
        return self.user_can_act(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_act(obj, user):
            return []
        actions = [("reject", "Request changes", True)]
        task_state = obj.current_workflow_task_state
        review = review_settings_for(obj)  # one query for both rules below
        two_people = bool(review and review.require_second_reviewer)
        if task_state and two_people and is_own_work(task_state, user):
            return actions
        # Approval waits for the sign-off the blog requires (the editor says which).
        if review is None or not missing_roles(obj, review):
            actions += [
                ("approve", "Approve and publish", False),
                ("approve", "Approve and publish with comment", True),
            ]
        return actions

    def get_form_for_action(self, action):
        return RequestChangesForm if action == "reject" else super().get_form_for_action(action)

    def get_template_for_action(self, action):
        return ACTION_TEMPLATE

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        task_state, obj = current_state_or_refuse(self, task_state, user)
        if action_name == "reject":
            task_state.reject(user=user, comment=required_comment(kwargs))
        elif action_name == "approve":
            if content_changed_since(task_state, obj):
                # Edited after the review began (for example approving with changes):
                # the new content goes back through the checks instead.
                restart_review(task_state, user)
                return None
            if requires_two_people(obj) and is_own_work(task_state, user):
                raise PermissionDenied(
                    "This blog needs a second person: you cannot approve a post you "
                    "submitted or changed."
                )
            # Sign-off the blog requires, on this content (editorial.signoff).
            if missing := missing_roles(obj):
                raise PermissionDenied(missing_roles_refusal(missing))
            with transaction.atomic():
                carry_review_to_latest(task_state, obj)
                task_state.approve(user=user, comment=(kwargs.get("comment") or "").strip())
        else:
            raise PermissionDenied
        return None

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not (user.is_superuser or self._user_in_groups(user)):
            return TaskState.objects.none()
        return moderatable_states(self, user)


def moderatable_states(task, user):
    states = task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
    if user.is_superuser:
        return states
    return states.filter(reviewable_states(user))


def pending_checks(workflow_state, before):
    """The first content checks task ahead of `before` that has not passed on the latest
    content of the post, or None."""
    revision = workflow_state.content_object.get_latest_revision()
    for task in workflow_state.workflow.tasks.filter(active=True).specific():
        if task.pk == before.pk:
            return None
        if not isinstance(task, ContentChecksTask):
            continue
        passed = workflow_state.task_states.filter(
            task=task,
            status=TaskState.STATUS_APPROVED,
            revision=revision,
            finished_at__gte=revision.created_at,
        )
        if not passed.exists():
            return task
    return None
