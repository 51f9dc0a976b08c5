"""Where the answering sentence stands among a question's candidates, and what quoting the
runner-up too would give, from the dump of collect.py (eval/README.md, "Second sentence").

Per split: sentence answers, those with an answering candidate at all, first, in the first
three; then for each margin M, answers holding a gold answer when the runner-up within M
of the best is quoted too / how many quote two."""

import pickle

from _paths import OUT

D = pickle.load(open(OUT + "/cands.pkl", "rb"))


def sentence_answer(q):
    return q["answerable"] and q["cands"] and "structure_match" not in (q["evidence"] or {})


for split in ["lancashire-dev", "real-dev", "lancashire-test", "real-test"]:
    Q = [q for q in D if q["split"] == split and sentence_answer(q)]
    anyhit = sum(any(c["hit"] for c in q["cands"]) for q in Q)
    top1 = sum(q["cands"][0]["hit"] for q in Q)
    top3 = sum(any(c["hit"] for c in q["cands"][:3]) for q in Q)
    line = [f"{split:16} n={len(Q)} any={anyhit} top1={top1} top3={top3}"]
    for m in [0.97, 0.93, 0.9, 0.85, 0.8]:
        hit = two = 0
        for q in Q:
            cs = q["cands"]
            take = cs[:2] if len(cs) > 1 and cs[1]["score"] >= cs[0]["score"] * m else cs[:1]
            two += len(take) == 2
            hit += any(c["hit"] for c in take)
        line.append(f"{m}:{hit}/{two}")
    print(*line)
