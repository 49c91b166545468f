import hashlib
import io
import json
import tarfile
import uuid

import psycopg
import pytest
from psycopg import sql

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.contrib.redirects.models import Redirect

from alerts.models import Subscriber
from demo.factories import make_post
from operations import backups

POSTGRES = connection.vendor == "postgresql"
needs_postgres = pytest.mark.skipif(not POSTGRES, reason="pg_dump needs PostgreSQL")


def server_url():
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database of this test's own, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield f"{server_url()}/{name}"
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def media(settings):
    """An empty in-memory default storage of this test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return default_storage


def count(url, table):
    with psycopg.connect(url) as db:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        return db.execute(query).fetchone()[0]


def public_tables(url):
    with psycopg.connect(url) as db:
        return db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]


def write_backup(folder, files, **manifest):
    """A backup folder made by hand: `files` (name: bytes) with their checksums."""
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    listed = {
        n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in files.items()
    }
    document = {"format": backups.FORMAT, "counts": {}, "files": listed, **manifest}
    (folder / backups.MANIFEST).write_text(json.dumps(document))
    return folder


# Bad input: clear messages, nothing touched ---------------------------------------------


def test_restore_of_a_missing_folder_says_so(tmp_path):
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "nowhere"))


def test_restore_of_a_folder_without_a_manifest_says_it_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="is not a Bulletin backup"):
        call_command("restore", str(tmp_path))


def test_restore_refuses_a_manifest_that_is_not_json(tmp_path):
    (tmp_path / backups.MANIFEST).write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("restore", str(tmp_path))


def test_restore_refuses_another_format(tmp_path):
    (tmp_path / backups.MANIFEST).write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(CommandError, match="not a backup this version can read"):
        call_command("restore", str(tmp_path))


def test_restore_refuses_a_file_whose_checksum_does_not_match(tmp_path):
    folder = write_backup(tmp_path / "b", {backups.DUMP: b"PGDMP original"})
    (folder / backups.DUMP).write_bytes(b"PGDMP tampered")
    with pytest.raises(CommandError, match="database.dump does not match its checksum"):
        call_command("restore", str(folder / backups.MANIFEST))


def test_restore_refuses_a_backup_missing_a_listed_file(tmp_path):
    folder = write_backup(tmp_path / "b", {backups.DUMP: b"x", backups.MEDIA_ARCHIVE: b"y"})
    (folder / backups.MEDIA_ARCHIVE).unlink()
    with pytest.raises(CommandError, match="media.tar.gz is missing"):
        call_command("restore", str(folder))


def test_restore_refuses_a_manifest_naming_a_file_outside_the_folder(tmp_path):
    folder = write_backup(tmp_path / "b", {backups.DUMP: b"x"})
    manifest = json.loads((folder / backups.MANIFEST).read_text())
    manifest["files"]["../../etc/passwd"] = {"sha256": "0"}
    (folder / backups.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="unsafe file"):
        call_command("restore", str(folder))


def test_restore_refuses_a_backup_made_by_a_newer_version(tmp_path):
    folder = write_backup(
        tmp_path / "b", {backups.DUMP: b"x"}, migrations={"posts": ["9999_from_the_future"]}
    )
    with pytest.raises(CommandError, match="made by a newer version .* posts.9999_from_the"):
        call_command("restore", str(folder), stdout=io.StringIO())


def test_backup_and_restore_need_postgresql():
    with pytest.raises(backups.BackupError, match="need PostgreSQL"):
        backups.database_params("sqlite:///db.sqlite3")


@needs_postgres
def test_restore_refuses_a_dump_in_another_format(tmp_path, fresh_database):
    folder = write_backup(tmp_path / "b", {backups.DUMP: b"-- plain SQL, not pg_dump -Fc\n"})
    with pytest.raises(CommandError, match="not a pg_dump custom-format archive"):
        call_command("restore", str(folder), database_url=fresh_database)
    assert public_tables(fresh_database) == 0


def test_a_media_archive_with_an_entry_outside_the_folder_is_refused(tmp_path):
    path = tmp_path / backups.MEDIA_ARCHIVE
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(backups.BackupError, match="unsafe entry"):
        backups.check_media_archive(path)


def test_a_media_archive_that_is_not_a_tar_is_refused(tmp_path):
    path = tmp_path / backups.MEDIA_ARCHIVE
    path.write_bytes(b"not a tar")
    with pytest.raises(backups.BackupError, match="not a gzipped tar"):
        backups.check_media_archive(path)


# The media, through Django's storage API ---------------------------------------------------


def test_media_archive_round_trip_through_the_storage_api(tmp_path, media):
    default_storage.save("original_images/a.png", ContentFile(b"png bytes"))
    default_storage.save("documents/report.pdf", ContentFile(b"pdf bytes"))
    assert backups.archive_media(default_storage, tmp_path / "m.tar.gz") == 2
    default_storage.delete("original_images/a.png")
    default_storage.save("documents/report.pdf", ContentFile(b"changed"))  # another name

    assert backups.restore_media(default_storage, tmp_path / "m.tar.gz") == 2

    assert default_storage.open("original_images/a.png").read() == b"png bytes"
    assert default_storage.open("documents/report.pdf").read() == b"pdf bytes"


def test_media_listing_of_a_remote_storage_names_every_file_and_its_size(tmp_path, media):
    default_storage.save("original_images/a.png", ContentFile(b"12345"))
    assert not backups.is_local(default_storage)  # the tests' in-memory storage
    backups.list_bucket(default_storage, tmp_path / "listing.json")
    listing = json.loads((tmp_path / "listing.json").read_text())
    assert {"name": "original_images/a.png", "size": 5, "etag": None} in listing["objects"]
    assert backups.check_bucket(default_storage, tmp_path / "listing.json") == []
    default_storage.delete("original_images/a.png")
    assert backups.check_bucket(default_storage, tmp_path / "listing.json") == [
        "original_images/a.png"
    ]


# Round trip on PostgreSQL -------------------------------------------------------------------


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_an_empty_database_gives_everything_back(
    blog, tmp_path, fresh_database, media
):
    # pg_dump reads from its own connection: the rows must be committed (transaction=True).
    make_post(blog, title="Backed up")
    Subscriber.objects.create(email="reader@example.org")
    Redirect.add_redirect("/old-address", redirect_to="/technology/")
    default_storage.save("original_images/kept.png", ContentFile(b"kept"))

    call_command("backup", dir=str(tmp_path), media="archive", stdout=io.StringIO())

    (folder,) = tmp_path.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [backups.DUMP, backups.MEDIA_ARCHIVE, backups.MANIFEST, backups.SUMS]
    )
    manifest = json.loads((folder / backups.MANIFEST).read_text())
    assert manifest["counts"]["subscribers"] == 1
    assert manifest["counts"]["redirects"] == 1
    assert "0001_scheduled_jobs" in manifest["migrations"]["operations"]
    assert manifest["media"] == {"kind": "archive", "files": 1}
    sums = (folder / backups.SUMS).read_text()
    assert f"{manifest['files'][backups.DUMP]['sha256']}  {backups.DUMP}" in sums

    out = io.StringIO()
    call_command("restore", str(folder), database_url=fresh_database, stdout=out)
    assert "Checksums match" in out.getvalue()

    for label, table in [
        ("pages", "wagtailcore_page"),
        ("revisions", "wagtailcore_revision"),
        ("people", "posts_person"),
        ("comments", "comments_readercomment"),
        ("subscribers", "alerts_subscriber"),
        ("redirects", "wagtailredirects_redirect"),
    ]:
        assert count(fresh_database, table) == manifest["counts"][label], label
    assert count(fresh_database, "posts_postpage") == 1

    # Not empty now: refused, and unchanged.
    with psycopg.connect(fresh_database, autocommit=True) as db:
        db.execute("DELETE FROM alerts_subscriber")
    with pytest.raises(CommandError, match="is not empty .* pass --force"):
        call_command("restore", str(folder), database_url=fresh_database, stdout=io.StringIO())
    assert count(fresh_database, "alerts_subscriber") == 0

    # Told to, it replaces the contents.
    call_command(
        "restore", str(folder), database_url=fresh_database, force=True, stdout=io.StringIO()
    )
    assert count(fresh_database, "alerts_subscriber") == 1


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_restore_leaves_the_database_as_it_was(tmp_path, fresh_database, home):
    call_command("backup", dir=str(tmp_path), media="none", stdout=io.StringIO())
    (folder,) = tmp_path.iterdir()
    with psycopg.connect(fresh_database, autocommit=True) as db:
        # A table the dump will try to create too: the restore fails half-way through.
        db.execute("CREATE TABLE wagtailcore_revision (id int)")
        db.execute("INSERT INTO wagtailcore_revision VALUES (42)")
    with pytest.raises(backups.BackupError, match="rolled back"):
        backups.restore_database(folder, backups.database_params(fresh_database))
    assert public_tables(fresh_database) == 1
    assert count(fresh_database, "wagtailcore_revision") == 1


def test_backup_refuses_sqlite(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(
        backups,
        "connections",
        {"default": type("C", (), {"settings_dict": {"ENGINE": "django.db.backends.sqlite3"}})},
    )
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup", dir=str(tmp_path))
    assert list(tmp_path.iterdir()) == []
