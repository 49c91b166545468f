# Examples for `semgrep --test .semgrep/`: each `ruleid:` line must be found, each `ok:`
# line must not. Not part of the application (excluded from ruff, bandit and the scan).
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt

from posts.models import PostPage


def marks(request, page):
    # ruleid: bulletin.mark-safe-non-literal
    mark_safe(page.title)
    # ruleid: bulletin.mark-safe-non-literal
    mark_safe(f"<b>{request.GET['q']}</b>")
    # ok: bulletin.mark-safe-non-literal
    mark_safe("<br>")
    # ok: bulletin.mark-safe-non-literal
    return format_html("<b>{}</b>", page.title)


def sql(request, name):
    # ruleid: bulletin.raw-sql
    PostPage.objects.raw("SELECT * FROM posts_postpage")
    # ruleid: bulletin.raw-sql
    PostPage.objects.extra(where=["title = %s"], params=[name])
    # ruleid: bulletin.raw-sql
    RawSQL("select 1", [])
    with connection.cursor() as cursor:
        # ruleid: bulletin.raw-sql
        cursor.execute(f"SELECT * FROM x WHERE name = '{name}'")
        # ruleid: bulletin.raw-sql
        cursor.execute("SELECT * FROM x WHERE name = '%s'" % name)
        # ok: bulletin.raw-sql
        cursor.execute("SELECT 1")


def migrate(apps, schema_editor):
    # ok: bulletin.raw-sql
    schema_editor.execute(f"DROP INDEX IF EXISTS {'some_index'}")


def lookups(request):
    # ruleid: bulletin.filter-kwargs-from-request
    PostPage.objects.filter(**request.GET.dict())
    filters = dict(request.GET.items())
    # ruleid: bulletin.filter-kwargs-from-request
    PostPage.objects.exclude(**filters)
    # ruleid: bulletin.filter-kwargs-from-request
    PostPage.objects.order_by(request.GET["sort"])
    # ok: bulletin.filter-kwargs-from-request
    return PostPage.objects.filter(slug=request.GET.get("slug"))


def redirects(request):
    target = request.GET.get("next", "/")
    if request.POST:
        # ruleid: bulletin.open-redirect
        return redirect(target)
    if request.headers.get("Referer"):
        # ruleid: bulletin.open-redirect
        return HttpResponseRedirect(request.headers["Referer"])
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        # ok: bulletin.open-redirect
        return redirect(target)
    if "q" in request.GET:
        # ok: bulletin.open-redirect
        return redirect(f"{reverse('search')}?{request.GET.urlencode()}")
    # ok: bulletin.open-redirect
    return redirect(reverse("search"))


# ruleid: bulletin.csrf-exempt
@csrf_exempt
def webhook(request):
    return None
