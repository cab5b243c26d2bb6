"""Generated questions about one library's description and attributes, the survey itself, declines and follow-ups."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from tests.generated import gold
from tests.generated.cases import DECLINE, Generator, Templates, Turn, answer, t
from tests.generated.grammar import FILTER, TOP_MOST, VALUE, comparator, lib_metric_slots
from tests.generated.grammar_pairs import COMPARISON
from tests.generated.grammar_sets import RELATIONS, TERM_WORDS, term_slots, truth_kind
from tests.generated.words import CHATTY, EN, EN_SURVEY_ORDINALS, ZH_ORDINALS, zh_count

Lib = gold.Library
STORED = gold.STORED_METRICS
SlotFn = Callable[[str, str], dict[str, str]]

DESCRIBE = t(["What is {a}?", "Tell me about {a}.", "Can you describe {a}?"],
             ["what's {a}?", "what is {a} exactly", "tell me about {a}"],
             ["{a}是什么？", "请介绍一下{a}。"], ["{a}是啥", "介绍下{a}"])
ATTRIBUTE_OF = {
    "developed_by": t(["Who develops {a}?", "Which organization develops {a}?"], ["who makes {a}?", "who's behind {a}?"],
                      ["{a}是谁开发的？", "{a}由哪个机构开发？"], ["{a}是哪家做的", "谁开发的{a}"]),
    "built_on": t(["What is {a} built on?", "Which library is {a} built on top of?"], ["what's {a} built on?"],
                  ["{a}是基于什么构建的？"], ["{a}基于啥", "{a}是基于什么的"]),
    "runs_on": t(["What does {a} run on?", "Which platform does {a} run on?"], ["what does {a} run on"],
                 ["{a}运行在什么平台上？"], ["{a}跑在什么上面"]),
    "compatible_with": t(["What is {a} compatible with?", "Which libraries is {a} compatible with?"],
                         ["what's {a} compatible with?"], ["{a}兼容哪些库？"], ["{a}跟什么兼容"]),
}
YES_NO = {
    "capabilities": t(["Does {a} support {t}?"], ["does {a} support {t}?", "{a} supports {t}?"],
                      ["{a}支持{t}吗？"], ["{a}支持{t}吗", "{a}支不支持{t}"]),
    "built_on": t(["Is {a} built on {t}?"], ["is {a} built on top of {t}?"], ["{a}是基于{t}的吗？"], ["{a}是基于{t}的吗"]),
    "runs_on": t(["Does {a} run on {t}?"], ["does {a} run on {t}"], ["{a}能在{t}上运行吗？"], ["{a}能跑在{t}上吗"]),
    "developed_by": t(["Is {a} developed by {t}?"], ["is {a} made by {t}?"], ["{a}是{t}开发的吗？"], ["{a}是{t}做的吗"]),
    "compatible_with": t(["Is {a} compatible with {t}?"], ["is {a} compatible with {t}?"], ["{a}与{t}兼容吗？"], ["{a}兼容{t}吗"]),
}
# What the answer must name, per language (traditional Chinese keeps only the Latin ones: its script is not fixed).
ANSWER_WORDS = {"microsoft": ("Microsoft", "微软"), "bair-bvlc": ("Berkeley", "伯克利"), "apache": ("Apache", "Apache"),
                "databricks": ("Databricks", "Databricks"), "fast-ai": ("fast.ai", "fast.ai"),
                "keras": ("Keras", "Keras"), "theano": ("Theano", "Theano"), "tensorflow": ("TensorFlow", "TensorFlow"),
                "lasagne": ("Lasagne", "Lasagne"), "spark": ("Spark", "Spark"), "numpy": ("NumPy", "NumPy"),
                "scipy": ("SciPy", "SciPy"), "cython": ("Cython", "Cython"), "scikit-learn": ("scikit-learn",
                                                                                               "scikit-learn")}
SURVEY_DATE = t(["When were the figures in the survey collected?", "What date are the GitHub figures from?"],
                ["when's this data from?", "what date are these numbers from?"],
                ["调查中的数据是什么时候收集的？", "这些GitHub数据截止到哪一天？"], ["数据是哪天的", "这些数字是什么时候的"])
SURVEY_RANK = t(["Which library is ranked {ordw} in the survey?", "What is number {k} in the survey?"],
                ["what's #{k} in the survey?", "who's {ordw} on the list?"],
                ["调查中排名第{zk}的库是哪个？", "榜单上第{zk}名是哪个库？"], ["榜单第{zk}是谁", "这份榜单上排第{zk}的是哪个"])


def zh_ordinal(k: int) -> str:
    return ZH_ORDINALS[k] if k <= 10 else "十" + ZH_ORDINALS[k - 10]


def name_slots(g: Generator, lib: Lib) -> SlotFn:
    return lambda language, style: {"a": g.name(lib, language, style)}


def named(g: Generator, lib: Lib, terms: list[str]) -> list[Lib] | None:
    """[lib], or None (no check of the libraries) when a term is itself a surveyed library: "Is TFLearn built on
    TensorFlow?" may fairly cite TensorFlow too, and guessing whether it should is not the suite's business."""
    return None if any(term in g.survey.by_id for term in terms) else [lib]


def build_library_talk(g: Generator) -> None:
    for lib, _ in itertools.product(g.survey.libraries, range(2)):
        g.emit("describe", [(DESCRIBE, answer([lib]))], name_slots(g, lib))
    for lib in g.survey.libraries:
        for kind, templates in ATTRIBUTE_OF.items():
            terms = sorted(lib.terms(kind))
            if not terms:
                continue

            def expected(language: str, terms: list[str] = terms, lib: Lib = lib) -> Turn:
                return answer(named(g, lib, terms), contains=[ANSWER_WORDS[term][0 if language == EN else 1] for term in terms])
            g.emit("attribute_of", [(templates, expected)], name_slots(g, lib))
        for kind, templates in YES_NO.items():
            for term in sorted(lib.terms(kind)):
                if term not in TERM_WORDS:
                    continue

                def slots(language: str, style: str, lib: Lib = lib, term: str = term) -> dict[str, str]:
                    return {"a": g.name(lib, language, style), **term_slots(g, term)(language, style)}
                g.emit("yes_no", [(templates, answer(named(g, lib, [term])))], slots)


def build_survey_talk(g: Generator) -> None:
    for _ in range(3):
        g.emit("metadata", [(SURVEY_DATE, answer(contains=[g.survey.as_of]))])
    for lib in g.survey.libraries:
        k = lib.rank
        values = {"ordw": EN_SURVEY_ORDINALS[k - 1], "k": str(k), "zk": zh_ordinal(k)}

        def rank_slots(language: str, style: str, values: dict[str, str] = values) -> dict[str, str]:
            return values
        g.emit("metadata", [(SURVEY_RANK, answer([lib], k))], rank_slots)


UNKNOWN_LIBRARIES = ["JAX", "PaddlePaddle", "Chainer", "Keras", "MindSpore", "DyNet"]
MISSING_FIGURES: list[Templates] = [
    t(["How many downloads does {a} have?"], ["{a} downloads?"], ["{a}的下载量是多少？"], ["{a}下载量多少"]),
    t(["How many forks does {a} have?"], ["how many forks has {a} got?"], ["{a}有多少个fork？"], ["{a}被fork了多少次"]),
    t(["What license does {a} use?", "Under which license is {a} released?"], ["{a} license?"],
      ["{a}使用什么许可证？"], ["{a}是什么开源协议"]),
    t(["What is the latest version of {a}?"], ["latest {a} version?"], ["{a}的最新版本是多少？"], ["{a}最新版是哪个"]),
    t(["In what year was {a} first released?"], ["when did {a} first come out?"], ["{a}是哪一年发布的？"], ["{a}哪年出的"]),
    t(["How many open issues does {a} have?"], ["{a} open issues?"], ["{a}有多少个未关闭的issue？"], ["{a}现在有多少open issue"]),
]
NOT_THEN = t(["How many {m} does {a} have today?", "How many {m} does {a} have in 2026?"],
             ["{a} {m} right now?", "how many {m} does {a} have now"],
             ["{a}现在有多少{mh}？", "{a}在2026年有多少{mh}？"], ["{a}目前多少{m}", "{a}今天有多少{mh}"])
OPINION = t(["Which library is best for beginners?", "What is the easiest deep learning library for a beginner?",
             "Which library trains models the fastest?"],
            ["best lib for a beginner?", "which one should a newbie learn first?", "which lib is the fastest?"],
            ["哪个库最适合初学者？", "新手应该学哪个深度学习库？", "哪个库训练速度最快？"],
            ["新手用哪个库最好", "小白入门选哪个", "哪个库跑得最快"])


def build_declines(g: Generator) -> None:
    for name, metric in itertools.product(UNKNOWN_LIBRARIES, STORED):
        def slots(language: str, style: str, name: str = name, metric: str = metric) -> dict[str, str]:
            return {"a": name.lower() if style == CHATTY else name, "m": g.metric(metric, language, style),
                    "mf": g.metric(metric, language, style, "full"), "mh": g.metric(metric, language, style, "have")}
        g.emit("decline", [(VALUE, DECLINE)], slots)
    for i, templates in enumerate(MISSING_FIGURES):
        for lib in g.survey.libraries[i % 3::3]:
            g.emit("decline", [(templates, DECLINE)], name_slots(g, lib))
    for i, lib in enumerate(g.survey.libraries):
        g.emit("decline", [(NOT_THEN, DECLINE)], lib_metric_slots(g, lib, STORED[i % 3]))
    for _ in range(4):
        g.emit("decline", [(OPINION, DECLINE)])


PRONOUN = t(["How many {m2} does it have?", "And how many {m2} does it have?"],
            ["how many {m2} does it have?", "what about its {m2}?"],
            ["它的{mf2}是多少？", "它有多少{mh2}？"], ["它的{m2}呢？", "那它{m2}多少"])
WHAT_ABOUT = t(["What about {b}?", "And {b}?"], ["what about {b}?", "and {b}?"], ["那{b}呢？", "{b}呢？"], ["{b}呢", "那{b}呢"])
AND_METRIC = t(["And {m2}?", "What about its {m2}?"], ["and {m2}?", "{m2}?"], ["那{mf2}呢？", "{mf2}呢？"], ["{m2}呢", "那{m2}呢"])
OF_THOSE = t(["Of those, which has the {most} {m2}?", "Which of those has the {most} {m2}?"],
             ["of those, which has the {most} {m2}?", "which of those has the {most} {m2}"],
             ["其中哪个{m2}{zmost}？", "这些库里哪个的{m2}{zmost}？"], ["其中哪个{m2}{zmost}", "里面谁的{m2}{zmost}"])
OF_THE_TWO = t(["Which of the two has more {m2}?"], ["which of the two has more {m2}?", "and which has more {m2}?"],
               ["这两个里哪个{m2}更多？"], ["这俩谁的{m2}多", "那{m2}呢，谁多"])
HOW_MANY_TIMES = t(["How many times more?", "How many times as many is that?"], ["how many times more?"],
                   ["多的是少的多少倍？", "前者是后者的几倍？"], ["是几倍？", "几倍啊"])


def build_follow_ups(g: Generator) -> None:
    libs = g.survey.libraries
    for i, lib in enumerate(libs):
        m1, m2 = STORED[i % 3], STORED[(i + 1) % 3]
        other = libs[(i + 5) % len(libs)]
        first = lib_metric_slots(g, lib, m1)

        def slots(language: str, style: str, first: SlotFn = first, m2: str = m2, other: Lib = other) -> dict[str, str]:
            return {**first(language, style), "b": g.name(other, language, style), "m2": g.metric(m2, language, style),
                    "mf2": g.metric(m2, language, style, "full"), "mh2": g.metric(m2, language, style, "have")}
        v1 = answer([lib], lib.figures[m1])
        g.emit("follow_up", [(VALUE, v1), (PRONOUN, answer([lib], lib.figures[m2]))], slots)
        g.emit("follow_up", [(VALUE, v1), (WHAT_ABOUT, answer([other], other.figures[m1]))], slots)
        g.emit("follow_up", [(VALUE, v1), (AND_METRIC, answer([lib], lib.figures[m2]))], slots)
    build_set_follow_ups(g)
    for i, (x, y) in enumerate(itertools.combinations(libs, 2)):
        if i % 6:
            continue
        m1, m2 = STORED[i % 3], STORED[(i + 2) % 3]
        large, small = gold.larger_first(x, y, m2)
        g.emit("follow_up", [(COMPARISON, answer(gold.larger_first(x, y, m1))), (OF_THE_TWO, answer([large, small])),
                             (HOW_MANY_TIMES, answer([large, small], gold.ratio(large, small, m2)))],
               pair_then(g, x, y, m1, m2))


def pair_then(g: Generator, a: Lib, b: Lib, m1: str, m2: str) -> SlotFn:
    def slots(language: str, style: str) -> dict[str, str]:
        return {"a": g.name(a, language, style), "b": g.name(b, language, style), "m": g.metric(m1, language, style),
                "m2": g.metric(m2, language, style)}
    return slots


def build_set_follow_ups(g: Generator) -> None:
    everything = g.survey.libraries
    starts: list[tuple[Templates, list[Lib], Turn, SlotFn, str | None]] = []
    for metric, op, low in (("stars", "gt", 10000), ("contributors", "gt", 100), ("commits", "gt", 1000),
                            ("stars", "lt", 10000)):
        scope = gold.threshold(everything, metric, op, low)

        def filter_slots(language: str, style: str, metric: str = metric, op: str = op, low: float = low) -> dict:
            return {"m": g.metric(metric, language, style), "cmp": (phrase := comparator(g, op, low, None, language,
                                                                                          style)), "zcmp": phrase}
        starts.append((FILTER, scope, answer(scope, len(scope), ordered=False), filter_slots, metric))
    for metric, n in (("stars", 3), ("commits", 4), ("contributors", 5)):
        scope = gold.top(everything, metric, n)

        def top_slots(language: str, style: str, metric: str = metric, n: int = n) -> dict:
            return {"m": g.metric(metric, language, style), "N": str(n), "zN": zh_count(n, g.rng)}
        starts.append((TOP_MOST, scope, answer(scope), top_slots, metric))
    for relation, term in (("runs_on", "spark"), ("supports", "gpu"), ("supports", "distributed-training")):
        listing = RELATIONS[relation][1]
        scope = gold.with_term(everything, term, truth_kind(relation))
        starts.append((listing, scope, answer(scope, len(scope), ordered=False), term_slots(g, term), None))
    for (templates, scope, first, first_slots, restricted), metric, most in itertools.product(
            starts, STORED, (True, False)):
        if (STORED.index(metric) + most) % 2 or metric == restricted:
            continue
        winner = gold.kth(scope, metric, 1, most)

        def slots(language: str, style: str, first_slots: SlotFn = first_slots, metric: str = metric,
                  most: bool = most) -> dict[str, str]:
            return {**first_slots(language, style), "m2": g.metric(metric, language, style),
                    "most": "most" if most else "fewest", "zmost": "最多" if most else "最少"}
        g.emit("follow_up", [(templates, first), (OF_THOSE, answer([winner], winner.figures[metric]))], slots)
