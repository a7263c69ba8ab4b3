"""The lean parse (array versions of spaCy's attribute ruler and rule lemmatizer) gives the
same token attributes as the pipeline as shipped, on the seed, real articles and odd input."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import shared_path

ODD = (
    "Y'all ain't gonna believe it: there's nothin' left, c'mon! I'd said we'd go, "
    "but they'd gotten there first.\n\n  Gotta go.   He gets what he got; it's his.\n"
    "THE PRESIDENT SAID THAT 'WE WILL WIN', whereas some  doubted it. Let's see. "
    "Whom did you tell? That is what it is. Something, anything, nobody."
)


def _texts(seed: str, n: int = 4) -> list[str]:
    out = [seed, ODD, "", " ", "Hi"]
    path = shared_path("data", "corpus-allsides", "articles_international_topics.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("content_original") or ""
            if len(text) > 500:
                out.append(text)
            if len(out) >= n + 5:
                break
    return out


@pytest.fixture(scope="module")
def pipelines():
    from storylens.enrich.nlp import load_english

    return load_english(lean=False), load_english()


def test_lean_components_are_in_place(pipelines):
    full, lean = pipelines
    assert lean.pipe_names == full.pipe_names  # same names, so disable=("lemmatizer",) reads as before
    kinds = {name: type(c).__name__ for name, c in lean.pipeline}
    assert kinds["attribute_ruler"] == "LeanAttributes" and kinds["lemmatizer"] == "LeanLemmatizer"
    assert lean.get_pipe("attribute_ruler").rest is None  # every shipped exception read by the array matcher


def test_lean_parse_equals_shipped_parse(pipelines, seed_text):
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    full, lean = pipelines
    cols = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    checked = 0
    for text in _texts(seed_text):
        a, b = full(text), lean(text)
        diff = [(t.text, t.pos_, u.pos_, t.lemma_, u.lemma_, str(t.morph), str(u.morph))
                for t, u in zip(a, b, strict=True)
                if (t.pos, t.lemma, t.morph.key, t.tag, t.dep) != (u.pos, u.lemma, u.morph.key, u.tag, u.dep)]
        assert not diff, diff[:5]
        assert (a.to_array(cols) == b.to_array(cols)).all()
        checked += len(a)
    assert checked > 1000


def test_lemmas_read_by_the_stages(pipelines):
    _, lean = pipelines
    doc = lean("Officials said the talks were going on. He has told reporters he is ready.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["said"] == "say" and lemmas["told"] == "tell" and lemmas["is"] == "be"
    assert lemmas["talks"] == "talk" and lemmas["going"] == "go" and lemmas["has"] == "have"


def test_doc_text_is_built_once_and_seeded_by_the_stage(pipelines):
    from storylens.config import Settings
    from storylens.enrich.nlp import NlpStage, doc_text
    from storylens.types import Article

    _, lean = pipelines
    doc = lean("Officials said the talks would go on.  \n\"We are ready,\" he said.")
    assert doc_text(doc) == doc.text and doc.user_data["storylens_text"] is doc_text(doc)
    text = "The minister said on Monday that talks would resume.\n\nShe added: \"Soon.\""
    art = NlpStage(Settings())(Article(
        id="x", source="t", source_kind="txt", offset=1, url=None, outlet=None, outlet_name=None,
        title=None, author=None, published=None, language="en", text=text, raw_text=text))
    assert doc_text(art.doc) == art.doc.text == text
