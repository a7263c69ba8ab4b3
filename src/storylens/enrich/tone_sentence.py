"""Tone from one encoder pass per sentence: every target of the sentence marked at once.

The ``transformer`` and ``mpnet`` models run one encoder pass per *mention* (the target
between two marker tokens). An article's mentions crowd into few sentences (AllSides:
3,305 mentions in 1,225 sentences), so this model marks *every* target of a sentence in
one sequence — ``[CLS] ... [unused0] China [unused1] ... [unused0] Japan [unused1] ... [SEP]``
— runs the encoder once, and classifies each target from [CLS] and its own opening
marker's state. The head is a linear layer applied in numpy to the encoder's hidden
states (the ONNX graph returns them), so the same pass could also hand per-sentence
vectors to another stage.

Two models run this way. ``tone_model=mpnet``: the shipped MPNet model, trained with one
marked target per sequence; ``from_target_graph`` opens its int8 per-target graph, exposes the
encoder's last hidden states (the tensor the graph's target gather reads) as an extra output
and lifts the head (the final linear layer over [CLS] and the marker state, dequantised) out
into numpy. Marking every target at once was measured before it was adopted (docs/tone.md:
devtest_mt 0.8205 vs 0.822 one pass per mention, held-out train 0.837 vs 0.841).
``tone_model=student``: a MiniLM trained this way (``scripts/train_tone_student.py``;
``load``), whose graph returns the hidden states and whose head ships as ``head.npz``.

Sequences: targets whose spans overlap cannot share one sequence, so targets are packed
greedily into as few non-overlapping groups as needed (usually one); a group longer than
``max_len`` falls back to one windowed sequence per target (``TargetEncoder``).
Sentences are sorted by length and run in batches of similar lengths (``length_batches``). Run time: onnxruntime + tokenizers
(``storylens[transformer]``), no torch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from storylens.enrich.tone_transformer import (
    TargetEncoder,
    _require_onnxruntime,
    _require_tokenizers,
    _softmax,
    length_batches,
    load_tokenizer,
    pad_batch,
)
from storylens.errors import StoryLensError
from storylens.loading import ModelCache

# the student (``tone_model=student``): MiniLM reading every target of a sentence at once,
# trained by scripts/train_tone_student.py; its graph returns the hidden states, head.npz the head
DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "tone" / "student"


def _piece_span(enc: TargetEncoder, sentence: str, start: int, end: int) -> tuple[int, int]:
    _ids, st, en = enc._pieces(sentence)
    inside = np.nonzero((en > start) & (st < end))[0]
    if len(inside):
        return int(inside[0]), int(inside[-1]) + 1
    lo = int(np.searchsorted(st, start))
    return lo, lo


def group_sequences(enc: TargetEncoder, sentence: str,
                    spans: Sequence[tuple[int, int]]) -> list[tuple[list[int], list[tuple[int, int]]]]:
    """Sequences for one sentence's targets: [(ids, [(target k, opening-marker index)])].

    Each target of ``spans`` (character offsets) appears in exactly one sequence.
    """
    ids = enc._pieces(sentence)[0]
    pieces = sorted(((*_piece_span(enc, sentence, s, e), k) for k, (s, e) in enumerate(spans)))
    groups: list[list[tuple[int, int, int]]] = []
    for lo, hi, k in pieces:  # first group whose last span ends before this one starts
        for g in groups:
            plo, phi, _ = g[-1]
            if (lo, hi) == (plo, phi) or lo >= phi:
                g.append((lo, hi, k))
                break
        else:
            groups.append([(lo, hi, k)])
    out: list[tuple[list[int], list[tuple[int, int]]]] = []
    for g in groups:
        distinct = sorted({(lo, hi) for lo, hi, _ in g})
        if len(ids) + 2 * len(distinct) + 2 > enc.max_len:
            for _lo, _hi, k in g:  # too long: one windowed sequence per target
                seq, mark = enc(sentence, *spans[k])
                out.append((seq, [(k, mark)]))
            continue
        seq, prev, pos = [enc.cls], 0, {}
        for lo, hi in distinct:
            seq += ids[prev:lo]
            pos[(lo, hi)] = len(seq)
            seq += [enc.open, *ids[lo:hi], enc.close]
            prev = hi
        seq += [*ids[prev:], enc.sep]
        out.append((seq, [(k, pos[(lo, hi)]) for lo, hi, k in g]))
    return out


def _session(model: str | bytes, threads: int) -> Any:
    ort = _require_onnxruntime()
    _require_tokenizers()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = max(1, int(threads))
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])


def _head_weights(g: Any, numpy_helper: Any) -> dict[str, np.ndarray] | None:
    """The linear head (weight (2H, 3), bias) of a per-target graph.

    Either a float Gemm (as exported) or what dynamic quantisation leaves of it:
    ``MatMulInteger -> Cast -> Mul -> Add -> logits``. The MatMulInteger is found by walking
    back from the ``logits`` Add (not by op type: every encoder matrix is one too), and its
    int8 weight is dequantised here, ``(q - zero point) * scale`` per output column. The head
    then runs in float in numpy; with dynamic quantisation the graph would also have
    quantised its input per batch, so the numpy head is, if anything, the closer one to the
    trained float model (checked on devtest_mt and held-out train: docs/tone.md).
    """
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    producer = {o: n for n in g.node for o in n.output}
    for n in g.node:
        if n.op_type == "Gemm" and "logits" in n.output:
            w = inits[n.input[1]].astype(np.float32)
            trans_b = next((a.i for a in n.attribute if a.name == "transB"), 0)
            return {"weight": w.T if trans_b else w, "bias": inits[n.input[2]].astype(np.float32)}
    add = producer.get("logits")
    if add is None or add.op_type != "Add":
        return None
    bias = next((inits[i] for i in add.input if i in inits), None)
    todo, mmi = [i for i in add.input if i not in inits], None
    for _ in range(6):  # Add <- Mul <- Cast <- MatMulInteger: a few steps back at most
        nodes = [producer[i] for i in todo if i in producer]
        mmi = next((n for n in nodes if n.op_type == "MatMulInteger"), None)
        if mmi is not None or not nodes:
            break
        todo = [i for n in nodes for i in n.input if i not in inits]
    if mmi is None or bias is None or mmi.input[1] not in inits:
        return None
    q = inits[mmi.input[1]].astype(np.float32)
    zero = inits[mmi.input[3]].astype(np.float32) if len(mmi.input) > 3 and mmi.input[3] in inits else 0.0
    scale_name = mmi.input[1].removesuffix("_quantized") + "_scale"
    if scale_name not in inits:
        return None
    scale = inits[scale_name].astype(np.float32)
    return {"weight": (q - zero) * scale, "bias": bias.astype(np.float32)}


class SentenceToneModel:
    """P(negative, neutral, positive) per target, one encoder pass per sentence.

    Same seam as the other tone models: ``predict_targets(items) -> (n, 3)``, ``name``.
    Built by ``from_target_graph`` from a shipped per-target model folder (``model.onnx``,
    ``tokenizer.json``, ``meta.json``): ``hidden`` names the graph's last hidden states,
    ``head`` holds ``weight`` (2H, 3) and ``bias`` (3,).
    """

    _cache: ClassVar[ModelCache[tuple[str, int], SentenceToneModel]] = ModelCache()

    def __init__(self, session: Any, tokenizer: Any, meta: dict[str, Any], head: dict[str, np.ndarray],
                 hidden: str = "hidden", batch_size: int = 32, suffix: str = "") -> None:
        self.session = session
        self.hidden_name = hidden
        self.meta = meta
        self.encoder = TargetEncoder(tokenizer, int(meta.get("max_len", 128)), meta.get("special"))
        self.weight = np.asarray(head["weight"], np.float32)
        self.bias = np.asarray(head["bias"], np.float32)
        self.batch_size = batch_size
        self.spread = 1.2  # length_batches: a batch's longest sequence at most ~1.2x its shortest
        self.name = meta.get("name", "tone") + suffix
        self.needs_parse = False
        self._inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, path: str | Path | None = None, threads: int = 1) -> SentenceToneModel:
        """A per-sentence model folder (``model.onnx`` with output ``hidden``, ``head.npz``,
        ``tokenizer.json``, ``meta.json``; the student by default). Cached per (folder, threads)."""
        folder = Path(path) if path is not None else DATA_DIR
        return cls._cache.get((str(folder.resolve()), threads), lambda: cls._read_student(folder, threads))

    @classmethod
    def _read_student(cls, folder: Path, threads: int) -> SentenceToneModel:
        need = [folder / n for n in ("model.onnx", "head.npz", "tokenizer.json", "meta.json")]
        missing = [p.name for p in need if not p.is_file()]
        if missing:
            raise StoryLensError(f"tone model incomplete in {str(folder)!r} (missing {', '.join(missing)}); "
                                 "rebuild it with scripts/train_tone_student.py")
        session = _session(str(need[0]), threads)
        head = dict(np.load(need[1]))
        return cls(session, load_tokenizer(need[2]), json.loads(need[3].read_text()), head, hidden="hidden")

    @classmethod
    def from_target_graph(cls, folder: str | Path, threads: int = 1) -> SentenceToneModel:
        """The per-target model in ``folder`` (graph inputs input_ids, attention_mask,
        target_index; output logits = Gemm(Concat(hidden[:, 0], gather(hidden, target)))),
        run once per sentence. Cached per (folder, threads)."""
        folder = Path(folder)
        return cls._cache.get((str(folder.resolve()), threads), lambda: cls._read(folder, threads))

    @classmethod
    def _read(cls, folder: Path, threads: int) -> SentenceToneModel:
        try:
            import onnx
            from onnx import numpy_helper
        except ImportError as exc:  # pragma: no cover - onnx comes with the mpnet extra
            raise StoryLensError("tone per sentence needs the onnx package: pip install 'storylens[mpnet]'") from exc
        need = [folder / n for n in ("model.onnx", "tokenizer.json", "meta.json")]
        missing = [p.name for p in need if not p.is_file()]
        if missing:
            raise StoryLensError(f"tone model incomplete in {str(folder)!r} (missing {', '.join(missing)}).")
        graph_model = onnx.load(str(need[0]))
        g = graph_model.graph
        # the target gather reads the last layer's output; a BERT graph has another
        # GatherElements in its embeddings (position ids), so take the last one in the graph
        gather = [n for n in g.node if n.op_type == "GatherElements" and "encoder" in n.input[0]]
        weights = _head_weights(g, numpy_helper)
        if not gather or weights is None:
            raise StoryLensError(f"{need[0]}: not a per-target tone graph (a target gather, a linear head)")
        hidden = gather[-1].input[0]
        g.output.append(onnx.helper.make_tensor_value_info(hidden, onnx.TensorProto.FLOAT, None))
        session = _session(graph_model.SerializeToString(), threads)
        return cls(session, load_tokenizer(need[1]), json.loads(need[2].read_text()), weights, hidden=hidden,
                   suffix="-per-sentence")

    def hidden(self, seqs: Sequence[list[int]]) -> np.ndarray:
        """The encoder's last hidden states (batch, seq, H) for padded ``seqs``."""
        ids, mask = pad_batch(seqs, self.encoder.pad)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        if "target_index" in self._inputs:  # the per-target head still runs; its input is unused
            feed["target_index"] = np.zeros(len(seqs), np.int64)
        return self.session.run([self.hidden_name], feed)[0]

    def predict_targets(self, targets: Sequence[tuple[Any, ...]], parse: bool | None = None) -> np.ndarray:
        """Probabilities (n, 3) in LABELS order for (sentence, start, end[, ...]) tuples."""
        items = list(targets)
        out = np.zeros((len(items), 3), np.float32)
        if not items:
            return out
        by_sentence: dict[str, list[int]] = {}
        for i, t in enumerate(items):
            by_sentence.setdefault(t[0], []).append(i)
        self.encoder.encode_many(list(by_sentence))
        seqs: list[list[int]] = []
        marks: list[list[tuple[int, int]]] = []  # (item index, marker position) per sequence
        for sentence, idx in by_sentence.items():
            for seq, got in group_sequences(self.encoder, sentence, [(items[i][1], items[i][2]) for i in idx]):
                seqs.append(seq)
                marks.append([(idx[k], m) for k, m in got])
        for rows in length_batches([len(q) for q in seqs], self.batch_size, self.spread):
            hs = self.hidden([seqs[j] for j in rows])
            who, feats = [], []
            for r, j in enumerate(rows):
                for i, m in marks[j]:
                    who.append(i)
                    feats.append(np.concatenate([hs[r, 0], hs[r, m]]))
            out[who] = _softmax(np.asarray(feats, np.float32) @ self.weight + self.bias)
        return out

