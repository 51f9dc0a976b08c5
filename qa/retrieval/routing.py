"""Routing: a question that names a council is answered from that council's report.

Staff hold one report per council per inspection, and ask "How many children were in
care in Luton?" or "What grade did Hull get for care leavers in 2019?". The router finds
the council the question names (the longest name or short form it contains, from the
reports' own front pages and the list of English local authorities in
``qa/retrieval/councils.tsv``) and picks its report:

- the latest one, unless the question names a year (the report published, or inspected,
  in that year) or asks about the "previous" inspection (the one before the latest);
- for an inspection with no report here asked about as the "previous" one, the next
  report, which describes it (:data:`REPORTED_LATER`: only its paragraphs may answer);
  likewise for a year that dates an event rather than an inspection ("the practice model
  York adopted in 2018": the question says nothing of an inspection, its grade or report),
  and for a figure's year up to :data:`NEXT_REPORT_YEARS` before a report;
- the reports of each council when it names several that have reports here;
- every report of that council when the question asks how something changed over time
  ("each time", "over time", "since 2014");
- none, with a plain message, when the corpus holds no report for that council or year:
  the question is never answered from another council's report. (A council with no report
  of its own that the reports do mention, such as a neighbour named in a paragraph, is not
  refused: the question is searched across every report, as if no council were named.)

A question that names no council is not routed (every report is searched). A council
name that is also an ordinary word the corpus uses in lower case ("Reading", "Bury") counts
only when written with a capital, or after "in", "for", "at", "of" or "did" in a question
typed all in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from qa.errors import QAError

DEFAULT_COUNCILS = Path(__file__).with_name("councils.tsv")
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")
# A period ("2011 to 2014", "in 2012-13", "between 2016 and 2018", "2019/20") dates a
# figure, not an inspection: a report published after it ends gives it.
_PERIOD = re.compile(
    r"\b(?:between\s+((?:19|20)\d{2})\s+and|((?:19|20)\d{2})\s*(?:-|–|/|to))\s*"
    r"((?:19|20)\d{2}|\d{2})\b",
    re.I,
)


def _period(start: str, end: str) -> tuple[int, int]:
    """A period's first and last year ("2014", "17" -> (2014, 2017))."""
    return int(start), int(end) if len(end) == 4 else int(start[:2] + end)


def period_starts(text: str) -> dict[int, int]:
    """The first year of each period of two years or more ``text`` names, by the year it
    ends ("the plan for 2014-17": {2017: 2014})."""
    starts = {}
    for match in _PERIOD.finditer(text):
        first, last = _period(match.group(1) or match.group(2), match.group(3))
        if last - first >= 2:
            # Not a financial year ("2014-15", "2019/20"): a figure's year, which a later
            # report gives.
            starts[last] = first
    return starts


def years_in(text: str) -> list[int]:
    """The years ``text`` names, in order; a period counts as the year it ends."""
    years = []
    for match in re.finditer(rf"{_PERIOD.pattern}|{_YEAR.pattern}", text, re.I):
        start, end, single = match.group(1) or match.group(2), match.group(3), match.group(4)
        if single:
            years.append(int(single))
        else:
            first, last = _period(start, end)
            years.append(last if last > first else first)
    return years


_PREVIOUS = re.compile(
    r"\b(previous|prior|earlier|last but one|one before|last time|time before)\b", re.I
)
# A question about an inspection itself (its grade, its report): a year it names is the
# inspection's. A year after a verb of an event ("the model York adopted in 2018",
# "introduced in April 2019"), in a question that says nothing of an inspection, dates
# the event, which any later report may describe.
_ABOUT_INSPECTION = re.compile(
    r"\b(inspect\w*|grade[sd]?|grading|judge[sd]?|judge?ments?|rated|ratings?|reports?|"
    r"ofsted|sif|ilacs|visit(?:ed|s)?)\b",
    re.I,
)
_EVENT_YEAR = re.compile(
    r"\b[a-z]+ed\s+(?:[\w'-]+\s+){0,3}?(?:in|during|by|from)\s+(?:[a-z]+\s+)?(?:19|20)\d\d\b",
    re.I,
)


def _dates_an_event(question: str) -> bool:
    return bool(_EVENT_YEAR.search(question)) and not _ABOUT_INSPECTION.search(question)


# "Is it still 'requires improvement', like in 2021?", "... than in 2014?", "... in
# 2019 compared with 2018?": a year the question compares the latest report with (no
# report of that year asked for). "like" or "as" only after a comma or a "still" ("What
# were caseloads like in 2017?" asks about 2017). Generic English.
_COMPARED_YEAR = (
    r"(?:(?:,\s*|\bstill\b[^?.]{0,60}?\s)(?:just )?(?:like|as)"
    r"(?: it was| they were| it did| they did)?\s+in|"
    r"\bthan(?: it was| they were| it did| they did)?\s+in|\bcompared (?:with|to)(?:\s+in)?)"
    r"\s+(?:the )?((?:19|20)\d{2})\b"
)
COMPARED_YEAR = re.compile(_COMPARED_YEAR, re.I)
_OVER_TIME = re.compile(
    r"\b(each time|every time|every inspection|each inspection|over time|over the years|"
    r"changed|change since|since (?:the |its |their |[\w'-]+'s )?(?:19|20)\d{2}|"
    # "since it was rated inadequate in 2016": the year the change is measured from.
    r"since (?:it|they|the council|[\w'-]+) (?:was|were|had been|got) [^?.]{0,40}?\b(?:19|20)\d{2}|"
    # "since Ofsted last looked at it in 2012": the inspection the change is measured from.
    r"since (?:ofsted|inspectors|the inspectors|the last inspection|its last inspection|"
    r"they were last|it was last|the previous inspection)\b[^?.]{0,40}?\b(?:19|20)\d{2}|"
    # "Is it still 'requires improvement', like in 2021?": a year the question compares with.
    rf"{_COMPARED_YEAR}|"
    r"all (?:the |its |their )?(?:inspections|reports)|"
    # "history" alone is often no inspection's ("their health history"): only a named one.
    r"(?:inspection|grade|grading|judgement|ofsted|rating)s? history)\b",
    re.I,
)
# "North and " / "East & " right before a council's name: the start of a name by ellipsis.
_COORDINATED = re.compile(r"\b((?:[a-z]+\s+)?[a-z]+)\s+(?:and|&|or)\s+$", re.I)
_LEAD_IN = {"in", "for", "at", "of", "did", "does", "from", "about"}
# An official style written before a council's name ("London Borough of Sutton", "the
# Royal Borough of Greenwich", "City of York"). Generic English local-government styles.
_STYLE_BEFORE = re.compile(
    r"\b(?:(?:the )?(?:london|royal|metropolitan|county) borough of|(?:the )?borough of|"
    r"(?:the )?city of|(?:the )?county of) $",
    re.I,
)


class CouncilsFileError(QAError):
    """The councils file cannot be read or has a malformed line."""


@dataclass(frozen=True)
class Council:
    name: str  # "Kingston upon Hull"
    aliases: tuple[str, ...]  # ("Hull", "Hull City")


@dataclass(frozen=True)
class ReportRef:
    doc: str
    council: str
    year: int | None  # published (else inspected)
    inspected: int | None = None  # the year the inspection ended

    def label(self) -> str:
        """How an answer names the report: "Bradford (2023, inspected 2022)"."""
        if self.year is None:
            return self.council
        if self.inspected and self.inspected != self.year:
            return f"{self.council} ({self.year}, inspected {self.inspected})"
        return f"{self.council} ({self.year})"

    def of_year(self, year: int, when: str | None = None) -> bool:
        """Whether the report is of ``year``: published or inspected that year, or only
        the one ``when`` names ("published", "inspected")."""
        if when == "published":
            return year == self.year
        if when == "inspected":
            return year == self.inspected
        return year in (self.year, self.inspected)


# A year that matches no report is often the date of a figure ("at 31 March 2014"),
# which the next report, published within this many years, reports.
NEXT_REPORT_YEARS = 2
# The route's reason when the inspection asked about (a year, "the previous one") has no
# report here and a later report, which describes it, answers instead: its judgement
# table and front page are of another inspection, so only its paragraphs may answer.
REPORTED_LATER = "reported by a later report"


@dataclass(frozen=True)
class Route:
    """Where a question is answered from. ``docs`` empty: every report."""

    council: str | None = None  # the council the question names (official name)
    docs: tuple[str, ...] = ()
    reason: str = "not routed"  # "latest", "year", "previous", "over time", ...
    missing: str | None = None  # the corpus has no report to answer from: say so
    # Every council the question names that has reports here, ``council`` first, when it
    # names more than one ("Who led the inspections of Enfield and Haringey?").
    councils: tuple[str, ...] = ()
    # The councils' names as the question wrote them ("NE Lincs"): not in the JSON; the
    # answerer reads their words as named by the route, not as unknown names.
    written: tuple[str, ...] = ()

    def named(self) -> tuple[str, ...]:
        """The councils whose reports the route holds (the one named, or several)."""
        return self.councils or ((self.council,) if self.council else ())

    def name_words(self) -> frozenset[str]:
        """The words (lower case) of the routed councils' names, official and as the
        question wrote them, hyphens split ("Stoke On Trent" names "Stoke-on-Trent")."""
        names = (*self.named(), *self.written)
        return frozenset(w for name in names for w in re.findall(r"[a-z&]+", name.lower()))

    def shown(self) -> dict | None:
        """What an answer reports about its route: nothing when no report was chosen."""
        return self.to_json() if (self.council or self.docs or self.missing) else None

    def to_json(self) -> dict:
        return {
            "council": self.council,
            "docs": list(self.docs),
            "reason": self.reason,
            "missing": self.missing,
            "councils": list(self.named()),
        }


def load_councils(path: Path | None = DEFAULT_COUNCILS) -> list[Council]:
    """Councils from a ``name<TAB>alias;alias`` file (``#`` starts a comment)."""
    if path is None:
        return []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CouncilsFileError(f"{path}: cannot read councils ({exc})") from exc
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, aliases = (part.strip() for part in line.partition("\t"))
        if not name:
            raise CouncilsFileError(f"{path}:{number}: expected name<TAB>aliases, got {line!r}")
        out.append(Council(name, tuple(a.strip() for a in aliases.split(";") if a.strip())))
    return out


# A compass word that opens a council's name, and the letters staff write for it ("N
# Northants", "NE Lincs", "W Sussex", "S Tyneside"). Generic English abbreviations.
_COMPASS = {
    "north east": "NE",
    "north west": "NW",
    "south east": "SE",
    "south west": "SW",
    "north": "N",
    "south": "S",
    "east": "E",
    "west": "W",
}
_COMPASS_LETTERS = re.compile(r"^(?:" + "|".join(_COMPASS.values()) + r")\s", re.I)
_OPENING_COMPASS = re.compile(
    r"^(" + "|".join(sorted(_COMPASS, key=len, reverse=True)) + r")\s+(?=\S)", re.I
)


def compass_short_forms(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` and, for each that opens with a compass word, the form with its letters
    ("North Northants" -> "N Northants", "North East Lincolnshire" -> "NE Lincolnshire"),
    without repeats."""
    out = list(names)
    for name in names:
        match = _OPENING_COMPASS.match(name)
        if match is not None:
            out.append(f"{_COMPASS[match[1].lower()]} {name[match.end() :]}")
    return tuple(dict.fromkeys(out))


def _name_pattern(alias: str) -> re.Pattern[str]:
    """Where a lower-cased question writes ``alias``: "(s?)" takes a possessive typed
    without its apostrophe ("wigans kids"). A name opening with compass letters is not
    read after an apostrophe ("Ofsted's Tyneside offices" names no "S Tyneside")."""
    before = r"(?<![\w&'\u2019])" if _COMPASS_LETTERS.match(alias) else r"(?<![\w&])"
    return re.compile(rf"{before}{re.escape(alias.lower())}(s?)(?![\w&])")


def key(name: str) -> str:
    """Comparable form of a council name: lower case, "&" as "and", punctuation and the
    words that never distinguish a council ("council", "city of", "borough") dropped."""
    text = name.lower().replace("&", " and ")
    text = re.sub(
        r"\b(council|city of|county of|royal borough of|london borough of|"
        r"metropolitan borough of|borough of|borough|county|city)\b",
        " ",
        text,
    )
    return " ".join(re.findall(r"[a-z0-9]+", text))


class CouncilRouter:
    def __init__(
        self,
        reports: list[ReportRef],
        councils: list[Council],
        lowercase_words: frozenset[str] = frozenset(),
        mentioned: Callable[[str], bool] = lambda name: False,
    ):
        self.reports = reports
        self._mentioned = mentioned
        self._by_council: dict[str, list[ReportRef]] = {}
        for report in reports:
            self._by_council.setdefault(report.council, []).append(report)
        for refs in self._by_council.values():
            refs.sort(key=lambda r: (r.year or 0, r.doc), reverse=True)
        known = {c.name for c in councils}
        # A council whose report is in the corpus but not in the list still routes.
        councils = councils + [Council(name, ()) for name in self._by_council if name not in known]
        self._patterns = [
            (council.name, alias, _name_pattern(alias))
            for council in councils
            for alias in compass_short_forms((council.name, *council.aliases))
        ]
        self._lowercase_words = lowercase_words
        # Every name and short form, comparable (key), for names written by ellipsis.
        self._by_key = {key(alias): name for name, alias, _ in self._patterns}

    def without_council(self, question: str, council: str) -> str:
        """``question`` with every mention of ``council`` (any name or short form the router
        knows, with a possessive "'s" and a following "council") taken out.

        Once a question is routed to a council's report, its name says nothing about which
        paragraph of that report answers: in the report nearly every paragraph that names
        the council ("Children's services in Barnet are good") would otherwise match it
        better than the one about the question's topic.
        """
        out = question
        for name, alias, _ in sorted(self._patterns, key=lambda p: -len(p[1])):
            if name != council:
                continue
            pattern = re.compile(
                rf"(?<![\w&]){re.escape(alias)}(?:['’]?s)?(?:\s+(?:city\s+)?council)?(?![\w&])",
                re.I,
            )
            out = pattern.sub(partial(self._taken_out, alias=alias), out)
        return " ".join(out.split())

    def _taken_out(self, match: re.Match[str], *, alias: str) -> str:
        return " " if self._written_as_name(match.string, match.start(), alias) else match[0]

    def councils_in(self, question: str) -> list[tuple[int, int, str]]:
        """Every council ``question`` names, as (start, end, official name) in the order
        written; where names overlap ("North East Lincolnshire", "Lincolnshire") the
        longest wins."""
        lowered = question.lower()
        found = [
            (match.start(), match.end(), name)
            for name, alias, pattern in self._patterns
            for match in pattern.finditer(lowered)
            if self._written_as_name(question, match.start(), alias)
            and not (match[1] and f"{alias.lower()}s" in self._lowercase_words)
        ]
        kept: list[tuple[int, int, str]] = []
        for start, end, name in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
            if all(end <= s or start >= e for s, e, _ in kept):
                # "the London Borough of Sutton": the style written before the name is
                # part of the name as written (its words ask nothing of a paragraph).
                style = _STYLE_BEFORE.search(question[:start])
                kept.append((style.start() if style else start, end, name))
        for start, end, _ in list(kept):
            elided = self._elided(question, start, end)
            if elided is not None and all(name != elided[2] for _, _, name in kept):
                kept.append(elided)
        return sorted(kept)

    def _elided(self, question: str, start: int, end: int) -> tuple[int, int, str] | None:
        """A council named by ellipsis before ``question[start:end]``: "North and West
        Northamptonshire" names North Northamptonshire too, "East and West Sussex" East
        Sussex. The word(s) before "and" take the place of the written name's first
        word(s), and the result must be a council's name or short form."""
        before = _COORDINATED.search(question[:start])
        if before is None:
            return None
        first = list(re.finditer(r"\S+", before[1]))
        written = question[start:end].split()
        for dropped in (1, 2):
            for taken in (1, 2):
                if dropped >= len(written) or taken > len(first):
                    continue
                words = [m[0] for m in first[-taken:]] + written[dropped:]
                name = self._by_key.get(key(" ".join(words)))
                if name is not None:
                    return before.start(1) + first[-taken].start(), end, name
        return None

    def _written_as_name(self, question: str, start: int, alias: str) -> bool:
        if alias.lower() not in self._lowercase_words:
            return True
        if question[start].isupper():
            return True
        before = question[:start].split()
        return question == question.lower() and bool(before) and before[-1] in _LEAD_IN

    def route(self, question: str) -> Route:
        named = self.councils_in(question)
        if not named:
            return Route()
        written = tuple(dict.fromkeys(question[start:end] for start, end, _ in named))
        return replace(self._route(question, named), written=written)

    def _route(self, question: str, named: list[tuple[int, int, str]]) -> Route:
        previous = bool(_PREVIOUS.search(question))
        over_time = bool(_OVER_TIME.search(question))
        held = list(dict.fromkeys(name for _, _, name in named if self._by_council.get(name)))
        event = _dates_an_event(question)
        if len(held) >= 2:
            return self._several(question, named, held, previous, over_time, event)
        # One council with reports and others without ("Does Hull work with Cornwall?"):
        # the question is about the one whose report is here, which may name the others.
        council = held[0] if held else max(named, key=lambda m: m[1] - m[0])[2]
        years = years_in(question)
        route = self.select(
            council,
            year=years[0] if years else None,
            previous=previous,
            over_time=over_time,
            event=event,
        )
        starts = period_starts(question) if route.missing and years else {}
        if years and years[0] in starts:
            # "the priorities of its plan for 2014-17": no report after the period ends,
            # so a report published during it, the latest, describes the plan.
            for year in range(years[0] - 1, starts[years[0]] - 1, -1):
                during = self.select(council, year=year, previous=previous, event=event)
                if not during.missing:
                    return during
        return route

    def _several(
        self,
        question: str,
        named: list[tuple[int, int, str]],
        held: list[str],
        previous: bool,
        over_time: bool,
        event: bool,
    ) -> Route:
        """The reports of every council a question names ("both Enfield in 2024 and
        Haringey in 2026"): a year written after a council's name, before the next one,
        is that council's; a year written before the first name is every council's."""
        before_first = years_in(question[: named[0][0]])
        docs: list[str] = []
        done: set[str] = set()
        for i, (_, end, name) in enumerate(named):
            if name not in held or name in done:
                continue
            done.add(name)
            stop = named[i + 1][0] if i + 1 < len(named) else len(question)
            own = years_in(question[end:stop])
            years = own or before_first
            route = self.select(
                name,
                year=years[0] if years else None,
                previous=previous,
                over_time=over_time,
                event=event,
            )
            if route.missing:
                return route
            docs.extend(d for d in route.docs if d not in docs)
        return Route(held[0], tuple(docs), "several councils", councils=tuple(held))

    def select(
        self,
        council: str,
        year: int | None = None,
        previous: bool = False,
        over_time: bool = False,
        event: bool = False,
    ) -> Route:
        """The reports of ``council`` a question (or a filter) asks for. ``event``: the
        year dates an event, not an inspection, so the first report after it, however
        much later, may describe it."""
        name = self.canonical(council) or council
        refs = self._by_council.get(name, [])
        if not refs:
            if self._mentioned(name):
                return Route(name, (), "mentioned only")
            return Route(name, (), "no report", f"There is no report for {name} in the corpus.")
        held = ", ".join(str(r.year) for r in refs if r.year)
        if over_time:
            return Route(name, tuple(r.doc for r in refs), "over time")
        if year is not None:
            # "its previous inspection in November 2018": the year of an inspection the
            # corpus holds no report of is reported, as the previous one, by the next report.
            within = 100 if previous or event else NEXT_REPORT_YEARS
            own = [r for r in refs if r.of_year(year)]
            match = own or sorted(
                (r for r in refs if r.year and year < r.year <= year + within),
                key=lambda r: r.year or 0,
            )
            if not match:
                return Route(
                    name,
                    (),
                    "no report that year",
                    f"There is no {year} report for {name} in the corpus"
                    + (f" (it holds {held})." if held else "."),
                )
            return Route(name, (match[0].doc,), "year" if own else REPORTED_LATER)
        if previous:
            if len(refs) < 2:
                # Only the latest report is here; what it says of the one before ("Since
                # the last inspection in 2018, when ... judged inadequate") may answer.
                return Route(name, (refs[0].doc,), REPORTED_LATER)
            return Route(name, (refs[1].doc,), "previous")
        return Route(name, (refs[0].doc,), "latest")

    def canonical(self, council: str) -> str | None:
        """The official name of a council written any way the router knows."""
        wanted = key(council)
        for name, alias, _ in self._patterns:
            if key(alias) == wanted:
                return name
        return None


def report_refs(documents: dict[str, dict], councils: list[Council]) -> list[ReportRef]:
    """One :class:`ReportRef` per document that names a council: its front page's council
    (or, failing that, the council its file name starts with), mapped to the official name."""
    by_key: dict[str, str] = {}
    for council in councils:
        for alias in (council.name, *council.aliases):
            by_key.setdefault(key(alias), council.name)
    out = []
    for doc_id, summary in documents.items():
        name = _council_of(doc_id, summary, by_key)
        if name is not None:
            out.append(ReportRef(doc_id, name, _year_of(doc_id, summary), _inspected(summary)))
    return out


def _council_of(doc_id: str, summary: dict, by_key: dict[str, str]) -> str | None:
    printed = summary.get("council")
    if printed and key(printed) in by_key:
        return by_key[key(printed)]
    # File names are "<council>-<day>-<month>-<year>" for Ofsted's reports.
    words = key(doc_id.replace("-", " ")).split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        if candidate in by_key:
            return by_key[candidate]
        with_and = " and ".join(candidate.rsplit(" ", 1)) if " " in candidate else None
        if with_and and with_and in by_key:  # "telford wrekin" -> "telford and wrekin"
            return by_key[with_and]
    # A title that names the council ("... services Lancashire"): the longest name in it.
    title = f" {key(str(summary.get('title') or ''))} "
    named = [k for k in by_key if f" {k} " in title]
    if named:
        return by_key[max(named, key=len)]
    return printed or None


def _inspected(summary: dict) -> int | None:
    found = _YEAR.findall(str(summary.get("inspection_dates") or ""))
    return int(found[-1]) if found else None


# Ofsted's file names end with the publication date ("barnet-23-july-2024"): the
# year a report was published when its front page does not print it (ILACS reports).
_FILE_DATE = re.compile(
    r"-(\d{1,2})-(january|february|march|april|may|june|july|august|september|october|"
    r"november|december|\d{1,2})-((?:19|20)\d{2})$",
    re.I,
)


def file_year(doc_id: str) -> int | None:
    """The publication year an Ofsted file name ends with, if it has one."""
    named = _FILE_DATE.search(doc_id)
    return int(named.group(3)) if named else None


def file_date(doc_id: str) -> str | None:
    """The publication date an Ofsted file name ends with, written out ("23 July 2024"),
    if it names the month in words; None otherwise."""
    named = _FILE_DATE.search(doc_id)
    if named is None or named.group(2).isdigit():
        return None
    return f"{int(named.group(1))} {named.group(2).capitalize()} {named.group(3)}"


def _year_of(doc_id: str, summary: dict) -> int | None:
    """The year the report was published (else the year it was inspected)."""
    printed = _YEAR.findall(str(summary.get("published") or ""))
    if printed:
        return int(printed[-1])
    named = file_year(doc_id)
    if named:
        return named
    if summary.get("year"):
        return int(summary["year"])
    for field in ("inspection_dates", "title"):
        found = _YEAR.findall(str(summary.get(field) or ""))
        if found:
            return int(found[-1])
    return None
