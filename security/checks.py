"""Deploy checks (`manage.py check --deploy`) for the settings this app relies on."""

import datetime

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.utils import timezone

UNSAFE_SCRIPT_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:", "http:"}


@register(Tags.security, deploy=True)
def check_security_settings(app_configs, **kwargs):
    from .views import security_txt_expires

    warnings = []
    if not settings.BULLETIN_REQUIRE_2FA:
        warnings.append(
            Warning(
                "BULLETIN_REQUIRE_2FA is off: Reviewers and Administrators can sign in "
                "with a password alone.",
                id="security.W001",
            )
        )
    expires = security_txt_expires()
    if not timezone.now() < expires <= timezone.now() + datetime.timedelta(days=366):
        warnings.append(
            Warning(
                "SECURITY_TXT_EXPIRES must be in the future and less than a year away (RFC 9116).",
                id="security.W002",
            )
        )
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    script_src = set(map(str, directives.get("script-src", directives.get("default-src", []))))
    if script_src & UNSAFE_SCRIPT_SOURCES:
        warnings.append(
            Warning(
                "The public Content-Security-Policy allows inline or foreign scripts.",
                id="security.W003",
            )
        )
    if not settings.SECURITY_CONTACTS:
        warnings.append(Warning("SECURITY_CONTACT is empty.", id="security.W004"))
    return warnings
