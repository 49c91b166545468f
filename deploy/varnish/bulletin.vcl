# Varnish in front of Bulletin (README, "CDN and purging"). Tested by
# tests/frontendcache/test_varnish.py with Debian's varnish 7.1.
#
# Readers' pages are cached; signed-in people, the admin, previews and anything with a
# token in its address pass straight through. Bulletin's worker sends PURGE for each URL a
# change touches and BAN for a whole host (cdn.backends.HTTPBackend), from FRONTEND_CACHE_
# PURGE_URL, which must reach this Varnish directly (not through a proxy).
vcl 4.1;

# Where Bulletin (gunicorn) listens. Set for each deployment.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the hosts running Bulletin's worker.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        # varnishd has appended client.ip to X-Forwarded-For by now: anything more means
        # the request came through a proxy (nginx on this host would make every reader
        # 127.0.0.1), so it is refused even from an address in the list.
        if (client.ip !~ purgers || req.http.X-Forwarded-For != "" + client.ip) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "BAN") {
            # Everything on the host: a change seen on every page (a setting, a site).
            ban("obj.http.X-Bulletin-Host == " + req.http.host);
            return (synth(200, "Banned"));
        }
        # The path with any query string: a listing's ?page=2 goes with its first page.
        # Bans on obj.* only, so that the ban lurker clears them in the background.
        ban("obj.http.X-Bulletin-Host == " + req.http.host +
            " && obj.http.X-Bulletin-Path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed in (the session) or about to see a message (after a form): never cached,
    # and never filling the cache either.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # The admin (and its previews), sign-off links, alert links with tokens, health checks.
    if (req.url ~ "^/(admin|sign-off|alerts|comments|healthz|readyz)(/|$|\?)") {
        return (pass);
    }
    # Any other cookie (csrftoken) changes nothing on a public page: without it readers
    # share one copy. (Django sends a new csrftoken where a page has a form, which keeps
    # such a page out of the cache.)
    unset req.http.Cookie;
}

sub vcl_backend_response {
    # Remembered on the object for PURGE and BAN (see vcl_recv), hidden from readers.
    set beresp.http.X-Bulletin-Host = bereq.http.host;
    set beresp.http.X-Bulletin-Path = regsub(bereq.url, "\?.*$", "");
    # A response that says how long it may be kept (Cache-Control's s-maxage, max-age,
    # stale-while-revalidate; private, no-store) is taken at its word by varnishd. One
    # that says nothing, a reader's page before Bulletin sent such headers, is kept
    # here for a while: purges keep it fresh, the TTL only bounds a purge that is lost.
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        if (bereq.url ~ "^/search/") {
            # Results change with every post; not worth keeping without a word from Bulletin.
            set beresp.ttl = 0s;
        } elsif (beresp.status == 200 || beresp.status == 301 || beresp.status == 404) {
            set beresp.ttl = 10m;
            set beresp.grace = 1m;
        }
    }
    # Then varnishd's built-in rules: a response setting a cookie (a form's csrftoken, a
    # session) or marked private or no-store is never stored.
}

sub vcl_deliver {
    unset resp.http.X-Bulletin-Host;
    unset resp.http.X-Bulletin-Path;
    # Surrogate keys are for caches, not readers.
    unset resp.http.Cache-Tag;
    unset resp.http.Surrogate-Key;
    unset resp.http.xkey;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
