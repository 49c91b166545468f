"""Mending what WordPress's importer forgives in an export that is not well-formed XML.

WordPress reads an export with SimpleXML and, when that fails, with a line-by-line
regular-expression parser (WXR_Parser_Regex). Its tests pin what that parser is for: an
unescaped `]]>` inside a CDATA section (exports made before WordPress escaped it as
`]]]]><![CDATA[>`), where the value runs to the last `]]>` before the closing tag. Old
exports also carry control characters XML forbids, and some lack the `xmlns:wp`
declarations (the regex parser matches `wp:` by its prefix). These three are mended here,
as a stream, and nothing else: a file still broken after them (a truncated download, a
mismatched tag) is refused. WordPress's regex parser would import whatever its patterns
happened to match in such a file, silently leaving out the rest.

The mending adds no line breaks, so the line of any later error is still the file's.
"""

import re

CDATA_OPEN = b"<![CDATA["
CDATA_CLOSE = b"]]>"
ESCAPED_CLOSE = b"]]]]><![CDATA[>"
# A CDATA section really ends where `]]>` is followed by a closing tag or by the next
# section of an escaped value; anywhere else, the `]]>` is part of the text.
REAL_END = re.compile(rb"\s*(?:</|<!\[CDATA\[)")
MAYBE_REAL_END = re.compile(rb"\s*(?:<|</?|<!\[?C?D?A?T?A?\[?)?\Z")
FORBIDDEN_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
STANDARD_NAMESPACES = {
    b"wp": b"http://wordpress.org/export/1.2/",
    b"excerpt": b"http://wordpress.org/export/1.2/excerpt/",
    b"content": b"http://purl.org/rss/1.0/modules/content/",
    b"dc": b"http://purl.org/dc/elements/1.1/",
    b"wfw": b"http://wellformedweb.org/CommentAPI/",
}
# The <rss> start tag is near the top; give up looking for it after this much.
HEAD_LIMIT = 1 << 20


class RepairingReader:
    """A binary file-like object over `raw` (an open binary file) with the mending done."""

    def __init__(self, raw, chunk_size=1 << 16):
        self._chunks = _mend(iter(lambda: raw.read(chunk_size), b""))

    def read(self, size=-1):
        # iterparse feeds whatever it is given; a chunk larger or smaller than asked is fine.
        for chunk in self._chunks:
            if chunk:
                return chunk
        return b""


def _declare_namespaces(head):
    """Add the usual WXR namespace declarations the <rss> start tag lacks."""
    start = head.find(b"<rss")
    end = head.find(b">", start)
    if start < 0 or end < 0:
        return head
    tag = head[start:end]
    missing = b"".join(
        b' xmlns:%s="%s"' % (prefix, uri)
        for prefix, uri in STANDARD_NAMESPACES.items()
        if b"xmlns:" + prefix + b"=" not in tag
    )
    return head[:end] + missing + head[end:]


def _with_namespaces(chunks):
    head = b""
    for chunk in chunks:
        head += chunk
        if (b"<rss" in head and b">" in head[head.find(b"<rss") :]) or len(head) > HEAD_LIMIT:
            break
    yield _declare_namespaces(head)
    yield from chunks


def _mend(chunks):
    """Yield the bytes of `chunks` with stray `]]>` escaped and forbidden controls removed."""
    buffer = b""
    in_cdata = False
    for data in _and_end(_with_namespaces(chunks)):
        at_end = data is None
        if not at_end:
            buffer += data
        out = []
        pos = 0
        while True:
            if not in_cdata:
                start = buffer.find(CDATA_OPEN, pos)
                if start < 0:
                    # Keep a tail that could be the start of a marker cut by the chunk.
                    keep = len(buffer) if at_end else max(pos, len(buffer) - len(CDATA_OPEN))
                    out.append(FORBIDDEN_CONTROLS.sub(b"", buffer[pos:keep]))
                    pos = keep
                    break
                start += len(CDATA_OPEN)
                out.append(FORBIDDEN_CONTROLS.sub(b"", buffer[pos:start]))
                pos, in_cdata = start, True
                continue
            close = buffer.find(CDATA_CLOSE, pos)
            if close < 0:
                keep = len(buffer) if at_end else max(pos, len(buffer) - len(CDATA_CLOSE))
                out.append(FORBIDDEN_CONTROLS.sub(b"", buffer[pos:keep]))
                pos = keep
                break
            after = close + len(CDATA_CLOSE)
            if REAL_END.match(buffer, after) or (at_end and after == len(buffer)):
                out.append(FORBIDDEN_CONTROLS.sub(b"", buffer[pos:after]))
                pos, in_cdata = after, False
            elif not at_end and MAYBE_REAL_END.match(buffer, after):
                # Cannot tell yet: wait for more of the file.
                out.append(FORBIDDEN_CONTROLS.sub(b"", buffer[pos:close]))
                pos = close
                break
            else:
                out.append(FORBIDDEN_CONTROLS.sub(b"", buffer[pos:close]) + ESCAPED_CLOSE)
                pos = after
        buffer = buffer[pos:]
        yield b"".join(out)
        if at_end:
            return


def _and_end(chunks):
    yield from chunks
    yield None
