from wagtail import hooks

from contentcache import serving


@hooks.register("before_serve_page")
def remember_page(page, request, serve_args, serve_kwargs):
    """The page being served, for the page cache's surrogate keys (contentcache.pagecache)."""
    request.bulletin_page = page


# Order 1: inside Wagtail's view restriction check (order 0), which runs for every request.
hooks.register("on_serve_page", serving.serve_whole, order=1)
