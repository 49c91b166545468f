from .pages import (
    BlogFeaturedPost,
    BlogPage,
    BlogSidebar,
    PostAuthor,
    PostNeighbours,
    PostPage,
    PostPageTag,
)
from .rendered import RenderedBody, RenderedBodyReference
from .snippets import Category, Person

__all__ = [
    "BlogFeaturedPost",
    "BlogPage",
    "BlogSidebar",
    "Category",
    "Person",
    "PostAuthor",
    "PostNeighbours",
    "PostPage",
    "PostPageTag",
    "RenderedBody",
    "RenderedBodyReference",
]
