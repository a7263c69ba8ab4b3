"""One encoder pass per sentence (storylens.enrich.tone_sentence): packing, the lifted head.

The packing is checked on the shipped MiniLM tokenizer; the head lifted out of an int8
per-target graph is checked against that graph itself on the shipped MiniLM model (23 MB,
a second to load): a sentence with one target must read the same both ways. The MPNet
model's floor through this path is in test_tone_mpnet.py, the student's in
test_tone_student.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from storylens.enrich import tone_transformer
from storylens.enrich.tone_sentence import SentenceToneModel, group_sequences

needs_minilm = pytest.mark.skipif(not tone_transformer.available(),
                                  reason=f"transformer packages not installed: {tone_transformer.INSTALL_HINT}")


@pytest.fixture(scope="module")
def per_target():
    if not tone_transformer.available():
        pytest.skip("transformer packages not installed")
    return tone_transformer.TransformerToneModel.load()


@pytest.fixture(scope="module")
def per_sentence():
    if not tone_transformer.available():
        pytest.skip("transformer packages not installed")
    return SentenceToneModel.from_target_graph(tone_transformer.DATA_DIR)


@needs_minilm
def test_all_targets_of_a_sentence_share_one_sequence(per_target) -> None:
    enc = per_target.encoder
    s = "China and Japan traded accusations while the United Nations urged calm in Tokyo."
    spans = [(s.index(w), s.index(w) + len(w)) for w in ("China", "Japan", "United Nations", "Tokyo")]
    (seq, got), = group_sequences(enc, s, spans)
    assert sorted(k for k, _ in got) == [0, 1, 2, 3]
    assert seq[0] == enc.cls and seq[-1] == enc.sep
    assert seq.count(enc.open) == 4 and seq.count(enc.close) == 4
    for _k, mark in got:
        assert seq[mark] == enc.open


@needs_minilm
def test_overlapping_and_repeated_targets(per_target) -> None:
    enc = per_target.encoder
    s = "The United States Senate voted."
    us, senate = (4, 17), (4, 24)  # "United States" inside "United States Senate"
    groups = group_sequences(enc, s, [us, senate, us])
    assert len(groups) == 2  # overlapping spans cannot share markers
    seen = sorted(k for _seq, got in groups for k, _m in got)
    assert seen == [0, 1, 2]  # every target once; the repeated span reads the same marker
    marks = {k: (i, m) for i, (_seq, got) in enumerate(groups) for k, m in got}
    assert marks[0] == marks[2]


@needs_minilm
def test_too_long_falls_back_to_one_window_per_target(per_target) -> None:
    enc = per_target.encoder
    s = " ".join(["Officials in Ruritania spoke about tariffs and the weather."] * 30)
    spans = [(m, m + 9) for m in range(len(s)) if s.startswith("Ruritania", m)][:3]
    groups = group_sequences(enc, s, spans)
    assert len(groups) == 3 and all(len(seq) <= enc.max_len for seq, _ in groups)


@needs_minilm
def test_lifted_int8_head_reads_as_the_graph_does(per_target, per_sentence) -> None:
    # one target per sentence: the same sequence both ways, so only the head differs (numpy
    # float with dequantised weights vs the graph's int8 MatMulInteger)
    items = [("The minister was cleared of all charges and praised for her work.", 4, 12),
             ("Officials in Ruritania denounced the neighbouring government as thieves.", 13, 22),
             ("The ministry said the talks with Brazil would resume on Monday.", 33, 39)]
    a = per_target.predict_targets(items)
    b = per_sentence.predict_targets(items)
    assert np.allclose(a, b, atol=0.03), (a, b)
    assert (a.argmax(1) == b.argmax(1)).all()
