"""Pages as their specific types in one query.

Wagtail's `.specific()` costs two queries (the content types, then one per type) and
`page.specific` one per page. For a page type whose parent is `Page` itself, the specific
row is a reverse one-to-one from `Page` (`page.blogpage`), which `select_related` brings
in the same query as the page. A page type may name relations of its own to bring along
(`SELECT_WITH_PAGE`, e.g. a blog's logo, shown on every page of the blog), and other apps
may register values to bring with it (`bring`, e.g. the comments app's settings of a blog,
a child row that no `select_related` can follow).
"""

from django.db.models import F, Q

from wagtail.models import Page

# {page type: {attribute: field path from the page type}}: values brought with the page
# type's rows by `with_live_children`, set on the specific page as `attribute`.
BROUGHT = {}


def bring(model, **paths):
    """Bring `paths` (e.g. `comment_settings__comments_open`, through a relation with at
    most one row per page: a unique key) with `model`'s pages when they are routed, as
    attributes of the specific page. Registered by the app that owns the relation."""
    BROUGHT.setdefault(model, {}).update(paths)


def _alias(model, attribute):
    return f"brought_{model._meta.model_name}_{attribute}"


def annotations(models):
    """The annotations that `bring` registered for `models`, by alias."""
    return {
        _alias(model, attribute): F(f"{model._meta.model_name}__{path}")
        for model in models
        if Page in model._meta.parents
        for attribute, path in BROUGHT.get(model, {}).items()
    }


def relations(models):
    """The `select_related` names that bring `models` (page types) with their pages."""
    names = []
    for model in models:
        if Page not in model._meta.parents:  # deeper inheritance: Wagtail's way
            continue
        name = model._meta.model_name
        names.append(name)
        names.extend(f"{name}__{extra}" for extra in getattr(model, "SELECT_WITH_PAGE", ()))
    return names


def specific(page):
    """`page` as its specific type: from what `relations` brought, or Wagtail's query."""
    model = page.specific_class
    if model is None or model is Page or isinstance(page, model):
        return page
    found = page._state.fields_cache.get(model._meta.model_name)
    return found if found is not None else page.specific


def with_children_and_menus(page):
    """The filter of `page`, its live children and the live pages shown in menus under
    them. Answered from the page tree's indexes (home/migrations/0004)."""
    children = Q(path__startswith=page.path, depth=page.depth + 1, live=True)
    in_menus = Q(path__startswith=page.path, depth=page.depth + 2, live=True, show_in_menus=True)
    return Q(pk=page.pk) | children | in_menus


def with_live_children(page):
    """`page` as its specific type, its live children (as theirs, by slug) attached as
    `prefetched_live_children`, and to it and each child the live pages under them shown
    in menus (`prefetched_menu_children`, for the navigation): one query."""
    model = page.specific_class or Page
    types = {model, *model.allowed_subpage_models()}
    found = list(
        Page.objects.filter(with_children_and_menus(page))
        .select_related(*relations(types))
        .annotate(**annotations(types))
        .order_by("path")
    )
    _attach_brought(found)
    root = next((specific(p) for p in found if p.pk == page.pk), page)
    parents = {root.path: root}
    for child in found:
        if child.depth == page.depth + 1:
            parents[child.path] = specific(child)
    root.prefetched_live_children = {p.slug: p for path, p in parents.items() if path != root.path}
    for parent in parents.values():
        parent.prefetched_menu_children = []
    for p in found:
        parent = parents.get(p.path[: -Page.steplen])
        if p.pk != page.pk and p.show_in_menus and parent is not None:
            parent.prefetched_menu_children.append(p)
    return root


def live_child(page, slug):
    """`page`'s live child at `slug` as its specific type, with what its type brings
    (`relations`, `bring`), in one query; None if there is none. Routing without the
    content cache: Wagtail's way takes the child, then its specific row, then (a blog) its
    logo, comment settings and sidebar links, a query each."""
    types = set((page.specific_class or Page).allowed_subpage_models())
    child = Q(path__startswith=page.path, depth=page.depth + 1, slug=slug, live=True)
    # Unordered (a slug is unique among siblings): to order by its path, Django hashes
    # every column it selects, a fifth of the query's cost.
    found = list(
        Page.objects.filter(child)
        .select_related(*relations(types))
        .annotate(**annotations(types))
        .order_by()[:1]
    )
    _attach_brought(found)
    return specific(found[0]) if found else None


def _attach_brought(pages):
    """Set on each page, as its specific type, the values `bring` registered for it."""
    for p in pages:
        page_type = p.specific_class
        if page_type is None or Page not in page_type._meta.parents:
            continue
        for attribute in BROUGHT.get(page_type, {}):
            setattr(specific(p), attribute, getattr(p, _alias(page_type, attribute)))
