"""Stories: articles about the same event across outlets, clustered online.

Each article is embedded once (title + lede, static sentence embeddings from
``storylens.embeddings``, numpy only; a hashing fallback with the same
interface when that model is absent) and assigned, in publication order, to
the open story whose centroid is most similar, if that cosine reaches
``threshold``; otherwise it opens a new story. A story is *open* while its
last article is at most ``window_days`` old and its first at most ``max_span_days``; a new story whose first article
is close (``link_threshold``) to a closed story of the last ``link_days``
days *continues* it (``stories.continues``).

The state the next update needs is the stories' centroids and counts, kept in
the ``stories`` table, so ``update_stories`` only embeds articles that have no
story yet: 1k new articles cost about as much as embedding 1k ledes plus one
similarity product per day against the open stories.

Labels are class-based TF-IDF keywords (BERTopic's c-TF-IDF: term frequency in
the story times log(1 + mean words per story / term frequency over all
stories)) over the stories' headlines (the lede when a headline is missing), and the representative headline
is the title of the article closest to the centroid.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np

from storylens.errors import StoryLensError

log = logging.getLogger(__name__)

# Calibrated on storylens/data/stories/gold_allsides.jsonl with the combined embedder (docs/narratives.md):
# 0.35 is the best compromise between the dated setting (B-cubed F1 0.87) and the setting
# where every article is on one day (0.71); 0.30 is better with dates, 0.40 without.
DEFAULT_THRESHOLD = 0.35
DEFAULT_WINDOW_DAYS = 3
LINK_THRESHOLD = 0.55  # a continuing story must be closer to the old one than a new member is
LINK_DAYS = 30
# A story stays open at most this long after its first article: a running topic (a pandemic,
# a war) would otherwise absorb every related article for months. Later articles open a new
# story that `continues` it, so the chain is kept.
MAX_SPAN_DAYS = 7
LEDE_CHARS = 400
LEDE_FETCH = LEDE_CHARS + 300  # characters of the body read per article (the title may prefix it)
# headline filler that c-TF-IDF would otherwise rank (seen on corpus-allsides 2020 stories)
LABEL_STOP_WORDS = frozenset({"says", "said", "say", "new", "here", "here's", "just", "like", "want",
                              "wants", "know", "way", "need", "make", "gets", "according", "report"})
_WS = re.compile(r"\s+")


class Embedder(Protocol):
    def embed(self, texts: list[str]) -> np.ndarray: ...


class HashingEmbedder:
    """Fallback: signed feature hashing of words and bigrams into 512 dims (a random projection
    of the bag of words), L2-normalised. Same interface as ``storylens.embeddings.StaticEmbedder``."""

    dim = 512

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.vec = HashingVectorizer(n_features=self.dim, alternate_sign=True, stop_words="english",
                                     ngram_range=(1, 1), norm="l2")

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.vec.transform(texts).todense(), dtype=np.float32)


class StoryEmbedder:
    """What stories cluster on: the static sentence embedding, centred, beside the hashed words.

    Static embeddings of news ledes are anisotropic (their mean has norm 0.73 on
    corpus-allsides), so any two articles look alike (cosine > 0.6) and a threshold that
    splits events on one day chains unrelated events together. Subtracting that mean
    (``data/stories/static_mean.npy``, from the 4,595 corpus-allsides articles outside the
    gold set) and concatenating the hashed bag of words (names, places: what tells two
    events apart) doubled pairwise F1 when dates cannot help (docs/narratives.md).
    """

    def __init__(self, static: Any) -> None:
        from importlib import resources

        self.static = static
        self.hashing = HashingEmbedder()
        with resources.as_file(resources.files("storylens") / "data" / "stories" / "static_mean.npy") as p:
            self.mean = np.load(p).astype(np.float32)
        self.dim = self.mean.shape[0] + self.hashing.dim

    def embed(self, texts: list[str]) -> np.ndarray:
        s = np.asarray(self.static.embed(texts), dtype=np.float32) - self.mean
        s /= np.maximum(np.linalg.norm(s, axis=1, keepdims=True), 1e-9)
        x = np.hstack([s, self.hashing.embed(texts)])
        return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)


def load_embedder(kind: str = "auto") -> Embedder:
    """``combined`` (centred static + hashed words; the default), ``static``, ``hashing``;
    ``auto`` is ``combined`` when the static model is installed, else ``hashing``."""
    if kind in ("auto", "combined", "static"):
        try:
            from storylens.embeddings import StaticEmbedder

            static = StaticEmbedder.load()
            return static if kind == "static" else StoryEmbedder(static)
        except (ImportError, StoryLensError):
            if kind != "auto":
                raise
            log.info("static embeddings unavailable; stories use the hashing fallback")
    if kind in ("auto", "hashing"):
        return HashingEmbedder()
    raise StoryLensError(f"unknown embedder {kind!r}: choose auto, combined, static or hashing")


class PrecomputedEmbedder:
    """Vectors computed elsewhere (Spark executors, with ``load_embedder`` and ``story_text``
    as here), looked up by text; a text not among them is embedded by ``fallback`` and counted
    in ``misses``. It lets ``update_stories`` run unchanged on a driver: the same clustering,
    labels and rows as the local stage, with the embedding (the costly part) spread out."""

    def __init__(self, vectors: dict[str, np.ndarray], dim: int, fallback: Any = None) -> None:
        self.vectors = vectors
        self.dim = dim
        self._fallback = fallback
        self.misses = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing = [i for i, t in enumerate(texts) if t not in self.vectors]
        for i, t in enumerate(texts):
            if t in self.vectors:
                out[i] = self.vectors[t]
        if missing:
            self.misses += len(missing)
            self._fallback = self._fallback or load_embedder()
            out[missing] = self._fallback.embed([texts[i] for i in missing])
        return out


def story_vectors(rows: Iterable[tuple[str | None, str | None]], embedder: Embedder,
                  batch: int = 2_000) -> Iterable[tuple[str, np.ndarray]]:
    """(story text, vector) for (title, text) rows: what ``update_stories`` embeds for each
    article, computed in batches (the Spark engine runs this in its executors)."""
    rows = list(rows)
    for b in range(0, len(rows), batch):
        texts = [story_text(t, (x or "")[:LEDE_FETCH]) for t, x in rows[b:b + batch]]
        vecs = np.asarray(embedder.embed(texts), dtype=np.float32)
        yield from zip(texts, vecs, strict=True)


def story_text(title: str | None, text: str) -> str:
    """Title + lede: what identifies the event (bodies drift into background)."""
    title = (title or "").strip()
    body = text.strip()
    if title and body.startswith(title):
        body = body[len(title):]
    return _WS.sub(" ", f"{title}. {body[:LEDE_CHARS]}").strip()


def story_id(first_article: str) -> str:
    return "s" + hashlib.sha1(first_article.encode()).hexdigest()[:12]


@dataclass
class Assignment:
    article_id: str
    story: int  # index into the clusterer's stories
    similarity: float
    day: int


@dataclass
class StoryClusterer:
    """Online single-pass clustering against open story centroids (pure, no store)."""

    dim: int
    threshold: float = DEFAULT_THRESHOLD
    window_days: int = DEFAULT_WINDOW_DAYS
    link_threshold: float = LINK_THRESHOLD
    link_days: int = LINK_DAYS
    max_span_days: int = MAX_SPAN_DAYS
    ids: list[str] = field(default_factory=list)
    continues: list[str | None] = field(default_factory=list)
    _sums: np.ndarray = field(default=None)  # type: ignore[assignment]
    _n: np.ndarray = field(default=None)  # type: ignore[assignment]
    _first: np.ndarray = field(default=None)  # type: ignore[assignment]
    _last: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self._sums = np.zeros((1024, self.dim), dtype=np.float32)
        self._n = np.zeros(1024, dtype=np.int64)
        self._first = np.zeros(1024, dtype=np.int64)
        self._last = np.zeros(1024, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ids)

    def _grow(self) -> None:
        k = len(self.ids)
        if k < len(self._n):
            return
        cap = 2 * len(self._n)
        for name in ("_sums", "_n", "_first", "_last"):
            old = getattr(self, name)
            new = np.zeros((cap, *old.shape[1:]), dtype=old.dtype)
            new[:k] = old[:k]
            setattr(self, name, new)

    def add_story(self, sid: str, centroid: np.ndarray, n: int, first: int, last: int,
                  continues: str | None = None) -> int:
        """Load a stored story (centroid = L2-normalised mean)."""
        self._grow()
        k = len(self.ids)
        self.ids.append(sid)
        self.continues.append(continues)
        self._sums[k] = centroid * n
        self._n[k], self._first[k], self._last[k] = n, first, last
        return k

    def centroid(self, k: int) -> np.ndarray:
        v = self._sums[k]
        return v / max(float(np.linalg.norm(v)), 1e-9)

    def stats(self, k: int) -> tuple[int, int, int]:
        return int(self._n[k]), int(self._first[k]), int(self._last[k])

    def _normed(self, idx: np.ndarray) -> np.ndarray:
        m = self._sums[idx]
        return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)

    def add(self, article_ids: Sequence[str], days: Sequence[int], vectors: np.ndarray) -> list[Assignment]:
        """Assign articles (any order; processed by day) and return one Assignment each."""
        order = np.argsort(np.asarray(days), kind="stable")
        days_arr = np.asarray(days)[order]
        out: list[Assignment] = []
        start = 0
        while start < len(order):
            day = int(days_arr[start])
            end = start
            while end < len(order) and days_arr[end] == day:
                end += 1
            idx = order[start:end]
            out.extend(self._add_day([article_ids[i] for i in idx], day, vectors[idx]))
            start = end
        return out

    def _add_day(self, aids: list[str], day: int, x: np.ndarray) -> list[Assignment]:
        k = len(self.ids)
        last = self._last[:k]
        first = self._first[:k]
        is_open = (last >= day - self.window_days) & (first <= day) & (first >= day - self.max_span_days)
        open_idx = np.nonzero(is_open)[0]
        link_idx = np.nonzero(~is_open & (last >= day - self.link_days) & (first <= day)
                              & (self._n[:k] >= 2))[0]
        if len(open_idx):
            s_open = x @ self._normed(open_idx).T
            best_open = s_open.argmax(axis=1)
            best_open_sim = s_open[np.arange(len(aids)), best_open]
        else:
            best_open = np.zeros(len(aids), dtype=np.int64)
            best_open_sim = np.full(len(aids), -1.0)
        if len(link_idx):
            s_link = x @ self._normed(link_idx).T
            best_link = s_link.argmax(axis=1)
            best_link_sim = s_link[np.arange(len(aids)), best_link]
        else:
            best_link_sim = np.full(len(aids), -1.0)
            best_link = np.zeros(len(aids), dtype=np.int64)
        new_ids: list[int] = []  # stories opened today
        new_c = np.zeros((0, self.dim), dtype=np.float32)
        out = []
        for i, aid in enumerate(aids):
            v = x[i]
            target, sim = -1, float(best_open_sim[i])
            if sim >= self.threshold:
                target = int(open_idx[best_open[i]])
            if new_ids:
                s_new = new_c @ v
                j = int(s_new.argmax())
                if s_new[j] > max(sim, self.threshold - 1e-9) or (target < 0 and s_new[j] >= self.threshold):
                    target, sim = new_ids[j], float(s_new[j])
            if target < 0:
                cont = None
                if best_link_sim[i] >= self.link_threshold:
                    cont = self.ids[int(link_idx[best_link[i]])]
                target = self.add_story(story_id(aid), v, 1, day, day, cont)
                new_ids.append(target)
                new_c = np.vstack([new_c, v[None, :]])
                sim = 1.0
            else:
                self._sums[target] += v
                self._n[target] += 1
                self._last[target] = max(int(self._last[target]), day)
                if target in new_ids:
                    j = new_ids.index(target)
                    new_c[j] = self.centroid(target)
            out.append(Assignment(aid, target, sim, day))
        return out


def ctfidf_keywords(docs: dict[Any, str | list[str]], top: int = 6, min_df: int = 1) -> dict[Any, list[str]]:
    """Class-based TF-IDF: the ``top`` terms that set each class's text apart from the others.

    A class given as a list of member texts only offers terms found in at least two members
    (in one member when it has only one): a rare word from one lede is not a story's label.
    """
    if not docs:
        return {}
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import CountVectorizer

    keys = list(docs)
    members: list[str] = []
    owner: list[int] = []
    for i, k in enumerate(keys):
        v = docs[k]
        for m in [v] if isinstance(v, str) else v:
            members.append(m)
            owner.append(i)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vec = CountVectorizer(stop_words=sorted(ENGLISH_STOP_WORDS | LABEL_STOP_WORDS), min_df=min_df, token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z\-']{2,}\b",
                          max_features=200_000)
    try:
        per_member = vec.fit_transform(members).tocsr().astype(np.float32)
    except ValueError:  # only stop words
        return {k: [] for k in keys}
    group = csr_matrix((np.ones(len(owner), dtype=np.float32), (owner, np.arange(len(owner)))),
                       shape=(len(keys), len(owner)))
    tf = (group @ per_member).tocsr()
    present = per_member.copy()
    present.data[:] = 1.0
    df_in = (group @ present).tocsr()
    sizes = np.asarray(group.sum(axis=1)).ravel()
    terms = vec.get_feature_names_out()
    words_per_class = float(tf.sum()) / max(len(keys), 1)
    freq = np.asarray(tf.sum(axis=0)).ravel()
    idf = np.log1p(words_per_class / np.maximum(freq, 1.0))
    w = tf.multiply(idf).tocsr()
    out = {}
    for r, k in enumerate(keys):
        row = w.getrow(r)
        if row.nnz == 0:
            out[k] = []
            continue
        need = 2.0 if sizes[r] >= 2 else 1.0
        dfr = df_in.getrow(r)
        dmap = dict(zip(dfr.indices.tolist(), dfr.data.tolist(), strict=True))
        ok = np.array([dmap.get(int(j), 0.0) >= need for j in row.indices])
        if not ok.any():
            ok[:] = True
        data = np.where(ok, row.data, -1.0)
        order = np.argsort(-data)[:top]
        out[k] = [str(terms[row.indices[o]]) for o in order if data[o] >= 0]
    return out


# --------------------------------------------------------------------------- store
EPOCH = date(1970, 1, 1)


def _day(d: date) -> int:
    return (d - EPOCH).days


def _date(day: int) -> date:
    return EPOCH + timedelta(days=int(day))


@dataclass
class StoriesSummary:
    articles: int = 0
    stories_new: int = 0
    stories_touched: int = 0
    multi_outlet: int = 0
    continuing: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    cluster_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _outlet_info() -> Any:
    """The outlet registry when installed, else None."""
    try:
        from storylens.registry import outlet_registry  # type: ignore[attr-defined]

        return outlet_registry()
    except Exception:  # the registry is optional here
        return None


def _float_setting(settings: Any, name: str, default: float) -> float:
    try:
        return float(getattr(settings, name))
    except (AttributeError, TypeError, ValueError):
        return default


def update_stories(store: Any, settings: Any = None, *, embedder: Embedder | None = None,
                   rebuild: bool = False, batch: int = 20_000) -> StoriesSummary:
    """Assign every article without a story; write touched stories back. Idempotent."""
    t0 = time.monotonic()
    con = store.con
    summary = StoriesSummary()
    if rebuild:
        con.execute("DELETE FROM story_articles")
        con.execute("DELETE FROM stories")
    rows = con.execute(
        "SELECT a.id, coalesce(a.published, CAST(a.ingested_at AS DATE)) AS day, a.title, "
        f"substr(a.text, 1, {LEDE_FETCH}) FROM articles a "
        "WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id) "
        "AND (a.language = 'en' OR a.language IS NULL) ORDER BY day, a.id"
    ).fetchall()
    if not rows:
        summary.seconds = round(time.monotonic() - t0, 3)
        return summary
    embedder = embedder or load_embedder()
    threshold = _float_setting(settings, "story_threshold", DEFAULT_THRESHOLD)
    window = int(_float_setting(settings, "story_window_days", DEFAULT_WINDOW_DAYS))
    first_new = _day(rows[0][1])
    dim = int(getattr(embedder, "dim", 0) or embedder.embed(["probe"]).shape[1])
    cl = StoryClusterer(dim=dim, threshold=threshold, window_days=window)
    stored = con.execute(
        "SELECT id, centroid, articles, first_seen, last_seen, continues, headline, headline_article, "
        "headline_sim FROM stories WHERE last_seen >= ?", [_date(first_new - LINK_DAYS)]
    ).fetchall()
    headline: dict[int, tuple[str | None, str | None, float]] = {}
    for sid, cen, n, first, last, cont, hl, hla, hls in stored:
        if cen is None:  # too old to be reached: its centroid was not kept
            continue
        k = cl.add_story(sid, np.asarray(cen, dtype=np.float32), int(n), _day(first), _day(last), cont)
        headline[k] = (hl, hla, float(hls or 0.0))
    loaded = len(cl)
    titles: dict[str, str] = {}
    assignments: list[Assignment] = []
    for b in range(0, len(rows), batch):
        chunk = rows[b : b + batch]
        te = time.monotonic()
        vecs = np.asarray(embedder.embed([story_text(r[2], r[3]) for r in chunk]), dtype=np.float32)
        summary.embed_seconds += time.monotonic() - te
        tc = time.monotonic()
        got = cl.add([r[0] for r in chunk], [_day(r[1]) for r in chunk], vecs)
        summary.cluster_seconds += time.monotonic() - tc
        pos = {r[0]: i for i, r in enumerate(chunk)}
        for a in got:
            i = pos[a.article_id]
            titles[a.article_id] = (chunk[i][2] or "").strip()
            k = a.story
            hsim = float(vecs[i] @ cl.centroid(k))
            cur = headline.get(k)
            if titles[a.article_id] and (cur is None or cur[0] is None or hsim > cur[2]):
                headline[k] = (titles[a.article_id], a.article_id, hsim)
        assignments.extend(got)
    touched = sorted({a.story for a in assignments})
    summary.articles = len(assignments)
    summary.stories_new = len(cl) - loaded
    summary.stories_touched = len(touched)
    _write(store, cl, touched, assignments, headline)
    summary.multi_outlet = int(store.scalar(
        "SELECT count(*) FROM stories WHERE len(outlets) > 1") or 0)
    summary.continuing = int(store.scalar("SELECT count(*) FROM stories WHERE continues IS NOT NULL") or 0)
    summary.seconds = round(time.monotonic() - t0, 3)
    summary.embed_seconds = round(summary.embed_seconds, 3)
    summary.cluster_seconds = round(summary.cluster_seconds, 3)
    return summary


def _objects(values: list[Any]) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        arr[i] = v
    return arr


def _write(store: Any, cl: StoryClusterer, touched: list[int], assignments: list[Assignment],
           headline: dict[int, tuple[str | None, str | None, float]]) -> None:
    """Bulk writes through DuckDB's scan of numpy arrays (executemany is ~100x slower here)."""
    con = store.con
    ids = [cl.ids[k] for k in touched]
    # centroids are kept only for stories an update can still reach (see update_stories)
    newest = max((int(cl.stats(k)[2]) for k in touched), default=0)
    con.execute("SET enable_progress_bar = false")
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_sa", {
            "article_id": _objects([a.article_id for a in assignments]),
            "story_id": _objects([cl.ids[a.story] for a in assignments]),
            "similarity": np.array([round(a.similarity, 4) for a in assignments], dtype=np.float64),
            "day": np.array([a.day for a in assignments], dtype=np.int64),
        })
        con.execute("INSERT INTO story_articles (article_id, story_id, similarity, day) "
                    "SELECT article_id, story_id, similarity, DATE '1970-01-01' + CAST(day AS INTEGER) FROM _sa")
        con.unregister("_sa")
        con.register("_touched_src", {"id": _objects(ids)})
        con.execute("CREATE OR REPLACE TEMP TABLE _touched AS SELECT id FROM _touched_src")
        con.unregister("_touched_src")
        # member facts (titles for labels, outlets) come from the store: old and new members alike
        members = con.execute(
            "SELECT s.story_id, a.title, substr(a.text, 1, 200), a.outlet FROM story_articles s "
            "JOIN _touched t ON t.id = s.story_id JOIN articles a ON a.id = s.article_id"
        ).fetchall()
        docs: dict[str, list[str]] = {}
        outlets: dict[str, set[str]] = {}
        for sid, title, lede, outlet in members:
            # labels from headlines: ledes drift into background and bylines (measured on
            # corpus-allsides 2020: "cruise touted biggest brooklyn" vs "stimulus senate trillion deal")
            docs.setdefault(sid, []).append(title or (lede or ""))
            if outlet:
                outlets.setdefault(sid, set()).add(outlet)
        keywords = ctfidf_keywords(dict(docs))
        reg = _outlet_info()
        con.execute("DELETE FROM stories WHERE id IN (SELECT id FROM _touched)")
        cols: dict[str, list[Any]] = {c: [] for c in (
            "id", "label", "keywords", "headline", "headline_article", "headline_sim", "first_seen",
            "last_seen", "articles", "outlets", "countries", "continues", "centroid")}
        for k in touched:
            sid = cl.ids[k]
            n, first, last = cl.stats(k)
            kw = keywords.get(sid, [])
            hl, hla, hls = headline.get(k, (None, None, 0.0))
            outs = sorted(outlets.get(sid, ()))
            countries: list[str] = []
            if reg is not None:
                found = {getattr(reg.lookup(o), "country", None) for o in outs}
                countries = sorted(c for c in found if c)
            for c, v in (("id", sid), ("label", " ".join(kw[:4])), ("keywords", kw), ("headline", hl),
                         ("headline_article", hla), ("headline_sim", float(hls)), ("first_seen", first),
                         ("last_seen", last), ("articles", n), ("outlets", outs), ("countries", countries),
                         ("continues", cl.continues[k]),
                         ("centroid", cl.centroid(k) if last >= newest - LINK_DAYS - cl.window_days else None)):
                cols[c].append(v)
        src = {c: _objects(v) for c, v in cols.items()}
        for c in ("first_seen", "last_seen", "articles"):
            src[c] = np.array(cols[c], dtype=np.int64)
        src["headline_sim"] = np.array(cols["headline_sim"], dtype=np.float64)
        con.register("_st", src)
        con.execute(
            "INSERT INTO stories (id, label, keywords, headline, headline_article, headline_sim, first_seen, "
            "last_seen, articles, outlets, countries, continues, centroid) "
            "SELECT id, label, CAST(keywords AS VARCHAR[]), headline, headline_article, headline_sim, "
            "DATE '1970-01-01' + CAST(first_seen AS INTEGER), DATE '1970-01-01' + CAST(last_seen AS INTEGER), "
            "articles, CAST(outlets AS VARCHAR[]), CAST(countries AS VARCHAR[]), continues, "
            "CAST(centroid AS FLOAT[]) FROM _st"
        )
        con.unregister("_st")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def cluster_texts(ids: Sequence[str], days: Sequence[int], texts: Iterable[str], *,
                  embedder: Embedder | None = None, threshold: float = DEFAULT_THRESHOLD,
                  window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, str]:
    """In-memory clustering (no store): article id -> story id. For evaluation and tests."""
    embedder = embedder or load_embedder()
    vecs = np.asarray(embedder.embed(list(texts)), dtype=np.float32)
    cl = StoryClusterer(dim=vecs.shape[1], threshold=threshold, window_days=window_days)
    return {a.article_id: cl.ids[a.story] for a in cl.add(list(ids), list(days), vecs)}


# -- corpus-stage entry points (storylens.corpus.stage.CORPUS_STAGES) ---------------------------
def articles_behind(store: Any) -> int:
    """Articles the stage would cluster (English or unknown language) not in any story yet."""
    return int(store.con.execute(
        "SELECT count(*) FROM articles a WHERE (a.language = 'en' OR a.language IS NULL) "
        "AND NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id)"
    ).fetchone()[0])


def run_stage(store: Any, settings: Any) -> dict[str, Any]:
    return update_stories(store, settings).as_dict()


def stories_from_vectors(rows: Sequence[dict[str, Any]], vectors: dict[str, np.ndarray], dim: int,
                         settings: Any = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The stories stage on articles embedded elsewhere: (stories rows, story_articles rows).

    ``rows`` hold each article's id, published (ISO date or None), title, text (its first
    ``LEDE_FETCH`` characters suffice), outlet and language; ``vectors`` map each article's
    ``story_text`` to its vector (``story_vectors``). The rows go into a scratch in-memory store
    and ``update_stories`` runs there unchanged, so the clustering, labels, headlines and rows
    are the local stage's own. The Spark engine calls this on its driver: clustering is one
    ordered pass (each article joins the stories open on its day), cheap next to embedding."""
    from storylens.store import Store

    store = Store(":memory:")
    try:
        cols = ("id", "published", "title", "text", "outlet", "language")
        data = {c: _objects([r.get(c) for r in rows]) for c in cols}
        data["published"] = _objects([None if r.get("published") is None else str(r["published"])[:10]
                                      for r in rows])
        store.con.register("_in", data)
        store.con.execute(
            "INSERT INTO articles (id, source, source_kind, title, published, language, outlet, text, "
            "raw_text, words) SELECT id, '', '', title, CAST(published AS DATE), language, outlet, "
            "text, '', 0 FROM _in")
        store.con.unregister("_in")
        embedder = PrecomputedEmbedder(vectors, dim)
        update_stories(store, settings, embedder=embedder)
        if embedder.misses:
            log.warning("stories: %d texts were not embedded upstream (embedded on the driver)",
                        embedder.misses)
        stories = store.query("SELECT * EXCLUDE (updated_at) FROM stories ORDER BY id")
        members = store.query("SELECT * FROM story_articles ORDER BY article_id")
    finally:
        store.close()
    return stories, members
