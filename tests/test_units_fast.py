"""Fast unit tests of the pure pieces: fusion, acronyms, question kinds, spans, metrics."""

from __future__ import annotations

import pytest

from qa.answering.counts import averages, count_fit, rerank_counts
from qa.answering.question import classify, counted_noun, find_spans, unmet_constraints
from qa.answering.strategies.frontmatter import field_asked
from qa.evaluation import metrics
from qa.ingest.acronyms import Acronym, find_definitions
from qa.models import Unit
from qa.retrieval.expansion import (
    DEFAULT_ABBREVIATIONS,
    AbbreviationFileError,
    AcronymExpander,
    load_abbreviations,
)
from qa.retrieval.fusion import convex, rrf
from qa.retrieval.retriever import Passage, Retrieval


def test_rrf_matches_hand_computation():
    fused = rrf([{"a": 3.0, "b": 2.0}, {"b": 9.0, "c": 1.0}], k=60)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["c"] == pytest.approx(1 / 62)
    weighted = rrf([{"a": 1.0}, {"a": 1.0}], weights=[2.0, 0.5], k=10)
    assert weighted["a"] == pytest.approx(2.5 / 11)


def test_convex_matches_hand_computation():
    fused = convex([{"a": 0.9, "b": 0.5, "c": 0.1}, {"b": 10.0, "c": 0.0}], [0.6, 0.4])
    assert fused["a"] == pytest.approx(0.6 * 1.0)
    assert fused["b"] == pytest.approx(0.6 * 0.5 + 0.4 * 1.0)
    assert fused["c"] == pytest.approx(0.0)


def test_acronym_definitions_schwartz_hearst():
    text = (
        "Arrangements through the local authority designated officer (LADO) are good. "
        "The Children in Care Council (CiCC) meets. Three Primary Care Trusts (PCTs) act. "
        "A note (see below) and (OK) are not definitions."
    )
    assert find_definitions(text) == [
        ("LADO", "local authority designated officer"),
        ("CiCC", "Children in Care Council"),
        ("PCTs", "Primary Care Trusts"),
    ]
    # a curly apostrophe stays inside its word; a closing quote mark is not in the name
    printed = "The director of children\u2019s services (DCS) and the \u2018front door\u2019 (FD)."
    assert find_definitions(printed) == [
        ("DCS", "director of children\u2019s services"),
        ("FD", "front door"),
    ]


def test_acronym_expansion_both_ways():
    lado = Acronym("LADO", "local authority designated officer", "d", "p1", 1)
    expander = AcronymExpander({"LADO": lado})
    assert expander.expand("What does the LADO do?") == (
        "What does the LADO do? (local authority designated officer)"
    )
    assert expander.expand("Is the local authority designated officer good?").endswith("(LADO)")
    assert expander.expand("Nothing to expand") == "Nothing to expand"
    # the report's curly apostrophe matches a question's straight one
    dcs = Acronym("DCS", "director of children\u2019s services", "d", "p2", 2)
    expander = AcronymExpander({"DCS": dcs})
    assert expander.expand("When did the director of children's services start?").endswith("(DCS)")


def test_sector_abbreviations_expand_what_the_corpus_does_not_define():
    lado = Acronym("LADO", "local authority designated officer", "d", "p1", 1)
    sector = {"LAC": "looked after children", "LADO": "something else", "CARE": "care team"}
    expander = AcronymExpander({"LADO": lado}, sector, lowercase_words=frozenset({"care"}))
    # Written in capitals, or in lower case when the corpus never uses it as a word.
    assert expander.expand("how many LAC") == "how many LAC (looked after children)"
    assert expander.expand("how many lac") == "how many lac (looked after children)"
    # The report's own definition wins over the list's.
    assert expander.long_form("LADO") == "local authority designated officer"
    # "care" is an ordinary word of this corpus, and the list is not read backwards.
    assert expander.expand("children in care") == "children in care"
    assert expander.expand("looked after children") == "looked after children"
    assert expander.long_form("la") is None


def test_abbreviations_file_loads_and_rejects_bad_lines(tmp_path):
    packaged = load_abbreviations(DEFAULT_ABBREVIATIONS)
    assert packaged["LAC"] == "looked after children" and len(packaged) >= 30
    assert load_abbreviations(None) == {}
    good = tmp_path / "ok.tsv"
    good.write_text("# comment\n\nIRO\tindependent reviewing officer\n", encoding="utf-8")
    assert load_abbreviations(good) == {"IRO": "independent reviewing officer"}
    bad = tmp_path / "bad.tsv"
    bad.write_text("IRO independent reviewing officer\n", encoding="utf-8")
    with pytest.raises(AbbreviationFileError, match=r"bad.tsv:1: expected SHORT<TAB>"):
        load_abbreviations(bad)
    with pytest.raises(AbbreviationFileError, match="cannot read"):
        load_abbreviations(tmp_path / "missing.tsv")


def test_counted_noun_spells_out_abbreviations():
    assert counted_noun("How many maintained schools are there?") == ("maint", "schoo")
    spelled = {"lac": "looked after children", "kids": "children"}.get
    # "looked after" and "in care" are one status: both read as "care"
    assert counted_noun("how many lac", spelled) == ("care", "child")
    assert classify("how many lac", spelled).counted == ("care", "child")
    assert classify("What percentage of pupils?", spelled).counted == ()


def test_counted_noun_runs_on_through_a_childs_status_and_stops_at_text_speak():
    spelled = {"kids": "children"}.get
    assert counted_noun("how many kids in care r there", spelled) == ("child", "care")
    assert counted_noun("How many children in need were there?") == ("child", "need")
    # any other "in" ends what is counted: a place is not part of it
    assert counted_noun("How many children in Luton were adopted?") == ("child",)
    head = counted_noun("how many kids in care r there", spelled)
    assert count_fit(head, "there were 1356 looked after children, of which") == 1.0
    assert count_fit(head, "there were 120 children in care.") == 1.0
    # children of whom no status is said are no count of children in care
    assert count_fit(head, "there were 601 children who were subject to plans") == 0.0
    assert count_fit(head, "601 children were subject to plans; all are in care") == 0.5


def test_a_number_before_the_counted_noun_qualifies_it_and_one_after_ends_it():
    spelled = {"kids": "children"}.get
    head = counted_noun("how many level 2 disabled kids r not getting reviews", spelled)
    assert head == ("disab", "child")
    assert counted_noun("How many year 11 pupils are there?") == ("pupil",)
    # a number after the noun (an age, a range, a time) ends it, the noun kept
    assert counted_noun("How many children 16 and over are in care?") == ("child",)
    assert counted_noun("How many care leavers 19 to 21 are in touch?") == ("care", "leave")
    assert counted_noun("How many foster carers 3 years ago?") == ("foste", "carer")
    # a number first is no noun at all, as before
    assert counted_noun("How many 16 and 17 year olds were homeless?") == ()


def test_a_labels_number_counts_nothing():
    head = counted_noun("How many children were in care?")
    assert count_fit(head, "Attainment at key stage 4 is also low for children in care.") == 0
    assert count_fit(head, "Year 11 children in care did well.") == 0
    # a year of time is no school year: its number still counts
    assert count_fit(head, "In the last year 68 children in care were adopted.") == 1.0


def test_a_number_in_brackets_counts_the_words_before_it():
    head = counted_noun("How many children went missing from education?")
    text = "A significant number of children (144) are currently missing from education."
    assert count_fit(head, text) == 1.0
    assert count_fit(head, "Some children (2015) went missing from education.") == 0  # a year
    # brackets after other words count those, not the children asked about
    assert count_fit(head, "Some children attend the schools (12) named in the plan.") < 1.0


def _passage(paragraph: int, text: str, score: float) -> Passage:
    unit = Unit("d", f"p{paragraph}", "paragraph", paragraph, text)
    return Passage(paragraph, unit, score, score, 0.0)


def test_count_rerank_lifts_the_paragraph_that_counts_the_thing():
    head = counted_noun("How many looked after children?")
    assert count_fit(head, "There were 1356 looked after children.") == 1.0
    assert count_fit(head, "601 children were on plans.") == 0.0  # no status said
    on_plans = "601 children were on plans; all of them are looked after."
    assert count_fit(head, on_plans) == pytest.approx(1 / 2)
    assert count_fit(head, "Most looked after children are safe.") == 0.0
    # a possessive qualifies what follows it; a year is no count of what follows later
    children = counted_noun("How many children are home educated?")
    assert count_fit(children, "It runs 80 children\u2019s centres.") == 0.0
    assert count_fit(children, "In 2016, when children's services were good") == 0.0
    assert count_fit(children, "In 2011, 45 children were adopted.") == 1.0
    homes = counted_noun("How many children's homes are there?")
    assert count_fit(homes, "It runs two children\u2019s homes.") == 1.0
    passages = [
        _passage(1, "Looked after children are well supported.", 0.9),
        _passage(2, "Looked after children attend school; 12 districts.", 0.8),
        _passage(3, "There were 1356 looked after children.", 0.5),
    ]
    retrieval = Retrieval("q", "q", None, passages)
    counted = classify("how many looked after children are there")
    reranked = rerank_counts(counted, retrieval, k=2)
    assert [p.unit.paragraph for p in reranked.passages] == [3, 1]
    plain = rerank_counts(classify("are looked after children safe"), retrieval, k=2)
    assert [p.unit.paragraph for p in plain.passages] == [1, 2]


def test_a_year_only_counts_when_it_comes_before_or_in_the_answer_sentence():
    paragraph = "There are 278,200 children. The May 2011 School Census reported 11%."
    sentence = "There are 278,200 children."
    context = paragraph[: paragraph.index(sentence) + len(sentence)]
    assert unmet_constraints("How many children died in 2011?", sentence, context) == 1.0
    census = "The May 2011 School Census reported 11%."
    assert unmet_constraints("What share in 2011?", census, paragraph) == 0.0
    assert unmet_constraints("How many children are there?", sentence, context) == 0.0


def test_a_year_change_is_measured_from_is_met_by_the_last_inspection():
    better = "Practice has been strengthened since the last inspection."
    for question in (
        "Has the front door improved since the 2020 inspection?",
        "Has the front door got better since 2014?",
    ):
        assert unmet_constraints(question, better, better) == 0.0
    # without the report's words for its last inspection, the year must be there
    assert unmet_constraints("Has it improved since 2014?", "Practice is good.", "") == 1.0
    # a year asked of, not measured from, is still required
    assert unmet_constraints("How many children were adopted in 2014?", better, better) == 1.0


def test_an_amount_of_money_asked_must_be_in_the_sentence():
    cut = "By how much were the budgets of the children's centres cut?"
    assert unmet_constraints(cut, "Two of the ten centres are good.", "") == 1.0
    assert unmet_constraints(cut, "Budgets were cut by £1.2 million.", "") == 0.0


@pytest.mark.parametrize(
    "question,kind",
    [
        ("How many foster carers are there?", "number"),
        ("What percentage of pupils get free meals?", "percent"),
        ("When was the report published?", "date"),
        ("When was the fostering service judged outstanding?", "date"),
        ("What grade did health agencies get?", "grade"),
        # A percentage the question gives is no percentage it asks for.
        ("How many social workers will it add under its plan to grow by 50%?", "number"),
        ("What % of care leavers are in education?", "percent"),
        ("How was partnership working judged?", "grade"),
        ("What must be done within three months?", "list"),
        ("What does LADO stand for?", "definition"),
        ("Which hospital has too few nurses?", "organisation"),
        ("Which district is the most deprived?", "place"),
        ("How often do managers meet?", "duration"),
        ("Are caseloads manageable?", "fact"),
        # Yes/no questions are facts even when they mention a number.
        ("Is the number of children in care going up?", "fact"),
        ("Who is the chief executive of the trust?", "person"),
        ("What is the name of the independent chair?", "person"),
        # A role after a council's name of several words is still a person's.
        ("What is the name of Brighton and Hove's virtual school head?", "person"),
        ("Which councillor leads on children's services?", "person"),
        ("What was the LSCB judged in Walsall?", "grade"),
        ("what did ofsted give sutton for leadership", "grade"),
        ("What did the inspectors give as examples?", "fact"),
        ("What did Ofsted rate Bath's adoption performance?", "grade"),
        ("what did ofsted give blackpool overall", "grade"),
        ("how did wigan's care leavers come out in the inspection", "grade"),
        ("What did the inspectors rate as a strength?", "fact"),
        ("How did Bury get on for care leavers at the 2025 inspection?", "grade"),
        # how they did in exams or at school is an outcome, not Ofsted's grade
        ("how did north yorks looked after kids do in their year 11 exams", "fact"),
        ("How did children in care do at school in Kent?", "fact"),
        ("How did Bury do in its 2025 inspection?", "grade"),
        ("How did Kent do in its inspection results?", "grade"),
        # a "when" clause sets the scene; the question follows it
        ("When Derby kids who've run away come back, are they talked to properly?", "fact"),
        ("when manchester kids go awol do they get a chat quick once they're back", "fact"),
        ("When Ofsted visited in 2017, how many children were in care?", "number"),
        ("When did the inspection take place?", "date"),
        ("When will the new homes open?", "date"),
        ("How did children in care do in their English and maths exams?", "fact"),
        ("How did care leavers get on at university?", "fact"),
        # a question word and "is" run together read as both
        ("What's the average caseload for a social worker in Trafford?", "number"),
        ("whats the staff vacancy rate in trafford", "rate"),
        ("What's the name of Walsall's Prevent duty coordinator?", "person"),
        # An amount given is money; how much of something given is not.
        ("How much does the council give care leavers at university each year?", "money"),
        ("How much support does the council give care leavers?", "number"),
        ("Who was the DCS in Manchester?", "person"),  # a post's holder, by name
        ("Who leads the virtual school?", "organisation"),  # a post, not a name
        ("What is the name of the team for care leavers?", "name"),  # what it is called
        ("What time does the office open?", "time"),
        ("What is the telephone number of the duty team?", "phone"),
        ("How much does the council spend on fostering?", "money"),
        ("What is the salary of a social worker?", "money"),
        ("What is Liverpool's setting up home allowance?", "money"),
        ("What is the leaving care grant?", "money"),
        # "How much" and a verb asks a degree, unless the verb is one of receiving.
        ("How much does children's social care rely on temps?", "fact"),
        ("How much do care leavers get when they move out?", "number"),
        ("How much weekly schooling do excluded teenagers get?", "number"),
        # A body of a qualified kind, a charity or a company is asked for by its name.
        ("Which regional adoption agency does Derby work with?", "name"),
        ("Which charity runs the care leavers' service?", "name"),
        ("Which organisation runs the drop-in?", "name"),
        ("Which agency leads the work on grooming?", "organisation"),
        # A limit or a maximum is an amount; asked as yes/no it is not.
        ("What is the maximum caseload size Bath sets?", "number"),
        ("What caseload limit does the council set?", "number"),
        ("Is there a caseload limit?", "fact"),
        ("What is the council's target for recruiting foster carers?", "number"),
    ],
)
def test_question_kinds(question, kind):
    assert classify(question).kind == kind


def test_typed_spans():
    sentence = "As at May 2011, 15% (22,800) of pupils, seen within six weeks, in Burnley."
    text = lambda kind: [sentence[s:e] for s, e in find_spans(kind, sentence)]  # noqa: E731
    assert text("percent") == ["15%"]
    assert "22,800" in text("number") and "15" not in text("number")
    assert text("date") == ["May 2011"]
    assert text("duration") == ["six weeks"]
    assert "Burnley" in text("place")


def test_typed_spans_for_names_times_phones_and_money():
    sentence = "Ask Dr Patel or Anna Reed on 01772 531234 before 9.30am or at 14:00; £1.2 million."
    text = lambda kind: [sentence[s:e] for s, e in find_spans(kind, sentence)]  # noqa: E731
    assert {"Dr Patel", "Anna Reed"} <= set(text("person"))
    assert text("phone") == ["01772 531234"]
    assert text("time") == ["9.30am", "14:00"]
    assert text("money") == ["£1.2 million"]
    assert text("money") and not find_spans("money", "It rose by 12 per cent.")


def test_what_a_thing_is_known_as_or_called_is_a_name_in_lower_case_too():
    def names(sentence: str) -> list[str]:
        return [sentence[s:e] for s, e in find_spans("name", sentence)]

    assert names("Young people, known as care consultants, are paid to shape services.") == [
        "care consultants"
    ]
    assert names("A panel called the young voices group, which meets monthly, helps.") == [
        "young voices group"
    ]
    assert names("It is known as a strong service.") == []  # "a ..." describes, not names
    # "called upon / in / for" is a verb's, not a name's
    assert names("Partners were called upon to help, and police called in.") == []


def test_retrieval_metrics_by_hand():
    ranked = [7, 3, 9, 1]
    assert metrics.recall_at(ranked, {9}, 2) == 0.0
    assert metrics.recall_at(ranked, {9}, 3) == 1.0
    assert metrics.reciprocal_rank(ranked, {9, 1}) == pytest.approx(1 / 3)
    # nDCG@10 with relevant {3, 1}: DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3)
    expected = (1 / 1.5849625 + 1 / 2.3219281) / (1 + 1 / 1.5849625)
    assert metrics.ndcg_at(ranked, {3, 1}) == pytest.approx(expected, rel=1e-6)


def test_answer_metrics_by_hand():
    assert metrics.normalize_answer("The Royal, Lancaster!") == "royal lancaster"
    assert metrics.answer_hit("It is the Royal Lancaster Infirmary.", ["royal lancaster"]) == 1.0
    # the reports' curly apostrophes and dashes match a gold typed with straight ones
    assert metrics.answer_hit("in two children\u2019s centres", ["two children's centres"]) == 1.0
    assert metrics.answer_hit("their life\u2013story books", ["life-story book"]) == 1.0
    assert metrics.answer_hit("in two children\u2019s centres", ["three centres"]) == 0.0
    assert metrics.exact_match("the 634", ["634"]) == 1.0
    # predicted "six weeks time" vs gold "six weeks": P = 2/3, R = 1, F1 = 0.8
    assert metrics.token_f1("six weeks time", ["six weeks"]) == pytest.approx(0.8)
    assert metrics.precision_recall_f1(8, 2, 2) == pytest.approx((0.8, 0.8, 0.8))
    assert metrics.percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)


# -- follow-up questions ------------------------------------------------------------------


def test_follow_up_replaces_the_counterpart_phrase():
    from qa.answering.followup import resolve

    first = "What grade was given for the health of children in need of protection?"
    assert resolve("and for looked after children?", [first]) == (
        "What grade was given for the health of looked after children?"
    )
    assert resolve("what about for health?", ["What grade was given for safeguarding?"]) == (
        "What grade was given for health?"
    )
    # No subject to replace: the new words are joined in plain English, never ", X?".
    assert resolve("and fostering?", ["How many children were adopted?"]) == (
        "How many children were adopted, and what about fostering?"
    )
    assert resolve("and in 2011?", ["How many children were adopted?"]) == (
        "How many children were adopted in 2011?"
    )


def test_follow_up_substitutes_the_new_subject():
    from qa.answering.followup import resolve

    # The grade of staying safe, not of "being healthy, staying safe".
    assert resolve("and staying safe?", ["What grade was given for being healthy?"]) == (
        "What grade was given for staying safe?"
    )
    assert resolve("what about the police?", ["What is the judgement on partnership working?"]) == (
        "What is the judgement on the police?"
    )
    assert resolve("and the deputy?", ["Who was the lead inspector?"]) == "Who was the deputy?"
    # A chain keeps substituting into the first question's shape.
    history = ["What grade was given for being healthy?", "and staying safe?"]
    assert resolve("and enjoying and achieving?", history) == (
        "What grade was given for enjoying and achieving?"
    )


def test_pronouns_stand_for_the_previous_subject():
    from qa.answering.followup import resolve

    assert resolve("What should be done about it?", ["What grade was given for staying safe?"]) == (
        "What should be done about staying safe?"
    )
    assert resolve("Who leads it?", ["What is the LSCB?"]) == "Who leads the LSCB?"
    assert resolve("Why were they adopted?", ["How many children were adopted?"]) == (
        "Why were children adopted?"
    )
    # A determiner names its own noun; no history, nothing to resolve.
    assert resolve("Is this report recent?", ["What is the LSCB?"]) == "Is this report recent?"
    assert resolve("What should be done about it?", []) == "What should be done about it?"


def test_new_questions_are_left_alone():
    from qa.answering.followup import is_follow_up, resolve

    previous = ["How stable are placements?"]
    for question in ("LADO", "Who was the lead inspector?", "adoption timeliness"):
        assert not is_follow_up(question)
        assert resolve(question, previous) == question
    assert resolve("and for looked after children?", []) == "and for looked after children?"


def test_chained_follow_ups_keep_the_first_subject():
    from qa.answering.followup import resolve

    history = ["How many children were adopted?", "and in 2011?"]
    resolved = resolve("and for looked after children?", history)
    assert resolved.startswith("How many children were adopted")


@pytest.mark.parametrize(
    "question,kind",
    [
        ("What is the staff vacancy rate in children's social care?", "rate"),
        ("What was Bolton's re-referral rate?", "rate"),
        ("how high is the rate of children in need", "rate"),
        ("What was the average social worker caseload in 2014?", "number"),
        ("What is the name of the person who chaired the board?", "person"),
        ("What is the name of the fostering service?", "name"),
    ],
)
def test_the_value_a_question_asks_for(question, kind):
    assert classify(question).kind == kind


def test_a_rate_is_a_percentage_or_so_many_per_so_many():
    text = "The rate is 345 per 10,000 children; 18% of posts are vacant; one in five leave."
    found = [text[s:e] for s, e in find_spans("rate", text)]
    assert found == ["345 per 10,000", "18%", "one in five"]
    assert find_spans("rate", "There are low levels of staff turnover and few vacancies.") == []
    assert unmet_constraints("How much cash do care leavers get?", "They get support.", "") == 1.0


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("How much does a foster carer get paid?", True),
        ("How much is the setting-up-home allowance?", True),
        ("How much did the council spend on agency staff?", True),
        # "How much" asking a degree, not an amount.
        ("How much does children's social care rely on temps?", False),
        ("How much has the front door improved?", False),
        # "spend" of time, not money.
        ("Is there somewhere care leavers can drop in and spend time with friends?", False),
        ("Do children spend too long waiting for a placement?", False),
        ("How much time do social workers spend with children?", False),
        ("What is the spend on agency staff?", True),
    ],
)
def test_how_much_asks_for_money_only_with_money_words(question, money):
    assert unmet_constraints(question, "They rely on it a great deal.", "") == float(money)


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("When were the inspectors there?", "inspection_dates"),
        ("when did ofsted visit wigan", "inspection_dates"),
        ("In Wigan, when did the inspection take place?", "inspection_dates"),
        ("Who inspected Hull?", "reporting_inspector"),
        # "when" joining a clause after another question word asks for no date.
        ("How many children were waiting for adopters when inspectors visited?", None),
        ("What happens to Derby kids when there aren't enough foster places?", None),
        # The front page dates this inspection, not the next one.
        ("When will the next inspection take place?", None),
        ("When is Ofsted's next full inspection visit?", None),
        # ... nor an earlier one.
        ("When was Halton's previous inspection?", None),
        ("When was the last inspection of Halton before 2020?", None),
        ("When was Halton last inspected?", "inspection_dates"),
        # The dates asked in other words, and who inspected as staff say it.
        ("what dates was Barnet inspected", "inspection_dates"),
        ("What were the dates of the 2026 inspection of N Northants?", "inspection_dates"),
        ("What was the date of Barking and Dagenham's inspection?", "inspection_dates"),
        ("How long did the Bath and North East Somerset inspection last?", "inspection_dates"),
        ("How long does a child wait for adoption?", None),
        # "when" about something other than the inspection asks no front-page date.
        ("By when does Solihull expect to clear its backlog of home visits?", None),
        ("When are strategy meetings held in Bury?", None),
        ("When was Wigan visited?", "inspection_dates"),
        ("Who was the HMI for Bexley?", "reporting_inspector"),
        ("when did ofsted publish the bury report", "published"),
        # The team, in the plural: the body's list, else the lead (FrontMatterStrategy).
        ("who were the inspectors for Bury", "inspectors"),
        ("Who was the deputy lead inspector?", None),
        # What the inspectors thought or found is asked, not who they were.
        ("What did inspectors think of how Hackney helps teens who have nowhere to live?", None),
        ("What did the inspectors find about who checks the plans?", None),
        ("When was Salford's Ofsted report published?", "published"),
        ("what was the title of the Kent report", "title"),
        ("What is the Kent Ofsted report called?", "title"),
        ("What was the inspection framework used for Middlesbrough?", "inspection_type"),
        ("What is the job title of the person who chairs the board?", None),
        ("Which framework was Bury inspected under?", "inspection_type"),
        ("What's Tower Hamlets' social work practice framework called?", None),
        ("What was the inspection period for Wigan?", "inspection_dates"),
        ("What was the date of the Sheffield inspection?", "inspection_dates"),
        ("In which month was Doncaster inspected?", "inspection_dates"),
        # a year asked may be another inspection's ("In what year was the JTAI in Derby?")
        ("In what year was the joint targeted area inspection in Derby?", None),
        ("Who led Ofsted's team in Portsmouth?", "reporting_inspector"),
        ("What was the date of the child's review?", None),
        # ... and what only looks like them
        ("Who leads the team that supports care leavers in Kent?", None),
        ("How many children were referred during the inspection period?", None),
        ("What months were there delays in Kent's adoption?", None),
        ("Which framework does Bury use to inspect its children's homes?", None),
        ("What is the name of the programme titled 'Staying Close'?", None),
        ("Which inspectors found that Kent was inadequate?", "inspectors"),
        ("On what dates did the inspectors see children in Kent?", "inspection_dates"),
        # what the inspectors said is asked, whatever the question word
        ("Which police force did inspectors say was slow to refer children in Hull?", None),
        ("Who did Ofsted say chairs the improvement board?", None),
        ("What type of Ofsted inspection did Plymouth have in autumn 2018?", "inspection_type"),
        (
            "When were the inspectors in Lincs for the inspection published in January 2015?",
            "inspection_dates",
        ),  # fmt: skip
        ("When was the Lincolnshire report published in 2015?", "published"),
        (
            "When was the Lincs inspection published in January 2015 carried out?",
            "inspection_dates",
        ),  # fmt: skip
        # ... but "when" still asks the dates, and a named field is still asked
        ("When did the inspectors find Kent inadequate?", "inspection_dates"),
        ("Which inspection framework did Ofsted find Bury under?", "inspection_type"),
        # which report, said by when it was published, is no question about that
        (
            "When did Ofsted carry out the Middlesbrough inspection that was published in 2016?",
            "inspection_dates",
        ),
    ],
)
def test_the_front_page_field_a_question_asks_for(question, field):
    assert field_asked(question) == field


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("What was the average social worker caseload in Bolton?", "casel"),
        ("What is the average caseload of a social worker?", "casel"),
        ("What is the average number of cases a social worker holds?", "cases"),
        ("What is the average time to adoption?", None),  # a measure: no nearness rule
        ("How many children are in care?", None),
        # A maximum or a limit is of a noun too; a name ends the noun phrase.
        ("What is the maximum caseload size B&NES sets?", "casel"),
        ("What caseload limit does Walsall set?", "casel"),
        ("What is the time limit for assessments?", None),
    ],
)
def test_the_noun_an_average_question_averages(question, head):
    assert classify(question).averaged == head


@pytest.mark.parametrize(
    ("question", "rated"),
    [
        ("What is the pass rate for care leavers?", "pass"),
        # "the rate of X": the last word of X, read as the reports write it.
        ("What is the rate of children in need in Bolton?", "need"),
        ("What is the rate of children looked after in Sandwell?", "care"),
        ("what was the rate of looked after kids per 10,000", "care"),  # the status
        ("What is its rate?", None),
    ],
)
def test_what_a_rate_question_rates(question, rated):
    from qa.answering.strategies.sentence import _names_stem

    assert classify(question).averaged == rated
    if rated:
        # "a rate of 86 per 10,000 children" beside "looked after" names it; an
        # attendance rate of children names no children in need.
        looked_after = "674 children were being looked after (a rate of 86 per 10,000)."
        assert _names_stem(rated, looked_after) is (rated == "care")


@pytest.mark.parametrize(
    ("question", "required"),
    [
        ("How many foster carers are there?", True),
        ("How long do children wait for CAMHS?", True),  # a length of time
        ("How often do managers meet?", False),  # "regularly" answers it too
        ("When was the report published?", False),  # "on their return" may answer
        ("In what year did the council open the hub?", True),  # only a year does
    ],
)
def test_which_questions_only_a_sentence_with_a_value_answers(question, required):
    assert classify(question).value_required is required


def test_a_when_question_is_answered_by_a_date_or_a_time_in_words():
    from qa.answering.question import TEMPORAL

    assert classify("When are the new homes due to open?").asks_when
    assert not classify("In what year did the hub open?").asks_when  # only a year
    assert not classify("Are children seen when they return?").asks_when  # yes/no
    assert TEMPORAL.search("Families get support at weekends and in the evenings.")
    assert TEMPORAL.search("Children are seen on their return by a police officer.")
    assert not TEMPORAL.search("There are plans to open two new local children's homes.")


@pytest.mark.parametrize(
    ("question", "rated"),
    [
        ("What is the staff vacancy rate?", "vacan"),
        ("What is the pass rate for A levels?", "pass"),
        ("What was the rate of children in care per 10,000?", "care"),  # said after "of"
    ],
)
def test_the_noun_a_rate_question_rates(question, rated):
    assert classify(question).averaged == rated


def test_a_future_when_question_and_the_year_of_a_law():
    from types import SimpleNamespace

    from qa.answering.strategies.sentence import SentenceStrategy

    assert classify("When will the next inspection take place?").asks_future
    assert classify("When are the new homes due to open?").asks_future
    assert not classify("When was the report published?").asks_future
    strategy = SentenceStrategy.__new__(SentenceStrategy)
    strategy.index = SimpleNamespace(lowercase_words=frozenset())
    sentence = "The inspection was carried out under the Children Act 2004 in May 2012."
    spans = [sentence[s:e] for s, e in strategy._typed_spans("date", sentence, "when")]
    assert spans == ["May 2012"]  # "Act 2004" names a law, not a date


@pytest.mark.parametrize(
    "question",
    ["How many children are in care in Lambeth?", "How many children were looked after?"],
)
def test_a_status_after_the_verb_is_counted_too(question):
    assert classify(question).counted == ("child", "care")


def test_a_how_long_answer_may_be_given_in_words():
    from qa.answering.question import find_spans

    assert find_spans("duration", "They get support for as long as they need it.")
    assert find_spans("duration", "Support continues until they are 25.")
    assert not find_spans("duration", "Leaders offer paid sabbaticals to staff.")
    # joined to its noun: "a two-year supported programme", not "two-year-olds"
    assert find_spans("duration", "Workers benefit from a two-year supported programme.")
    assert not find_spans("duration", "Two-year-olds attend the nursery.")


@pytest.mark.parametrize(
    ("question", "caseload"),
    [
        ("How many cases does the average social worker in Essex hold?", True),
        ("how many cases do IROs in norfolk have", True),
        # Cases counted, not held by someone: no caseload.
        ("How many cases were referred to the LADO?", False),
    ],
)
def test_the_cases_a_worker_holds_are_a_caseload(question, caseload):
    from qa.answering.question import CASELOAD

    asked = classify(question)
    assert asked.counted == ("cases",)
    assert (asked.averaged == CASELOAD) is caseload


def test_an_average_is_a_number_beside_the_averaged_noun():
    assert averages("casel", "Caseloads are manageable, at an average of 18 children.")
    assert averages("cases", "Social workers hold on average 22 cases each.")
    # A number that is not beside it: a count of people, another average.
    assert not averages("casel", "One young person said her social worker was brilliant.")
    assert not averages("casel", "Care proceedings now take an average of 27 weeks.")


def test_a_month_is_no_name_for_a_what_is_it_called_question():
    from types import SimpleNamespace

    from qa.answering.strategies.sentence import SentenceStrategy

    strategy = SentenceStrategy.__new__(SentenceStrategy)
    strategy.index = SimpleNamespace(lowercase_words=frozenset({"children", "service", "one"}))
    strategy.genre = frozenset({"ofsted", "one", "children", "service"})
    sentence = "At 30 June 2017, the Awaken Service began."
    assert not strategy._is_a_proper_name(sentence, 6, 10)  # "June"
    assert strategy._is_a_proper_name(sentence, 21, 35)  # "Awaken Service"
    assert not strategy._is_a_proper_name("The Children were seen.", 4, 12)
    # Two capitalised words in running text name something, however ordinary the words.
    sentence = "Services are delivered by Achieving for Children, a company."
    assert strategy._is_a_proper_name(sentence, 26, 48)
    assert not strategy._is_a_proper_name("Children are seen.", 0, 8)
    # An acronym with a lower-case first letter ("iCART") is a name too.
    assert strategy._is_a_proper_name("Referrals go to the iCART.", 20, 25)
    # A name most reports print is the genre's, not a service's; ordinary words are not.
    assert not strategy._is_a_proper_name("It was seen by Ofsted in 2010.", 15, 21)
    assert strategy._is_a_proper_name("Help comes from One Point now.", 16, 25)


def test_web_addresses_do_not_make_a_name_an_ordinary_word():
    from qa.index.searchindex import _ADDRESS

    text = "Contact enquiries@ofsted.gov.uk or see www.ofsted.gov.uk/reports; Ofsted said so."
    assert "ofsted" not in _ADDRESS.sub(" ", text)


def test_a_short_quoted_phrase_does_not_make_a_name_an_ordinary_word():
    from qa.index.searchindex import _SHORT_QUOTE

    text = "Plans for the ‘mockingbird’ model and the “staying put” policy; children’s homes."
    kept = _SHORT_QUOTE.sub(" ", text)
    assert "mockingbird" not in kept and "staying" not in kept
    assert "children’s homes" in kept  # an apostrophe opens no quote
    speech = "One child said “I feel really safe here now”."
    assert _SHORT_QUOTE.sub(" ", speech) == speech  # a quoted sentence is running text


def test_a_year_is_no_amount():
    from qa.answering.strategies.sentence import SentenceStrategy

    strategy = SentenceStrategy.__new__(SentenceStrategy)
    sentence = "In 2015, budgets of 18 centres were cut."
    spans = strategy._typed_spans("number", sentence, "By how much were budgets cut?")
    assert [sentence[s:e] for s, e in spans] == ["18"]


def test_a_number_the_question_holds_only_inside_another_is_still_an_answer():
    from qa.answering.strategies.sentence import SentenceStrategy

    strategy = SentenceStrategy.__new__(SentenceStrategy)
    sentence = "Leaders had appointed 2 additional practitioners by 2026."
    question = "How many early help workers did Portsmouth take on before the 2026 inspection?"
    spans = strategy._typed_spans("number", sentence, question)
    # "2" is no word of the question ("2026" is, and names the report, not the answer)
    assert [sentence[s:e] for s, e in spans] == ["2"]


def test_a_sentence_that_points_back_is_quoted_with_the_one_before():
    from types import SimpleNamespace

    import numpy as np

    from qa.answering.strategies.sentence import Candidate, SentenceStrategy

    texts = ["An opportunities broker works with care leavers.", "This helps them into work."]
    other = "Care leavers are well supported."
    strategy = SentenceStrategy.__new__(SentenceStrategy)
    strategy.index = SimpleNamespace(
        sentence_unit=np.array([0, 0, 1]), sentence_text=lambda row: [*texts, other][row]
    )

    def candidate(row: int, text: str) -> Candidate:
        return Candidate(row, 0, text, 1.0, 0.5, 0.5, False, False, {})

    previous = strategy._previous(candidate(1, texts[1]))
    assert previous is not None and previous.row == 0 and previous.text == texts[0]
    # no pointing word, or the sentence before is another paragraph's: nothing added
    assert strategy._previous(candidate(0, texts[0])) is None
    assert strategy._previous(candidate(2, "They meet weekly.")) is None
    assert strategy._previous(candidate(1, "Thistle House opened.")) is None
    # an opening clause that points back counts too
    pointing = "While this is not the case for most, this instability unsettles some."
    assert strategy._previous(candidate(1, pointing)) is not None
    # and an opening phrase that does ("At this point ...", "In these cases ...")
    at_this = "At this point their placement is converted into supported lodgings."
    assert strategy._previous(candidate(1, at_this)) is not None
    assert strategy._previous(candidate(1, "In that year the council was inspected.")) is None


def test_a_sentence_that_points_back_is_quoted_after_the_best():
    from types import SimpleNamespace

    import numpy as np

    from qa.answering.strategies.sentence import Candidate, SentenceStrategy

    texts = [
        "A few children live in unregistered homes.",
        "These children are overseen by the DCS.",
        "Many of them are seen weekly.",
        "Care leavers are well supported.",
    ]
    strategy = SentenceStrategy.__new__(SentenceStrategy)
    strategy.index = SimpleNamespace(
        sentence_unit=np.array([0, 0, 0, 1]), sentence_text=lambda row: texts[row]
    )

    def candidate(row: int) -> Candidate:
        return Candidate(row, 0, texts[row], 1.0, 0.5, 0.5, False, False, {})

    after = strategy._next(candidate(0))
    assert after is not None and after.row == 1 and after.text == texts[1]
    assert strategy._next(candidate(1)).text == texts[2]  # "Many of them ..."
    # the next sentence opens on its own, is another paragraph's, or there is none
    assert strategy._next(candidate(2)) is None
    assert strategy._next(candidate(3)) is None
    # after a paragraph's first sentence (its topic), the next is quoted however it opens
    texts[1] = "The DCS oversees them."
    assert strategy._next(candidate(0), any_opening=True).text == texts[1]
    assert strategy._next(candidate(0)) is None
    assert strategy._next(candidate(2), any_opening=True) is None  # the paragraph ends


@pytest.mark.parametrize(
    ("question", "one_thing"),
    [
        ("Which practice model will take them to the next level of improvement?", True),
        ("Which organisation did the school commission to improve attendance?", True),
        ("What does Bristol need to improve?", False),
        ("Which teams need to improve?", False),
        ("What are the areas for improvement?", False),
    ],
)
def test_the_reports_list_of_improvements_answers_only_what_to_improve(question, one_thing):
    from qa.answering.strategies.lists import _ASKS_ONE_THING

    assert bool(_ASKS_ONE_THING.search(question)) is one_thing


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What does North Tyneside need to work on after its 2024 inspection?", True),
        ("what has kent got to work on", True),
        ("What should Bury work on next?", True),
        ("What are the main things Ofsted wants Cheshire East to work on?", True),
        ("What did Ofsted tell Sandwell to do for care leavers?", True),
        ("What do care leavers like to do in Sandwell?", False),
        ("What do young people want to do after school?", False),
        ("What did the children in care council ask leaders to do?", False),
        ("What do managers want social workers to work on?", False),
        ("Who does the council work on cases with?", False),
        ("What do social workers work on?", False),
    ],
)
def test_what_a_council_needs_to_work_on_asks_its_improvements(question, asks):
    from qa.answering.strategies.lists import _ASKS_IMPROVEMENTS

    assert bool(_ASKS_IMPROVEMENTS.search(question)) is asks


def test_the_routed_councils_name_is_no_word_a_name_repeats():
    from qa.answering.strategies.sentence import _only_asked_words, _stems_of

    question = "Which charity supports birth families in North Yorkshire after adoption?"
    charity = "After Adoption Yorkshire"
    assert _only_asked_words(charity, _stems_of(question))
    assert not _only_asked_words(charity, _stems_of(question, frozenset({"north", "yorkshire"})))
    # The question's other words still count: "Birth Families" names nothing new.
    assert _only_asked_words("Birth Families", _stems_of(question, frozenset({"yorkshire"})))


@pytest.mark.parametrize(
    ("question", "whether"),
    [
        ("Did Kent improve since the last inspection?", True),
        ("Has Bristol improved its services for care leavers?", True),
        ("Does Kent need to improve anything?", False),
        ("Is there anything Kent must improve?", False),
        ("What does Kent need to improve?", False),
    ],
)
def test_whether_a_council_improved_is_not_its_list_of_improvements(question, whether):
    from qa.answering.strategies.lists import _ASKS_WHETHER_IMPROVED

    assert bool(_ASKS_WHETHER_IMPROVED.search(question)) is whether


def test_a_name_with_a_curly_apostrophe_is_one_name():
    sentence = "Staff at Barnardo’s Leaving Care Service say the ‘Missing Hub’ opened."
    for kind in ("organisation", "name"):
        found = [sentence[s:e] for s, e in find_spans(kind, sentence)]
        assert "Barnardo’s Leaving Care Service" in found
        assert "Missing Hub’" not in found  # a closing quote is not part of a name


@pytest.mark.parametrize(
    ("span", "only_asked"),
    [
        ("Care Leavers", True),  # "leaver" of "leaving"
        ("Leaving Care Service", True),
        ("Barnardo’s Leaving Care Service", False),
        ("Adopt South", False),  # "South" is no form of "Southampton"
    ],
)
def test_a_name_made_of_the_questions_own_words_is_no_answer(span, only_asked):
    from qa.answering.strategies.sentence import _only_asked_words
    from qa.text.terms import stems

    asked = stems(["Who runs the leaving care service in Southampton's adoption team?"])[0]
    assert _only_asked_words(span, asked) is only_asked


@pytest.mark.parametrize(
    ("question", "to_do"),
    [
        ("Do Leicester councillors turn up to the corporate parenting forum?", False),
        ("Why does Lambeth use so many agency placements?", False),
        ("What should Leicester do about the corporate parenting forum?", True),
        ("What does Ofsted want Lambeth to do about placements?", True),
        ("What needs to improve in Enfield's out-of-hours service?", True),
    ],
)
def test_a_recommendation_answers_only_what_should_be_done(question, to_do):
    from qa.answering.strategies.sentence import _ASKS_WHAT_TO_DO

    assert bool(_ASKS_WHAT_TO_DO.search(question)) is to_do


def test_improvement_lists_and_numbered_recommendations_are_recommendations():
    from qa.answering.strategies.lists import is_recommendation
    from qa.models import Unit

    def unit(kind: str, section: str, text: str = "Leaders know their services well.") -> Unit:
        return Unit(doc="d", unit="u", kind=kind, paragraph=1, text=text, section=section)

    assert is_recommendation(unit("list", "What needs to improve?"))
    assert is_recommendation(unit("paragraph", "Leadership > Recommendations"))
    assert not is_recommendation(unit("paragraph", "Leadership > The local authority"))
    # Under any heading, a paragraph that tells the council what to do is one.
    for text in ("Ensure that all care leavers have a pathway plan.", "Review and refresh it."):
        assert is_recommendation(unit("paragraph", "Corporate parenting", text))
    assert not is_recommendation(unit("paragraph", "Help", "Review meetings are held monthly."))


@pytest.mark.parametrize(
    ("question", "sentence", "fits"),
    [
        (
            "Has Medway got better at handling allegations?",
            "It is a vast improvement since the previous inspection.",
            1.0,
        ),
        ("Has Medway got better at handling allegations?", "Allegations are managed well.", 0.0),
        (
            "has hackney's work before court got any better",
            "Processes have been strengthened.",
            1.0,
        ),
        (
            "Does every social worker get decent supervision?",
            "This is not consistent across all teams.",
            1.0,
        ),
        (
            "Are young carers always identified?",
            "Young carers are not consistently identified.",
            1.0,
        ),
        ("Are young carers always identified?", "Young carers are identified.", 0.0),
        (
            "Has Doncaster got better at talking to kids after they've gone missing?",
            "In October 2017, 95% were offered interviews, compared with 74% in April 2017.",
            1.0,
        ),
        (
            "has cornwall sorted out how it helps homeless 16 year olds since the last inspection",
            "This was an area for improvement at the previous inspection; it has been addressed.",
            1.0,
        ),
        # a comparison with elsewhere, not with an earlier time, says nothing changed
        (
            "Has Doncaster got better at talking to kids after they've gone missing?",
            "95% were offered interviews, compared with 80% nationally.",
            0.0,
        ),
        ("any adoptions in east riding broken down?", "There are no adoption disruptions.", 1.0),
        ("Is there a course for perpetrators?", "Perpetrator programmes are not available.", 1.0),
        ("Is there a course for perpetrators?", "Perpetrators are challenged well.", 0.0),
        # no form asked: no sentence fits it
        ("Who supervises social workers?", "This is not consistent across all teams.", 0.0),
    ],
)
def test_a_yes_no_questions_form_says_what_its_answer_says(question, sentence, fits):
    from qa.answering.strategies.sentence import _fits_form

    assert _fits_form(question, sentence) == fits


def test_how_a_council_fared_for_a_theme_asks_its_grade():
    from qa.answering.strategies.grade import _HOW_FARED

    assert _HOW_FARED.search("how did kent get on for care leavers in the 2025 inspection")
    assert _HOW_FARED.search("How did Salford do on adoption?")
    assert not _HOW_FARED.search("How did Bath's children in care do in their GCSEs?")


@pytest.mark.parametrize(
    ("question", "area"),
    [
        ("What did Ofsted think of Bolton's leadership and management in 2014?", True),
        ("what did inspectors think of barking and dagenhams leadership", True),
        ("What did inspectors think of Luton's services for care leavers?", True),
        ("How good is Stockport at adoption according to Ofsted?", True),
        # One thing done within an area, not the area: read from the text.
        (
            "What did inspectors make of the school plans for Boro's looked after children?",
            False,
        ),
        ("What did inspectors think of the help Essex gives to adoptive families?", False),
        ("Was East Riding's leadership any good?", True),
        ("Is the package of support Kent promises its care leavers any good?", False),
        ("Is Waltham Forest any good at looking after children in care?", True),
    ],
)
def test_what_inspectors_thought_of_an_area_is_its_grade_of_a_thing_within_it_is_not(
    question, area
):
    from qa.answering.strategies.crossreport import load_themes
    from qa.answering.strategies.grade import GradeStrategy

    grades = GradeStrategy.__new__(GradeStrategy)
    grades.themes = load_themes()
    assert grades._view_of_an_area(question) is area


def test_a_word_naming_the_value_asked_for_is_not_the_topic_a_value_must_share():
    from types import SimpleNamespace

    from qa.answering.strategies.sentence import Candidate, SentenceStrategy
    from qa.answering.terms import TermWeights
    from qa.text.terms import stems

    strategy = SentenceStrategy.__new__(SentenceStrategy)
    # "percentage" is rarer than anything else asked; "sabbaticals" rarer still.
    words = stems(["percentage sabbaticals leavers care work"])[0]
    idf = dict(zip(words, [9, 12, 2, 1, 1], strict=True))
    strategy.weights = TermWeights(idf)

    def rarest(question: str, best: str, kind: str = "number"):
        terms = list(strategy.weights.terms(question))
        evidence = SimpleNamespace(question=SimpleNamespace(text=question, kind=kind), terms=terms)
        return strategy._rarest_said(evidence, Candidate(0, 0, best, 1, 1, 1, False, False, {}))

    asked = "What percentage of care leavers are in work?"
    # The value's sentence must share "leavers", not "percentage" ("At 63.8%, the
    # proportion of care leavers in EET ...").
    assert rarest(asked, "A high percentage of care leavers are in work.") == "leaver"
    # A word of what is measured still has to be shared by the sentence with the value.
    asked = "How long are the sabbaticals for care leavers?"
    assert rarest(asked, "Care leavers can take sabbaticals.") == stems(["sabbaticals"])[0][0]
    # "name" asks for a name, of a name or a person, and is no word of the topic; of a
    # number ("How many named nurses ...?") it is one.
    strategy.weights = TermWeights(
        dict(zip(stems(["name nurses care"])[0], [9, 3, 1], strict=True))
    )
    assert rarest("What is the name of the nurse?", "The nurse is named.", "person") == "nurs"
    assert rarest("How many named nurses are there?", "Named nurses help.", "number") == "name"


@pytest.mark.parametrize(
    ("sentence", "cause"),
    [
        ("This was due in part to a large majority of the cohort having SEN.", True),
        ("This is because workers are under pressure to transfer children.", True),
        ("This reflects the shortage of local foster carers.", True),
        # A consequence of what came before is no cause of it.
        ("This means that there is no central place to hold case records.", False),
        ("This has resulted in fewer children subject to plans.", False),
    ],
)
def test_a_sentence_that_gives_the_cause_of_the_one_before(sentence, cause):
    from qa.answering.strategies.sentence import _GIVES_CAUSE

    assert bool(_GIVES_CAUSE.search(sentence)) is cause


def test_what_money_was_spent_on_needs_no_amount():
    said = "The council reduced caseloads and raised starting salaries."
    asked = "What did the council spend its extra investment in the workforce on?"
    assert unmet_constraints(asked, said, said) == 0.0
    # How much, or what was spent on something, still asks an amount.
    assert unmet_constraints("How much did the council spend on the workforce?", said, said) == 1.0
    assert unmet_constraints("What did the council spend on agency staff?", said, said) == 1.0


@pytest.mark.parametrize(
    ("sentence", "how_far"),
    [
        ("A small number of strategy meetings do not include health partners.", True),
        ("Some care leavers have not had a pathway plan.", True),
        ("Plans are not always reviewed on time.", True),
        ("A small number of children live in unregistered homes.", False),
        ("Strategy meetings include key partners.", False),
    ],
)
def test_some_that_do_not_says_how_far_something_holds(sentence, how_far):
    from qa.answering.strategies.sentence import _fits_form

    asked = "Do health staff always take part in strategy meetings?"
    assert _fits_form(asked, sentence) == (1.0 if how_far else 0.0)


def test_a_share_in_words_is_a_percentage():
    def shares(text):
        return [text[s:e] for s, e in find_spans("percent", text)]

    assert shares("The service completed less than one third of interviews.") == [
        "less than one third"
    ]
    assert shares("Half of the children and two-thirds of care leavers.") == ["Half", "two-thirds"]
    assert shares("A third-party provider runs half-term clubs on behalf of the council.") == []
    assert shares("Visits rose in the second half of the year.") == []


def test_a_close_sentence_that_names_one_answers_a_name_question_first():
    from qa.answering.strategies.sentence import Candidate, _first_close

    def candidate(row: int, score: float, typed: bool) -> Candidate:
        return Candidate(row, 0, f"s{row}", score, 0.5, 0.5, typed, typed, {})

    best, named, far = candidate(0, 0.73, False), candidate(1, 0.70, True), candidate(2, 0.5, True)
    assert _first_close([best, named, far], lambda c: c.typed, 0.9)[0] is named
    # Below the margin, or when the best already names one, the order stands.
    assert _first_close([best, far], lambda c: c.typed, 0.9)[0] is best
    assert _first_close([named, best], lambda c: c.typed, 0.9)[0] is named
    assert _first_close([], lambda c: c.typed, 0.9) == []


def test_what_a_since_clause_names_is_not_what_is_asked():
    # A grade named as the starting point of a change does not make a grade question.
    assert classify("Has Wirral got better since it was rated inadequate in 2016?").kind == "fact"
    assert classify("What grade was Wirral rated in 2016?").kind == "grade"
    assert classify("How many children came into care since the 2016 inspection?").kind == "number"
    said = "Services have improved in all areas since the last inspection."
    asked = "Has Wirral got better since it was rated inadequate in 2016?"
    assert unmet_constraints(asked, said, said) == 0.0


def test_the_boards_recommendations_answer_only_questions_about_the_board():
    from qa.answering.strategies.lists import _of_whom_asked
    from qa.models import Unit

    def unit(uid: str, part: str | None) -> Unit:
        return Unit(doc="d", unit=uid, kind="list", paragraph=None, text="• x", part=part)

    council = unit("improve", "The local authority")
    board = unit("improve-2", "The Local Safeguarding Children Board (LSCB)")
    asked = "What did Ofsted recommend for the Stockport Safeguarding Children Board?"
    assert _of_whom_asked(asked, [council, board]) == [board]
    assert _of_whom_asked("What did Ofsted tell the SSCB to do?", [council, board]) == [board]
    assert _of_whom_asked("What does Stockport need to improve?", [council, board]) == [council]
    # A report with no board part: every unit, whatever is asked.
    assert _of_whom_asked(asked, [council]) == [council]


def test_a_long_sentence_printed_by_many_councils_reports_is_the_template():
    from types import SimpleNamespace

    from qa.answering.strategies.sentence import SentenceStrategy

    # a law's section and year are the template's words, not a figure
    template = "Ofsted produces this report under section 152 of the Education Act 2006."
    figure = "This is 22% of the total population of children and young people in the area."
    own = "Leaders in this council have a clear plan for every child in their care."
    councils = ["Wigan", "Bury", "Kent", "Luton", "Hull", "Leeds"]
    texts, docs = [], []
    for i, council in enumerate(councils):
        texts += [template, figure] + ([own] if i < 4 else [])
        docs += [council] * (3 if i < 4 else 2)
    index = SimpleNamespace(
        documents={c: SimpleNamespace(summary={"council": c}) for c in councils},
        sentence_unit=list(range(len(texts))),
        sentence_text=lambda row: texts[row],
        units=[SimpleNamespace(doc=d) for d in docs],
    )
    strategy = SentenceStrategy.__new__(SentenceStrategy)
    strategy.index = index
    # the template is in all six councils' reports; the sentence with a figure is a fact
    # about each council however many print it; a sentence four councils print is under
    # BOILERPLATE_COUNCILS
    assert strategy.boilerplate == {i for i, t in enumerate(texts) if t == template}


@pytest.mark.parametrize(
    ("sentence", "consequence"),
    [
        ("Consequently, some children's cases are closed prematurely.", True),
        ("As a result, children wait too long.", True),
        ("As a result of strong leadership, children thrive.", False),  # its own cause
        ("This means that plans drift.", True),
        ("This has led to delays for some children.", True),
        ("This helps them into work.", False),  # points back, but gives no consequence
        ("In a few cases this resulted in visits without the police.", True),
        ("Staff shortages have led to delays, which meant that plans drifted.", False),
        ("Managers know what this means for children.", False),
        ("Children say this means a lot to them.", False),
        ("Children wait too long as a result.", False),
    ],
)
def test_a_why_answer_that_opens_with_a_consequence_takes_the_sentence_before(
    sentence, consequence
):
    # For "why" questions such a sentence restates what is asked; the one before it,
    # its cause, is quoted with it (SentenceStrategy.draft).
    from qa.answering.strategies.sentence import _states_consequence

    assert _states_consequence(sentence) is consequence


def test_a_number_that_counts_another_thing_the_question_names():
    from qa.answering.counts import counts_another
    from qa.text.terms import stems

    head = counted_noun("How many care leavers are at university?")
    asked = set(stems(["care leavers university"])[0])
    assert counts_another(head, asked, "It has links with two universities.")
    # a count of what is asked, or of a thing the question does not name, is no such
    assert not counts_another(head, asked, "Currently, 20 care leavers are at university.")
    assert not counts_another(head, asked, "It has links with two colleges.")


def test_a_list_question_narrows_to_the_topic_it_names():
    from qa.answering.strategies.lists import on_topic

    items = [
        "Improve the quality of supervision.",
        "Encourage care leavers into education, employment and training.",
        "Develop links with adult mental health services for care leavers.",
        "Review plans for looked after children promptly.",
    ]
    assert on_topic("What did Ofsted tell Sandwell to do for care leavers?", items) == [1, 2]
    # "looked after" is "in care"; a place after the topic is no part of it
    assert on_topic("What must Sandwell improve for care leavers in Sandwell?", items) == [1, 2]
    # what is asked for, and whom every item is for, narrow nothing
    assert on_topic("What are the recommendations for improvement?", items) == [0, 1, 2, 3]
    assert on_topic("What does Kent need to improve for children?", items) == [0, 1, 2, 3]
    # no topic, or one no item holds (the council's own name): every item
    assert on_topic("What does Sandwell need to improve?", items) == [0, 1, 2, 3]
    assert on_topic("What needs to improve for Sandwell?", items) == [0, 1, 2, 3]


def test_a_why_question_takes_a_close_sentence_that_gives_a_cause_first():
    from qa.answering.strategies.sentence import Candidate, _causal_first

    def candidate(text, score):
        return Candidate(0, 0, text, score, 0.0, 0.0, False, False, {})

    plain = candidate("This year's fall in applications will affect adoption capacity.", 1.0)
    cause = candidate("Fewer adopters came forward because of the regional consortium.", 0.9)
    result = candidate("As a result, the number of enquiries has reduced.", 0.9)
    mirror = candidate("Most assessments do not reflect the level of risk.", 0.95)
    assert _causal_first([plain, cause], 0.85)[0] is cause
    assert _causal_first([plain, result], 0.85)[0] is result  # quoted with its cause
    # not one too far below the best, nor "reflect" (mirror), nor when the best says why
    assert _causal_first([plain, candidate(cause.text, 0.5)], 0.85)[0] is plain
    assert _causal_first([plain, mirror], 0.85)[0] is plain
    assert _causal_first([cause, result], 0.85)[0] is cause
    # "due to open" is a date, not a cause
    scheduled = candidate("The new service is due to open in April 2015.", 0.9)
    assert _causal_first([plain, scheduled], 0.85)[0] is plain


@pytest.mark.parametrize(
    "question,text,said",
    [
        # The sentence says there is one, not which.
        (
            "Which council does Medway share its out of hours service with?",
            "The out of hours service, shared with another council, is responsive.",
            "another council",
        ),
        (
            "Which two boroughs share the emergency duty service with Westminster?",
            "Westminster emergency duty service operates jointly with two neighbouring "
            "boroughs. This service provides an effective response.",
            "two neighbouring boroughs",
        ),
        # Named: the name answers.
        (
            "Which council does Medway share its out of hours service with?",
            "The out of hours service, shared with another council, Kent, is responsive.",
            None,
        ),
        (
            "Which trust provides CAMHS?",
            "CAMHS are provided by the local trust.",
            None,
        ),
        # "authority" is a council's other word; a name in a sentence quoted beside it
        # ("IT") names nothing of it.
        (
            "Which neighbouring council runs Rutland's out-of-hours service?",
            "The out-of-hours service, managed by a neighbouring authority, responds well. "
            "However, issues with IT connectivity remain.",
            "a neighbouring authority",
        ),
        # Named before the noun, or in lower case after it; definite; the gap past "the".
        (
            "Which council runs the service?",
            "Kent, a neighbouring council, runs the out-of-hours service.",
            None,
        ),
        (
            "Which agencies attend strategy meetings?",
            "Meetings are attended by a range of agencies, including police and health.",
            None,
        ),
        ("Which trust provides CAMHS?", "CAMHS have a long wait at the trust.", None),
        ("Which boroughs share it?", "It is shared with the two neighbouring boroughs.", None),
        ("Which schools improved?", "Since 2018 schools have improved.", None),
        # A capital that opens the sentence is no name; "agency" has "agencies".
        ("Which council runs it?", "Another council runs the service.", "another council"),
        ("Which agency provides it?", "Two agencies provide support.", "two agencies"),
        # The council the question names, possessive or not, is no name of the other.
        (
            "Which council does Medway share its out-of-hours team with?",
            "The out-of-hours team for Medway's children is shared with another council.",
            "another council",
        ),
        # The word in brackets renames the thing before it.
        (
            "Which phone app did Devon bring in?",
            "Devon has developed an innovative mobile telephone application (app).",
            "an innovative mobile telephone application",
        ),
        # Not a named body or place asked for.
        (
            "Which children are waiting too long?",
            "Some children wait too long for a plan.",
            None,
        ),
    ],
)
def test_a_which_question_is_not_answered_by_a_body_the_sentence_does_not_name(
    question, text, said
):
    from qa.answering.strategies.sentence import unnamed_in

    assert unnamed_in(question, text) == said


def test_a_phone_app_is_no_phone_number():
    assert classify("Which phone app did Devon bring in for children in care?").kind != "phone"
    assert classify("What is the phone number for children's social care?").kind == "phone"


def test_who_did_asks_the_lead_inspector_only_of_the_inspection():
    assert field_asked("Who did the inspection of Barnet?") == "reporting_inspector"
    assert field_asked("Who did Barnet's inspection?") == "reporting_inspector"
    for question in (
        "Who did care leavers compare the children's rights officer to?",
        "Who did children report abuse to?",
        "Who did the social workers visit?",
    ):
        assert field_asked(question) is None


def test_a_heading_run_into_the_line_before_it_still_heads_its_list():
    from qa.answering.strategies.lists import lists_in

    text = (
        "The local authority should take the following action. Immediately:\n"
        "\u2022 ensure all children have a care plan\n"
        "\u2022 ensure all social workers receive regular supervision. Within three months:\n"
        "\u2022 ensure all children have a personal education plan"
    )
    found = lists_in(text)
    assert [heading for heading, _ in found] == ["Immediately", "Within three months"]
    assert [item for item, _ in found[0][1]] == [
        "ensure all children have a care plan",
        "ensure all social workers receive regular supervision.",
    ]
    for _, items in found:
        for item, (start, end) in items:
            assert text[start:end] == item


def test_a_year_compared_with_is_not_asked_of_the_answer():
    question = "Is Enfield still 'requires improvement' overall, like in 2021?"
    assert unmet_constraints(question, "Overall effectiveness: Good", "2024 report") == 0.0
    assert unmet_constraints("What grade did Enfield get in 2021?", "Good", "In 2024") == 1.0


@pytest.mark.parametrize(
    "question,asks",
    [
        ("What do young people think of their pathway plans?", True),
        ("do care leavers feel listened to", True),
        ("How do staff feel about working for the trust?", True),
        # Ofsted's or its inspectors' view is a judgement, not people's view.
        ("What did inspectors make of the school plans?", False),
        ("What did Ofsted think of adoption?", False),
        ("How many children are in care?", False),
        # The report's or the council's words, not people's views.
        ("What does the report say about care leavers?", False),
        ("What did HMI think of adoption?", False),
        ("How does the council find foster carers?", False),
    ],
)
def test_a_question_about_peoples_views_is_told_apart(question, asks):
    from qa.answering.strategies.sentence import asks_views

    assert asks_views(question) is asks


@pytest.mark.parametrize(
    "text,causal",
    [
        ("The number of foster carers leaving means the authority is still in deficit.", True),
        ("Children are supported by means of regular visits.", False),
        ("The app is a means to gather views.", False),
        ("By no means all children have a plan.", False),
        ("Families with limited means are supported.", False),
        ("The service means a lot to children.", False),
    ],
)
def test_means_states_a_cause_only_as_a_verb(text, causal):
    from qa.answering.question import CAUSAL

    assert bool(CAUSAL.search(text)) is causal


@pytest.mark.parametrize(
    "sentence,reports",
    [
        ("They are perceived by young people to be overly long and boring.", True),
        ("Young people told inspectors that they feel safe.", True),
        ("Staff consistently describe feeling well supported.", True),
        ("Care leavers, and the majority, reported positive relationships.", True),
        ("The feel of the building is welcoming.", False),
        ("Rooms have views of the sea.", False),
        ("Plans describe children's needs.", False),
    ],
)
def test_a_sentence_reports_a_view_only_with_the_people_who_hold_it(sentence, reports):
    from qa.answering.strategies.sentence import _REPORTS_VIEW

    assert bool(_REPORTS_VIEW.search(sentence)) is reports


@pytest.mark.parametrize(
    "question,years",
    [
        ("Is Enfield still 'requires improvement' overall, like in 2021?", ["2021"]),
        ("Are there more children in care than in 2014?", ["2014"]),
        ("How many were in care in 2019 compared with 2018?", ["2018"]),
        # "What ... like in 2017?" asks about 2017; "as at 2016" dates a figure.
        ("What were caseloads like in 2017?", []),
        ("How many children were in care as at 2016?", []),
    ],
)
def test_a_year_compared_with_is_told_from_a_year_asked_about(question, years):
    from qa.retrieval.routing import COMPARED_YEAR

    assert COMPARED_YEAR.findall(question) == years


def test_a_run_in_heading_ends_the_item_before_it_bulleted_or_not_and_no_abbreviation_heads():
    from qa.answering.strategies.lists import lists_in

    text = (
        "Immediately:\n"
        "ensure all children have a plan. Within three months:\n"
        "\u2022 review the service, e.g. Early Help: its reach"
    )
    found = lists_in(text)
    assert [heading for heading, _ in found] == ["Immediately", "Within three months"]
    assert [item for item, _ in found[0][1]] == ["ensure all children have a plan."]
