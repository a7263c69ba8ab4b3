"""Choose the multilingual encoder's claim gate and zero-shot calibrations on English T10 articles.

Everything here reads the train half of the SemEval-2025 T10 shared data only (the dev half is
scored, never fitted on), encoded with multilingual-e5-small:

1. the claim gate by the rule that set MiniLM's (``semantic.CLAIM_MIN``): the 5th percentile of the
   best sentence-to-claim similarity over the (article, narrative) pairs that carry the narrative;
   printed beside MiniLM's, with the share of non-carried pairs each gate lets through;
2. the zero-shot calibration with the two keyword features set to 0 (``ZERO_SHOT_E5_NO_KEYWORDS``:
   a non-English article's English keywords say nothing), scored against ``ZERO_SHOT_E5`` applied
   to the same keywordless features, on both halves.

``OMP_NUM_THREADS=1 STORYLENS_EMBED_CACHE=/tmp/cache python scripts/narratives_i18n_calibrate.py
[--labels ../shared/data/narratives-semeval2025-t10/dev.csv]``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

from storylens.corpus.narratives import load_pack
from storylens.corpus.narratives.semantic import (
    CLAIM_COL,
    CLAIM_MIN_E5,
    KEYWORD_COLS,
    SCOPE_COL,
    ZERO_SHOT_E5,
    gate,
)
from storylens.corpus.narratives.train import f1_samples, fit_calibration
from storylens.eval.narratives import cached_encoder, embedded, read_labels, select_half

ROOT = Path(__file__).resolve().parents[1]
TAXONOMY = ROOT / "src" / "storylens" / "data" / "narratives" / "taxonomies" / "semeval2025_t10.yaml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--labels", default=str(Path(os.environ.get("STORYLENS_SHARED") or ROOT.parent / "shared")
                                                 / "data" / "narratives-semeval2025-t10" / "dev.csv"))
    args = ap.parse_args()
    pack = load_pack(TAXONOMY, builtin=True)
    labels = read_labels(args.labels)
    halves = {h: select_half(labels, h) for h in ("train", "dev")}
    for name in ("minilm", "multilingual"):
        (_, _, x, y), = embedded(halves["train"], [pack], cached_encoder(name))
        sim, scope = x[:, :, CLAIM_COL], x[:, :, SCOPE_COL] > 0
        cut = float(np.percentile(sim[y & scope], 5))
        print(f"{name}: 5th percentile of carried pairs {cut:.3f}; non-carried in-scope pairs passing it "
              f"{(sim[~y & scope] >= cut).mean():.3f}")

    def keywordless(x: np.ndarray) -> np.ndarray:
        x = x.copy()
        x[:, :, list(KEYWORD_COLS)] = 0.0
        return x

    enc = cached_encoder("multilingual")
    data = {h: embedded(items, [pack], enc)[0][2:] for h, items in halves.items()}
    x, y = data["train"]
    cal = fit_calibration(keywordless(x), y, 5, CLAIM_MIN_E5)
    print(f"keywordless calibration (train half): {cal}")
    for half, (x, y) in data.items():
        xx = keywordless(x)
        g = gate(x, CLAIM_MIN_E5)  # zeroing the keyword columns leaves the claim and scope columns as they were
        for label, c, feats in (("ZERO_SHOT_E5, keywords", ZERO_SHOT_E5, x), ("ZERO_SHOT_E5, keywordless", ZERO_SHOT_E5, xx),
                                ("keywordless calibration, keywordless", cal, xx)):
            print(f"  {half}: {label}: F1-samples {f1_samples(y, (c.prob(feats) >= c.threshold) & g):.3f}")
    enc.save()


if __name__ == "__main__":
    main()
