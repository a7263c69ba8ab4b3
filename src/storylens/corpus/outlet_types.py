"""Which outlets are wire services or state media (used to break origin ties).

The outlet registry (``storylens.registry.outlet_registry``: the packaged
``data/outlets/outlets.yaml`` plus the user's outlet files) is the one source: its
``wire`` and ``state-controlled`` outlets win ties between same-day copies. A domain it
does not know is neither (add it to an outlet file: ``storylens outlets --help``).
"""

from __future__ import annotations

from functools import lru_cache

from storylens.registry import outlet_registry

WIRE_OR_STATE = frozenset({"wire", "state-controlled"})


@lru_cache(maxsize=65536)
def outlet_type(domain: str | None) -> str | None:
    """The registry's type (wire, state-controlled, public-broadcaster, private, other),
    or None for a domain it does not know."""
    if not domain:
        return None
    found = outlet_registry().lookup(domain.lower())
    return str(found.type) if found is not None and found.type else None


def is_wire_or_state(domain: str | None) -> bool:
    return (outlet_type(domain) or "") in WIRE_OR_STATE
