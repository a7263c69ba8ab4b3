"""Language ID on short texts (headlines, first sentences): a labelled set assembled from the
shared corpora, and accuracy of the identifier on it.

The labels come from what the corpora are, not from a model: AllSides articles are English;
the SemEval-2023 task 3 folders are French (fr), German (ge), Italian (it), Polish (po) and
Russian (ru); Chinese is the pages of the WARC samples whose extracted text is mostly Han
characters. Each article gives its title and its first sentence (cut at 200 characters).
The set is split in two halves by a hash of the text: ``train`` to choose thresholds,
``dev`` only to check. Nothing here is bundled: the texts stay in ../shared.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_SEMEVAL = {"fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}
_SENT = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    lang: str
    kind: str  # title | sentence
    origin: str

    @property
    def split(self) -> str:
        return "train" if hashlib.sha1(self.text.encode("utf-8")).digest()[0] % 2 == 0 else "dev"


def _first_sentence(text: str) -> str:
    for para in text.split("\n"):
        para = para.strip()
        if len(para) >= 20:
            return _SENT.split(para, maxsplit=1)[0][:200]
    return ""


def _allsides(folder: Path, n_titles: int, n_sents: int) -> Iterator[Item]:
    with gzip.open(folder / "articles_international_topics.jsonl.gz", "rt", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh]
    recs.sort(key=lambda r: r["ID"])
    for r in recs[:: max(1, len(recs) // n_titles)][:n_titles]:
        if r.get("title"):
            yield Item(r["title"].strip(), "en", "title", f"allsides:{r['ID']}")
    for r in recs[7:: max(1, len(recs) // n_sents)][:n_sents]:
        s = _first_sentence(r.get("content_original") or "")
        if s:
            yield Item(s, "en", "sentence", f"allsides:{r['ID']}")


def _semeval(folder: Path) -> Iterator[Item]:
    for sub, lang in _SEMEVAL.items():
        for f in sorted((folder / sub).glob("*.txt")):
            title, _, body = f.read_text(encoding="utf-8", errors="replace").strip().partition("\n")
            if title.strip():
                yield Item(title.strip()[:200], lang, "title", f"semeval:{sub}/{f.name}")
            s = _first_sentence(body)
            if s:
                yield Item(s, lang, "sentence", f"semeval:{sub}/{f.name}")


def _han_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum("\u4e00" <= c <= "\u9fff" for c in letters) / max(1, len(letters))


def _warc_zh(folder: Path) -> Iterator[Item]:
    from storylens.config import Settings
    from storylens.pipeline import Pipeline
    from storylens.sources import iter_documents
    from storylens.types import Article, RawDocument

    settings = Settings({"clean": False, "enrich": False, "min_text_chars": 20})
    pipe = Pipeline(settings, stages=[])
    for raw in iter_documents([str(folder)], settings):
        if not isinstance(raw, RawDocument):
            continue
        art = pipe.process(raw)
        if not isinstance(art, Article) or _han_share(art.text) < 0.6:
            continue
        if art.title and _han_share(art.title) >= 0.6:
            yield Item(art.title.strip()[:200], "zh", "title", f"warc:{art.url}")
        for line in art.text.split("\n")[:6]:
            line = line.strip()
            if len(line) >= 8 and _han_share(line) >= 0.6:
                yield Item(line[:200], "zh", "sentence", f"warc:{art.url}")


def build_set(data: str | Path, n_titles: int = 300, n_sents: int = 100) -> list[Item]:
    """The labelled short texts, deduplicated, in a stable order."""
    data = Path(data)
    items: list[Item] = []
    items += _allsides(data / "corpus-allsides", n_titles, n_sents)
    items += _semeval(data / "corpus-multilingual-semeval2023")
    items += _warc_zh(data / "warc-samples")
    seen: set[str] = set()
    out = []
    for it in items:
        if it.text not in seen:
            seen.add(it.text)
            out.append(it)
    return out


Detector = Callable[[str], str | None]


def score(items: list[Item], detect: Detector) -> dict[str, object]:
    """Accuracy (no answer counts as wrong), answered share, and the most common confusions."""
    right = answered = 0
    confusions: Counter[str] = Counter()
    per_lang: Counter[str] = Counter()
    per_lang_right: Counter[str] = Counter()
    for it in items:
        got = detect(it.text)
        per_lang[it.lang] += 1
        answered += got is not None
        if got == it.lang:
            right += 1
            per_lang_right[it.lang] += 1
        else:
            confusions[f"{it.lang}->{got}"] += 1
    return {
        "n": len(items),
        "accuracy": round(right / max(1, len(items)), 4),
        "answered": round(answered / max(1, len(items)), 4),
        "per_language": {k: round(per_lang_right[k] / n, 3) for k, n in sorted(per_lang.items())},
        "top_errors": confusions.most_common(6),
    }


def prior_accuracy(items: list[Item], languages: str | None) -> dict[str, float]:
    """Accuracy when each text comes in a file whose language (``sources.file_language``) is
    its own, and when it comes in a file of another language (English for the others,
    German for English: the commonest confusion), the case the file rule's share bound limits."""
    from storylens.extract.language import identify

    n = max(1, len(items))
    own = sum(identify(i.text, None, languages, prior=i.lang).language == i.lang for i in items)
    other = sum(identify(i.text, None, languages, prior="de" if i.lang == "en" else "en").language == i.lang
                for i in items)
    return {"accuracy_file_language": round(own / n, 4), "accuracy_other_file_language": round(other / n, 4)}
