"""Demo content: the seed post from technology.blog.gov.uk and a few more, built in code."""

from .loader import load

__all__ = ["load"]
