"""trafilatura's ``extract_author`` in one pass over the tree, same result.

trafilatura copies the whole tree, deletes what its discard XPaths select (comments,
sidebars, dates, figures...), then evaluates three author XPaths on the copy, each
calling back into Python's ``re`` for the ``re:test`` of every element's class or id.
On the pages without an author meta tag that was the largest single cost of our
extraction (about 12 ms a page: the copy, five XPath scans of every element).

Here the same predicates are tested in Python in one walk of the original tree,
collecting the discarded elements and the three candidate lists in document order.
A candidate that is discarded (itself or an ancestor) is skipped, as the pruned copy
does not hold it; a candidate holding discarded elements is copied alone and pruned
as trafilatura prunes the whole tree (same deletions, same order) before its text is
read. A tree whose shape the walk does not cover (a ``<rel>`` element, which the first
XPath reads as text, or a tree that is not its document's root) goes to trafilatura's
own function. The predicates are those of the installed trafilatura: when its XPaths
differ from the ones mirrored here (``_MIRRORED``), its function is used on every page.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree
from trafilatura import metadata as tmeta
from trafilatura import xpaths as txp
from trafilatura.utils import trim
from trafilatura.xml import delete_element

# The XPath sources this module mirrors (trafilatura 2.x); checked at import.
_MIRRORED = (
    "\n        //*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong][\n"
    "        @rel='author' or @id='author' or @class='author' or @itemprop='author name' or rel='me' or\n"
    "        @data-testid='AuthorCard' or @data-testid='AuthorURL' or\n"
    "        re:test(@class, 'author-?name|AuthorName|authorName')]|//author\n        ",
    "\n        //*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][\n"
    "        @class='byline' or @class='username' or @class='byl' or @class='BBL' or\n"
    "        contains(@itemprop, 'author') or\n"
    "        re:test(@id, 'author|zuozhe|bianji|xiaobian') or\n"
    "        re:test(@class, 'author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name')]\n"
    "        ",
    "\n        //*[\n"
    "        contains(@data-component, 'Byline') or contains(@itemprop, 'author') or\n"
    "        re:test(@id, '[Aa]uthor') or\n"
    "        re:test(@class, '[Aa]uthor|screenname|writer|[Bb]yline')]\n        ",
    "\n        .//*[self::a or self::div or self::section or self::span][\n"
    "        @id='comments' or @class='comments' or @class='title' or @class='date' or\n"
    "        re:test(@id, '^comments|comment-?list|ProductReviews') or\n"
    "        re:test(@class, '^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer') or\n"
    "        contains(@data-component, 'Figure')]\n        ",
    "//time|//figure",
)


def _installed() -> tuple[str, ...]:
    try:
        return tuple(x.path for x in (*txp.AUTHOR_XPATHS, *txp.AUTHOR_DISCARD_XPATHS))
    except AttributeError:
        return ()


MIRRORS_INSTALLED = _installed() == _MIRRORED

# re:test is Python's re.search on the attribute's value ("" when absent).
_A0_CLASS = re.compile("author-?name|AuthorName|authorName")
_A1_ID = re.compile("author|zuozhe|bianji|xiaobian")
_A1_CLASS = re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_A2_ID = re.compile("[Aa]uthor")
_A2_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
_D_ID = re.compile("^comments|comment-?list|ProductReviews")
_D_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
# What any class (id) pattern above can match: literal parts of every alternative, and
# the values compared whole. A value matching none of these matches no pattern.
_CLASS_ANY = re.compile(
    "omment|sidebar|is-hidden|quote|embedly-instagram|article-share|article-support|print|category|"
    "meta-date|meta-reviewer|uthor|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|"
    "journalist-name|screenname|writer|yline"
)
_CLASS_EQ = frozenset({"comments", "title", "date", "author", "byline", "username", "byl", "BBL"})
_ID_ANY = re.compile("omment|ProductReviews|uthor|zuozhe|bianji|xiaobian")
_ID_EQ = frozenset({"comments", "author"})
_A0_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_A1_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_D_TAGS = frozenset({"a", "div", "section", "span"})


class _Fallback(Exception):
    pass


def _walk(tree: etree._Element) -> tuple[dict[etree._Element, int], list[list[etree._Element]]]:
    """Discarded elements (with the discard XPath that selects them: 0 or 1) and the
    candidates of the three author XPaths, in document order."""
    discard: dict[etree._Element, int] = {}
    cands: list[list[etree._Element]] = [[], [], []]
    a0, a1, a2 = cands
    for el in tree.iter(etree.Element):
        tag = el.tag
        get = el.get
        cls = get("class")
        ident = get("id")
        itemprop = get("itemprop") or ""
        comp = get("data-component") or ""
        if tag == "rel":
            raise _Fallback  # the first XPath reads <rel> children as text
        if tag == "time" or tag == "figure":
            discard[el] = 1
        elif tag == "author":
            a0.append(el)
        # class and id values that none of the patterns can match count as absent
        if cls is not None and cls not in _CLASS_EQ and not _CLASS_ANY.search(cls):
            cls = None
        if ident is not None and ident not in _ID_EQ and not _ID_ANY.search(ident):
            ident = None
        if cls is None and ident is None and not itemprop and not comp:
            if tag != "author" and tag in _A0_TAGS and (get("rel") == "author" or get("data-testid") in ("AuthorCard", "AuthorURL")):
                a0.append(el)
            continue
        cls = cls or ""
        ident = ident or ""
        if tag in _D_TAGS and el is not tree and (
            ident == "comments" or cls in ("comments", "title", "date")
            or (ident and _D_ID.search(ident)) or (cls and _D_CLASS.search(cls))
            or "Figure" in comp
        ):
            discard[el] = 0
        if tag != "author" and tag in _A0_TAGS and (
            get("rel") == "author" or ident == "author" or cls == "author" or itemprop == "author name"
            or get("data-testid") in ("AuthorCard", "AuthorURL") or (cls and _A0_CLASS.search(cls))
        ):
            a0.append(el)
        if tag in _A1_TAGS and (
            cls in ("byline", "username", "byl", "BBL") or "author" in itemprop
            or (ident and _A1_ID.search(ident)) or (cls and _A1_CLASS.search(cls))
        ):
            a1.append(el)
        if ("Byline" in comp or "author" in itemprop
                or (ident and _A2_ID.search(ident)) or (cls and _A2_CLASS.search(cls))):
            a2.append(el)
    return discard, cands


def _pruned(el: etree._Element, discard: dict[etree._Element, int]) -> etree._Element:
    """``el`` as it stands in trafilatura's pruned copy: itself when nothing inside it is
    discarded, else a copy with the discarded elements deleted as trafilatura deletes
    them (the first XPath's matches in document order, then the second's; tails kept)."""
    inner = [d for d in el.iterdescendants() if d in discard]
    if not inner:
        return el
    copy = deepcopy(el)
    twin = dict(zip(el.iter(), copy.iter(), strict=True))
    for phase in (0, 1):
        for d in inner:
            if discard[d] == phase:
                delete_element(twin[d])
    return copy


def extract_author(tree: etree._Element) -> str | None:
    """The document's author(s) as ``trafilatura.metadata.extract_author`` finds them."""
    if not MIRRORS_INSTALLED or tree.getroottree().getroot() is not tree:
        return tmeta.extract_author(tree)
    try:
        discard, cands = _walk(tree)
        for found in cands:
            for el in found:
                if el in discard or any(a in discard for a in el.iterancestors()):
                    continue  # pruned from trafilatura's copy
                content = trim(" ".join(_pruned(el, discard).itertext()))
                if content and 2 < len(content) < 120:
                    return tmeta.normalize_authors(None, content)
        return None
    except _Fallback:
        return tmeta.extract_author(tree)
