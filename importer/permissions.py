"""Who may import from WordPress in the admin: Administrators (the group holds the
ImportRun permissions, migration 0003) and superusers. Everybody else is refused, by
every view and, for the upload, before its body is read (importer.middleware)."""


def can_import(user):
    return bool(user and user.is_active and user.has_perm("importer.add_importrun"))
