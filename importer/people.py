"""Authors to People, categories to Categories, tags to tags.

No user accounts are made: an author is a Person, matched again by their login through the
mapping table, or on a first import by name to a Person the network already has (people
write for several blogs). Categories are the blog's own; one the network already has with
the same slug and no blog, or this blog, is used as it is. Bulletin's categories are flat:
WordPress's parent is kept in the mapping table (ImportedObject.wp_parent)."""

from django.utils.text import slugify

from taggit.models import Tag

from posts.models import Category, Person

from .context import Kind
from .text import one_line, plain, visible_only


def display_name(author):
    full = f"{author.first_name} {author.last_name}".strip()
    return one_line(author.display_name) or one_line(full) or author.login


def import_author(ctx, author):
    ctx.report.found["author"] += 1
    name = display_name(author)[:255]
    mapping = ctx.mapped(Kind.AUTHOR, author.login)
    person = mapping and Person.objects.filter(pk=mapping.object_id).first()
    if person and ctx.is_unchanged(mapping, author):
        ctx.report.unchanged["author"] += 1
    elif person:
        ctx.report.updated["author"] += 1
        if not ctx.dry_run and person.name != name:
            person.name = name
            person.save(update_fields=["name"])
    else:
        ctx.report.created["author"] += 1
        if not ctx.dry_run:
            person = person_named(name)
    if person and not ctx.dry_run:
        ctx.remember(Kind.AUTHOR, author.login, person, author, wp_name=author.wp_id)
        ctx.people[author.login] = person.pk


def person_named(name):
    slug = slugify(visible_only(name))[:255] or "author"
    return Person.objects.filter(slug=slug).first() or Person.objects.create(name=name, slug=slug)


def person_for_login(ctx, login):
    """The Person for a post's creator: the export's author, or one named after a login
    the export does not declare."""
    if not login:
        return None
    if login not in ctx.people:
        mapping = ctx.mapped(Kind.AUTHOR, login)
        person = mapping and Person.objects.filter(pk=mapping.object_id).first()
        if not person:
            person = person_named(login)
            ctx.remember(Kind.AUTHOR, login, person, wp_name="")
            ctx.report.note(f"Author “{login}” is not declared in the export: named by login.")
        ctx.people[login] = person.pk
    return ctx.people[login]


def import_term(ctx, term):
    if term.taxonomy == "category":
        import_category(ctx, term)
    elif term.taxonomy == "post_tag":
        import_tag(ctx, term)
    else:
        ctx.report.found["term"] += 1
        ctx.report.skip("term", f"taxonomy {term.taxonomy or '(none)'}: no equivalent")


def term_key(term):
    return term.wp_id or f"slug:{term.slug}"


def import_category(ctx, term):
    ctx.report.found["category"] += 1
    mapping = ctx.mapped(Kind.CATEGORY, term_key(term))
    category = mapping and Category.objects.filter(pk=mapping.object_id).first()
    name = one_line(term.name)[:255] or term.slug
    if category and ctx.is_unchanged(mapping, term):
        ctx.report.unchanged["category"] += 1
    elif category:
        ctx.report.updated["category"] += 1
        if not ctx.dry_run and category.blog_id == ctx.blog.pk:
            category.name, category.description = name, plain(term.description)
            category.save(update_fields=["name", "description"])
    else:
        ctx.report.created["category"] += 1
        if not ctx.dry_run:
            category = category_for(ctx, term.slug, name, plain(term.description))
    if category and not ctx.dry_run:
        ctx.remember(
            Kind.CATEGORY, term_key(term), category, term, wp_name=term.slug, wp_parent=term.parent
        )
        ctx.categories[term.slug] = category.pk
    if term.parent:
        ctx.report.note(
            "Categories are flat in Bulletin: WordPress's parent categories are kept in the "
            "importer's mapping table."
        )


def category_for(ctx, wp_slug, name, description=""):
    """The blog's category for `wp_slug`: the network's or this blog's if it has that slug,
    else a new one of this blog (its slug made unique across the network)."""
    base = slugify(visible_only(wp_slug), allow_unicode=False) or slugify(name) or "category"
    existing = Category.objects.filter(slug=base).first()
    if existing and existing.blog_id in (None, ctx.blog.pk):
        return existing
    slug, number = base, 1
    while Category.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{ctx.blog.slug}" if number == 2 else f"{base}-{ctx.blog.slug}-{number}"
    return Category.objects.create(
        name=name, slug=slug[:255], description=description, blog=ctx.blog
    )


def category_pk(ctx, slug, name):
    """A post's category by slug, made if the export did not declare it (as WordPress does)."""
    if slug not in ctx.categories:
        mapping = ctx.mapped(Kind.CATEGORY, f"slug:{slug}")
        category = mapping and Category.objects.filter(pk=mapping.object_id).first()
        if not category:
            category = category_for(ctx, slug, one_line(name)[:255] or slug)
            ctx.remember(Kind.CATEGORY, f"slug:{slug}", category, wp_name=slug)
        ctx.categories[slug] = category.pk
    return ctx.categories[slug]


def import_tag(ctx, term):
    ctx.report.found["tag"] += 1
    mapping = ctx.mapped(Kind.TAG, term_key(term))
    tag = mapping and Tag.objects.filter(pk=mapping.object_id).first()
    if tag and ctx.is_unchanged(mapping, term):
        ctx.report.unchanged["tag"] += 1
    elif tag:
        ctx.report.updated["tag"] += 1
    else:
        ctx.report.created["tag"] += 1
        if not ctx.dry_run:
            tag = tag_named(one_line(term.name)[:100] or term.slug)
    if tag and not ctx.dry_run:
        ctx.remember(Kind.TAG, term_key(term), tag, term, wp_name=term.slug)
        ctx.tags[term.slug] = tag.pk


def tag_named(name):
    return Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)


def tag_pk(ctx, slug, name):
    if slug not in ctx.tags:
        tag = tag_named(one_line(name)[:100] or slug)
        ctx.remember(Kind.TAG, f"slug:{slug}", tag, wp_name=slug)
        ctx.tags[slug] = tag.pk
    return ctx.tags[slug]
