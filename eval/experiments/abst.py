import collections
import math
import pickle
import re

import numpy as np
from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.answering.calibration import FEATURES, fit_logistic
from qa.text.terms import QUESTION_WORDS

D = pickle.load(open(OUT + "/cands.pkl", "rb"))
vocab, V = pickle.load(open(OUT + "/wv.pkl", "rb"))
vi = {w: i for i, w in enumerate(vocab)}
STOP = set(
    "a an the of to in on for and or is are was were be been do does did has have had with by at from as that this these those it its their they them who what which when where why how can could would should will not no any all some many much there here than then so very our your you we i about into over under after before between more most also just only still same other such per each get got go goes".split()
) | {w.lower() for w in QUESTION_WORDS}
df = collections.Counter()
seen = set()
for q in D:
    for c in q["cands"]:
        if (c["doc"], c["unit"]) in seen:
            continue
        seen.add((c["doc"], c["unit"]))
        df.update(set(re.findall(r"[a-z][a-z'’-]+", c["para_text"].lower())))
N = len(seen)
idf = lambda w: math.log(1 + (N - df[w] + 0.5) / (df[w] + 0.5))


def toks(t):
    return [w for w in re.findall(r"[a-z][a-z'’-]+", t.lower()) if w not in STOP]


def qterms(q):
    cn = set((q.get("doc") or "").split("-")) | {"lancashire", "council", "ofsted"}
    return [w for w in dict.fromkeys(toks(q["question"])) if w in vi and w not in cn]


def soft(q, text):
    qs = qterms(q)
    sw = [w for w in set(toks(text)) if w in vi]
    if not qs or not sw:
        return 0.0, 0.0, 0.0
    S = V[[vi[w] for w in qs]] @ V[[vi[w] for w in sw]].T
    m = S.max(1)
    wt = np.array([idf(w) for w in qs])
    cov = float((wt * m).sum() / wt.sum())
    # worst-matched of the question's rarer half
    order = np.argsort(-wt)
    top = order[: max(1, len(order) // 2)]
    return cov, float(m[top].min()), float(m.min())


rows = []
for q in D:
    ev = q["evidence"] or {}
    if not ev or "structure_match" in ev or ev.get("no_typed_answer") or not q["cands"]:
        continue
    cs = (
        [c for c in q["cands"] if c["typed"]]
        if q["qkind"] in ("number", "percent", "time", "phone", "person", "money")
        else q["cands"]
    )
    cs = cs or q["cands"]
    b = cs[0]
    s1 = soft(q, b["text"])
    s2 = soft(q, b["para_text"])
    rows.append(
        dict(
            split=q["split"],
            y=q["answerable"],
            base=[ev[f] for f in FEATURES],
            soft=[*s1, *s2],
            id=q["id"],
        )
    )
print(len(rows), collections.Counter((r["split"], r["y"]) for r in rows))


def evaluate(sel):
    dev = [r for r in rows if "dev" in r["split"]]
    test = [r for r in rows if "test" in r["split"]]
    X = lambda rs: np.array([sel(r) for r in rs])
    y = lambda rs: np.array([r["y"] for r in rs], float)
    w, b = fit_logistic(X(dev), y(dev), 1.0)
    out = []
    for name, rs in (("dev", dev), ("test", test)):
        p = 1 / (1 + np.exp(-(X(rs) @ w + b)))
        yy = y(rs)
        # AUC
        pos = p[yy == 1]
        neg = p[yy == 0]
        auc = np.mean([(a > n) + (a == n) * 0.5 for a in pos for n in neg])
        # unanswerable recall at FA<=5% threshold chosen on dev
        out.append((name, round(auc, 3)))
    # threshold on dev: max threshold with FA <= 5%
    pd = 1 / (1 + np.exp(-(X(dev) @ w + b)))
    yd = y(dev)
    ths = sorted(pd[yd == 1])
    th = ths[int(0.05 * len(ths))]
    res = []
    for name, rs in (("dev", dev), ("test", test)):
        p = 1 / (1 + np.exp(-(X(rs) @ w + b)))
        yy = y(rs)
        res.append(
            f"{name}: FA={np.mean(p[yy == 1] < th):.3f} unans={np.sum(p[yy == 0] < th)}/{np.sum(yy == 0)}"
        )
    print(out, res)
    return w


print("base")
evaluate(lambda r: r["base"])
print("base+soft sent")
print(evaluate(lambda r: r["base"] + r["soft"][:3]))
print("base+soft all")
print(evaluate(lambda r: r["base"] + r["soft"]))
