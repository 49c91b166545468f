"""The Administrators' pages for one address: add it to the suppression list, remove it,
erase it. The address travels in POST bodies only, never in a URL (or the server's logs),
and is never put in a message or the audit log (alerts.privacy)."""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import privacy
from .models import Suppression
from .permissions import can_view_alerts, is_alerts_admin

NAME = "email_alerts"


class Refused:
    """Answers 403 to whoever may not open the page. (Wagtail would turn a PermissionDenied
    into a redirect to the dashboard: a refusal here is a refusal, in the logs too.)"""

    admins_only = False

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (is_alerts_admin(user) if self.admins_only else can_view_alerts(user)):
            return TemplateResponse(
                request,
                "alerts/admin/refused.html",
                {
                    "page_title": "Email alerts",
                    "header_title": "Email alerts",
                    "header_icon": "mail",
                },
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class AddressForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class EraseForm(AddressForm):
    confirm = forms.BooleanField(
        label="I have checked the request: erase everything kept about this address",
        error_messages={"required": "Tick the box to confirm the erasure"},
    )


class AlertsPage(Refused, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"
    parent = None  # (label, url name) of the page above, for the breadcrumbs

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]
        if self.parent:
            label, view = self.parent
            items.insert(-1, {"url": reverse(f"{NAME}:{view}"), "label": label})
        return items


class AddressFormPage(AlertsPage, FormView):
    admins_only = True

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SuppressView(AddressFormPage):
    template_name = "alerts/admin/suppress.html"
    page_title = "Add an address to the suppression list"
    parent = ("Suppression list", "suppressions")
    form_class = AddressForm

    def form_valid(self, form):
        if privacy.suppress(form.cleaned_data["email"], self.request.user) is None:
            form.add_error("email", "This address is already on the suppression list")
            return self.form_invalid(form)
        messages.success(self.request, "Nothing more will be sent to this address.")
        return redirect(f"{NAME}:suppressions")


class UnsuppressView(AlertsPage):
    template_name = "alerts/admin/unsuppress.html"
    page_title = "Remove an address from the suppression list"
    parent = ("Suppression list", "suppressions")
    admins_only = True

    def get_context_data(self, **kwargs):
        suppression = get_object_or_404(Suppression, pk=self.kwargs["pk"])
        return super().get_context_data(suppression=suppression, **kwargs)

    def post(self, request, pk):
        privacy.unsuppress(get_object_or_404(Suppression, pk=pk), request.user)
        messages.success(request, "The address is off the suppression list.")
        return redirect(f"{NAME}:suppressions")


class EraseView(AddressFormPage):
    """An erasure request. The answer is the same whether or not the address was known:
    the form is not a way to look up who subscribes (alerts.privacy.erase)."""

    template_name = "alerts/admin/erase.html"
    page_title = "Erase an email address"
    form_class = EraseForm

    def form_valid(self, form):
        privacy.erase(form.cleaned_data["email"], self.request.user)
        messages.success(
            self.request,
            "Erased. Email alerts keep nothing more about this address: no subscription, "
            "no suppression. Deliveries are counted without it.",
        )
        return redirect(f"{NAME}:erase")
