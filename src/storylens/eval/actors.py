"""Actor detection quality: set-level precision/recall/F1 on a gold file, beside a baseline.

Gold format (JSONL, one text per line)::

    {"id": "g001", "text": "...", "published": "2023-11-15" | null, "actors": ["China", ...]}

``actors`` lists every registry actor the text mentions, by canonical name: names,
short forms, demonyms and capitals/seats of power count for their country; persons
count for themselves and for the country (or organisation) whose office they held on
``published``; places that contain a name ("South China Sea") and other readings of
ambiguous aliases (Georgia the US state, turkey the bird, Jordan/Chad as names) do not.
Cities other than capitals and seats of power are not mentions of their country.

The baseline is the usual recipe: spaCy's NER (GPE, NORP, LOC, FAC, ORG, PERSON entities)
then a registry lookup of each entity's text (same registry, same person dating), so the
difference measures the phrase matcher, the disambiguation and the persons' offices.

``frames_recall`` scores recall on an independent annotation: the role entities (hero,
villain, victim) of the narrative-framing corpus whose text resolves to a registry actor,
and whether the stage finds that actor in the article.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylens.config import Settings
from storylens.errors import StoryLensError

NER_LABELS = {"GPE", "NORP", "LOC", "FAC", "ORG", "PERSON"}


@dataclass
class Score:
    system: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gid: str, gold: set[str], pred: set[str]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)
        if gold != pred:
            self.errors.append({"id": gid, "missed": sorted(gold - pred), "extra": sorted(pred - gold)})

    def as_dict(self) -> dict[str, Any]:
        return {"system": self.system, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.exists():
        raise StoryLensError(f"gold file not found: {str(p)!r}")
    rows = []
    for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as exc:
            raise StoryLensError(f"{p}:{i} is not JSON: {exc}") from exc
        if "text" not in r or "actors" not in r:
            raise StoryLensError(f"{p}:{i} needs 'text' and 'actors' (see storylens.eval.actors)")
        rows.append(r)
    return rows


def baseline_actors(doc: Any, when: str | None, registry: Any) -> set[str]:
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS:
            continue
        actor = registry.lookup(ent.text.removesuffix("'s").removesuffix("’s"), when)
        if actor is None:
            continue
        out.add(actor.name)
        if actor.kind == "person":
            role = registry.role_at(actor.name, when) if when else None
            extra = role.actor if role else (None if when else registry.actor_of(actor.name))
            if extra:
                out.add(extra)
        elif actor.kind == "organisation" and actor.represents and actor.country:
            out.add(actor.country)
    return out


def evaluate(gold_path: str | Path, settings: Settings | None = None) -> list[Score]:
    from storylens.enrich.actors import ActorStage
    from storylens.enrich.nlp import load_english

    nlp = load_english()
    stage = ActorStage(settings or Settings())
    ours, base = Score("storylens actors"), Score("spaCy NER + registry lookup")
    rows = read_gold(gold_path)
    for r, doc in zip(rows, nlp.pipe([r["text"] for r in rows]), strict=True):
        gold = set(r["actors"])
        when = r.get("published")
        # the gold lists registry actors only; people found by NER alone (via="ner") are outside it
        ours.add(r.get("id", ""), gold, {m.actor for m in stage.mentions(doc, r["text"], when) if m.via != "ner"})
        base.add(r.get("id", ""), gold, baseline_actors(doc, when, stage.registry))
    return [ours, base]


def frames_recall(folder: str | Path, settings: Settings | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
    """Recall of role entities that resolve to registry actors (narrative-framing corpus)."""
    from storylens.enrich.actors import ActorStage
    from storylens.enrich.nlp import load_english

    folder = Path(folder)
    meta, roles = folder / "articles_metadata.tsv", folder / "role_and_frame_annoations.tsv"
    if not meta.exists() or not roles.exists():
        raise StoryLensError(f"{str(folder)!r} is not a narrative-framing folder "
                             "(articles_metadata.tsv and role_and_frame_annoations.tsv)")
    csv.field_size_limit(1 << 30)
    texts: dict[str, tuple[str, str | None]] = {}
    with meta.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row.get("ID") and row.get("text"):
                texts[row["ID"]] = (row["text"], row.get("date") or None)
    stage = ActorStage(settings or Settings())
    reg = stage.registry
    wanted: dict[str, set[str]] = {}
    with roles.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            actor = reg.lookup(row["entity"])
            if actor is None or row["ID"] not in texts:
                continue
            if row["entity"].casefold() in texts[row["ID"]][0].casefold():  # annotated span is in the text
                wanted.setdefault(row["ID"], set()).add(actor.name)
    ids = sorted(wanted, key=lambda x: int(x) if x.isdigit() else 0)[:limit]
    nlp = load_english()
    ours, base = Score("storylens actors"), Score("spaCy NER + registry lookup")
    docs: Iterable[Any] = nlp.pipe([texts[i][0] for i in ids], batch_size=16)
    for i, doc in zip(ids, docs, strict=True):
        text, when = texts[i]
        gold = wanted[i]
        found = {m.actor for m in stage.mentions(doc, text, when)}
        ours.add(i, gold, found & gold)  # recall only: other actors are not annotated
        base.add(i, gold, baseline_actors(doc, when, reg) & gold)
    return [{"system": s.system, "recall": round(s.recall, 4), "entities": s.tp + s.fn, "articles": len(ids)}
            for s in (ours, base)]
