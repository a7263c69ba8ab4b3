"""The int8 build is checked against the float graph and falls back to 7-bit weights.

Why: on an AVX2-only CPU (no VNNI) onnxruntime's full-range per-channel int8 MPNet tone model
answered nonsense (devtest_mt macro-F1 0.22 instead of 0.82) without any error."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
import onnxruntime.quantization as oq

from storylens.enrich import tone_base as tb
from storylens.errors import StoryLensError


def _fake(monkeypatch, cosines: dict[bool, float]) -> list[bool]:
    calls: list[bool] = []

    def quantize_dynamic(src, dst, **kw):
        calls.append(kw["reduce_range"])
        Path(dst).write_bytes(b"7-bit" if kw["reduce_range"] else b"full")

    monkeypatch.setattr(oq, "quantize_dynamic", quantize_dynamic)
    monkeypatch.setattr(tb, "probe_outputs", lambda path, t: None)  # the float graph's (stand-in)
    monkeypatch.setattr(tb, "cosine_to", lambda ref, q, t: cosines[calls[-1]])
    return calls


def test_a_sound_build_keeps_full_range(monkeypatch, tmp_path) -> None:
    calls, said = _fake(monkeypatch, {False: 0.99, True: 0.95}), []
    out = tb.quantise_checked(tmp_path / "f.onnx", tmp_path / "q.onnx", tmp_path / "t.json", said.append)
    assert calls == [False, True] and said == []
    assert out.read_bytes() == b"full" and sorted(p.name for p in tmp_path.iterdir()) == ["q.onnx"]


def test_a_saturated_build_is_replaced_by_the_7_bit_one(monkeypatch, tmp_path) -> None:
    calls, said = _fake(monkeypatch, {False: -0.81, True: 0.989}), []
    out = tb.quantise_checked(tmp_path / "f.onnx", tmp_path / "q.onnx", tmp_path / "t.json", said.append)
    assert calls == [False, True] and out.read_bytes() == b"7-bit"
    assert len(said) == 1 and "reduce_range" in said[0] and "-0.810" in said[0]


def test_the_closer_of_two_sound_builds_is_kept(monkeypatch, tmp_path) -> None:
    # e5 on an AVX2-only CPU: full range 0.991, 7-bit 0.997
    _fake(monkeypatch, {False: 0.991, True: 0.997})
    out = tb.quantise_checked(tmp_path / "f.onnx", tmp_path / "q.onnx", tmp_path / "t.json", lambda m: None)
    assert out.read_bytes() == b"7-bit"


def test_no_sound_build_is_an_error_not_a_model(monkeypatch, tmp_path) -> None:
    _fake(monkeypatch, {False: -0.81, True: 0.3})
    with pytest.raises(StoryLensError, match="disagrees with the float one"):
        tb.quantise_checked(tmp_path / "f.onnx", tmp_path / "q.onnx", tmp_path / "t.json", lambda m: None)


def test_probe_cosine_on_a_real_graph(tmp_path) -> None:
    """The probe feeds a real graph (the shipped MiniLM sentence encoder) and a graph
    compared with itself scores 1."""
    pytest.importorskip("onnx")
    from storylens.enrich.sentence_encoder import DATA_DIR, SentenceEncoder

    try:
        SentenceEncoder.load("minilm")
    except Exception as exc:  # the base weights are an optional install
        pytest.skip(f"sentence encoder not installed: {exc}")
    model = tb.cache_root() / "sentence-minilm" / "model.onnx"
    assert tb.output_cosine(model, model, DATA_DIR / "minilm" / "tokenizer.json") > 0.999
