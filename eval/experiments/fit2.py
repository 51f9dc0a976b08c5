import math
import re

import fit
from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

STOP = set(
    "a an the of to in on for and or is are was were be been do does did has have had with by at from as that this these those it its their they them who what which when where why how can could would should will not no any all some many much there here than then so very our your you we i about into over under after before between more most few less least also just only still same other such per each".split()
)


def toks(t):
    return re.findall(r"[a-z][a-z'’-]+", t.lower())


def stem(w):
    for s in ("ing", "ed", "es", "s", "ly"):
        if w.endswith(s) and len(w) - len(s) >= 4:
            return w[: -len(s)]
    return w


WH = re.compile(r"^\s*(?:which|what)\s+(?:sort of |kind of |type of )?([a-z]+)", re.I)


def extra(q, c):
    qt = {stem(w) for w in toks(q["question"]) if w not in STOP}
    st = [stem(w) for w in toks(c["text"]) if w not in STOP]
    nov = sum(w not in qt for w in st) / max(1, len(st))
    m = WH.match(q["question"])
    head = 0.0
    if m and m.group(1).lower() not in STOP:
        head = 1.0 if stem(m.group(1).lower()) in st else 0.0
    caps = re.findall(r"(?<!^)(?<![.:•] )\b[A-Z][a-z]+", c["text"])
    qlow = q["question"].lower()
    newcaps = sum(1 for w in caps if w.lower() not in qlow)
    yn = (
        1.0
        if re.match(r"^\s*(do|does|did|is|are|was|were|can|has|have|will)\b", q["question"], re.I)
        else 0.0
    )
    return {
        "loglen": math.log(1 + len(st)),
        "novelty": nov,
        "head": head,
        "newcaps": min(newcaps, 3) / 3,
        "digit": 1.0 if re.search(r"\d", c["text"]) else 0.0,
        "yn_cos": yn * c["features"]["cosine"],
        "yn_cov": yn * c["features"]["coverage"],
    }


fit.extra = extra
for add in [
    [],
    ["loglen"],
    ["novelty"],
    ["head"],
    ["newcaps"],
    ["digit"],
    ["yn_cos", "yn_cov"],
    ["loglen", "novelty", "head", "newcaps"],
]:
    print("==", add)
    fit.run(fit.FEATS + add, l2s=(0.3, 1))
