"""Reader for the PolNeAR attribution corpus (brat standoff).

Layout: ``DIR/data/<split>/text/<article>.txt`` and
``DIR/data/<split>/attributions/<article>_<annotator>.ann`` (``DIR`` may also
be the ``data`` folder itself). ``T`` lines are
``Tn<TAB>Label start end[;start end...]<TAB>surface`` (the surface may run over
several lines: it is ignored, offsets are what count); ``E`` lines link
``Attribution:Tn Content:Tn Cue:Tn Source:Tn``.

Annotator policy: PolNeAR has several annotators for some articles. We score
each article against ONE annotation, the file of the annotator who comes
first in alphabetical order of the annotator id; the choice is deterministic,
does not look at our predictions, and keeps every article counted once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from storylens.errors import StoryLensError

_T = re.compile(r"^(T\d+)\t(\w+) ([\d ;]+)\t?")
_E = re.compile(r"^(E\d+)\t(.*)$")

Span = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: Span
    cue: Span = ()
    source: Span = ()


@dataclass(slots=True)
class GoldArticle:
    name: str
    annotator: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _spans(raw: str) -> Span:
    out = []
    for part in raw.strip().split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def parse_ann(ann_text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, Span]] = {}
    events: list[dict[str, str]] = []
    for line in ann_text.splitlines():
        m = _T.match(line)
        if m:
            try:
                spans[m.group(1)] = (m.group(2), _spans(m.group(3)))
            except ValueError:
                continue
            continue
        m = _E.match(line)
        if m:
            args = {}
            for item in m.group(2).split():
                role, _, ref = item.partition(":")
                args[role] = ref
            events.append(args)
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue  # attributions without content cannot be scored on content spans
        cue = spans.get(ev.get("Cue", ""), ("", ()))[1]
        source = spans.get(ev.get("Source", ""), ("", ()))[1]
        out.append(GoldAttribution(content[1], cue, source))
    return out


def split_dir(root: str | Path, split: str) -> Path:
    root = Path(root)
    for cand in (root / "data" / split, root / split):
        if (cand / "text").is_dir() and (cand / "attributions").is_dir():
            return cand
    raise StoryLensError(
        f"no PolNeAR split {split!r} under {str(root)!r}: expected {split}/text/*.txt and "
        f"{split}/attributions/*.ann (or data/{split}/...). Pass --polnear DIR pointing at the corpus."
    )


def load_split(root: str | Path, split: str = "dev", limit: int | None = None) -> list[GoldArticle]:
    folder = split_dir(root, split)
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        article, _, _annotator = ann.stem.rpartition("_")
        chosen.setdefault(article, ann)  # sorted: first annotator id wins (see module doc)
    out = []
    for article, ann in sorted(chosen.items()):
        text_path = folder / "text" / f"{article}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        out.append(GoldArticle(article, ann.stem.rpartition("_")[2], text,
                               parse_ann(ann.read_text(encoding="utf-8"))))
        if limit and len(out) >= limit:
            break
    if not out:
        raise StoryLensError(f"no annotated articles in {str(folder)!r}")
    return out
