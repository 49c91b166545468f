"""What search engines and social networks read: share images and JSON-LD."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from home.addresses import public_url

# Open Graph's recommended size; Twitter's large card takes the same.
SHARE_RENDITION = "fill-1200x630"

# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def rendition_url(request, image, spec=SHARE_RENDITION):
    """The absolute address of a rendition of `image` (None without an image)."""
    if not image:
        return None
    return public_url(image.get_rendition(spec).url)


def share_image(request, image):
    """og:image data for `image`: absolute URL, size and alt text (None without an image)."""
    if not image:
        return None
    rendition = image.get_rendition(SHARE_RENDITION)
    return {
        "url": public_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": getattr(image, "default_alt_text", ""),
    }


def json_ld_script(data):
    """`data` as a JSON-LD <script> data block. Browsers never execute it, so the CSP's
    script nonces do not apply; the escaping keeps any "</script>" in the data inert."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    # nosemgrep: bulletin.mark-safe-non-literal - JSON with <, > and & escaped (above)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
