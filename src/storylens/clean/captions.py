"""Photo captions and credits: figure/figcaption markup when the page is there, text patterns otherwise."""

from __future__ import annotations

import html as htmllib
import re

# Agencies and picture desks that sign captions. A caption line ends with one of
# these right after its last sentence ("... May 8, 2017. Reuters").
AGENCIES = (
    r"Reuters|AP|AFP|EPA|EPA-EFE|Getty Images|Getty|AP Photo|Xinhua|Yonhap|Bloomberg|Shutterstock|"
    r"Alamy|Anadolu|Anadolu Agency|dpa|Kyodo|Kyodo News|NurPhoto|SOPA Images|Sipa|ANSA|Imago|"
    r"PA|PA Images|PA Wire|PA Media|iStock|iStockphoto|ZUMA|ZUMA Press|ZUMA Wire|Keystone|"
    r"TASS|Sputnik|Pool|Handout|Newscom|Corbis|Unsplash|Wikimedia Commons|Jiji Press|Korea Herald|"
    r"Yonhap News|Joint Press Corps|KCNA|CNS|VCG|IC Photo|Visual China Group|picture alliance|"
    r"Bildagentur|Panos|Magnum|WENN|Splash News|Rex Features|Rex|Shutterstock/Rex"
)
_AGENCY_END = re.compile(
    rf"[.!?)\"”’]\s*[(\[]?(?:(?:Photo|Image|Foto|Bild|Picture|Credit)s?\s*[:：]?\s*)?"
    rf"(?:[\w.'’ ]{{0,40}}/\s*)?(?:{AGENCIES})(?:\s*(?:[-/]|via)\s*[\w .'’]{{1,40}})?[)\]]?\s*$"
)
_CREDIT_LINE = re.compile(
    rf"^[(\[]?(?:(?:Photo|Image|Foto|Bild|Picture|Credit|Photograph)s?\s*(?:by|[:：])?\s*)?"
    rf"[\w.'’ -]{{0,60}}(?:/|\||via|for)\s*(?:{AGENCIES})(?:\s+via\s+[\w ]{{1,30}})?[)\]]?$"
    rf"|^[(\[]?(?:{AGENCIES})(?:\s*(?:/|Photo|Images)\s*[\w.'’ -]{{0,60}})?[)\]]?$",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"^(?:photo|photograph|photos|image|picture|pictured|file photo|caption|credit|photo credit|"
    r"foto|fotos|bild|bildunterschrift|légende|crédit photo|pie de foto|didascalia|фото)\s*[:：|]\s*\S",
    re.IGNORECASE,
)
_MARKERS = re.compile(
    r"^(?:enlarge this image|toggle caption|hide caption|show caption|expand image|view image|"
    r"image \d+ of \d+|\d+ of \d+ photos?|photo \d+ of \d+|click to enlarge|zoom|open gallery|"
    r"bild vergrößern|bildergalerie|agrandir l'image|ver galería)\s*$",
    re.IGNORECASE,
)
_PHOTO_BY = re.compile(r"\((?:photo|image|foto|bild)s?\s*(?:by|:)[^)]{2,80}\)\s*$", re.IGNORECASE)

MAX_CAPTION_CHARS = 400
# A CNN photo gallery flattened into text (JSONL exports, the AllSides bodies): one line holds the whole
# gallery, "Photos: <gallery> <caption> Hide Caption 1 of 21 Photos: <gallery> <caption> Hide Caption 2 of
# 21 ...", thousands of characters long. The marker with its counter never occurs in prose (90 of 90 such
# lines in 64 AllSides articles were gallery text), so it marks the line at any length.
_GALLERY = re.compile(r"\bHide Caption \d+ of \d+\b")
# NPR's picture credit when the page's caption block was joined into one line (JSONL exports, the AllSides
# bodies: 295 lines in 217 articles, every one a credit): "Enlarge this image toggle caption Saul Loeb/AFP/Getty
# Images Saul Loeb/AFP/Getty Images", "toggle caption Max Posner/NPR". Alone on their lines these markers open
# and close a caption block (clean.core); followed by the credit they are the whole caption.
_NPR_CREDIT = re.compile(r"^(?:enlarge this image\s+)?toggle caption\s+\S.{0,200}$", re.IGNORECASE)
_BARE_PAREN = re.compile(rf"[(\[]\s*(?:{AGENCIES})\s*[)\]]\s*$")


def caption_rule(line: str) -> str | None:
    """Which caption rule a whole line matches, or None."""
    s = line.strip()
    if _GALLERY.search(s):
        return "gallery"
    if not s or len(s) > MAX_CAPTION_CHARS:
        return None
    if _MARKERS.match(s):
        return "caption_marker"
    if _NPR_CREDIT.match(s):
        return "npr_credit"
    if len(s) <= 120 and _CREDIT_LINE.match(s):
        return "credit_line"
    if _PREFIX.match(s):
        return "caption_prefix"
    m = _AGENCY_END.search(s)
    # "... geäußert. (dpa)" closes a wire story; a caption's credit stands bare or says "Photo"
    if m and len(s.split()) >= 4 and len(s) <= 320 and not _BARE_PAREN.search(m.group()):
        return "agency_credit"
    if _PHOTO_BY.search(s):
        return "photo_by"
    return None


_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.IGNORECASE | re.DOTALL)
_CLASS_CAPTION = re.compile(
    r"class\s*=\s*[\"'][^\"']*(?:[Cc]aption|[Cc]redit|image-source|photo-source)[^\"']*[\"']"
)
_CAPTION_TAG = re.compile(r"<(p|div|span|small|figcaption|cite)\b[^>]*>", re.IGNORECASE)


def html_text(fragment: str) -> str:
    return _WS.sub(" ", htmllib.unescape(_TAG.sub(" ", fragment))).strip()


def html_captions(page: str) -> set[str]:
    """Whitespace-normalised caption texts marked up as captions in the page."""
    out = set()
    if "<figcaption" in page or "<FIGCAPTION" in page:
        for m in _FIGCAPTION.finditer(page):
            text = html_text(m.group(1))
            if len(text) >= 12:
                out.add(text)
    last = -1
    cands = sorted(i for lit in ("caption", "Caption", "credit", "Credit", "image-source", "photo-source")
                   for i in _find_all(page, lit))
    for i in cands:
        start = page.rfind("<", 0, i)
        if start <= last or page.rfind(">", 0, i) > start:
            continue
        if not _CLASS_CAPTION.search(page, start, page.find(">", i) + 1 or i + 1):
            continue
        tag = _CAPTION_TAG.match(page, start)
        if not tag:
            continue
        close = _find_close(page, tag.group(1), tag.end())
        if close < 0:
            continue
        last = close
        text = html_text(page[tag.end():close])
        if 12 <= len(text) <= 600:
            out.add(text)
    return out


def _find_all(page: str, needle: str) -> list[int]:
    out = []
    i = page.find(needle)
    while i >= 0:
        out.append(i)
        i = page.find(needle, i + 1)
    return out


def _find_close(page: str, tag: str, start: int) -> int:
    for cand in (f"</{tag}", f"</{tag.upper()}"):
        i = page.find(cand, start, start + 5000)
        if i >= 0:
            return i
    return -1
