"""Syndication quality on seeded copies of real articles.

A generator takes real articles (the AllSides corpus in
``../shared/data/corpus-allsides``, or any JSONL with ``content_original`` or
``text``) and makes, with a fixed seed:

- **copies** of some articles with what republishing does: boilerplate added
  at the top or bottom, truncation (first 50-90% of paragraphs), paragraphs
  reordered, light word edits (2-4% of words substituted, dropped or doubled),
  a new headline, an injected spam line. Each copy gets its own outlet and a
  date on or after the original's (sometimes none);
- **passages**: a run of 40-120 words from one article inserted as a
  paragraph into an unrelated article (a quarter of them exactly 40 words).

Everything goes through the real stage (a temporary DuckDB store, two
incremental runs: base articles, then copies and hosts). Scores:

- near duplicates: pair precision and recall over copy-cluster co-membership
  (a pair is true when both texts descend from the same original);
- origins: share of recovered clusters whose origin is the original;
- passages: recall of inserted passages (a link between host and source
  whose passage covers >= 90% of the inserted characters), by length.

Base articles that the stage itself links as exact or near copies of each
other are real copies in the corpus: they are removed from the eval set
before copies are made, and reported.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylens.corpus.syndication import SyndicationConfig, run_syndication, text_hash
from storylens.errors import StoryLensError
from storylens.pipeline import article_id
from storylens.store import Store
from storylens.store.queries.copies import copy_summary, copy_tables, exact_near_copies
from storylens.types import Article

CORPUS_REL = Path("data") / "corpus-allsides" / "articles_international_topics.jsonl.gz"


def default_corpus_path() -> Path:
    """``$STORYLENS_SHARED/data/...`` if set, else ``../shared/data/...`` beside the repository."""
    env = os.environ.get("STORYLENS_SHARED")
    if env:
        return Path(env) / CORPUS_REL
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / CORPUS_REL


def load_corpus(path: str | Path | None = None, min_words: int = 150) -> list[dict[str, Any]]:
    """Records with text, outlet, date and url from a JSONL(.gz) corpus."""
    p = Path(path) if path else default_corpus_path()
    if not p.exists():
        raise StoryLensError(
            f"syndication eval corpus not found at {str(p)!r}. Pass --corpus PATH (a JSONL or .jsonl.gz "
            "with content_original or text per line, e.g. corpus-allsides/articles_international_topics.jsonl.gz) "
            "or set STORYLENS_SHARED to the folder holding data/."
        )
    opener = gzip.open if p.suffix == ".gz" else open
    out = []
    with opener(p, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        for line in f:
            r = json.loads(line)
            text = (r.get("content_original") or r.get("text") or "").strip()
            if len(text.split()) < min_words:
                continue
            url = r.get("url") or ""
            outlet = (r.get("source_url") or r.get("outlet") or "").removeprefix("www.") or None
            out.append({"id": r.get("ID") or r.get("id") or str(len(out)), "text": text, "url": url,
                        "outlet": outlet, "date": r.get("date") or None, "title": r.get("title")})
    return out


# -- the generator ---------------------------------------------------------------

BOILERPLATE = [
    "This article originally appeared on {o}. Republished with permission.",
    "Copyright {y} The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Follow us on Twitter and Facebook for the latest updates on this story.",
    "Sign up for our daily newsletter to get the top stories delivered to your inbox every morning.",
    "Related: More coverage from our world desk",
    "Advertisement",
    "(Reporting by staff; editing by the {o} news desk)",
    "Share this article: Facebook Twitter Email WhatsApp",
    "Read more at {o}",
]
SPAM = [
    "澳门新葡京娱乐场 官方网站 www.xpj-casino.com 最新 在线 注册 送彩金",
    "Buy cheap replica watches online best price free shipping click here www.cheap-watches.example",
    "Best online casino bonus 2020 play slots win real money now",
    "北京赛车pk10 开奖 直播 官网",
]
EDIT_WORDS = ["the", "a", "said", "also", "new", "officials", "reported", "on", "Tuesday", "Monday",
              "government", "country", "would", "including", "according", "however"]


def _paragraphs(text: str) -> list[str]:
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return paras or [text]


def _light_edit(text: str, rng: random.Random, rate: float) -> str:
    toks = text.split(" ")
    out = []
    for t in toks:
        x = rng.random()
        if x < rate / 3:
            out.append(rng.choice(EDIT_WORDS))  # substitute
        elif x < 2 * rate / 3:
            continue  # drop
        elif x < rate:
            out.extend([t, t])  # double
        else:
            out.append(t)
    return " ".join(out)


_WORD = re.compile(r"\w+")
EDITS = ("boilerplate", "truncate", "reorder", "light_edit", "headline", "spam")


def make_copy(text: str, rng: random.Random, outlet: str, other_title: str | None,
              edit_rate: tuple[float, float] = (0.02, 0.04), keep: tuple[float, float] = (0.5, 0.9)
              ) -> tuple[str, list[str]]:
    """A republished version of ``text`` and the list of edits applied."""
    edits = [e for e, p in zip(EDITS, (0.6, 0.4, 0.3, 0.5, 0.5, 0.3), strict=True) if rng.random() < p]
    if not edits:
        edits = [rng.choice(EDITS)]
    paras = _paragraphs(text)
    if "truncate" in edits:
        if len(paras) >= 3:
            n_keep = max(2, round(len(paras) * rng.uniform(*keep)))
            paras = paras[:n_keep]
        else:
            w = " ".join(paras).split(" ")
            paras = [" ".join(w[: max(60, round(len(w) * rng.uniform(*keep)))])]
    if "reorder" in edits and len(paras) >= 4:
        i, j = sorted(rng.sample(range(1, len(paras)), 2))
        paras[i], paras[j] = paras[j], paras[i]
        if len(paras) >= 6:
            k = rng.randrange(1, len(paras) - 1)
            paras.insert(rng.randrange(1, len(paras)), paras.pop(k))
    if "light_edit" in edits:
        rate = rng.uniform(*edit_rate)
        paras = [_light_edit(p, rng, rate) for p in paras]
    if "spam" in edits:
        paras.insert(rng.randrange(0, len(paras) + 1), rng.choice(SPAM))
    if "boilerplate" in edits:
        year = str(rng.randint(2012, 2020))
        for _ in range(rng.randint(1, 3)):
            line = rng.choice(BOILERPLATE).format(o=outlet, y=year)
            if rng.random() < 0.5:
                paras.insert(0, line)
            else:
                paras.append(line)
    if "headline" in edits:
        paras.insert(0, other_title or "Breaking: the latest on this developing story")
    return "\n\n".join(paras), edits


@dataclass
class Doc:
    key: str
    text: str
    outlet: str | None
    date: str | None
    url: str

    def article(self) -> Article:
        return Article(
            id=article_id(self.text, self.outlet), source="eval-syndication", source_kind="jsonl", offset=None,
            url=self.url, outlet=self.outlet, outlet_name=self.outlet, title=None, author=None,
            published=self.date, language="en", text=self.text, raw_text=self.text,
        )


def _later(d: str | None, rng: random.Random) -> str | None:
    if not d or rng.random() < 0.15:
        return None if rng.random() < 0.5 else d
    from datetime import date, timedelta

    base = date.fromisoformat(d[:10])
    return (base + timedelta(days=rng.choice([0, 0, 1, 2, 5]))).isoformat()


def _store_ids(docs: list[Doc]) -> dict[str, str]:
    return {d.key: d.article().id for d in docs}


def _new_store(workdir: str, name: str) -> Store:
    return Store(os.path.join(workdir, f"{name}.duckdb"))


def evaluate(corpus: str | Path | None = None, *, originals: int = 400, passages: int = 300,
             distractors: int = 400, seed: int = 13, config: SyndicationConfig | None = None,
             edit_rate: tuple[float, float] = (0.02, 0.04), keep: tuple[float, float] = (0.5, 0.9)) -> dict[str, Any]:
    """Run the generator and the stage; returns the scores and what was found."""
    t0 = time.monotonic()
    rng = random.Random(seed)
    cfg = config or SyndicationConfig()
    records = load_corpus(corpus)
    seen: set[str] = set()
    uniq = []
    for r in records:
        h = text_hash(r["text"])
        if h not in seen:
            seen.add(h)
            uniq.append(r)
    rng.shuffle(uniq)
    need = originals + 2 * passages + distractors
    pool = uniq[: int(need * 1.15) + 20]
    with tempfile.TemporaryDirectory(prefix="sl-eval-syn-") as work:
        # 1. real copies inside the base sample: found by the stage, excluded, reported
        base_docs = [Doc(f"b{i}", r["text"], r["outlet"], r["date"], r["url"]) for i, r in enumerate(pool)]
        with _new_store(work, "screen") as st:
            st.write_batch([d.article() for d in base_docs])
            run_syndication(st, cfg)
            linked = exact_near_copies(st)
        id_to_key = {v: k for k, v in _store_ids(base_docs).items()}
        bad = {id_to_key[r["article_id"]] for r in linked} | {id_to_key[r["copy_of"]] for r in linked}
        real_pairs = [(pool[int(id_to_key[r["article_id"]][1:])], pool[int(id_to_key[r["copy_of"]][1:])],
                       r["kind"], r["similarity"]) for r in linked]
        clean = [d for d, r in zip(base_docs, pool, strict=True) if d.key not in bad]
        if len(clean) < need:
            raise StoryLensError(f"only {len(clean)} usable articles in the corpus; need {need} "
                                 "(lower --originals/--passages)")
        orig_docs = clean[:originals]
        src_docs = clean[originals : originals + passages]
        host_docs = clean[originals + passages : originals + 2 * passages]
        dist_docs = clean[originals + 2 * passages : need]
        titles = [r.get("title") for r in pool if r.get("title")]

        # 2. copies
        family: dict[str, str] = {}  # doc key -> family (original key)
        copy_docs: list[Doc] = []
        edit_counts: Counter[str] = Counter()
        for o in orig_docs:
            family[o.key] = o.key
            for j in range(rng.choice([1, 1, 2, 3])):
                outlet = f"copy{rng.randrange(60)}.example.com"
                text, edits = make_copy(o.text, rng, outlet, rng.choice(titles) if titles else None,
                                        edit_rate, keep)
                edit_counts.update(edits)
                c = Doc(f"{o.key}-c{j}", text, outlet, _later(o.date, rng), f"https://{outlet}/{o.key}-{j}")
                copy_docs.append(c)
                family[c.key] = o.key

        # 3. passages
        truth_passages = []
        new_hosts = []
        for i, (x, y) in enumerate(zip(src_docs, host_docs, strict=True)):
            xw, yw = x.text.split(), y.text.split()
            length = 40 if i % 4 == 0 else rng.randint(40, 120)
            length = max(40, min(length, len(xw) // 3, len(yw) // 3))
            start = rng.randrange(0, len(xw) - length + 1)
            end = start + length
            # count words as the stage does (\w+ runs): a lone dash is not a word
            while end < len(xw) and len(_WORD.findall(" ".join(xw[start:end]))) < length:
                end += 1
            passage = " ".join(xw[start:end])
            paras = _paragraphs(y.text)
            at = rng.randrange(1, len(paras) + 1) if len(paras) > 1 else 1
            before = "\n\n".join(paras[:at])
            host_text = before + "\n\n" + passage + ("\n\n" + "\n\n".join(paras[at:]) if paras[at:] else "")
            s = len(before) + 2
            h = Doc(y.key + "-host", host_text, y.outlet, y.date, y.url + "#host")
            new_hosts.append(h)
            truth_passages.append({"host": h.key, "source": x.key, "start": s, "end": s + len(passage),
                                   "words": length})

        # 4. the stage, in two incremental runs
        first = orig_docs + src_docs + dist_docs
        second = copy_docs + new_hosts
        everything = first + second
        ids = _store_ids(everything)
        key_of = {v: k for k, v in ids.items()}
        with _new_store(work, "eval") as st:
            st.write_batch([d.article() for d in first])
            s1 = run_syndication(st, cfg)
            st.write_batch([d.article() for d in second])
            s2 = run_syndication(st, cfg)
            tables = copy_tables(st)
    clusters, members, links, direct = (tables[k] for k in ("clusters", "members", "links", "direct"))

    # near-duplicate pairs over cluster co-membership
    comp: dict[str, list[str]] = defaultdict(list)
    origin_of = {c["cluster_id"]: c["origin_id"] for c in clusters}
    for c in clusters:
        comp[c["cluster_id"]].append(c["origin_id"])
    for m in members:
        comp[m["cluster_id"]].append(m["article_id"])
    pred_pairs = set()
    for ms in comp.values():
        keys = sorted(key_of[i] for i in ms)
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                pred_pairs.add((keys[i], keys[j]))
    fam_members: dict[str, list[str]] = defaultdict(list)
    for k, f in family.items():
        fam_members[f].append(k)
    true_pairs = set()
    for ms in fam_members.values():
        ks = sorted(ms)
        for i in range(len(ks)):
            for j in range(i + 1, len(ks)):
                true_pairs.add((ks[i], ks[j]))
    tp = len(pred_pairs & true_pairs)
    precision = tp / len(pred_pairs) if pred_pairs else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    false_pos = sorted(pred_pairs - true_pairs)[:10]
    missed = sorted(true_pairs - pred_pairs)
    by_key = {d.key: d for d in everything}
    missed_examples = []
    for a, b in missed[:10]:
        from storylens.corpus.passages import Tokenised, shingle_overlap
        jac, cont, _, _ = shingle_overlap(Tokenised.of(by_key[a].text), Tokenised.of(by_key[b].text))
        missed_examples.append({"a": a, "b": b, "jaccard": round(jac, 3), "containment": round(cont, 3)})

    direct_pairs = {tuple(sorted((key_of[r["article_id"]], key_of[r["other_id"]]))) for r in direct}
    d_tp = len(direct_pairs & true_pairs)

    # origins
    orig_ok = orig_n = 0
    for cid, ms in comp.items():
        fams = {family.get(key_of[i]) for i in ms}
        if len(fams) == 1 and None not in fams:
            orig_n += 1
            orig_ok += key_of[origin_of[cid]] == next(iter(fams))

    # missed near pairs by edit
    edits_of: dict[str, list[str]] = {}
    for c in copy_docs:
        edits_of[c.key] = []
    # passages
    by_pair: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    for ln in links:
        by_pair[frozenset((key_of[ln["article_id"]], key_of[ln["copy_of"]]))].append(ln)
    found = 0
    kind_ok = 0
    by_len: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed_passages = []
    for t in truth_passages:
        bucket = "40" if t["words"] == 40 else ("41-80" if t["words"] <= 80 else "81-120")
        by_len[bucket][1] += 1
        ok = False
        for ln in by_pair.get(frozenset((t["host"], t["source"])), []):
            host_is_copy = key_of[ln["article_id"]] == t["host"]
            for p in json.loads(ln["passages"] or "[]"):
                s, e = (p["start"], p["end"]) if host_is_copy else (p["src_start"], p["src_end"])
                overlap = max(0, min(e, t["end"]) - max(s, t["start"]))
                if overlap >= 0.9 * (t["end"] - t["start"]):
                    ok = True
                    kind_ok += ln["kind"] == "partial"
                    break
            if ok:
                break
        if ok:
            found += 1
            by_len[bucket][0] += 1
        else:
            missed_passages.append(t)
    truth_pp = {frozenset((t["host"], t["source"])) for t in truth_passages}
    other_partials = sum(1 for ln in links if ln["kind"] == "partial"
                         and frozenset((key_of[ln["article_id"]], key_of[ln["copy_of"]])) not in truth_pp)
    return {
        "corpus": str(Path(corpus) if corpus else default_corpus_path()),
        "seed": seed,
        "edit_rate": list(edit_rate),
        "truncate_keep": list(keep),
        "documents": len(everything),
        "originals": len(orig_docs),
        "copies": len(copy_docs),
        "edits": dict(edit_counts),
        "near": {"precision": round(precision, 4), "recall": round(recall, 4), "true_pairs": len(true_pairs),
                 "predicted_pairs": len(pred_pairs),
                 "direct_link_precision": round(d_tp / len(direct_pairs), 4) if direct_pairs else 1.0,
                 "false_positives": [list(p) for p in false_pos], "missed": len(missed),
                 "missed_examples": missed_examples},
        "origin_accuracy": round(orig_ok / orig_n, 4) if orig_n else None,
        "passages": {"recall": round(found / len(truth_passages), 4) if truth_passages else 1.0,
                     "inserted": len(truth_passages), "found": found,
                     "found_as_partial": kind_ok,
                     "recall_by_words": {k: round(v[0] / v[1], 4) for k, v in sorted(by_len.items())},
                     "other_partial_links": other_partials,
                     "missed": missed_passages[:5]},
        "real_copies_in_sample": {"pairs": len(real_pairs), "examples": [
            {"a": a["url"], "b": b["url"], "kind": k, "similarity": s} for a, b, k, s in real_pairs[:10]]},
        "stage": {"first_run": s1.as_dict(), "second_run": s2.as_dict()},
        "seconds": round(time.monotonic() - t0, 1),
    }


def real_copies(corpus: str | Path | None = None, config: SyndicationConfig | None = None,
                limit: int = 20) -> dict[str, Any]:
    """Run the stage over the whole corpus and summarise the copies it contains."""
    records = load_corpus(corpus, min_words=1)
    docs = [Doc(str(r["id"]), r["text"], r["outlet"], r["date"], r["url"]) for r in records]
    with tempfile.TemporaryDirectory(prefix="sl-real-syn-") as work, _new_store(work, "real") as st:
        st.write_batch([d.article() for d in docs])
        summary = run_syndication(st, config)
        got = copy_summary(st, limit)
    return {"documents": len(docs), "copies_by_kind": got["kinds"], "cross_outlet_by_kind": got["cross"],
            "cluster_sizes": got["cluster_sizes"], "stage": summary.as_dict(),
            "examples": got["examples"], "partial_examples": got["partial_examples"]}
