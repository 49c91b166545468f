"""The records a WordPress export holds, as plain data, and where each field is in the XML
(elements named as WordPress names them: `wp:post_id`)."""

from dataclasses import dataclass, field


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class Author:
    login: str
    wp_id: str = ""
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    """A category, tag or other taxonomy's term declared in the channel."""

    taxonomy: str  # "category", "post_tag" or another taxonomy's name
    slug: str
    name: str = ""
    wp_id: str = ""
    parent: str = ""  # the parent's slug
    description: str = ""


@dataclass
class Comment:
    wp_id: str
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: str = "0"


@dataclass
class Item:
    """A post, page, attachment or other entry (`post_type`)."""

    wp_id: str = ""
    post_type: str = "post"
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    comment_status: str = ""
    parent: str = "0"
    menu_order: str = "0"
    password: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # (taxonomy, slug, name)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


ITEM_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_id": "wp_id",
    "wp:post_date": "post_date",
    "wp:post_date_gmt": "post_date_gmt",
    "wp:comment_status": "comment_status",
    "wp:post_name": "post_name",
    "wp:status": "status",
    "wp:post_parent": "parent",
    "wp:menu_order": "menu_order",
    "wp:post_type": "post_type",
    "wp:post_password": "password",  # pragma: allowlist secret
    "wp:attachment_url": "attachment_url",
}
COMMENT_FIELDS = {
    "wp:comment_id": "wp_id",
    "wp:comment_author": "author",
    "wp:comment_author_email": "email",
    "wp:comment_author_url": "url",
    "wp:comment_author_IP": "ip",
    "wp:comment_date": "date",
    "wp:comment_date_gmt": "date_gmt",
    "wp:comment_content": "content",
    "wp:comment_approved": "approved",
    "wp:comment_type": "type",
    "wp:comment_parent": "parent",
}
AUTHOR_FIELDS = {
    "wp:author_id": "wp_id",
    "wp:author_login": "login",
    "wp:author_email": "email",
    "wp:author_display_name": "display_name",
    "wp:author_first_name": "first_name",
    "wp:author_last_name": "last_name",
}
TERM_FIELDS = {
    "wp:category": (
        "category",
        {
            "wp:term_id": "wp_id",
            "wp:category_nicename": "slug",
            "wp:category_parent": "parent",
            "wp:cat_name": "name",
            "wp:category_description": "description",
        },
    ),
    "wp:tag": (
        "post_tag",
        {
            "wp:term_id": "wp_id",
            "wp:tag_slug": "slug",
            "wp:tag_name": "name",
            "wp:tag_description": "description",
        },
    ),
    "wp:term": (
        "",
        {
            "wp:term_id": "wp_id",
            "wp:term_taxonomy": "taxonomy",
            "wp:term_slug": "slug",
            "wp:term_parent": "parent",
            "wp:term_name": "name",
            "wp:term_description": "description",
        },
    ),
}
CHANNEL_FIELDS = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
