"""Query encoding with ONNX Runtime: the same model, exported once, faster on CPU.

sentence-transformers' own ONNX backend goes through Hugging Face ``optimum``, whose
releases pin ``transformers<4.58`` and so cannot be installed beside sentence-transformers
6 (pip reports the conflict and would downgrade both). The export is small enough to do
directly: ``torch.onnx.export`` of the model's transformer, then mean or CLS pooling and L2
normalisation in NumPy, exactly as the sentence-transformers modules do them.

The query path uses it as below; `qa build` uses the float32 export, fused, for bulk
embedding (:mod:`qa.index.bulk`), which gives the vectors torch gives, so an index never
depends on the backend chosen to query it.

* ``onnx``: float32, the same vectors as torch (cosine 1.0 to six decimals).
* ``onnx-int8``: weights quantised to int8 (per channel) by
  ``onnxruntime.quantization.quantize_dynamic``; faster still, but query vectors drift a
  little (cosine about 0.99 to float32), so ``qa bench`` reports its gold-set quality
  beside its speed.

Exported files are cached under ``<data_dir>/onnx/<fingerprint>/``; the fingerprint covers
the model's files, the torch version and the quantisation, so a changed model is exported
again rather than silently reused.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import warnings
from pathlib import Path

import numpy as np

from qa.errors import QAError
from qa.runtime import configured_threads

BACKENDS = ("torch", "onnx", "onnx-int8")
# Inputs a BERT-style transformer may take, in the order the export names them.
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxBackendError(QAError):
    """The ONNX query backend cannot be used with this model or installation."""


def _require_runtime():
    try:
        import onnxruntime
    except ImportError as exc:
        raise OnnxBackendError(
            "the onnx query backends need onnxruntime and onnx "
            '(pip install -e ".[onnx]", or `make setup`)'
        ) from exc
    return onnxruntime


def pooling_mode(model) -> str:
    """'mean' or 'cls' for a Transformer + Pooling (+ Normalize) model; else an error."""
    names = [type(m).__name__ for m in model]
    if len(names) < 2 or names[0] != "Transformer" or names[1] != "Pooling":
        raise OnnxBackendError(f"the onnx query backend needs Transformer + Pooling, got {names}")
    if any(n not in ("Transformer", "Pooling", "Normalize") for n in names):
        raise OnnxBackendError(f"the onnx query backend cannot export modules {names}")
    config = model[1].get_config_dict()
    mode = config.get("pooling_mode")
    if mode is None:  # older sentence-transformers: one boolean flag per mode
        flags = [k for k, v in config.items() if k.startswith("pooling_mode_") and v is True]
        legacy = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls"}
        mode = legacy.get(flags[0]) if len(flags) == 1 else None
    if mode not in ("mean", "cls"):
        raise OnnxBackendError(f"the onnx query backend supports mean or CLS pooling, not {mode}")
    return mode


def fingerprint(model_path: str, quantize: bool, fused: bool = False) -> str:
    """Changes whenever the model's files, torch, the quantisation or the fusion change."""
    import torch

    key = f"{model_path}|{torch.__version__}|int8={quantize}"
    if fused:  # unchanged for unfused exports, so their cached files stay valid
        import onnxruntime

        key += f"|fused|ort={onnxruntime.__version__}"
    digest = hashlib.sha256(key.encode())
    folder = Path(model_path)
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(folder)}|{stat.st_size}|{stat.st_mtime_ns}".encode()
                )
    return digest.hexdigest()[:16]


def export(model, target: Path, quantize: bool, fused: bool = False) -> Path:
    """Write ``model``'s transformer to ``target`` as ONNX (int8 weights if ``quantize``;
    attention, LayerNorm and GELU fused by ONNX Runtime's transformer optimiser if
    ``fused``, as the bulk path of :mod:`qa.index.bulk` uses it).

    Written under a temporary name and renamed, so an interrupted export never leaves a
    half-written file where the next run would load it.
    """
    import torch

    target.parent.mkdir(parents=True, exist_ok=True)
    transformer = model[0].auto_model.eval()
    sample = model.tokenizer(["a sample query", "a"], padding=True, return_tensors="pt")
    inputs = [name for name in _INPUTS if name in sample]

    class _LastHidden(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, *tensors):
            return self.transformer(**dict(zip(inputs, tensors, strict=True))).last_hidden_state

    float_path = target.with_suffix(".fp32.tmp")
    axes = {name: {0: "batch", 1: "tokens"} for name in (*inputs, "last_hidden_state")}
    with warnings.catch_warnings(), torch.no_grad():
        # The TorchScript exporter warns that it is deprecated and that some shape checks
        # are traced as constants; the outputs are checked against torch in the tests.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _LastHidden(),
            tuple(sample[name] for name in inputs),
            str(float_path),
            input_names=list(inputs),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,  # the dynamo exporter needs onnxscript; this one needs nothing more
        )
    if fused:
        float_path = _fuse(float_path, target.with_suffix(".fused.tmp"))
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        int8_path = target.with_suffix(".int8.tmp")
        # Per-channel scales: one scale per tensor let query vectors drift further from
        # float32 (`qa bench` reports the per-channel drift). The root-logger hint about
        # optional pre-processing is silenced: it made no difference to the vectors here.
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)
        try:
            # Fused kernels (com.microsoft domain) hide their outputs' types from shape
            # inference; the quantiser is told they are float32, which they are.
            extra = {"DefaultTensorType": 1} if fused else {}  # 1: onnx.TensorProto.FLOAT
            quantize_dynamic(
                str(float_path),
                str(int8_path),
                weight_type=QuantType.QInt8,
                per_channel=True,
                extra_options=extra,
            )
        finally:
            root.setLevel(level)
        float_path.unlink()
        float_path = int8_path
    os.replace(float_path, target)
    return target


def _fuse(source: Path, target: Path) -> Path:
    """``source`` with BERT-style subgraphs fused into single ONNX Runtime kernels (the
    same arithmetic, fewer passes over memory); ``source`` unchanged where the optimiser
    does not understand the model. Heads and hidden size are read from the graph (0)."""
    from onnxruntime.transformers.optimizer import optimize_model

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the optimiser logs every fusion it makes
    try:
        optimised = optimize_model(str(source), model_type="bert", num_heads=0, hidden_size=0)
        optimised.save_model_to_file(str(target))
    except Exception:  # an architecture the optimiser does not know: keep the plain graph
        return source
    finally:
        root.setLevel(level)
    source.unlink()
    return target


class OnnxQueryEncoder:
    """Encodes texts as the sentence-transformers model does, through ONNX Runtime."""

    def __init__(
        self, model, model_path: str, cache_dir: Path, quantize: bool = False, fused: bool = False
    ):
        ort = _require_runtime()
        self.mode = pooling_mode(model)
        self.normalise = type(model[-1]).__name__ == "Normalize"
        self.tokenizer = model.tokenizer
        self.max_tokens = int(model.max_seq_length)
        self.quantize = quantize
        self.path = cache_dir / fingerprint(model_path, quantize, fused) / "model.onnx"
        # Tokenizers are not safe across threads (see Embedder); ONNX Runtime's run is.
        self._lock = threading.Lock()
        options = ort.SessionOptions()
        options.log_severity_level = 3
        # As many threads as torch was given (qa/runtime.py), not one per machine core.
        options.intra_op_num_threads = configured_threads()

        def open_session():
            return ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])

        if not self.path.exists():
            export(model, self.path, quantize, fused)
        try:
            self.session = open_session()
        except Exception:  # a damaged cached file: export again once
            export(model, self.path, quantize, fused)
            self.session = open_session()
        self.inputs = [i.name for i in self.session.get_inputs()]

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            batch = self.tokenizer(
                texts, padding=True, truncation=True, max_length=self.max_tokens,
                return_tensors="np",
            )  # fmt: skip
        feed = {name: np.asarray(batch[name], dtype=np.int64) for name in self.inputs}
        hidden = self.session.run(None, feed)[0]
        if self.mode == "cls":
            vectors = hidden[:, 0]
        else:
            mask = feed["attention_mask"][..., None].astype(np.float32)
            vectors = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        if self.normalise:
            vectors = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
        return np.ascontiguousarray(vectors, dtype=np.float32)
