import collections
import math
import pickle
import re
import sys

import fit
import numpy as np
from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.text.terms import QUESTION_WORDS

vocab, V = pickle.load(open(OUT + "/wv.pkl", "rb"))
vi = {w: i for i, w in enumerate(vocab)}
STOP = set(
    "a an the of to in on for and or is are was were be been do does did has have had with by at from as that this these those it its their they them who what which when where why how can could would should will not no any all some many much there here than then so very our your you we i about into over under after before between more most also just only still same other such per each get got go goes".split()
) | {w.lower() for w in QUESTION_WORDS}
docs = set()
df = collections.Counter()
for q in fit.D:
    for c in q["cands"]:
        if c["row"] in docs:
            continue
        docs.add(c["row"])
        df.update(set(re.findall(r"[a-z][a-z'’-]+", c["text"].lower())))
N = len(docs)
idf = lambda w: math.log(1 + (N - df[w] + 0.5) / (df[w] + 0.5))


def toks(t):
    return [w for w in re.findall(r"[a-z][a-z'’-]+", t.lower()) if w not in STOP]


cache = {}


def qterms(q):
    if q["id"] not in cache:
        ws = [w for w in dict.fromkeys(toks(q["question"])) if w in vi]
        # drop council name words
        cn = set((q.get("doc") or "").split("-"))
        ws = [w for w in ws if w not in cn]
        cache[q["id"]] = ws
    return cache[q["id"]]


TH = float(sys.argv[1]) if len(sys.argv) > 1 else 0.6


def soft(q, text):
    qs = qterms(q)
    sw = [w for w in set(toks(text)) if w in vi]
    if not qs or not sw:
        return 0.0, 0.0
    S = V[[vi[w] for w in qs]] @ V[[vi[w] for w in sw]].T
    m = S.max(1)
    wt = np.array([idf(w) for w in qs])
    hard = (m > 0.999).astype(float)
    sm = np.where(m >= TH, m, 0.0)
    return float((wt * sm).sum() / wt.sum()), float(
        (wt * np.maximum(sm - hard, 0)).sum() / wt.sum()
    )


def extra(q, c):
    a, b = soft(q, c["text"])
    return {"soft": a, "softonly": b}


fit.extra = extra
for add in [[], ["soft"], ["softonly"], ["soft", "softonly"]]:
    print("==", add)
    fit.run(fit.FEATS + add, l2s=(0.3, 1))
