"""What an import did, for the command to print and for the admin to show (JSON-able)."""

import time
from collections import Counter, defaultdict

LIST_LIMIT = 500  # entries kept per list; the counts are always complete


class Report:
    def __init__(self, path, *, dry_run=False):
        self.path = str(path)
        self.dry_run = dry_run
        self.started = time.monotonic()
        self.seconds = None
        self.found = Counter()
        self.created = Counter()
        self.updated = Counter()
        self.unchanged = Counter()
        self.skipped = defaultdict(Counter)  # kind -> reason -> count
        self.redirects = Counter()
        self.lists = defaultdict(list)  # missing_media, unknown_markup, failures, notes
        self.list_totals = Counter()
        self.refused = None
        self.blog = None

    def skip(self, kind, reason):
        self.skipped[kind][reason] += 1

    def add(self, name, entry):
        self.list_totals[name] += 1
        if len(self.lists[name]) < LIST_LIMIT:
            self.lists[name].append(entry)

    def note(self, text):
        if text not in self.lists["notes"]:
            self.add("notes", text)

    def checkpoint(self):
        """What restore() goes back to: the report as it is now."""
        counters = ("found", "created", "updated", "unchanged", "redirects")
        return (
            {name: Counter(getattr(self, name)) for name in counters},
            {kind: Counter(reasons) for kind, reasons in self.skipped.items()},
            {name: len(entries) for name, entries in self.lists.items()},
            Counter(self.list_totals),
        )

    def restore(self, state, keep_found=False):
        """Forget what was counted since checkpoint() (the work was rolled back); with
        `keep_found`, what the file holds stays counted."""
        counters, skipped, lengths, totals = state
        for name, counter in counters.items():
            if not (keep_found and name == "found"):
                setattr(self, name, counter)
        self.skipped = defaultdict(Counter, skipped)
        for name, entries in self.lists.items():
            del entries[lengths.get(name, 0) :]
        self.list_totals = totals

    def finish(self):
        self.seconds = round(time.monotonic() - self.started, 2)
        return self

    def as_dict(self):
        kinds = sorted(set(self.found) | set(self.created) | set(self.updated) | set(self.skipped))
        return {
            "file": self.path,
            "blog": self.blog,
            "dry_run": self.dry_run,
            "refused": self.refused,
            "seconds": self.seconds,
            "counts": {
                kind: {
                    "found": self.found[kind],
                    "created": self.created[kind],
                    "updated": self.updated[kind],
                    "unchanged": self.unchanged[kind],
                    "skipped": dict(self.skipped[kind]),
                }
                for kind in kinds
            },
            "redirects": dict(self.redirects),
            **{
                name: list(self.lists[name])
                for name in ("missing_media", "unknown_markup", "failures", "notes")
            },
            "totals": dict(self.list_totals),
        }

    def lines(self):
        """The report as text, for the command line."""
        data = self.as_dict()
        if data["refused"]:
            return [f"Refused: {data['refused']}"]
        verb = "would be" if self.dry_run else ""
        out = [f"{'Dry run: nothing written. ' if self.dry_run else ''}Blog: {data['blog']}"]
        for kind, count in data["counts"].items():
            skipped = ", ".join(f"{n} {reason}" for reason, n in count["skipped"].items())
            out.append(
                f"  {kind}: {count['found']} found, {count['created']} {verb} created, "
                f"{count['updated']} {verb} updated, {count['unchanged']} unchanged"
                + (f", skipped: {skipped}" if skipped else "")
            )
        if data["redirects"]:
            out.append(
                "  redirects: " + ", ".join(f"{n} {k}" for k, n in data["redirects"].items())
            )
        for name, title in (
            ("failures", "Failed"),
            ("missing_media", "Missing media"),
            ("unknown_markup", "Unknown markup"),
            ("notes", "Notes"),
        ):
            if data[name]:
                out.append(f"{title} ({data['totals'][name]}):")
                out.extend(f"  - {entry}" for entry in data[name])
        out.append(f"Time taken: {data['seconds']} s")
        return out
