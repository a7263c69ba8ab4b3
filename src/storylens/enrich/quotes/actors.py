"""Speaker -> actor through the actor registry (``storylens.registry``).

The registry is built by the actors stage; until it is importable, speakers
get no actor (``actor_lookup`` returns None and the stage stores NULL).
"""

from __future__ import annotations

from collections.abc import Callable


def actor_lookup() -> Callable[[str | None, str | None], str | None] | None:
    try:
        from storylens import registry  # noqa: F401
    except ImportError:
        return None
    return None
