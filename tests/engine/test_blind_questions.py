"""Blind question sets, written from the survey alone by people who never saw the engine. First runs (before
any fix) are in the README; the sets are now regression tests. Cases the engine still gets wrong are listed
with the reason, so a new failure, or a listed one that starts passing, shows up."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.questions import check_conversation, load_cases

KNOWN_FAILURES = {
    "blind1.yaml": {
        139: "the same library named twice, once as subject and once as attribute value",
    },
    "blind2.yaml": {
        127: "Chinese retrieval (the model is English-only): CNTK's graph sentence",
        191: "which libraries a later article lists: the passage announcing it is quoted instead of a decline",
    },
    "blind3.yaml": {
        80: "gold lists both of a two-library filter for 'which has more stars?'; sets 5, 9 and 11 list the winner",
    },
    "blind4.yaml": {
        195: "'why is PyTorch #2 though Caffe has more stars': reasoning over the ranking basis is not an operation",
        231: "gold lists the attribute value (TensorFlow) among the asserted libraries; other sets do not",
    },
    "blind5.yaml": {
        212: "gold lists the attribute value (TensorFlow) as the answer's library; sets 2-4 list the subject",
        221: "gold lists the attribute value (Theano) as the answer's library; sets 2-4 list the subject",
    },
    "blind6.yaml": {
        110: "a list question with a yes/no tail about a mistyped name ('is tensorflwo the only one?'): the tail wins",
        158: "agent syntax for thresholds at a library's figures ('contributors < mxnet.contributors') is not read",
    },
    "blind7.yaml": {
        66: "gold asks 'which has more stars?' and expects the difference (240); set 6 expects the winner's figure",
        104: "'mentions differentiation' spans two vocabulary terms (automatic, symbolic); no umbrella term",
        105: "a two-step ecosystem ('built on Theano, or wrapping a Theano-based lib') is not composed",
        174: "counting the model kinds fastai supports (4): attribute values are listed, not counted",
        213: "gold lists the attribute value (TensorFlow) among the libraries; sets 2-4 list only the subject",
        220: "gold lists the attribute value (Lasagne) among the libraries; sets 2-4 list only the subject",
    },
    "blind8.yaml": {
        152: "gold lists both of a two-library filter for 'which has more commits?'; sets 4, 5 and 7 list the winner",
        213: "gold lists the attribute value (TensorFlow) among the libraries; sets 2-4 list only the subject",
    },
    "blind9.yaml": {
        175: "which packages the text says extend PyTorch (NumPy, SciPy, Cython): asked as 'built on', held elsewhere",
        211: "a false premise about the maker ('which Google team built Caffe') is not checked",
        230: "gold lists the attribute value (Lasagne) among the libraries; sets 2-4 list only the subject",
    },
    "blind10.yaml": {
        78: "two libraries' sum as a percentage of a third: a ratio takes one library on each side",
        195: "a passage asked about through a surveyed library ('what users is TensorFlow more popular with'): "
             "questions naming a library are kept to its entry",
        210: "'scikit-learn … in that list': a vocabulary term taken for nolearn's figures after a list",
        220: "gold lists the attribute value (TensorFlow) among the libraries; sets 2-4 list only the subject",
    },
    "blind11.yaml": {
        149: "gold names fast.ai (8,872) as the most starred of places 6-13, but CNTK (place 7) has 15,281: gold error",
        169: "'what is TFLearn for, and how does it relate to TensorFlow': both are described, gold expects TFLearn",
        211: "gold expects only the winner of 'which of the two has more contributors'; other sets list both",
        218: "gold expects the gap for 'does it have more stars than Elephas?'; set 6 expects the winner's figure",
    },
    "blind12.yaml": {
        86: "'基于tensorflow做的': '做的' reads as 'made by', so TensorFlow is taken for the maker",
        107: "which descriptions use a graph for computation or networks: no vocabulary term, Chinese retrieval",
        128: "gold lists all five of the slice for a median; the answer names the library holding the median",
        144: "gold lists both of a two-library filter for 'which has more stars?'; sets 4, 5 and 7 list the winner",
        174: "which packages the text says extend PyTorch (NumPy, SciPy, Cython): held as compatible-with, asked apart",
    },
    "blind13.yaml": {
        77: "one library's share of a top-N subset's total: a share is taken of all entries or a listed set",
        136: "a named place by one measure combined with a top N by another ('13th by contributors, top 10 by "
             "commits'): a place is not a scope",
        142: "gold lists both of a two-library filter for 'who has more commits?'; sets 4, 5 and 7 list the winner",
        158: "a long open question with TensorFlow as context: TensorFlow and fast.ai cited, not TFLearn",
        167: "what 'collab' means in fastai's description (collaborative filtering): not retrieved",
        169: "a long open question (Spark cluster, MLlib-style): declined instead of retrieved",
        181: "the publication date is only in the original URL (2018/11): the survey's own date is the data's",
        208: "gold lists the attribute value (Lasagne) among the libraries; sets 2-4 list only the subject",
    },
    "blind14.yaml": {  # written with the answer conventions of the contract in hand (README, "Question sets")
        96: "gold lists the five libraries a median covers; sets 9-13 expect the library holding the median",
        124: "'apart from TFLearn, is any other library built on TensorFlow?' (no): gold asserts TFLearn",
        141: "gold lists both of a two-library filter for 'which has more commits?' (the contract's compare); "
             "sets 5, 9 and 11 list the winner",
        186: "whether the rankings are objective (Chinese): too few shared words with the passage",
    },
    "blind15.yaml": {
        220: "Chinese open question ('for researchers implementing new distributed optimisers'): Chinese retrieval "
             "among the three distributed-training libraries picks Elephas, not Distributed Keras",
        227: "'a higher-level TensorFlow API … which does the survey recommend?': declined as a judgement ('推荐'), "
             "gold wants TFLearn",
        306: "'那它有多少星标？' after 'Is Keras in the list?': 'it' goes to a library the answer named, not Keras",
    },
    "blind16.yaml": {
        99: "one named library's share of two named libraries' total ('of their combined stars'): the share is taken "
            "of all 13",
        203: "which article of the series this one is (the 2nd): the passage is quoted, its place in the list is "
             "not a number it states",
        227: "'基于 fast.ai 的研究做出来的' names fast.ai as the research group: read as 'what is fast.ai built on'",
        293: "why Keras is not on the list (Chinese): too few shared words with the passage that says why",
    },
    "blind17.yaml": {
        218: "the library 5th by contributors and 2nd by stars: two places by two measures intersected",
        220: "a pasted figure caption, then 'the library with the biggest circle': the most-starred library's share of "
             "commits (a top by one measure, a share by another)",
    },
    "blind18.yaml": {  # first run 88.7%; the fixes after it are the last commits of 2026-11-26
        131: 'a pasted paragraph of the article, then a question about it: no passage matched',
        272: "'基于 fast.ai 对深度学习最佳实践的研究': fast.ai read as a base library",
        275: "'wrappers and abstractions around existing libraries': retrieval finds none above the threshold",
    },
    "blind19.yaml": {  # first run 94.9% (the session-start engine: 94.9%); fixes after it on 2026-11-26 (evening)
        290: "convention: 'which of the two has more stars?' after two libraries asked one by one — the writer expects "
             "the winner alone; the engine compares the two (as blind 2, 3, 6, 8, 15 and 17 expect)",
        294: "convention: 'which of the two has more contributors?' (as 290)",
        305: "convention: 'which of the two has more commits?' (as 290)",
    },
    "blind20.yaml": {  # first run 91.9% (the session-start engine: 89.5%); fixes after it on 2026-11-26 (evening)
        260: "convention: '這兩個哪個提交次數比較多？' after two libraries — the writer expects the winner alone; "
             "the engine compares the two (as blind 2, 3, 6, 8, 15 and 17 expect)",
        270: "convention: 'so which of the two has more commits per contributor?' (as 260)",
        284: "convention: 'and yet which of the two has more contributors?' (as 260)",
        322: "convention: '那贡献者呢，谁多？' after a comparison of two (as 260)",
    },
    "blind21.yaml": {  # first run 92.6% (the session-start engine: 88.2%)
        139: "a library named by its description ('the lightweight library for … in Theano') inside a comparison",
        141: "convention: 'which has more commits?' over the two Keras-based libraries — the gold lists both; "
             "the engine names the winner (as blinds 5, 9 and 11 expect)",
        174: "a fact question and a sum in one message ('nolearn 主要包装的是哪个库？这两个库…加起来'): "
             "the base is not added",
        271: "how TensorFlow does numerical computation (data-flow graphs), asked in Chinese: read as a yes/no",
        279: "a library found by its GitHub owner in the link ('github.com/maxpumperla'): links are not searched",
    },
    "blind22.yaml": {  # first run 93.4% (the session-start engine: 90.6%)
        129: "'the library TFLearn builds on … than TFLearn itself': the base is ordered after TFLearn in the ratio",
        131: "a top 3 asked among the libraries outside another top 5: both top Ns are read as the scope",
        145: "two libraries named by descriptions ('came out of Databricks', 'the lightweight library … in Theano'): "
             "Theano is taken for the second",
        233: "'Is Keras one of the 13 libraries?': the series passage answers, not the one about Keras",
        238: "'a one-line description of Theano': 'one-line' read as a fact the survey lacks",
        287: "an unknown library (PaddlePaddle) asked about after a known one named as context: the known one answers",
    },
    "blind23.yaml": {  # first run 91.8% (the session-start engine: 88.8%)
        118: "convention: 'which has more commits?' over the two Keras-based libraries (as blind 21, 141)",
        140: "'in the top 5 both by stars and by commits': 'both by X and by Y' is not read as two top Ns",
        143: "'place strictly better by commits than by contributors': the two rankings are not compared",
    },
    "blind24.yaml": {  # first run 94.96% (245/258; the session-start engine: the same)
        92: "'the last five entries (… Lasagne to Distributed Keras)': the list's last places are not a scope, "
            "and the two names are read as the set",
    },
    "blind25.yaml": {},  # first run 95.06% (250/263; the session-start engine: 93.9%)
    "blind26.yaml": {},  # first run 97.4% (262/269; the session-start engine: 95.2%)
    "blind28.yaml": {  # first run 97.25% (248/255; the session-start engine: 94.5%)
        185: "'what engine does spark-deep-learning use to scale out?': read as a yes/no about distributed training; "
             "the answer should name Spark",
    },
    "blind27.yaml": {  # first run 94.88% (315/332; the session-start engine: 93.4%)
        55: "convention: the median lists every library aggregated over; the engine names the one holding it "
            "(as sets 9-26 mostly expect; the writer was told either is allowed)",
        69: "'貢獻者第二多的是誰？（不算 TensorFlow）': the gold reads it as second overall (PyTorch); the engine "
            "takes the second once TensorFlow is left out (MXNet)",
        216: "convention: the median lists every library aggregated over (as 55)",
        251: "convention: the median lists every library aggregated over (as 55)",
        304: "convention: the median lists every library aggregated over (as 55)",
        330: "convention: the median lists every library aggregated over (as 55)",
    },
}
CASES = [(name, i, case_id, turns) for name in KNOWN_FAILURES
         for i, (case_id, turns) in enumerate(load_cases(name))]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "index", "turns"), [(n, i, t) for n, i, _, t in CASES],
                         ids=[f"{n}:{c}" for n, _, c, _ in CASES])
def test_blind_question(assistant, name: str, index: int, turns: list[dict[str, Any]], request) -> None:  # type: ignore[no-untyped-def]
    reason = KNOWN_FAILURES[name].get(index)
    if reason:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=False))
    check_conversation(assistant, turns)


def test_known_failures_stay_few() -> None:
    """The list above may shrink; it must not grow past what each set's rate was when it became a test."""
    floors = {"blind1.yaml": 0.97, "blind2.yaml": 0.98, "blind3.yaml": 0.98, "blind4.yaml": 0.978,
              "blind5.yaml": 0.977, "blind6.yaml": 0.982, "blind7.yaml": 0.964,
              "blind8.yaml": 0.973, "blind9.yaml": 0.974,
              "blind10.yaml": 0.969, "blind11.yaml": 0.973,
              "blind12.yaml": 0.973, "blind13.yaml": 0.929, "blind14.yaml": 0.978, "blind15.yaml": 0.99,
              "blind16.yaml": 0.979, "blind17.yaml": 0.982,
              "blind18.yaml": 0.97, "blind19.yaml": 0.99, "blind20.yaml": 0.987,
              "blind21.yaml": 0.973, "blind22.yaml": 0.971, "blind23.yaml": 0.975,
              "blind24.yaml": 0.996, "blind25.yaml": 1.0, "blind26.yaml": 1.0,
              "blind27.yaml": 0.98, "blind28.yaml": 0.996}
    for name, known in KNOWN_FAILURES.items():
        total = len(load_cases(name))
        assert (total - len(known)) / total >= floors[name], name
