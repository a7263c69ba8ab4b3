"""Tone from one encoder pass per sentence: every target of the sentence marked at once.

The ``transformer`` and ``mpnet`` models run one encoder pass per *mention* (the target
between two marker tokens). An article's mentions crowd into few sentences (AllSides:
3,305 mentions in 1,225 sentences), so this model marks *every* target of a sentence in
one sequence — ``[CLS] ... [unused0] China [unused1] ... [unused0] Japan [unused1] ... [SEP]``
— runs the encoder once, and classifies each target from [CLS] and its own opening
marker's state. The head is a linear layer applied in numpy to the encoder's hidden
states (the ONNX graph returns them), so the same pass could also hand per-sentence
vectors to another stage.

The encoders are the shipped ones (the MiniLM ``transformer`` and the ``mpnet`` model),
trained with one marked target per sequence; marking all of a sentence's targets at once
was measured on NewsMTSC before it was adopted (docs/tone.md: held-out train and devtest_mt
kept their macro-F1). ``from_target_graph`` opens such a model's ONNX graph, exposes the
encoder's last hidden states (the tensor the graph's target gather reads) as an extra output,
and lifts the head (the final Gemm over [CLS] and the marker state) out into numpy.

Sequences: targets whose spans overlap cannot share one sequence, so targets are packed
greedily into as few non-overlapping groups as needed (usually one); a group longer than
``max_len`` falls back to one windowed sequence per target (``TargetEncoder``). Sentences are sorted by length and run in batches. Run time: onnxruntime + tokenizers
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
    load_tokenizer,
    pad_batch,
)
from storylens.errors import StoryLensError
from storylens.loading import ModelCache


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


def _head_weights(g: Any, numpy_helper: Any) -> dict[str, np.ndarray] | None:
    """The linear head (weight (2H, 3), bias) of a per-target graph: a float Gemm (transB)
    as exported, or the int8 MatMulInteger + Add that dynamic quantisation leaves (the
    weight is dequantised here: (q - zero point) * scale, per output column)."""
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    for n in g.node:
        if n.op_type == "Gemm" and "logits" in n.output:
            w = inits[n.input[1]].astype(np.float32)
            trans_b = next((a.i for a in n.attribute if a.name == "transB"), 0)
            return {"weight": w.T if trans_b else w, "bias": inits[n.input[2]].astype(np.float32)}
    add = next((n for n in g.node if n.op_type == "Add" and "logits" in n.output), None)
    mmi = next((n for n in g.node if n.op_type == "MatMulInteger" and n.input[1] in inits), None)
    if add is None or mmi is None:
        return None
    q = inits[mmi.input[1]].astype(np.float32)
    zero = inits[mmi.input[3]].astype(np.float32) if len(mmi.input) > 3 and mmi.input[3] in inits else 0.0
    scale = inits[mmi.input[1].replace("_quantized", "_scale")].astype(np.float32)
    bias = next(inits[i] for i in add.input if i in inits).astype(np.float32)
    return {"weight": (q - zero) * scale, "bias": bias}


class SentenceToneModel:
    """P(negative, neutral, positive) per target, one encoder pass per sentence.

    Same seam as the other tone models: ``predict_targets(items) -> (n, 3)``, ``name``.
    Built by ``from_target_graph`` from a shipped per-target model folder (``model.onnx``,
    ``tokenizer.json``, ``meta.json``): ``hidden`` names the graph's last hidden states,
    ``head`` holds ``weight`` (2H, 3) and ``bias`` (3,).
    """

    _cache: ClassVar[ModelCache[tuple[str, int], SentenceToneModel]] = ModelCache()

    def __init__(self, session: Any, tokenizer: Any, meta: dict[str, Any], head: dict[str, np.ndarray],
                 hidden: str = "hidden", batch_size: int = 32) -> None:
        self.session = session
        self.hidden_name = hidden
        self.meta = meta
        self.encoder = TargetEncoder(tokenizer, int(meta.get("max_len", 128)), meta.get("special"))
        self.weight = np.asarray(head["weight"], np.float32)
        self.bias = np.asarray(head["bias"], np.float32)
        self.batch_size = batch_size
        self.name = meta.get("name", "tone") + "-per-sentence"
        self.needs_parse = False
        self._inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def from_target_graph(cls, folder: str | Path, threads: int = 1) -> SentenceToneModel:
        """The per-target model in ``folder`` (graph inputs input_ids, attention_mask,
        target_index; output logits = Gemm(Concat(hidden[:, 0], gather(hidden, target)))),
        run once per sentence. Cached per (folder, threads)."""
        folder = Path(folder)
        return cls._cache.get((str(folder.resolve()), threads), lambda: cls._read(folder, threads))

    @classmethod
    def _read(cls, folder: Path, threads: int) -> SentenceToneModel:
        ort = _require_onnxruntime()
        _require_tokenizers()
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
        gather = [n for n in g.node if n.op_type == "GatherElements"]
        weights = _head_weights(g, numpy_helper)
        if len(gather) != 1 or weights is None:
            raise StoryLensError(f"{need[0]}: not a per-target tone graph (one target gather, one linear head)")
        hidden = gather[0].input[0]
        g.output.append(onnx.helper.make_tensor_value_info(hidden, onnx.TensorProto.FLOAT, None))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(threads))
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(graph_model.SerializeToString(), sess_options=opts,
                                       providers=["CPUExecutionProvider"])
        return cls(session, load_tokenizer(need[1]), json.loads(need[2].read_text()), weights, hidden=hidden)

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
        order = sorted(range(len(seqs)), key=lambda j: len(seqs[j]))
        for b in range(0, len(order), self.batch_size):
            rows = order[b:b + self.batch_size]
            hs = self.hidden([seqs[j] for j in rows])
            who, feats = [], []
            for r, j in enumerate(rows):
                for i, m in marks[j]:
                    who.append(i)
                    feats.append(np.concatenate([hs[r, 0], hs[r, m]]))
            out[who] = _softmax(np.asarray(feats, np.float32) @ self.weight + self.bias)
        return out

