"""Import from WordPress in the admin's Settings menu (importer.admin_views)."""

from wagtail import hooks

from .admin_views import ImportViewSet


@hooks.register("register_admin_viewset")
def register_import_viewset():
    return ImportViewSet()
