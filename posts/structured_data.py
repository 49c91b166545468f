"""schema.org descriptions of posts and people, for search engines (JSON-LD).

Built as Python data here and written into the page by `{% json_ld %}` (home_tags), which
escapes it for a <script> element; never assembled as text in a template.
"""

from django.utils import timezone

from home.seo import rendition_url


def person_url(request, blog, person):
    """The person's page on `blog`."""
    base = blog.get_full_url(request) if blog is not None else None
    return base + blog.reverse_subpage("author", args=[person.slug]) if base else None


def author_reference(request, blog, someone):
    data = {"@type": "Person", "name": someone.name}
    # A person never published has no page (posts show them by name only).
    url = person_url(request, blog, someone) if someone.live else None
    if url:
        data["url"] = url
    return data


def person_page(request, person, url):
    """A Person for `person`'s own page at `url`."""
    data = {"@context": "https://schema.org", "@type": "Person", "name": person.name, "url": url}
    if person.job_title:
        data["jobTitle"] = person.job_title
    if person.organisation:
        data["worksFor"] = {"@type": "Organization", "name": person.organisation}
    if person.bio:
        data["description"] = person.bio
    if person.photo_id:
        data["image"] = rendition_url(request, person.photo, "fill-400x400")
    return data


def blog_posting(request, post, blog, authors, publisher_name):
    """A BlogPosting for `post`; `authors` are its People in order."""
    url = post.get_full_url(request)
    published = post.first_published_at
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title[:110],
        "description": post.summary,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "author": [author_reference(request, blog, a) for a in authors],
        "publisher": {"@type": "Organization", "name": publisher_name},
    }
    if post.date:
        data["datePublished"] = (
            published.isoformat()
            if published and timezone.localdate(published) == post.date
            else post.date.isoformat()
        )
    if post.last_published_at:
        data["dateModified"] = post.last_published_at.isoformat()
    image = rendition_url(request, post.share_image)
    if image:
        data["image"] = image
    if blog is not None:
        data["isPartOf"] = {"@type": "Blog", "name": blog.title, "url": blog.get_full_url(request)}
    return data
