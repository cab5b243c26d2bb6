"""Generated questions: surface templates per operation (en, zh; formal and chatty) and their gold answers.

`generate()` crosses every operation with libraries (by name and alias, any case), metrics, scopes and number forms,
renders each combination in English (formal and chatty), simplified Chinese and, for half of them, traditional
Chinese (opencc from the simplified rendering), and attaches the answer that `gold` computes from the corpus YAML.
Seeded: the same list on every run. Combinations a person could read two ways are left out, not guessed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from tests.generated import gold
from tests.generated.cases import DECLINE, Case, Generator, Templates, Turn, answer, t
from tests.generated.words import CHATTY, EN, EN_ORDINALS, ZH_ORDINALS, numbers, zh_count

STORED = gold.STORED_METRICS
Lib = gold.Library

# ---- figures of one library ---------------------------------------------------------------------------------

VALUE = t(["How many {m} does {a} have?", "What is the number of {m} for {a}?",
           "How many {m} does {a} have on GitHub?"],
          ["{a} {m}?", "how many {m} does {a} have", "how many {m} has {a} got?", "{a} - how many {m}?"],
          ["{a}的{mf}是多少？", "{a}在GitHub上的{mf}是多少？", "请问{a}有多少{mh}？"],
          ["{a}有多少{mh}", "{a}{m}多少？", "{a}的{m}是多少啊"])
VALUE_DERIVED = t(["How many {m} does {a} have?", "What is the number of {m} for {a}?"],
                  ["{a} {m}?", "{a}: {m}?"],
                  ["{a}的{mf}是多少？", "请问{a}的{mf}是多少？"],
                  ["{a}{m}多少？", "{a}的{m}是多少"])
RANK = t(["What rank is {a} by {m}?", "Where does {a} rank by {m}?",
          "Where does {a} rank in {m} among the surveyed libraries?"],
         ["{a} rank by {m}?", "where's {a} in the {m} ranking?", "what place is {a} in {m}"],
         ["按{m}排名，{a}排第几？", "{a}的{m}排第几？"],
         ["{a}{m}排第几", "{a}的{m}排名第几？"])

# ---- rankings -----------------------------------------------------------------------------------------------

SUPERLATIVE = t(["Which library has the {most} {m}?", "Which library in the survey has the {most} {m}?"],
                ["who has the {most} {m}?", "which lib has the {most} {m}", "{most} {m}?"],
                ["哪个库的{m}{zmost}？", "{m}{zmost}的库是哪个？"],
                ["{m}{zmost}的是哪个", "谁的{m}{zmost}？", "{m}{zmost}的库是啥"])
KTH_MOST = t(["Which library has the {ord} most {m}?", "Which library ranks {ord} by {m}?"],
             ["{ordc} most {m}?", "who's {ordc} in {m}?", "which lib has the {ordc} most {m}"],
             ["{m}第{zk}多的库是哪个？", "按{m}排名，第{zk}名是哪个库？"],
             ["{m}第{zk}多的是谁", "{m}排第{zk}的是哪个"])
KTH_FEWEST = t(["Which library has the {ord} fewest {m}?"],
               ["{ordc} fewest {m}?", "which lib has the {ordc} least {m}"],
               ["{m}第{zk}少的库是哪个？", "哪个库的{m}倒数第{zk}？"],
               ["{m}倒数第{zk}的是谁", "{m}第{zk}少的是哪个"])
TOP_MOST = t(["What are the top {N} libraries by {m}?", "List the {N} libraries with the most {m}.",
              "Which {N} libraries have the most {m}?"],
             ["top {N} by {m}?", "top {N} libs by {m}", "{N} libs with the most {m}?"],
             ["按{m}排名前{zN}名的库有哪些？", "{m}最多的{zN}个库是哪些？", "列出{m}最多的前{zN}个库。"],
             ["{m}前{zN}名", "{m}最多的{zN}个库", "{m}排前{zN}名的是哪几个"])
TOP_FEWEST = t(["Which {N} libraries have the fewest {m}?", "List the {N} libraries with the fewest {m}."],
               ["{N} libs with the fewest {m}?", "which {N} libs have the least {m}"],
               ["{m}最少的{zN}个库是哪些？", "列出{m}最少的{zN}个库。"],
               ["{m}最少的{zN}个", "哪{zN}个库{m}最少"])

# ---- thresholds: op -> (en formal, en chatty, zh formal, zh chatty) comparator phrases ------------------------

COMPARATORS = {
    "gt": (["more than {n}"], ["over {n}", "more than {n}", ">{n}"], ["超过{n}", "多于{n}", "大于{n}"],
           ["超过{n}", "过{n}"]),
    "lt": (["fewer than {n}"], ["under {n}", "less than {n}", "<{n}"], ["少于{n}", "低于{n}"], ["不到{n}", "少于{n}"]),
    "ge": (["at least {n}"], ["at least {n}", "{n}+"], ["至少{n}", "不少于{n}"], ["至少{n}"]),
    "between": (["between {lo} and {hi}"], ["between {lo} and {hi}"], ["在{lo}到{hi}之间", "介于{lo}和{hi}之间"],
                ["{lo}到{hi}之间", "在{lo}和{hi}之间"]),
}
FILTER = t(["Which libraries have {cmp} {m}?", "List the libraries with {cmp} {m}."],
           ["libs with {cmp} {m}?", "which ones have {cmp} {m}", "anything with {cmp} {m}?"],
           ["哪些库的{m}{zcmp}？", "{m}{zcmp}的库有哪些？"],
           ["{m}{zcmp}的库", "{m}{zcmp}的有哪些"])
FILTER_COUNTED_ZH = (["有{zcmp}{mc}的库有哪些？"], ["{zcmp}{mc}的库有哪些", "{zcmp}{mc}的有哪些"])
COUNT = t(["How many libraries have {cmp} {m}?", "What is the number of libraries with {cmp} {m}?"],
          ["how many libs have {cmp} {m}?", "# of libs with {cmp} {m}?"],
          ["有几个库的{m}{zcmp}？", "{m}{zcmp}的库有多少个？"],
          ["{m}{zcmp}的有几个", "多少个库{m}{zcmp}"])
COUNT_COUNTED_ZH = (["有多少个库有{zcmp}{mc}？"], ["{zcmp}{mc}的库有几个", "{zcmp}{mc}的有几个"])
THRESHOLDS: dict[str, list[tuple[str, float, float | None]]] = {
    "stars": [("gt", 10000, None), ("gt", 15000, None), ("gt", 20000, None), ("gt", 50000, None), ("lt", 1000, None), ("lt", 5000, None),
              ("ge", 15000, None), ("between", 1000, 10000), ("between", 5000, 20000), ("between", 10000, 30000)],
    "commits": [("gt", 10000, None), ("gt", 1000, None), ("gt", 1500, None), ("lt", 1000, None), ("lt", 500, None),
                ("ge", 5000, None), ("between", 1000, 10000), ("between", 500, 5000), ("between", 2000, 20000)],
    "contributors": [("gt", 100, None), ("gt", 500, None), ("lt", 50, None), ("lt", 20, None), ("ge", 200, None),
                     ("between", 10, 100), ("between", 100, 1000)],
    "commits_per_contributor": [("gt", 20, None), ("lt", 10, None)],
    "stars_per_contributor": [("gt", 80, None), ("lt", 30, None)],
    "stars_per_commit": [("gt", 5, None), ("lt", 1, None)],
}


def comparator(g: Generator, op: str, low: float, high: float | None, language: str, style: str) -> str:
    en_formal, en_chatty, zh_formal, zh_chatty = COMPARATORS[op]
    if language == EN:
        phrases = en_chatty if style == CHATTY else en_formal
    else:
        phrases = zh_chatty if style == CHATTY else zh_formal
    text = g.rng.choice(phrases)
    if high is None:
        return text.format(n=g.number(low, language, style))
    lo, hi = numbers([low, high], language, style, g.rng)
    return text.format(lo=lo, hi=hi)


def with_counted_zh(templates: Templates, counted: tuple[list[str], list[str]]) -> Templates:
    out = dict(templates)
    out[("zh", "formal")] = templates[("zh", "formal")] + counted[0]
    out[("zh", "chatty")] = templates[("zh", "chatty")] + counted[1]
    return out


def build_figures(g: Generator) -> None:
    for lib, metric in itertools.product(g.survey.libraries, gold.METRICS):
        templates = VALUE if metric in STORED else VALUE_DERIVED
        g.emit("value", [(templates, answer([lib], gold.reported(lib, metric)))], lib_metric_slots(g, lib, metric))
    for lib, metric in itertools.product(g.survey.libraries, gold.METRICS):
        g.emit("rank", [(RANK, answer([lib], gold.rank_of(g.survey, lib.id, metric)))],
               lib_metric_slots(g, lib, metric))


def lib_metric_slots(g: Generator, lib: Lib, metric: str) -> Callable[[str, str], dict[str, str]]:
    def slots(language: str, style: str) -> dict[str, str]:
        return {"a": g.name(lib, language, style), "m": g.metric(metric, language, style),
                "mf": g.metric(metric, language, style, "full"), "mh": g.metric(metric, language, style, "have")}
    return slots


def most_slots(g: Generator, metric: str, most: bool, **extra: str) -> Callable[[str, str], dict[str, str]]:
    def slots(language: str, style: str) -> dict[str, str]:
        word = "most" if most else ("least" if style == CHATTY and g.rng.random() < 0.5 else "fewest")
        return {"m": g.metric(metric, language, style), "mf": g.metric(metric, language, style, "full"),
                "most": word, "zmost": "最多" if most else "最少", **extra}
    return slots


def build_rankings(g: Generator) -> None:
    everything = g.survey.libraries
    for metric, most in itertools.product(gold.METRICS, (True, False)):
        winner = gold.kth(everything, metric, 1, most)
        g.emit("superlative", [(SUPERLATIVE, answer([winner], gold.reported(winner, metric)))],
               most_slots(g, metric, most))
    for metric, most, k in itertools.product(gold.METRICS, (True, False), (2, 3, 4, 5)):
        if metric not in STORED and k > 3:
            continue
        lib = gold.kth(everything, metric, k, most)
        g.emit("kth", [(KTH_MOST if most else KTH_FEWEST, answer([lib], gold.reported(lib, metric)))],
               most_slots(g, metric, most, ord=EN_ORDINALS[k][0], ordc=EN_ORDINALS[k][1], zk=ZH_ORDINALS[k]))
    for metric, most, n in itertools.product(gold.METRICS, (True, False), (2, 3, 4, 5)):
        if metric not in STORED and n != 3:
            continue
        top = gold.top(everything, metric, n, most)

        def slots(language: str, style: str, metric: str = metric, n: int = n) -> dict[str, str]:
            return {"m": g.metric(metric, language, style), "N": str(n), "zN": zh_count(n, g.rng)}

        g.emit("top_n", [(TOP_MOST if most else TOP_FEWEST, answer(top))], slots)


def build_thresholds(g: Generator) -> None:
    for metric, (op, low, high) in ((m, c) for m, cs in THRESHOLDS.items() for c in cs):
        matches = gold.threshold(g.survey.libraries, metric, op, low, high)
        assert matches, (metric, op, low)
        counted = metric in STORED and op in ("gt", "lt")

        def slots(language: str, style: str, metric: str = metric, op: str = op, low: float = low,
                  high: float | None = high) -> dict[str, str]:
            phrase = comparator(g, op, low, high, language, style)
            return {"m": g.metric(metric, language, style), "mc": g.metric(metric, language, style, "counted"),
                    "cmp": phrase, "zcmp": phrase}

        filter_templates = with_counted_zh(FILTER, FILTER_COUNTED_ZH) if counted else FILTER
        g.emit("filter", [(filter_templates, answer(matches, len(matches), ordered=False))], slots)
        count_templates = with_counted_zh(COUNT, COUNT_COUNTED_ZH) if counted else COUNT
        g.emit("count", [(count_templates, answer(value=len(matches)))], slots)


# ---- measure against measure --------------------------------------------------------------------------------

MEASURE_VS = t(["Which libraries have more {m} than {m2}?", "List the libraries with more {m} than {m2}."],
               ["which libs have more {m} than {m2}?", "anything with more {m} than {m2}?"],
               ["哪些库的{m}比{m2}多？", "{m}多于{m2}的库有哪些？"],
               ["{m}比{m2}多的库有哪些", "哪些库{m}比{m2}还多"])


def build_measure_vs(g: Generator) -> None:
    for (larger, smaller), _ in itertools.product(itertools.permutations(STORED, 2), range(3)):
        matches = gold.measure_above(g.survey.libraries, larger, smaller)
        if not matches:
            continue

        def slots(language: str, style: str, larger: str = larger, smaller: str = smaller) -> dict[str, str]:
            return {"m": g.metric(larger, language, style, "full"), "m2": g.metric(smaller, language, style, "full")}

        g.emit("measure_vs_measure", [(MEASURE_VS, answer(matches, len(matches), ordered=False))], slots)


def generate(seed: int | None = None) -> list[Case]:
    """Every generated case, in a fixed order."""
    from tests.generated import grammar_pairs, grammar_sets, grammar_talk

    g = Generator(gold.load()) if seed is None else Generator(gold.load(), seed)
    for build in (build_figures, build_rankings, build_thresholds, build_measure_vs,
                  grammar_sets.build_attributes, grammar_sets.build_compositions,
                  grammar_pairs.build_pairs, grammar_pairs.build_shares_and_aggregates,
                  grammar_talk.build_library_talk, grammar_talk.build_survey_talk, grammar_talk.build_declines,
                  grammar_talk.build_follow_ups):
        build(g)
    return g.cases


__all__ = ["DECLINE", "Case", "Turn", "generate"]
