"""Template questions asked of every report of an index: staff's wordings with each
report's council put in, and how many miss (`docs/history.md`: each round's template sweep).

Run over the index of all 99 reports that `make eval-fresh` builds:

    QA_CORPUS_DIR=data/all-corpus QA_INDEX_DIR=data/all-index HF_HUB_OFFLINE=1 \
        .venv/bin/python eval/experiments/sweep.py [--show N]

For each family it prints misses of questions asked, then up to N misses (default 3).
A miss is judged by shape, not against gold answers (there are none for these):

- front page: abstained, or cited neither the front page nor a summary unit (the team
  list of SIF reports); publication-date wordings never miss, because the reports of
  2018 on print no publication date and rightly abstain;
- grades: abstained (except the note that a report gives no overall judgement), or
  answered neither from the judgement table nor with a grade;
- improvements: abstained, or fewer than two citations (one quote where a list was asked);
- people: answered at all (none of the reports names a virtual school head).

The figures before each fix are this command at that fix's parent commit (`git log`).
"""

from __future__ import annotations

import re
import sys

from _paths import ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.pipeline import QAService
from qa.settings import Settings

FRONT_PAGE = [
    "When did the inspection of {c} take place?",
    "When were inspectors in {c}?",
    "What were the inspection dates for {c}?",
    "Who was the lead inspector for {c}?",
    "When did Ofsted visit {c}?",
    "what dates was {c} inspected",
    "when did ofsted inspect {c} childrens services",
    "Who was the HMI for {c}?",
    "What kind of inspection did {c} have?",
    "When did Ofsted publish the {c} report?",
    "when was the {c} inspection",
    "{c} inspection dates",
    "lead inspector {c}",
    "What was the date of {c}'s inspection?",
    "How long did the {c} inspection last?",
]
GRADES = [
    "What rating did {c} get?",
    "{c} ofsted rating",
    "What did Ofsted rate {c}?",
    "How did {c} do in its inspection?",
    "{c} care leavers judgement",
    "What judgement did {c} get for children in care?",
    "Overall effectiveness of {c}",
    "Was {c} judged inadequate?",
    "How was {c} rated overall?",
    "what was {c} graded for help and protection",
    "Is {c} rated good?",
    "How were leaders in {c} judged?",
]
IMPROVEMENTS = [
    "What does {c} need to improve?",
    "What are the areas for improvement for {c}?",
    "What did Ofsted recommend for {c}?",
    "What should {c} do better?",
    "list {c}'s recommendations",
    "What must {c} improve?",
    "{c} recommendations",
    "what are {c}'s weaknesses",
]
PEOPLE = ["What is the name of {c}'s virtual school head?"]  # every third report


def council(doc: str) -> str:
    """The council as a file name spells it ("Stoke On Trent"), as staff might type it."""
    return re.sub(r"-\d{2}-[a-z]+-\d{4}$", "", doc).replace("-", " ").title()


def front_page_miss(question: str, answer) -> bool:
    if "publish" in question.lower():
        return False
    units = [c.unit for c in answer.citations]
    return answer.abstained or not any(u == "frontmatter" or u.startswith("s") for u in units)


def grade_miss(question: str, answer) -> bool:
    if "no overall judgement" in answer.answer:
        return False
    units = [c.unit for c in answer.citations]
    graded = (answer.answer_span or "").startswith("Grade") or "Overall" in answer.answer
    return answer.abstained or not ("findings" in units or graded)


def improvements_miss(question: str, answer) -> bool:
    return answer.abstained or len(answer.citations) < 2


def people_miss(question: str, answer) -> bool:
    return not answer.abstained


def main() -> None:
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 3
    service = QAService.load(Settings())
    docs = sorted(service.index.documents)
    families = [
        ("front page", FRONT_PAGE, docs, front_page_miss),
        ("grades", GRADES, docs, grade_miss),
        ("improvements", IMPROVEMENTS, docs, improvements_miss),
        ("people", PEOPLE, docs[::3], people_miss),
    ]
    for name, templates, chosen, missed in families:
        misses = []
        questions = [t.format(c=council(d)) for d in chosen for t in templates]
        for question in questions:
            answer = service.ask(question)
            if missed(question, answer):
                misses.append((question, answer.answer.replace("\n", " / ")[:100]))
        print(f"{name}: {len(misses)} of {len(questions)} missed")
        for question, said in misses[:show]:
            print(f"    {question} -> {said}")


if __name__ == "__main__":
    main()
