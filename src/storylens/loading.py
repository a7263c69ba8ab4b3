"""One load per process for models and word lists, shared by every stage instance.

Stages load their models in ``__init__`` (once per worker); the same model may be
asked for again by another stage, the eval command or the web process. Each model
class keeps its own ``ModelCache`` (its own lock: loading one model may load another,
as the tone model loads the embeddings).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ModelCache(Generic[K, V]):
    """A thread-safe map key -> loaded object, built on first use."""

    def __init__(self) -> None:
        self._items: dict[K, V] = {}
        self._lock = threading.Lock()

    def get(self, key: K, build: Callable[[], V]) -> V:
        """The object for ``key``, built by ``build()`` the first time (under the lock:
        two threads never load the same model twice)."""
        with self._lock:
            if key not in self._items:
                self._items[key] = build()
            return self._items[key]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
