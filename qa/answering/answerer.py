"""Extractive answering: from ranked passages to the sentence(s) that answer, or "not said".

One verb: :meth:`ExtractiveAnswerer.answer`. Nothing is re-encoded here: sentence vectors
were computed at build time and the query vector comes with the retrieval.

- ``grade`` questions are answered from the parsed structure (heading grades and the
  record of main findings) and cite the section's first paragraph;
- ``list`` questions return the items of the matching list, each with its paragraph;
- otherwise the best sentence of the top passages, scored by meaning (cosine), by the
  query terms it contains (idf-weighted) and by its passage's rank, with the shortest
  span of the asked-for kind (a count, percentage, date, duration, time of day, phone
  number, person's name, organisation, place);
- every answer carries a calibrated confidence (:mod:`qa.answering.calibration`); below the
  threshold the answer is "The report does not say", with the closest passages offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qa.answer import NOT_ANSWERED, Answer, Citation, PassageOut
from qa.answering.calibration import Calibration
from qa.answering.counts import count_fit, scored_counts
from qa.answering.question import TITLES, VALUE_REQUIRED, Question, find_spans, unmet_constraints
from qa.index.lexical import tokenize
from qa.index.searchindex import SearchIndex
from qa.models import Unit
from qa.retrieval.retriever import Passage, Retrieval
from qa.text.normalise import heading_key

# Sentence score = weights . (cosine, term coverage, rank prior, type match). Set on the
# gold set's calibration split (eval/README.md); cosine carries meaning, coverage the
# exact terms staff use, the prior keeps answers in the best-ranked paragraphs.
SENTENCE_WEIGHTS = {"cosine": 0.5, "coverage": 0.35, "prior": 0.15, "type": 0.15}
ANSWER_PASSAGES = 3  # passages searched for the answer sentence
LIST_PASSAGES = 5
# Words that shape a question without naming its topic; left out of term coverage
# ("how many" is in every count question and in no answer sentence).
_QUESTION_WORDS = (
    "how many much what which who whom whose when where why does did do is are was were "
    "has have had can could will would should there any"
)
# Heads of organisation and place names, and capitalised adjectives, that a corpus may
# only ever write capitalised ("Foundation Trust", "Morecambe Bay", "White British"):
# never part of a person's name.
_NOT_NAME_WORDS = set(
    "trust foundation council board service services hospital hospitals infirmary clinic "
    "bay valley hill park street road house court centre center partnership team plus "
    "constabulary police university college school academy unit group authority agency "
    "committee forum commission network alliance association society institute "
    "north south east west northern southern eastern western central royal county city "
    "borough district british english spectrum disorder syndrome".split()
)


@dataclass(frozen=True)
class Candidate:
    row: int  # sentence row in the index
    passage_rank: int
    text: str
    score: float
    cosine: float
    coverage: float
    type_match: bool
    typed: bool  # a span of the asked-for kind is in the sentence (fit aside)


class ExtractiveAnswerer:
    def __init__(self, index: SearchIndex, calibration: Calibration):
        self.index = index
        self.calibration = calibration
        self._idf = index.lexical.idf()
        self._question_stems = frozenset(tokenize([_QUESTION_WORDS])[0])

    # -- entry point ----------------------------------------------------------------------
    def answer(self, question: Question, retrieval: Retrieval) -> Answer:
        passages = retrieval.passages
        out_passages = [_passage_out(p) for p in passages]
        if not passages:
            return self._abstain(question, out_passages, 0.0)
        terms = self._terms(retrieval.expanded)
        if question.kind == "definition":
            defined = self._definition_answer(question, out_passages)
            if defined is not None:
                return defined
        if question.kind == "grade":
            graded = self._grade_answer(question, retrieval, terms, out_passages)
            if graded is not None:
                return graded
        candidates = self._candidates(question, retrieval, terms)
        if not candidates:
            return self._abstain(question, out_passages, 0.0)
        # A count, percentage, time, phone number or name is asked for: only a sentence
        # holding one can answer. When none of the top passages has such a sentence, the
        # report does not say, however close the best sentence's topic is.
        no_typed_answer = False
        if question.kind in VALUE_REQUIRED:
            typed = [c for c in candidates if c.typed]
            no_typed_answer = not typed
            candidates = typed or candidates
        best = candidates[0]
        unit = self.index.units[int(self.index.sentence_unit[best.row])]
        features = {
            "dense_top": passages[0].dense,
            "sentence_cos": best.cosine,
            "sentence_coverage": best.coverage,
            "passage_coverage": self._coverage(terms, passages[0].unit.text),
            "type_match": 1.0 if best.type_match else 0.0,
            **self._term_evidence(terms, best.text),
            "unmet_constraint": unmet_constraints(
                retrieval.query, best.text, unit.text[: int(self.index.sentence_spans[best.row][1])]
            ),
        }
        confidence = self.calibration.probability(features)
        if no_typed_answer:
            features["no_typed_answer"] = 1.0  # decided by the rule above, not the model
        if no_typed_answer or confidence < self.calibration.threshold:
            abstained = self._abstain(question, out_passages, confidence)
            return replace(abstained, evidence=features)
        if question.kind == "list":
            listed = self._list_answer(question, retrieval, terms, confidence, out_passages)
            if listed is not None:
                return listed
        answer_text = best.text
        citations = [_citation(unit, best.text)]
        if answer_text.endswith(":"):
            # A sentence that introduces a list answers with the list.
            items = _items_after(unit.text, best.text)
            if items:
                answer_text = "\n".join([best.text, *items])
        span = self._span(question, best.text, retrieval.query) if question.wants_span else None
        # A second sentence from another paragraph, when it is nearly as good, is cited too.
        for other in candidates[1:3]:
            other_unit = self.index.units[int(self.index.sentence_unit[other.row])]
            if other_unit.unit != unit.unit and other.score >= best.score * 0.97:
                citations.append(_citation(other_unit, other.text))
                break
        return Answer(
            question=question.text,
            answer=answer_text,
            answer_span=span,
            abstained=False,
            confidence=round(confidence, 4),
            citations=citations,
            passages=out_passages,
            kind=question.kind,
            evidence=features,
        )

    # -- sentences ------------------------------------------------------------------------
    def _candidates(self, question: Question, retrieval: Retrieval, terms) -> list[Candidate]:
        out: list[Candidate] = []
        top = retrieval.passages[:ANSWER_PASSAGES]
        for rank, passage in enumerate(top):
            rows = self.index.sentences_of(passage.unit_row)
            if not rows:
                continue
            cosines = self.index.sentence_vectors[rows] @ retrieval.query_vector
            for row, cosine in zip(rows, cosines.tolist(), strict=True):
                text = self.index.sentence_text(row)
                if len(text) < 12 or (text.endswith(":") and question.kind != "list"):
                    continue
                coverage = self._coverage(terms, text)
                typed = (
                    self._typed_spans(question.kind, text, retrieval.query)
                    if question.wants_span
                    else []
                )
                # "How many maintained schools": a number right before those words matches
                # better than any number in the sentence.
                type_value = 1.0 if typed else 0.0
                if typed and question.kind == "number" and question.counted:
                    type_value = count_fit(question.counted, text, typed)
                type_match = type_value > 0
                score = (
                    SENTENCE_WEIGHTS["cosine"] * cosine
                    + SENTENCE_WEIGHTS["coverage"] * coverage
                    + SENTENCE_WEIGHTS["prior"] / (1 + rank)
                    + SENTENCE_WEIGHTS["type"] * type_value
                )
                out.append(
                    Candidate(row, rank, text, score, cosine, coverage, type_match, bool(typed))
                )
        out.sort(key=lambda c: -c.score)
        return out

    def _terms(self, query: str) -> list[str]:
        """The question's content terms: interrogatives and auxiliaries carry no topic."""
        stems = tokenize([query])[0]
        return list(dict.fromkeys(t for t in stems if t not in self._question_stems))

    def _coverage(self, terms: list[str], text: str) -> float:
        if not terms:
            return 0.0
        present = set(tokenize([text])[0])
        total = sum(self._idf.get(t, self._idf_default) for t in terms)
        hit = sum(self._idf.get(t, self._idf_default) for t in terms if t in present)
        return hit / total if total else 0.0

    def _term_evidence(self, terms: list[str], sentence: str) -> dict[str, float]:
        """Does the corpus know the question's words, and has the sentence the rarest one?"""
        if not terms:
            return {"unseen_terms": 0.0, "rarest_in_sentence": 0.0}
        default = self._idf_default
        weights = {t: self._idf.get(t, default) for t in terms}
        unseen = sum(w for t, w in weights.items() if t not in self._idf) / sum(weights.values())
        known = [t for t in terms if t in self._idf]
        if not known:
            return {"unseen_terms": unseen, "rarest_in_sentence": 0.0}
        rarest = max(known, key=lambda t: self._idf[t])
        present = set(tokenize([sentence])[0])
        return {"unseen_terms": unseen, "rarest_in_sentence": 1.0 if rarest in present else 0.0}

    @property
    def _idf_default(self) -> float:
        return self._idf.get("", 1.0)

    def _typed_spans(self, kind: str, sentence: str, query: str) -> list[tuple[int, int]]:
        """Spans of the asked-for kind that are not just words of the question itself."""
        asked = query.lower()
        spans = []
        for start, end in find_spans(kind, sentence):
            text = sentence[start:end]
            if text.lower() in asked:
                continue
            if kind == "person" and not self._looks_like_a_name(text):
                continue
            spans.append((start, end))
        return spans

    def _looks_like_a_name(self, text: str) -> bool:
        words = text.replace(".", " ").split()
        if words[0] in TITLES:
            return True
        # A capitalised pair made of words the corpus also writes in lower case is an
        # organisation or a title ("Children's Services"), not a name.
        return not any(
            w.lower() in self.index.lowercase_words or w.lower() in _NOT_NAME_WORDS for w in words
        )

    def _span(self, question: Question, sentence: str, query: str) -> str | None:
        spans = self._typed_spans(question.kind, sentence, query)
        if not spans:
            return None
        counted = scored_counts(question.counted, sentence, spans)
        if counted:
            start, end = counted[0][1]
            return sentence[start:end]
        # Nearest to the words the question shares with the sentence; then the shortest.
        anchors = [
            m.start()
            for word in set(re.findall(r"[a-z]{4,}", query.lower()))
            for m in re.finditer(re.escape(word), sentence.lower())
        ]

        def distance(span: tuple[int, int]) -> tuple[float, int]:
            if not anchors:
                return (0.0, span[1] - span[0])
            centre = (span[0] + span[1]) / 2
            return (min(abs(centre - a) for a in anchors), span[1] - span[0])

        start, end = min(spans, key=distance)
        return sentence[start:end]

    # -- grades ---------------------------------------------------------------------------
    def _grade_answer(self, question, retrieval, terms, out_passages) -> Answer | None:
        """Match the question to a judgement area of the structure, disambiguated by part."""
        q_stems = set(terms)
        docs = {p.unit.doc for p in retrieval.passages[:3]}
        top_sections = {(p.unit.doc, p.unit.part, p.unit.section) for p in retrieval.passages[:3]}
        best = None
        for doc_id, info in self.index.documents.items():
            if docs and doc_id not in docs:
                continue
            for finding in info.findings:
                area = set(tokenize([finding.area])[0])
                if not area:
                    continue
                area_cov = len(area & q_stems) / len(area)
                part = set(tokenize([finding.part or ""])[0]) - area
                part_cov = len(part & q_stems) / len(part) if part else 0.0
                support = any(
                    d == doc_id
                    and pt == finding.part
                    and s
                    and heading_key(s).endswith(heading_key(finding.area))
                    for d, pt, s in top_sections
                )
                score = 2.0 * area_cov + 0.6 * part_cov + (0.5 if support else 0.0)
                if area_cov >= 0.5 or support:
                    key = (score, area_cov)
                    if best is None or key > best[0]:
                        best = (key, doc_id, finding)
        if best is None:
            return None
        _, doc_id, finding = best
        unit = self._section_unit(doc_id, finding.part, finding.area)
        grade_text = f"Grade {finding.grade.number} ({finding.grade.label})"
        if unit is not None:
            quote = _first_sentence(self.index, unit)
            answer = f"{grade_text}: {quote}"
        else:
            unit = next(
                (u for u in self.index.units if u.doc == doc_id and u.kind == "findings"), None
            )
            if unit is None:
                return None
            quote = _findings_line(unit.text, finding.part, finding.area)
            answer = f"{grade_text}: {quote}"
        confidence = min(0.99, 0.6 + 0.4 * best[0][1])
        return Answer(
            question=question.text,
            answer=answer,
            answer_span=grade_text,
            abstained=False,
            confidence=round(confidence, 4),
            citations=[_citation(unit, quote)],
            passages=out_passages,
            kind="grade",
        )

    # -- definitions ----------------------------------------------------------------------
    def _definition_answer(self, question: Question, out_passages) -> Answer | None:
        """An acronym in the question that the corpus defines: quote where it is defined."""
        for token in re.findall(r"[A-Za-z&]{2,10}", question.text):
            acronym = self.index.acronyms.get(token) or next(
                (
                    a
                    for a in self.index.acronyms.values()
                    if a.short.lower() == token.lower()
                    and len(token) >= 3
                    and (token.isupper() or token.lower() not in _COMMON)
                ),
                None,
            )
            if acronym is None:
                continue
            row = self.index.unit_rows.get((acronym.doc, acronym.unit))
            if row is None:
                continue
            unit = self.index.units[row]
            marker = f"({acronym.short})"
            quote = next(
                (
                    self.index.sentence_text(s)
                    for s in self.index.sentences_of(row)
                    if marker in self.index.sentence_text(s)
                ),
                None,
            )
            if quote is None:
                continue
            return Answer(
                question=question.text,
                answer=quote,
                answer_span=acronym.long,
                abstained=False,
                confidence=0.99,
                citations=[_citation(unit, quote)],
                passages=out_passages,
                kind="definition",
            )
        return None

    def _section_unit(self, doc: str, part: str | None, area: str) -> Unit | None:
        key = heading_key(area)
        for unit in self.index.units:
            if (
                unit.doc == doc
                and unit.part == part
                and unit.kind == "paragraph"
                and unit.section
                and heading_key(unit.section.split(" > ")[-1]) == key
            ):
                return unit
        return None

    # -- lists ----------------------------------------------------------------------------
    def _list_answer(self, question, retrieval, terms, confidence, out_passages):
        """Items of the best-matching list(s) in the top passages, each with its paragraph."""
        q_words = set(re.findall(r"[a-z]+", question.text.lower()))
        groups = []  # (score, rank, unit, heading, items)
        for rank, passage in enumerate(retrieval.passages[:LIST_PASSAGES]):
            for heading, items in _lists_in(passage.unit.text):
                words = set(re.findall(r"[a-z]+", heading.lower()))
                overlap = len(words & q_words) / len(words) if words else 0.0
                groups.append((overlap, -rank, passage.unit, heading, items))
        if not groups:
            return None
        groups.sort(key=lambda g: (g[0], g[1]), reverse=True)
        best_overlap = groups[0][0]
        chosen = [g for g in groups if g[0] == best_overlap and best_overlap > 0] or groups[:1]
        lines, citations = [], []
        for _, _, unit, heading, items in chosen[:2]:
            lines.append(f"{heading} (¶{unit.paragraph})" if heading else f"¶{unit.paragraph}")
            lines.extend(items)
            for item in items:
                citations.append(_citation(unit, item))
        return Answer(
            question=question.text,
            answer="\n".join(lines),
            answer_span=None,
            abstained=False,
            confidence=round(confidence, 4),
            citations=citations,
            passages=out_passages,
            kind="list",
        )

    # -- abstaining -----------------------------------------------------------------------
    def _abstain(self, question: Question, passages: list[PassageOut], confidence: float):
        return Answer(
            question=question.text,
            answer=NOT_ANSWERED,
            answer_span=None,
            abstained=True,
            confidence=round(1.0 - confidence, 4),
            citations=[],
            passages=passages,
            kind=question.kind,
        )


# ---------------------------------------------------------------------------------------


def _passage_out(p: Passage) -> PassageOut:
    u = p.unit
    return PassageOut(u.doc, u.paragraph, u.unit, round(p.score, 6), u.section, u.text)


def _citation(unit: Unit, quote: str) -> Citation:
    return Citation(
        doc=unit.doc,
        paragraph=unit.paragraph,
        unit=unit.unit,
        part=unit.part,
        section=unit.section,
        grade=unit.grade.label if unit.grade else None,
        page=unit.page,
        quote=quote,
    )


def _first_sentence(index: SearchIndex, unit: Unit) -> str:
    rows = index.sentences_of(index.unit_rows[(unit.doc, unit.unit)])
    return index.sentence_text(rows[0]) if rows else unit.text.split("\n")[0]


# Short English words that are also acronyms in some reports ("CART"): only matched in capitals.
_COMMON = {"cart", "pep", "sen", "yot", "class", "mash", "care", "plan", "team"}


def _findings_line(text: str, part: str | None, area: str) -> str:
    """The line of the rendered findings table for ``area`` inside ``part``'s block."""
    lines = text.split("\n")
    in_part = part is None
    for line in lines:
        if part is not None and line == f"{part}:":
            in_part = True
            continue
        if in_part and heading_key(line).startswith(heading_key(area)):
            return line
    return lines[0]


_ITEM = re.compile(r"^\s*(?:[-\u2022\u2013*]\s+)?(.+)$")


def _lists_in(text: str) -> list[tuple[str, list[str]]]:
    """[(heading, items)] for each list in a unit's text; a heading is a line ending in ':'."""
    out: list[tuple[str, list[str]]] = []
    heading, items = "", []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.endswith(":") and len(line) < 80:
            if items:
                out.append((heading, items))
            heading, items = line.rstrip(":"), []
        elif heading and index > 0:
            items.append(_ITEM.match(line).group(1).strip())
    if items:
        out.append((heading, items))
    return out


def _items_after(text: str, intro: str) -> list[str]:
    for heading, items in _lists_in(text):
        if heading and intro.startswith(heading):
            return items
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line == intro:
            return [ln[2:] if ln.startswith("- ") else ln for ln in lines[i + 1 :]]
    return []
