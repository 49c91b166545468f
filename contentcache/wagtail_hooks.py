from wagtail import hooks


@hooks.register("before_serve_page")
def remember_page(page, request, serve_args, serve_kwargs):
    """The page being served, for the page cache's surrogate keys (contentcache.pagecache)."""
    request.bulletin_page = page
