from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import UserCreationForm, UserEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's users admin, whose forms also hold the job title and organisation that a
    writer's byline is first made from (posts.people)."""

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
