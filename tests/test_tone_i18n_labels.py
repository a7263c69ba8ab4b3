"""The hand-labelled fr/de/ru target-tone set (tests/fixtures/tone_i18n): shape, offsets, procedure.

The labels are offsets into the shared SemEval-2023 articles, which are not redistributed: the
offset and procedure checks skip when ../shared (or $STORYLENS_SHARED) is absent.
"""

from __future__ import annotations

import importlib.util
from collections import Counter

from conftest import FIXTURES, ROOT, shared_path

HERE = FIXTURES / "tone_i18n"
LABELS = ("negative", "neutral", "positive")
FOLDER = {"fr": "fr", "de": "ge", "ru": "ru"}


def _rows(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def test_tone_i18n_labels_shape() -> None:
    rows = _rows("labels.tsv")
    assert all(len(r) == 8 for r in rows)
    per_lang = Counter(r[0] for r in rows)
    assert set(per_lang) == {"fr", "de", "ru"} and min(per_lang.values()) >= 100
    assert all(r[7] in LABELS for r in rows)
    assert all(r[1].startswith(FOLDER[r[0]] + "/") for r in rows)
    keys = [tuple(r[1:4]) for r in rows]
    assert len(keys) == len(set(keys)), "one target per sentence"
    for r in rows:
        s, e, ts, te = map(int, r[2:6])
        assert s <= ts < te <= e and te - ts == len(r[6])
    skipped = _rows("skipped.tsv")
    assert all(len(r) == 8 and r[7] in ("target-not-an-actor", "split-wrongly", "url-or-byline")
               for r in skipped)
    assert not {tuple(r[1:4]) for r in skipped} & set(keys)


def test_tone_i18n_offsets_match_the_shared_articles() -> None:
    corpus = shared_path("data", "corpus-multilingual-semeval2023")
    texts: dict[str, str] = {}
    for r in _rows("labels.tsv") + _rows("skipped.tsv"):
        text = texts.setdefault(r[1], (corpus / r[1]).read_text(encoding="utf-8"))
        s, e, ts, te = map(int, r[2:6])
        assert text[ts:te] == r[6], r
        sent = text[s:e]
        assert sent and not sent[0].isspace() and not sent[-1].isspace(), r


def test_tone_i18n_items_are_the_candidate_prefix() -> None:
    """Labelled + skipped items are exactly the first candidates of the script, in its order."""
    corpus = shared_path("data", "corpus-multilingual-semeval2023")
    spec = importlib.util.spec_from_file_location("tone_i18n_candidates",
                                                  ROOT / "scripts" / "tone_i18n_candidates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.CORPUS = corpus
    labelled, skipped = _rows("labels.tsv"), _rows("skipped.tsv")
    for lang in ("fr", "de", "ru"):
        done = [tuple(r[1:7]) for r in labelled if r[0] == lang]
        left = [tuple(r[1:7]) for r in skipped if r[0] == lang]
        n = len(done) + len(left)
        got = [tuple(map(str, c[:6])) for c in mod.candidates(lang, n)]
        assert sorted(got) == sorted(done + left), lang
        # labels.tsv keeps the candidate order within a language
        assert [c for c in got if c in set(done)] == done, lang
