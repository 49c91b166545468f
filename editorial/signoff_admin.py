"""A post's Sign-off page in the admin (editorial.signoff): who was asked, what they
decided on which version, links withdrawn; the form to ask more people. Reviewers ask and
withdraw; writers ask too where their blog allows it. Registered in wagtail_hooks."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from posts.models import PostPage

from .blog_settings import review_settings_for
from .permissions import user_can_review
from .signoff import ROLES, SignOffRequest, missing_roles, required_roles


class SignOffForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(choices=ROLES, widget=forms.RadioSelect)
    message = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text="Optional: sent with the link.",
    )


# Up to three people at a time; empty rows are left out.
SignOffFormSet = forms.formset_factory(SignOffForm, extra=3, max_num=3, absolute_max=3)


def in_review(post):
    state = post.current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


def can_ask(post, user):
    if not in_review(post):
        return False
    if user_can_review(post, user):
        return True
    settings = review_settings_for(post)
    allowed = bool(settings and settings.writers_may_request_sign_off)
    return allowed and post.permissions_for_user(user).can_edit()


def about(sign_off):
    """Who was asked, as the audit log keeps it."""
    return {"name": sign_off.name, "role": sign_off.role_label, "email": sign_off.email}


def editable_post(request, page_id):
    post = get_object_or_404(PostPage, pk=page_id)
    if not post.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return post


class SignOffView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/signoff/admin.html"
    header_icon = "user"

    def dispatch(self, request, page_id):
        self.post_page = editable_post(request, page_id)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return "Sign-off"

    def get_page_subtitle(self):
        return self.post_page.get_admin_display_title()

    def get_context_data(self, formset=None, **kwargs):
        context = super().get_context_data(**kwargs)
        post, user = self.post_page, self.request.user
        asking = can_ask(post, user)
        latest = post.get_latest_revision()
        requests = SignOffRequest.objects.filter(post=post).select_related(
            "created_by", "revoked_by", "decided_revision", "revision"
        )
        context.update(
            {
                "post": post,
                "requests": [
                    {"request": r, "current": bool(latest and r.decided_on(latest))}
                    for r in requests
                ],
                "formset": (formset or SignOffFormSet()) if asking else None,
                "can_revoke": user_can_review(post, user),
                "in_review": in_review(post),
                "required": [label for role, label in ROLES if role in required_roles(post)],
                "missing": missing_roles(post),
                "now": timezone.now(),
            }
        )
        return context

    def post(self, request, page_id):
        from .tasks import send_sign_off_link

        post = self.post_page
        if not can_ask(post, request.user):
            raise PermissionDenied
        formset = SignOffFormSet(request.POST)
        people = [f.cleaned_data for f in formset if f.has_changed()] if formset.is_valid() else []
        if not formset.is_valid() or not people:
            if formset.is_valid():
                messages.error(request, "Add at least one person to ask for sign-off.")
            return self.render_to_response(self.get_context_data(formset=formset), status=400)
        with transaction.atomic():
            for person in people:
                sign_off = SignOffRequest.create_for(post, request.user, **person)
                log(
                    post,
                    "editorial.sign_off.request",
                    user=request.user,
                    data={
                        "name": sign_off.name,
                        "role": sign_off.role_label,
                        "email": sign_off.email,
                    },
                    revision=sign_off.revision,
                )
                transaction.on_commit(lambda pk=sign_off.pk: send_sign_off_link.enqueue(pk))
        names = ", ".join(person["name"] for person in people)
        messages.success(request, f"Sign-off link sent to {names}.")
        return redirect("editorial_sign_off", post.pk)


def revoke(request, page_id, request_id):
    if request.method != "POST":
        raise Http404
    post = editable_post(request, page_id)
    if not user_can_review(post, request.user):
        raise PermissionDenied
    with transaction.atomic():
        sign_off = get_object_or_404(
            SignOffRequest.objects.select_for_update(), pk=request_id, post=post
        )
        if sign_off.revoked_at is None:
            sign_off.revoked_at = timezone.now()
            sign_off.revoked_by = request.user
            sign_off.save(update_fields=["revoked_at", "revoked_by"])
            log(
                post,
                "editorial.sign_off.revoke",
                user=request.user,
                data=about(sign_off),
            )
    messages.success(request, f"The sign-off link of {sign_off.name} no longer works.")
    return redirect("editorial_sign_off", post.pk)
