#!/usr/bin/env python3
"""Build the bundled demo corpus in demo/corpus from ../shared/data (run once, output committed).

Sources (both Apache-2.0, see demo/corpus/ATTRIBUTION.md):
- corpus-allsides: 200 articles on China, the coronavirus, trade, Russia and
  North Korea, spread over the formats StoryLens reads: HTML pages (rendered
  from the article text into a typical news page template with navigation,
  a figure caption and a footer), an RSS feed, a JSONL export, a CSV export
  and a WARC file written with warcio;
- warc-samples: warcfile.warc.gz, a real Common Crawl sample (Chinese SEO-farm
  pages among its responses), copied unchanged.

Deterministic: a fixed seed and a sorted input order.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import random
import shutil
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "demo" / "corpus"
TOPICS = {"china", "coronavirus", "trade", "russia", "north_korea", "foreign_policy", "asia"}


def load() -> list[dict]:
    rows = []
    with gzip.open(SHARED / "corpus-allsides" / "articles_international_topics.jsonl.gz", "rt") as fh:
        for line in fh:
            d = json.loads(line)
            if d["topic"] in TOPICS and d.get("date") and len(d.get("content_original") or "") > 800:
                rows.append(d)
    rows.sort(key=lambda d: d["ID"])
    rnd = random.Random(20261129)
    rnd.shuffle(rows)
    return rows[:200]


def paragraphs(d: dict) -> list[str]:
    text = d["content_original"]
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    if paras and paras[0] == d["title"].strip():
        paras = paras[1:]
    return paras


def page(d: dict) -> str:
    paras = paragraphs(d)
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paras[:3])
    rest = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paras[3:])
    site = html.escape(d["source"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(d['title'])} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta name="author" content="{html.escape(d.get('authors') or '')}">
<meta property="article:published_time" content="{d['date']}">
<link rel="canonical" href="{html.escape(d['url'])}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a> <a href="/subscribe">Subscribe</a></nav></header>
<main><article>
  <h1>{html.escape(d['title'])}</h1>
  <p class="byline">By {html.escape(d.get('authors') or 'Staff')} · {d['date']}</p>
  <div class="article-body">
{body}
      <figure><img src="/img/photo.jpg" alt=""><figcaption>File photo. Getty Images</figcaption></figure>
{rest}
  </div>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Ten things to know today</a></li><li><a href="/b">Markets wrap</a></li></ul></aside>
<footer><p>&copy; {site}. All rights reserved.</p><p><a href="/privacy">Privacy</a> <a href="/cookies">Cookie settings</a></p></footer>
</body></html>
"""


def main() -> None:
    rows = load()
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "pages").mkdir(parents=True)
    (OUT / "feeds").mkdir()
    (OUT / "exports").mkdir()
    (OUT / "crawl").mkdir()
    pages, feed, jsonl, csvrows, warc = rows[:60], rows[60:100], rows[100:150], rows[150:180], rows[180:200]
    for d in pages:
        (OUT / "pages" / f"{d['ID']}.html").write_text(page(d), encoding="utf-8")
    # RSS 2.0 with content:encoded
    items = []
    for d in feed:
        dt = datetime.fromisoformat(d["date"]).replace(tzinfo=UTC)
        content = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(d))
        items.append(
            f"""  <item>
    <title>{html.escape(d['title'])}</title>
    <link>{html.escape(d['url'])}</link>
    <guid>{d['ID']}</guid>
    <pubDate>{format_datetime(dt)}</pubDate>
    <dc:creator>{html.escape(d.get('authors') or '')}</dc:creator>
    <description>{html.escape(paragraphs(d)[0][:200])}</description>
    <content:encoded><![CDATA[{content}]]></content:encoded>
  </item>"""
        )
    (OUT / "feeds" / "world-news.rss").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        "<channel>\n  <title>World News Digest (demo feed)</title>\n  <link>https://example.org/</link>\n"
        "  <description>Demo feed built from AllSides articles</description>\n"
        + "\n".join(items) + "\n</channel>\n</rss>\n",
        encoding="utf-8",
    )
    with (OUT / "exports" / "allsides-sample.jsonl").open("w", encoding="utf-8") as fh:
        for d in jsonl:
            rec = {k: d[k] for k in ("ID", "url", "title", "date", "authors", "source", "topic")}
            rec["content_original"] = d["content_original"]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with (OUT / "exports" / "allsides-sample.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["url", "title", "published", "outlet", "author", "text"])
        w.writeheader()
        for d in csvrows:
            w.writerow({"url": d["url"], "title": d["title"], "published": d["date"], "outlet": d["source"],
                        "author": d.get("authors") or "", "text": d["content_original"]})
    with (OUT / "crawl" / "allsides-pages.warc.gz").open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for d in warc:
            payload = page(d).encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(d["url"], "response", payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(rec)
    shutil.copy(SHARED / "warc-samples" / "warcfile.warc.gz", OUT / "crawl" / "commoncrawl-sample.warc.gz")
    print(f"wrote {len(rows)} AllSides articles + the Common Crawl sample into {OUT}")


if __name__ == "__main__":
    main()
