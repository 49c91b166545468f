"""Demo content (the seed post from technology.blog.gov.uk and a few more, built in code),
benchmark data and demo accounts; the make_* factories they share with the tests."""
