"""Why an XML file cannot be read, said in the reader's language instead of the parser's English.

Why: a bank statement cut off in transfer was refused with `XML není správně utvořené: Premature
end of data in tag Stmt line 2`: a Czech sentence around libxml2's English. The parsers (lxml's
libxml2, and expat behind defusedxml and ElementTree) word the same few faults in their own ways;
each is recognised here by its wording and given as a phrase (a `Label`, translated when the
message is rendered) that says what a person can do something about: the file was cut off, an
element is closed under another name, something follows the end, a character or an `&` XML does
not allow, bytes not in the declared encoding. The place (line) stays with the message's source.
A fault not recognised keeps the parser's own words, shortened.
"""

from __future__ import annotations

import re
from xml.parsers import expat

from backoffice_auto.errors import Label
from backoffice_auto.i18n import N_

CUT_OFF = N_("the file ends before its elements are closed: it was cut off or saved incomplete")
MISMATCH = N_("an element is closed under another element's name")
AFTER_END = N_("something follows the end of the document's last element")
NO_ELEMENT = N_("there is no XML element where the document should start")
BAD_CHARACTER = N_("it holds a character XML does not allow")
BAD_ENCODING = N_("its bytes are not in the character encoding it declares")
AMPERSAND = N_("an '&' stands alone or names an unknown entity (XML writes '&' as '&amp;')")
BROKEN_TAG = N_("an element's tag or attribute is broken")

# (wording of libxml2 or expat, lower case) -> phrase; the first that fits wins
_KINDS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(pattern), phrase) for pattern, phrase in (
    (r"premature end of data|no element found|unclosed token|endtag: '</' not found|"
     r"unclosed cdata|unclosed comment", CUT_OFF),
    (r"opening and ending tag mismatch|mismatched tag", MISMATCH),
    (r"extra content at the end of the document|junk after document element", AFTER_END),
    (r"document is empty|start tag expected|document is not well formed", NO_ELEMENT),
    (r"not proper utf-8|encoding|labelled utf-16|invalid bytes|switching encoding|"
     r"bytes: 0x", BAD_ENCODING),
    (r"entityref|entity '.*' not defined|undefined entity|xmlparseentityref|"
     r"reference to (?:invalid|unknown) character", AMPERSAND),
    (r"char(?:acter)? .*out of allowed range|invalid char|invalid token|xmlparsecharref|"
     r"illegal character", BAD_CHARACTER),
    (r"find end of start tag|invalid element name|attvalue|attribute|expected '>'|"
     r"starttag|not well-formed|couldn't find end", BROKEN_TAG),
))


def xml_fault(exc: BaseException, data: bytes | None = None) -> tuple[int | None, str]:
    """(line, why) of a parser's refusal: the phrase (a `Label`) saying why, or the parser's own
    words for a fault not recognised (at most 80 characters, without its position).

    `data` given: expat reads it again for its opinion, which names the fault and its line more
    plainly than libxml2 does for some (an undeclared entity is `no element found` at line 0 in
    lxml's incremental parser). The document has passed the prolog check by then (no document
    type, so no entity can be declared): expat expands nothing."""
    if isinstance(exc, LookupError) and not isinstance(exc, KeyError):  # an encoding Python does not know
        return None, Label(BAD_ENCODING)
    position = getattr(exc, "position", None) or (getattr(exc, "lineno", None),)
    line, words = position[0] or None, str(getattr(exc, "msg", None) or exc)
    second = _expat_opinion(data) if data is not None else None
    if second is not None and fault_kind(second[1]) == CUT_OFF:  # the input ended inside an element or a tag
        return second[0], Label(CUT_OFF)
    # libxml2's words first where it gives a place (they tell an `&` or an attribute apart, where
    # expat says `invalid token`); expat's where libxml2's place is none
    opinions = [(line, words), second] if line else [second, (line, words)]
    for at, said in (o for o in opinions if o is not None):
        if (kind := fault_kind(said)) is not None:
            return at or line, Label(kind)
    return line, words.split(":")[0][:80]


def fault_kind(words: str) -> str | None:
    """The phrase (a msgid) for a parser's words, None when none fits."""
    lowered = words.lower()
    return next((phrase for pattern, phrase in _KINDS if pattern.search(lowered)), None)


def _expat_opinion(data: bytes) -> tuple[int, str] | None:
    """(line, expat's words) of the first fault expat finds; None when it finds none, or when it cannot
    judge (an encoding it does not read: libxml2's words then stand)."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        words = expat.errors.messages.get(exc.code, "")
        if exc.code in (_UNKNOWN_ENCODING, _INCORRECT_ENCODING) or not words:
            return None
        return exc.lineno, words
    return None


_UNKNOWN_ENCODING = expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]
_INCORRECT_ENCODING = expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING]
