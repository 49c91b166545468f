"""The state of one import: the blog, the export's channel, the mapping of its records to
Bulletin's objects, and the report."""

import dataclasses
import hashlib
import json
from urllib.parse import urlsplit

from .models import ImportedObject

Kind = ImportedObject.Kind
ROWS_KEPT = 2000  # categories and tags kept by Context.rows (memory stays flat)


def fingerprint(record):
    data = json.dumps(dataclasses.asdict(record), sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


class Context:
    def __init__(self, blog, channel, report, uploads=None, dry_run=False):
        self.blog = blog
        self.channel = channel
        self.report = report
        self.uploads = uploads
        self.dry_run = dry_run
        self.site = blog.get_site() if blog is not None else None
        # Small maps (the export's people and terms, not its posts): slug or login -> pk.
        self.people = {}
        self.categories = {}
        self.tags = {}
        # Posts whose links to other posts could not all be rewritten yet (a link to a
        # post later in the file): their WordPress ids, for one more pass at the end.
        self.relink = set()
        # Old addresses already found, and their new ones (importer.links; emptied when
        # pages move).
        self.addresses = {}
        # The addresses of the posts of the batch being written (importer.batch), so
        # that links between them are rewritten at once: links.upcoming_key -> address.
        self.upcoming = {}
        # Pages imported before their parent page: (page pk, the parent's WordPress id).
        self.page_moves = []
        self.images = None  # media.image_lookup(self), set by the run
        self.found_images = {}  # reference -> image, filled by media.image_lookup
        self.cached_rows = {}  # (model, pk) -> the row, for rows()
        hosts = (channel.base_site_url, channel.base_blog_url, channel.link)
        self.hosts = {urlsplit(url).netloc.lower() for url in hosts if url}
        self.hosts.discard("")

    def checkpoint(self):
        """The run's state before a transaction, for restore() if it rolls back."""
        return (
            self.report.checkpoint(),
            dict(self.people),
            dict(self.categories),
            dict(self.tags),
            set(self.relink),
            len(self.page_moves),
        )

    def restore(self, state, keep_found=False):
        """After a rollback: forget the people, terms, images and addresses the run found
        or made inside it (the rows are gone), and what the report counted."""
        report, self.people, self.categories, self.tags, self.relink, moves = state
        self.report.restore(report, keep_found=keep_found)
        del self.page_moves[moves:]
        self.addresses.clear()
        self.upcoming.clear()
        self.found_images.clear()
        self.cached_rows.clear()

    def rows(self, model, pks):
        """The rows of `model` with these pks (those that exist), in that order: the
        categories and tags posts name, read once per run rather than once per post."""
        missing = {pk for pk in pks if (model, pk) not in self.cached_rows}
        if missing:
            if len(self.cached_rows) >= ROWS_KEPT:
                self.cached_rows.clear()
                missing = set(pks)
            for row in model._default_manager.filter(pk__in=missing):
                self.cached_rows[model, row.pk] = row
        found = (self.cached_rows.get((model, pk)) for pk in dict.fromkeys(pks))
        return [row for row in found if row is not None]

    def mapped(self, kind, wp_id):
        if self.blog is None or not wp_id:
            return None
        return ImportedObject.objects.filter(blog=self.blog, kind=kind, wp_id=wp_id).first()

    def remember(self, kind, wp_id, obj, record=None, new=False, **fields):
        """Record that `wp_id` of `kind` became `obj` (and with what export data); `new`
        when the caller knows the export's record has no mapping yet."""
        values = {"object_id": obj.pk, **fields}
        if record is not None:
            values["fingerprint"] = fingerprint(record)
        if new:
            ImportedObject.objects.create(blog=self.blog, kind=kind, wp_id=wp_id, **values)
        else:
            ImportedObject.objects.update_or_create(
                blog=self.blog, kind=kind, wp_id=wp_id, defaults=values
            )

    def remember_new(self, kind, entries):
        """`remember(..., new=True)` for many (wp_id, obj, record) at once."""
        ImportedObject.objects.bulk_create(
            ImportedObject(
                blog=self.blog,
                kind=kind,
                wp_id=wp_id,
                object_id=obj.pk,
                fingerprint=fingerprint(record),
            )
            for wp_id, obj, record in entries
        )

    def is_unchanged(self, mapping, record):
        return mapping is not None and mapping.fingerprint == fingerprint(record)

    def label(self, item):
        return f"{item.post_type} {item.wp_id} “{item.title.strip()[:80]}”"

    def mapped_by_name(self, kind, wp_name):
        if self.blog is None:
            return None
        return ImportedObject.objects.filter(blog=self.blog, kind=kind, wp_name=wp_name).first()
