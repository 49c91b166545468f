"""Security settings shared by every environment; `base` imports them, `production` tightens
transport (HTTPS, cookies, HSTS). Why each one is there: docs/security.md."""

import datetime
import os

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

# Headers on every response (Django's SecurityMiddleware and security.middleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features nothing on the site uses.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Readers' pages: nothing but the site's own files, and scripts only with the nonce of
# the response (base.html's one module script carries it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin still writes inline scripts and style attributes, so it gets a looser
# policy of its own under the admin's prefix; it may frame itself (the preview panel).
ADMIN_URL_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# A request body larger than this is refused (413) before anything reads it; the largest
# legitimate one is a document upload (WAGTAILDOCS_MAX_UPLOAD_SIZE) plus the form around it.
MAX_REQUEST_BODY_SIZE = 21 * 1024 * 1024

# Documents are always downloads, served with Wagtail's restrictive CSP.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# No avatars fetched from a third party for people signed in to the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures the pair of user name
# and address is locked, and so is the address (for every user name), for AXES_COOLOFF_TIME.
# The name alone is not locked from everywhere: anyone could then lock a colleague out by
# guessing at their name. Unknown user names count and answer exactly like known ones.
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.views.lockout"
AXES_CLIENT_IP_CALLABLE = "security.network.client_ip"
AXES_USERNAME_CALLABLE = "security.network.login_username"
AXES_VERBOSE = False
# Addresses in X-Forwarded-For added by proxies we run (nginx, a load balancer). 0: none,
# REMOTE_ADDR is the client. production sets 1.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Two-factor sign-in (django-otp, TOTP). Required of Reviewers, Administrators and
# superusers when BULLETIN_REQUIRE_2FA is on (everywhere but settings.dev), offered to
# Writers; anyone who has set it up must use it.
BULLETIN_REQUIRE_2FA = True
OTP_TOTP_ISSUER = "Bulletin"
OTP_TOTP_THROTTLE_FACTOR = 1

# /.well-known/security.txt (RFC 9116).
SECURITY_CONTACTS = [
    c.strip()
    for c in os.environ.get("SECURITY_CONTACT", "mailto:security@bulletin.invalid").split(",")
    if c.strip()
]
SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL", "")
# An ISO 8601 date-time set when the contacts are reviewed; unset, the file expires
# SECURITY_TXT_LIFETIME after it is served (RFC 9116 asks for less than a year).
SECURITY_TXT_EXPIRES = os.environ.get("SECURITY_TXT_EXPIRES", "")
SECURITY_TXT_LIFETIME = datetime.timedelta(days=180)
SECURITY_TXT_LANGUAGES = ["en"]

# Private pages and document collections: login or group restrictions only. A shared
# password leaks as soon as it is shared (WAGTAIL_PRIVATE_PAGE_OPTIONS is set in base).
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
