"""`{% contentcache "name" part ... %}...{% endcontentcache %}`: a fragment of a page,
cached until the content changes (contentcache.content), per host and scheme, and never for
a preview. Only for what is the same for every reader: no forms, tokens or user names."""

from django import template

from contentcache import content

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        request = context.get("request")
        if request is None or not content.usable(request):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]
        key = content.key(f"fragment:{name}", *parts, request=request)
        if not content.reachable():  # found out just now, reading the version
            return self.nodelist.render(context)
        html = content.recall(key)
        if html is content.MISSING:
            html = self.nodelist.render(context)
            content.remember(key, html)
        return html


@register.tag
def contentcache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("contentcache needs a name")
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    return ContentCacheNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
