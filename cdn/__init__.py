"""Purging a frontend cache (Varnish, Cloudflare, CloudFront) when content changes.

The request that changes something notes what changed (changes.py), fed by the same
events that replace the content version (contentcache.content.changed) and by reader
comments being published. Once the transaction commits, one task is queued; the
background worker works out which URLs that touches (affected.py) and sends the purges
through Wagtail's frontend cache backends (tasks.py, backends.py). Nothing is purged
inside the request, and without WAGTAILFRONTENDCACHE (settings/frontendcache.py) nothing
is noted at all.
"""
