"""Would a bonus put more answering sentences first? From the dump of collect.py
(novelty and role-word bonuses, tried in an early round and not adopted).

Prints, per dev and test split, how many sentence answers have an answering candidate
first under the hand-set weights plus a bonus ``w`` for (a) the share of the sentence's
words absent from the question, (b) for "who" (organisation) questions, a role word
("worker", "officer", "panel") absent from the question; and, for the questions whose
answering sentence is a candidate but not first, on how many each feature of the chosen
sentence is higher than the answering one's."""

import collections
import pickle
import re

from _paths import OUT

from qa.text.terms import stems

D = pickle.load(open(OUT + "/cands.pkl", "rb"))
HAND = {"cosine": 0.5, "coverage": 0.35, "prior": 0.15, "type": 0.15}
SPLITS = ["lancashire-dev", "real-dev", "lancashire-test", "real-test"]
ROLE = re.compile(
    r"\b(workers?|officers?|managers?|leaders?|co-?ordinators?|practitioners?|chairs?|"
    r"directors?|teams?|panels?|boards?|staff|nurses?|doctors?|paediatricians?|advisers?|"
    r"advisors?|consultants?|specialists?|champions?|mentors?|advocates?|IROs?|DCS|LADO|"
    r"company|partners?|agenc(?:y|ies)|charit(?:y|ies)|trusts?|police|schools?|volunteers?|"
    r"carers?|people)\b",
    re.I,
)


def sentence_answers(split, kind=None):
    for q in D:
        if q["split"] != split or not q["answerable"] or not q["cands"]:
            continue
        if "structure_match" in (q["evidence"] or {}):
            continue
        if kind is None or q["qkind"] == kind:
            yield q


def novelty(question, text):
    asked = set(stems([question])[0])
    words = stems([text])[0]
    return sum(w not in asked for w in words) / max(1, len(words))


def role(question, text):
    asked = {m.lower() for m in ROLE.findall(question)}
    return float(any(m.lower() not in asked for m in ROLE.findall(text)))


def first_hits(bonus, w, kind=None):
    out = []
    for split in SPLITS:
        questions = list(sentence_answers(split, kind))
        hits = 0
        for q in questions:
            best = max(
                q["cands"],
                key=lambda c: (
                    sum(HAND[f] * c["features"].get(f, 0.0) for f in HAND)
                    + w * bonus(q["question"], c["text"])
                ),
            )
            hits += best["hit"]
        out.append(f"{split}:{hits}/{len(questions)}")
    return " ".join(out)


print("novelty bonus")
for w in (0, 0.05, 0.1, 0.15, 0.2, 0.3):
    print(f"  w={w}", first_hits(novelty, w))
print("role-word bonus, 'who' questions")
for w in (0, 0.05, 0.1, 0.15, 0.2, 0.3):
    print(f"  w={w}", first_hits(role, w, kind="organisation"))

print("chosen sentence against the answering one, when that is a candidate but not first")
for split in SPLITS:
    higher = collections.Counter()
    n = 0
    for q in sentence_answers(split):
        top = q["cands"][0]
        answering = next((c for c in q["cands"] if c["hit"]), None)
        if top["hit"] or answering is None:
            continue
        n += 1
        for name, value in top["features"].items():
            higher[name] += value > answering["features"].get(name, 0.0) + 1e-9
    print(f"  {split}: n={n}", dict(higher))
