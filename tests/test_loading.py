"""``ModelCache``: one build per key, also under concurrent first use."""

from __future__ import annotations

import threading
import time

from storylens.loading import ModelCache


def test_builds_once_per_key_across_threads() -> None:
    cache: ModelCache[str, object] = ModelCache()
    builds: list[str] = []

    def build(key: str) -> object:
        builds.append(key)
        time.sleep(0.01)  # a slow load: other threads arrive meanwhile
        return object()

    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get("a", lambda: build("a")))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert builds == ["a"] and len({id(x) for x in got}) == 1
    assert cache.get("b", lambda: build("b")) is not got[0] and builds == ["a", "b"] and len(cache) == 2
    cache.clear()
    cache.get("a", lambda: build("a"))
    assert builds == ["a", "b", "a"]


def test_shipped_models_load_once() -> None:
    from storylens.embeddings import StaticEmbedder
    from storylens.enrich.tone_model import ToneModel

    assert StaticEmbedder.load() is StaticEmbedder.load()
    assert ToneModel.load() is ToneModel.load()
    assert ToneModel.load().featurizer.emb is StaticEmbedder.load()  # the tone model reuses the embeddings
