"""The statistics behind every figure with an interval: CLI, dashboard, JSON API, report and Spark.

Tone toward an actor is aggregated at the ARTICLE level. The mentions of an actor in one
article are not independent draws (one writer, one framing), so an interval over mentions is
too narrow. Each article contributes one score (the mean over its ``tones`` rows for that
actor: the tone stage writes one row per article and actor, so this is a no-op today and a
guard if a future stage writes one row per mention), and a group's interval is a Student-t
interval over those article means. We chose article means over a cluster bootstrap because it
is exact to compute in SQL (count, mean, sample sd per group), deterministic (no resampling
seed) and cheap on 100k-article stores; with a single level of clustering it answers the same
question. The interval is clamped to the score range [-1, 1].

Shares (negative tone, anonymous quotes, share of copy) get Wilson score intervals, which stay
inside [0, 1] and behave at k = 0 and k = n, unlike the normal approximation.
"""

from __future__ import annotations

import json
import math
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

Z95 = 1.959964  # two-sided 95% normal quantile

# One row per article and actor: the unit of every tone aggregate (see the module docstring).
ARTICLE_TONES = (
    "(SELECT article_id, actor, any_value(kind) AS kind, sum(mentions) AS mentions, avg(score) AS score, "
    "mode(label) AS label FROM tones GROUP BY article_id, actor)"
)

# Per-group moments over ARTICLE_TONES aliased ``t``: what ``tone_summary`` needs.
TONE_MOMENTS = (
    "count(*) AS n, avg(t.score) AS mean, stddev_samp(t.score) AS sd, sum(t.mentions) AS mentions, "
    "count(*) FILTER (WHERE t.label = 'negative') AS neg, "
    "count(*) FILTER (WHERE t.label = 'neutral') AS neu, "
    "count(*) FILTER (WHERE t.label = 'positive') AS pos"
)


@lru_cache(maxsize=256)
def t975(df: int) -> float:
    """Two-sided 95% Student-t quantile with ``df`` degrees of freedom."""
    if df <= 0:
        return float("nan")
    from scipy.stats import t

    return float(t.ppf(0.975, df))


def mean_interval(n: int, mean: float | None, sd: float | None,
                  bounds: tuple[float, float] = (-1.0, 1.0)) -> tuple[float | None, float | None]:
    """95% t interval of a mean of ``n`` independent units (articles), clamped to ``bounds``.
    (None, None) when it is undefined (fewer than two units)."""
    if mean is None or n < 2 or sd is None or math.isnan(sd):
        return (None, None)
    half = t975(n - 1) * sd / math.sqrt(n)
    return (max(bounds[0], mean - half), min(bounds[1], mean + half))


def wilson(k: int, n: int) -> tuple[float | None, float | None]:
    """95% Wilson score interval of the share k/n; (None, None) when n is 0."""
    if n <= 0:
        return (None, None)
    p = k / n
    den = 1 + Z95 * Z95 / n
    centre = (p + Z95 * Z95 / (2 * n)) / den
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n)) / den
    return (max(0.0, centre - half), min(1.0, centre + half))


def share(k: int, n: int) -> dict[str, float | None]:
    """A share with its Wilson interval: {share, share_lo, share_hi}."""
    lo, hi = wilson(k, n)
    return {"share": _r(k / n) if n else None, "share_lo": _r(lo), "share_hi": _r(hi)}


def tone_summary(n: int, mean: float | None, sd: float | None, neg: int = 0, neu: int = 0,
                 pos: int = 0, mentions: int | None = None) -> dict[str, Any]:
    """One group's tone figures from its article-level moments (``TONE_MOMENTS``)."""
    n = int(n or 0)
    lo, hi = mean_interval(n, mean, sd)
    nl, nh = wilson(int(neg or 0), n)
    row: dict[str, Any] = {
        "articles": n, "tone": _r(mean), "ci_low": _r(lo), "ci_high": _r(hi),
        "negative": _r(neg / n) if n else None, "neutral": _r(neu / n) if n else None,
        "positive": _r(pos / n) if n else None, "negative_ci": [_r(nl), _r(nh)],
    }
    if mentions is not None:
        row["mentions"] = int(mentions)
    return row


# Article-level error rates per tone model, measured on hand labels (scripts/tone_share_rates.py)
SHARE_RATES = Path(__file__).resolve().parents[1] / "data" / "tone" / "share_rates.json"
MIN_RATE_GAP = 0.2  # below this tpr - fpr the adjustment divides noise by noise


def adjusted_share(observed: float | None, tpr: float, fpr: float) -> float | None:
    """Adjusted classify-and-count (Forman 2005): the share of items truly in a class from the
    share labelled so, a labeller that finds ``tpr`` of the class and wrongly puts ``fpr`` of the
    rest in it; clipped to [0, 1]. None when ``observed`` is or when tpr - fpr < MIN_RATE_GAP."""
    if observed is None or tpr - fpr < MIN_RATE_GAP:
        return None
    return min(1.0, max(0.0, (observed - fpr) / (tpr - fpr)))


@cache
def share_rates(run_label: str) -> dict[str, float] | None:
    """The negative-label rates (tpr, fpr) of the tone model a run recorded ("cascade@0.60"; a
    "+e5" suffix is the multilingual model on other languages, the English rates still hold for
    English), or None when that model was not measured or its adjustment did not help on held-out
    halves (``student``)."""
    if not SHARE_RATES.is_file():
        return None
    models = json.loads(SHARE_RATES.read_text(encoding="utf-8")).get("models", {})
    entry = models.get(run_label.removesuffix("+e5"))
    # only a model whose adjustment helped on held-out halves (``adjust``; the script's two-fold check)
    return dict(entry["negative"]) if entry and entry.get("adjust") else None


def with_adjusted(row: dict[str, Any], rates: dict[str, float] | None, key: str = "negative") -> dict[str, Any]:
    """``row`` with ``{key}_adj``: the negative share ``row[key]`` corrected by ``rates``
    (``share_rates``; None without them), and ``{key}_adj_ci`` from ``{key}_ci`` when the row has
    one. Every place that shows a negative share shows this beside it."""
    adj = adjusted_share(row.get(key), rates["tpr"], rates["fpr"]) if rates else None
    row[f"{key}_adj"] = None if adj is None else round(adj, 4)
    if adj is not None and rates and f"{key}_ci" in row:  # the Wilson bounds through the same map
        row[f"{key}_adj_ci"] = [round(adjusted_share(b, rates["tpr"], rates["fpr"]) or 0.0, 4)
                                for b in row[f"{key}_ci"]]
    return row


def _r(v: float | None) -> float | None:
    return None if v is None else round(float(v), 4)


def two_proportion_z(k1: int, n1: int, k0: int, n0: int) -> tuple[float, float]:
    """z and two-sided p for H0: k1/n1 == k0/n0 (pooled standard error; p from the normal tail).
    Rising and falling narratives (``store/queries/trends.py::rising``)."""
    if n1 == 0 or n0 == 0:
        return 0.0, 1.0
    p = (k1 + k0) / (n1 + n0)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n0))
    if se == 0:
        return 0.0, 1.0
    z = (k1 / n1 - k0 / n0) / se
    return z, math.erfc(abs(z) / math.sqrt(2))
