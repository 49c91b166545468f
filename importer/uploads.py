"""The files an Administrator uploads: kept in the `importer` storage (settings.STORAGES:
IMPORTER_UPLOAD_ROOT, a folder outside MEDIA_ROOT that nothing serves, so readers cannot
fetch an export's drafts, private posts and e-mail addresses from /media/) under
`imports/<random>/`, so the web process and the worker both reach them; deleted once the
run is done. Copied to a temporary directory for the import, which reads a local file.

The uploads archive (a .zip of wp-content/uploads) is checked before it is kept and
again when it is unpacked: no entry may name a path outside the folder (absolute, `..`,
a drive letter, a symbolic link), and the entries together may not unpack to more than
IMPORTER_MAX_UNZIPPED_MB, counted as they are written (an entry's declared size can lie).
"""

import contextlib
import secrets
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import storages

MB = 1024 * 1024
CHUNK = MB
FOLDER = "imports"


class UnsafeArchive(ValueError):
    pass


def storage():
    return storages["importer"]


def store(export, uploads=None):
    """Save the uploaded files; returns their names in the importer's storage."""
    folder = f"{FOLDER}/{secrets.token_hex(16)}"
    export_name = storage().save(f"{folder}/export.xml", export)
    uploads_name = storage().save(f"{folder}/uploads.zip", uploads) if uploads else ""
    return export_name, uploads_name


def delete(*names):
    for name in filter(None, names):
        storage().delete(name)


def unzipped_limit():
    return int(settings.IMPORTER_MAX_UNZIPPED_MB * MB)


def check_archive(archive):
    """Raise UnsafeArchive if an entry of the open ZipFile would land outside the folder
    or the entries would unpack to more than the limit."""
    total = 0
    for info in archive.infolist():
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
            raise UnsafeArchive(f"“{info.filename}” points outside the folder.")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UnsafeArchive(f"“{info.filename}” is a symbolic link.")
        total += info.file_size
        if total > unzipped_limit():
            raise UnsafeArchive(f"It unpacks to more than {settings.IMPORTER_MAX_UNZIPPED_MB} MB.")


def unpack(archive_path, folder):
    """Unpack the archive into `folder`; returns the folder to give the import as
    `uploads` (the one holding the year folders, if the archive has wp-content/uploads/
    or uploads/ at its top)."""
    folder = Path(folder).resolve()
    written = 0
    with zipfile.ZipFile(archive_path) as archive:
        check_archive(archive)
        for info in archive.infolist():
            target = (folder / info.filename.replace("\\", "/")).resolve()
            if not target.is_relative_to(folder):
                raise UnsafeArchive(f"“{info.filename}” points outside the folder.")
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(target, "wb") as out:
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    if written > unzipped_limit():
                        raise UnsafeArchive(
                            f"It unpacks to more than {settings.IMPORTER_MAX_UNZIPPED_MB} MB."
                        )
                    out.write(chunk)
    for candidate in (folder / "wp-content" / "uploads", folder / "uploads"):
        if candidate.is_dir():
            return candidate
    return folder


@contextlib.contextmanager
def local_files(run):
    """(the export's path, the unpacked uploads' folder or None) for the run, in a
    temporary directory removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bulletin-import-") as tmp:
        tmp = Path(tmp)
        export = copy(run.export_file, tmp / "export.xml")
        uploads = None
        if run.uploads_file:
            archive = copy(run.uploads_file, tmp / "uploads.zip")
            uploads = unpack(archive, tmp / "uploads")
            archive.unlink()
        yield export, uploads


def copy(name, target):
    with storage().open(name, "rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out, CHUNK)
    return target
