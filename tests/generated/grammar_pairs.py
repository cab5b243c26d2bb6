"""Generated questions about two libraries (comparison, difference, ratio), shares and aggregates over all."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from tests.generated import gold
from tests.generated.cases import Generator, answer, t
from tests.generated.grammar import lib_metric_slots

Lib = gold.Library
STORED = gold.STORED_METRICS

COMPARISON = t(["Which has more {m}, {a} or {b}?", "Which library has more {m}: {a} or {b}?",
                "Does {a} or {b} have more {m}?"],
               ["{a} vs {b} — who has more {m}?", "{a} or {b}, which has more {m}?", "{a} vs {b} {m}",
                "who's got more {m}, {a} or {b}"],
               ["{a}和{b}哪个{m}更多？", "{a}与{b}相比，哪个的{m}更多？"],
               ["{a} vs {b} {m}", "{a}还是{b}{m}多", "{a}跟{b}谁的{m}多"])
DIFFERENCE = t(["How many more {m} does {a} have than {b}?", "What is the difference in {m} between {a} and {b}?"],
               ["how many more {m} has {a} got than {b}?", "{m} gap between {a} and {b}?",
                "{a} has how many more {m} than {b}"],
               ["{a}比{b}多多少{mh}？", "{a}和{b}的{mf}相差多少？"],
               ["{a}比{b}多多少{m}", "{a}跟{b}{m}差多少"])
RATIO = t(["How many times more {m} does {a} have than {b}?", "How many times as many {m} as {b} does {a} have?"],
          ["{a} has how many times the {m} of {b}?", "how many times more {m} does {a} have than {b}"],
          ["{a}的{mf}是{b}的多少倍？", "{a}的{mf}是{b}的几倍？"],
          ["{a}{m}是{b}的几倍", "{a}的{m}是{b}几倍啊"])
SHARE = t(["What percentage of all {m} does {a} have?",
           "What share of the total {m} across all libraries does {a} have, in percent?"],
          ["what % of all {m} does {a} have?", "{a}'s share of all {m}, in percent?"],
          ["{a}的{mf}占所有库总数的百分之几？", "{a}占全部库{mf}的百分比是多少？"],
          ["{a}的{m}占所有库的百分之多少", "{a}占全部{m}的百分比多少"])
AGGREGATE = {
    "sum": t(["What is the total number of {m} across all libraries?",
              "How many {m} do all the libraries have in total?"],
             ["total {m} across all libs?", "total {m} of all 13 libs?"],
             ["所有库的{mf}总和是多少？", "这13个库一共有多少{mh}？"], ["{m}加起来一共多少", "所有库总共多少{mh}"]),
    "mean": t(["What is the average number of {m} per library?", "On average, how many {m} does a library have?"],
              ["avg {m} per lib?", "average {m} per library?"],
              ["平均每个库有多少{mh}？", "所有库的平均{mf}是多少？"], ["平均每个库多少{mh}", "所有库平均多少{mh}"]),
    "median": t(["What is the median number of {m}?", "What is the median number of {m} across the libraries?"],
                ["median {m}?", "median # of {m}?"], ["{mf}的中位数是多少？", "所有库{mf}的中位数是多少？"],
                ["{m}中位数多少", "{mf}中位数是多少"]),
    "min": t(["What is the smallest number of {m} of any library?", "What is the minimum number of {m}?"],
             ["min {m}?", "lowest {m} count?"], ["{mf}的最小值是多少？"], ["{mf}最小值多少"]),
    "max": t(["What is the largest number of {m} of any library?", "What is the maximum number of {m}?"],
             ["max {m}?", "highest {m} count?"], ["{mf}的最大值是多少？"], ["{mf}最大值多少"]),
}


def pair_slots(g: Generator, a: Lib, b: Lib, metric: str) -> Callable[[str, str], dict[str, str]]:
    first = lib_metric_slots(g, a, metric)

    def slots(language: str, style: str) -> dict[str, str]:
        return {**first(language, style), "b": g.name(b, language, style)}
    return slots


def build_pairs(g: Generator) -> None:
    pairs = list(itertools.combinations(g.survey.libraries, 2))
    for i, (x, y) in enumerate(pairs):
        metric = STORED[i % 3]
        a, b = (x, y) if g.rng.random() < 0.5 else (y, x)  # the larger one is not always named first
        g.emit("comparison", [(COMPARISON, answer(gold.larger_first(a, b, metric)))], pair_slots(g, a, b, metric))
        metric = STORED[(i + 1) % 3]
        larger, smaller = gold.larger_first(x, y, metric)
        if i % 2 == 0:
            g.emit("difference", [(DIFFERENCE, answer([larger, smaller], gold.difference(larger, smaller, metric)))],
                   pair_slots(g, larger, smaller, metric))
        elif larger.figures[metric] >= 1.2 * smaller.figures[metric]:
            g.emit("ratio", [(RATIO, answer([larger, smaller], gold.ratio(larger, smaller, metric)))],
                   pair_slots(g, larger, smaller, metric))


def build_shares_and_aggregates(g: Generator) -> None:
    everything = g.survey.libraries
    for lib, metric in itertools.product(everything, STORED):
        g.emit("share", [(SHARE, answer([lib], gold.share(lib, metric, everything)))], lib_metric_slots(g, lib, metric))
    for (how, templates), metric, _ in itertools.product(AGGREGATE.items(), STORED, range(2)):
        value = gold.aggregate(everything, metric, how)
        holder = [gold.extreme(everything, metric, how)] if how in ("min", "max") else None
        slots = lib_metric_slots(g, everything[0], metric)
        g.emit("aggregate", [(templates, answer(holder, value))], slots)
