"""What readers see, cached until something they could see changes.

Every key carries the *content version*, a token replaced whenever anything shown to
readers is saved or deleted: a page (publishing saves it), a move, a view restriction, a
site, or a model another app registers with `bump_on_change` (settings, people,
categories, images, tags). Nothing is deleted: the old keys are never asked for again and
expire. One change thus refreshes everything at once, in every process sharing the cache.

It is on (BULLETIN_CONTENT_CACHE) only where every process that can change content shares
the cache: Redis in production. With Django's per-process local memory cache a publish in
another process (the scheduler) would go unseen, so it is off by default without Redis.
Previews never read or fill it. If the cache cannot be reached, pages are built from the
database, as without a cache, and the process leaves the cache alone for RETRY_AFTER.
"""

import functools
import hashlib
import threading
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from wagtail.models import DraftStateMixin, Page

VERSION_KEY = "content-version"
# The prefix of keys kept outside the version (lasting_key).
LASTING = "content-lasting:"
MISSING = object()

# The version, read once per request: a page asks for many cached parts.
_memo = ContextVar("bulletin_content_version", default=None)
# In the memo: what the request built, written in one round trip when it ends.
PENDING = "\0pending"
# In the memo, for a request that may have a bundle (prefetch): the bundle's key and the
# version it is read under; the parts it brought; every part the request used; whether
# some part had to be asked for or built (the bundle is then written again).
BUNDLE, BROUGHT, USED, INCOMPLETE = "\0bundle", "\0brought", "\0used", "\0incomplete"
# In the memo, for a request whose bundle is of an older version: the parts its address
# was last built from, asked for under this version at once and missing (recall asks for
# them no more), and the key of that list (the address's recipe).
ABSENT, RECIPE = "\0absent", "\0recipe"
# Keys that prefetch reads with the version, in the same round trip, kept in the memo under
# PREFETCHED for `read` (contentcache.warm's addresses, which the request building the
# site needs: the first reader after a change would otherwise wait on one more read).
READ_WITH_VERSION = set()
PREFETCHED = "\0prefetched"
# The parts a page was built from change only with the code, not with the version: kept a
# week, so that the first reader after any publish finds the list of a page read daily.
RECIPE_TIMEOUT = 7 * 24 * 3600
# While a page is built to be kept whole (contentcache.serving): the per-request values
# made for it, [(value, name, args)].
_holes = ContextVar("bulletin_content_holes", default=None)
# {name: function} of per_request.
PER_REQUEST = {}

# An unreachable cache costs each call django-redis's socket timeout: once the version
# cannot be read, this process builds pages from the database for a while without asking.
# Short, so that a Redis back from a restart serves pages again within seconds (at 30 s
# the page cache was still unused when PostgreSQL failed next: `make faults`); a hung
# Redis then costs a process one socket timeout (1 s) every RETRY_AFTER.
RETRY_AFTER = 5  # seconds
_unreachable_until = 0.0


def enabled():
    return getattr(settings, "BULLETIN_CONTENT_CACHE", False)


def timeout():
    # Also the longest a reader could see something stale if a bump is lost (the cache
    # unreachable at that moment).
    return getattr(settings, "BULLETIN_CONTENT_CACHE_TIMEOUT", 600)


def start_request(**kwargs):
    _memo.set({})


def end_request(**kwargs):
    memo = _memo.get()
    _memo.set(None)
    pending = memo.get(PENDING) if memo else None
    if memo and BUNDLE in memo and _bundle_changed(memo):
        bundle_key, version = memo[BUNDLE]
        if memo.get(VERSION_KEY) == version:  # not replaced by a change in this request
            pending = {**(pending or {}), bundle_key: (version, memo[USED])}
    if pending and reachable():
        # One round trip (django-redis pipelines set_many) instead of one per part: a
        # cold page builds a dozen. The keys carry the version they were built under, so
        # writing them a moment later is as safe as at once.
        cache.set_many(pending, timeout())
        if memo.get(RECIPE) and memo.get(INCOMPLETE):
            _write_recipe(memo)


def _write_recipe(memo):
    # Each part's key without its version ("content:<version>:<name>:<digest>"); the
    # lasting ones (lasting_key) whole.
    recipe_key, version = memo[RECIPE]
    prefix = f"content:{version}:"
    suffixes = sorted(key[len(prefix) :] for key in memo[USED] if key.startswith(prefix))
    suffixes += sorted(key for key in memo[USED] if key.startswith(LASTING))
    if suffixes and memo.get(VERSION_KEY) == version:
        cache.set(recipe_key, suffixes, RECIPE_TIMEOUT)


def _bundle_changed(memo):
    # Something was missing from it, or it brought parts no longer used (those a page
    # was built from, before it was kept whole): unpickled for nothing on every request.
    return memo.get(INCOMPLETE) or memo[USED].keys() != memo.get(BROUGHT, {}).keys()


def drop_bundle():
    """This request's parts are not worth a bundle (an address that answered 404: random
    addresses must not fill the cache)."""
    memo = _memo.get()
    if memo:
        memo.pop(BUNDLE, None)
        memo.pop(RECIPE, None)


def current():
    """The content version: a token that changes with every change readers could see."""
    return token(VERSION_KEY)


def token(name):
    """The token stored under `name`: made on first use, read once per request."""
    memo = _memo.get()
    if memo is not None and name in memo:
        return memo[name]
    value = cache.get(name)
    if value is None:
        cache.add(name, uuid.uuid4().hex, timeout=None)
        value = cache.get(name)
    if value is None:  # unreachable: a token that nothing was, or will be, stored under
        _mark_unreachable()
        value = f"unreachable-{uuid.uuid4().hex}"
    if memo is not None:
        memo[name] = value
    return value


def reachable():
    return time.monotonic() >= _unreachable_until


def _mark_unreachable():
    global _unreachable_until
    _unreachable_until = time.monotonic() + RETRY_AFTER


def replace_token(name):
    """A new token under `name`: whatever was keyed by the old one is never read again."""
    value = uuid.uuid4().hex
    cache.set(name, value, timeout=None)
    memo = _memo.get()
    if memo is not None:
        memo[name] = value


def _replace_version():
    replace_token(VERSION_KEY)


_held = threading.local()

# Sent with every change that replaces the version, whether the content cache is on or
# not: `instance` is what changed (None: anything may have), `created` whether it is new,
# `moved_from` a moved page's old url_path. The frontend cache purge (cdn) listens.
changed = Signal()


@contextmanager
def deferred():
    """Changes made inside replace the version once, on the way out, instead of once each
    (an import of thousands of posts)."""
    _held.depth = getattr(_held, "depth", 0) + 1
    try:
        yield
    finally:
        _held.depth -= 1
        if not _held.depth and getattr(_held, "pending", False):
            _held.pending = False
            bump()


def bump(sender=None, instance=None, url_path_before=None, created=False, **kwargs):
    """Signal receiver: everything cached so far is out of date.

    Replaced now, so that this process sees its own change at once, and again when the
    transaction commits: a reader racing it may have cached the old content under the
    version replaced first."""
    if getattr(_held, "depth", 0):
        _held.pending = True
        return
    if enabled():
        _replace_version()
        transaction.on_commit(_replace_version, robust=True)
    # After: what receivers run on commit (a purge, a warm-up) sees the final version.
    changed.send(sender=sender, instance=instance, moved_from=url_path_before, created=created)


# What saving a draft revision or taking a lock writes on the row of a model with drafts
# (DraftStateMixin: people, categories): readers see neither.
DRAFT_FIELDS = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_at", "locked_by"}
)


def bump_on_change(*models, ignoring=frozenset()):
    """Replace the version whenever an instance of one of `models` (or of a subclass) is
    saved or deleted, unless a save touches only fields in `ignoring`. For models with
    drafts, only publishing, unpublishing and deleting count: a draft is a revision, and a
    new row that is not live is a draft nobody reads yet."""
    for model in models:
        for action, signal in (("save", post_save), ("delete", post_delete)):
            uid = f"contentcache-{action}-{model._meta.label}"
            signal.connect(_bump_for(model, ignoring), weak=False, dispatch_uid=uid)


def _bump_for(model, ignoring):
    # Pages say what they ignore themselves (contentcache.apps).
    drafts = issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    if drafts:
        ignoring = ignoring | DRAFT_FIELDS

    def receiver(sender, instance=None, update_fields=None, created=False, **kwargs):
        if not issubclass(sender, model):
            return
        if update_fields and ignoring.issuperset(update_fields):
            return
        if drafts and created and not instance.live:
            return
        bump(sender=sender, instance=instance, created=created)

    return receiver


def key(name, *parts, request=None):
    """The cache key of `name` for `parts` in the current version. With `request`, also
    for its host and scheme: page URLs are relative only on the page's own site. The parts
    are hashed: they may hold anything a reader typed (a path)."""
    if request is not None:
        parts = (request.scheme, request.get_host(), *parts)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"content:{current()}:{name}:{digest}"


def usable(request=None):
    """Whether to use the cache for this request: on, reachable, and not a preview."""
    return enabled() and reachable() and not getattr(request, "is_preview", False)


def recall(cache_key):
    """What is stored under `cache_key` (MISSING if nothing), this request's own writes
    and its bundle included."""
    memo = _memo.get()
    if memo and cache_key in memo.get(PENDING, ()):
        return memo[PENDING][cache_key]
    if memo and cache_key in memo.get(BROUGHT, ()):
        value = memo[BROUGHT][cache_key]
    elif memo and cache_key in memo.get(ABSENT, ()):
        value = MISSING  # asked for with the recipe a moment ago
    else:
        value = cache.get(cache_key, MISSING)
        if memo and BUNDLE in memo:
            memo[INCOMPLETE] = True
    if memo and BUNDLE in memo and value is not MISSING:
        memo[USED][cache_key] = value
    return value


def lasting_key(name, *parts, request=None):
    """A key outside the version, for a part whose key is a digest of everything it shows
    (posts.cards): it changes exactly when the part does, so no change elsewhere has to
    replace it. Such parts are in the address's recipe with the others."""
    if request is not None:
        parts = (request.scheme, request.get_host(), *parts)
    return f"{LASTING}{name}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def recall_many(cache_keys):
    """{key: value} of those of `cache_keys` stored (as `recall`, each), asking the cache
    for the rest in one round trip."""
    memo = _memo.get()
    found, wanted = {}, []
    for cache_key in cache_keys:
        value = recall(cache_key) if memo and _known(memo, cache_key) else MISSING
        if value is not MISSING:
            found[cache_key] = value
        elif not (memo and cache_key in memo.get(ABSENT, ())):
            wanted.append(cache_key)
    if wanted:
        asked = cache.get_many(wanted)
        found.update(asked)
        if memo and BUNDLE in memo:
            memo[INCOMPLETE] = True
            memo[USED].update(asked)
    return found


def _known(memo, cache_key):
    return any(cache_key in memo.get(part, ()) for part in (PENDING, BROUGHT, ABSENT))


def remember(cache_key, value):
    """Store `value` under `cache_key`: when the request ends, with the rest of what it
    built (end_request); at once outside a request."""
    memo = _memo.get()
    if memo is None:
        cache.set(cache_key, value, timeout())
        return
    memo.setdefault(PENDING, {})[cache_key] = value
    if BUNDLE in memo:
        memo[USED][cache_key] = value


def prefetch(request):
    """Read the version, and the parts that the last request for the same address used
    under it (its bundle), in one round trip instead of one each: a warm page asks for
    the site, its route and itself whole (contentcache.serving). For requests whose
    answer is the same for every reader (serving.kept_whole), before any other part.

    The bundle's key is the address alone, so that it can be read with the version; it
    holds the version it was made under and is used only if that is the one just read
    (and its parts' keys carry that version, as every key does). A request that had to
    ask for or build a part writes its bundle again when it ends.

    After a change (a bundle of an older version), the parts the address was last built
    from (its recipe: their keys without the version, kept across versions) are asked for
    under the new version in one more round trip: those another page built already (the
    site, the navigation) come back, the others are known to be missing. The first reader
    after a publish thus waits on 2 round trips to read, not one per part (a dozen).

    The page cache (contentcache.pagecache) reads the version first, to look the page up:
    on a miss the rest is read here all the same, in one round trip more."""
    memo = _memo.get()
    if memo is None or PREFETCHED in memo:
        return
    address = (request.scheme, request.get_host(), request.get_port(), request.path)
    digest = hashlib.sha256(repr(address).encode()).hexdigest()
    bundle_key, recipe_key = f"content-bundle:{digest}", f"content-recipe:{digest}"
    wanted = [bundle_key, recipe_key, *sorted(READ_WITH_VERSION)]
    known = memo.get(VERSION_KEY)
    found = cache.get_many(wanted if known else [VERSION_KEY, *wanted])
    memo[PREFETCHED] = {name: found.get(name) for name in READ_WITH_VERSION}
    version = known or found.get(VERSION_KEY)
    if version is None:  # none yet, or unreachable: token() finds out
        return
    memo[VERSION_KEY] = version
    memo[BUNDLE] = (bundle_key, version)
    memo[RECIPE] = (recipe_key, version)
    memo[USED] = {}
    bundle = found.get(bundle_key)
    if bundle is not None and bundle[0] == version:
        memo[BROUGHT] = bundle[1]
        return
    memo[INCOMPLETE] = True
    recipe = found.get(recipe_key)
    if recipe:
        wanted = [
            suffix if suffix.startswith(LASTING) else f"content:{version}:{suffix}"
            for suffix in recipe
        ]
        memo[BROUGHT] = cache.get_many(wanted)
        memo[ABSENT] = set(wanted) - memo[BROUGHT].keys()


def read(name):
    """What is stored under `name` (None if nothing): as this request's prefetch found it
    if it read it (READ_WITH_VERSION), otherwise asked for now."""
    memo = _memo.get()
    if memo is not None and name in memo.get(PREFETCHED, ()):
        return memo[PREFETCHED][name]
    return cache.get(name)


def cached(name, *parts, compute, request=None):
    """`compute()`, cached under `name` and `parts` until the content changes."""
    if not usable(request):
        return compute()
    cache_key = key(name, *parts, request=request)
    if not reachable():  # found out just now, reading the version
        return compute()
    value = recall(cache_key)
    if value is MISSING:
        value = compute()
        remember(cache_key, value)
    return value


def per_request(name):
    """Decorator of a function (of picklable arguments) whose value must be new for each
    request: a form's one-off token. In a page kept whole (contentcache.serving) its
    value is a hole, made again under `name` for every reader."""

    def decorate(function):
        PER_REQUEST[name] = function

        @functools.wraps(function)
        def wrapper(*args):
            value = function(*args)
            holes = _holes.get()
            if holes is not None:
                holes.append((value, name, args))
            return value

        return wrapper

    return decorate


@contextmanager
def holes():
    """The per-request values (per_request) made inside, as (value, name, args)."""
    found = []
    reset = _holes.set(found)
    try:
        yield found
    finally:
        _holes.reset(reset)


def fill(name, args):
    """A new value of the per-request function `name`."""
    return PER_REQUEST[name](*args)
