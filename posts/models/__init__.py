from .pages import BlogFeaturedPost, BlogPage, BlogSidebar, PostAuthor, PostPage, PostPageTag
from .rendered import RenderedBody, RenderedBodyReference
from .snippets import Category, Person

__all__ = [
    "BlogFeaturedPost",
    "BlogPage",
    "BlogSidebar",
    "Category",
    "Person",
    "PostAuthor",
    "PostPage",
    "PostPageTag",
    "RenderedBody",
    "RenderedBodyReference",
]
