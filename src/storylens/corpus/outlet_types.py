"""Which outlets are wire services or state media (used to break origin ties).

The outlet registry (``storylens.registry.outlet_registry``, issue 4) is the
source of truth: its ``wire`` and ``state-controlled`` outlets win ties. For
domains it does not know (and if it cannot be loaded) a short built-in list of
well-known wires and state media is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import lru_cache

WIRE = "wire"
STATE = "state"

FALLBACK: dict[str, str] = {
    # wires
    "apnews.com": WIRE, "ap.org": WIRE, "reuters.com": WIRE, "afp.com": WIRE, "upi.com": WIRE,
    "bloomberg.com": WIRE, "dpa.com": WIRE, "efe.com": WIRE, "ansa.it": WIRE, "kyodonews.net": WIRE,
    "pti.in": WIRE, "aap.com.au": WIRE, "cp24.com": WIRE, "europapress.es": WIRE, "yna.co.kr": WIRE,
    # state media
    "xinhuanet.com": STATE, "news.cn": STATE, "chinadaily.com.cn": STATE, "globaltimes.cn": STATE,
    "cgtn.com": STATE, "people.com.cn": STATE, "cctv.com": STATE, "ecns.cn": STATE, "tass.com": STATE,
    "tass.ru": STATE, "rt.com": STATE, "sputniknews.com": STATE, "ria.ru": STATE, "presstv.ir": STATE,
    "irna.ir": STATE, "kcna.kp": STATE, "aa.com.tr": STATE, "trtworld.com": STATE, "belta.by": STATE,
    "vnanet.vn": STATE, "prensa-latina.cu": STATE, "telesurtv.net": STATE, "wam.ae": STATE, "spa.gov.sa": STATE,
}


@lru_cache(maxsize=1)
def _registry_lookup() -> Callable[[str], str | None] | None:
    """``domain -> type`` from the outlet registry (issue 4), if it is installed."""
    try:
        mod = importlib.import_module("storylens.registry")
    except ImportError:
        return None
    factory = getattr(mod, "outlet_registry", None)
    if not callable(factory):
        return None
    try:
        reg = factory()
    except Exception:
        return None

    def lookup(domain: str) -> str | None:
        found = reg.lookup(domain)
        return found.type if found is not None else None

    return lookup


@lru_cache(maxsize=65536)
def outlet_type(domain: str | None) -> str | None:
    """The registry's type (wire, state-controlled, public-broadcaster, private, other),
    or the built-in list's (wire, state), or None when unknown."""
    if not domain:
        return None
    domain = domain.lower()
    fn = _registry_lookup()
    if fn is not None:
        try:
            t = fn(domain)
        except Exception:
            t = None
        if t:
            return str(t)
    return FALLBACK.get(domain)


WIRE_OR_STATE = {"wire", "state", "state-controlled"}


def is_wire_or_state(domain: str | None) -> bool:
    return (outlet_type(domain) or "") in WIRE_OR_STATE
