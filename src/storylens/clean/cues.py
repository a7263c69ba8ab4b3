"""Hand-written word lists of the spam rules, by language: calls to act, the companion
words spam keywords come with, and the modifiers that turn an ordinary word into a spam
phrase.

They are kept per language (``xx``: numbers and words used in every language) so that
evaluation can hold a language out of them as it holds it out of the lexicon
(``Cleaner(exclude_languages=...)``): a held-out figure must not lean on words of the
held-out languages written into the rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Calls to act, in the languages spam arrives in; counted per sentence. Bounded (\b) words.
CUE_WORDS: dict[str, str] = {
    "en": "visit|click|sign up|register|join now|join|play|claim|get your|bonus|free|best|win|winning|"
          "download|now|today",
    "id": "daftar|kunjungi|gabung|mainkan|sekarang",
    "de": "jetzt|hier|kostenlos|gratis|besuchen",
    "fr": "inscris|visitez|jouez|maintenant",
    "es": "regístrate|visita|juega|ahora",
    "it": "iscriviti|gioca|subito",
    "pt": "cadastre|jogue|agora",
    "pl": "zarejestruj|graj|teraz",
    "tr": "kayıt ol|hemen|oyna|ücretsiz",
    "ru": "зарегистрируйтесь|играйте|бесплатно|сейчас|переходите",
    "vi": "đăng ký|chơi|ngay|miễn phí",
}
# Cues in scripts without word boundaries, and symbols.
CUE_MARKS: dict[str, str] = {
    "th": "สมัคร|คลิก|ฟรี|เล่น",
    "ko": "가입|지금|무료|바로가기|클릭",
    "zh": "注册|立即|点击|免费|登录",
    "ja": "今すぐ|無料|登録",
    "xx": r"\d+\s?%|!",
}
# Calls that news prose rarely makes ("best", "now", "free" are everyday words).
STRONG_CUE_WORDS: dict[str, str] = {
    "en": "click|sign up|register|join now|claim|bonus",
    "id": "daftar|kunjungi|gabung",
    "fr": "inscris",
    "es": "regístrate",
    "it": "iscriviti",
    "pt": "cadastre",
    "pl": "zarejestruj",
    "tr": "kayıt ol",
    "ru": "зарегистрируйтесь",
    "vi": "đăng ký",
}
STRONG_CUE_MARKS: dict[str, str] = {
    "th": "สมัคร|คลิก",
    "ko": "가입|바로가기|클릭",
    "zh": "注册|立即|点击",
    "ja": "今すぐ|登録",
    "xx": r"\d+\s?%",
}
# Words spam keywords come with ("slot gacor hari ini", "casino online uy tín"): a cut
# takes the ones right beside it.
COMPANIONS: dict[str, str] = {
    "xx": r"online|on-line|site|sites|free|gratis|bonus|vip|live|app|apk|24/7|\d{4}|online-casino|"
          r"casinos?|slots?",
    "en": "no deposit|real money|uk|usa",
    "id": "situs|terpercaya|terbaik|resmi|hari ini|indonesia|gacor",
    "tr": "siteleri|türkiye|bonusu",
    "pl": "internetowe|polska",
    "vi": "uy tín|trực tuyến|việt nam",
    "th": "thailand",
    "fr": "en ligne",
    "es": "en línea|españa|sin depósito",
    "it": "italia|senza deposito",
    "nl": "zonder cruks",
    "de": "deutschland",
    "pt": "brasil",
    "ru": "онлайн",
    "uz": "onlayn",
}
# Modifiers that turn an ordinary word into a spam phrase when right beside it.
MODIFIERS: dict[str, str] = {
    "xx": r"online|on-line|gratis|88|303|777|\d+x",
    "en": "no deposit",
    "id": "situs|terpercaya|gacor|resmi",
    "tr": "siteleri|bonusu",
    "pl": "internetowe",
    "vi": "uy tín|trực tuyến",
    "fr": "en ligne|gratuites?",
    "es": "en línea|sin depósito",
    "it": "senza deposito",
    "nl": "zonder cruks",
}


def _alt(table: dict[str, str], exclude: frozenset[str]) -> str:
    return "|".join(v for k, v in table.items() if k not in exclude)


class Cues:
    """The hand-written lists compiled, without the languages in ``exclude``."""

    def __init__(self, exclude: frozenset[str] = frozenset()) -> None:
        self.exclude = exclude
        words, marks = _alt(CUE_WORDS, exclude), _alt(CUE_MARKS, exclude)
        self._cues = re.compile(rf"\b(?:{words})\b" + (f"|{marks}" if marks else ""), re.IGNORECASE)
        words, marks = _alt(STRONG_CUE_WORDS, exclude), _alt(STRONG_CUE_MARKS, exclude)
        self._strong = re.compile(rf"\b(?:{words})\b" + (f"|{marks}" if marks else ""), re.IGNORECASE)
        self._companions = re.compile(f"(?:{_alt(COMPANIONS, exclude)})", re.IGNORECASE)
        mods = _alt(MODIFIERS, exclude)
        self._mod_after = re.compile(rf"[ \u00a0]+({mods})(?!\w)", re.IGNORECASE)
        self._mod_before = re.compile(rf"(?<!\w)({mods})[ \u00a0]+$", re.IGNORECASE)

    def count(self, text: str) -> int:
        """How many different calls to act ``text`` makes."""
        return len({m.group().lower() for m in self._cues.finditer(text)})

    def strong(self, text: str) -> bool:
        return bool(self._strong.search(text))

    def companion(self, word: str) -> bool:
        return bool(self._companions.fullmatch(word))

    def modified(self, line: str, a: int, b: int, words_only: bool = False) -> bool:
        """A spam modifier right after or right before ``line[a:b]`` (``words_only``: not
        a number such as "88" or "1x")."""
        for m in (self._mod_after.match(line, b), self._mod_before.search(line[max(0, a - 30):a])):
            if m and (not words_only or m.group(1).isalpha()):
                return True
        return False

    def beside_modifier(self, text: str, word: str, low: str | None = None) -> bool:
        """``word`` (lower-cased) occurs in ``text`` (``low``: lower-cased) right beside a word modifier."""
        low = text.lower() if low is None else low
        if len(low) != len(text):
            return True  # offsets would drift: let the line be looked at
        i = low.find(word)
        while i >= 0:
            if self.modified(text, i, i + len(word), words_only=True):
                return True
            i = low.find(word, i + len(word))
        return False

    def widen(self, line: str, x0: int, x1: int, a: int, b: int) -> tuple[int, int]:
        """Extend the span [x0, x1) over companion words right after or before it, within [a, b)."""
        while True:
            m = re.match(r"[ \u00a0]+(\S+(?: \S+)?)", line[x1:b])
            if not m:
                break
            for cand in (m.group(1), m.group(1).split(" ")[0]):
                if self.companion(cand.rstrip(".,;:!?")):
                    x1 = x1 + m.start(1) + len(cand.rstrip(".,;:!?"))
                    break
            else:
                break
        while True:
            m = re.search(r"(\S+)[ \u00a0]+$", line[a:x0])
            if not m or not self.companion(m.group(1)):
                break
            x0 = a + m.start(1)
        return x0, x1


@lru_cache(maxsize=16)
def cues_for(exclude: frozenset[str] = frozenset()) -> Cues:
    return Cues(exclude)
