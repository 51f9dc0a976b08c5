"""Routing questions to the report of the council they name (pure, exact)."""

from __future__ import annotations

import pytest

from qa.retrieval.routing import (
    DEFAULT_COUNCILS,
    REPORTED_LATER,
    CouncilRouter,
    ReportRef,
    compass_short_forms,
    key,
    load_councils,
    report_refs,
    years_in,
)

COUNCILS = load_councils(DEFAULT_COUNCILS)
REPORTS = [
    ReportRef("kingston-upon-hull-01-03-2019", "Kingston upon Hull", 2019),
    ReportRef("kingston-upon-hull-01-03-2024", "Kingston upon Hull", 2024),
    ReportRef("bath-and-north-east-somerset-07-july-2017", "Bath and North East Somerset", 2017),
    ReportRef("blackpool-01-february-2023", "Blackpool", 2023, inspected=2022),
    ReportRef("enfield-04-september-2024", "Enfield", 2024),
    ReportRef("haringey-24-february-2026", "Haringey", 2026),
    ReportRef("reading-01-01-2023", "Reading", 2023),
    ReportRef("dorset-01-01-2014", "Dorset", 2014),
    ReportRef("dorset-01-01-2019", "Dorset", 2019),
    ReportRef("dorset-01-01-2025", "Dorset", 2025),
]


@pytest.fixture(scope="module")
def router():
    return CouncilRouter(
        REPORTS, COUNCILS, lowercase_words=frozenset({"reading", "readings", "care"})
    )


def test_a_named_council_gets_its_latest_report(router):
    route = router.route("How many children were in care in Kingston upon Hull?")
    assert route.council == "Kingston upon Hull"
    assert route.docs == ("kingston-upon-hull-01-03-2024",) and route.reason == "latest"


def test_an_official_style_before_the_name_is_part_of_the_name_as_written(router):
    # "London Borough of" asks nothing of a paragraph: its words are the route's.
    route = router.route("Can care leavers in the London Borough of Enfield get therapy?")
    assert route.council == "Enfield" and route.written == ("the London Borough of Enfield",)
    assert {"london", "borough"} <= route.name_words()


@pytest.mark.parametrize(
    "question,council",
    [
        ("what grade did hull get for care leavers", "Kingston upon Hull"),
        ("How is B&NES doing on adoption?", "Bath and North East Somerset"),
        ("Bath and North East Somerset Council: leadership grade?", "Bath and North East Somerset"),
        ("What did inspectors say about Reading's early help?", "Reading"),
        ("how many kids in care in reading", "Reading"),
        # A possessive typed without its apostrophe.
        ("how did baths kids in care do in their gcses", "Bath and North East Somerset"),
        ("what was hulls overall grade", "Kingston upon Hull"),
        ("North Yorks care leavers?", "North Yorkshire"),
        ("How many children are in care in B&H?", "Brighton and Hove"),
        # A city's common nickname.
        ("who wrote to brum council", "Birmingham"),
        ("what % of boro care leavers r signed up with a dentist", "Middlesbrough"),
        # A compass word written as its letter(s), with any short form of the rest.
        ("Are health checks in N Northants done on time?", "North Northamptonshire"),
        ("W Sussex care leavers?", "West Sussex"),
        ("how r kids in care doing in NE Lincolnshire", "North East Lincolnshire"),
    ],
)
def test_names_and_short_forms_staff_use(router, question, council):
    assert router.route(question).council == council


def test_compass_letters_stand_for_the_compass_word_that_opens_a_name():
    assert compass_short_forms(("North Northamptonshire", "North Northants")) == (
        "North Northamptonshire",
        "North Northants",
        "N Northamptonshire",
        "N Northants",
    )
    assert compass_short_forms(("North East Lincolnshire",))[-1] == "NE Lincolnshire"
    # A name that does not open with a compass word has no such form.
    names = ("Northamptonshire", "Northants")
    assert compass_short_forms(names) == names


def test_compass_letters_after_an_apostrophe_are_a_possessive_not_a_council(router):
    assert router.route("Where are Ofsted's Tyneside offices?").council is None


def test_a_route_keeps_the_names_as_written(router):
    route = router.route("How is B&NES doing on adoption compared with hull?")
    assert route.written == ("B&NES", "hull")
    assert "written" not in route.to_json()  # internal: the JSON contract is unchanged


def test_an_ordinary_plural_is_not_a_possessive_council(router):
    # "readings" is a word of the reports: no apostrophe-less "Reading's".
    assert router.route("what is written in readings about dorset").council == "Dorset"


def test_an_ordinary_word_is_not_a_council(router):
    assert router.route("Is the reading age of care leavers reported?").council is None


def test_year_and_previous_inspection(router):
    assert router.route("What grade did Hull get in 2019?").docs == (
        "kingston-upon-hull-01-03-2019",
    )
    assert router.route("Hull's previous inspection: care leavers?").reason == "previous"
    assert router.route("what did hull get last time").reason == "previous"
    # A year just before a report is the date of its figures ("at 31 March 2018").
    assert router.route("How many children were in care in Hull in March 2018?").docs == (
        "kingston-upon-hull-01-03-2019",
    )
    missing = router.route("What grade did Hull get in 2016?")
    assert missing.docs == () and "no 2016 report for Kingston upon Hull" in missing.missing
    assert "2019" in missing.missing and "2024" in missing.missing


def test_a_period_dates_a_figure_reported_after_it_ends(router):
    # "2016-17" and "2015 to 2018" are the years of a figure: Hull's 2019 report gives it.
    for question in (
        "How many Hull children were adopted in 2016-17?",
        "What share of Hull care leavers were in work from 2015 to 2018?",
    ):
        route = router.route(question)
        assert route.docs == ("kingston-upon-hull-01-03-2019",), question
        assert route.reason == REPORTED_LATER
    # A period no report follows (a plan "for 2020-27") is described by the latest report
    # published during it.
    plan = router.route("What are the priorities of Hull's improvement plan for 2020-27?")
    assert plan.docs == ("kingston-upon-hull-01-03-2024",) and not plan.missing
    assert router.route("What did Hull's plan for 2030-32 say?").missing
    # a financial year is a figure's, which only a later report gives
    assert router.route("How many Hull children were adopted in 2024-25?").missing
    assert years_in("between 2016 and 2018, and in 2019/20") == [2018, 2020]
    assert years_in("Hull in 2019 and Derby in 2022") == [2019, 2022]


def test_over_time_questions_get_every_report_newest_first(router):
    route = router.route("How has Dorset's grade for children in care changed since 2014?")
    assert route.docs == ("dorset-01-01-2025", "dorset-01-01-2019", "dorset-01-01-2014")
    assert router.route("What is Dorset's inspection history?").reason == "over time"
    # "since the 2013 inspection": what came after it, not a report of that year (which
    # the corpus may not hold).
    route = router.route("How many directors has Enfield had since the 2013 inspection?")
    assert route.reason == "over time" and route.docs == ("enfield-04-september-2024",)
    assert router.route("What changed in Hull since its 2019 inspection?").reason == "over time"
    # ... and "since it was rated inadequate in 2013": the year change is measured from.
    route = router.route("Has Enfield got better since it was rated inadequate in 2013?")
    assert route.reason == "over time" and route.docs == ("enfield-04-september-2024",)
    # ... "since Ofsted last looked at it in 2012", and a year compared with ("like in
    # 2021"): over time (every report of the council), not "There is no 2012 report".
    route = router.route("Has Enfield gone downhill since Ofsted last looked at it in 2012?")
    assert route.reason == "over time" and route.docs == ("enfield-04-september-2024",)
    route = router.route("Is Enfield still 'requires improvement' overall, like in 2021?")
    assert route.reason == "over time" and route.docs == ("enfield-04-september-2024",)
    # A year that is the report's own is still the report of that year.
    assert router.route("What grade did Enfield get in 2021?").reason != "over time"


def test_a_childs_history_is_not_the_councils_over_time(router):
    # "their health history" is the child's, not the inspections': the latest report.
    route = router.route("Are Dorset care leavers given their health history?")
    assert route.reason == "latest" and route.docs == ("dorset-01-01-2025",)


def test_a_council_without_a_report_says_so(router):
    route = router.route("What grade did Cornwall get for care leavers?")
    assert route.council == "Cornwall" and route.docs == ()
    assert route.missing == "There is no report for Cornwall in the corpus."


def test_no_council_named_is_not_routed(router):
    route = router.route("Which councils were judged inadequate?")
    assert route.council is None and route.docs == () and route.missing is None


def test_reports_map_to_official_names_from_front_page_or_file_name():
    refs = report_refs(
        {
            "telford-wrekin-01-01-2020": {"council": None, "year": 2020},
            "barnet-23-july-2024": {"council": "Barnet", "year": 2024},
            "ofsted-lancashire-safeguarding-lac-2012": {
                "title": "Inspection of safeguarding and looked after children services Lancashire",
                "published": "9 March 2012",
            },
        },
        COUNCILS,
    )
    assert {(r.doc, r.council, r.year) for r in refs} == {
        ("telford-wrekin-01-01-2020", "Telford and Wrekin", 2020),
        ("barnet-23-july-2024", "Barnet", 2024),
        ("ofsted-lancashire-safeguarding-lac-2012", "Lancashire", 2012),
    }


def test_key_ignores_council_words_and_ampersands():
    assert key("Royal Borough of Windsor & Maidenhead Council") == "windsor and maidenhead"


def test_a_council_the_reports_only_mention_is_searched_not_refused():
    router = CouncilRouter(REPORTS, COUNCILS, mentioned=lambda name: name == "Bradford")
    route = router.route("Which hospital trust serves Bradford?")
    assert route.council == "Bradford" and route.docs == () and route.missing is None


@pytest.mark.parametrize(
    "question,council,searched",
    [
        ("What grade did Hull get for care leavers?", "Kingston upon Hull",
         "What grade did get for care leavers?"),
        ("Do social workers like working for Hull council?", "Kingston upon Hull",
         "Do social workers like working for ?"),
        ("What is B&NES's fostering service called?", "Bath and North East Somerset",
         "What is fostering service called?"),
        ("whats bath and north east somersets exploitation team called",
         "Bath and North East Somerset", "whats exploitation team called"),
        # an ordinary word that is also a council is only taken out where it is the name
        ("How is reading taught in Reading?", "Reading", "How is reading taught in ?"),
    ],
)  # fmt: skip
def test_a_routed_council_is_searched_for_without_its_name(router, question, council, searched):
    assert [name for _, _, name in router.councils_in(question)] == [council]
    assert router.without_council(question, council) == searched


def test_other_councils_stay_in_the_searched_text(router):
    assert router.without_council("Hull and Dorset", "Dorset") == "Hull and"


def test_an_inspection_with_no_report_of_its_own_is_read_in_the_next_report(router):
    # "its previous inspection in November 2018": the 2023 report describes it.
    route = router.route("What was Blackpool's grade at its previous inspection in November 2018?")
    assert route.docs == ("blackpool-01-february-2023",) and route.reason == REPORTED_LATER
    # Without "previous", a year long before the only report is still refused.
    assert router.route("What was Blackpool's grade in 2018?").missing
    assert router.route("What did Ofsted find in Blackpool in 2018?").missing
    # A year that dates an event, not an inspection: the next report may describe it.
    route = router.route("Which practice model was introduced in Blackpool in 2018?")
    assert route.docs == ("blackpool-01-february-2023",) and route.reason == REPORTED_LATER
    # An event after the last report: no report can describe it.
    assert router.route("What will Blackpool open in 2030?").missing
    # Only one report: the one before it is what that report says of it.
    route = router.route("What did Blackpool's previous inspection find?")
    assert route.docs == ("blackpool-01-february-2023",) and route.reason == REPORTED_LATER
    # A council with two reports: the earlier one is the previous inspection's own.
    assert router.route("Hull's previous inspection: care leavers?").reason == "previous"
    assert router.route("what did hull get last time").reason == "previous"


def test_a_question_naming_several_councils_gets_each_ones_report(router):
    route = router.route("Which inspector led both Enfield in 2024 and Haringey in 2026?")
    assert route.reason == "several councils"
    assert route.docs == ("enfield-04-september-2024", "haringey-24-february-2026")
    assert route.council == "Enfield" and route.named() == ("Enfield", "Haringey")
    assert route.to_json()["councils"] == ["Enfield", "Haringey"]
    # A year after one council's name is that council's own; a year before all is all's.
    route = router.route("Compare Hull in 2019 with Dorset")
    assert route.docs == ("kingston-upon-hull-01-03-2019", "dorset-01-01-2025")
    route = router.route("In 2019, how did Hull and Dorset do?")
    assert route.docs == ("kingston-upon-hull-01-03-2019", "dorset-01-01-2019")
    # A year neither council has a report of is said, not answered from another year.
    assert router.route("Hull and Dorset in 2016?").missing
    # One council named twice, or one with reports and one without, routes as one.
    assert router.route("Hull: is Hull good?").reason == "latest"
    assert router.route("Does Hull work with Cornwall?").council == "Kingston upon Hull"


def test_the_publication_year_comes_from_the_file_name_when_the_front_page_has_none():
    (ref,) = report_refs(
        {"blackpool-01-february-2023": {"council": "Blackpool", "year": 2022,
                                        "inspection_dates": "28 November to 9 December 2022"}},
        COUNCILS,
    )  # fmt: skip
    assert (ref.year, ref.inspected) == (2023, 2022)
    assert ref.of_year(2022) and ref.of_year(2023)
    assert ref.of_year(2023, "published") and not ref.of_year(2022, "published")
    assert ref.of_year(2022, "inspected") and not ref.of_year(2023, "inspected")
    assert ref.label() == "Blackpool (2023, inspected 2022)"
    assert ReportRef("d", "Derby", 2022, 2022).label() == "Derby (2022)"


def test_a_file_names_date_is_read_only_from_ofsteds_pattern():
    from qa.retrieval.routing import file_date, file_year

    assert file_date("barnet-23-july-2024") == "23 July 2024"
    assert file_date("kent-02-february-2026") == "2 February 2026"
    assert file_year("kent-02-february-2026") == 2026
    assert file_date("ofsted-lancashire-safeguarding-lac-2012") is None
    assert file_date("report-01-02-2024") is None  # numeric months are ambiguous


def test_councils_named_by_ellipsis_are_each_named():
    councils = [c for c in COUNCILS if "Northamptonshire" in c.name or "Sussex" in c.name]
    router = CouncilRouter(
        [
            ReportRef("north-northamptonshire-07-july-2026", "North Northamptonshire", 2026),
            ReportRef("west-northamptonshire-07-july-2026", "West Northamptonshire", 2026),
        ],
        councils,
    )
    named = router.councils_in("How many hubs are there across North and West Northamptonshire?")
    assert [name for _, _, name in named] == ["North Northamptonshire", "West Northamptonshire"]
    route = router.route("care leavers in north and west northants")
    assert route.reason == "several councils"
    assert set(route.docs) == {
        "north-northamptonshire-07-july-2026",
        "west-northamptonshire-07-july-2026",
    }
    assert [n for _, _, n in router.councils_in("East & West Sussex")] == [
        "East Sussex",
        "West Sussex",
    ]
    # The words before "and" must make a council's name: no ellipsis in these.
    assert [n for _, _, n in router.councils_in("Wigan and West Sussex")] == ["West Sussex"]
    assert [n for _, _, n in router.councils_in("children and West Sussex")] == ["West Sussex"]
