"""Backups of the database and the media, and their restore.

A backup is a folder: `database.dump` (pg_dump's custom format, taken in one snapshot),
the media as `media.tar.gz` (every file the default storage holds, read through Django's
storage API) or, when the media live in a bucket, `media-listing.json` (names, sizes and
ETags: the bucket's own versioning keeps the files), `manifest.json` (when, which code,
which migrations, row counts, every file's SHA-256) and `SHA256SUMS` (for `sha256sum -c`).
It is written under a temporary name and renamed when complete, so that a folder with a
backup's name is never half a backup.

A restore checks everything first (checksums, formats, the target database empty), then
loads the dump in one transaction: it either all lands or nothing does.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import tomllib
from pathlib import Path, PurePosixPath

import dj_database_url

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from . import inventory

FORMAT = "bulletin-backup/1"
DUMP = "database.dump"
MEDIA_ARCHIVE = "media.tar.gz"
MEDIA_LISTING = "media-listing.json"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


class BackupError(Exception):
    """Bad input or a failed step, told to the operator as one line."""


# The database ---------------------------------------------------------------------------


def database_params(url=None):
    """Django's settings for the database at `url`, or for the default one."""
    params = dj_database_url.parse(url) if url else connections["default"].settings_dict
    if params["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "Backups and restores need PostgreSQL (DATABASE_URL=postgres://...); "
            f"this database is {params['ENGINE'].rsplit('.', 1)[-1]}."
        )
    return params


def pg_env(params):
    """libpq's variables for the database: no password on a command line (ps shows it)."""
    env = {**os.environ}
    for var, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if params.get(key):
            env[var] = str(params[key])
        else:
            env.pop(var, None)
    sslmode = (params.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def run(args, params, **kwargs):
    if not shutil.which(args[0]):
        raise BackupError(f"{args[0]} is not installed (apt-get install postgresql-client).")
    result = subprocess.run(args, env=pg_env(params), capture_output=True, **kwargs)  # noqa: S603
    if result.returncode:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(f"{args[0]} failed: {message[-1] if message else result.returncode}")
    return result


def tables_in(params):
    """The tables of the database's own schemas (not PostgreSQL's catalogues)."""
    result = run(
        [
            "psql",
            "-XAtq",
            "-c",
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
        ],
        params,
    )
    return int(result.stdout.decode().strip() or 0)


# The media ------------------------------------------------------------------------------


def is_local(storage):
    """Whether the storage keeps files on this machine's disk (else: a bucket, a service)."""
    return isinstance(storage, FileSystemStorage)


def walk(storage, folder=""):
    """Every file name in the storage, through Django's storage API."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for sub in sorted(folders):
        yield from walk(storage, str(PurePosixPath(folder, sub)) if folder else sub)


def archive_media(storage, path):
    """A gzipped tar of every file in the storage; the number of files."""
    count = 0
    with tarfile.open(path, "w:gz") as tar:
        for name in walk(storage):
            with storage.open(name, "rb") as f:
                data = f.read()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
            count += 1
    return count


def list_bucket(storage, path):
    """Names, sizes and ETags of the bucket's objects (django-storages' S3Storage)."""
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:
        prefix = getattr(storage, "location", "") or ""
        objects = [
            {"name": o.key, "size": o.size, "etag": o.e_tag.strip('"')}
            for o in bucket.objects.filter(Prefix=prefix)
        ]
    else:  # any other remote storage: what its API tells
        objects = [{"name": n, "size": storage.size(n), "etag": None} for n in walk(storage)]
    Path(path).write_text(json.dumps({"objects": objects}, indent=1))
    return len(objects)


def safe_members(tar):
    """The archive's files, refusing any that would land outside the media folder."""
    members = []
    for member in tar.getmembers():
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"{MEDIA_ARCHIVE} holds an unsafe entry: {member.name!r}.")
        if member.isfile():
            members.append(member)
    return members


def check_media_archive(path):
    try:
        with tarfile.open(path, "r:gz") as tar:
            safe_members(tar)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{MEDIA_ARCHIVE} is not a gzipped tar archive: {exc}.") from None


def restore_media(storage, path):
    """Every file of the archive into the storage (replacing one of the same name)."""
    with tarfile.open(path, "r:gz") as tar:
        members = safe_members(tar)
        for member in members:
            data = tar.extractfile(member).read()
            if storage.exists(member.name):
                storage.delete(member.name)
            saved = storage.save(member.name, ContentFile(data))
            if saved != member.name:
                raise BackupError(f"The storage saved {member.name} as {saved}.")
    return len(members)


def check_bucket(storage, path):
    """Names in the listing that the bucket no longer holds, or holds different."""
    listed = json.loads(Path(path).read_text())["objects"]
    bucket = getattr(storage, "bucket", None)
    if bucket is None:
        return [o["name"] for o in listed if not storage.exists(o["name"])]
    present = {o.key: o.e_tag.strip('"') for o in bucket.objects.all()}
    return [o["name"] for o in listed if present.get(o["name"]) != o["etag"]]


# Checksums and the manifest ---------------------------------------------------------------


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def code_version():
    """The app's version and git commit (GIT_COMMIT in an image built without .git)."""
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as f:
        version = tomllib.load(f)["project"]["version"]
    commit = os.environ.get("GIT_COMMIT", "")
    if not commit and shutil.which("git"):
        result = subprocess.run(  # noqa: S603
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
        )
        commit = result.stdout.strip() if result.returncode == 0 else ""
    return version, commit or None


def applied_migrations():
    recorder = MigrationRecorder(connection)
    state = {}
    for app, name in sorted(recorder.applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def backup(directory, media="auto", now=None):
    """Write a backup under `directory`; its folder."""
    params = database_params()
    now = now or datetime.datetime.now(datetime.UTC)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"bulletin-{now:%Y%m%dT%H%M%SZ}"
    if final.exists():
        raise BackupError(f"{final} already exists.")
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=directory))
    try:
        # pg_dump reads in one transaction (a consistent snapshot); counts are read just
        # before it, so a busy site may differ by a few rows (the drill's is quiet).
        counts = inventory.counts()
        migrations = applied_migrations()
        run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(work / DUMP)], params)
        if media == "auto":
            media = "archive" if is_local(default_storage) else "listing"
        media_files = None
        if media == "archive":
            media_files = archive_media(default_storage, work / MEDIA_ARCHIVE)
        elif media == "listing":
            media_files = list_bucket(default_storage, work / MEDIA_LISTING)
        files = {
            p.name: {"sha256": sha256(p), "size": p.stat().st_size} for p in sorted(work.iterdir())
        }
        version, commit = code_version()
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "version": version,
            "git_commit": commit,
            "database": {"name": params["NAME"], "host": params.get("HOST") or "local"},
            "migrations": migrations,
            "counts": counts,
            "media": {"kind": media, "files": media_files},
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        (work / SUMS).write_text("".join(f"{sha256(work / n)}  {n}\n" for n in [*files, MANIFEST]))
        work.chmod(0o700)  # personal data (subscribers' addresses): the owner only
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final, manifest


def read_backup(location):
    """The manifest of the backup at `location` (its folder or manifest), checked whole."""
    path = Path(location)
    if path.name == MANIFEST:
        path = path.parent
    if not path.exists():
        raise BackupError(f"No backup at {location}.")
    if not (path / MANIFEST).is_file():
        raise BackupError(f"{location} is not a Bulletin backup (no {MANIFEST}).")
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} is not valid JSON: {exc}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{location} is not a backup this version can read (format {FORMAT}).")
    files = manifest.get("files") or {}
    if DUMP not in files:
        raise BackupError(f"The manifest lists no {DUMP}.")
    for name, expected in files.items():
        if "/" in name or name.startswith("."):
            raise BackupError(f"The manifest names an unsafe file: {name!r}.")
        if not (path / name).is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if sha256(path / name) != expected.get("sha256"):
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    return path, manifest


def migration_gap(manifest):
    """The migrations the backup has and this code lacks, and those it lacks and the code has."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    backed_up = {
        (app, name) for app, names in manifest.get("migrations", {}).items() for name in names
    }
    return sorted(backed_up - known), sorted(known - backed_up)


def check_dump(path, params):
    """pg_restore can read the dump's table of contents (it is a custom-format archive)."""
    try:
        run(["pg_restore", "--list", str(path / DUMP)], params)
    except BackupError:
        raise BackupError(f"{DUMP} is not a pg_dump custom-format archive.") from None


def restore_database(path, params, force=False):
    """Load the dump into the database in one transaction (replacing its tables if forced).

    pg_restore writes the dump as SQL and psql runs it in a single transaction that stops
    at the first error: on any failure the database is as it was."""
    psql = ["psql", "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
    if force:
        psql += ["-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"]
    # The SQL is written out whole first: were pg_restore to fail half-way through a
    # stream, psql would commit the half it had read.
    with tempfile.TemporaryDirectory(prefix="bulletin-restore-") as tmp:
        script = Path(tmp) / "restore.sql"
        run(["pg_restore", "--no-owner", "--no-privileges", "-f", script, path / DUMP], params)
        try:
            run([*psql, "-f", str(script)], params)
        except BackupError as exc:
            raise BackupError(f"The restore was rolled back: {exc}") from None
