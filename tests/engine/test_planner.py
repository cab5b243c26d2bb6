"""Planner and executor on a tiny synthetic catalog (no model, no index): plans compose, units compute."""

from __future__ import annotations

import datetime as dt

import pytest

from app.corpus.models import Corpus, LibraryEntry, SourceMeta, Vocabulary
from app.engine.catalog import Catalog
from app.engine.compose import Composer
from app.engine.conversation import Turn
from app.engine.linking import EntityLinker
from app.engine.ops import REGISTRY, Context
from app.engine.parse import parse
from app.engine.plan import Plan
from app.engine.planner import make_plan

DAY = dt.date(2020, 1, 1)
VOCABULARY = {
    "metrics": {
        "stars": {"en": "stars", "zh": "星标", "unit_en": "stars", "unit_zh": "个星标", "synonyms": ["star", "星"]},
        "forks": {"en": "forks", "zh": "复刻", "unit_en": "forks", "unit_zh": "次复刻", "synonyms": ["fork"]},
        "contributors": {"en": "contributors", "zh": "贡献者", "unit_en": "contributors", "unit_zh": "名贡献者"},
    },
    "derived_metrics": {
        "forks_per_contributor": {"en": "forks per contributor", "zh": "人均复刻", "numerator": "forks",
                                  "denominator": "contributors"},
    },
    "technologies": {"widget": {"en": "Widget", "zh": "Widget", "synonyms": ["widget", "widgets"]}},
    "capabilities": {"gpu": {"en": "GPU", "zh": "GPU", "synonyms": ["gpu", "gpus"]}},
}
LIBS = [  # name, stars, forks, contributors, built on widget, gpu
    ("Alpha", 900, 10, 5, False, True),
    ("Bravo", 500, 90, 30, True, False),
    ("Charlie", 300, 40, 4, True, True),
    ("Delta", 100, 5, 50, False, False),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    entries = [
        LibraryEntry.model_validate({
            "id": name.lower(), "name": name, "source": "notes", "rank": i + 1,
            "figures": {"stars": stars, "forks": forks, "contributors": people, "as_of": DAY},
            "description_en": f"{name} does things.", "description_zh": f"{name} 做事。",
            "attributes": {"built_on": ["widget"] if widget else [], "capabilities": ["gpu"] if gpu else []},
        })
        for i, (name, stars, forks, people, widget, gpu) in enumerate(LIBS)
    ]
    source = SourceMeta(id="notes", title="Notes", file="notes.md", language="en", as_of=DAY, format="text")
    return Catalog(Corpus(sources=[source], vocabulary=Vocabulary.model_validate(VOCABULARY), entries=entries))


def plan_of(catalog: Catalog, question: str, turn: Turn | None = None) -> Plan:
    return make_plan(parse(question, EntityLinker(catalog.corpus), catalog.measures), catalog, turn)


def run(catalog: Catalog, question: str, turn: Turn | None = None):  # type: ignore[no-untyped-def]
    plan = plan_of(catalog, question, turn)
    unit = REGISTRY[plan.op.kind]
    result = unit.execute(plan, Context(catalog, question, 5, lambda *_: []))
    text = unit.render(result, Composer(catalog, plan.language, 5, question))
    ids = [row.entry.id for row in result.rows]
    return plan, result, text, Turn(plan=plan, ids=list(dict.fromkeys(ids)), set_ids=result.set_ids,
                                    recent=plan.scope.libraries or ids[:1])


def test_every_operation_has_a_unit() -> None:
    from typing import get_args

    from app.engine.plan import OpKind

    assert set(get_args(OpKind)) == set(REGISTRY)


def test_a_new_metric_is_vocabulary_plus_figures(catalog: Catalog) -> None:
    plan, result, text, _ = run(catalog, "How many forks does Bravo have?")
    assert (plan.op.kind, plan.measure, result.value) == ("value", "forks", 90)
    assert "90 forks" in text


def test_restriction_composes_with_a_superlative(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "Of the libraries with more than 200 stars, which has the fewest forks?")
    assert plan.scope.metrics[0].metric == "stars" and plan.measure == "forks" and plan.op.order == "asc"
    assert [r.entry.id for r in result.rows] == ["alpha"] and result.value == 10


def test_negated_attribute_with_a_count(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "How many libraries are not built on Widget?")
    assert plan.op.kind == "count" and plan.scope.attributes[0].negated
    assert result.value == 2 and {r.entry.id for r in result.rows} == {"alpha", "delta"}


def test_attribute_and_threshold_intersect(catalog: Catalog) -> None:
    _, result, _, _ = run(catalog, "Which libraries built on widget have at least 400 stars?")
    assert [r.entry.id for r in result.rows] == ["bravo"]


def test_aggregate_over_a_ranked_slice(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "average forks of the top 2 by stars")
    assert plan.scope.slice is not None and plan.scope.slice.metric == "stars" and plan.measure == "forks"
    assert result.value == 50  # (10 + 90) / 2


def test_ratio_share_and_derived_measure(catalog: Catalog) -> None:
    assert run(catalog, "How many times more stars does Alpha have than Delta?")[1].value == 9
    assert run(catalog, "What percentage of all stars does Alpha hold?")[1].value == 50.0  # 900 / 1800
    plan, result, _, _ = run(catalog, "Which library has the most forks per contributor?")
    assert plan.measure == "forks_per_contributor" and result.rows[0].entry.id == "charlie" and result.value == 10


def test_between_is_inclusive(catalog: Catalog) -> None:
    assert run(catalog, "libraries with between 300 and 900 stars")[1].value == 3


def test_follow_ups_rerun_the_plan_with_one_part_changed(catalog: Catalog) -> None:
    _, _, _, turn = run(catalog, "Which libraries have more than 200 stars?")
    plan, result, _, turn = run(catalog, "of those, which has the fewest contributors?", turn)
    assert plan.scope.previous == ["alpha", "bravo", "charlie"] and result.rows[0].entry.id == "charlie"
    _, result, _, _ = run(catalog, "and forks?", turn)  # the same question about another measure
    assert result.rows[0].entry.id == "alpha" and result.value == 10
    _, _, _, turn = run(catalog, "Alpha vs Delta, which has more stars?")
    plan, result, _, _ = run(catalog, "how many times more?", turn)
    assert plan.op.kind == "ratio" and result.value == 9


def test_unknown_library_is_declined_with_its_name(catalog: Catalog) -> None:
    plan, result, text, _ = run(catalog, "How many stars does Zulu have?")
    assert plan.op.kind == "decline" and plan.op.reason == "unknown_library" and not result.answered
    assert "Zulu" in text


def test_figures_of_another_time_are_declined_with_the_dated_figure(catalog: Catalog) -> None:
    plan, result, text, _ = run(catalog, "How many stars does Alpha have today?")
    assert plan.op.reason == "time" and result.value is None and "900" in text and "2020-01-01" in text


def test_plans_serialise_to_json_and_back(catalog: Catalog) -> None:
    _, _, _, turn = run(catalog, "贡献者超过10的库里，星标最少的是哪个？")
    assert Turn.from_dict(turn.to_dict()) == turn


def ids_of(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.entry.id for row in result.rows]


def test_threshold_at_a_named_librarys_figure(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "Which libraries have more stars than Charlie?")
    assert plan.scope.libraries == [] and plan.scope.metrics[0].value == 300
    assert sorted(ids_of(result)) == ["alpha", "bravo"]
    _, result, _, _ = run(catalog, "星标比 Bravo 少的库有哪些？")
    assert sorted(ids_of(result)) == ["charlie", "delta"]
    _, result, _, _ = run(catalog, "How many libraries have more forks than Alpha but fewer stars than Bravo?")
    assert result.value == 1 and ids_of(result) == ["charlie"]
    # two libraries compared is not a threshold
    assert plan_of(catalog, "Does Alpha have more stars than Bravo?").op.kind == "compare"


def test_the_sources_own_places(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "total stars of entries ranked 2 to 3")
    assert plan.scope.positions is not None and (plan.scope.positions.low, plan.scope.positions.high) == (2, 3)
    assert result.value == 800
    _, result, _, _ = run(catalog, "列表第 3 到第 4 名里星标最多的是哪个")
    assert ids_of(result) == ["charlie"]


def test_several_and_negated_top_ns(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "Which libraries are in the top 2 for both stars and forks?")
    assert len([plan.scope.slice, *plan.scope.more_slices]) == 2 and ids_of(result) == ["bravo"]
    plan, result, _, _ = run(catalog, "How many libraries are outside the top 2 by stars?")
    assert plan.scope.slice is not None and plan.scope.slice.negated and result.value == 2
    _, result, _, _ = run(catalog, "贡献者排前二、但星标不在前二的是哪个库")
    assert ids_of(result) == ["delta"]


def test_percent_of_another_library_and_top_n_counts(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "What percent of Alpha's stars does Delta have?")
    assert plan.op.kind == "ratio" and plan.op.percent and result.value == 11.11
    _, result, _, _ = run(catalog, "top 3 by stars")
    assert result.value == 3  # a top N states how many it lists
    _, result, _, _ = run(catalog, "sort by stars, lowest to highest")
    assert ids_of(result) == ["delta", "charlie", "bravo", "alpha"]


def test_links_are_queryable(catalog: Catalog) -> None:
    _, result, _, _ = run(catalog, "Which library has no link?")
    assert result.value == 4  # the synthetic entries give none
    plan, result, text, _ = run(catalog, "github link for Alpha")
    assert (plan.op.kind, plan.op.relation, result.answered) == ("attribute_of", "link", False)
    assert "no link" in text


def test_threshold_at_a_multiple_of_a_librarys_figure(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "which libraries have less than half of Alpha's stars")
    assert plan.scope.metrics[0].value == 450 and sorted(ids_of(result)) == ["charlie", "delta"]
    _, result, _, _ = run(catalog, "星标不到 Alpha 的三分之一的库有几个？")
    assert result.value == 1 and ids_of(result) == ["delta"]
    _, result, _, _ = run(catalog, "How many libraries have more than twice Charlie's forks?")
    assert result.value == 1 and ids_of(result) == ["bravo"]


def test_a_false_premise_is_declined_a_true_one_answered(catalog: Catalog) -> None:
    plan, result, text, _ = run(catalog, "Since Delta has more stars than Alpha, how big is its lead?")
    assert (plan.op.kind, plan.op.reason, result.answered) == ("decline", "false_premise", False)
    assert "premise" in text and "900" in text
    plan, result, _, _ = run(catalog, "Since Alpha has more stars than Delta, how big is its lead?")
    assert plan.op.kind == "difference" and result.value == 800


def test_ranked_higher_by_one_measure_than_another(catalog: Catalog) -> None:
    # stars: alpha, bravo, charlie, delta; contributors: delta, bravo, alpha, charlie
    plan, result, _, _ = run(catalog, "Which libraries rank higher by stars than by contributors?")
    assert [(rv.higher, rv.lower) for rv in plan.scope.rank_versus] == [("stars", "contributors")]
    assert sorted(ids_of(result)) == ["alpha", "charlie"]
    _, result, _, _ = run(catalog, "哪些库按贡献者的排名比按星标的排名高？")
    assert ids_of(result) == ["delta"]


def test_one_set_against_another_or_all_the_others(catalog: Catalog) -> None:
    plan, result, text, _ = run(catalog, "Does Bravo have more forks than all the other libraries combined?")
    assert (plan.op.kind, plan.op.rest, result.details["totals"], result.value) == ("group_compare", True, (90, 55), 90)
    assert text.startswith("Yes")
    plan, result, text, _ = run(catalog, "Alpha 的 star 比 Charlie 和 Delta 加起来多多少？")
    assert (plan.op.kind, plan.op.against, result.value) == ("group_compare", ["charlie", "delta"], 500)
    plan, result, _, _ = run(catalog, "Alpha 的 star 比 Bravo 和 Delta 的平均值多多少？")
    assert (plan.op.kind, plan.op.agg, result.details["totals"], result.value) == ("group_compare", "mean", (900, 300),
                                                                                   600)


def test_two_rankings_and_two_figures_of_one_entry(catalog: Catalog) -> None:
    # stars: Alpha, Bravo, Charlie, Delta; forks: Bravo, Charlie, Alpha, Delta
    for question in ("Which library has the biggest gap between its star rank and its fork rank?",
                     "哪个库的 star 排名和 fork 排名相差最大？"):
        plan, result, _, _ = run(catalog, question)
        assert (plan.op.kind, result.value, [r.entry.id for r in result.rows]) == ("rank_gap", 2, ["alpha"]), question
    plan, result, _, _ = run(catalog, "Which library has the smallest gap between its star rank and its fork rank?")
    assert (result.value, [r.entry.id for r in result.rows]) == (0, ["delta"])
    plan, result, _, _ = run(catalog, "What's the difference between Bravo's star rank and its fork rank?")
    assert (plan.op.kind, result.value) == ("rank_gap", 1)
    plan, result, _, _ = run(catalog, "Which library has more stars than forks by the largest margin?")
    assert (plan.op.kind, plan.op.by_rank, result.value, result.rows[0].entry.id) == ("rank_gap", False, 890, "alpha")


def test_a_measure_of_the_entry_another_measures_top_picks(catalog: Catalog) -> None:
    plan, result, text, _ = run(catalog, "How many forks does the library with the most stars have?")
    assert (plan.op.kind, plan.scope.libraries, plan.measure, result.value) == ("value", ["alpha"], "forks", 10)
    assert "most stars" in text
    plan, result, _, _ = run(catalog, "除了 Alpha 之外，star 最多的库有多少个贡献者？")
    assert (plan.scope.libraries, result.value) == (["bravo"], 30)


def test_yes_no_about_a_multiple_answered_by_the_ratio(catalog: Catalog) -> None:
    plan, result, text, _ = run(catalog, "Does Alpha have more than twice as many stars as Charlie?")
    assert (plan.op.kind, plan.op.claim, result.value) == ("ratio", 2.0, 3.0) and text.startswith("Yes")
    plan, result, text, _ = run(catalog, "Alpha 的 star 是不是超过 Bravo 的两倍？")
    assert (result.value, text.startswith("不是")) == (1.8, True)


def test_the_entry_closest_to_the_mean(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "Which library's star count is closest to the mean?")  # mean 450
    assert (plan.op.kind, plan.op.nearest, result.value, result.rows[0].entry.id) == ("aggregate", True, 500, "bravo")


def test_places_by_a_measure_and_thresholds_at_a_total(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "Which libraries are 2nd through 3rd by forks?")
    assert [r.entry.id for r in result.rows] == ["charlie", "alpha"]
    plan, result, _, _ = run(catalog, "Which libraries have more stars than Charlie and Delta put together?")
    assert (plan.scope.metrics[0].value, [r.entry.id for r in result.rows]) == (400, ["alpha", "bravo"])


def test_percent_more_and_rankings_dropped_or_the_same(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "Alpha 的 star 比 Bravo 多百分之几？")
    assert (plan.op.kind, result.value) == ("ratio", 80.0)
    # stars: Alpha, Bravo, Charlie, Delta; forks: Bravo, Charlie, Alpha, Delta
    plan, result, _, _ = run(catalog, "Which library drops the most places from its star rank to its fork rank?")
    assert (plan.op.direction, result.value, result.rows[0].entry.id) == ("drop", 2, "alpha")
    plan, result, _, _ = run(catalog, "Which libraries hold the same rank by stars and forks?")
    assert (plan.op.same, result.value, [r.entry.id for r in result.rows]) == (True, 1, ["delta"])


def test_an_unknown_name_beside_a_known_one_is_declined(catalog: Catalog) -> None:
    plan, _, _, _ = run(catalog, "Which has more stars, Zulu or Alpha?")
    assert (plan.op.kind, plan.op.reason, plan.op.name) == ("decline", "unknown_library", "Zulu")


def test_two_places_of_a_ranking_compared(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "星标第一的库是第二名的几倍？")  # stars: Alpha 900, Bravo 500
    assert (plan.op.kind, plan.scope.libraries, result.value) == ("ratio", ["alpha", "bravo"], 1.8)
    plan, result, _, _ = run(catalog, "第二名比第四名多多少 star")
    assert (plan.op.kind, plan.scope.libraries, result.value) == ("difference", ["bravo", "delta"], 400)


def test_libraries_named_by_a_fact_only_they_have_in_a_comparison(catalog: Catalog) -> None:
    # only Bravo and Charlie are built on widget, so "widget" names no single library: it stays a filter
    plan, _, _, _ = run(catalog, "Which widget library has more stars?")
    assert plan.scope.attributes and not plan.scope.libraries


@pytest.fixture(scope="module")
def chain() -> Catalog:
    """Echo, Foxtrot built on Echo, Golf: a library that is itself another's base."""
    vocabulary = {**VOCABULARY, "technologies": {"echo": {"en": "Echo", "zh": "Echo", "synonyms": ["echo"]}}}
    rows = [("Echo", 700, 20, 40, []), ("Foxtrot", 300, 30, 6, ["echo"]), ("Golf", 100, 60, 9, [])]
    entries = [
        LibraryEntry.model_validate({
            "id": name.lower(), "name": name, "source": "notes", "rank": i + 1,
            "figures": {"stars": stars, "forks": forks, "contributors": people, "as_of": DAY},
            "description_en": f"{name} does things.", "description_zh": f"{name} 做事。",
            "attributes": {"built_on": base},
        })
        for i, (name, stars, forks, people, base) in enumerate(rows)
    ]
    source = SourceMeta(id="notes", title="Notes", file="notes.md", language="en", as_of=DAY, format="text")
    return Catalog(Corpus(sources=[source], vocabulary=Vocabulary.model_validate(vocabulary), entries=entries))


def test_a_library_named_through_what_it_is_built_on(chain: Catalog) -> None:
    plan, result, _, _ = run(chain, "How many stars do Echo and the library that builds on it have combined?")
    assert (plan.op.kind, set(plan.scope.libraries), result.value) == ("aggregate", {"echo", "foxtrot"}, 1000)
    plan, result, _, _ = run(chain, "Between Echo and the library built on it, which has more forks?")
    assert (plan.op.kind, result.rows[0].entry.id) == ("compare", "foxtrot")
    plan, result, _, _ = run(chain, "基于 Echo 构建的那个库，它的星标是 Echo 的百分之几？")
    assert (plan.op.kind, plan.scope.libraries, result.value) == ("ratio", ["foxtrot", "echo"], 42.86)
    plan, _, _, _ = run(chain, "Which libraries are built on Echo?")  # a question about the set stays a filter
    assert plan.op.kind == "list" and plan.scope.attributes


def test_the_neighbour_of_a_library_in_a_ranking(catalog: Catalog) -> None:
    # stars: Alpha 900, Bravo 500, Charlie 300, Delta 100
    plan, result, _, _ = run(catalog, "Which library sits just below Bravo in the star ranking?")
    assert (plan.op.kind, plan.op.k, result.rows[0].entry.id) == ("kth", 3, "charlie")
    _, result, _, _ = run(catalog, "星标仅次于 Alpha 的是哪个？")
    assert result.rows[0].entry.id == "bravo"
    _, result, _, _ = run(catalog, "按星标排在 Charlie 前面一名的是谁？")
    assert result.rows[0].entry.id == "bravo"


def test_a_superlative_asked_as_yes_or_no(catalog: Catalog) -> None:
    plan, result, text, _ = run(catalog, "Is Alpha the library with the most stars?")
    assert (plan.op.kind, plan.op.yes_no, result.value) == ("top", True, 900) and text.startswith("Yes")
    plan, result, text, _ = run(catalog, "Bravo 的贡献者是最多的吗？")  # Delta has the most (50)
    assert [r.entry.id for r in result.rows] == ["bravo", "delta"] and text.startswith("不是")
    _, _, _, turn = run(catalog, "How many forks does Delta have?")
    plan, result, text, _ = run(catalog, "是所有库里最少的吗？", turn)
    assert (plan.op.against, result.value) == (["delta"], 5) and text.startswith("是的")


def test_a_share_of_the_libraries_and_an_exclusion_follow_up(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "What percent of the libraries have more than 200 stars?")
    assert (plan.op.kind, plan.measure, result.value) == ("share", None, 75.0)
    _, result, _, _ = run(catalog, "星标超过两百的库占全部库的百分之几？")
    assert result.value == 75.0
    _, _, _, turn = run(catalog, "total stars of all libraries?")
    plan, result, _, _ = run(catalog, "and without Alpha?", turn)
    assert (plan.op.kind, plan.scope.exclude, result.value) == ("aggregate", ["alpha"], 900)


def test_places_by_one_measure_summed_in_another(catalog: Catalog) -> None:
    # stars: Alpha, Bravo, Charlie, Delta -> 2nd through 3rd: Bravo (90 forks) and Charlie (40)
    plan, result, _, _ = run(catalog, "The combined fork count of the libraries ranked 2nd through 3rd by stars?")
    assert (plan.op.kind, plan.measure, result.value) == ("aggregate", "forks", 130)
    _, result, _, _ = run(catalog, "Excluding the top 2 by stars, which library has the most contributors?")
    assert result.rows[0].entry.id == "delta"


def test_colloquial_numbers_and_word_multiples() -> None:
    from app.engine.numbers import parse_chinese_numeral

    assert [parse_chinese_numeral(t) for t in ("两万五", "一千五", "三百五", "一万零五", "两万五千")] == \
        [25000, 1500, 350, 10005, 25000]


def test_a_multiple_in_words_is_a_claim_not_a_threshold(catalog: Catalog) -> None:
    plan, result, _, _ = run(catalog, "Does Alpha have more than three times as many stars as Charlie?")
    assert (plan.op.kind, plan.op.claim, result.value) == ("ratio", 3.0, 3.0)
    plan, _, _, _ = run(catalog, "Which libraries have more than 3 times as many stars as Delta?")
    assert [f.value for f in plan.scope.metrics] == [300.0]


def test_a_library_named_through_the_one_built_on_it(chain: Catalog) -> None:
    plan, result, _, _ = run(chain, "How many stars does the library that Foxtrot is built on have?")
    assert (plan.op.kind, plan.scope.libraries, result.value) == ("value", ["echo"], 700)
    plan, result, _, _ = run(chain, "Foxtrot 所基于的库有多少贡献者？")
    assert (plan.scope.libraries, result.value) == (["echo"], 40)
    plan, result, _, _ = run(chain, "Which has more forks: Foxtrot or the library it's built on?")
    assert (plan.op.kind, set(plan.scope.libraries), result.value) == ("compare", {"foxtrot", "echo"}, 30)


def test_two_places_a_range_between_two_libraries_and_a_named_target(catalog: Catalog) -> None:
    # stars: Alpha 900, Bravo 500, Charlie 300, Delta 100
    plan, result, _, _ = run(catalog, "What's the star gap between the 2nd and 4th most-starred libraries?")
    assert (plan.op.kind, plan.scope.libraries, result.value) == ("difference", ["bravo", "delta"], 400)
    _, result, _, _ = run(catalog, "星标第一名和第三名相差多少？")
    assert result.value == 600
    plan, result, _, _ = run(catalog, "Which libraries have more forks than Alpha but fewer than Bravo?")
    assert [r.entry.id for r in result.rows] == ["charlie"]
    plan, result, _, _ = run(catalog, "Which library's star count is closest to 450?")
    assert (plan.op.target, result.rows[0].entry.id, result.value) == (450, "bravo", 500)
    _, result, _, _ = run(catalog, "哪个库的 star 数最接近二百五？")  # 250: Charlie (300)
    assert result.rows[0].entry.id == "charlie"


def test_membership_of_the_survey_and_of_a_top_n(catalog: Catalog) -> None:
    plan, result, text, _ = run(catalog, "Is Bravo in the list?")
    assert (plan.op.kind, result.value) == ("survey_rank", 2) and text.startswith("Yes")
    plan, _, text, _ = run(catalog, "Does the survey include Zulu?")
    assert (plan.op.kind, plan.op.reason, plan.op.name) == ("decline", "unknown_library", "Zulu")
    plan, result, text, _ = run(catalog, "Is Charlie in the top 2 by stars?")  # 3rd
    assert (plan.op.kind, result.value) == ("rank_of", 3) and text.startswith("No")
    _, result, text, _ = run(catalog, "Bravo 的星标进了前三吗？")
    assert result.value == 2 and text.startswith("是的")


def test_a_fact_and_a_figure_asked_together(chain: Catalog) -> None:
    plan, result, text, _ = run(chain, "What is Foxtrot built on, and how many stars does it have?")
    assert (plan.op.kind, plan.op.relation, result.value) == ("value", "built_on", 300)
    assert "Echo" in text and "300 stars" in text


def test_the_entries_of_the_last_two_answers_intersected(catalog: Catalog) -> None:
    _, _, _, first = run(catalog, "top 2 by stars")  # Alpha, Bravo
    _, _, _, second = run(catalog, "top 2 by forks", first)  # Bravo, Charlie
    second = second.model_copy(update={"earlier": first.ids})  # as the assistant records it
    plan, result, _, _ = run(catalog, "which libraries are in both lists?", second)
    assert (plan.op.kind, [r.entry.id for r in result.rows]) == ("list", ["bravo"])


def test_extremes_closest_pair_and_a_ranking_named_before_its_top_n(catalog: Catalog) -> None:
    # stars: Alpha 900, Bravo 500, Charlie 300, Delta 100; forks: Alpha 10, Bravo 90, Charlie 40, Delta 5
    plan, result, _, _ = run(catalog, "max stars minus min stars?")
    assert (plan.op.kind, plan.op.extremes, result.value) == ("difference", True, 800)
    _, result, _, _ = run(catalog, "What's the difference between the largest and smallest star counts?")
    assert result.value == 800
    plan, result, _, _ = run(catalog, "Which two libraries are closest in forks?")  # Alpha 10, Delta 5
    assert (set(plan.scope.libraries), result.value) == ({"alpha", "delta"}, 5)
    plan, result, _, _ = run(catalog, "按复刻排名，前两名的平均星标是多少？")  # Bravo 500, Charlie 300
    assert (plan.scope.slice.metric if plan.scope.slice else None, result.value) == ("forks", 400)


def test_libraries_named_by_a_superlative_each(catalog: Catalog) -> None:
    # stars: Alpha 900 ... Delta 100; forks: Bravo 90 ... Delta 5; contributors: Delta 50 ... Charlie 4
    plan, result, _, _ = run(catalog, "How many more forks does the most-starred library have than the least-starred?")
    assert (plan.op.kind, plan.scope.libraries, result.value) == ("difference", ["alpha", "delta"], 5)
    plan, result, _, _ = run(catalog, "星标第一的库的贡献者数，是贡献者最少的库的多少倍？")  # Alpha 5 / Charlie 4
    assert (plan.op.kind, plan.scope.libraries, result.value) == ("ratio", ["alpha", "charlie"], 1.25)
    plan, result, text, _ = run(catalog, "Does the library with the most contributors also have the most stars?")
    assert (plan.op.against, text.startswith("No")) == (["delta"], True)


def test_one_measure_against_a_multiple_of_another(catalog: Catalog) -> None:
    # stars / contributors: Alpha 180, Bravo 16.7, Charlie 75, Delta 2
    plan, result, _, _ = run(catalog, "Which libraries have stars more than 50 times their contributors?")
    assert (plan.scope.versus[0].factor, plan.scope.metrics, [r.entry.id for r in result.rows]) == \
        (50.0, [], ["alpha", "charlie"])
    _, result, _, _ = run(catalog, "哪些库的星标少于贡献者人数的 20 倍？")
    assert {r.entry.id for r in result.rows} == {"bravo", "delta"}
