"""The quotes stage on small hand-made texts (uses the packaged spaCy model)."""

from __future__ import annotations

import pytest

from storylens.config import Settings
from storylens.enrich.quotes import QuoteStage, extract_quotes
from storylens.types import Article, Quote


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from storylens.enrich.nlp import load_english

    return load_english()


@pytest.fixture(scope="module")
def stage() -> QuoteStage:
    return QuoteStage(Settings({"clean": False}))


def _quotes(nlp, text: str) -> list:  # type: ignore[no-untyped-def]
    from storylens.enrich.quotes.actors import actor_lookup

    return extract_quotes(nlp(text), actor_lookup())


def _find(quotes: list, needle: str):  # type: ignore[no-untyped-def]
    hits = [q for q in quotes if needle in q_text(q)]
    assert hits, f"no quote containing {needle!r}"
    return hits[0]


def q_text(q) -> str:  # type: ignore[no-untyped-def]
    return q.extras.get("text", "") if hasattr(q, "extras") and "text" in q.extras else ""


def _with_text(quotes: list, text: str) -> list:
    for q in quotes:
        q.extras["text"] = text[q.start:q.end]
    return quotes


def test_quotes_direct_after_cue_with_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Gu Su, a political scientist at Nanjing University, spoke on Monday.\n\n"
            '"The policy is failing and everyone can see it," he said.')
    qs = _with_text(_quotes(nlp, text), text)
    q = _find(qs, "The policy is failing")
    assert q.kind == "direct" and not q.partial
    assert q.speaker == "Gu Su"
    assert q.cue == "said"
    assert q.speaker_descriptor == "a political scientist at Nanjing University"
    assert q.speaker_type == "expert"
    assert q.speaker_actor == "China"


def test_quotes_premodifier_descriptor_and_reported_speech(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Beijing-based independent analyst Wu Qiang said China was unlikely to change its approach."
    qs = _with_text(_quotes(nlp, text), text)
    q = _find(qs, "China was unlikely to change its approach")
    assert q.kind == "indirect"
    assert q.speaker == "Wu Qiang"
    assert q.speaker_descriptor == "Beijing-based independent analyst"
    assert q.speaker_actor == "China"


def test_quotes_scare_quotes_and_names_are_not_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('The ministry defended its "Wolf Warrior" diplomacy. Its so-called "experts" were '
            '"everywhere" that week.\nThe "Belt and Road" push went on.')
    qs = _with_text(_quotes(nlp, text), text)
    assert not [q for q in qs if q.kind == "direct"]


def test_quotes_partial_quote_takes_governing_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('U.S. President Joe Biden said Washington wanted to "lead the world with our values" '
            "in sending vaccines abroad.")
    qs = _with_text(_quotes(nlp, text), text)
    q = _find(qs, "lead the world with our values")
    partial = [x for x in qs if x.kind == "direct" and x.partial]
    assert partial and partial[0].speaker == "Joe Biden"
    assert q.speaker == "Joe Biden"
    assert partial[0].speaker_type == "official"


def test_quotes_anonymous_sources(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The talks will resume next week, according to a source familiar with the matter.\n\n"
            '"Nobody wants to be seen giving in first," said an official who declined to be named.\n\n'
            "Officials said the deal was close.")
    qs = _with_text(_quotes(nlp, text), text)
    a = _find(qs, "The talks will resume next week")
    assert a.anonymous and a.speaker_type == "anonymous" and a.speaker is None
    assert "source familiar with the matter" in (a.speaker_descriptor or "")
    b = _find(qs, "Nobody wants to be seen")
    assert b.anonymous and "declined to be named" in (b.speaker_descriptor or "")
    c = _find(qs, "the deal was close")
    assert c.anonymous


def test_quotes_floating_quote_continues_speaker_and_report_resolves(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The network has grown, the International Federation of Journalists said in a report.\n\n"
            '"The tactics are incremental but steady," the report said.\n\n'
            '"Yet the landscape is being redrawn, story by story."')
    qs = _with_text(_quotes(nlp, text), text)
    a = _find(qs, "The tactics are incremental")
    b = _find(qs, "Yet the landscape")
    assert a.speaker == b.speaker == "International Federation of Journalists"
    assert a.speaker_type == "organisation"


def test_quotes_unnamed_speaker_actor_from_its_own_phrase_only(nlp) -> None:  # type: ignore[no-untyped-def]
    """An unnamed speaker takes the actor its own phrase names, not a place in its relative clause."""
    text = ("The bill, which lawmakers in Washington passed on Friday, said that taxes would rise sharply.\n\n"
            "The Cuban regime has said that it will engage with the Red Cross on the matter.")
    qs = _with_text(_quotes(nlp, text), text)
    bill = _find(qs, "taxes would rise sharply")
    assert bill.speaker is None and not bill.anonymous and bill.speaker_actor is None
    assert _find(qs, "it will engage with the Red Cross").speaker_actor == "Cuba"


def test_quotes_stage_without_parse_is_a_no_op(stage: QuoteStage) -> None:
    # a language with neither an English parse nor rules in quotes.i18n (fr, de, ru... have them:
    # tests/test_i18n_quotes.py)
    art = Article(id="x", source="s", source_kind="txt", offset=None, url=None, outlet=None,
                  outlet_name=None, title=None, author=None, published=None, language="nl",
                  text="Hij zei: „We geven niet op, nooit.”", raw_text="Hij zei: „We geven niet op, nooit.”")
    assert stage(art) is art


def test_quotes_stage_records_offsets_into_text(nlp, stage: QuoteStage) -> None:  # type: ignore[no-untyped-def]
    text = '"We will not back down," Foreign Minister Wang Yi told reporters in Beijing on Friday.'
    art = Article(id="x", source="s", source_kind="txt", offset=None, url=None, outlet=None,
                  outlet_name=None, title=None, author=None, published="2022-03-01", language="en",
                  text=text, raw_text=text, doc=nlp(text))
    out = stage(art)
    assert out.quotes and all(isinstance(q, Quote) for q in out.quotes)
    q = out.quotes[0]
    assert text[q.start:q.end] == q.text == "We will not back down,"
    assert q.speaker == "Wang Yi" and q.speaker_type == "official" and q.cue == "told"


def test_quotes_stored_and_read_back(tmp_path, nlp, stage: QuoteStage) -> None:  # type: ignore[no-untyped-def]
    from storylens.store import Store
    from storylens.store.queries.quotes import count_quotes, list_quotes

    text = ('"Prices will keep rising," said Maria Lopez, an economist at the central bank.\n\n'
            "Officials said the plan would work.")
    art = Article(id="a1", source="s", source_kind="txt", offset=None, url=None, outlet="example.com",
                  outlet_name=None, title=None, author=None, published="2024-01-02", language="en",
                  text=text, raw_text=text, doc=nlp(text))
    art = stage(art).replace(doc=None)
    with Store(tmp_path / "q.duckdb") as store:
        store.write_batch([art])
        rows = list_quotes(store)
        assert {r["speaker"] for r in rows} >= {"Maria Lopez", "(anonymous)"}
        by_outlet = count_quotes(store, "outlet")
        assert by_outlet[0]["outlet"] == "example.com"
        assert by_outlet[0]["anonymous_share"] == pytest.approx(0.5)
        by_speaker = count_quotes(store, "speaker", anonymous=False)
        assert by_speaker[0]["speaker"] == "Maria Lopez" and by_speaker[0]["speaker_type"] == "expert"


def test_quotes_never_raise_on_hostile_text(nlp) -> None:  # type: ignore[no-untyped-def]
    import random

    rng = random.Random(0)
    words = ['He', 'said', '"', '“', '”', '„', '«', '»', ':', ',', '.', '\n', '\n\n', 'according', 'to', 'the', 'report', 'officials', 'who', 'declined', 'to', 'be', 'named', 'Xi', 'Jinping', 'told', 'reporters', 'that', 'China', 'will', 'act', 'warned', 'added', '"']
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 60))) for _ in range(60)]
    texts += ["", '"', "”" * 50, '"a" ' * 300]
    for text in texts:
        for q in extract_quotes(nlp(text)):
            assert 0 <= q.start <= q.end <= len(text)


def test_quotes_title_types_the_speaker_whatever_the_parser_label(nlp) -> None:  # type: ignore[no-untyped-def]
    # spaCy's small model often tags "Sen. Bernie Sanders" as ORG: the title decides the type
    text = ('"We cannot afford another tax cut for the rich," Sen. Bernie Sanders said on Tuesday.\n\n'
            'Sen. Bernie Sanders told reporters that the plan would hurt working families.')
    qs = _with_text(_quotes(nlp, text), text)
    sanders = [q for q in qs if q.speaker and "Sanders" in q.speaker]
    assert sanders, qs
    assert {q.speaker_type for q in sanders} == {"official"}, [(q.speaker, q.speaker_type) for q in sanders]
