"""/media/images/...: the renditions readers see, streamed from the media storage (the
bucket, or MEDIA_ROOT on one machine), so that any web node answers for a file another node
wrote. Nothing else under /media/ is served: documents go through Wagtail's serve view
(collection privacy), originals and pending uploads are never public."""

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .storage import is_public

# Renditions are named after their source and operation, so an address keeps its bytes; an
# image deleted (say, taken down) leaves caches within the hour.
CACHE_CONTROL = "public, max-age=3600"


@require_safe
def serve(request, path):
    name = f"images/{path}"
    if not is_public(name) or "\\" in name or "\x00" in name:
        raise Http404
    try:
        file = storages["default"].open(name, "rb")
    except (OSError, SuspiciousFileOperation) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        file.close()
        raise Http404
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
