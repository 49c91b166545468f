"""The Person chooser (authors, speakers, panellists, chairs): people are told apart by job
title and organisation, and someone missing from the list is added without leaving the post."""

from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetCreateView,
)

from posts.forms import PersonCreationForm
from posts.people import save_new_person


class RoleColumnsMixin:
    @property
    def columns(self):
        return [
            *super().columns,
            Column("job_title", label="Job title"),
            Column("organisation", label="Organisation"),
        ]


class PersonChooseView(RoleColumnsMixin, ChooseView):
    pass


class PersonChooseResultsView(RoleColumnsMixin, ChooseResultsView):
    pass


class PersonCreateView(SnippetCreateView):
    def save_form(self, form):
        # As the People editor saves (a draft for review where people are reviewed), with
        # a slug no one has: two people may share a name.
        return save_new_person(form.instance, self.request.user)


class PersonChooserViewSet(SnippetChooserViewSet):
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    create_view_class = PersonCreateView
    creation_form_class = PersonCreationForm
    creation_tab_label = "Add a new person"
    create_action_label = "Add person"
    create_action_clicked_label = "Adding person…"
