"""Generated questions over sets of libraries: attribute filters, compositions, pairs, shares and aggregates."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from tests.generated import gold
from tests.generated.cases import Generator, answer, t
from tests.generated.grammar import THRESHOLDS, comparator
from tests.generated.words import CHATTY, EN, zh_count

Lib = gold.Library
STORED = gold.STORED_METRICS

# How people name attribute terms: term -> (en formal, en chatty, zh). Terms a person could not name plainly
# (modular design, the model families the survey lists for only some libraries) are left out.
TERM_WORDS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "keras": (["Keras"], ["keras"], ["Keras"]),
    "theano": (["Theano"], ["theano"], ["Theano"]),
    "tensorflow": (["TensorFlow"], ["tensorflow", "TF"], ["TensorFlow"]),
    "lasagne": (["Lasagne"], ["lasagne"], ["Lasagne"]),
    "spark": (["Apache Spark", "Spark"], ["spark", "pyspark"], ["Spark", "Apache Spark"]),
    "numpy": (["NumPy"], ["numpy"], ["NumPy"]),
    "scikit-learn": (["scikit-learn"], ["sklearn", "scikit-learn"], ["scikit-learn", "sklearn"]),
    "microsoft": (["Microsoft"], ["microsoft"], ["微软"]),
    "databricks": (["Databricks"], ["databricks"], ["Databricks"]),
    "apache": (["the Apache Software Foundation", "Apache"], ["apache"], ["Apache软件基金会", "Apache基金会"]),
    "fast-ai": (["fast.ai"], ["fast.ai"], ["fast.ai"]),
    "bair-bvlc": (["Berkeley AI Research (BAIR)", "BVLC"], ["berkeley", "BAIR"], ["伯克利", "BAIR"]),
    "gpu": (["GPU acceleration", "GPUs"], ["gpu", "GPU", "cuda"], ["GPU加速", "GPU"]),
    "distributed-training": (["distributed training"], ["distributed training"], ["分布式训练"]),
    "automatic-differentiation": (["automatic differentiation"], ["autodiff", "autograd"], ["自动微分"]),
    "symbolic-differentiation": (["symbolic differentiation"], ["symbolic differentiation"], ["符号微分"]),
    "mobile-deployment": (["mobile deployment"], ["mobile"], ["移动设备部署", "移动端部署"]),
    "hyperparameter-optimization": (["hyperparameter optimization"], ["hyperparameter tuning"], ["超参数优化"]),
    "mixed-programming": (["mixed symbolic and imperative programming"], ["hybrid programming"], ["混合编程"]),
    "dataflow-graph": (["dataflow graphs"], ["data flow graphs"], ["数据流图"]),
    "high-level-api": (["a high-level API"], ["a high level api"], ["高级API"]),
    "numerical-computing": (["numerical computation"], ["numerical computing"], ["数值计算"]),
}

# Relation -> (the kind of attribute whose terms it names, or None for technologies; templates listing the
# libraries, templates counting them, templates of the negation). Which kinds count as true: `truth_kind`.
RELATIONS = {
    "built_on": ("built_on", t(["Which libraries are built on {t}?", "Which libraries are built on top of {t}?"],
                               ["what's built on {t}?", "libs built on top of {t}?"],
                               ["哪些库是基于{t}构建的？", "基于{t}的库有哪些？"],
                               ["基于{t}的库", "哪些库是在{t}上面搭的"]),
                 t(["How many libraries are built on {t}?"], ["how many libs are built on {t}?"],
                   ["有几个库是基于{t}构建的？"], ["基于{t}的库有几个"]),
                 t(["Which libraries are not built on {t}?"], ["which libs aren't built on {t}?"],
                   ["哪些库不是基于{t}构建的？", "不是基于{t}的库有哪些？"], ["不是基于{t}的库"])),
    "runs_on": ("runs_on", t(["Which libraries run on {t}?"], ["what runs on {t}?", "libs that run on {t}?"],
                             ["哪些库运行在{t}上？", "哪些库可以在{t}上运行？"],
                             ["能在{t}上跑的库有哪些", "跑在{t}上的库"]),
                t(["How many libraries run on {t}?"], ["how many libs run on {t}?"],
                  ["有几个库运行在{t}上？"], ["能在{t}上跑的库有几个"]),
                t(["Which libraries do not run on {t}?"], ["which libs don't run on {t}?"],
                  ["哪些库不运行在{t}上？"], ["不在{t}上跑的库有哪些"])),
    "compatible_with": ("compatible_with", t(["Which libraries are compatible with {t}?"],
                                             ["what's compatible with {t}?"],
                                             ["哪些库与{t}兼容？", "兼容{t}的库有哪些？"], ["哪些库兼容{t}"]),
                        None, None),
    "developed_by": ("developed_by", t(["Which libraries are developed by {t}?",
                                        "Which libraries were created by {t}?"],
                                       ["which libs come from {t}?", "what libs did {t} make?"],
                                       ["哪些库是{t}开发的？", "{t}开发了哪些库？"],
                                       ["{t}做了哪些库", "{t}开发的库有哪些"]),
                     t(["How many libraries are developed by {t}?"], ["how many libs did {t} make?"],
                       ["{t}开发了几个库？"], ["{t}做了几个库"]),
                     t(["Which libraries are not developed by {t}?"], ["which libs aren't from {t}?"],
                       ["哪些库不是{t}开发的？"], ["不是{t}开发的库有哪些"])),
    "supports": ("capabilities", t(["Which libraries support {t}?", "Which libraries offer {t}?"],
                                   ["which libs support {t}?", "libs with {t} support?"],
                                   ["哪些库支持{t}？", "支持{t}的库有哪些？"], ["支持{t}的库", "支持{t}的库有哪些啊"]),
                 t(["How many libraries support {t}?"], ["how many libs support {t}?"],
                   ["有几个库支持{t}？"], ["支持{t}的库有几个"]),
                 None),
    "uses": (None, t(["Which libraries use {t}?"], ["which libs use {t}?"],
                     ["哪些库用到了{t}？", "哪些库使用{t}？"], ["用了{t}的库有哪些"]),
             None, None),
}


def term_slots(g: Generator, term: str) -> Callable[[str, str], dict[str, str]]:
    en_formal, en_chatty, zh = TERM_WORDS[term]

    def slots(language: str, style: str) -> dict[str, str]:
        if language == EN:
            return {"t": g.rng.choice(en_chatty if style == CHATTY else en_formal)}
        return {"t": g.rng.choice(zh)}
    return slots


def truth_kind(relation: str) -> str | None:
    """"built on", "runs on", "developed by", "compatible with" look at their own kind of attribute; a plain
    "support X" or "use X" at every kind."""
    return None if relation in ("supports", "uses") else RELATIONS[relation][0]


def build_attributes(g: Generator) -> None:
    everything = g.survey.libraries
    for relation, (kind, listing, counting, negation) in RELATIONS.items():
        truth = truth_kind(relation)
        if kind is None:  # "use X": technologies related to a library in any way
            terms = sorted({term for lib in everything for k in ("built_on", "runs_on", "compatible_with")
                            for term in lib.terms(k)})
        else:
            terms = sorted({term for lib in everything for term in lib.terms(kind)})
        for term in (term for term in terms if term in TERM_WORDS):
            matches = gold.with_term(everything, term, truth)
            g.emit("attribute_filter", [(listing, answer(matches, len(matches), ordered=False))], term_slots(g, term))
            if counting:
                g.emit("attribute_filter", [(counting, answer(value=len(matches)))], term_slots(g, term))
            if negation:
                others = gold.with_term(everything, term, truth, negate=True)
                g.emit("attribute_filter", [(negation, answer(others, len(others), ordered=False))],
                       term_slots(g, term))


# ---- compositions: a restriction, then a superlative / top N / aggregate / count ---------------------------

# Restriction -> (libraries, its phrase per language: en after "the", zh before 里/中, the metric it restricts).
Restriction = tuple[list[Lib], Callable[[str, str], str], str | None]


def restrictions(g: Generator) -> list[Restriction]:
    everything = g.survey.libraries
    out: list[Restriction] = []
    for metric, op, low in (("stars", "gt", 10000), ("contributors", "gt", 100), ("commits", "gt", 1000),
                            ("stars", "lt", 10000), ("contributors", "lt", 100)):
        def phrase(language: str, style: str, metric: str = metric, op: str = op, low: float = low) -> str:
            cmp = comparator(g, op, low, None, language, style)
            if language == EN:
                return f"libraries with {cmp} {g.metric(metric, language, style)}"
            return f"{g.metric(metric, language, style)}{cmp}的库"
        out.append((gold.threshold(everything, metric, op, low), phrase, metric))
    lo_hi = ("commits", "between", 1000, 10000)

    def between(language: str, style: str) -> str:
        cmp = comparator(g, "between", lo_hi[2], lo_hi[3], language, style)
        return f"libraries with {cmp} commits" if language == EN else f"提交次数{cmp}的库"
    out.append((gold.threshold(everything, "commits", "between", 1000, 10000), between, "commits"))
    attribute_phrases = [
        ("keras", "built_on", False, ["libraries built on Keras"], ["基于Keras的库"]),
        ("spark", "runs_on", False, ["libraries that run on Spark", "libraries running on Apache Spark"],
         ["运行在Spark上的库", "能在Spark上跑的库"]),
        ("gpu", None, False, ["libraries that support GPU acceleration", "libraries with GPU support"],
         ["支持GPU加速的库", "支持GPU的库"]),
        ("distributed-training", None, False, ["libraries that support distributed training"],
         ["支持分布式训练的库"]),
        ("keras", "built_on", True, ["libraries not built on Keras"], ["不是基于Keras的库"]),
    ]
    for term, kind, negate, en, zh in attribute_phrases:
        def attribute_phrase(language: str, style: str, en: list[str] = en, zh: list[str] = zh) -> str:
            return g.rng.choice(en if language == EN else zh)
        out.append((gold.with_term(everything, term, kind, negate), attribute_phrase, None))
    return out


SCOPED_SUPERLATIVE = t(["Of the {R}, which has the {most} {m}?", "Among the {R}, which one has the {most} {m}?"],
                       ["{R}: which has the {most} {m}?", "of the {R}, who has the {most} {m}?"],
                       ["{R}里，{m}{zmost}的是哪个？", "{R}中，哪个的{m}{zmost}？"],
                       ["{R}里谁的{m}{zmost}", "{R}里{m}{zmost}的是哪个"])
SCOPED_TOP = t(["Among the {R}, what are the top {N} by {m}?", "Of the {R}, which {N} have the most {m}?"],
               ["of the {R}, top {N} by {m}?", "{R}: top {N} by {m}?"],
               ["{R}中，按{m}排名前{zN}名的是哪些？"], ["{R}里{m}前{zN}名的是哪些"])
SCOPED_AGGREGATE = {
    "sum": t(["What is the total number of {m} of the {R}?", "How many {m} do the {R} have in total?"],
             ["total {m} of the {R}?", "{R} - total {m}?"],
             ["{R}的{mf}总和是多少？", "{R}一共有多少{mh}？"], ["{R}加起来有多少{mh}", "{R}总共多少{mh}"]),
    "mean": t(["What is the average number of {m} of the {R}?"], ["avg {m} of the {R}?", "average {m} for the {R}?"],
              ["{R}的平均{mf}是多少？", "{R}平均有多少{mh}？"], ["{R}平均多少{mh}"]),
}
SCOPED_COUNT = t(["How many of the {R} have {cmp} {m2}?"], ["how many of the {R} have {cmp} {m2}?"],
                 ["{R}里，{m2}{cmp}的有几个？", "{R}中有几个的{m2}{cmp}？"], ["{R}里{m2}{cmp}的有几个"])
TOP_AGGREGATE = {
    "sum": t(["What is the total number of {m2} of the top {N} libraries by {m}?"],
             ["total {m2} of the top {N} by {m}?"],
             ["按{m}排名前{zN}名的库，{mf2}总和是多少？"], ["{m}前{zN}名的库一共多少{mh2}"]),
    "mean": t(["What is the average number of {m2} of the top {N} libraries by {m}?"],
              ["average {m2} of the top {N} by {m}?", "avg {m2} of the top {N} libs by {m}"],
              ["按{m}排名前{zN}名的库，平均{mf2}是多少？"], ["{m}前{zN}名的库平均多少{mh2}"]),
}


def metric_slots(g: Generator, language: str, style: str, metric: str, suffix: str = "") -> dict[str, str]:
    return {f"m{suffix}": g.metric(metric, language, style), f"mf{suffix}": g.metric(metric, language, style, "full"),
            f"mh{suffix}": g.metric(metric, language, style, "have")}


def build_compositions(g: Generator) -> None:
    for scope, phrase, restricted in restrictions(g):
        if len(scope) < 2:
            continue
        for metric, most in itertools.product(STORED, (True, False)):
            if metric == restricted:  # "of those with over 10k stars, which has the most stars" says nothing new
                continue
            winner = gold.kth(scope, metric, 1, most)

            def sup(language: str, style: str, metric: str = metric, most: bool = most,
                    phrase: Callable[[str, str], str] = phrase) -> dict[str, str]:
                word = "most" if most else "fewest"
                return {"R": phrase(language, style), "most": word, "zmost": "最多" if most else "最少",
                        **metric_slots(g, language, style, metric)}
            g.emit("composition", [(SCOPED_SUPERLATIVE, answer([winner], gold.reported(winner, metric)))], sup)
        for metric in (metric for metric in STORED if metric != restricted):
            n = 2 if len(scope) <= 4 else 3

            def top(language: str, style: str, metric: str = metric, n: int = n,
                    phrase: Callable[[str, str], str] = phrase) -> dict[str, str]:
                return {"R": phrase(language, style), "N": str(n), "zN": zh_count(n, g.rng),
                        **metric_slots(g, language, style, metric)}
            g.emit("composition", [(SCOPED_TOP, answer(gold.top(scope, metric, n)))], top)
            for how, templates in SCOPED_AGGREGATE.items():
                def agg(language: str, style: str, metric: str = metric,
                        phrase: Callable[[str, str], str] = phrase) -> dict[str, str]:
                    return {"R": phrase(language, style), **metric_slots(g, language, style, metric)}
                g.emit("composition", [(templates, answer(value=gold.aggregate(scope, metric, how)))], agg)
    build_scoped_counts(g)
    build_top_aggregates(g)


def build_scoped_counts(g: Generator) -> None:
    for (scope, phrase, _), (metric, (op, low, high)) in itertools.product(
            restrictions(g)[6:], [(m, c) for m in STORED for c in THRESHOLDS[m][:2]]):
        count = len(gold.threshold(scope, metric, op, low, high))
        if count == 0 or len(scope) > 5:
            continue

        def slots(language: str, style: str, metric: str = metric, op: str = op, low: float = low,
                  phrase: Callable[[str, str], str] = phrase) -> dict[str, str]:
            return {"R": phrase(language, style), "cmp": comparator(g, op, low, None, language, style),
                    **metric_slots(g, language, style, metric, "2")}
        g.emit("composition", [(SCOPED_COUNT, answer(value=count))], slots)


def build_top_aggregates(g: Generator) -> None:
    for metric, other, n, how in itertools.product(STORED, STORED, (3, 5), ("sum", "mean")):
        if metric == other:
            continue
        value = gold.aggregate(gold.top(g.survey.libraries, metric, n), other, how)

        def slots(language: str, style: str, metric: str = metric, other: str = other, n: int = n) -> dict[str, str]:
            return {"N": str(n), "zN": zh_count(n, g.rng), **metric_slots(g, language, style, metric),
                    **metric_slots(g, language, style, other, "2")}
        g.emit("composition", [(TOP_AGGREGATE[how], answer(value=value))], slots)
