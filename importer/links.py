"""Old addresses: redirects from them, and links to them rewritten.

Each published (or scheduled) post and page gets two permanent redirects, Wagtail
`Redirect`s on the blog's site: from the path of its old permalink (the export's <link>)
and from `?p=ID`, both taken relative to the old blog's address and put under the blog's
new one. A blog that is the root of its own site (technology.blog.gov.uk pointed at
Bulletin) answers its old paths as they were; a blog under the network's home answers
them under its path (/technology/?p=12), where a redirect of the old host name sends them,
and two blogs' `?p=12` never meet. An old permalink that already is the new address needs
no redirect. Wagtail's redirect middleware only answers a 404, and `?p=ID` is asked of the
blog's page, which exists: importer.middleware answers those. A redirect an editor made
for the same path is left alone.

Links in a post to another post of the export (by permalink, `?p=ID` or `?page_id=ID`)
are rewritten to its new address; a link to a post later in the file is rewritten by a
last pass over the posts that have one (importer.run)."""

from urllib.parse import parse_qs, urlencode, urlsplit

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from .context import Kind
from .models import ImportedObject

ID_QUERIES = ("p", "page_id")
ADDRESSES_KEPT = 2000  # old address -> new, per run: posts link to the same few


def old_path(url):
    """The path of an old address (with its `?p=` or `?page_id=` query), as Wagtail's
    redirects store paths."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    query = parse_qs(parts.query)
    kept = {key: query[key][0] for key in ID_QUERIES if key in query}
    path = parts.path or "/"
    return Redirect.normalise_path(path + (f"?{urlencode(kept)}" if kept else ""))


def blog_root_path(ctx):
    base = ctx.channel.base_blog_url or ctx.channel.link or "/"
    return urlsplit(base).path.rstrip("/")


def under_blog(ctx, path):
    """An old path (relative to the old site's root) moved under the blog's address."""
    old_root = blog_root_path(ctx)
    if old_root and (path == old_root or path.startswith((f"{old_root}/", f"{old_root}?"))):
        path = path[len(old_root) :]
    parts = ctx.blog.get_url_parts()
    blog_path = parts[2] if parts else "/"
    return Redirect.normalise_path(blog_path.rstrip("/") + "/" + path.lstrip("/"))


def make_redirects(ctx, item, page):
    write_redirects(ctx, [(item, page)])


def redirect_paths(ctx, item, page):
    """The old paths that should answer with the page's new address."""
    new_path = Redirect.normalise_path(page.get_url() or "")
    candidates = [old_path(item.link), old_path(f"{blog_root_path(ctx)}/?p={item.wp_id}")]
    blog_home = under_blog(ctx, "/")
    paths = dict.fromkeys(under_blog(ctx, c) for c in candidates if c)
    return [path for path in paths if path not in (blog_home, new_path)]


def write_redirects(ctx, pairs):
    """The redirects of each (item, page), in two queries for all of them."""
    wanted = [(path, page) for item, page in pairs for path in redirect_paths(ctx, item, page)]
    found = Redirect.objects.filter(site=ctx.site, old_path__in=[path for path, _ in wanted])
    taken = {redirect.old_path: redirect.redirect_page_id for redirect in found}
    new = []
    for path, page in wanted:
        if path not in taken:
            new.append(
                Redirect(
                    site=ctx.site,
                    old_path=path,
                    redirect_page=page,
                    is_permanent=True,
                )
            )
            taken[path] = page.pk
            ctx.report.redirects["created"] += 1
        elif taken[path] == page.pk:
            ctx.report.redirects["unchanged"] += 1
        else:
            ctx.report.redirects["left alone (the path already redirects elsewhere)"] += 1
    Redirect.objects.bulk_create(new)


def resolver(ctx, item):
    """`links(url)` for the content converter, while importing `item`."""

    def links(url):
        parts = urlsplit((url or "").strip())
        if parts.scheme not in ("", "http", "https"):
            return None
        if parts.netloc and parts.netloc.lower() not in ctx.hosts:
            return None
        if not parts.netloc and not parts.path.startswith("/"):
            return None
        if "/wp-content/" in parts.path or "/wp-admin" in parts.path:
            return None
        key = parts._replace(fragment="").geturl()
        address = ctx.addresses.get(key)
        if address is None:
            address = ctx.upcoming.get(upcoming_key(parts))
        if address is None:
            page = find_page(ctx, parts)
            if page is not None:
                address = page.get_url()
                if len(ctx.addresses) >= ADDRESSES_KEPT:
                    ctx.addresses.clear()
                ctx.addresses[key] = address
            else:
                if parts.query or parts.path.strip("/"):
                    ctx.relink.add(item.wp_id)
                return None
        return f"{address}#{parts.fragment}" if address and parts.fragment else address

    return links


def upcoming_key(parts):
    """How a post written in the same batch is found (Context.upcoming): by its WordPress
    id for `?p=ID`, else by its old path."""
    query = parse_qs(parts.query)
    for key in ID_QUERIES:
        if query.get(key, [""])[0].isdigit():
            return ("id", query[key][0])
    return ("path", old_path(parts.geturl()))


def find_page(ctx, parts):
    if ctx.blog is None:
        return None
    rows = ImportedObject.objects.filter(blog=ctx.blog, kind__in=[Kind.POST, Kind.PAGE])
    query = parse_qs(parts.query)
    row = None
    for key in ID_QUERIES:
        if query.get(key, [""])[0].isdigit():
            row = rows.filter(wp_id=query[key][0]).first()
            break
    else:
        row = rows.filter(old_path=old_path(parts.geturl())).first()
    page = row and Page.objects.filter(pk=row.object_id).first()
    return page.specific if page else None
