"""What kind of answer a question asks for, and how to find spans of that kind in text.

Kinds: ``number``, ``percent``, ``money``, ``date``, ``duration``, ``time`` (of day),
``phone``, ``person``, ``grade``, ``list``, ``definition``, ``organisation``, ``place``,
``name`` (what a service or group is called) and ``fact``
(a sentence, no typed span). Yes/no questions are ``fact`` even when they mention a
number ("Is the number of children in care going up?").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from qa.retrieval.routing import COMPARED_YEAR
from qa.text.terms import PREFIX_STEM_LENGTH, prefix_stem

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred"
)
# "Twenty-one young people ...": a tens word and a unit word make one number.
_COMPOUND_NUMBER = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\u2010\u2011 ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)"
)

# Nouns for people who hold a post: "Who is the chief constable?" and "the name of the
# independent chair" ask for a person's name, which a sentence about the post lacks.
_PERSON_ROLES = (
    r"chair|chairman|chairwoman|chairperson|director|inspector|councillor|constable|"
    r"commissioner|mayor|minister|president|chief executive|head ?teacher|lead member|"
    r"leader|manager|officer|portfolio holder|secretary|clerk|nurse|doctor|paediatrician|head|"
    r"co-?ordinator|"
    r"dcs|ceo"  # director of children's services, chief executive officer
)
# The auxiliaries a question (or its main clause) opens with. Generic English.
_AUX = r"(?:do|does|did|is|are|was|were|can|could|will|would|should|has|have|had)"
_AUXILIARY_START = re.compile(rf"^{_AUX}\b", re.I)
# The words that open a question asking for something (after "and", "so", "in 2015,").
_WH_START = re.compile(
    r"^(?:(?:and|but|so|also|then)\s+|in [^,]{1,40},\s*)?(?:what|which|who|whom|whose|why|"
    r"where|when|how)\b",
    re.I,
)
# A length of time: "six weeks", "until they are 25", "for as long as they need".
_LENGTH = (
    # "six weeks", and joined: "a two-year supported programme" (not "two-year-olds").
    rf"\b(?:\d+|{_NUMBER_WORDS}|a|one)(?:\s+|-)(?:days?|weeks?|months?|years?)\b(?!-old)|"
    r"\bas long as\b|\buntil\b|\bup to (?:the )?age\b"
)
# Kinds a yes/no question is not, although its words may suggest them.
_NOT_FOR_YES_NO = {"number", "percent", "date", "duration", "time", "money"}

# Ofsted's view asked in evaluative words ("What's Ofsted's verdict on ...?", "How good is
# X at adoption according to Ofsted?", "Was X's leadership any good?", "What did Ofsted
# make of ...?"): a grade too, where the question names a judgement area (the grade
# strategy then matches it to the judgement table; without one it answers from text:
# "LADO any good?" names none).
# "What did Ofsted think of ...?", "What did inspectors make of ...?"
OFSTED_THOUGHT = r"\bwhat did (?:ofsted|(?:the )?inspectors?) (?:make|think) of\b"
_OFSTED_VIEW = (
    r"\bverdicts?\b|\baccording to (?:ofsted|(?:the )?inspectors?|(?:the |its )?ofsted report)\b|"
    rf"{OFSTED_THOUGHT}|"
    r"\b(?:ofsted|inspectors)(?:'s|\u2019s|'|\u2019)? (?:view|opinion|assessment)\b|"
    r"\bhow good (?:is|are|was|were)\b|\bany good\b"
)
# "Is Hull children's services inadequate?", "Was Sandwell still inadequate in 2018?",
# "Is X still 'requires improvement' overall?": a grade word (quoted or not) that ends a
# short yes/no question asks the judgement ("Is the MASH any good?" does not). Generic
# English and Ofsted's grade words.
_GRADE_WORD = r"(?:inadequate|outstanding|good|adequate|requires? improvement(?: to be good)?)"
# When, said after the grade word: "overall", "in 2017", "after the 2017 re-inspection".
_GRADED_WHEN = (
    r"(?:,? (?:overall|now|any ?more|in (?:19|20)\d{2}|"
    r"(?:at the time of|at|after|since|following|in) (?:the|its|their|this|that) "
    r"(?:[\w-]+ ){0,3}?(?:re-?inspection|inspection|visit)|"
    # "..., like in 2021?": the earlier judgement the question compares with.
    r"(?:like|as)(?: it was| they were)? (?:in|at) (?:the |its )?"
    r"(?:(?:19|20)\d{2}|(?:last|previous|earlier) (?:inspection|time|visit))))*"
)
_IS_GRADED = (
    r"^(?:is|are|was|were) (?:[\w'\u2019&-]+ ){1,6}?(?:(?:still|now|rated|judged) )*"
    rf"(?<!any )[\u2018'\"\u201c]?{_GRADE_WORD}[\u2019'\"\u201d]?"
    # "Is Newham good or bad?"
    rf"(?: or (?:bad|not|poor|{_GRADE_WORD}))?{_GRADED_WHEN}\s*\??$"
)
ASKS_IF_GRADED = re.compile(_IS_GRADED, re.I)
# "Is Kent outstanding for children in care?": a grade word *for* something asks the
# judgement of what it is for (the grade strategy matches that to a judgement area).
_IS_GRADED_FOR = (
    r"^(?:is|are|was|were) (?!(?:it|there|this|that|they)\b)(?:[\w'\u2019&-]+ ){1,6}?"
    rf"(?:(?:still|now|rated|judged) )*(?<!any ){_GRADE_WORD} for "
    # what it is for, not "for children in care to be adopted"
    r"(?:(?!to\b)[\w'\u2019&-]+ ){0,7}(?!to\b)[\w'\u2019&-]+"
    rf"{_GRADED_WHEN}\s*\??$"
)
ASKS_IF_GRADED_FOR = re.compile(_IS_GRADED_FOR, re.I)
# "How did Ofsted rate the leadership of Bury?": how Ofsted rated or judged something.
_HOW_RATED = r"\bhow (?:did|does|do|would) (?:\w+ ){1,3}(?:rate|judge)\b"
ASKS_HOW_RATED = re.compile(_HOW_RATED, re.I)
# "Did Manchester get outstanding for help and protection as well?": whether a council
# got a grade word asks its judgement. Generic English and Ofsted's grade words.
_GOT_GRADE = (
    r"^(?:did|does|has|have|was|were) .+? (?:get|got|receive|received|achieve|achieved|"
    rf"awarded|given) (?:an? )?{_GRADE_WORD}\b"
)
ASKS_IF_GOT_GRADE = re.compile(_GOT_GRADE, re.I)
# What introduces a thing's name ("known as care consultants", "called the Hive").
_CALLED = r"\b(?:known as|called|named|referred to as|termed)\s+(?:the\s+)?"
CALLED_BEFORE = re.compile(rf"{_CALLED}$", re.I)
# "What did Ofsted give Sutton for leadership?", "What did Ofsted give Blackpool overall?",
# "What did Ofsted rate B&NES adoption performance?": what Ofsted gave or rated, for a
# theme or overall, is a grade (not what it "rated as a strength").
OFSTED_GAVE = (
    r"^what (?:did|does) (?:ofsted|(?:the )?inspectors?) (?:(?:give|award) .+ (?:for|overall)\b|"
    r"(?:rate|grade|judge|score)\b(?!\s+(?:as|to be)\b))"
)
# Order matters: the first kind whose pattern matches wins.
_KINDS: list[tuple[str, re.Pattern]] = [
    (
        "money",
        re.compile(
            r"\bhow much (money|funding)\b|\bsalar(y|ies)\b|\bin pounds\b|£|"
            r"\bhow much (does|did|do|is|was|will) .*\b(cost|spend|spent|pay|paid|earn|invest)|"
            # "How much does Bolton give care leavers at university each year?": an amount
            # given (not "how much support does it give", which asks a degree).
            r"\bhow much (?:does|did|do|will) (?:\S+ ){1,4}?(?:give|gave|grant|award)s?\b|"
            r"\b(what|how much) (is|was|are|were) the (\w+ ){0,3}(budget|cost|costs|spend)\b|"
            # "What is Liverpool's setting-up-home allowance?": an allowance, grant or
            # payment asked for is an amount of money.
            r"\b(?:what|how much) (?:is|was|are|were) (?:the |its |their |[\w'-]+'s )?"
            r"(?:[\w'-]+ ){0,4}?(?:allowances?|grants?|payments?|bursar(?:y|ies))\b",
            re.I,
        ),
    ),
    (
        "phone",
        re.compile(
            # not "Which phone app ...?"
            r"\b(tele)?phone\b(?!\s*(?:-based\s+)?(?:apps?|application))|"
            r"\b(contact|helpline) number\b",
            re.I,
        ),
    ),
    (
        "time",
        re.compile(
            r"^what time\b|\bat what time\b|\bopening (hours|times)\b|"
            r"\bwhat hours\b|\bwhen does .* (open|close)\b",
            re.I,
        ),
    ),
    (
        "person",
        re.compile(
            rf"\bwhich (councillor|person|individual|{_PERSON_ROLES})\b|"
            rf"\bnames? of (the |a |an |its |their )?([\w'-]+ ){{0,6}}?({_PERSON_ROLES}|person|"
            rf"individual)s?\b|"
            rf"^who (is|was|are|were) (the |a |an )?([\w'-]+ ){{0,3}}?({_PERSON_ROLES})s?\b",
            re.I,
        ),
    ),
    (
        "definition",
        re.compile(
            r"\bstand(s)? for\b|\bmeaning of\b|\bwhat does (the )?[A-Za-z&]{2,8} mean\b|"
            r"\bacronym\b|\babbreviation\b",
            re.I,
        ),
    ),
    (
        # What something is called: a service, group, team or scheme's own name. (A
        # person's name is asked with a role word and caught above.)
        "name",
        re.compile(
            r"\bcalled\b|\bname of\b|\bwhat is the name\b|\bwhat(?:'s| is) .+ known as\b|"
            r"\bnamed\b|"
            # A body of a qualified kind ("Which regional adoption agency ...", "Which
            # voluntary organisation ...") is one body, asked for by its name. ("Which
            # agency leads ...?" may be answered "the police".)
            r"\b(?:which|what) (?:(?!(?:is|are|was|were|do|does|did|has|have|had|can|could|will|"
            r"would|should|other)\b)[\w'+-]+ ){1,3}?(?:organi[sz]ations?|agency|agencies|"
            r"compan(?:y|ies)|charit(?:y|ies)|contractors?|consorti(?:um|a)|providers?)\b|"
            r"\b(?:which|what) (?:organi[sz]ations?|compan(?:y|ies)|charit(?:y|ies)|contractors?|"
            r"consorti(?:um|a))\b",
            re.I,
        ),
    ),
    ("date", re.compile(r"^(when|in which year|in what year|since when)\b", re.I)),
    (
        "grade",
        re.compile(
            r"\bgrade[sd]?\b|\bgrading\b|\brat(ed|ing)\b|\bjudgement\b|\bscore[d]?\b|"
            r"\bverdict\b|\b(?:how|what) (was|were|is|are) .* judged\b|"
            # (not "How did looked after kids do in their exams / at school?": outcomes)
            r"\bhow did .* (do|fare|score|come out|get on)\b(?! (?:in|at|with) (?:their |the |"
            r"its |his |her )?(?:(?!inspection)[\w-]+ ){0,3}?(?:exams?|examinations?|gcses?|"
            r"tests?|school|schools|education|results|assessments|sats|key stage|university|"
            r"college)\b)|"
            # "How did Ofsted rate Derby for ...", "What did Wigan get for care leavers?"
            rf"{_HOW_RATED}|"
            r"^what did .+ (get|receive|achieve) for\b|"
            rf"{OFSTED_GAVE}|"
            # "What did Stockport's LSCB get?": got, and nothing said of what, is a grade.
            r"^what did .+ (get|receive|achieve)\s*(?:from (?:ofsted|(?:the )?inspectors?)\s*)?"
            r"(?:at (?:the|its) (?:last|latest) inspection|overall)?\s*\??$|"
            # "Is Hull children's services inadequate?", "Was Sandwell still inadequate in
            # 2018?": a grade word that ends a short yes/no question asks the judgement.
            rf"{_IS_GRADED}|{_IS_GRADED_FOR}|{_GOT_GRADE}",
            re.I,
        ),
    ),
    (
        "percent",
        # "What % of ...", not "... its plan to grow by 50%" (a figure the question gives).
        re.compile(
            r"\bpercent(age)?\b|(?<!\d)(?<!\d )(?:per cent|%)|\bproportion\b|\bwhat share\b",
            re.I,
        ),
    ),
    # "What is the staff vacancy rate?": a rate is a percentage or "N per 10,000".
    (
        "rate",
        re.compile(
            r"\b(?:what|which) (?:is|was|are|were) (?:the |its |their |[\w'-]+'s )?"
            r"(?:[\w'-]+ ){0,3}?rates?\b|\bhow (?:high|low) (?:is|was|are|were) "
            r"(?:the |its |their )?(?:[\w'-]+ ){0,3}?rates?\b",
            re.I,
        ),
    ),
    (
        "list",
        re.compile(
            r"\blist\b|\bwhat (must|should|needs? to|has to|have to) be (done|improved)\b|"
            r"\bwhat (must|should|needs? to|has to|have to) (happen|change|improve)\b|"
            r"\bwhat (actions?|improvements?|recommendations?)\b|"
            r"\bwhich (actions?|improvements?)\b|"
            r"\b(recommend(ed|ations?)|areas for improvement)\b|\bwhat (were|are) .*\bto do\b|"
            r"\bwhat evidence\b|\bwhat did .* (include|cover)\b",
            re.I,
        ),
    ),
    (
        "duration",
        re.compile(
            r"\bhow long\b|\bhow (soon|quickly)\b|\bwithin what\b|"
            r"\bhow often\b|\bhow frequently\b|"
            # "What's the average length of care proceedings?", "the duration of ..."
            r"\bwhat(?:'s|s| is| was| are| were)? (?:the |its |[\w'-]+'s )?(?:current |average |"
            r"typical |usual |mean )*(?:length|duration) of\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"^when\b|\bwhen (was|were|did|is|will)\b|\bwhat (year|date|month)\b|"
            r"\bwhich (year|date|month)\b|\bwhat day\b",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(
            # "How much does social care rely on temps?" asks a degree, not an amount:
            # "how much" and then a verb's auxiliary is a number only when the verb is
            # one of receiving ("How much do care leavers get?").
            r"\bhow many\b|\bnumber of\b|\bhow big\b|\bhow large\b|"
            r"\bhow much\b(?!\s+(?:do|does|did|has|have|had|can|could|will|would)\b"
            r"(?!.*\b(?:get|gets|got|receive|receives|received|given|give|gives)\b))|"
            r"\bcount of\b|\bpopulation\b|\bhow old\b|\bwhat age\b|"
            # "What was the average caseload?": an average is a number
            r"\b(?:what|which) (?:is|was|are|were) (?:the |an )?(?:average|mean|median)\b|"
            # "What is the maximum caseload size?", "What caseload limit ...?", "What is
            # the target for recruiting ...?": a limit or a target is an amount, and only
            # a sentence that gives one answers.
            r"\bwhat(?:'s|s| is| was| are| were)? (?:the |its |their |[\w'-]+'s )?"
            r"(?:[\w'-]+ ){0,3}?(?:maximum|minimum|limits?|caps?|ceilings?|quotas?|targets? for)\b",
            re.I,
        ),
    ),
    (
        "place",
        re.compile(
            r"^where\b|\bwhere (is|are|was|were|do|does|did)\b|"
            r"\bwhich (district|area|town|city|place|region|county|site)\b|"
            r"\bmost deprived\b|\bleast deprived\b",
            re.I,
        ),
    ),
    (
        "organisation",
        re.compile(
            r"^who\b|\bwho (is|are|was|were|provides?|runs?|led|leads|chairs?)\b|"
            r"\bwhich (organisation|organization|agency|agencies|trust|hospital|service|team|body|"
            r"company|provider|partner|council|board|group)\b|\bwhat (organisation|agency|trust|"
            r"hospital|body|team)\b|\bby whom\b",
            re.I,
        ),
    ),
]

_TITLES = "Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Councillor|Cllr|Sir|Dame"
TITLES = frozenset(_TITLES.split("|"))  # words that start a person's name

# A capitalised word, its apostrophe straight or curly ("Barnardo’s"; a closing quote,
# "the ‘Missing Hub’ team", is not part of it).
_CAPITALISED = r"[A-Z](?:[A-Za-z'&\-]|\u2019(?=\w))+"
SPAN_PATTERNS: dict[str, re.Pattern] = {
    "percent": re.compile(
        r"\b\d+(?:\.\d+)?\s?(?:%|per cent|percent)|"
        # A share in words: "less than one third", "half of", "two thirds", "a quarter".
        r"\b(?:(?:less|more|fewer) than |over |under |around |about |nearly |almost )?"
        r"(?:(?:a|one|two|three) (?:thirds?|quarters?|half)|two-thirds|three-quarters|"
        r"(?<!first )(?<!second )(?<!latter )half(?= (?:of|the|their|all)\b))\b(?![-\w])",
        re.I,
    ),
    "rate": re.compile(
        r"\b\d+(?:\.\d+)?\s?(?:%|per cent|percent)|"
        r"\b\d[\d,.]*\s+(?:per|in every|for every|in)\s+(?:\d[\d,]*|ten|a hundred|a thousand)\b|"
        rf"\b(?:\d+|{_NUMBER_WORDS}) in (?:every )?(?:\d+|{_NUMBER_WORDS})\b",
        re.I,
    ),
    "number": re.compile(
        # Not a percentage's figure, nor its whole part ("47" of "47.6%" or "47.6 per cent").
        rf"\b\d{{1,3}}(?:,\d{{3}})+\b|\b\d+(?:\.\d+)?\b(?!\.\d)(?!\s?(?:%|per\s?cent))|"
        rf"\b{_COMPOUND_NUMBER}\b|\b(?:{_NUMBER_WORDS})\b",
        re.I,
    ),
    "date": re.compile(rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})(?:\s+\d{{4}})?\b|\b(?:19|20)\d{{2}}\b"),
    "duration": re.compile(
        rf"{_LENGTH}|"
        r"\b(?:daily|weekly|fortnightly|monthly|bimonthly|annually|yearly|"
        r"on a (?:daily|weekly|fortnightly|monthly) basis)\b|\bimmediately\b",
        re.I,
    ),
    "grade": re.compile(
        r"\bGrade [1-4] \((?:Outstanding|Good|Adequate|Inadequate)\)|"
        r"\b(?:outstanding|good|adequate|inadequate)\b",
        re.I,
    ),
    # Runs of capitalised words (allowing "of", "and", "for", "the" inside), or acronyms.
    "organisation": re.compile(
        rf"\b{_CAPITALISED}(?:\s+(?:of|and|for|the|with|on)?\s*{_CAPITALISED})+"
        r"|\b[A-Z]{2,}[a-z]?[A-Z]*s?\b"
    ),
    "place": re.compile(r"\b(?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)*\b"),
    # A quoted name (up to six words), a run of capitalised words or an acronym, or one
    # capitalised word (the answerer keeps only words the corpus never writes in lower
    # case, as for a person: "Awaken", not "Children").
    "name": re.compile(
        r"[\u2018'\"\u201c](?P<quoted>[^\u2019'\"\u201d]{2,60}?)[\u2019'\"\u201d](?!\w)|"
        rf"\b{_CAPITALISED}(?:\s+(?:of|and|for|the|on)?\s*{_CAPITALISED})*"
        r"|\b[a-z]?[A-Z]{2,}[a-z]?[A-Z]*s?\b"  # "iCART": a brand's lower-case first letter
        # "care-experienced young people, known as care consultants, ...": what a thing
        # is known as or called names it, in lower case too (up to four words, to the
        # next punctuation or function word).
        rf"|{_CALLED}(?!(?:a|an|one|being|such|some|upon|on|for|in|into|to|out|off|up|back)\b)(?P<called>[a-z][\w'\u2019-]*(?:\s+[a-z][\w'\u2019-]*){{0,3}}?)"
        r"(?=\s*[,.;:)]|\s+(?:and|who|which|that|are|is|were|was|to|in|for|with|at|by)\b)"
    ),
    # A title and a name, or two or three capitalised words (the answerer keeps only
    # those whose words the corpus never writes in lower case: "Gary Lamb", not
    # "Children's Services").
    "person": re.compile(
        rf"\b(?:{_TITLES})\.?\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?|"
        rf"\b(?!(?:{_TITLES})\b)[A-Z][a-z'-]+(?:\s+(?!(?:{_TITLES})\b)[A-Z][a-z'-]+){{1,2}}\b"
    ),
    "time": re.compile(
        r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|"
        r"\b(?:midday|noon|midnight)\b|\bo'clock\b",
        re.I,
    ),
    "phone": re.compile(r"(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"),
    "money": re.compile(
        r"£\s?\d[\d,.]*(?:\s?(?:million|billion|m|k|bn)\b)?|"
        r"\b\d[\d,.]*\s?(?:pounds|million pounds)\b",
        re.I,
    ),
}
# Kinds whose answer is a value the span patterns recognise reliably: when no candidate
# sentence holds one, the report does not answer. Dates and durations are left to the
# calibrated model: "when" and "how often" are also answered in words ("on their
# return", "regularly").
# A question that asks for a grade in so many words (not "How did X do in GCSEs?").
ASKS_OFSTED_VIEW = re.compile(_OFSTED_VIEW, re.I)
ASKS_FOR_GRADE = re.compile(
    rf"\b(?:grades?|graded|judged?|judgements?|judgments?|rated|ratings?)\b|{_OFSTED_VIEW}", re.I
)
VALUE_REQUIRED = frozenset({"number", "percent", "rate", "time", "phone", "person", "money"})
# "How long ...?" asks a length of time, given as one ("six weeks", "until they are 25",
# "for as long as they need"); "how often" and "how quickly" are also answered in words
# ("regularly", "promptly") and stay with the calibrated model. "The length of ..." too.
_HOW_LONG = re.compile(r"\bhow long\b|\b(?:length|duration) of\b", re.I)
_WHAT_YEAR = re.compile(r"\b(?:what|which) year\b", re.I)
_WHEN = re.compile(r"^(?:and |but |so )?when\b", re.I)
_FUTURE_WHEN = re.compile(
    r"^(?:and |but |so )?when (?:will\b|(?:is|are)\b.*\b(?:due|planned|expected|going|"
    r"scheduled|set) to\b)",
    re.I,
)
# What a sentence says of a time to come.
FUTURE = re.compile(
    r"\b(?:will|plans? to|planned|plans for|due to|expected to|intends? to|going to|"
    r"scheduled|next|forthcoming|upcoming|future)\b",
    re.I,
)
# Words that say when in words: a time of the day or week, a point in a process, a
# relation in time. Generic English.
TEMPORAL = re.compile(
    r"\b(?:weekends?|evenings?|nights?|mornings?|afternoons?|overnight|daily|weekly|"
    r"monthly|annually|after|before|during|until|within|since|once|following|prior to|"
    r"at the (?:start|end|point|time|age)|on (?:their|his|her|its) (?:return|arrival)|"
    r"aged?|recently|soon|immediately|currently|now|already|first|last|next|previous(?:ly)?|"
    r"earlier|later|when|whenever|while|as soon as|by the time|years?|months?|weeks?|days?)\b",
    re.I,
)
# The duration spans that are lengths of time, not frequencies (_LENGTH, above).
LENGTH = re.compile(_LENGTH, re.I)


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    # For "how many X": stems of X, abbreviations spelled out (see :func:`counted_noun`).
    counted: tuple[str, ...] = ()
    # For "the average X": the stem of X's head noun (see :func:`averaged_noun`).
    averaged: str | None = None

    @property
    def wants_span(self) -> bool:
        return self.kind in SPAN_PATTERNS

    @property
    def asks_length(self) -> bool:
        """ "How long ...?": a length of time, not how often ("weekly" is no answer)."""
        return self.kind == "duration" and bool(_HOW_LONG.search(self.text))

    @property
    def asks_year(self) -> bool:
        """ "In what year ...?": only a year answers ("recently" does not)."""
        return self.kind == "date" and bool(_WHAT_YEAR.search(self.text))

    @property
    def asks_when(self) -> bool:
        """ "When ...?" (not "In what year"): a date or a time in words answers."""
        return self.kind == "date" and not self.asks_year and bool(_WHEN.match(self.text))

    @property
    def asks_future(self) -> bool:
        """ "When will ...?", "When are the homes due to open?": a time after the report."""
        return self.asks_when and bool(_FUTURE_WHEN.match(self.text))

    @property
    def asks_wh(self) -> bool:
        """A question that asks for something ("What/Which/Who/Why/Where/How ...?"), not
        whether something is so ("Does the service rely on paper records?")."""
        return bool(_WH_START.match(self.text))

    @property
    def value_required(self) -> bool:
        """Only a sentence holding a value of the asked-for kind can answer."""
        return self.kind in VALUE_REQUIRED or self.asks_length or self.asks_year


# "What is MAPPA?": an acronym alone after "what is" asks for its meaning (case matters).
_ACRONYM_ONLY = re.compile(
    r"^(?:[Ww]hat|[Ww]ho) (?:is|are) (?:the |a |an )?[A-Z][A-Za-z&]*[A-Z]s?\??$"
)


# "What's the average caseload?", "whats", "who's": a question word and "is" run together
# (typed or informal) read as the two words, so every pattern that reads "what is ..."
# reads them too. Generic English.
_CONTRACTED = re.compile(r"\b(what|who|where|when|how|which)(?:['\u2019]s|s)\b", re.I)


def _expand(match: re.Match) -> str:
    return f"{match[1]} is"


def classify(question: str, long_form: Callable[[str], str | None] | None = None) -> Question:
    """The question's kind; ``long_form`` spells out abbreviations in what it counts."""
    text = _CONTRACTED.sub(_expand, " ".join(question.split()))
    if _ACRONYM_ONLY.match(text):
        return Question(text, "definition")
    # "Has Wirral got better since it was rated inadequate in 2016?": what a "since"
    # clause names is the point change is measured from, not what is asked.
    asked = _SINCE_CLAUSE.sub("", text)
    # "When kids who run away come back, are they talked to?": a "when" clause sets the
    # scene; the question is the clause after it.
    asked = _WHEN_CLAUSE.sub("", asked)
    for kind, pattern in _KINDS:
        if pattern.search(asked):
            if kind in _NOT_FOR_YES_NO and _AUXILIARY_START.match(text):
                break
            if kind == "rate":
                # "What is the staff vacancy rate?": the rate of vacancies, named beside it.
                return Question(text, kind, averaged=rated_noun(text, long_form))
            if kind != "number":
                return Question(text, kind)
            if _CASES_HELD.search(text):
                # "How many cases does the average social worker hold?", "how many cases
                # do IROs have": a worker's cases are a caseload, which reports state as a
                # size ("IRO caseloads are high at 90-95") as often as "N cases".
                return Question(text, kind, counted_noun(text, long_form), CASELOAD)
            return Question(text, kind, counted_noun(text, long_form), averaged_noun(text))
    return Question(text, "fact")


_SINCE_CLAUSE = re.compile(r"\bsince\b[^?.!]*", re.I)
# "When X happens, do they / does anyone / how quickly ...?": a "when" that a subject (not
# an auxiliary: "When did ...?", "When will ...?") follows, up to the main clause: a
# question word after a comma (not "kids who have run away"), or an auxiliary and its
# subject. Generic English.
_WHEN_CLAUSE = re.compile(
    rf"^when\s+(?!{_AUX}\b)[^?]*?(?=(?<=,\s)(?:how|what|who|which|where|why)\b|\b{_AUX}\s+"
    r"(?:they|he|she|it|we|you|anyone|anybody|someone|somebody|the|their|those|these|"
    r"staff|children|kids|young people)\b)",
    re.I,
)
CASELOAD = prefix_stem("caseload")
# "How many cases do/does X have / hold / carry / manage ...?": the cases someone holds.
# Generic English.
_CASES_HELD = re.compile(
    r"\bhow many cases\s+(?:do|does|did|will|would|can|should)\b.*?\b(?:have|hold|carry|"
    r"manage|handle|work on|juggle|look after)\b",
    re.I,
)


_HOW_MANY = re.compile(r"\bhow many\s+([a-z'-]+\s*(?:(?:[a-z'-]+|\d+)\s*){0,5})", re.I)
# Words of "how many X" that say nothing of what X is: prepositions ("How many days into
# an enquiry ...?") and "more" in its forms ("How many extra early help workers ...?",
# "2 additional practitioners"). Skipped in the question and after a number alike.
# Generic English.
COUNT_SKIPPED = frozenset(
    "into for with from on at by to per more extra additional further".split()
)
_STOP = {
    "the", "a", "an", "of", "in", "are", "were", "is", "was", "there", "did", "do", "does",
    "has", "have", "had", "r",  # "r" is text-speak for "are"
    "went", "go", "goes", "gone", "going",
}  # fmt: skip


def _noun_follows(word: str) -> bool:
    """Whether ``word`` may go on a noun phrase ("level 2 *disabled* children"), not end
    an age or a range ("children 16 *and* over", "0 *to* 5")."""
    return word not in _STOP and word not in COUNT_SKIPPED and word not in _RANGE_WORDS


_RANGE_WORDS = {"and", "or", "to", "over", "under", "plus", "years", "year", "olds", "old"}
_STATUS_AFTER = re.compile(
    r"^(?:[a-z'-]+\s+){1,3}?(?:(?:are|were|is|was)\s+(?:\w+\s+)?(in care|in need|looked after)|"
    # "How many children went missing ...?": a count of missing children, which a count
    # of all children in care does not answer.
    r"(?:went|go|goes|gone|going|are|were|is|was|have been|had been)\s+(missing))\b",
    re.I,
)
# The two statuses the law gives children (Children Act 1989) and every report counts:
# "children in care" (the reports' "looked after children") and "children in need". The
# counted noun runs on through them instead of stopping at "in".
_STATUS = {"care", "need"}


def counted_noun(
    text: str, long_form: Callable[[str], str | None] | None = None
) -> tuple[str, ...]:
    """Stems of the words after "how many" ("maintained schools" -> ("maint", "schoo")),
    without function words; an abbreviation ("lac") is spelled out when ``long_form``
    knows it. Empty when the question has no "how many"."""
    match = _HOW_MANY.search(text)
    if not match:
        return ()
    out: list[str] = []
    asked = [w.lower() for w in match.group(1).split()]
    # "How many level 2 disabled children ...", "year 11 pupils": a word and its number
    # before the noun qualify what is counted; a number after the noun ends it, the noun
    # kept ("children 16 and over", "foster carers 3 years ago").
    while len(asked) > 2 and asked[1].isdigit() and _noun_follows(asked[2]):
        asked = asked[2:]
    asked = asked[: next((i for i, w in enumerate(asked) if w.isdigit()), len(asked))]
    # Three words at most, the skipped ones not counted ("extra early help workers").
    while len([w for w in asked if w not in COUNT_SKIPPED]) > 3:
        asked.pop()
    for i, word in enumerate(asked):
        if word == "in" and i + 1 < len(asked) and asked[i + 1] in _STATUS and out:
            continue  # "children in care": the status is part of what is counted
        if word in _STOP:
            break
        if word in COUNT_SKIPPED:
            continue
        expansion = long_form(word) if long_form else None
        words = expansion.lower().split() if expansion else [word]
        out.extend(prefix_stem(w) for w in words)
    status = _STATUS_AFTER.match(text[match.start(1) :])
    if out and status:
        # "How many children are in care?": the status is what is counted too.
        if status[2]:
            out.append(prefix_stem("missing"))
        else:
            out.append("care" if status[1].lower() != "in need" else prefix_stem("need"))
    return in_care(tuple(dict.fromkeys(out)))


_AVERAGE = re.compile(r"\b(?:average|mean|median|maximum|minimum)\s+((?:[a-z'-]+\s*){1,4})", re.I)
# "What caseload limit ...?": the noun before a limit is what it limits.
_LIMITED_NOUN = re.compile(r"\b([a-z'-]+)\s+(?:limits?|caps?|ceilings?)\b", re.I)
# Words that end the averaged noun phrase ("caseload of a social worker", "caseload in").
_AVERAGE_END = {"of", "in", "at", "for", "per", "across", "held", "by", "among", "is", "was",
                "are", "were", "a", "an", "the", "on", "to"}  # fmt: skip


_RATED = re.compile(r"\b([a-z'-]+)\s+rates?\b", re.I)


_RATE_OF = re.compile(r"\brates? of\s+((?:[a-z'-]+\s*){1,4})", re.I)


def rated_noun(text: str, long_form: Callable[[str], str | None] | None = None) -> str | None:
    """The stem of the word before "rate" ("the pass rate" -> "pass"), or of the last word
    of what "the rate of ..." names ("the rate of children in need" -> "need": the
    attendance rate of children is no rate of children in need); None when neither says
    what is rated ("its rate")."""
    match = _RATED.search(text)
    of = _RATE_OF.search(text)
    if of is not None and (match is None or match[1].lower() in _AVERAGE_END | _STOP):
        # Read as a count's noun ("kids" as "children"); a child's status, where named,
        # is what is rated ("looked after kids" -> "care").
        named = counted_noun(f"how many {of[1]}", long_form)
        status = [stem for stem in named if stem in ("care", prefix_stem("need"))]
        chosen = status or list(named)
        return chosen[-1] if chosen else None
    if match is None:
        return None
    word = match[1].lower()
    if word in _AVERAGE_END or word in _GENERIC_MEASURES or word in _STOP:
        return None
    if word in ("its", "their", "what", "which", "current", "overall"):
        return None
    return prefix_stem(word)


def averaged_noun(text: str) -> str | None:
    """The stem of the head noun of "the average X" ("the average social worker caseload"
    -> "casel"; "the average number of cases" -> "cases"), or None."""
    match = _AVERAGE.search(text)
    if not match:
        limited = _LIMITED_NOUN.search(text)
        if limited is None or limited[1].lower() in _AVERAGE_END | _GENERIC_MEASURES:
            return None
        return prefix_stem(limited[1].lower())
    written = [w.strip("'") for w in match.group(1).split()]
    asked = [w.lower() for w in written]
    if len(asked) > 2 and asked[0] in ("number", "amount", "size") and asked[1] == "of":
        asked, written = asked[2:], written[2:]  # "the average number of cases": cases
    head = None
    for word, as_written in zip(asked, written, strict=True):
        if word in _AVERAGE_END or as_written[:1].isupper():
            break  # "... caseload size B&NES sets": a name starts the rest of the question
        if word in _GENERIC_MEASURES and head is not None:
            break  # "the maximum caseload size": the caseload is measured
        head = word
    if head is None or head in _GENERIC_MEASURES:
        return None
    return prefix_stem(head)


# Heads that name a measure, not a thing the report writes beside its number ("the average
# time to adoption" is "426 days between entering care and ..."): no nearness rule.
_GENERIC_MEASURES = {"time", "times", "length", "duration", "age", "size", "number", "amount",
                     "cost", "costs", "score", "scores", "rate", "level", "value", "figure",
                     "total", "wait", "delay"}  # fmt: skip


def singular_stem(word: str) -> str:
    """A noun's stem with a short plural's "s" dropped ("days" -> "day", "hubs" -> "hub"):
    :func:`prefix_stem` keeps it, and the word joined to a number is singular ("an
    eight-day check-in")."""
    word = word.lower()
    if 3 < len(word) <= PREFIX_STEM_LENGTH and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return prefix_stem(word)


def in_care(stems: tuple[str, ...]) -> tuple[str, ...]:
    """Stems with "looked after" read as "care": the reports say "looked after children"
    where staff (and later reports) say "children in care"."""
    out: list[str] = []
    for stem in stems:
        if stem == "after" and out and out[-1] == _LOOKED:
            out[-1] = "care"
        else:
            out.append(stem)
    return tuple(out)


_LOOKED = prefix_stem("looked")


def find_spans(kind: str, sentence: str) -> list[tuple[int, int]]:
    """Character spans of ``kind`` in ``sentence`` (overlaps resolved by first match)."""
    pattern = SPAN_PATTERNS.get(kind)
    if pattern is None:
        return []
    spans = [(m.start(), m.end()) for m in pattern.finditer(sentence)]
    if kind == "name":
        spans = [
            (m.start(group), m.end(group))
            if (group := "quoted" if m.group("quoted") else "called" if m.group("called") else "")
            else (m.start(), m.end())
            for m in pattern.finditer(sentence)
        ]
    if kind in ("organisation", "place", "name"):
        # A capitalised word that only starts the sentence is not a name.
        spans = [
            (s, e)
            for s, e in spans
            if not (s == 0 and " " not in sentence[s:e] and not sentence[s:e].isupper())
        ]
    return spans


# Constraints a question puts on its answer that a sentence can visibly fail: a year the
# answer must be about, and an amount of money. Used as abstention evidence (a paragraph
# on the right topic that lacks the asked-for year or amount does not answer).
YEARS = re.compile(r"\b(19[5-9]\d|20\d\d)\b")  # a year written in text
_ASKS_MONEY = re.compile(
    # "how much" alone asks a degree as often as an amount ("How much does social care
    # rely on temps?"): only with money words or a verb of paying.
    r"\bhow much\b.*\b(money|cash|funding|funded|fund|grants?|allowances?|fees?|wages?|"
    r"costs?|spend|spent|pay|paid|earns?|invest\w*|worth|allocat\w*)\b|"
    r"\bbudgets?\b|\bsalary\b|\bsalaries\b|"
    # "spend" is money, but not time spent ("spend time with friends", "spent longer
    # in care").
    r"\bcost(s)?\b|\bspend(s|ing)?\b(?!\s+(?:(?:a|more|less|much|little|enough|quality|"
    r"the|their|some|too)\s+)*(?:time|long|longer|days?|weeks?|months?|years?|hours?|nights?|"
    r"evenings?|weekends?|periods?))|\bin pounds\b|£",
    re.I,
)
# A year a question measures change from ("since the 2020 inspection", "since 2014"), and
# a report's own words for its last inspection. Generic English.
_SINCE_YEAR = re.compile(
    r"\bsince (?:the |its |their |[\w'-]+'s |(?:it|they|the council|[\w'-]+) (?:was|were|"
    r"had been|got) [^?.]{0,40}?)?(19[5-9]\d|20\d\d)\b",
    re.I,
)
_SINCE_INSPECTION = re.compile(
    r"\b(?:last|previous|prior|earlier|most recent) (?:ofsted |full |standard )?inspection\b",
    re.I,
)
# "What did X spend its extra investment on?" asks what the money went on, not how much
# it was: the answer need not give an amount. Generic English.
_ASKS_SPENT_ON = re.compile(
    r"^\W*(?:and |so )?(?:what|which|where)\b.*\b(?:spend|spends|spent|spending|invest|"
    r"invests|invested|investing|use|used)\b.*\b(?:on|in)\W*$",
    re.I,
)
_HOW_MUCH_TIME = re.compile(r"\bhow much (?:more |less )?time\b", re.I)
_MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s?(pounds|million|billion|m\b|k\b)", re.I)


def unmet_constraints(question: str, sentence: str, context: str) -> float:
    """1.0 if the question names a year that ``context`` (the paragraph up to and
    including the answer sentence) never mentions, or asks for an amount of money and the
    sentence gives none; else 0.0.

    Only the text up to the sentence counts: "In January 2011, ..." sets the year for what
    follows, and a year mentioned after a count ("... 278,200 children ... The May 2011
    School Census ...") is not the count's year.
    """
    # "Is it still 'requires improvement', like in 2021?": the year compared with is
    # not asked of the answer.
    years = set(YEARS.findall(question)) - set(COMPARED_YEAR.findall(question))
    if years and _SINCE_INSPECTION.search(context):
        # "... improved since the 2020 inspection?", "... got better since 2014?": the
        # report says "since the last inspection", which is that year's.
        years -= set(_SINCE_YEAR.findall(question))
    if years and not years & set(YEARS.findall(context)):
        return 1.0
    asks_money = (
        _ASKS_MONEY.search(question)
        and not _HOW_MUCH_TIME.search(question)
        and not _ASKS_SPENT_ON.search(question)
    )
    if asks_money and not _MONEY.search(sentence):
        return 1.0
    return 0.0


# Requests an extractive answerer cannot meet, told apart by the question's form (an
# imperative verb, "why", "main strengths"), never by its topic. The answer then says so
# plainly and offers the most relevant paragraphs instead of "The report does not say",
# which would be false (see :data:`qa.answer.LIMITED`).
_LIMITS: list[tuple[str, re.Pattern]] = [
    (
        "summary",
        re.compile(
            r"^(?:please\s+|can you\s+|could you\s+)*(?:summari[sz]e|sum up|outline|"
            r"give (?:me )?(?:an? )?(?:summary|overview))\b|\b(?:summary|overview|gist) of\b|"
            r"\b(?:main|key|biggest|principal) (?:strengths?|weakness(?:es)?|findings|points|"
            r"issues|concerns|messages|themes)\b",
            re.I,
        ),
    ),
    (
        "comparison",
        re.compile(
            r"^(?:please\s+|can you\s+|could you\s+)*(?:compare|contrast)\b|"
            r"\bdifferences? between\b|\bhow (?:does|do|did) .+ compare\b",
            re.I,
        ),
    ),
    (
        "reason",
        re.compile(
            r"^(?:and\s+|but\s+|so\s+)?(?:why|explain|how come)\b|"
            r"\bwhat (?:is|was|are|were) the reasons?\b|\bfor what reason\b",
            re.I,
        ),
    ),
]


# Words by which a text states a cause ("because", "due to", "This means ..."): a "why"
# question is answered by a quote only from a paragraph that holds one.
# "due to", "owing in part to", "largely due to": a cause given (shared by the strategies'
# cause patterns).
DUE_TO = r"(?:due|owing) (?:in (?:large |some )?part |largely |mainly |partly )?to"
CAUSAL = re.compile(
    rf"\b(?:because|{DUE_TO}|"
    r"as a (?:result|consequence)|result(?:s|ed|ing)? (?:in|from)|"
    r"caus(?:e|es|ed|ing)|(?:contributing |key |main )?factors?|reasons?|led to|"
    r"lead(?:s|ing)? to|means? that|meant that|meaning that|(?:this|which) (?:means|meant)|"
    # "the number of carers leaving means the authority is still in deficit" (not "by
    # means of", "a means to")
    r"(?<!by )(?<!a )(?<!the )(?<!any )(?<!no )(?<!other )(?<!limited )(?<!all )(?<!various )"
    r"means (?!of\b|to\b|for\b|a lot\b|a great deal\b|so much\b|much\b|everything\b)(?=[a-z])|"
    r"contribut(?:es|ed|ing) to|"
    # "The high turnover of staff can hinder relationships": what gets in the way
    r"hinder(?:s|ed|ing)?|hamper(?:s|ed|ing)?|imped(?:e|es|ed|ing)|undermin(?:e|es|ed|ing)|"
    r"therefore|consequently|so that|attributable|driven by|reflects?|explain(?:s|ed)?|"
    # "A lack of housing options also has a significant negative impact for care leavers"
    r"(?:has|have|had) (?:had )?(?:an? )?(?:[\w-]+ ){0,3}impact (?:on|for|upon))\b",
    re.I,
)


def limit_of(question: str) -> str | None:
    """ "summary", "comparison" or "reason" when ``question`` asks for one, else None."""
    text = " ".join(question.split())
    for name, pattern in _LIMITS:
        if pattern.search(text):
            return name
    return None
