"""The names of the site-wide groups. Editorial's migrations make the groups and give them
their permissions (editorial/roles.py); the names live here, at the bottom of the house,
because signing in with a second factor depends on them too."""

WRITERS, REVIEWERS, ADMINISTRATORS = "Writers", "Reviewers", "Administrators"
