"""Ask one question and keep every candidate list the answerer scored for it (shared by
`collect.py` and `collect_dev.py`)."""

import _paths  # noqa: F401  (puts the repository on sys.path first)

from qa.models import Unit


def asked_with_candidates(service, question: str, k: int = 10) -> tuple:
    """(answer, [candidate list, ...]) for ``question``: the sentence strategy's observer
    hears each list it scores (more than one when a structured draft falls back to it)."""
    seen: list = []
    service.answerer.sentences.observer = seen.append
    try:
        answer = service.ask(question, k=k)
    finally:
        service.answerer.sentences.observer = None
    return answer, seen


def unit_of(service, candidate) -> Unit:
    """The unit (paragraph) a candidate sentence comes from."""
    index = service.index
    return index.units[int(index.sentence_unit[candidate.row])]
