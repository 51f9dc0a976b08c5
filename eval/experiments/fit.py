import pickle

import numpy as np
from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.answering.scorer import HAND_SET, SCORER_FEATURES, fit_listwise

D = pickle.load(open(OUT + "/cands.pkl", "rb"))


def sentq(q):
    return q["answerable"] and q["cands"] and "structure_match" not in (q["evidence"] or {})


FEATS = list(SCORER_FEATURES)


def extra(q, c):
    return {}


def rows(q, feats):
    return np.array(
        [[{**c["features"], **extra(q, c)}.get(f, 0.0) for f in feats] for c in q["cands"]]
    )


def top1(qs, w, feats):
    n = 0
    for q in qs:
        s = rows(q, feats) @ w
        n += q["cands"][int(np.argmax(s))]["hit"]
    return n


def run(feats, l2s=(0.1, 0.3, 1, 3)):
    dev = [q for q in D if q["split"] in ("lancashire-dev", "real-dev") and sentq(q)]
    lists = []
    for q in dev:
        h = np.array([c["hit"] for c in q["cands"]], float)
        if h.any() and not h.all():
            lists.append((rows(q, feats), h / h.sum()))
    hand = np.array([HAND_SET.weights.get(f, 0) for f in feats])
    res = {}
    for sp in ["lancashire-dev", "real-dev", "lancashire-test", "real-test"]:
        qs = [q for q in D if q["split"] == sp and sentq(q)]
        res[sp] = [len(qs), top1(qs, hand, feats)]
    for l2 in l2s:
        w = fit_listwise(lists, l2)
        for sp in res:
            qs = [q for q in D if q["split"] == sp and sentq(q)]
            res[sp].append(top1(qs, w, feats))
        print("l2", l2, dict(zip(feats, np.round(w, 2))))
    for sp, v in res.items():
        print(sp, v)


if __name__ == "__main__":
    run(FEATS)
