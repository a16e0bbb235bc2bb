"""Character sets a document declares, and the codec that reads each as a browser would.

A page names its encoding in an HTTP ``Content-Type`` header (a WARC record's),
a ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` element, or an XML
declaration. Labels are read as the WHATWG Encoding Standard reads them
(https://encoding.spec.whatwg.org/#names-and-labels): "iso-8859-1" and "ascii"
mean windows-1252, "gb2312" and "gbk" mean gb18030, and so on, because pages
labelled so were written in the wider code page.
"""

from __future__ import annotations

import codecs
import re

# How far into a document a declaration is looked for: most sit in the first
# kilobyte, but pages with large inline scripts put theirs much later.
DECLARATION_BYTES = 65_536

# WHATWG labels whose decoder is a superset of the codec Python names by the label.
_WHATWG = {
    "windows-1252": ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819",
                     "ibm819", "iso_8859-1", "x-cp1252", "cp1252", "windows-1252"),
    "gb18030": ("gb2312", "gbk", "x-gbk", "gb_2312", "gb_2312-80", "chinese", "csgb2312", "iso-ir-58", "gb18030"),
    "windows-1254": ("iso-8859-9", "iso8859-9", "latin5", "l5", "windows-1254"),
    "windows-874": ("tis-620", "iso-8859-11", "iso8859-11", "windows-874"),
    "cp949": ("euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "korean", "windows-949", "cp949"),
    "cp932": ("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "csshiftjis"),
    "big5hkscs": ("big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"),
    "utf-8": ("utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"),
}
_LABELS = {label: codec for codec, labels in _WHATWG.items() for label in labels}

_META = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*(?P<label>[A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML = re.compile(rb"""\A\s*<\?xml\s[^>]*?encoding\s*=\s*["'](?P<label>[A-Za-z0-9_.:-]+)""")
_HEADER = re.compile(r"""charset\s*=\s*["']?\s*(?P<label>[A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def codec_for(label: str) -> str | None:
    """The Python codec that decodes what ``label`` names, or None for a label no codec knows."""
    name = label.strip().strip("\"'").lower()
    if name in _LABELS:
        return _LABELS[name]
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # A declared "UTF-16" in a page that is not UTF-16 (it would have a BOM) is a lie
    # copied from a template; "utf-7" and the like are never a page's true encoding.
    if info.name.startswith(("utf-16", "utf-32", "utf-7")):
        return None
    return info.name


def declared_in_markup(data: bytes) -> str | None:
    """The charset label an HTML or XML document declares in its first :data:`DECLARATION_BYTES`, if any."""
    head = data[:DECLARATION_BYTES]
    found = _XML.match(head) or _META.search(head)
    return found["label"].decode("ascii", "replace") if found else None


def declared_in_header(content_type: str) -> str | None:
    """The charset label of an HTTP ``Content-Type`` header value, if it names one."""
    found = _HEADER.search(content_type or "")
    return found["label"] if found else None
