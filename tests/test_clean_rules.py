"""Each rule of the clean stage on small hand-made inputs, and the stage in the pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from clean_helpers import shared
from storylens.clean import Cleaner, clean_text
from storylens.clean.captions import caption_rule
from storylens.clean.lexicon import Lexicon, load_lexicon, parse_lexicon
from storylens.clean.residue import residue_rule
from storylens.clean.scripts import IslandFinder, dominant_script
from storylens.config import Settings
from storylens.errors import SettingsError
from storylens.pipeline import Pipeline
from storylens.types import Article, Provenance, RawDocument

BODY = (
    "The finance minister said on Tuesday that the budget would be balanced by next year.\n"
    "Opposition lawmakers questioned the forecast and asked for an independent review of the figures.\n"
    "The central bank kept its key rate unchanged at its meeting, citing stable inflation."
)


def cut_texts(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for r in result.removals]


@pytest.mark.parametrize("keyword", ["토토사이트", "カジノ", "คาสิโนออนไลน์", "онлайн казино", "slot gacor",
                                     "casino en ligne", "بازی انفجار", "百家乐"])
def test_swapped_keyword_removed_text_readable(keyword: str) -> None:
    text = BODY.replace("by next year", f"by {keyword} next year")
    r = clean_text(text, language="en")
    assert keyword not in r.text
    assert "balanced by next year." in r.text
    assert r.spam_injected


def test_readable_around_keyword_at_sentence_edges() -> None:
    r = clean_text("Officials met 토토사이트, then left.\n" + BODY, language="en")
    assert r.text.startswith("Officials met, then left.")


def test_appended_promotional_sentence_removed_whole() -> None:
    promo = "Play online casino at win88.bet and get a 200% welcome bonus today!"
    text = BODY.replace("next year.", "next year. " + promo)
    r = clean_text(text, language="en")
    assert "win88" not in r.text and "welcome bonus" not in r.text
    assert "balanced by next year.\n" in r.text
    assert any(x.rule == "promo_sentence" for x in r.removals)


def test_news_about_gambling_is_not_spam() -> None:
    text = ("The casino operator reported higher revenue as gamblers returned to Macau.\n"
            "Analysts said lottery sales and sports betting also recovered after the pandemic.\n"
            "The state gambling regulator said it would review the licences next year.")
    r = clean_text(text, language="en")
    assert r.text == text and not r.removals


def test_glossed_foreign_script_is_kept() -> None:
    text = "President Xi Jinping (习近平) spoke on Monday about the economy and the party congress."
    assert clean_text(text, language="en").text == text


def test_names_with_foreign_letters_are_kept() -> None:
    text = "Recep Tayyip Erdoğan met officials in Łódź and Hà Nội to discuss trade and energy."
    assert clean_text(text, language="en").text == text


@pytest.mark.parametrize("line,rule", [
    ("Chinese and Syrian businessmen shake hands during a meeting, Beijing, May 8, 2017. Reuters", "agency_credit"),
    ("A visitor carries a flag in Xibaipo, Hebei province, China, May 12. Reuters-Yonhap", "agency_credit"),
    ("Photo: Jane Doe", "caption_prefix"),
    ("Win McNamee/Getty Images", "credit_line"),
    ("toggle caption", "caption_marker"),
    ("Enlarge this image", "caption_marker"),
    # a CNN gallery flattened into one line (AllSides bodies, JSONL exports): any length
    ("Photos: Photos: Obama in Europe President Obama in Europe – Obama speaks at a news conference at the NATO "
     "summit on September 5. Hide Caption 2 of 21 Photos: Photos: Obama in Europe President Obama in Europe – "
     + "Obama listens to opening comments during a roundtable meeting. " * 10 + "Hide Caption 3 of 21", "gallery"),
    ("Hide Caption 6 of 6", "gallery"),
    # NPR's credit joined to its caption markers (AllSides bodies)
    ("Enlarge this image toggle caption Saul Loeb/AFP/Getty Images Saul Loeb/AFP/Getty Images", "npr_credit"),
    ("toggle caption Max Posner/NPR", "npr_credit"),
])
def test_caption_patterns(line: str, rule: str) -> None:
    assert caption_rule(line) == rule


@pytest.mark.parametrize("line", [
    "Die FDP lehnt die Pläne ab, Scholz hat sich dazu bisher skeptisch geäußert. (dpa)",
    "The company said it would appeal, according to a statement seen by Reuters.",
    "He told Reuters",
    "The caption was hidden in 2 of 21 photos, the agency said, after a complaint.",
    "Users could toggle caption settings on the new app, the company said.",
])
def test_not_captions(line: str) -> None:
    assert caption_rule(line) is None


@pytest.mark.parametrize("line", ["User's avatar", "Share this article", "ADVERTISEMENT", "Read more:  The next crisis",
                                  "Anzeige", "We use cookies to improve your experience. By continuing you accept our policy.",
                                  "Lesen Sie auch: Die Bahn streikt", "***",
                                  # BBC player and picture lines
                                  "Media playback is unsupported on your device", "Media playback is…",
                                  "Media caption Schwarzenegger backs Macron in Trump fight",
                                  "Image source, Getty Images", "Image copyright Reuters",
                                  # CNN video promos as text
                                  "JUST WATCHED NATO challenges with Russia Replay More Videos ... MUST WATCH NATO "
                                  "challenges with Russia 02:22",
                                  # Politico, USA Today, Reuters, AP page furniture (AllSides, 2026-12-07)
                                  "Story Continued Below", "Story Highlights", "Slideshow (2 Images)",
                                  "Full Coverage: Virus Outbreak"])
def test_ui_residue(line: str) -> None:
    assert residue_rule(line) is not None


@pytest.mark.parametrize("line", ["Share prices fell 3% on Monday after the announcement.",
                                  "Read more about the decision in the court's ruling, which runs to 80 pages.",
                                  "She said cookies were her weakness.",
                                  "Just watched the debate? Replay the key moments in our video below.",
                                  "The story continued below the fold on page three, the editor said.",
                                  "Full coverage of the summit will be on our website, the broadcaster said."])
def test_not_residue(line: str) -> None:
    assert residue_rule(line) is None


def test_title_fragments_and_duplicates() -> None:
    title = "Budget to be balanced, minister says"
    dup = "Opposition lawmakers questioned the forecast and asked for an independent review of the figures."
    text = f"Budget to be\n{title}\n{BODY}\n{dup}\nBudget to be"
    r = Cleaner().clean(text, title=title)
    assert r.text == f"{title}\n{BODY}"
    reasons = sorted({x.reason for x in r.removals})
    assert reasons == ["duplicate", "title_fragment"]


def test_title_fragment_without_title() -> None:
    text = "Xi wants isolated\nXi wants isolated China to 'make friends'\n" + BODY
    r = Cleaner().clean(text)
    assert cut_texts(r) == ["Xi wants isolated"]


def test_script_islands() -> None:
    f = IslandFinder(dominant_script(BODY))
    line = "Remarks at 토토사이트 study session were short."
    assert [line[i.start:i.end] for i in f.find(line)] == ["토토사이트"]
    assert f.find("전부 한국어로 된 줄") == []  # a line without native letters is not an island


def _page(body_html: str, outlet: str = "example.com") -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in BODY.split("\n"))
    return (f"<html><head><title>Budget</title></head><body><article><h1>Budget</h1>{paras}{body_html}"
            f"<p>Economists broadly welcomed the plan, saying it was credible and well designed overall.</p>"
            f"</article></body></html>").encode()


def test_spam_link_in_paragraph_and_hidden_element() -> None:
    html = _page(
        '<p>The ministry published the full plan on its website, <a href="https://lucky88.bet/">judi bola terpercaya</a> '
        'along with a summary for citizens and a table of the measures.</p>'
        '<div style="display:none"><a href="https://slot303.xyz/">agen slot resmi</a></div>'
    )
    pipe = Pipeline(Settings({"enrich": False}))
    art = pipe.process(RawDocument(Provenance("t.html", "html"), url="https://example.com/a", html=html))
    assert isinstance(art, Article)
    assert "judi bola" not in art.text and "agen slot" not in art.text
    assert "website, along with a summary" in art.text
    assert art.spam_injected
    for r in art.removals:
        assert art.raw_text[r.start:r.end] == r.text


def test_outbound_news_link_is_kept() -> None:
    html = _page('<p>The plan follows a report by <a href="https://www.imf.org/en/Publications">the IMF</a> '
                 'that warned of rising debt across the region and urged fiscal restraint.</p>')
    art = Pipeline(Settings({"enrich": False})).process(
        RawDocument(Provenance("t.html", "html"), url="https://example.com/a", html=html))
    assert isinstance(art, Article)
    assert "by the IMF that warned" in art.text
    assert not art.spam_injected


def test_keep_noise_turns_cleaning_off() -> None:
    raw = RawDocument(Provenance("t.txt", "txt"), text="User's avatar\n" + BODY.replace("by next", "by 토토사이트 next"))
    on = Pipeline(Settings({"enrich": False})).process(raw)
    off = Pipeline(Settings({"enrich": False, "clean": False})).process(raw)
    assert isinstance(on, Article) and isinstance(off, Article)
    assert off.text == off.raw_text and not off.removals
    assert "토토사이트" not in on.text and len(on.removals) == 2


def test_page_spam_on_seo_farm_pages() -> None:
    from storylens.sources.warc import read_warc

    pipe = Pipeline(Settings({"enrich": False}))
    flagged = {}
    for doc in read_warc(shared("data", "warc-samples", "warcfile.warc.gz"), 20_000_000):
        if isinstance(doc, RawDocument):
            art = pipe.process(doc)
            if isinstance(art, Article):
                flagged[art.url] = art.page_spam
    assert flagged["http://041696.com/15477/list_6_4.html"]  # lottery forum
    assert flagged["http://05925.net/index.php/vod/type/id/53.html"]  # adult video
    assert not flagged["http://01spb.ru/company/"]  # a fire-safety company
    assert sum(flagged.values()) >= 4


def test_page_spam_not_on_news() -> None:
    c = Cleaner()
    assert not c.is_page_spam(BODY, "Budget to be balanced")


def test_user_lexicon_extends(tmp_path: Path) -> None:
    extra = tmp_path / "mine.txt"
    extra.write_text("en seo strong quantum crystal healing\n", encoding="utf-8")
    text = BODY.replace("by next", "by quantum crystal healing next")
    assert "quantum" in clean_text(text, language="en").text
    from storylens.clean.stage import CleanStage

    art = Article(id="x", source="s", source_kind="txt", offset=None, url=None, outlet=None,
                  outlet_name=None, title=None, author=None, published=None, language="en",
                  text=text, raw_text=text)
    out = CleanStage(Settings({"spam_lexicon": str(extra)}))(art)
    assert "quantum" not in out.text


def test_bad_lexicon_lines_are_named() -> None:
    with pytest.raises(SettingsError, match="STRENGTH"):
        parse_lexicon("en casino sometimes casino\n", "mine.txt")
    with pytest.raises(SettingsError, match="not found"):
        load_lexicon(("/nonexistent/spam.txt",))


def test_lexicon_stems_need_word_start() -> None:
    lex = Lexicon(parse_lexicon("xx pharma stem cialis\nko casino stem 카지노\n"))
    assert [h.term.text for h in lex.find("buy cialis20 now")] == ["cialis"]
    assert lex.find("the socialist party") == []
    assert [h.term.text for h in lex.find("온라인카지노사이트")] == ["카지노"]


def test_store_and_extract_show_removals(tmp_path: Path) -> None:
    from storylens.cli import main
    from storylens.store import Store

    f = tmp_path / "a.txt"
    f.write_text("Budget\nUser's avatar\n" + BODY.replace("by next", "by 토토사이트 next"), encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(f)])
    assert res.exit_code == 0, res.output
    row = json.loads(res.output.strip().splitlines()[0])
    assert {r["text"] for r in row["removed"]} == {"User's avatar", "토토사이트"}
    assert row["spam_injected"] is True
    res = CliRunner().invoke(main, ["extract", "--keep-noise", str(f)])
    assert json.loads(res.output.strip().splitlines()[0])["removed"] == []
    db = tmp_path / "s.duckdb"
    res = CliRunner().invoke(main, ["ingest", str(f), "--db", str(db), "--no-enrich"])
    assert res.exit_code == 0, res.output
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT reason, text FROM removals ORDER BY start")
        assert [r["reason"] for r in rows] == ["ui_residue", "spam"]
        assert store.scalar("SELECT spam_injected FROM articles") is True


@pytest.mark.parametrize(("raw", "clean"), [
    # The Hill's hover cards (534 in 138 of the 4,750 AllSides articles, all The Hill; none elsewhere)
    ("The former campaign aides, Paul Manafort Paul John ManafortManafort sought to hurt Clinton 2016 "
     "campaign efforts in key states: NYT Ex-Trump campaign official testifies Stone gave updates on WikiLeaks "
     "email dumps Paul Manafort's former son-in-law sentenced to 9 years in prison, others MORE and Rick Gates "
     "pleaded guilty.",
     "The former campaign aides, Paul Manafort and Rick Gates pleaded guilty."),
    ("Lawmakers sent the package to President Trump Donald John TrumpTrump faces high stakes in meeting with "
     "Erdogan Trump, Erdogan hold meeting MORE’s desk on Friday.",
     "Lawmakers sent the package to President Trump’s desk on Friday."),
    ("Sen. John McCain John Sidney McCainSteve Schmidt: Trump will dump Pence for Haley MORE (R-Ariz.) and "
     "Sen. Mitt Romney Willard (Mitt) Mitt RomneyTrump tweets spark backlash Senate votes on bill MORE "
     "(R-Utah) said the vote was close.",
     "Sen. John McCain (R-Ariz.) and Sen. Mitt Romney (R-Utah) said the vote was close."),
])
def test_hover_card_cut_name_kept(raw: str, clean: str) -> None:
    res = clean_text(raw)
    assert res.text.strip() == clean
    assert {r.rule for r in res.removals} == {"hover_card"}


@pytest.mark.parametrize("text", [
    "YouTube said MORE than 500 hours of video are uploaded every minute, MacArthur noted.",
    "Paul Manafort Paul John Manafort was named in the filing.",  # no glued word, no card
])
def test_hover_card_needs_glue_and_more(text: str) -> None:
    assert clean_text(text).text.strip() == text


def test_inline_related_link_cut() -> None:
    # The Daily Caller's "(RELATED: ...)" inside a paragraph (its headline became a speaker and evidence)
    res = clean_text("The president spoke on Friday. (RELATED: President Trump Delays Oklahoma Rally Out Of "
                     "Respect For Juneteenth Holiday) He said the rally would go ahead.")
    assert res.text == "The president spoke on Friday. He said the rally would go ahead."
    assert [r.rule for r in res.removals] == ["related_link"]


_PICKER = ("Choose your country United States of America Afghanistan Albania Algeria American Samoa Andorra Angola "
           "Anguilla Antigua and Barbuda Argentina Armenia Aruba Australia Austria Azerbaijan Bahamas Bahrain "
           "Bangladesh Barbados Belarus Belgium Belize Benin Bermuda Bhutan Bolivia Congo, Democratic Republic of "
           "Cook Islands Costa Rica Cote d'Ivoire Croatia Cuba Cyprus Czech Republic Denmark Zambia Zimbabwe")


def test_country_picker_cut() -> None:
    # Time Magazine's newsletter form in the AllSides bodies: every country in it became an actor mention
    raw = f"Moon met Kim in Panmunjom. Sign up to receive the top stories. {_PICKER} The talks resumed."
    res = clean_text(raw)
    assert "Afghanistan" not in res.text and "Zimbabwe" not in res.text
    assert "Moon met Kim in Panmunjom." in res.text and "The talks resumed." in res.text
    assert [r.rule for r in res.removals] == ["country_picker"]


@pytest.mark.parametrize("text", [
    # lists in prose separate their items (AllSides: Bloomberg, Fox News)
    "The envoys came from Bahrain, Belarus, Brazil, Chile, Cuba, Egypt, France, Ghana, India, Iran, Iraq, Japan, "
    "Kenya, Laos, Mali, Nepal, Oman, Peru, Qatar and Spain on Monday.",
    "He said we are in Niger and Chad and Mali and Afghanistan and Iraq and Syria and Yemen and Somalia and Libya "
    "and Jordan and Kenya and Sudan and Egypt and Lebanon and Turkey and Qatar.",
])
def test_a_list_of_countries_in_prose_stays(text: str) -> None:
    assert clean_text(text).text.strip() == text
