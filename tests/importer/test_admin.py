"""Import from WordPress in the admin: upload, the dry run's report, the confirmed import
(tasks run at once in tests), progress after a reload, refusals (people, files, archives)
and the CSRF check."""

import datetime
import io
import zipfile
from unittest import mock

import pytest

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from demo.factories import make_user
from importer import tasks, uploads
from importer.models import ImportRun
from posts.models import BlogPage, PostPage
from security.middleware import RequestBodyLimitMiddleware
from tests.html import soup

from .exports import export, item, meta
from .test_mapping import png

pytestmark = pytest.mark.django_db
Status = ImportRun.Status
MB = 1024 * 1024


def url(name, *args):
    return reverse(f"wordpress_import:{name}", args=args)


def xml(text, name="export.xml"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/xml")


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for entry, data in entries.items():
            out.writestr(entry, data)
    return buffer.getvalue()


def archive(entries, name="uploads.zip"):
    return SimpleUploadedFile(name, zipped(entries), content_type="application/zip")


EXPORT = export(
    item(12, "Archived", link="http://example.gov.uk/archives/12")
    + item(13, "Second post")
    + item(14, "A draft", status="draft")
)


@pytest.fixture
def people(blog):
    return {
        "superuser": make_user("sam_super", is_superuser=True),
        "administrator": make_user("ada_admin", groups=["Administrators"]),
        "reviewer": make_user("rita_reviewer", (blog, "reviewers")),
        "writer": make_user("wendy_writer", (blog, "writers")),
    }


@pytest.fixture
def admin_client(client, people):
    client.force_login(people["administrator"])
    return client


def upload(client, text=EXPORT, **data):
    data.setdefault("new_slug", "moved")
    return client.post(url("upload"), {"export": xml(text), **data})


def text_of(response):
    return soup(response).select_one("main").get_text(" ", strip=True)


def test_upload_report_confirm_and_done(admin_client, people):
    response = upload(admin_client)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == url("run", run.pk)
    assert run.status == Status.READY and run.created_by == people["administrator"]
    assert run.export_file.startswith("imports/") and uploads.storage().exists(run.export_file)
    assert run.total == 3
    assert not BlogPage.objects.filter(slug="moved").exists()  # a dry run writes nothing

    page = admin_client.get(url("run", run.pk))
    text = text_of(page)
    assert "Checked: ready to import" in text and "What the import would do" in text
    assert soup(page).select_one(f"form[action='{url('start', run.pk)}'] button")
    assert not soup(page).select("meta[http-equiv=refresh]")

    assert admin_client.post(url("start", run.pk))["Location"] == url("run", run.pk)
    run.refresh_from_db()
    assert run.status == Status.DONE and run.report["counts"]["post"]["created"] == 3
    assert (run.done, run.total) == (3, 3)
    assert not uploads.storage().exists(run.export_file or "imports/none")
    assert run.export_file == ""
    text = text_of(admin_client.get(url("run", run.pk)))
    assert "Done." in text and "What was imported" in text and "Import now?" not in text

    blog = BlogPage.objects.get(slug="moved")
    posts = PostPage.objects.child_of(blog)
    assert sorted(posts.values_list("title", flat=True)) == ["A draft", "Archived", "Second post"]
    archived = posts.get(title="Archived")
    for old in ("/moved/archives/12/", "/moved/?p=12"):
        response = admin_client.get(old)
        assert (response.status_code, response["Location"]) == (301, archived.url)
    # The list of runs.
    assert "export.xml" in text_of(admin_client.get(url("index")))
    # Confirming again imports nothing more.
    admin_client.post(url("start", run.pk))
    assert PostPage.objects.child_of(blog).count() == 3


def test_into_an_existing_blog(admin_client, blog):
    upload(admin_client, new_slug="", blog=blog.slug)
    run = ImportRun.objects.get()
    assert run.blog_slug == blog.slug and run.dry_run_report["blog"] == blog.slug
    admin_client.post(url("start", run.pk))
    assert PostPage.objects.child_of(blog).filter(title="Second post").exists()


def test_everybody_else_is_refused(client, people, blog):
    run = ImportRun.objects.create(
        blog_slug="moved", export_filename="export.xml", status=Status.READY
    )
    for who in ("writer", "reviewer"):
        client.force_login(people[who])
        for name, args in [("index", ()), ("upload", ()), ("run", (run.pk,))]:
            assert client.get(url(name, *args)).status_code == 403, (who, name)
        assert upload(client).status_code == 403, who
        assert client.post(url("start", run.pk)).status_code == 403, who
        assert "Import from WordPress" not in client.get(reverse("wagtailadmin_home")).text
    assert ImportRun.objects.get().status == Status.READY
    assert not BlogPage.objects.filter(slug="moved").exists()
    for who in ("administrator", "superuser"):
        client.force_login(people[who])
        assert client.get(url("index")).status_code == 200, who
        assert "Import from WordPress" in client.get(reverse("wagtailadmin_home")).text


def test_a_file_that_is_not_an_export_is_refused_and_nothing_imported(admin_client):
    pages_before = BlogPage.objects.count()
    for body in ("This is not XML at all", EXPORT.replace("</channel>", "", 1)):
        upload(admin_client, body)
        run = ImportRun.objects.first()
        assert run.status == Status.FAILED and run.error.startswith("Refused: ")
        assert run.export_file == "" and run.dry_run_report["refused"]
        text = text_of(admin_client.get(url("run", run.pk)))
        assert "Refused: nothing was imported." in text and "line" in text
        assert "Import now?" not in text
    assert BlogPage.objects.count() == pages_before
    assert not uploads.storage().listdir("imports")[1]


def test_the_form_refuses_wrong_files_and_choices(admin_client, blog):
    cases = [
        ({"export": xml(EXPORT, "export.txt"), "new_slug": "moved"}, "Choose an .xml file"),
        ({"export": xml(EXPORT)}, "Choose a blog, or give the new blog"),
        ({"export": xml(EXPORT), "new_slug": blog.slug}, "There is a blog with this slug"),
        (
            {"export": xml(EXPORT), "blog": blog.slug, "new_slug": "moved"},
            "Choose a blog or give a new slug, not both",
        ),
        (
            {"export": xml(EXPORT), "new_slug": "moved", "uploads": xml("x", "u.zip")},
            "This is not a .zip file",
        ),
    ]
    for data, error in cases:
        response = admin_client.post(url("upload"), data)
        assert response.status_code == 400 and error in text_of(response), error
    with override_settings(IMPORTER_MAX_UPLOAD_MB=0.001):
        response = upload(admin_client)
        assert "larger than 0.001 MB, the limit" in text_of(response)
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("../../etc/evil.jpg", "points outside the folder"),
        ("/etc/evil.jpg", "points outside the folder"),
        ("C:/evil.jpg", "points outside the folder"),
        ("2017/../../evil.jpg", "points outside the folder"),
    ],
)
def test_zip_slip_is_refused(admin_client, entry, reason):
    response = upload(admin_client, uploads=archive({"2017/10/ok.jpg": b"x", entry: b"x"}))
    assert response.status_code == 400 and reason in text_of(response)
    assert not ImportRun.objects.exists()


def test_zip_bombs_are_refused_when_checked_and_when_unpacked(admin_client, tmp_path):
    bomb = zipped({"2017/10/big.jpg": b"\0" * (2 * MB)})
    with override_settings(IMPORTER_MAX_UNZIPPED_MB=1):
        response = upload(admin_client, uploads=SimpleUploadedFile("u.zip", bomb))
        assert "unpacks to more than 1 MB" in text_of(response)
        # Sizes declared in the archive may lie: what is written is counted too.
        path = tmp_path / "lying.zip"
        path.write_bytes(bomb)
        with mock.patch.object(uploads, "check_archive"), pytest.raises(uploads.UnsafeArchive):
            uploads.unpack(path, tmp_path / "out")


def test_images_from_the_uploads_zip(admin_client, tmp_path):
    png(tmp_path / "panel.png")
    attachment = item(
        20,
        "Panel",
        status="inherit",
        post_type="attachment",
        extra="<wp:attachment_url>http://example.gov.uk/wp-content/uploads/2017/10/panel.png"
        "</wp:attachment_url>",
    )
    text = export(item(1, "With a picture", extra=meta("_thumbnail_id", "20")) + attachment)
    images = archive(
        {"wp-content/uploads/2017/10/panel.png": (tmp_path / "panel.png").read_bytes()}
    )
    upload(admin_client, text, uploads=images)
    run = ImportRun.objects.get()
    assert run.dry_run_report["counts"]["attachment"]["created"] == 1
    assert run.uploads_file and not run.dry_run_report["missing_media"]
    admin_client.post(url("start", run.pk))
    post = PostPage.objects.get(title="With a picture")
    assert post.listing_image.title == "Panel"


def test_progress_survives_a_reload(admin_client, people):
    run = ImportRun.objects.create(
        blog_slug="moved",
        export_filename="export.xml",
        export_file="imports/x/export.xml",
        status=Status.IMPORTING,
        stage="Posts and pages",
        done=12,
        total=40,
        dry_run_report={"refused": None, "counts": {}, "totals": {}, "blog": "moved"},
    )
    for _reload in range(2):
        page = soup(admin_client.get(url("run", run.pk)))
        bar = page.select_one("progress#import-progress")
        assert (bar["value"], bar["max"]) == ("12", "40")
        assert page.select_one("meta[http-equiv=refresh]")["content"] == "3"
        assert "12 of 40 posts and pages read" in page.get_text(" ", strip=True)
        assert "Import now?" not in page.get_text(" ", strip=True)
    ImportRun.objects.filter(pk=run.pk).update(done=30)
    bar = soup(admin_client.get(url("run", run.pk))).select_one("progress#import-progress")
    assert bar["value"] == "30"
    # A run being imported cannot be started again.
    response = admin_client.post(url("start", run.pk), follow=True)
    assert "This import cannot be started" in response.text
    assert ImportRun.objects.get().status == Status.IMPORTING


def test_progress_is_written_as_the_import_goes(admin_client):
    upload(admin_client, export("".join(item(n, f"Post {n}") for n in range(1, 61))))
    run = ImportRun.objects.get()
    written = []
    real_write = tasks.Tracker.write

    def write(tracker, **fields):
        written.append(fields)
        real_write(tracker, **fields)

    with mock.patch.object(tasks.Tracker, "write", autospec=True, side_effect=write):
        admin_client.post(url("start", run.pk))
    counts = [fields["done"] for fields in written if "done" in fields]
    # Throttled: every 25 posts (or each second), not once per post.
    assert 0 < len(counts) < 60 and counts == sorted(counts)
    stages = [fields["stage"] for fields in written if "stage" in fields]
    assert "Posts and pages" in stages and "Updating the search index" in stages
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == (Status.DONE, 60, 60)


def test_a_crash_is_recorded_and_the_files_deleted(admin_client):
    upload(admin_client)
    run = ImportRun.objects.get()
    name = run.export_file
    with mock.patch("importer.tasks.import_wordpress", side_effect=RuntimeError("disk full")):
        admin_client.post(url("start", run.pk))
    run.refresh_from_db()
    assert run.status == Status.FAILED and run.error == "RuntimeError: disk full"
    assert not uploads.storage().exists(name)
    assert "The import stopped. RuntimeError: disk full" in text_of(
        admin_client.get(url("run", run.pk))
    )


def test_forms_need_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["administrator"])
    assert upload(client).status_code == 403
    run = ImportRun.objects.create(
        blog_slug="moved", export_filename="export.xml", export_file="x", status=Status.READY
    )
    assert client.post(url("start", run.pk)).status_code == 403
    assert ImportRun.objects.get().status == Status.READY


def test_large_uploads_only_to_the_import_and_only_for_administrators(client, people):
    limit = RequestBodyLimitMiddleware(lambda request: "passed")
    factory = RequestFactory()
    big = {"CONTENT_LENGTH": str(100 * MB)}
    assert limit(factory.post(url("upload"), **big)) == "passed"
    assert limit(factory.post(reverse("wagtailadmin_home"), **big)).status_code == 413
    huge = {"CONTENT_LENGTH": str(2000 * MB)}
    assert limit(factory.post(url("upload"), **huge)).status_code == 413
    # Whoever may not import is refused before the body is read.
    client.force_login(people["writer"])
    response = client.post(url("upload"), data=b"x", content_type="application/octet-stream")
    assert response.status_code == 403 and b"for Administrators" in response.content


def test_unconfirmed_files_are_deleted_after_some_days(admin_client):
    upload(admin_client)
    run = ImportRun.objects.get()
    name = run.export_file
    call_command("clear_imports", verbosity=0)
    assert uploads.storage().exists(name)
    ImportRun.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    call_command("clear_imports", verbosity=0)
    run.refresh_from_db()
    assert not uploads.storage().exists(name) and run.export_file == ""
    text = text_of(admin_client.get(url("run", run.pk)))
    assert "upload the export again" in text and "Import now?" not in text


def stale_moment():
    return timezone.now() - datetime.timedelta(seconds=settings.IMPORTER_LEASE_SECONDS + 1)


def test_the_worker_keeps_a_heartbeat_while_it_imports(admin_client):
    upload(admin_client, export("".join(item(n, f"Post {n}") for n in range(1, 31))))
    run = ImportRun.objects.get()
    beats = []
    real_write = tasks.Tracker.write

    def write(tracker, **fields):
        beats.append(ImportRun.objects.get(pk=run.pk).heartbeat_at)
        real_write(tracker, **fields)

    with mock.patch.object(tasks.Tracker, "write", autospec=True, side_effect=write):
        admin_client.post(url("start", run.pk))
    assert beats and all(beat is not None for beat in beats)
    assert beats == sorted(beats)


def test_a_run_whose_worker_died_is_shown_interrupted_and_can_start_again(admin_client):
    upload(admin_client)
    run = ImportRun.objects.get()
    # The worker took the run, imported part of it and died: no heartbeat since.
    ImportRun.objects.filter(pk=run.pk).update(
        status=Status.IMPORTING, stage="Posts and pages", done=1, heartbeat_at=stale_moment()
    )
    page = soup(admin_client.get(url("run", run.pk)))
    text = page.get_text(" ", strip=True)
    assert "Interrupted" in page.select_one("#import-status").get_text()
    assert "The import stopped: its worker did not answer" in text
    assert page.select_one("meta[http-equiv=refresh]") is None
    assert page.select_one("progress") is None
    assert "Interrupted" in text_of(admin_client.get(url("index")))
    # Starting again imports the whole export (a re-run duplicates nothing).
    response = admin_client.post(url("restart", run.pk), follow=True)
    assert response.status_code == 200
    run.refresh_from_db()
    assert run.status == Status.DONE and run.report["counts"]["post"]["created"] == 3
    assert PostPage.objects.count() == 3


def test_an_interrupted_check_starts_again(admin_client):
    upload(admin_client)
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(
        status=Status.CHECKING, dry_run_report=None, heartbeat_at=stale_moment()
    )
    admin_client.post(url("restart", run.pk))
    run.refresh_from_db()
    assert run.status == Status.READY and run.dry_run_report["counts"]["post"]["found"] == 3


def test_a_live_run_cannot_be_started_again(admin_client):
    upload(admin_client)
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(
        status=Status.IMPORTING, heartbeat_at=timezone.now()
    )
    with mock.patch("importer.tasks.import_export") as import_export:
        response = admin_client.post(url("restart", run.pk), follow=True)
    assert "cannot be started again" in response.text
    import_export.enqueue.assert_not_called()
    page = soup(admin_client.get(url("run", run.pk)))
    assert page.select_one("meta[http-equiv=refresh]") is not None
    assert "Interrupted" not in page.get_text(" ", strip=True)


def test_restarting_is_for_administrators_only(client, people):
    run = ImportRun.objects.create(
        blog_slug="moved",
        export_filename="export.xml",
        export_file="x",
        status=Status.IMPORTING,
        heartbeat_at=stale_moment(),
    )
    client.force_login(people["writer"])
    assert client.post(url("restart", run.pk)).status_code == 403
    assert ImportRun.objects.get().heartbeat_at is not None


def test_uploaded_files_are_kept_where_readers_cannot_fetch_them(admin_client, tmp_path):
    media, private = tmp_path / "media", tmp_path / "private"
    filesystem = "django.core.files.storage.FileSystemStorage"
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": filesystem, "OPTIONS": {"location": media}},
        "importer": {"BACKEND": filesystem, "OPTIONS": {"location": private}},
    }
    with override_settings(
        MEDIA_ROOT=media, STORAGES=storages, ROOT_URLCONF="tests.importer.media_urls"
    ):
        (media / "served.txt").parent.mkdir(parents=True)
        (media / "served.txt").write_text("public")
        assert admin_client.get("/media/served.txt").status_code == 200  # media is served
        upload(admin_client, uploads=archive({"2017/10/panel.txt": b"not an image"}))
        run = ImportRun.objects.get()
        assert run.status == Status.READY
        stored = [run.export_file, run.uploads_file]
        assert all((private / name).is_file() for name in stored)
        assert [p.name for p in media.rglob("*") if p.is_file()] == ["served.txt"]
        for name in stored:
            for path in (name, name.split("/", 1)[1], name.rsplit("/", 1)[1]):
                assert admin_client.get(f"/media/{path}").status_code == 404
        admin_client.post(url("start", run.pk))
        run.refresh_from_db()
        assert run.status == Status.DONE
        assert not [p for p in private.rglob("*") if p.is_file()]  # deleted after the run


def test_interrupted_runs_not_started_again_are_cleared_after_some_days(admin_client):
    upload(admin_client)
    run = ImportRun.objects.get()
    name = run.export_file
    ImportRun.objects.filter(pk=run.pk).update(
        status=Status.IMPORTING, heartbeat_at=stale_moment()
    )
    call_command("clear_imports", verbosity=0)
    assert uploads.storage().exists(name)  # it can still be started again
    ImportRun.objects.update(heartbeat_at=timezone.now() - datetime.timedelta(days=8))
    call_command("clear_imports", verbosity=0)
    run.refresh_from_db()
    assert not uploads.storage().exists(name) and run.export_file == ""
    assert run.status == Status.FAILED and "Interrupted" in run.error
    assert "Start again" not in text_of(admin_client.get(url("run", run.pk)))
