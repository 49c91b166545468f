"""Page permissions stricter than Wagtail's defaults."""

from wagtail.models import PagePermissionTester


class BulletinPagePermissionTester(PagePermissionTester):
    """Wagtail lets anyone who may change pages delete (or move) every draft under them.
    Here, without publish permission, a person may only delete drafts they own: a writer
    cannot delete a colleague's draft."""

    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        if self.user.is_superuser or "publish" in self.permissions:
            return True
        pages = self.page.get_descendants(inclusive=True)
        return not pages.exclude(owner=self.user).exists()
