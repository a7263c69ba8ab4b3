"""Readers on real and hostile input: every bad record becomes one Reject, good ones survive."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import DEMO, shared_path
from storylens.config import Settings
from storylens.pipeline import Pipeline
from storylens.sources import Skipped, iter_documents
from storylens.types import Article, RawDocument, Reject

ARTICLE = (
    "<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
    + "".join(f"<p>{{p{i}}}</p>" for i in range(3))
    + "</article><footer>All rights reserved</footer></body></html>"
)


def page(title: str, paras: list[str]) -> str:
    return ARTICLE.format(title=title, **{f"p{i}": p for i, p in enumerate(paras)})


def run(paths: list[Path], settings: Settings) -> tuple[list[Article], list[Reject], list[Skipped]]:
    pipe = Pipeline(settings)
    arts, rejs, skips = [], [], []
    for item in iter_documents([str(p) for p in paths], settings):
        if isinstance(item, Skipped):
            skips.append(item)
            continue
        out = pipe.process(item) if isinstance(item, RawDocument) else item
        (arts if isinstance(out, Article) else rejs).append(out)
    return arts, rejs, skips


def test_warc_samples_truncated_record_is_one_reject(settings: Settings) -> None:
    folder = shared_path("data", "warc-samples")
    arts, rejs, skips = run([folder], settings)
    truncated = [r for r in rejs if "truncated" in r.reason]
    assert len(truncated) == 1 and truncated[0].source.endswith("clipped.warc.gz")
    assert truncated[0].offset == 0
    assert len(arts) >= 40  # the response records of warcfile + clueweb-quirk
    assert any("request" in s.reason for s in skips)
    assert all(a.source_kind == "warc" and a.offset is not None and a.url for a in arts)


def test_bad_files_each_become_a_reject(tmp_path: Path, settings: Settings) -> None:
    good = page("A good page", ["The central bank raised interest rates on Tuesday by half a point." * 2] * 3)
    (tmp_path / "good.html").write_text(good, encoding="utf-8")
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (tmp_path / "doc.html").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (tmp_path / "trunc.html.gz").write_bytes(gzip.compress(good.encode())[:60])
    (tmp_path / "notafeed.rss").write_text("this is not xml at all {", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_bytes(
        json.dumps({"url": "https://a.example/1", "title": "T", "text": "Fine text of an article. " * 10}).encode() + b"\n"
        + b'{"url": "https://a.example/2", "text": "caf\xe9 \xff broken"}\n'
        + b"{not json}\n"
    )
    arts, rejs, _ = run([tmp_path], settings)
    by_file = {Path(r.source).name: r for r in rejs}
    assert set(by_file) == {"empty.html", "image.html", "doc.html", "trunc.html.gz", "notafeed.rss", "bad.jsonl"}
    assert "PNG" in by_file["image.html"].reason and "PDF" in by_file["doc.html"].reason
    jsonl_rejects = sorted((r.offset, r.reason) for r in rejs if r.source.endswith("bad.jsonl"))
    assert [o for o, _ in jsonl_rejects] == [2, 3]
    assert "UTF-8" in jsonl_rejects[0][1] and "JSON" in jsonl_rejects[1][1]
    assert sorted(Path(a.source).name for a in arts) == ["bad.jsonl", "good.html"]


def test_legacy_encodings_without_charset(tmp_path: Path, settings: Settings) -> None:
    samples = {
        "ru.html": ("windows-1251", "Центральный банк России повысил ключевую ставку до шестнадцати процентов годовых, сообщила пресс-служба регулятора."),
        "zh.html": ("gb18030", "中国人民银行周二宣布下调存款准备金率零点五个百分点，以支持实体经济发展和稳定市场预期。"),
        "ko.html": ("euc-kr", "한국은행은 화요일 기준금리를 동결했다고 밝혔으며 물가 상승 압력이 여전히 높다고 설명했다."),
    }
    for name, (enc, sentence) in samples.items():
        html = page("T", [sentence * 3, sentence * 2, sentence])
        (tmp_path / name).write_bytes(html.replace("<title>", "<title>").encode(enc))
    arts, rejs, _ = run([tmp_path], settings)
    assert not rejs
    got = {Path(a.source).name: a for a in arts}
    for name, (_, sentence) in samples.items():
        assert sentence[:20] in got[name].text, name
    assert got["ru.html"].language == "ru" and got["zh.html"].language == "zh" and got["ko.html"].language == "ko"


def test_huge_page_is_rejected_quickly(tmp_path: Path, settings: Settings) -> None:
    big = "<html><body>" + "<p>" + ("word " * 200) + "</p>" * 1 + ("<div>" + "x" * 1000 + "</div>") * 50_000 + "</body></html>"
    (tmp_path / "big.html").write_text(big, encoding="utf-8")
    assert len(big) > 50_000_000
    _, rejs, _ = run([tmp_path], settings)
    assert len(rejs) == 1 and "too large" in rejs[0].reason


def test_feed_items_become_articles_with_outlet(settings: Settings) -> None:
    arts, rejs, _ = run([DEMO / "feeds"], settings)
    assert len(arts) == 40 and not rejs
    a = arts[0]
    # the item links to foxnews.com: the registry names the outlet by domain; the feed's
    # title names it only when the domain is unknown
    assert (a.outlet, a.outlet_name) == ("foxnews.com", "Fox News")
    assert a.url and a.published and a.offset == 0 and a.source_kind == "feed"
    assert "\n" in a.text  # paragraph breaks kept


def test_jsonl_and_csv_column_mapping(settings: Settings) -> None:
    arts, rejs, _ = run([DEMO / "exports"], settings)
    assert len(arts) == 80 and not rejs
    kinds = {a.source_kind for a in arts}
    assert kinds == {"jsonl", "csv"}
    assert all(a.published and a.title and a.outlet for a in arts)


def test_txt_first_line_is_title(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text("My title\n\n" + "Body sentence about trade policy. " * 10, encoding="utf-8")
    arts, _, _ = run([tmp_path], settings)
    assert arts[0].title == "My title" and arts[0].text.startswith("Body sentence")


def test_html_page_metadata(settings: Settings) -> None:
    arts, rejs, _ = run([DEMO / "pages"], settings)
    assert len(arts) == 60 and not rejs
    for a in arts:
        assert a.url and a.outlet and "." in a.outlet and a.title and a.published and a.language == "en"
        assert "All rights reserved" not in a.text

