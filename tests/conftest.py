"""Shared fixtures. Tests may read ../shared (evaluation data); skip cleanly when absent.

``$STORYLENS_SHARED`` points elsewhere (a git worktree outside the checkout's parent
folder, a data mount); every test reaches the data through ``shared_path``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storylens.config import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLENS_SHARED") or ROOT.parent / "shared")
DATA = SHARED / "data"
FIXTURES = Path(__file__).parent / "fixtures"
DEMO = ROOT / "demo" / "corpus"


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (../shared is beside the repository in CI; "
                    "or set STORYLENS_SHARED)")
    return p


@pytest.fixture
def settings() -> Settings:
    return Settings({"clean": False, "enrich": False})


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_path("seed", "seed-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    import json

    return json.loads(shared_path("seed", "seed-article.gold.json").read_text(encoding="utf-8"))


# -- Spark (issue 9) ---------------------------------------------------------------------------
# After a run that started a SparkSession, the full suite's interpreter sometimes aborted at exit
# ("terminate called after throwing an instance of ..."; exit 134) after every test had passed;
# no subset reproduced it. Leave at once with pytest's own status once it has reported.
_EXIT: dict[str, int] = {}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _EXIT["status"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    import os
    import sys

    if "pyspark" in sys.modules and "status" in _EXIT:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT["status"])


def china_mentions(text: str) -> list:
    """What an actor stage finds for China, built by hand: China / Chinese / Beijing, not the Sea
    (the tone tests score the seed's China from these, independent of the actors stage)."""
    import re

    from storylens.types import Mention

    out = []
    for m in re.finditer(r"\b(China|Chinese|Beijing)\b", text):
        if text[m.start():m.start() + 15] == "China Sea" or text[max(0, m.start() - 6):m.end()] == "South China":
            continue
        via = {"China": "name", "Chinese": "demonym", "Beijing": "metonym"}[m.group()]
        out.append(Mention("China", "country", m.start(), m.end(), m.group(), via))
    return out


def text_article(text: str, mentions=(), doc=None):
    """An English Article around ``text`` with the given mentions and parse (tone tests)."""
    from storylens.types import Article

    return Article(id="a1", source="t", source_kind="txt", offset=None, url=None, outlet=None,
                   outlet_name=None, title=None, author=None, published="2021-06-02", language="en",
                   text=text, raw_text=text, doc=doc, mentions=tuple(mentions))


JUDGE_MAYOR = "Protesters praised the brave judge, but the corrupt mayor was booed and ridiculed."


def judge_mayor_probs(model):
    """A tone model's probabilities for the judge and the mayor of one sentence (a model must tell
    two targets of one sentence apart), checked to be two distributions."""
    import numpy as np

    s = JUDGE_MAYOR
    a, b = s.index("judge"), s.index("mayor")
    p = model.predict_targets([(s, a, a + 5), (s, b, b + 5)])
    assert p.shape == (2, 3) and np.allclose(p.sum(1), 1.0, atol=1e-5)
    return p


def assert_batch_invariant(model) -> None:
    """A target reads the same alone and padded in a batch with a longer sentence (transformer
    tone models). int8 with dynamic quantisation computes activation scales per batch, so
    probabilities may move a little with batch-mates; MPNet also derives positions from the
    padding id, which this catches if the pad id is wrong."""
    import numpy as np

    s1 = "The minister was cleared of all charges and praised for her work."
    s2 = ("In a long and winding statement that touched on trade, tariffs, the weather and many other "
          "matters, officials in Ruritania denounced the neighbouring government as a gang of thieves.")
    one = model.predict_targets([(s1, 4, 12)])
    both = model.predict_targets([(s2, s2.index("Ruritania"), s2.index("Ruritania") + 9), (s1, 4, 12)])
    assert np.allclose(one[0], both[1], atol=0.08), (one[0], both[1])
    assert int(one[0].argmax()) == int(both[1].argmax())


_SMALL_BODY = ("The port authority said on Tuesday that container traffic rose for the third month in a row, "
        "driven by exports of machinery and electronics to neighbouring countries. Officials expect the "
        "trend to continue through the summer as new berths open and shipping lines add calls. ")
_SMALL_OTHER = ("A regional court ruled that the city must publish the minutes of its water board meetings, "
         "ending a two-year dispute with residents who asked how drought restrictions were decided. ")


def narrative_hits(text: str, title: str | None = None, packs: object = "china") -> set[str]:
    """The narratives the keyword route finds in ``text`` (no encoder): ``packs`` is a built-in list
    ("china", "china,climate") or pack objects."""
    from storylens.corpus.narratives import detect, load_packs, text_sentences

    packs = load_packs(packs) if isinstance(packs, str) else packs
    return {h.narrative for h in detect(text_sentences(text, title), packs)}


def assert_bad_pack(folder: Path, body: str, message: str) -> None:
    """Loading a narrative pack whose YAML is ``body`` fails with an error matching ``message``."""
    from storylens.corpus.narratives import load_pack
    from storylens.corpus.narratives.schema import NarrativePackError

    p = folder / "bad.yaml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(NarrativePackError, match=message):
        load_pack(p)


def _write_small_corpus(folder: Path) -> Path:
    rows = [
        {"url": "https://wire.example/port", "title": "Port traffic rises again", "text": _SMALL_BODY * 2,
         "date": "2024-05-02", "outlet": "Wire"},
        {"url": "https://paper.example/port", "title": "Port traffic rises again", "text": _SMALL_BODY * 2,
         "date": "2024-05-03", "outlet": "Paper"},
        {"url": "https://paper.example/court", "title": "Court orders water board minutes", "text": _SMALL_OTHER * 3,
         "date": "2024-05-03", "outlet": "Paper"},
    ]
    folder.mkdir()
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


@pytest.fixture
def small_corpus():
    """Three JSONL articles, two of them copies across outlets: enough for stories and syndication.
    Call it with the folder to create."""
    return _write_small_corpus
