"""Bulk embedding texts/s: torch (Embedder.embed) against the ONNX float32 and int8 bulk
backends (qa/index/bulk.py), on 500 paragraphs and sentences of two real reports, best of
two rounds each, with each backend's worst cosine to torch's vectors. The closing note's
int8 figures (this CPU: AVX2, no VNNI)."""

import os

from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
import time
from pathlib import Path

import numpy as np

from qa.index.bulk import bulk_embedder
from qa.index.embedder import Embedder
from qa.ingest.corpus import load_document
from qa.text.sentences import sentence_spans

texts = []
for d in ["barnet-23-july-2024", "sheffield-21-february-2014"]:
    doc = load_document(Path(ROOT).parent / "shared" / "reports" / f"{d}.pdf")
    for u in doc.units:
        texts.append(u.text)
        texts += [u.text[s:e] for s, e in sentence_spans(u.text)]
rng = np.random.default_rng(0)
texts = [texts[i] for i in rng.choice(len(texts), 500, replace=False)]
print(len(texts), "texts")
e = Embedder().warm_up()
b32 = bulk_embedder(e, "onnx", Path(ROOT) / "data" / "onnx")
b8 = bulk_embedder(e, "onnx-int8", Path(ROOT) / "data" / "onnx")
b32.embed(texts[:8])
b8.embed(texts[:8])
res = {}
for rnd in range(2):
    for name, f in [
        ("torch", lambda: e.embed(texts)),
        ("onnx", lambda: b32.embed(texts)),
        ("int8", lambda: b8.embed(texts)),
    ]:
        t = time.perf_counter()
        v = f()
        dt = time.perf_counter() - t
        res.setdefault(name, []).append((dt, v))
base = min(d for d, _ in res["torch"])
ref = res["torch"][0][1]
for name, runs in res.items():
    dt = min(d for d, _ in runs)
    v = runs[0][1]
    print(
        f"{name}: {len(texts) / dt:.1f} texts/s  x{base / dt:.2f}  min cos to torch {(v * ref).sum(1).min():.4f}"
    )
