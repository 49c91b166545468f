"""Import from WordPress, in the admin (Settings > Import from WordPress).

1. Upload (UploadView): the export, the blog and the images' .zip are stored and a dry
   run is queued (importer.tasks.check_export).
2. The run's page (RunView) shows the dry run's report once it is ready, and the Import
   button (StartView, a POST) queues the import (importer.tasks.import_export).
3. While a run is checked or imported, its page shows the progress the worker writes to
   the ImportRun and reloads itself every few seconds (a meta refresh: no script); then
   the report.
4. The list of runs (IndexView).

Administrators only (importer.permissions); everybody else is answered 403."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView, View

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from . import tasks, uploads
from .forms import UploadForm
from .models import ImportRun
from .permissions import can_import

NAME = "wordpress_import"
TITLE = "Import from WordPress"
REFRESH_SECONDS = 3
LISTS = [
    ("failures", "Failed"),
    ("missing_media", "Missing images"),
    ("unknown_markup", "Markup that could not be mapped"),
    ("notes", "Notes"),
]


def url(view, *args):
    return reverse(f"{NAME}:{view}", args=args)


class Refused:
    """403 for whoever may not import (Wagtail would turn a PermissionDenied into a
    redirect to the dashboard)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            return TemplateResponse(
                request,
                "importer/admin/refused.html",
                {"page_title": TITLE, "header_title": TITLE, "header_icon": "download"},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class ImportPage(Refused, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "download"
    page_title = TITLE

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": url("index"), "label": TITLE}]
        if self.get_page_title() != TITLE:
            items.append({"url": "", "label": self.get_page_title()})
        return items


class IndexView(ImportPage):
    template_name = "importer/admin/index.html"

    def get_context_data(self, **kwargs):
        runs = ImportRun.objects.select_related("created_by")[:100]
        return super().get_context_data(runs=runs, **kwargs)


class UploadView(ImportPage, FormView):
    template_name = "importer/admin/upload.html"
    page_title = "Upload a WordPress export"
    form_class = UploadForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            max_mb=settings.IMPORTER_MAX_UPLOAD_MB,
            keep_days=settings.IMPORTER_KEEP_DAYS,
            **kwargs,
        )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        export, images = form.cleaned_data["export"], form.cleaned_data.get("uploads")
        export_file, uploads_file = uploads.store(export, images)
        run = ImportRun.objects.create(
            blog_slug=form.blog_slug,
            export_file=export_file,
            export_filename=export.name[:255],
            uploads_file=uploads_file,
            uploads_filename=images.name[:255] if images else "",
            created_by=self.request.user,
            stage="Waiting for the worker",
        )
        tasks.check_export.enqueue(run.pk)
        return redirect(url("run", run.pk))


class RunView(ImportPage):
    template_name = "importer/admin/run.html"

    def get_page_title(self):
        return f"Import of {self.run.export_filename}"

    @cached_property
    def run(self):
        return get_object_or_404(
            ImportRun.objects.select_related("created_by"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        run = self.run
        report = run.report if run.report is not None else run.dry_run_report
        sections = [
            {"title": title, "entries": report[name], "total": report["totals"].get(name, 0)}
            for name, title in LISTS
            if report and report.get(name)
        ]
        return super().get_context_data(
            run=run,
            report=report,
            sections=sections,
            refresh=REFRESH_SECONDS if run.is_running else None,
            lease_minutes=max(1, round(settings.IMPORTER_LEASE_SECONDS / 60)),
            **kwargs,
        )


class StartView(Refused, View):
    """The Import button: a run checked and ready is queued, once."""

    http_method_names = ["post"]

    def post(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        started = run.can_start and ImportRun.objects.filter(
            pk=pk, status=ImportRun.Status.READY
        ).update(
            status=ImportRun.Status.IMPORTING,
            stage="Waiting for the worker",
            done=0,
            heartbeat_at=None,
        )
        if started:
            tasks.import_export.enqueue(run.pk)
        else:
            messages.error(request, "This import cannot be started: see its state below.")
        return redirect(url("run", pk))


class RestartView(Refused, View):
    """Start again: a run whose worker died (ImportRun.is_interrupted) is queued again."""

    http_method_names = ["post"]

    def post(self, request, pk):
        get_object_or_404(ImportRun, pk=pk)
        if not tasks.restart(pk):
            messages.error(request, "This import cannot be started again: see its state below.")
        return redirect(url("run", pk))


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


class ImportViewSet(ViewSet):
    name = NAME
    url_prefix = "import-wordpress"
    icon = "download"
    add_to_settings_menu = True
    menu_label = TITLE
    menu_name = "import-wordpress"
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", IndexView.as_view(), name="index"),
            path("new/", UploadView.as_view(), name="upload"),
            path("<int:pk>/", RunView.as_view(), name="run"),
            path("<int:pk>/import/", StartView.as_view(), name="start"),
            path("<int:pk>/again/", RestartView.as_view(), name="restart"),
        ]
