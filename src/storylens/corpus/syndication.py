"""Syndication: exact copies, near copies and reused passages across the store.

``run_syndication(store)`` indexes every article not indexed yet and links it
to earlier ones; nothing already indexed is signed or compared again, so a
daily ingest adds a day's worth of work. Per batch of new articles:

1. **exact**: sha1 of ``normalise_text(text)`` looked up in ``copy_index``;
2. **candidates**: MinHash LSH (one-permutation MinHash over word 5-shingles,
   ``OnePermHasher``; bands from ``lsh_threshold``) *and* winnowed 8-gram
   fingerprints (``passages.winnow``), which guarantee a shared fingerprint
   for any run of ``passage_words`` identical words. LSH finds copies whose
   edits are spread everywhere; fingerprints find truncated copies and
   reused paragraphs whatever the overall overlap;
3. **verification** on the two texts: word 5-shingle containment of the
   smaller text in the larger >= ``near_containment`` is a *near* copy;
   otherwise maximal shared runs of >= ``passage_words`` words are *partial*
   reuse, stored with their character offsets in both texts.

Exact and near links form **copy clusters** (connected components). The
origin is the earliest publication; members without a date come after dated
ones; ties go to wire and state-media outlets (``outlet_types``), then to
the earliest ingest, then the article id. Every other member gets a
``copies`` row pointing at the origin. Partial links point from the later
article to the earlier one by the same rule. Only clusters touched by new
articles are rewritten.

The index persists in the store (``lsh_bands``, ``passage_fps``,
``copy_index``): see docs/syndication.md for why.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np

from storylens.corpus.minhash import BandIndex, OnePermHasher, band_keys, char_chunks, lsh_params
from storylens.corpus.outlet_types import is_wire_or_state
from storylens.corpus.passages import Tokenised, shared_passages, shingle_overlap, winnow
from storylens.corpus.tokens import batch_token_hashes, split_by_doc
from storylens.errors import StoryLensError
from storylens.pipeline import normalise_text
from storylens.store import Store

log = logging.getLogger(__name__)

INDEX_VERSION = "1"  # bump when tokenisation or hashing changes: stored keys become invalid


class SyndicationError(StoryLensError):
    pass


@dataclass(frozen=True)
class SyndicationConfig:
    """Knobs of the syndication stage. Index parameters (first block) are
    fixed when a store is first indexed; the rest apply at verification."""

    num_perm: int = 128
    shingle: int = 5
    lsh_threshold: float = 0.5  # Jaccard at the S-curve midpoint (bands x rows chosen from it)
    seed_k: int = 8  # winnowing k-gram length (words)
    # verification
    passage_words: int = 40  # shortest reused passage reported (words); winnowing window follows
    # Containment of the smaller text's 5-shingles in the larger one. Calibrated on
    # `storylens eval syndication`: copies with boilerplate, spam, truncation and
    # 5% word edits score >= 0.55; unrelated articles sharing one inserted
    # passage score <= 0.35 (passages are < 1/3 of the host). See docs/syndication.md.
    near_containment: float = 0.5
    min_doc_words: int = 30  # shorter texts get exact matching and fingerprints, no LSH
    batch_size: int = 2000
    max_bucket: int = 50  # from bigger LSH buckets only the earliest documents are candidates
    max_fp_df: int = 200  # fingerprints in more documents are boilerplate: skipped
    # Candidates verified per new article and per index (LSH, fingerprints): those sharing
    # the most band keys / fingerprints, then the earliest. Bounds the cost of templated
    # texts (thousands of short look-alike items) and of stories copied hundreds of times.
    max_candidates: int = 20
    near_passages: int = 3  # longest passages kept on near/exact links

    @classmethod
    def from_settings(cls, settings: Any) -> SyndicationConfig:
        """The stage's knobs from the settings table (``syndication_*``); the
        rest are fixed by the index format and the calibration above."""
        return cls(lsh_threshold=settings.syndication_lsh_threshold,
                   near_containment=settings.syndication_near,
                   passage_words=settings.syndication_passage_words)

    @property
    def window(self) -> int:
        return max(1, self.passage_words - self.seed_k + 1)

    def bands_rows(self) -> tuple[int, int]:
        return lsh_params(self.lsh_threshold, self.num_perm)

    def index_params(self) -> dict[str, str]:
        b, r = self.bands_rows()
        return {"version": INDEX_VERSION, "hasher": "oph", "num_perm": str(self.num_perm),
                "shingle": str(self.shingle), "bands": str(b), "rows": str(r),
                "seed_k": str(self.seed_k), "window": str(self.window)}


@dataclass
class SyndicationSummary:
    indexed: int = 0
    candidates: int = 0
    exact: int = 0
    near: int = 0
    partial: int = 0
    clusters_updated: int = 0
    clusters_total: int = 0
    copies_total: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 2)
        d["timings"] = {k: round(v, 2) for k, v in self.timings.items()}
        return d


Progress = Callable[[SyndicationSummary], None]


def text_hash(text: str) -> str:
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class _Pair:
    a: int  # doc (newer in index order)
    b: int  # doc (older)
    kind: str
    similarity: float
    jaccard: float
    containment: float
    shared_words: int
    passages: list[dict[str, Any]]


class Syndication:
    """The stage over one store. ``run()`` is incremental; ``rebuild()`` starts over."""

    def __init__(self, store: Store, config: SyndicationConfig | None = None) -> None:
        self.store = store
        self.con = store.con
        self.con.execute("SET enable_progress_bar = false")  # it would print into JSON on stdout
        self.config = config or SyndicationConfig()
        if self.config.seed_k > self.config.passage_words:
            raise SyndicationError(
                f"seed_k {self.config.seed_k} must not exceed passage_words {self.config.passage_words}"
            )
        self.hasher = OnePermHasher(num_perm=self.config.num_perm, shingle=self.config.shingle)
        self.bands, self.rows = self.config.bands_rows()
        self._timings: dict[str, float] = {}

    # -- parameters ------------------------------------------------------------
    def _check_params(self) -> None:
        stored = dict(self.con.execute("SELECT key, value FROM syndication_meta").fetchall())
        want = self.config.index_params()
        if not stored:
            self.con.executemany("INSERT INTO syndication_meta VALUES (?, ?)", list(want.items()))
            return
        diff = {k: (stored.get(k), v) for k, v in want.items() if stored.get(k) != v}
        if diff:
            raise SyndicationError(
                f"the syndication index in {self.store.path!r} was built with other parameters "
                f"({', '.join(f'{k}: stored {a} vs now {b}' for k, (a, b) in diff.items())}). "
                "Run `storylens syndication --rebuild` to re-index, or use the stored parameters."
            )

    def rebuild(self, progress: Progress | None = None) -> SyndicationSummary:
        self.con.execute("BEGIN TRANSACTION")
        for t in ("copy_index", "lsh_bands", "passage_fps", "copy_pairs", "copies", "copy_clusters",
                  "copy_cluster_info",
                  "syndication_meta"):
            self.con.execute(f"DELETE FROM {t}")
        self.con.execute("COMMIT")
        return self.run(progress)

    # -- main loop -------------------------------------------------------------
    def run(self, progress: Progress | None = None) -> SyndicationSummary:
        t0 = time.monotonic()
        self._check_params()
        s = SyndicationSummary()
        new_ids = [r[0] for r in self.con.execute(
            "SELECT a.id FROM articles a ANTI JOIN copy_index c ON c.article_id = a.id "
            "ORDER BY a.published NULLS LAST, a.ingested_at, a.id"
        ).fetchall()]
        if new_ids:
            index = self._load_index()
            next_doc = int(self.con.execute("SELECT coalesce(max(doc), -1) + 1 FROM copy_index").fetchone()[0])
            bs = self.config.batch_size
            for i in range(0, len(new_ids), bs):
                chunk = new_ids[i : i + bs]
                self._batch(chunk, next_doc, index, s)
                next_doc += len(chunk)
                s.indexed += len(chunk)
                if progress:
                    progress(s)
            with self._timer("clusters"):
                s.clusters_updated = self._clusters(new_ids)
        s.clusters_total = int(self.con.execute("SELECT count(*) FROM copy_cluster_info").fetchone()[0])
        s.copies_total = int(self.con.execute("SELECT count(*) FROM copies").fetchone()[0])
        s.seconds = time.monotonic() - t0
        s.timings = dict(self._timings)
        return s

    def _timer(self, name: str) -> _Timer:
        return _Timer(self._timings, name)

    def _load_index(self) -> BandIndex:
        index = BandIndex()
        with self._timer("load_index"):
            arr = self.con.execute("SELECT band_key, doc FROM lsh_bands").fetchnumpy()
            if len(arr["band_key"]):
                index.add(np.asarray(arr["band_key"], dtype=np.uint64), np.asarray(arr["doc"], dtype=np.uint32))
        return index

    def _batch(self, ids: list[str], first_doc: int, index: BandIndex, s: SyndicationSummary) -> None:
        cfg = self.config
        with self._timer("read"):
            rows = self.con.execute(
                "SELECT id, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            ).fetchall()
            by_id = dict(rows)
            texts = [by_id[i] for i in ids]
        docs = np.arange(first_doc, first_doc + len(ids), dtype=np.int64)
        doc_of = {i: int(d) for i, d in zip(ids, docs, strict=True)}
        with self._timer("exact"):
            hashes = [text_hash(t) for t in texts]
        with self._timer("tokens+minhash"):
            toks: list[np.ndarray] = []
            sig_parts = []
            for i, j in char_chunks(texts, self.hasher.max_chars):
                th, tdoc = batch_token_hashes(texts[i:j])
                toks.extend(split_by_doc(th, tdoc, j - i))
                sig_parts.append(self.hasher.sign_tokens(th, tdoc, j - i))
            all_sigs = np.concatenate(sig_parts)
            nwords = np.array([len(t) for t in toks])
        candidates: set[tuple[int, int]] = set()
        exact: set[tuple[int, int]] = set()
        with self._timer("exact"):
            prior = self.con.execute(
                "SELECT text_hash, min(doc) FROM copy_index WHERE text_hash IN (SELECT unnest(?::VARCHAR[])) "
                "GROUP BY 1", [sorted(set(hashes))]
            ).fetchall()
            first_with: dict[str, int] = {h: int(d) for h, d in prior}
            for h, d in zip(hashes, docs, strict=True):
                if h in first_with:
                    exact.add((int(d), first_with[h]))
                else:
                    first_with[h] = int(d)
        with self._timer("lsh"):
            ok = nwords >= cfg.min_doc_words
            sig_docs = docs[ok]
            if len(sig_docs):
                keys = band_keys(all_sigs[ok], self.bands, self.rows)
                index.add(keys, sig_docs)
                pairs = index.query(keys, sig_docs, max_bucket=cfg.max_bucket, with_counts=True)
                pairs = _top_per_doc(pairs[pairs[:, 0] > pairs[:, 1]], cfg.max_candidates)
                candidates.update(map(tuple, pairs[:, :2].tolist()))
            else:
                keys = np.zeros((0, self.bands), np.uint64)
        with self._timer("fingerprints"):
            fp_list, fd_list = [], []
            for d, tk in zip(docs, toks, strict=True):
                f = winnow(tk, cfg.seed_k, cfg.window)
                fp_list.append(f)
                fd_list.append(np.full(len(f), d, dtype=np.int32))
            fps = np.concatenate(fp_list) if fp_list else np.zeros(0, np.uint64)
            fdocs = np.concatenate(fd_list) if fd_list else np.zeros(0, np.int32)
        self.con.execute("BEGIN TRANSACTION")
        try:
            with self._timer("fingerprints"):
                batch_fps = {"fp": fps, "doc": fdocs}  # noqa: F841 - scanned by DuckDB below
                self.con.execute("INSERT INTO passage_fps SELECT fp, doc FROM batch_fps")
                got = self.con.execute(
                    "WITH q AS (SELECT DISTINCT fp FROM batch_fps), "
                    "common AS (SELECT p.fp FROM passage_fps p SEMI JOIN q ON p.fp = q.fp "
                    "           GROUP BY p.fp HAVING count(*) BETWEEN 2 AND ?) "
                    "SELECT b.doc, p.doc, count(*) FROM batch_fps b JOIN passage_fps p ON b.fp = p.fp "
                    "SEMI JOIN common c ON b.fp = c.fp WHERE p.doc < b.doc GROUP BY 1, 2",
                    [cfg.max_fp_df],
                ).fetchall()
                if got:
                    fp_pairs = _top_per_doc(np.array(got, dtype=np.int64), cfg.max_candidates)
                    candidates.update(map(tuple, fp_pairs[:, :2].tolist()))
            candidates -= exact
            s.candidates += len(candidates) + len(exact)
            with self._timer("verify"):
                pairs_out = self._verify(candidates, exact, dict(zip(docs.tolist(), texts, strict=True)))
            for p in pairs_out:
                if p.kind == "exact":
                    s.exact += 1
                elif p.kind == "near":
                    s.near += 1
                else:
                    s.partial += 1
            with self._timer("write"):
                batch_index = {"doc": docs.astype(np.int32), "article_id": np.array(ids, dtype=object),  # noqa: F841
                               "text_hash": np.array(hashes, dtype=object), "words": nwords.astype(np.int32)}
                self.con.execute("INSERT INTO copy_index (doc, article_id, text_hash, words) "
                                 "SELECT doc, article_id, text_hash, words FROM batch_index")
                if len(sig_docs):
                    batch_bands = {"band_key": keys.ravel(),  # noqa: F841 - scanned by DuckDB
                                   "doc": np.repeat(sig_docs.astype(np.int32), keys.shape[1])}
                    self.con.execute("INSERT INTO lsh_bands SELECT band_key, doc FROM batch_bands")
                if pairs_out:
                    id_of = self._ids_of({p.b for p in pairs_out} | {p.a for p in pairs_out}, doc_of)
                    self.con.executemany(
                        "INSERT INTO copy_pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [(id_of[p.a], id_of[p.b], p.kind, p.similarity, p.jaccard, p.containment,
                          p.shared_words, json.dumps(p.passages, ensure_ascii=False)) for p in pairs_out],
                    )
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _ids_of(self, docs: Iterable[int], known: dict[str, int]) -> dict[int, str]:
        rev = {d: i for i, d in known.items()}
        missing = [d for d in docs if d not in rev]
        if missing:
            for d, i in self.con.execute(
                "SELECT doc, article_id FROM copy_index WHERE doc IN (SELECT unnest(?::INTEGER[]))", [missing]
            ).fetchall():
                rev[int(d)] = i
        return rev

    def _texts_of(self, docs: Iterable[int]) -> dict[int, str]:
        docs = list(docs)
        if not docs:
            return {}
        return {int(d): t for d, t in self.con.execute(
            "SELECT c.doc, a.text FROM copy_index c JOIN articles a ON a.id = c.article_id "
            "WHERE c.doc IN (SELECT unnest(?::INTEGER[]))", [docs]
        ).fetchall()}

    def _verify(self, candidates: set[tuple[int, int]], exact: set[tuple[int, int]],
                batch_texts: dict[int, str]) -> list[_Pair]:
        cfg = self.config
        need = {d for pair in candidates for d in pair} | {d for pair in exact for d in pair}
        texts = dict(batch_texts)
        texts.update(self._texts_of(d for d in need if d not in texts))
        tok_cache: dict[int, Tokenised] = {}

        def tok(d: int) -> Tokenised:
            t = tok_cache.get(d)
            if t is None:
                t = tok_cache[d] = Tokenised.of(texts[d])
            return t

        out = [_Pair(a, b, "exact", 1.0, 1.0, 1.0, len(tok(a)), []) for a, b in sorted(exact)]
        for a, b in sorted(candidates):
            c = compare(tok(a), tok(b), cfg)
            if c is not None:
                out.append(_Pair(a, b, c.kind, c.similarity, c.jaccard, c.containment, c.shared_words, c.passages))
        return out

    # -- clusters and origins ----------------------------------------------------
    def _clusters(self, new_ids: list[str]) -> int:
        edges = self.con.execute(
            "SELECT article_id, other_id FROM copy_pairs WHERE kind IN ('exact', 'near')"
        ).fetchall()
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            root = x
            while parent.get(root, root) != root:
                root = parent[root]
            while parent.get(x, x) != root:
                parent[x], x = root, parent[x]
            return root

        for a, b in edges:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
        comps: dict[str, list[str]] = {}
        for x in list(parent):
            comps.setdefault(find(x), []).append(x)
        for r in list(comps):
            if r not in comps[r]:
                comps[r].append(r)
        new = set(new_ids)
        touched = [m for m in comps.values() if len(m) > 1 and new.intersection(m)]
        new_partials = self.con.execute(
            "SELECT article_id, other_id, similarity, passages FROM copy_pairs WHERE kind = 'partial' "
            "AND article_id IN (SELECT unnest(?::VARCHAR[]))", [list(new_ids)]
        ).fetchall()
        members = {m for comp in touched for m in comp} | {x for p in new_partials for x in p[:2]}
        meta = self._meta(members)
        pair_info = self._pair_info(members) if touched else {}
        self.con.execute("BEGIN TRANSACTION")
        try:
            all_members = [m for comp in touched for m in comp]
            if all_members:
                old = [r[0] for r in self.con.execute(
                    "SELECT DISTINCT cluster_id FROM copy_clusters WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                    [all_members]).fetchall()]
                if old:
                    self.con.execute("DELETE FROM copy_clusters WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))", [old])
                    self.con.execute("DELETE FROM copy_cluster_info WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))",
                                     [old])
                self.con.execute(
                    "DELETE FROM copies WHERE kind IN ('exact', 'near') AND "
                    "article_id IN (SELECT unnest(?::VARCHAR[]))", [all_members])
            cluster_rows, member_rows, copy_rows = [], [], []
            for comp in touched:
                ordered = sorted(comp, key=lambda i: _origin_key(meta[i]))
                origin = ordered[0]
                cid = "c" + origin
                rule = _origin_rule(meta, ordered)
                dates = [meta[i]["published"] for i in comp if meta[i]["published"]]
                cluster_rows.append((cid, origin, meta[origin]["outlet"], len(comp),
                                     len({meta[i]["outlet"] for i in comp}), min(dates) if dates else None,
                                     max(dates) if dates else None, rule))
                member_rows.extend((cid, m, m == origin) for m in ordered)
                for m in ordered[1:]:
                    kind, sim, passages = self._link(m, origin, pair_info)
                    copy_rows.append((m, origin, kind, sim, json.dumps(passages, ensure_ascii=False)))
            for a, b, sim, passages_json in new_partials:
                later, earlier = (a, b) if _origin_key(meta[a]) > _origin_key(meta[b]) else (b, a)
                passages = json.loads(passages_json or "[]")
                if later != a:
                    passages = [_swap(p, meta[b]["text"]) for p in passages] if passages else []
                copy_rows.append((later, earlier, "partial", sim, json.dumps(passages, ensure_ascii=False)))
            if cluster_rows:
                self.con.executemany(
                    "INSERT INTO copy_cluster_info (cluster_id, origin_id, origin_outlet, size, outlets, "
                    "first_published, last_published, origin_rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", cluster_rows)
            if member_rows:
                self.con.executemany("INSERT INTO copy_clusters VALUES (?, ?, ?)", member_rows)
            if copy_rows:
                self.con.executemany("INSERT INTO copies VALUES (?, ?, ?, ?, ?)", copy_rows)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return len(touched)

    def _meta(self, ids: set[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        rows = self.store.query(
            "SELECT id, outlet, published, ingested_at, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(ids)])
        out = {}
        for r in rows:
            r["wire"] = is_wire_or_state(r["outlet"])
            out[r["id"]] = r
        return out

    def _pair_info(self, ids: set[str]) -> dict[tuple[str, str], tuple[str, float, list[dict[str, Any]]]]:
        rows = self.con.execute(
            "SELECT article_id, other_id, kind, similarity, passages FROM copy_pairs "
            "WHERE kind IN ('exact', 'near') AND article_id IN (SELECT unnest(?::VARCHAR[]))", [sorted(ids)]
        ).fetchall()
        return {(a, b): (k, float(sim), json.loads(p or "[]")) for a, b, k, sim, p in rows}

    def _link(self, member: str, origin: str,
              info: dict[tuple[str, str], tuple[str, float, list[dict[str, Any]]]]) -> tuple[str, float, list[dict[str, Any]]]:
        """kind, similarity and passages of ``member`` against ``origin`` (computed when
        the two were only linked through other members)."""
        if (member, origin) in info:
            return info[(member, origin)]
        if (origin, member) in info:
            kind, sim, passages = info[(origin, member)]
            texts = self.store.query("SELECT id, text FROM articles WHERE id IN (?, ?)", [member, origin])
            tmap = {r["id"]: r["text"] for r in texts}
            return kind, sim, [_swap(p, tmap[member]) for p in passages]
        tmap = {r["id"]: r["text"] for r in self.store.query(
            "SELECT id, text FROM articles WHERE id IN (?, ?)", [member, origin])}
        if text_hash(tmap[member]) == text_hash(tmap[origin]):
            return "exact", 1.0, []
        return "near", *link(Tokenised.of(tmap[member]), Tokenised.of(tmap[origin]), self.config)


@dataclass(frozen=True)
class Comparison:
    """How two texts share copy: ``kind`` near or partial, and the figures behind it."""

    kind: str
    similarity: float  # near: containment; partial: share of the smaller text in shared passages
    jaccard: float
    containment: float
    shared_words: int
    passages: list[dict[str, Any]]  # in ``a``'s offsets (``src_*``: ``b``'s)


def compare(a: Tokenised, b: Tokenised, cfg: SyndicationConfig) -> Comparison | None:
    """Verify a candidate pair: a near copy (containment of the smaller text's shingles
    >= ``near_containment``, its longest passages kept), a partial one (shared runs of
    ``passage_words``+ words, all kept), or None. The local stage and the Spark job
    (``engines.spark_corpus``) both decide with this."""
    jac, cont, _, _ = shingle_overlap(a, b, cfg.shingle)
    passages = shared_passages(a, b, cfg.passage_words, cfg.seed_k)
    shared = sum(p.words for p in passages)
    if cont >= cfg.near_containment and min(len(a), len(b)) >= cfg.min_doc_words:
        kept = [p.as_dict(a.text) for p in passages[: cfg.near_passages]]
        return Comparison("near", round(cont, 4), round(jac, 4), round(cont, 4), shared, kept)
    if passages:
        sim = round(min(1.0, shared / max(1, min(len(a), len(b)))), 4)
        return Comparison("partial", sim, round(jac, 4), round(cont, 4), shared,
                          [p.as_dict(a.text) for p in passages])
    return None


def link(member: Tokenised, origin: Tokenised, cfg: SyndicationConfig) -> tuple[float, list[dict[str, Any]]]:
    """A cluster member against its origin (linked maybe only through other members):
    containment and the longest shared passages, in the member's offsets."""
    _, cont, _, _ = shingle_overlap(member, origin, cfg.shingle)
    passages = shared_passages(member, origin, cfg.passage_words, cfg.seed_k)
    return round(cont, 4), [p.as_dict(member.text) for p in passages[: cfg.near_passages]]


def _top_per_doc(rows: np.ndarray, k: int) -> np.ndarray:
    """Rows (new doc, old doc, shared count): the ``k`` with most shared per new doc
    (ties: the earliest old doc)."""
    if len(rows) == 0:
        return rows.reshape(0, 3)
    order = np.lexsort((rows[:, 1], -rows[:, 2], rows[:, 0]))
    rows = rows[order]
    first = np.flatnonzero(np.concatenate(([True], rows[1:, 0] != rows[:-1, 0])))
    rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.concatenate((first, [len(rows)]))))
    return rows[rank < k]


def _swap(p: dict[str, Any], new_text: str) -> dict[str, Any]:
    """Offsets of a passage seen from the other article."""
    s, e = p["src_start"], p["src_end"]
    return {"text": new_text[s:e], "start": s, "end": e, "src_start": p["start"], "src_end": p["end"],
            "words": p.get("words")}


_FAR = date(9999, 12, 31)


def _as_date(v: Any) -> date:
    if v is None:
        return _FAR
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return _FAR


def _origin_key(m: dict[str, Any]) -> tuple[Any, ...]:
    """Sort key: earliest date (undated last), then wire/state media, then earliest ingest, then id."""
    ingested = m.get("ingested_at") or datetime.max
    return (_as_date(m.get("published")), 0 if m.get("wire") else 1, ingested, m["id"])


def _origin_rule(meta: dict[str, dict[str, Any]], ordered: list[str]) -> str:
    first, second = meta[ordered[0]], meta[ordered[1]]
    if _as_date(first["published"]) < _as_date(second["published"]):
        return "earliest"
    if first["wire"] and not second["wire"]:
        return "wire_or_state"
    return "earliest_ingest"


class _Timer:
    def __init__(self, sink: dict[str, float], name: str) -> None:
        self.sink, self.name = sink, name

    def __enter__(self) -> None:
        self.t0 = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.sink[self.name] = self.sink.get(self.name, 0.0) + time.perf_counter() - self.t0


def run_syndication(store: Store, config: SyndicationConfig | None = None, *, rebuild: bool = False,
                    progress: Progress | None = None) -> SyndicationSummary:
    """Index new articles of ``store`` and update copies and clusters (the whole
    store when ``rebuild``)."""
    stage = Syndication(store, config)
    return stage.rebuild(progress) if rebuild else stage.run(progress)


# -- corpus-stage entry points (storylens.corpus.stage.CORPUS_STAGES) ---------------------------
def articles_behind(store: Store) -> int:
    """Stored articles not in the copy index yet."""
    return int(store.con.execute(
        "SELECT count(*) FROM articles a ANTI JOIN copy_index c ON c.article_id = a.id").fetchone()[0])


def run_stage(store: Store, settings: Any) -> dict[str, Any]:
    """The corpus stage. The stage owns ``copies``: rows about articles it has not indexed
    (loaded with a Spark run's Parquet) are dropped and recomputed here, so a store's copies
    always agree with its index (the Spark job gives the same rows: tests/test_spark_run.py)."""
    store.con.execute(
        "WITH new AS (SELECT a.id FROM articles a ANTI JOIN copy_index c ON c.article_id = a.id) "
        "DELETE FROM copies WHERE article_id IN (SELECT id FROM new) OR copy_of IN (SELECT id FROM new)")
    return run_syndication(store, SyndicationConfig.from_settings(settings)).as_dict()
