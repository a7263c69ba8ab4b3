"""A file's own language for the records language ID cannot tell alone (``sources.file_language``):
short titles in a headline export take the language the rest of the file is in; a mixed file,
a small one, a fixed language and a feed's declared one are left as they were."""

from __future__ import annotations

import json
from pathlib import Path

from storylens.config import Settings
from storylens.pipeline import Pipeline
from storylens.sources import iter_documents
from storylens.sources.file_language import MIN_DETECTED, PEEK
from storylens.types import Article, RawDocument, Reject

# Written for this test. Alone the identifier reads the first four as Portuguese, Polish, German
# and nothing ("Obama debates Obama" pt 0.31, "Jobs Report" pl 0.13, "Merkel Visits Paris" de
# 0.22, "Elon Musk" too short).
UNSURE = ["Obama debates Obama", "Jobs Report", "Merkel Visits Paris", "Elon Musk"]
ENGLISH = [
    "Biden warns Xi of consequences if China helps Russia",
    "Ukraine war: Russia pounds Mariupol as civilians flee",
    "Senators reach a deal on the border bill after weeks of talks",
    "The central bank raises interest rates for the third time this year",
    "Floods force thousands from their homes across the region",
    "Why the election result surprised almost everyone in Washington",
    "Officials say the new vaccine rules will take effect next month",
    "A record number of migrants crossed the channel this summer",
    "The president signs an order on artificial intelligence safety",
    "Oil prices climb as producers agree to cut their output again",
    "Teachers strike over pay in the largest walkout in a decade",
    "What the new climate agreement means for the world's poorest countries",
]
FRENCH = [
    "La crise énergétique en Europe s'aggrave cet hiver",
    "Le gouvernement prépare un budget rectificatif pour l'automne",
    "Les prix du gaz flambent encore sur les marchés européens",
    "Le président reçoit les syndicats à l'Élysée mardi matin",
    "La réforme des retraites adoptée par le Parlement après des mois de débat",
    "Les agriculteurs manifestent contre la hausse du prix du carburant",
    "Une tempête traverse le nord du pays et coupe l'électricité",
    "Le ministre annonce de nouvelles aides pour les familles modestes",
    "La justice ouvre une enquête sur les comptes de la campagne",
    "Les écoles fermeront plus tôt en raison de la canicule",
    "Le chômage recule pour le troisième trimestre consécutif",
    "La ville de Lyon accueille un sommet sur le climat",
]


def _write(path: Path, texts: list[str], extra: str = "") -> Path:
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts) + extra, encoding="utf-8")
    return path


def _languages(path: Path, **settings: object) -> dict[str, tuple[str | None, str | None]]:
    s = Settings({"clean": False, "enrich": False, "headlines": "on", **settings})
    pipe = Pipeline(s, stages=[])
    out = {}
    for raw in iter_documents([str(path)], s):
        if isinstance(raw, RawDocument):
            art = pipe.process(raw)
            assert isinstance(art, Article)
            out[art.text] = (art.language, art.language_how)
    return out


def test_short_titles_in_an_english_export_are_english(tmp_path: Path) -> None:
    got = _languages(_write(tmp_path / "titles.jsonl", ENGLISH + UNSURE))
    for title in UNSURE:
        assert got[title] == ("en", "file"), title
    # a title the identifier is sure of keeps its own answer and says so
    assert got[ENGLISH[0]] == ("en", "detected")


def test_a_confident_foreign_title_keeps_its_language(tmp_path: Path) -> None:
    """The file's language is a hint only: a French title the model is sure of in an English
    file stays French (letting the file override confident short answers lost more than it
    gained on the eval set: module docstring)."""
    got = _languages(_write(tmp_path / "titles.jsonl", [*ENGLISH, FRENCH[0], *UNSURE]))
    assert got[FRENCH[0]][0] == "fr"
    assert got[UNSURE[0]] == ("en", "file")


def test_a_mixed_file_has_no_language_of_its_own(tmp_path: Path) -> None:
    got = _languages(_write(tmp_path / "mixed.jsonl", ENGLISH + FRENCH + UNSURE))
    assert got[UNSURE[0]] == ("pt", "uncertain")
    assert got[UNSURE[3]] == (None, "none")
    assert {how for _, how in got.values()} <= {"detected", "uncertain", "none"}


def test_a_small_file_has_no_language_of_its_own(tmp_path: Path) -> None:
    got = _languages(_write(tmp_path / "few.jsonl", ENGLISH[: MIN_DETECTED - 2] + UNSURE))
    assert got[UNSURE[0]] == ("pt", "uncertain")


def test_a_fixed_language_and_a_declared_one_win(tmp_path: Path) -> None:
    path = _write(tmp_path / "titles.jsonl", ENGLISH + UNSURE)
    got = _languages(path, fixed="language=de")
    assert set(got.values()) == {("de", "fixed")}
    feed = tmp_path / "feed.rss"
    items = "".join(f"<item><title>{t}</title><description>{t}</description></item>" for t in ENGLISH + UNSURE)
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                    f"<language>de</language>{items}</channel></rss>", encoding="utf-8")
    got = _languages(feed)
    assert {how for _, how in got.values()} <= {"detected", "hint", "uncertain"}
    assert "file" not in {how for _, how in got.values()}


def test_read_ahead_keeps_order_and_bad_records(tmp_path: Path) -> None:
    """The first PEEK records are read before the first is handed on: their order, the bad
    line among them and everything after the read-ahead come out as the reader gave them."""
    texts = [f"{ENGLISH[i % len(ENGLISH)]} ({i})" for i in range(PEEK + 30)]
    path = _write(tmp_path / "long.jsonl", texts[:5], "{not json\n")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("".join(json.dumps({"text": t}) + "\n" for t in texts[5:] + UNSURE))
    s = Settings({"clean": False, "enrich": False, "headlines": "on"})
    items = list(iter_documents([str(path)], s))
    assert isinstance(items[5], Reject) and items[5].offset == 6
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [d.text for d in docs] == texts + UNSURE
    assert [d.provenance.offset for d in docs[:7]] == [1, 2, 3, 4, 5, 7, 8]
    assert all(d.meta.get("file_language") == "en" for d in docs)


def test_a_table_of_pages_is_not_read_ahead(tmp_path: Path) -> None:
    """A JSONL of HTML pages: each page has its own lang; the read-ahead stops at the first one
    (200 pages held in memory would weigh), so the file gets no language of its own."""
    path = tmp_path / "pages.jsonl"
    rows = [{"html": f"<html lang='en'><body><p>{t}</p></body></html>"} for t in ENGLISH] + [{"text": t} for t in UNSURE]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    s = Settings({"clean": False, "enrich": False, "headlines": "on"})
    docs = [d for d in iter_documents([str(path)], s) if isinstance(d, RawDocument)]
    assert len(docs) == len(rows) and not any("file_language" in d.meta for d in docs)
