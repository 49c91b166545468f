from .pages import BlogFeaturedPost, BlogPage, PostAuthor, PostPage, PostPageTag
from .snippets import Category, Person

__all__ = [
    "BlogFeaturedPost",
    "BlogPage",
    "Category",
    "Person",
    "PostAuthor",
    "PostPage",
    "PostPageTag",
]
