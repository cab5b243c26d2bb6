"""Question understanding, step two: compose the parts of a question into a plan (scope, measure,
operation), completing a follow-up from the conversation's last turn."""

from __future__ import annotations

import re
from typing import Literal, cast

import numpy as np

from app.corpus.loader import normalize_name
from app.engine import lexicon as lx
from app.engine.catalog import BASES, PLATFORM, Catalog
from app.engine.conversation import Turn
from app.engine.metrics import MetricMention
from app.engine.numbers import find_numbers, small_number
from app.engine.parse import FOCUS, SINGULAR, Parts, stated_multiple
from app.engine.plan import (
    AttributeFilter,
    Comparator,
    MetricFilter,
    Operation,
    Plan,
    PositionRange,
    RankSlice,
    RankVersus,
    Scope,
)

#: Operations that need a measure, and those that need named entries.
MEASURED = {"top", "kth", "rank_of", "difference", "ratio", "share", "aggregate"}
PAIRWISE = {"compare", "difference", "ratio"}
DESCRIBING = re.compile(
    r"^(?:i'm |i am |we're |we are |we )?(?:looking for|searching for|need|want)\b"
    r"|^(?:is there|are there) (?:a|an|any)\b"
    r"|\b(?:a|an) (?:lib|library|framework|tool|package)\b (?:that|which|focused|for|to|with)"
    r"|\b(?:focus(?:es|ed)? on|emphasi[sz]es|designed (?:for|to)|aims? (?:at|to|for)|describes?)\b"
    r"|注重|专注|侧重|旨在|强调|主打"
)
ASIDE = re.compile(
    r"^\s*(?:and|what about|how about)?\s*[\w.\- ]+,\s*(?:which|that|the one that|它)\s*(?:is |was )?(?:also )?"
    r"(?:built|builds|wraps?|based|sits|extends?|runs?|wrapping|extending)\b[^?,]*\b(?:it|that|this)\s*\??\s*$"
    r"|^\s*(?:那|还有)?\s*[\w.\- ]+\s*[,，]\s*(?:就是)?(?:它|那个)?(?:是)?"
    r"(?:基于|构建在|包装|封装)它\S{0,6}(?:呢)?\s*[?？]?\s*$")
ASKS_FACT = re.compile(r"\bwho\b|\bwhich (?:company|lab|organi[sz]ation|team)\b"
                       r"|\bwhat (?:is|'s) (?:it|\w+) (?:built|based)|\bbuilt on what\b"
                       r"|谁|哪个(?:公司|机构|组织|团队|实验室)|哪家|基于什么|构建在什么|什么之上|(?:在|基于)哪个库")
VERSUS = re.compile(r"\bvs\.?(?!\w)|\bversus\b|对比|比较")
NEEDS_NAME = {"value", "rank_of", "describe", "attribute_of", "yes_no", "compare", "difference", "ratio"}
ABOUT_ONE = {"value", "rank_of", "describe", "attribute_of", "yes_no", "survey_rank"}
CLAUSE = re.compile(r"[,，;；。？?!！:：]|\b(?:which|what|who)\b|(?:的库|的)(?:里|中|当中|之中)|里面|当中|之中")


def make_plan(parts: Parts, catalog: Catalog, turn: Turn | None) -> Plan:
    if turn is not None and _only_names(parts):  # "dist-keras?" in a Chinese conversation: answered in Chinese
        parts.language = turn.plan.language
    language = parts.language
    decline = _decline(parts, catalog) or _false_premise(parts, catalog)
    if decline is not None:
        about = parts.subjects or ([turn.focus] if turn is not None and turn.focus and (
            parts.has("pronoun") or _short(parts)) else [])  # "what license is it under?": the one talked about
        return Plan(language=language, scope=Scope(libraries=about), measure=parts.measure,  # type: ignore[arg-type]
                    op=decline)
    last = turn.plan.measure if turn is not None else None
    if last is not None and parts.same_measure and not parts.metrics and last in catalog.measures:
        parts.metrics = [MetricMention(last, *parts.same_measure)]  # "highest on that measure": the last one
    if turn is not None and turn.plan.op.kind == "survey_info" and not parts.subjects and SURVEY_IT.search(parts.text):
        return Plan(language=language, scope=Scope(), measure=None,  # type: ignore[arg-type]
                    op=Operation(kind="survey_info"))  # "when is the data from?" -> "who published it?": the survey
    if parts.positions and parts.positions[0] == parts.positions[1] and parts.measure and not parts.subjects:
        at = catalog.ids(catalog.mask(Scope(positions=PositionRange(low=parts.positions[0], high=parts.positions[1]))))
        if len(at) == 1:  # "how many stars does the 7th library in the survey have?": that entry, by its place
            parts.subjects, parts.positions = at, None
    _question_after_context(parts, catalog)  # "Lasagne is built on Theano. How many more contributors does Theano…?"
    pair = _closest_pair(parts, catalog) or _superlative_pair(parts, catalog)
    if pair is not None:  # "Which two libraries are closest in star count?", "the most-starred library's commits
        return pair       # vs the least-starred one's"
    member = _membership(parts, catalog)
    if member is not None:  # "Is Caffe in the list?", "Does the survey include Chainer?"
        return member
    related = _related_to_focus(parts, catalog, turn) if turn is not None else None
    if related is not None:  # "and the library that wraps it?", "那排在它前一名的是谁？"
        return related
    _appositive(parts, turn)  # "and Lasagne, the one you build nets in Theano with?"
    _all_named(parts)  # "Theano、基于它的 Lasagne、以及包装 Lasagne 的 nolearn，三者的贡献者合计多少？"
    _place_against_focus(parts, catalog, turn)  # "how many times more than the runner-up?" after a top
    ranked_pair = [] if parts.subjects else _places_of_ranking(parts, catalog, turn)  # "星标第一的库是第二名的几倍？"
    if parts.places and (turn is None or len(turn.ids) < 2) and parts.k is None:
        parts.k, parts.places = parts.places[0], []  # "按星标排名，第二名是哪个": a place in the ranking asked for
    if turn is not None and len(parts.subjects) == 1 and not parts.attributes and ASIDE.search(parts.text):
        parts.relation = None  # "and nolearn, which wraps it?": an aside about the one named, not a question
    named_at = next((m.start for m in parts.libraries if m.key in parts.subjects), None)
    if turn is not None and len(parts.subjects) == 1 and parts.relation and not parts.attributes \
            and parts.relation_start is not None and named_at is not None and parts.relation_start < named_at \
            and re.search(r"\b(?:it|its)\b|它|其", parts.text[parts.relation_start:named_at]):
        parts.relation = None  # "那建立在它之上的 Lasagne 呢？": Lasagne, described by its relation to "it"
    if len(parts.subjects) == 1 and parts.relation == "built_on" and parts.measure is not None \
            and ASKS_FACT.search(parts.text) and re.search(r"两个|两者|这俩|\bboth\b|\bthe two\b|\bthese two\b",
                                                           parts.text):
        base = _surveyed_value(catalog, parts.subjects[0], "built_on")  # "nolearn 主要包装的是哪个库？这两个库的
        if base is not None:                                           # 提交次数加起来是多少？": both of them
            parts.subjects, parts.relation = [parts.subjects[0], base], None
    _base_libraries(parts, catalog)  # "How many stars does the library that Lasagne is built on have?"
    _related_libraries(parts, catalog)  # "Theano and the library that builds on it"
    subjects, previous = _references(parts, catalog, turn)
    subjects = subjects or ranked_pair
    # "Microsoft's toolkit vs the Berkeley framework", "the Berkeley folks' library: where does it rank?"
    described = _described_libraries(parts, catalog, subjects) or _described_one(parts, catalog, subjects)
    if described:
        others = [i for i in subjects if i not in described]
        subjects = parts.subjects = _in_text_order(parts, catalog, [*described, *others])
    described_for = parts.relation is None and bool(parts.attributes) and not parts.has("compare") \
        and not any(a.negated for a in parts.attributes)  # "Is TFLearn a high-level API for TensorFlow?"
    if parts.has("yes_no") and (parts.relation in ("built_on", "runs_on", "compatible_with") or described_for) \
            and len(subjects) == 2 and not parts.measure:  # "Is fastai built on PyTorch?": the second library as
        # the attribute's value
        term = _entry_term(catalog, subjects[1])
        if term is None:
            return Plan(language=language, scope=Scope(libraries=subjects[:1]), measure=None,  # type: ignore[arg-type]
                        op=Operation(kind="decline", reason="unsupported_fact"))
        parts.attributes.append(AttributeFilter(terms=[term], relation=parts.relation))
        subjects = subjects[:1]
    subjects = _ratio_order(parts, subjects)
    neighbour = _neighbour(parts, catalog, subjects)
    if neighbour is not None:  # "which library sits just below PyTorch by commits?": a place, asked
        parts.k, parts.order, parts.n, subjects = neighbour, "desc", None, []
    attributes = parts.attributes
    filters = list(parts.filters)
    for metric, comparator, entry_id, factor in parts.relative:  # "more stars than Caffe": at Caffe's figure,
        entry_id = (turn.focus if turn is not None else None) or "" if entry_id == FOCUS else entry_id
        metric = metric or (turn.plan.measure if turn is not None else None) or ""  # "比它多的": the last measure
        if metric not in catalog.measures:
            continue
        if entry_id not in catalog.by_id:
            continue
        value = catalog.measures.value(catalog.get(entry_id), metric, exact=True)  # or a multiple of it
        if value is not None:  # ("不到 TensorFlow 的十分之一")
            filters.append(MetricFilter(metric=metric, op=comparator,  # type: ignore[arg-type]
                                        value=round(float(value) * factor, 2)))
    for metric, comparator, statistic in parts.mean_filters:  # "above the mean in contributors", "高于中位数"
        column = catalog.column(metric)
        middle = np.nanmedian(column) if statistic == "median" else np.nanmean(column)
        filters.append(MetricFilter(metric=metric, op=comparator, value=round(float(middle), 2)))  # type: ignore[arg-type]
    among_named = len(subjects) >= 3 and parts.has("which") and not parts.measure
    if parts.relation in ("built_on", "runs_on", "compatible_with") and (not subjects or among_named) \
            and lx.ANOTHER_SURVEYED.search(parts.text):  # "which libraries are built on another library in the list?"
        start = parts.relation_start or 0  # "Among A, B, C and D, which are NOT built on another listed library?"
        negated = bool(lx.NEGATION.search(parts.text[max(0, start - 14):start]))
        attributes = [*attributes, AttributeFilter(terms=["surveyed"], relation="surveyed", negated=negated)]
    if parts.has("link") and not subjects and not parts.measure:  # "which library has no GitHub link?"
        attributes = [*attributes, AttributeFilter(terms=["link"], relation="link",
                                                   negated=bool(lx.NEGATION.search(parts.text)))]
    exclude = list(parts.exclude)
    if parts.relative and re.search(r"\bother\b|\bothers\b|其他|其它|其余|别的", parts.text):
        exclude += [key for _, _, key, _ in parts.relative if key not in exclude]  # "how many other libraries…"
    scope = Scope(libraries=subjects, exclude=exclude, attributes=attributes, metrics=filters,
                  versus=parts.versus, previous=previous,
                  slice=parts.slices[0] if parts.slices else _slice(parts), more_slices=parts.slices[1:],
                  rank_versus=[RankVersus(higher=h, lower=lo) for h, lo in parts.rank_versus],
                  positions=PositionRange(low=parts.positions[0], high=parts.positions[1]) if parts.positions else None)
    measure = parts.measure
    if scope.slice is not None and len(parts.free_metrics) > 1:
        measure = next((m.metric for m in parts.free_metrics if m.metric != scope.slice.metric), measure)
    elif scope.slice is None and len({m.metric for m in parts.free_metrics}) > 1:
        measure = parts.by_metric() or measure
    distinct = list(dict.fromkeys(m.metric for m in parts.free_metrics))
    ratio_of = lx.RATIO_OF.search(parts.text)
    if ratio_of is not None and not subjects and (parts.order or parts.n or parts.k):
        named = [m.metric for m in parts.metrics  # "星标与贡献者之比": the two just before it, in order, even
                 if ratio_of.start() - 24 <= m.start and m.end <= ratio_of.start()]  # where a slice names one
        if len(named) >= 2 and named[-2] != named[-1]:
            distinct = named[-2:]
    if len(distinct) == 2 and not subjects and ratio_of and (parts.order or parts.n or parts.k):
        per = catalog.measures.derived_of(distinct[0], distinct[1])
        flipped = catalog.measures.derived_of(distinct[1], distinct[0]) if per is None else None
        if flipped is not None and parts.order:  # "the highest commits-to-stars ratio": the lowest stars per commit
            per = flipped
            parts.order = "asc" if parts.order == "desc" else "desc"
        if per is not None:  # "star数和提交数之比最高的是哪个库": rank by the declared ratio of the two
            measure = per
    by_metric = next((m.metric for m in parts.free_metrics if re.search(
        r"(?:\bby|按|依)\s*(?:the\s+)?(?:number of\s+)?$", parts.text[max(0, m.start - 16):m.start])), None)
    if scope.positions is not None and measure and not subjects and by_metric:
        # "4th through 6th by stars": places in that measure's ranking, not the source's own list (not
        # "依文章编号第 8 到第 13 的…星标"); another measure named is the one asked ("their combined commits")
        ranked = catalog.ids(catalog.mask(scope.model_copy(update={"positions": None})), by_metric, "desc")
        scope = Scope(libraries=ranked[scope.positions.low - 1:scope.positions.high])
        measure = next((m for m in distinct if m != by_metric), by_metric)
        if parts.agg:
            op = Operation(kind="aggregate", agg=cast(Literal["sum", "mean", "median", "min", "max"], parts.agg))
        elif parts.order or parts.has("ratio", "difference", "share"):
            op = _operation(parts, scope, measure)
        else:
            op = Operation(kind="top", order="desc")
    else:
        op = _operation(parts, scope, measure)
        if op.kind == "share" and op.against:
            scope = scope.model_copy(update={"libraries": op.against[:1]})
    superlative = lx.DESCENDING.search(parts.text) or lx.ASCENDING.search(parts.text)
    pairwise = op.kind in PAIRWISE or (op.kind == "decline" and op.reason == "clarify") or (
        op.kind == "top" and op.n == 1 and not superlative and parts.has("difference"))
    if not subjects and scope.attributes and not parts.n and pairwise and catalog.count(catalog.mask(scope)) == 2:
        # "between the two Keras-based libraries, which has more stars and by how much?": the two, compared ("which
        # has more?" alone stays the winner, as four of five question writers expected)
        scope = Scope(libraries=catalog.ids(catalog.mask(scope)))
        if op.kind not in PAIRWISE:
            op = Operation(kind="difference", larger_first=True) if parts.has("difference") \
                else Operation(kind="compare")
    if among_named and scope.attributes and op.kind in ("compare", "describe", "value", "attribute_of", "yes_no"):
        op = Operation(kind="list")  # "Among A, B, C and D, which are built on …": the named ones that are
    if op.kind in ("top", "kth") and op.n in (None, 1) and not subjects and scope.slice is None \
            and measure in distinct and len(distinct) == 2 and parts.has("how_many", "rank_of") \
            and not parts.has("which"):
        # "How many commits does the library with the most stars have?": the superlative picks the entry, the
        # other measure is asked
        place = op.k or 1 if op.kind == "kth" else 1  # "star 数排第 5 的库有多少个 commit？"
        chosen = catalog.ids(catalog.mask(scope), measure, op.order, place)[place - 1:]  # within exclusions too
        if chosen:
            scope = Scope(libraries=chosen)
            asked = next(m for m in distinct if m != measure)
            rank_asked = (parts.has("rank_of") and not parts.has("how_many")) \
                or bool(re.search(r"排第几|第几|\brank\b", parts.text))
            measure, op = asked, (Operation(kind="rank_of") if rank_asked  # "贡献者最多的库，它的提交次数排第几？"
                                  else Operation(kind="value", per=measure, order=op.order,
                                                 k=place if place > 1 else None))
    pooled = bool(POOLED.search(parts.text) or POOLED_TOTALS.search(parts.text) or (
        re.search(r"\bper\b|每", parts.text) and (
        GROUP.search(parts.text) or re.search(r"\bacross all\b|\ball (?:13|thirteen)\b|所有", parts.text))))
    if len(distinct) == 2 and not subjects and (POOLED_TOTALS.search(parts.text) or (
            pooled and re.search(r"\bper\b|每", parts.text))):  # "across all 13 combined, commits per contributor"
        # "total commits / total contributors"
        measure = catalog.measures.derived_of(distinct[0], distinct[1]) or measure
    if measure is not None and catalog.measures[measure].derived and not subjects and pooled \
            and op.kind in ("aggregate", "value", "decline", "list", "count", "open", "ratio"):
        op = Operation(kind="aggregate", agg="sum")  # "overall stars per contributor": total stars / total contributors
    if op.kind == "aggregate" and op.agg in ("mean", "median") and CLOSEST.search(parts.text) and not subjects:
        op = op.model_copy(update={"nearest": True})  # "whose commit count is closest to the mean?"
    target = _named_target(parts) if measure and not subjects and op.kind != "aggregate" else None
    if target is not None:  # "哪个库的 commit 数最接近一万？": the entry nearest a figure the question names
        op = Operation(kind="aggregate", agg="mean", nearest=True, target=target)
        scope = scope.model_copy(update={"metrics": [f for f in scope.metrics if f.value != target]})
    gap = _rank_gap(parts, subjects, scope)
    if gap is not None:
        measure, op = gap
    at_total = _threshold_at_total(parts, catalog, subjects, measure)
    if at_total is not None:
        scope, op = at_total
    grouped = None if at_total is not None else _groups(parts, catalog, subjects, measure, scope)
    if op.kind == "value" and len(subjects) == 1 and len(distinct) >= 2 and not op.per and not parts.has("ratio") \
            and re.search(r"\band\b|和|与|分别|以及|,|、", parts.text):  # "PyTorch's contributors and stars"
        op = Operation(kind="value", all_measures=True)
    if grouped is not None:
        scope, op = Scope(libraries=grouped[0]), grouped[1]
    if parts.claim is not None and len(subjects) == 2:  # "more than twice as many stars as Caffe?": the ratio
        margin = parts.has("difference") or bool(MARGIN_ASKED.search(parts.text))
        measure, op = parts.claim[0], Operation(kind="ratio", claim=parts.claim[2],
                                                claim_op=cast(Comparator, parts.claim[1]), margin=margin)
        scope = Scope(libraries=subjects)
    if parts.has("yes_no") and len(subjects) == 1 and parts.n and measure and op.kind == "top" \
            and not scope.restricted:  # "Is PyTorch in the top 5 by stars?", "TFLearn 的星标进了前五吗？"
        op = Operation(kind="rank_of", yes_no=True, n=parts.n, order=op.order)
    if parts.has("yes_no") and len(subjects) == 1 and len(filters) == 1 and not scope.attributes and not parts.relative:
        # "does tensorflow have more than 100k stars?": its figure answers it
        scope, measure, op = Scope(libraries=subjects), filters[0].metric, Operation(kind="value")
    if op.kind in ("list", "count") and lx.ALIAS.search(parts.text) and scope.restricted \
            and catalog.count(catalog.mask(scope)) == 1:  # "Databricks 出的那个…API 叫什么名字": its names
        scope, op = Scope(libraries=catalog.ids(catalog.mask(scope))), Operation(kind="describe")
    if op.kind in ("list", "count") and measure and parts.has("how_many") and scope.attributes \
            and catalog.count(catalog.mask(scope)) == 1:  # "how many contributors does the Berkeley library have?"
        scope, op = Scope(libraries=catalog.ids(catalog.mask(scope))), Operation(kind="value")
    if op.kind == "list" and scope.attributes and (len(parts.unknown_words) >= 2 or _zh_detail(parts)) \
            and not parts.has("how_many", "list_all") and _open(parts).n == 1 \
            and catalog.count(catalog.mask(scope)) > 1:
        op = Operation(kind="open", n=1)  # "which framework focuses on expression, speed and modularity?": the
        # attribute (modular design) holds for several; the rest of the description picks the one
    existential = bool(EXISTENTIAL.search(parts.text))  # "is there a lib that's a higher-level API over tf?"
    if op.kind == "describe" or (op.kind == "yes_no" and parts.has("which") and (existential or not parts.has(
            "yes_no"))) or (op.kind == "decline" and op.reason == "unsupported_fact" and existential) \
            or (op.kind == "yes_no" and existential):
        context = _context_scope(parts, catalog)  # "which one gives you a higher-level API for TensorFlow?"
        if context is not None:
            scope, op = context, _open(parts)
    plan = Plan(language=language, scope=scope, measure=measure, op=op)  # type: ignore[arg-type]
    if turn is not None:
        plan = _complete(plan, parts, turn, catalog)
    op = plan.op
    needs_name = op.kind in NEEDS_NAME | {"decline"} and op.reason in (None, "clarify") and not op.extremes
    asks_what = op.kind == "open" and parts.has("describe") and len(parts.unknown_words) == 1
    sibling = _numbered_sibling(parts, catalog)  # "Caffe2 和 Caffe 有什么区别？": Caffe2 is not Caffe
    if sibling is not None and op.kind != "decline":
        return plan.model_copy(update={"op": Operation(kind="decline", reason="unknown_library", name=sibling)})
    if len(parts.subjects) == 1 and plan.measure and op.kind in ("value", "compare") and not plan.scope.restricted:
        other = _paired_unknown(parts)  # "Chainer 和 PyTorch 哪个星标多？": one of the two is not in the survey
        if other is not None:
            return plan.model_copy(update={"op": Operation(kind="decline", reason="unknown_library", name=other)})
    if not plan.scope.libraries and (needs_name or asks_what):
        unknown = _unknown_name(parts)
        if unknown:
            return plan.model_copy(update={"op": Operation(kind="decline", reason="unknown_library", name=unknown)})
    return _settle(_relaxed(plan, parts, catalog))


def _relaxed(plan: Plan, parts: Parts, catalog: Catalog) -> Plan:
    """"Which library …" whose attribute words together match none: the relation words were loose ("把张量计算和
    GPU 加速结合起来" is not "runs on GPU"), or the words describe one library between them ("专注于计算机视觉，
    由伯克利开发"): without the relation, else the best described among the libraries holding any of them."""
    scope, op = plan.scope, plan.op
    if op.kind not in ("list", "decline") or (op.kind == "decline" and op.reason != "clarify") \
            or not scope.attributes or any(a.negated for a in scope.attributes) or scope.libraries \
            or not lx.WHICH_ONE.search(parts.text) or parts.has("how_many", "count") \
            or catalog.count(catalog.mask(scope)):
        return plan
    loose = scope.model_copy(update={"attributes": [a.model_copy(update={"relation": None})
                                                    for a in scope.attributes]})
    if catalog.count(catalog.mask(loose)):
        return plan.model_copy(update={"scope": loose, "op": Operation(kind="list")})
    terms = list(dict.fromkeys(t for a in scope.attributes for t in a.terms))
    if len(terms) < 2:
        return plan
    union = scope.model_copy(update={"attributes": [AttributeFilter(terms=terms, any_of=True)]})
    return plan.model_copy(update={"scope": union, "op": Operation(kind="open", n=1)})


# --- declines ----------------------------------------------------------------------------------------------
CONTEXT_SPLIT = re.compile(r"(?<=[.!?:;])\s+(?=\S)|(?<=[。！？：；])\s*(?=\S)|\s+[—–-]{1,2}\s+")
QUESTION_IT = re.compile(r"\b(?:it|its|it's)\b|它|其")


def _question_start(text: str) -> int | None:
    """Where the last sentence of a message of several starts (None for one sentence)."""
    starts = [m.end() for m in CONTEXT_SPLIT.finditer(text.rstrip(" ?？"))]
    return starts[-1] if starts else None


def _only_names(parts: Parts) -> bool:
    """A message of nothing but names and measure words ("dist-keras?", "commits?"): it has no language of its own."""
    said = [(m.start, m.end) for m in [*parts.every, *parts.terms]] + [(m.start, m.end) for m in parts.metrics]
    rest = "".join(ch for i, ch in enumerate(parts.text) if not any(a <= i < b for a, b in said))
    return bool(said) and not re.search(r"[a-z]{2,}", rest) and parts.language == "en"


def _question_after_context(parts: Parts, catalog: Catalog) -> None:
    """A message that states something, then asks: "Lasagne is built on Theano. How many more contributors does
    Theano have than Lasagne?", "老板问 PyTorch 社区规模。顺便对比一下：TensorFlow 的提交次数是 PyTorch 的多少倍？".
    When the last sentence names libraries and a measure, relations and names only the statement has are
    context."""
    asked = _question_start(parts.text)
    if asked is None or parts.measure is None or not any(m.start >= asked for m in parts.metrics) \
            or VERSUS.search(parts.text, 0, asked):  # "A vs B: how many times more commits does A have?"
        return
    in_question = [m for m in parts.every if m.start >= asked]
    before = list(dict.fromkeys(m.key for m in parts.libraries if m.start < asked))
    it = QUESTION_IT.search(parts.text, asked)
    if it is not None and before and before[0] not in [m.key for m in in_question]:
        # "Distributed Keras has fewer contributors than Elephas; how many more commits does it have than
        # Elephas?", "So we're looking at MXNet. Before I pitch it: how many times more contributors does it
        # have than the Microsoft toolkit?": "it" is the one library the statement names; its figures and
        # traits are context, the question's own measure is asked
        parts.relation, parts.relation_start, parts.relation_at = None, None, None
        parts.attributes = _question_attributes(parts, asked)
        parts.used |= {m.start for m in parts.metrics if m.start < asked}
        asked_metrics = {m.metric for m in parts.metrics if m.start >= asked}
        parts.relative = [r for r in parts.relative if r[0] in asked_metrics]
        parts.filters = [f for f in parts.filters if f.metric in asked_metrics]
        keys = [m.key for m in in_question if m.start < it.start()] + before[:1] \
            + [m.key for m in in_question if m.start > it.start()]
        parts.subjects = [k for k in dict.fromkeys(keys) if k not in parts.exclude]
        return
    if not in_question:
        _statement_relation(parts, catalog, asked)
        return
    if parts.relation_start is not None and parts.relation_start < asked:
        parts.relation, parts.relation_start, parts.relation_at = None, None, None
        parts.attributes = []
    keys = list(dict.fromkeys(m.key for m in in_question))
    if set(parts.subjects) - set(keys) or parts.subjects != keys[:len(parts.subjects)]:
        parts.subjects = [k for k in keys if k not in parts.exclude]


THAT_ONE = re.compile(r"\b(?:that|the|this)\s+(?:wrapped|base|underlying|parent|other|same|second|wrapping|related)?\s*"
                      r"(?:library|lib|framework|one|project|package)\b(?!\s+(?:that|which|with|built|based|in)\b)"
                      r"|(?:那个|这个|该|那|这)(?:被\S{1,4}的)?(?:库|框架|项目)|被(?:包装|封装|扩展)的(?:那个)?(?:库|框架)")
PASSIVE = re.compile(r"\b(?:is|are|gets|get)\s+(?:\w+ly\s+)?(?:wrapped|extended|built upon|built on)\s+by\b"
                     r"|被.{0,12}(?:封装|包装|扩展)")


def _statement_relation(parts: Parts, catalog: Catalog, asked: int) -> None:
    """A statement that relates its one library to another it does not name, then a question about "that library":
    "nolearn mainly wraps another library from the list. How many stars does that wrapped library have?" (Lasagne),
    "Lasagne is wrapped by another library on the list. How many commits does that library have?" (nolearn)."""
    passive = PASSIVE.search(parts.text[:asked])
    stated = passive is not None or (parts.relation == "built_on" and (parts.relation_start or asked) < asked)
    if not stated or len(parts.subjects) != 1 or parts.attributes or not THAT_ONE.search(parts.text, asked):
        return
    named = parts.subjects[0]
    if passive:
        holders = _built_on(catalog, named)
        found = holders[0] if len(holders) == 1 else None
    else:
        found = _surveyed_value(catalog, named, "built_on")
    if found is not None:
        parts.subjects, parts.relation, parts.relation_start, parts.relation_at = [found], None, None, None


def _question_attributes(parts: Parts, asked: int) -> list[AttributeFilter]:
    """The attribute predicates whose terms the question itself says (the statement's are context), unrelated."""
    said = {t.key for t in parts.terms if t.start >= asked}
    kept = [AttributeFilter(terms=[t for t in a.terms if t in said], relation=None, negated=a.negated, any_of=a.any_of)
            for a in parts.attributes]
    return [a for a in kept if a.terms]


def _only_in_context(parts: Parts, pattern: re.Pattern[str]) -> bool:
    """A cue that only the context before the question has ("we're auditing which repos look actively maintained
    … Can you give me PyTorch's commits per contributor?"): the question itself names a library and a measure."""
    asked = _question_start(parts.text)
    if asked is None or parts.measure is None or not parts.subjects:
        return False
    named = any(m.start >= asked for m in parts.libraries) and any(m.start >= asked for m in parts.metrics)
    return named and all(m.start() < asked for m in pattern.finditer(parts.text))


def _decline(parts: Parts, catalog: Catalog) -> Operation | None:
    if not parts.meaningful:
        return Operation(kind="decline", reason="out_of_scope")
    asks_figure = parts.measure is not None or parts.has("how_many", "figures_all")
    if _unsupported_metric(parts) and not parts.measure and (
            parts.has("how_many", "which", "pronoun", "followup") or parts.order or parts.subjects):
        return Operation(kind="decline", reason="unsupported_metric")
    if parts.has("unsupported_fact") and not _only_in_context(parts, lx.UNSUPPORTED_FACT):
        return Operation(kind="decline", reason="unsupported_fact")
    yes_no_about_one = parts.has("yes_no") and bool(parts.subjects) and not parts.has("which", "list_word")
    if parts.has("time") and (asks_figure or parts.order or yes_no_about_one) and (not parts.has(
            "survey_date", "survey_about") or lx.TIME_NOW.search(parts.text) or lx.OTHER_DATE.search(parts.text)) \
            and not _only_in_context(parts, lx.TIME_VARYING):  # "…not from GitHub today. What commit count…?"
        return Operation(kind="decline", reason="time")
    governed = parts.relation in ("built_on", "runs_on", "compatible_with", "developed_by", "uses")
    describes = bool(DESCRIBING.search(parts.text)) and not parts.subjects
    if parts.has("judgement") and (lx.JUDGEMENT_ALWAYS.search(parts.text) or not (parts.attributes and governed)) \
            and not parts.filters and not parts.measure and not describes:
        return Operation(kind="decline", reason="judgement")
    if parts.relation == "developed_by" and parts.relation_at is not None and parts.subjects:
        after = re.match(r"\s*([A-Z][\w.]+)", parts.raw_after(parts.relation_at))
        if after and after.group(1).casefold() in parts.unknown_words and not parts.attributes:
            return Operation(kind="decline", reason="unsupported_fact")  # "since Theano was developed by Facebook…"
    if yes_no_about_one and parts.attributes and not parts.measure and _named_detail(parts):
        return Operation(kind="decline", reason="unsupported_fact")  # "Does Theano support Apple M1 GPUs?": a detail
    known_term = _term_as_library(parts, catalog)  # the survey does not give
    compares = parts.has("compare", "difference", "ratio") and parts.measure is not None
    if known_term and asks_figure and (not parts.subjects or compares) and not parts.filters and not parts.order \
            and not (parts.has("which", "count", "list_word") and parts.relation):
        return Operation(kind="decline", reason="unknown_library", name=known_term)
    return None


PREMISE = re.compile(r"^(?:since|because|given(?: that)?|as|now that|seeing that|既然|因为|由于|鉴于)\s*")
MADE_BY_PREMISE = re.compile(r"(?:since|because|given(?: that)?|as|now that)\s+([A-Z][\w.]*)\s+(?:created|made|built"
                             r"|developed|wrote|released|open[- ]sourced|invented|designed|started)\b"
                             r"|(?:既然|因为|由于|鉴于|既然是|因為|由於)\s*(\S{1,12}?)\s*(?:开发|開發|创建|創建|打造|推出|发布|發布|做)了?",
                             re.IGNORECASE)
PREMISE_MORE = re.compile(r"\b(?:more|higher|bigger|larger)\b|比.{1,20}?(?:多|高|大)")
PREMISE_LESS = re.compile(r"\b(?:fewer|less|lower|smaller)\b|比.{1,20}?(?:少|低|小)")


def _false_premise(parts: Parts, catalog: Catalog) -> Operation | None:
    """"Since PyTorch has more stars than TensorFlow, …": a comparison stated as given that the figures
    contradict is declined, with the figures (a true one is left to the question it leads to)."""
    if not PREMISE.match(parts.text):
        return None
    maker = MADE_BY_PREMISE.match(parts.raw.strip())
    if maker is not None and maker.group(1) and maker.group(1).casefold() in parts.unknown_words:
        return Operation(kind="decline", reason="unsupported_fact")  # "Since Amazon created MXNet, …": a maker the
    if maker is not None and len(parts.subjects) == 1:  # survey lacks; "Since Microsoft made Caffe": another's maker
        said = [t.key for t in parts.terms if t.section == "organizations" and t.start < maker.end() + 2]
        made = catalog.ids(catalog.holding(said)) if said else []
        if said and parts.subjects[0] not in made:
            return Operation(kind="decline", reason="false_premise")
    clause_end = next((m.start() for m in re.finditer(r"[,，;；。?？]", parts.text)), len(parts.text))
    named = [m for m in parts.libraries if m.end <= clause_end]
    measures = [m for m in parts.metrics if m.end <= clause_end]
    clause = parts.text[:clause_end]
    if len({m.key for m in named}) == 1 and measures:  # "since Caffe has the most contributors in the list"
        most, fewest = lx.DESCENDING.search(clause), lx.ASCENDING.search(clause)
        if bool(most) != bool(fewest):
            order = "desc" if most else "asc"
            top = catalog.ids(catalog.mask(Scope()), measures[0].metric, order, limit=1)
            return None if top == [named[0].key] else Operation(kind="decline", reason="false_premise")
    more, less = PREMISE_MORE.search(clause), PREMISE_LESS.search(clause)
    if len({m.key for m in named}) != 2 or not measures or bool(more) == bool(less):
        return None
    a, b = catalog.get(named[0].key), catalog.get(named[-1].key)
    left, right = (catalog.measures.value(e, measures[0].metric) for e in (a, b))
    if left is None or right is None:
        return None
    holds = left > right if more else left < right
    return None if holds else Operation(kind="decline", reason="false_premise")


def _unsupported_metric(parts: Parts) -> bool:
    """A figure word the survey has no metric for ("downloads"), not one the vocabulary declares ("forks" where
    a corpus has forks)."""
    return any(not any(m.start <= hit.start() < m.end for m in parts.metrics)
               for hit in lx.UNSUPPORTED_METRIC.finditer(parts.text))


ZH_FRAME = re.compile(r"有没有|有哪些|哪些|哪个|哪一个|什么|是否|可以|能够|能|支持|使用|基于|运行"
                      r"|在|上|的|库|框架|是|吗|呢|了|为了"
                      r"|\s|[，。？！、,.?!]")


def _zh_detail(parts: Parts) -> bool:
    """A Chinese question that says more than which attribute it wants ("哪个库提供 Spark MLlib 风格的高层 API"):
    what is left after the names, the attribute's words and the question frame."""
    if parts.language != "zh":
        return False
    rest = parts.text
    for mention in sorted(parts.libraries, key=lambda m: -m.start):
        rest = rest[:mention.start] + rest[mention.end:]
    rest = ZH_FRAME.sub("", re.sub(r"spark|keras|tensorflow|theano|gpu|python", "", rest))
    return len(rest) >= 8


def _numbered_sibling(parts: Parts, catalog: Catalog) -> str | None:
    """An unknown word that is a surveyed library's name with a number after it ("caffe2", "theano3")."""
    for word in parts.unknown_words:
        found = re.fullmatch(r"([a-z][a-z.-]*?)(\d+)", word)
        if found and catalog.find(found.group(1)) is not None:
            raw = re.search(re.escape(word), parts.raw, flags=re.IGNORECASE)
            return raw.group(0) if raw else word
    return None


def _paired_unknown(parts: Parts) -> str | None:
    """An unknown name set beside a known library by "and / or / vs / 和 / 跟 / 比" in a comparison."""
    if not (parts.has("compare", "which") or VERSUS.search(parts.text) or re.search(r"\bthan\b|比", parts.text)):
        return None
    for word in parts.unknown_words:
        if not re.fullmatch(r"[a-z][a-z0-9.+-]{2,}", word) or word in lx.METRIC_LIKE_WORDS:
            continue
        joined = r"\s*(?:,\s*)?(?:\band\b|\bor\b|\bvs\.?|\bversus\b|\bthan\b|和|与|跟|比|、|,)\s*"
        at = list(re.finditer(rf"(?<![a-z]){re.escape(word)}(?![a-z])", parts.text))
        beside = any(re.fullmatch(joined, parts.text[w.end():lib.start])
                     or re.fullmatch(joined, parts.text[lib.end:w.start()])
                     for w in at for lib in parts.libraries)  # "Chainer 和 PyTorch", "PyTorch vs Chainer"
        if beside:
            raw = re.search(re.escape(word), parts.raw, flags=re.IGNORECASE)
            return raw.group(0) if raw else word
    return None


def _membership(parts: Parts, catalog: Catalog) -> Plan | None:
    """Whether the survey has a library: yes with its place, or the name it lacks."""
    if parts.measure is not None or parts.relation or parts.has("pronoun", "link") \
            or not lx.MEMBERSHIP.search(parts.text):
        return None
    if len(parts.subjects) == 1 and not parts.attributes:
        return Plan(language=parts.language, scope=Scope(libraries=parts.subjects),  # type: ignore[arg-type]
                    op=Operation(kind="survey_rank", yes_no=True))
    if parts.subjects:
        return None
    term = next((catalog.vocabulary.term(t) for a in parts.attributes for t in a.terms), None)
    name = term.en if term is not None and len(parts.attributes) == 1 else _unknown_name(parts)
    if name is None:
        return None
    return Plan(language=parts.language, op=Operation(kind="decline", reason="unknown_library",  # type: ignore[arg-type]
                                                        name=name))


def _unknown_name(parts: Parts) -> str | None:
    """A word that looks like the name of a library the corpus does not have (e.g. "JAX", "PaddlePaddle"):
    written with capitals (a first word only when it is not just capitalised), or the one word unexplained."""
    for word in parts.unknown_words:
        raw = re.search(re.escape(word), parts.raw, flags=re.IGNORECASE)
        if raw is None:
            continue
        token = raw.group(0)
        first = not parts.raw[: raw.start()].strip()
        if any(ch.isupper() for ch in token[1:]) or (any(ch.isupper() for ch in token) and not first):
            return token
    if len(parts.unknown_words) == 1 and len(parts.unknown_words[0]) > 1:
        word = parts.unknown_words[0]
        raw = re.search(re.escape(word), parts.raw, flags=re.IGNORECASE)
        return raw.group(0) if raw else word
    return None


def _named_detail(parts: Parts) -> bool:
    """A name the survey does not know, written as one ("Apple", "M1"): not a word the question merely uses."""
    for word in parts.unknown_words:
        raw = re.search(re.escape(word), parts.raw, flags=re.IGNORECASE)
        if raw is None:
            continue
        token, first = raw.group(0), not parts.raw[:raw.start()].strip()
        if (any(ch.isupper() for ch in token) and not first) or re.search(r"[a-z]\d|\d[a-z]", word):
            return True
    return False


def _term_as_library(parts: Parts, catalog: Catalog) -> str | None:
    """A vocabulary term asked about as if it were a surveyed library ("How many stars does Keras have?")."""
    if parts.agg or (parts.relation and parts.relation != "uses"):
        return None
    for attribute in parts.attributes:
        if attribute.relation is None and not attribute.negated and not parts.has("which", "count", "list_word"):
            term = catalog.vocabulary.technologies.get(attribute.terms[0])
            if term is not None:
                return term.zh if parts.language == "zh" else term.en
    return None


def _ratio_order(parts: Parts, subjects: list[str]) -> list[str]:
    """"How many times as many stars as Caffe does TensorFlow have": the one after "as" is the base."""
    if len(subjects) == 2:  # "what percent of Alpha's stars does Delta have": the one after "of" is the base
        share = re.search(r"\b(?:percent(?:age)?|fraction|share|proportion) of\b", parts.text)
        after = [m.key for m in parts.libraries if share and m.start >= share.end() and m.key in subjects]
        if after and after[0] == subjects[0]:
            return [subjects[1], subjects[0]]
    match = re.search(r"\bas (?:many|much)\b.*?\bas\b", parts.text)
    if match is None or len(subjects) != 2:
        return subjects
    after = [m.key for m in parts.libraries if m.start >= match.end() and m.key in subjects]
    if after and after[0] == subjects[0] and re.search(r"\b(?:does|do|did|has|have)\b", parts.text[match.end():]):
        return [subjects[1], subjects[0]]
    return subjects


# --- references to the conversation ------------------------------------------------------------------------
def _references(parts: Parts, catalog: Catalog, turn: Turn | None) -> tuple[list[str], list[str] | None]:
    """(the named entries, the previous answer's set when the question says "of those")."""
    subjects = list(parts.subjects)
    if len(subjects) == 1 and parts.has("pronoun") and parts.relation in ("built_on", "runs_on", "compatible_with") \
            and parts.has("which", "yes_no", "count", "list_word") and not parts.attributes \
            and not (parts.measure and ASKS_FACT.search(parts.text)):  # not "X 在哪个库上构建的？它有多少星标？"
        term = _entry_term(catalog, subjects[0])
        if term is not None:  # "it" is the library just named, as the attribute's value
            parts.attributes.append(AttributeFilter(terms=[term], relation=parts.relation))
            return [], None
    if turn is None:
        return subjects, None
    if not subjects and turn.focus and parts.relation in ("developed_by", "built_on", "runs_on") \
            and not parts.attributes and ASKS_FACT.search(parts.text) and _short(parts) and not parts.measure:
        return [turn.focus], None  # "Caffe 是什么？" -> "谁开发的？": the one talked about
    other = OTHER_ONE.search(parts.text)
    if other is not None and not subjects and turn.focus and len(turn.recent) >= 2:
        # "which has the most commits?" -> "and the second?" -> "the other one's stars?": the one before
        earlier = next((i for i in turn.recent if i != turn.focus), None)
        if earlier is not None:
            parts.subjects, parts.k, parts.order = [earlier], None, None
            return [earlier], None
    previous = None
    pointed = lx.THAT_LIBRARY.search(parts.text)
    if pointed and (not subjects or (len(subjects) == 1 and subjects[0] == turn.focus)) and (
            turn.plan.op.kind == "attribute_of" or parts.relation in ("built_on", "runs_on", "compatible_with")):
        value = _surveyed_value(catalog, turn.focus, parts.relation) if parts.relation else None
        value = value or next((i for i in turn.recent if i in catalog.by_id and i != turn.focus), None)
        if value is not None:  # "what is Lasagne built on?" -> "how many stars does that library have?",
            if parts.relation in ("built_on", "runs_on", "compatible_with"):  # "how many more than TFLearn?"
                parts.relation = None
            named = [value, *subjects]
            parts.subjects = named
            return named, None
    if parts.places and turn.ids:
        subjects = [turn.ids[p - 1] for p in parts.places if 1 <= p <= len(turn.ids)] + subjects
    said = re.search(r"\b(?:the|these|those|all) (two|three|four|five|\d)\b|(?:这|那)?(两|三|四|五)(?:个|者)",
                     parts.text)
    count = (small_number(said.group(1) or said.group(2)) or 0) if said else 0
    if parts.has("previous_set") and not subjects and count >= 2 and len(turn.ids) < count <= len(turn.recent) \
            and len(turn.set_ids) != count:  # "Elephas?" -> "sdl?" -> "dist-keras?" -> "sum of the three?"
        previous = list(reversed(turn.recent[:count]))
    elif parts.has("previous_set") and not subjects and not _counted_other(parts, turn) \
            and not (re.search(r"俩|两个|两者|\bboth\b|\bthe two\b", parts.text) and len(turn.ids) < 2
                     and len(turn.recent) >= 2):  # "它们俩" after one library and its base: the two named
        previous = turn.ids if len(turn.ids) > 1 else (turn.set_ids or turn.ids)
    elif parts.has("previous_two") and len(subjects) < 2:
        pool = turn.ids if len(turn.ids) >= 2 else turn.set_ids if len(turn.set_ids) == 2 else \
            list(reversed(turn.recent[:2]))  # named a turn each: in the order they were asked
        subjects = list(dict.fromkeys(subjects + pool[:2]))[:2] if len(subjects) < 2 else subjects
        if not parts.subjects:
            subjects = _larger_first(parts, catalog, turn, subjects)
    elif (parts.has("pronoun") or lx.THAT_VALUE.search(parts.text)) and turn.focus and subjects \
            and turn.focus not in subjects and (parts.has("compare", "difference", "ratio") or parts.order):
        pronoun = lx.PRONOUN.search(parts.text)
        named_at = min((m.start for m in parts.libraries if m.key in subjects), default=0)
        after = pronoun is not None and pronoun.start() > named_at and parts.has("ratio", "difference")
        # "它和 MXNet 比，哪个星标多？", "is that more than fast.ai?"; "Theano 是它的几倍？": the named one first
        subjects = [*subjects, turn.focus] if after else [turn.focus, *subjects]
    elif parts.has("ratio", "difference") and len(subjects) == 1 and turn.focus and turn.focus not in subjects \
            and _short(parts):
        subjects = [turn.focus, *subjects]  # "它 star 多少" -> "比 elephas 多多少": the one just asked about, first
    elif parts.has("ratio", "difference") and not subjects and len(turn.recent) >= 2 and len(turn.ids) != 2 \
            and lx.FIRST_SECOND.search(parts.text):  # "ratio of the first to the second?" after two questions
        subjects = list(reversed(turn.recent[:2]))  # about one library each: in the order they were named
    elif parts.has("ratio", "difference") and not subjects and (len(turn.ids) == 2 or len(turn.recent) >= 2):
        # "how many times as many is that?", "多的是少的多少倍？": the two the conversation is about (two turns
        # about one library each: a ratio of them larger over smaller)
        subjects = list(turn.ids) if len(turn.ids) == 2 else list(reversed(turn.recent[:2]))
        if len(turn.ids) != 2:
            subjects = _larger_first(parts, catalog, turn, subjects)
    elif (parts.has("pronoun") or lx.THAT_VALUE.search(parts.text)) and not subjects and turn.focus \
            and not any(r[2] == FOCUS for r in parts.relative):
        if parts.relation in ("built_on", "runs_on", "compatible_with") and parts.has("which", "yes_no", "count"):
            term = _entry_term(catalog, turn.focus)
            if term is not None:  # "有哪个库是包装它的吗": "it" is the attribute's value
                parts.attributes.append(AttributeFilter(terms=[term], relation=parts.relation))
                return subjects, None
        together = parts.has("share") or bool(parts.agg)  # "what share of all commits is that?": the set's
        subjects = [turn.focus] if (parts.singular_pronoun and not together) or len(turn.ids) <= 1 else list(turn.ids)
        if len(turn.ids) == 1 and len(turn.set_ids) > 1 and turn.plan.op.kind in ("top", "kth") \
                and not parts.singular_pronoun and PLURAL_PRONOUN.search(parts.text):
            subjects = list(turn.set_ids)  # "which of those has the most contributors?" -> "sum of their stars?"
    return subjects, previous


INDEFINITE = re.compile(
    r"^(?:(?:is there|are there|i need|i want|looking for|find me|recommend|suggest|name)\s+)?(?:a|an|any|some)\b"
    r"|^(?:which|what) (?:library|lib|framework|tool|package|one|project)\b|^(?:i'm |i am )?looking for\b"
    r"|^(?:有没有|有哪个|哪个|哪一个|什么|找)(?:库|框架|工具)?|一个|一款|一种|有(?:没有)?合适的|有推荐的"
)
EXISTENTIAL = re.compile(r"^(?:is there|are there|is anything|anything)\b|有没有|有合适的|有没有合适|有推荐的")
CONTEXT_AFTER = re.compile(r"^\s*(?:的)?\s*(?:高层|更高级的?)?\s*"
                           r"(?:api|接口|封装|包装|wrappers?|之上|上面|上层|front-?end)")


LEAD_IN = re.compile(r"^(?:根据|按照|依据|照|据|according to|based on|per|from)\s*[^，,：:]{0,24}[，,：:]\s*")


def _context_scope(parts: Parts, catalog: Catalog) -> Scope | None:
    """For a question that describes an unnamed library and names another only as context ("a lightweight
    library to build networks in Theano"): the entries related to the named one, the named one excluded."""
    asked = LEAD_IN.sub("", parts.text)  # "根据描述，哪个库…", "according to the survey, which library…"
    if not INDEFINITE.search(asked) or (parts.has("describe") and not INDEFINITE.match(asked)):
        return None
    context = [m for m in parts.libraries if m.key in parts.subjects
               and (lx.CONTEXT_RELATION.search(parts.text[max(0, m.start - 16):m.start])
                    or CONTEXT_AFTER.match(parts.text[m.end:]))]  # "更高级的 TensorFlow API"
    if not context:
        return None
    keys = [m.key for m in context]
    terms = [t for t in (_entry_term(catalog, k) for k in keys) if t is not None]
    attributes = [AttributeFilter(terms=terms)] if terms else []
    return Scope(exclude=keys, attributes=attributes)


def _surveyed_value(catalog: Catalog, entry_id: str | None, relation: str) -> str | None:
    """The surveyed library among an entry's values of a relation ("nolearn wraps Lasagne" -> lasagne)."""
    if entry_id is None or entry_id not in catalog.by_id:
        return None
    kinds = BASES if relation == "built_on" else PLATFORM.get(relation, (relation,))
    found = (catalog.entry_of_term(t) for kind in kinds for t in getattr(catalog.get(entry_id).attributes, kind, []))
    return next((e.id for e in found if e is not None and e.id != entry_id), None)


def _entry_term(catalog: Catalog, entry_id: str) -> str | None:
    entry = catalog.get(entry_id)
    names = {normalize_name(n) for n in (entry.id, *entry.names())}
    for section in ("technologies", "organizations"):
        for term_id, term in catalog.vocabulary.section(section).items():
            if term_id == entry.id or normalize_name(term.en) in names:
                return term_id
    return None


def _slice(parts: Parts) -> RankSlice | None:
    """"the top 3 by stars" as a set, when the question computes something else over it."""
    if parts.n is None or parts.n_span is None or not parts.free_metrics:
        return None
    others = parts.agg or parts.has("share") or len(parts.free_metrics) > 1
    if not others:
        return None
    start, end = parts.n_span
    bounds = [0] + [m.end() for m in CLAUSE.finditer(parts.text) if m.end() <= start] + [len(parts.text)]
    clause_start = max(b for b in bounds if b <= start)
    following = [m.start() for m in CLAUSE.finditer(parts.text) if m.start() >= end]
    clause_end = min(following) if following else len(parts.text)
    clause = [m for m in parts.free_metrics if clause_start <= m.start < clause_end]
    if not clause:
        return None
    by = [m for m in clause if re.search(r"(?:\bby|\bin|按|以)\s*$", parts.text[max(0, m.start - 4):m.start])]
    superlative = re.match(r"\s*(?:[a-z]+\s+){0,2}?with the (?:most|fewest|least|highest|lowest|largest|smallest)\s+"
                           r"(?:number of\s+)?", parts.text[end:])
    after = [m for m in clause if superlative and m.start == end + superlative.end()]
    nearest = min(clause, key=lambda m: min(abs(m.start - end), abs(start - m.end)))
    ranking = [m for m in parts.free_metrics if m.end <= start and re.search(r"(?:按|依|以)\s*$", parts.text[:m.start])
               and re.match(r"\s*(?:数|数量|次数)?\s*(?:排名|排序|排行|来排|排)", parts.text[m.end:])]
    if not by and ranking and not [m for m in clause if m.start < start]:
        by = ranking[-1:]  # "按提交数排名，前五名的平均星标": the ranking's measure, in the clause before
    chosen = by[0] if by else after[0] if after else nearest
    text = parts.text[clause_start:clause_end]
    own = _slice_words(parts)  # "the top 5 by contributors", "the six libraries with the fewest contributors"
    if own is not None:
        order = "asc" if lx.ASCENDING.search(own) else "desc"
    else:
        order = "asc" if lx.ASCENDING.search(text) else "desc"
    if len({m.metric for m in parts.free_metrics}) == 1 and not (parts.agg or parts.has("share")):
        return None  # "the top 3 by commits with their commit counts": one measure, said twice
    return RankSlice(metric=chosen.metric, order=order, n=parts.n)  # type: ignore[arg-type]


# --- the operation -----------------------------------------------------------------------------------------
def _operation(parts: Parts, scope: Scope, measure: str | None) -> Operation:
    names = scope.libraries
    slice_text_order = _order_outside_slice(parts, scope)
    if parts.has("survey_about") and not names and re.search(r"\bwho\b|谁", parts.text):
        return Operation(kind="survey_info")  # "Who published the original 'Top 13 …' article?"
    if not scope.rank_versus and (parts.survey_place is not None or (
            parts.k and not measure and parts.has("survey_context", "library_noun") and not names)):
        return Operation(kind="survey_rank", k=parts.survey_place or parts.k)
    if not measure and parts.order and parts.has("rank_of", "survey_context", "library_noun") and not names \
            and not scope.restricted and not parts.has("difference"):
        return Operation(kind="survey_rank", k=None if parts.order == "asc" else 1, order=parts.order)  # type: ignore[arg-type]
    ranked_by = parts.has("ranked_by") and not parts.n and (measure is None or parts.has("yes_no") or bool(
        re.search(r"\b(?:list|survey|article|ranking)\b|\bhow (?:is|are|was|were)\b|榜单|列表|清单|名单|文章|调查",
                  parts.text)))
    if (parts.has("survey_about") or ranked_by) and not names:  # "is the list ranked by stars?": answered either way
        # ("top 3 libraries ranked by stars per contributor" is a ranking asked for)
        return Operation(kind="survey_info",
                         yes_no=parts.has("yes_no") and measure is not None and parts.has("ranked_by"))
    if parts.has("survey_date") and not measure and (parts.has("survey_word") or not names) and not parts.order \
            and not scope.restricted:  # "how many libraries had more than 2000 stars as of the survey date?": a count
        return Operation(kind="survey_info")
    if len(names) == 2 and PERCENT_MORE.search(parts.text):  # "Caffe 的星标比 PyTorch 多百分之几？"
        return Operation(kind="ratio", percent=True, margin=True)
    part_of_group = _part_of_named_group(parts, names)
    if part_of_group is not None:  # "在 A、B、C、D 四个库的星标总和中，B 占百分之几？": B's share of their total
        return Operation(kind="share", against=part_of_group)  # (the part first; make_plan scopes to it)
    if parts.has("share") and len(names) == 2 and not lx.OF_ALL.search(parts.text) \
            and not GROUP_SUMMED.search(parts.text):  # ("TF 加 PyTorch 的贡献者占比": the two together, of all)
        return Operation(kind="ratio", percent=True)  # "what percent of TensorFlow's stars does TFLearn have?"
    if parts.has("share") and parts.order and not names and not parts.n and scope.slice is None \
            and lx.WHICH_ONE.search(parts.text):  # "which library holds the largest share of the
        return Operation(kind="share", n=1, order=parts.order)  # type: ignore[arg-type]  # remaining stars?"
    if parts.has("share"):
        return Operation(kind="share")
    distinct = list(dict.fromkeys(m.metric for m in parts.free_metrics))
    ratio = parts.has("ratio") and not parts.relative and not parts.ratio_named \
        and not any(v.factor != 1 for v in parts.versus)  # "超过 Caffe 两倍", "超过贡献者 90 倍": a threshold's
    # factor, not a ratio asked; "the stars-per-contributor ratio": a measure
    if ratio and len(names) <= 1 and len(distinct) == 2 and not parts.order:
        return Operation(kind="ratio", per=distinct[1])  # "TFLearn 的星标是它提交次数的几倍？"
    if ratio and (len(names) >= 2 or not (names or parts.order or parts.n)):
        return Operation(kind="ratio")
    if parts.has("difference") and (len(names) >= 2 or not names):
        extremes = not names and bool(lx.ASCENDING.search(parts.text) and lx.DESCENDING.search(parts.text))
        return Operation(kind="difference", larger_first=parts.has("which") and len(names) >= 2, extremes=extremes)
    if parts.has("count") and not names and not measure:
        return Operation(kind="count")  # "这个榜单一共收录了多少个库？"
    if parts.agg and (measure or not parts.has("how_many") or parts.has("previous_two", "previous_set", "pronoun")):
        return Operation(kind="aggregate", agg=parts.agg)  # type: ignore[arg-type]
    if lx.MINMAX.search(parts.text) and measure and not names and not parts.order:
        kind = "max" if re.search(r"\bmax", parts.text) else "min"
        return Operation(kind="top", order="desc" if kind == "max" else "asc")
    if parts.has("count") and not names:
        return Operation(kind="count")
    order = slice_text_order or parts.order
    if measure and len(names) >= 2 and parts.has("rank_order") and not parts.has("difference", "ratio"):
        return Operation(kind="top", order=order or "desc")  # type: ignore[arg-type]  # "sort A, B and C by stars"
    if measure and len(names) >= 3 and order and not parts.has("difference", "ratio") and not VERSUS.search(parts.text):
        return Operation(kind="top", n=1, order=order)  # type: ignore[arg-type]
    if measure and len(names) >= 2 and (parts.has("compare", "which") or order):
        fewer_asked = bool(lx.FEWER_OF_SET.search(parts.text)) and not lx.MORE_OF_SET.search(parts.text) \
            and not re.search(r"多还是少|少还是多|\bmore or (?:fewer|less)\b|\b(?:fewer|less) or more\b", parts.text)
        return Operation(kind="compare", order="asc" if fewer_asked or order == "asc" else "desc")  # "fewer …?"
    if len(names) == 1 and parts.has("rank_of") and measure and not _figure_asked(parts):
        return Operation(kind="rank_of", order="asc" if lx.RANK_ASCENDING.search(parts.text) else "desc")
    if parts.k and parts.k > 1 and (measure or order):
        return Operation(kind="kth", k=parts.k, order=order or "desc")  # type: ignore[arg-type]
    if parts.k and parts.k > 1 and not names and not parts.has("survey_context"):
        return Operation(kind="kth", k=parts.k, order=order or "desc")  # type: ignore[arg-type]  # "第二呢？"
    if parts.k == 1 and measure and not names:
        return Operation(kind="top", n=1, order=order or "desc")  # type: ignore[arg-type]
    if parts.n and scope.slice is None:
        return Operation(kind="top", n=parts.n, order=order or "desc")  # type: ignore[arg-type]
    one_of_slice = scope.slice is not None and slice_text_order and lx.WHICH_ONE.search(parts.text)
    if parts.has("rank_order") and measure and not names and not one_of_slice:  # not "按星标排名前五的库中…最少的"
        return Operation(kind="top", order=parts.order or "desc")  # type: ignore[arg-type]
    if order and len(names) != 1:
        return Operation(kind="top", n=1, order=order)  # type: ignore[arg-type]
    if names:
        return _about_named(parts, names, measure)
    if measure and (scope.restricted or scope.previous is not None) and lx.WHICH_ONE.search(parts.text) \
            and not parts.has("count"):
        more, fewer = lx.MORE_OF_SET.search(parts.text), lx.FEWER_OF_SET.search(parts.text)
        if bool(more) != bool(fewer):  # "of those under 1k stars, which one has more commits?"
            return Operation(kind="top", n=1, order="desc" if more else "asc")
    if scope.restricted or parts.has("list_all"):
        return Operation(kind="count" if parts.has("how_many") and not parts.has("list_word") else "list")
    if measure:
        return Operation(kind="decline", reason="clarify")
    return _open(parts)


PERCENT_MORE = re.compile(r"(?:多|少|高|低|高出|多出)(?:了)?百分之(?:几|多少)"
                          r"|(?:多|少|高|低)(?:了)?(?:几|多少)(?:个)?(?:百分点|%)"
                          r"|\b(?:what|how many) (?:percent|%)(?:age)? (?:more|fewer|less|higher|lower)\b"
                          r"|\bby what (?:percent|percentage)\b|\bhow much (?:more|higher|bigger),? in percent"
                          r"|\bhow much (?:more|higher|bigger|larger)\b.{0,70}\b(?:as a |in )percent(?:age)?\b"
                          r"|\bpercent(?:age)? (?:more|fewer|higher|lower)\b")
SURVEY_IT = re.compile(r"\bwho (?:published|wrote|authored|compiled|made|put out|released|ran) (?:it|that|this)\b"
                       r"|\bwhere (?:was|is) (?:it|that) (?:published|from)\b"
                       r"|\bwhat(?:'s| is) (?:its|the) (?:title|url|link)\b"
                       r"|(?:它|这|那)?是?谁(?:发布|发表|写|整理|做)的|(?:它|这)?(?:发布|发表)在哪|(?:它的)?(?:标题|链接|网址)是")
PLURAL_PRONOUN = re.compile(r"\b(?:their|them|they|those|these)\b|它们|他们|这些|那些")
#: "and in contributors, who leads?": which of two is ahead, asked without "more".
LEADS = re.compile(r"\bwho(?:'s| is)? (?:leads|leading|ahead|wins|winning|on top)\b"
                   r"|\bwhich (?:one )?(?:leads|is ahead|wins)\b"
                   r"|谁领先|哪个领先|谁赢|谁占上风")
GROUP_SUMMED = re.compile(r"\bcombined\b|\btogether\b|\bjointly\b|\bbetween them\b"
                          r"|加上?|合计|加起来|加在一起|一共|总共|两者合|二者合")
POOLED_TOTALS = re.compile(r"\btotal \w+ ?(?:divided by|over|/|÷) ?(?:the )?total\b|总\S{0,4}\s*(?:[÷/]|除以?)\s*总")
CLOSEST = re.compile(r"\bclosest\b|\bnearest\b|\bclosest to\b|最接近|最靠近|离.{0,6}最近")
POOLED = re.compile(r"\boverall\b|\bpooled\b|\bas a whole\b|\bacross the (?:whole|entire)\b"
                    r"|加起来|加在一起|整体|总体|(?<![结组融综联整])合起来")  # with POOLED_TOTALS: a derived
#                                                                                 measure pooled
MARGIN_ASKED = re.compile(r"(?:超过|超出|多出|高出)了?多少|\bby how much\b|\bhow much (?:more|over)\b")
GROUP = re.compile(
    r"\b(?:combined|together|put together|in total|altogether|all together|summed|added up|add up|jointly)\b"
    r"|加起来|加在一起|(?<![结组融综联整])合起来|合计|总和|之和|总计|加总|合在一起")
REST = re.compile(
    r"\b(?:all|every) (?:of )?(?:the )?other(?:s\b| (?:\d+|twelve) )?(?:\w+ )?(?:libraries|libs|frameworks|ones)?"
    r"|\bthe rest\b|\beveryone else\b|\bthe others\b|\bthe other (?:\d+ |twelve )?(?:libraries|libs|frameworks|ones)\b"
    r"|其他所有|其它所有|所有其他|所有其它|其余|其他的?(?:\d+|十二)?个?库|其它的?库|别的库")
GROUP_SPLIT = re.compile(r"\bthan\b|\bvs\.?(?!\w)|\bversus\b|\bcompared? (?:to|with)\b|\bagainst\b|\bor\b"
                         r"|\b(?:exceed|surpass|outnumber|beat)(?:s|ed)?\b|比|相比|对比|超过|多于|高于|少于|低于|不到|不如")
GROUP_MEAN = re.compile(r"\b(?:average|mean)\b|平均")


def _threshold_at_total(parts: Parts, catalog: Catalog, subjects: list[str],
                        measure: str | None) -> tuple[Scope, Operation] | None:
    """"Which libraries have more stars than Theano, Lasagne and nolearn put together?": a threshold at the named
    libraries' total."""
    text = parts.text
    split = re.search(r"\b(?P<more>more|fewer|less|higher|lower)\b[^,?]{0,30}?\bthan\b|比", text)
    if measure is None or len(subjects) < 2 or not GROUP.search(text) or split is None \
            or catalog.measures[measure].derived or not (parts.has("which", "count", "list_word")
                                                         or lx.PLURAL_ASK.search(text)):
        return None
    named = [m for m in parts.libraries if m.key in subjects]
    if any(m.start < split.start() for m in named):
        return None  # "A has more than B and C combined": one side against the other (group_compare)
    total = sum(float(catalog.row(i, measure).value or 0) for i in subjects)
    less = split.group("more") in ("fewer", "less", "lower") if split.group("more") else \
        bool(re.match(r"\s*\S{0,20}?(?:少|低)", text[split.end():]))
    scope = Scope(exclude=list(subjects), metrics=[MetricFilter(metric=measure, op="<" if less else ">", value=total)])
    return scope, Operation(kind="count" if parts.has("how_many") and not parts.has("list_word") else "list")


def _groups(parts: Parts, catalog: Catalog, subjects: list[str], measure: str | None,
            scope: Scope) -> tuple[list[str], Operation] | None:
    """One set of named entries against another, or against all the others, by their totals: "Does TensorFlow
    have more stars than all the others combined?", "A 和 B 加起来比 C 多吗"."""
    text = parts.text
    rest = REST.search(text)
    if measure is None or not subjects or not (GROUP.search(text) or rest or GROUP_MEAN.search(text)) \
            or parts.has("share") or catalog.measures[measure].derived:
        return None
    split = GROUP_SPLIT.search(text)
    if split is None:
        return None
    named = [m for m in parts.libraries if m.key in subjects]
    said = sorted((o.start(), m.key) for m in named  # every place each is named ("PyTorch is catching up … than
                  for o in re.finditer(re.escape(text[m.start:m.end]), text))  # PyTorch and Caffe combined")
    right = list(dict.fromkeys(key for at, key in said if at >= split.end()))
    left = [k for k in dict.fromkeys(key for at, key in said if at < split.start()) if k not in right]
    if not left and right and (scope.slice is not None or scope.attributes or scope.metrics):
        # "星标最少的 5 个库加起来，比 fastai 多还是少？": the scope's set on the left
        left = [i for i in catalog.ids(catalog.mask(scope.model_copy(update={"libraries": []})), measure)
                if i not in right]
    mean = GROUP_MEAN.search(text)
    mean_of_right = mean is not None and mean.start() > split.start() and len(right) > 1
    if mean is not None and not mean_of_right:
        return None  # "the average stars of A and B": an aggregate
    if rest is not None and rest.start() > split.start() and left and not right:
        against: list[str] = []
    elif left and right and (len(left) > 1 or len(right) > 1) and not rest:
        against = right
    else:
        return None
    asks: Literal["compare", "difference", "ratio"] = \
        "difference" if parts.has("difference") else "ratio" if parts.has("ratio") else "compare"
    yes_no = parts.has("yes_no") or bool(re.search(r"[吗嗎]\s*[?？]?\s*$", text))
    return left, Operation(kind="group_compare", against=against, rest=not against, group_value=asks,
                           yes_no=yes_no, agg="mean" if mean_of_right else None)


RANK_WORD = re.compile(r"\brank(?:s|ed|ing|ings)?\b|\bplaces?\b|\bpositions?\b|排名|名次|排位|位次")
GAP_WORD = re.compile(r"\bgap\b|\bmargin\b|\bdifferen(?:ce|t|ces)\b|\bdiffers?\b|\bdiscrepanc(?:y|ies)\b|\bmismatch\b"
                      r"|\bapart\b"
                      r"|\bdiverge|相差|差距|差别|差异|落差|差了|差几|差多少|不一致")


SURPLUS = re.compile(r"\b(?:surplus|excess|margin|lead) of [\w-]+(?: \w+)? over [\w-]+(?: \w+)?|\b[\w-]+ minus [\w-]+\b"
                     r"|\S{1,6}(?:比|超出|超过)\S{1,6}多(?:出)?(?:的)?最多")
MARGIN = re.compile(r"\bmargin\b|\bgap\b|\bdifference\b|\bsurplus\b|\bexcess\b"
                    r"|\bby (?:the )?(?:most|largest|biggest|widest)\b"
                    r"|差距|相差|差值|多出|差得最多")


RANK_DROP = re.compile(r"\bdrops?\b|\bdropped\b|\bfalls?\b|\bfell\b|\bslips?\b|\bslipped\b|\bloses?\b|\blost\b"
                       r"|掉|下降|下滑|跌|落后")
RANK_CLIMB = re.compile(r"\bclimbs?\b|\bclimbed\b|\brises?\b|\brose\b|\bgains?\b|\bgained\b|\bjumps?\b|\bjumped\b"
                        r"|\bmoves? up\b|上升|提升|升了|升得|前进|进步")
SAME_RANK = re.compile(r"\bsame (?:rank|place|position|ranking)s?\b|\bidentical (?:rank|place|position)"
                       r"|\branks? the same\b"
                       r"|完全一样|完全相同|相同|一致|一样")


PLACES = re.compile(r"\b(?:places?|positions?|spots?|ranks?)\b|名次|位")


def _figure_margin(parts: Parts, scope: Scope) -> tuple[str, str] | None:
    """The two measures whose difference per entry is asked: one against the other with a margin word, or
    "surplus of X over Y" / "X minus Y"."""
    if len(scope.versus) == 1 and MARGIN.search(parts.text):
        return scope.versus[0].left, scope.versus[0].right
    surplus = SURPLUS.search(parts.text)
    said = [m.metric for m in parts.metrics if surplus.start() <= m.start < surplus.end()] if surplus else []
    return (said[0], said[1]) if len(said) == 2 and said[0] != said[1] else None


def _rank_gap(parts: Parts, subjects: list[str], scope: Scope) -> tuple[str, Operation] | None:
    """Two rankings of the same entries compared place by place: "Which library has the biggest gap between its
    star rank and its commit rank?", "PyTorch 的 star 排名和贡献者排名差几位？"."""
    if len(scope.rank_versus) == 1 and not subjects and parts.order == "desc" and PLACES.search(parts.text):
        ranked = scope.rank_versus[0]  # "ranks higher by commits than by stars by the most places": the places won
        return ranked.higher, Operation(kind="rank_gap", per=ranked.lower, direction="drop")
    figures = _figure_margin(parts, scope) if not subjects and (parts.order or parts.has("which")) else None
    if figures is not None:  # "more commits than stars by the largest margin", "the largest surplus of stars over
        return figures[0], Operation(kind="rank_gap", per=figures[1], by_rank=False,  # commits": the two figures'
                                     order=parts.order or "desc")  # type: ignore[arg-type]  # gap
    distinct = list(dict.fromkeys(m.metric for m in parts.free_metrics))
    text = parts.text
    if len(subjects) <= 1 and len(distinct) >= 2 and RANK_WORD.search(text) and SAME_RANK.search(text) \
            and not scope.rank_versus:  # "which libraries hold the same rank in contributors, commits and stars?"
        return distinct[0], Operation(kind="rank_gap", per=distinct[1], also=distinct[2:], same=True)
    if len(distinct) != 2 or len(subjects) > 1 or scope.rank_versus or scope.slice is not None:
        return None
    drop, climb = RANK_DROP.search(text), RANK_CLIMB.search(text)
    if not (RANK_WORD.search(text) and (GAP_WORD.search(text) or drop or climb)):
        return None
    if not subjects and not (parts.order or parts.has("which") or drop or climb):
        return None
    direction = "drop" if drop and not climb else "climb" if climb and not drop else None
    order = "desc" if direction else parts.order or "desc"  # "drops the most", "掉得最多"
    return distinct[0], Operation(kind="rank_gap", per=distinct[1], order=order,  # type: ignore[arg-type]
                                  direction=direction)  # type: ignore[arg-type]


def _larger_first(parts: Parts, catalog: Catalog, turn: Turn, pair: list[str]) -> list[str]:
    """A ratio of two libraries the conversation named in turns ("ratio between the two?", "how many times
    more?"): larger over smaller, as every question set that asked it expects."""
    measure = parts.measure or turn.plan.measure
    if not measure or not parts.has("ratio") or parts.has("share"):
        return pair
    return sorted(pair, key=lambda i: -float(catalog.row(i, measure).value or 0))


def _counted_other(parts: Parts, turn: Turn) -> bool:
    """ "among the 13" after an answer about one library: a count that is not the previous answer's set."""
    said = re.search(r"\b(?:the|these|those) (\d+)\b", parts.text)
    if said is None or lx.PREVIOUS_SET.search(parts.text.replace(said.group(0), " ")):
        return False
    shown = turn.ids if len(turn.ids) > 1 else (turn.set_ids or turn.ids)
    return int(said.group(1)) != len(shown)


EXCLUDE_IT = re.compile(r"(?:去掉|除了|除去|不算|排除|扣掉|拿掉|刨除)\s*(?:它|其|这个|那个)"
                        r"|\b(?:without|excluding|except|other than|apart from|leaving out|minus|not counting"
                        r"|besides)\s+"
                        r"(?:it|that one|this one|that library)\b")
OTHER_ONE = re.compile(r"\bthe other (?:one|library|lib|framework)\b|\bthe other one's\b"
                       r"|另一个(?:库)?(?!库之上)|另外一个(?:库)?|另外那个")
APPOSITIVE = re.compile(r"^\s*(?:(?:ok|okay|hmm|right|cool)[,!.]?\s*)?(?:and|what about|how about|so)?"
                        r"\s*[\w.\- ]+?\s*,\s*(?:the|a|that) "
                        r"(?:one|library|lib|framework|package|toolkit)\b")
ALL_NAMED = re.compile(r"(?P<n>两|二|三|四|五)者|(?P<m>两|二|三|四|五)个(?:库)?(?:的|一共|合计|加起来|总共)"
                       r"|\b(?:all|the|these|those) (?P<w>two|three|four|five)\b(?! (?:most|fewest|top|with|by))"
                       r"|\bboth\b")


CLOSEST_PAIR = re.compile(r"\b(?:which|what) (?:two|2|pair of) (?:libraries|libs|frameworks|ones)?\b.{0,40}"
                          r"\b(?:closest|nearest|most similar|smallest (?:gap|difference))\b|\bclosest pair\b"
                          r"|哪两个.{0,20}(?:最接近|最相近|差距最小|相差最小|最近)")


def _closest_pair(parts: Parts, catalog: Catalog) -> Plan | None:
    """The two entries whose figures are closest: their difference, both named."""
    if parts.measure is None or parts.subjects or not CLOSEST_PAIR.search(parts.text):
        return None
    scope = Scope(attributes=parts.attributes, metrics=parts.filters)
    ranked = catalog.ids(catalog.mask(scope), parts.measure, "desc")
    values = [float(catalog.row(i, parts.measure).value or 0) for i in ranked]
    if len(ranked) < 2:
        return None
    at = min(range(len(ranked) - 1), key=lambda i: values[i] - values[i + 1])
    return Plan(language=parts.language, scope=Scope(libraries=ranked[at:at + 2]),  # type: ignore[arg-type]
                measure=parts.measure, op=Operation(kind="difference"))


SUPERLATIVE_ENTITY = re.compile(
    r"\bthe (?:\w+[- ])?(?P<d1>most|least|fewest|highest|lowest)[- ](?P<w1>starred|committed|contributed)\b"
    r"(?: (?:library|lib|one|framework|project))?"
    r"|\bthe (?:library|lib|framework|one|project|package)\s+with the\s+"
    r"(?P<d2>most|fewest|least|highest|lowest|largest|smallest|biggest)\s+(?:number of\s+)?(?P<w2>[a-z]+)"
    r"|(?P<w3>星标|星|提交次数|提交数|提交|贡献者人数|贡献者数|贡献者|commits?|stars?)(?:数)?\s*"
    r"(?P<d3>最多|最少|最高|最低|第一|排第一|排名第一|倒数第一)的(?!\s*(?:\d+|[一二两三四五六七八九十]+)\s*(?:个|名|位))"
    r"(?:那个|那一个)?(?:库|框架|项目)?"
)
ASC_WORDS = ("least", "fewest", "lowest", "smallest", "最少", "最低", "倒数第一")


def _superlative_pair(parts: Parts, catalog: Catalog) -> Plan | None:
    """Libraries named by a superlative each, in a pair question: "How many more commits does the most-starred
    library have than the least-starred one?", "星标第一的库的贡献者数，是贡献者最少的库的多少倍？"; "Does the library
    with the most contributors also have the most stars?" (the first one's place by the second measure)."""
    spans = list(SUPERLATIVE_ENTITY.finditer(parts.text))
    also = re.search(r"\b(?:also|too|as well)\b.{0,20}\b(?P<d>most|fewest|least|highest|lowest)\s+(?P<w>[a-z]+)"
                     r"|(?P<w3>[^，,。]{1,6}?)\s*(?:也|同时|还)(?:是)?\s*(?P<d3>最多|最少|最高|最低)"
                     r"|(?:也|同时|还)(?:是)?\s*(?P<w2>\S{1,5}?)\s*(?P<d2>最多|最少|最高|最低)", parts.text)
    if len(spans) == 1 and not parts.subjects and also is not None and parts.has("yes_no"):
        # "Does the library with the most contributors also have the most stars?"
        word = next(span for span in (also.group("w"), also.group("w3"), also.group("w2")) if span)
        metric = next((m.metric for m in catalog.measures.find(word)), None)
        first = _superlative_one(spans[0], catalog)
        if metric is not None and first is not None:
            said = also.group("d") or also.group("d3") or also.group("d2")
            return Plan(language=parts.language, scope=Scope(), measure=metric,  # type: ignore[arg-type]
                        op=Operation(kind="top", n=1, order="asc" if said in ASC_WORDS else "desc",
                                     yes_no=True, against=[first]))
    if not spans or len(spans) + len(parts.subjects) != 2:
        return None
    found: list[tuple[int, int, str, str]] = []  # start, end, metric, order
    for span in spans:
        measured = _superlative_measure(span, catalog)
        if measured is None:
            return None
        found.append((span.start(), span.end(), *measured))
    outside = [m.metric for m in parts.metrics if not any(a <= m.start < b for a, b, _, _ in found)]
    entities = {start: catalog.ids(catalog.mask(Scope()), metric, order, 1)[0] for start, _, metric, order in found}
    named = {m.start: m.key for m in parts.libraries if m.key in parts.subjects}
    ordered = [key for _, key in sorted({**entities, **named}.items())]
    if parts.has("yes_no") and len(found) == 2 and re.search(r"\balso\b|\bas well\b|也|同时|还", parts.text):
        one, other = found
        return Plan(language=parts.language, scope=Scope(), measure=other[2],  # type: ignore[arg-type]
                    op=Operation(kind="top", n=1, order=other[3], yes_no=True,  # type: ignore[arg-type]
                                 against=[entities[one[0]]]))
    pairwise = parts.has("difference", "ratio", "compare") or VERSUS.search(parts.text)
    if not pairwise or len(set(ordered)) != 2:
        return None
    measure = outside[0] if outside else (found[0][2] if len({f[2] for f in found}) == 1 else None)
    if measure is None:
        return None
    kind = "ratio" if parts.has("ratio") else "difference" if parts.has("difference") else "compare"
    return Plan(language=parts.language, scope=Scope(libraries=ordered), measure=measure,  # type: ignore[arg-type]
                op=Operation(kind=kind, percent=parts.has("share") and kind == "ratio"))  # type: ignore[arg-type]


def _superlative_measure(span: re.Match[str], catalog: Catalog) -> tuple[str, str] | None:
    """(measure, order) of a SUPERLATIVE_ENTITY match: "the most-starred" -> ("stars", "desc")."""
    word = next(span.group(g) for g in ("w1", "w2", "w3") if span.group(g))
    said = next(span.group(g) for g in ("d1", "d2", "d3") if span.group(g))
    word = {"starred": "stars", "committed": "commits", "contributed": "contributors"}.get(word, word)
    metric = next((m.metric for m in catalog.measures.find(word)), None)
    return (metric, "asc" if said in ASC_WORDS else "desc") if metric is not None else None


def _superlative_one(span: re.Match[str], catalog: Catalog) -> str | None:
    measured = _superlative_measure(span, catalog)
    ranked = catalog.ids(catalog.mask(Scope()), measured[0], measured[1], 1) if measured else []
    return ranked[0] if ranked else None


def _appositive(parts: Parts, turn: Turn | None) -> None:
    """A follow-up naming one library with an aside: "and Lasagne, the one you build nets in Theano with?" asks
    about Lasagne; Theano only describes it."""
    found = APPOSITIVE.match(parts.text) if turn is not None else None
    if found is None:
        return
    comma = found.start() + found.group(0).rfind(",")
    before = [m.key for m in parts.libraries if m.end <= comma]
    if len(before) == 1 and len(parts.subjects) > 1:
        parts.subjects = before
    if len(before) == 1:
        parts.relation, parts.attributes = None, []


def _all_named(parts: Parts) -> None:
    """Several libraries named, each with a relation that describes it, then "all three" / "三者": the named ones,
    not a filter."""
    found = ALL_NAMED.search(parts.text)
    if found is None or not (parts.relation or parts.attributes) or parts.has("which") \
            or any(a.negated for a in parts.attributes) or not (parts.agg or parts.has("compare", "difference")):
        return
    count = 2 if found.group(0) == "both" else small_number(found.group("n") or found.group("m") or
                                                            found.group("w") or "") or 0
    named = list(dict.fromkeys(m.key for m in parts.libraries))
    if count >= 2 and len(named) == count:
        parts.subjects, parts.attributes, parts.relation = named, [], None


def _related_to_focus(parts: Parts, catalog: Catalog, turn: Turn) -> Plan | None:
    """A follow-up naming a library through the one talked about: "and the library that wraps it?" (the one built
    on it), "what about the library it mainly wraps?" (its base), "那排在它前一名的是谁？" (its neighbour)."""
    focus, prev = turn.focus, turn.plan
    if focus is None or parts.subjects or focus not in catalog.by_id:
        return None
    measure = parts.measure or prev.measure
    pronoun = re.search(r"\b(?:it|its|that one|that library)\b|它|其", parts.text)
    if pronoun is None:
        return None
    placed = _next_to(parts.text, pronoun.start(), pronoun.end(), catalog, focus, measure, Scope()) \
        if measure is not None else None
    if placed is not None:
        neighbour = placed[1][placed[0] - 1]
        if parts.has("difference", "ratio"):  # "how far behind the one just above it?"
            kind = "ratio" if parts.has("ratio") else "difference"
            return Plan(language=parts.language, scope=Scope(libraries=[neighbour, focus]),  # type: ignore[arg-type]
                        measure=measure, op=Operation(kind=kind))  # type: ignore[arg-type]
        return Plan(language=parts.language, scope=Scope(libraries=[neighbour]),  # type: ignore[arg-type]
                    measure=measure, op=Operation(kind="value"))
    named: str | None = None
    base = _base_of(parts.text)
    said = parts.text[base[1]:base[2]].strip() if base else None
    if said and (said.split()[0] in ("it", "its") or said in ("它", "其")):  # "the library it (mainly) wraps"
        named = _surveyed_value(catalog, focus, "built_on")  # "the library it mainly wraps": its base
    elif parts.relation == "built_on" and lx.RELATED_ONE.search(parts.text) and not parts.attributes:
        holders = _built_on(catalog, focus)  # "the library that wraps it": the one built on it
        named = holders[0] if len(holders) == 1 else None
    if named is None:
        return None
    if measure and parts.has("compare", "difference", "ratio") and named != focus:
        # "does it have more commits than the thing it wraps?": the one talked about against it
        kind = "ratio" if parts.has("ratio") else "difference" if parts.has("difference") else "compare"
        against = base is None or re.search(r"\b(?:than|as)\s*$|比\s*$", parts.text[:base[0]]) is not None
        pair = [focus, named] if against else [named, focus]  # "how many times more does the library it is built
        return Plan(language=parts.language, scope=Scope(libraries=pair),  # type: ignore[arg-type]  # on have?"
                    measure=measure, op=Operation(kind=kind))  # type: ignore[arg-type]
    op = Operation(kind="value") if measure else Operation(kind="describe")
    return Plan(language=parts.language, scope=Scope(libraries=[named]), measure=measure, op=op)  # type: ignore[arg-type]


def _neighbour(parts: Parts, catalog: Catalog, subjects: list[str]) -> int | None:
    """The place next to a named library in a measure's ranking: "just below PyTorch in the commit ranking"
    (PyTorch's place + 1), "排在 Caffe 前面一名的是谁" (- 1), "仅次于 TensorFlow 的"."""
    if len(subjects) != 1 or parts.measure is None:
        return None
    mention = next((m for m in parts.libraries if m.key == subjects[0]), None)
    if mention is None:
        return None
    placed = _next_to(parts.text, mention.start, mention.end, catalog, subjects[0], parts.measure,
                      Scope(attributes=parts.attributes, metrics=parts.filters))
    return placed[0] if placed is not None else None


def _next_to(text: str, start: int, end: int, catalog: Catalog, entry: str, measure: str,
             scope: Scope) -> tuple[int, list[str]] | None:
    """The place next to ``entry`` (named at ``start:end``, by name or "it") that the words around it ask for, in
    the measure's ranking within the scope, and that ranking; None when no neighbour is asked or there is none."""
    found = lx.NEIGHBOUR_BEFORE.search(text[:start]) or lx.NEIGHBOUR_AFTER.search(text[end:])
    if found is None:
        return None
    step = 1 if any(v is not None for k, v in found.groupdict().items() if k.startswith("down")) else -1
    ranked = catalog.ids(catalog.mask(scope), measure, "desc")
    place = ranked.index(entry) + 1 + step if entry in ranked else 0
    return (place, ranked) if 1 <= place <= len(ranked) else None


def _built_on(catalog: Catalog, base: str) -> list[str]:
    """The libraries built on a surveyed one (itself left out)."""
    term = _entry_term(catalog, base)
    return _built_on_term(catalog, term, base) if term else []


def _built_on_term(catalog: Catalog, term: str, itself: str | None) -> list[str]:
    """The libraries built on a vocabulary term, the surveyed library it names (``itself``) left out."""
    mask = catalog.attribute_mask(AttributeFilter(terms=[term], relation="built_on"))
    return [i for i in catalog.ids(mask) if i != itself]


def _base_libraries(parts: Parts, catalog: Catalog) -> None:
    """A library named through the one built on it: "the library that Lasagne is built on" (Theano),
    "TFLearn 所基于的库有多少星标", "Which has more stars: Lasagne or the library it's built on?" (both)."""
    found = _base_of(parts.text) if parts.measure is not None else None
    if found is None:
        return
    phrase_start, start, end = found
    said = parts.text[start:end].strip()
    if said in ("it", "that", "它", "其") or (said.endswith(("它", "其")) and len(parts.subjects) == 1):
        # "TFLearn 和它所基于的那个库": "它" is the one named before
        if len(parts.subjects) != 1:
            return
        built, keep = parts.subjects[0], True  # "Lasagne or the library it's built on": both
    else:
        mention = next((m for m in parts.libraries if start <= m.start < end
                        and parts.text[m.start:m.end].strip().removesuffix("'s") == said), None)
        if mention is None:
            return
        built = mention.key
        keep = parts.text.count(said) >= 2 or bool(re.search(r"\b(?:and|or|vs\.?|versus)\s*$|[和与跟或]\s*$",
                                                              parts.text[:phrase_start]))
    base = _surveyed_value(catalog, built, "built_on")
    if base is None:
        return
    others = [i for i in parts.subjects if i != built]
    parts.subjects = list(dict.fromkeys([built, base, *others] if keep else [*others, base]))
    parts.relation, parts.attributes = None, [a for a in parts.attributes if a.relation != "built_on"]


def _base_of(text: str) -> tuple[int, int, int] | None:
    """A phrase naming the library another is built on ("the library Lasagne is built on", "TFLearn 所基于的库"):
    (where the phrase starts, where the library built on it is said: start, end)."""
    found = lx.BASE_OF.search(text) if lx.BASE_WORDS.search(text) else None
    if found is None:
        return None
    start, end = found.span(next(g for g in ("x", "x2", "x3", "x4", "x5") if found.group(g) is not None))
    return found.start(), start, end


def _related_libraries(parts: Parts, catalog: Catalog) -> None:
    """One library named through what it is built on, beside another in a pair or a sum: "Theano and the library
    that builds on it", "Between Lasagne and the library that wraps it, which has more commits?",
    "基于 TensorFlow 构建的那个库，它的星标是 TensorFlow 的百分之几" — when exactly one library is built on it."""
    if parts.relation != "built_on" or parts.measure is None or not lx.RELATED_ONE.search(parts.text):
        return
    pair = parts.has("compare", "difference", "ratio", "share") or VERSUS.search(parts.text) \
        or (parts.has("which") and (lx.MORE_OF_SET.search(parts.text) or lx.FEWER_OF_SET.search(parts.text))) \
        or (parts.agg is not None and lx.JOINED.search(parts.text))
    if not pair:
        return
    base: str | None = None
    if parts.attributes and len(parts.attributes) == 1 and len(parts.attributes[0].terms) == 1 \
            and not parts.attributes[0].negated:
        entry = catalog.entry_of_term(parts.attributes[0].terms[0])
        base = entry.id if entry is not None else None
    elif not parts.attributes and len(parts.subjects) == 1 and (
            SINGULAR.search(parts.text[parts.relation_start or 0:])
            or any(m.key == parts.subjects[0] and m.start >= (parts.relation_start or 0) for m in parts.every)):
        base = parts.subjects[0]  # "the library that builds on it": "it" is the one just named (or named again)
    holders = _built_on(catalog, base) if base else []
    if base is None or len(holders) != 1:
        return
    mention = next((m for m in parts.libraries if m.key == base), None)
    again = mention is not None and parts.text.count(parts.text[mention.start:mention.end]) >= 2
    named = [i for i in parts.subjects if i != holders[0]]
    if base not in named and again:  # "基于 TensorFlow 的那个库 … 是 TensorFlow 的百分之几": named twice
        named.append(base)
    parts.attributes, parts.relation = [], None
    parts.subjects = [holders[0], *named] if not parts.subjects else [*named[:1], holders[0], *named[1:]]


def _described_libraries(parts: Parts, catalog: Catalog, subjects: list[str]) -> list[str]:
    """Libraries named by a fact only one of them has, in a comparison: "Microsoft's toolkit vs the Berkeley
    framework", "Databricks 的那个库和 Distributed Keras，哪个星标多"; the attribute then names, not filters."""
    compares = parts.has("compare", "difference", "ratio") or VERSUS.search(parts.text) \
        or (parts.has("which") and (lx.MORE_OF_SET.search(parts.text) or lx.FEWER_OF_SET.search(parts.text))) \
        or (parts.agg is not None and lx.JOINED.search(parts.text))  # "微软和 Databricks 出的两个库，星标总共多少"
    if parts.measure is None or not compares or len(parts.attributes) != 1:
        return []
    attribute = parts.attributes[0]
    if attribute.negated:
        return []
    if attribute.relation in (None, "developed_by"):  # who made it names a library; a capability in the
        found = [_only_maker(catalog, term) for term in attribute.terms]  # message's context does not
    elif attribute.relation == "built_on" and len(attribute.terms) >= 2:  # "the library built on TensorFlow or
        found = [_only_built_on(catalog, term) for term in attribute.terms]  # the one built on Theano"
    else:
        return []
    if None in found:
        return []
    named = list(dict.fromkeys(i for i in found if i is not None))
    if len(named) + len([i for i in subjects if i not in named]) < 2:
        return []
    parts.attributes = []
    return named


def _described_one(parts: Parts, catalog: Catalog, subjects: list[str]) -> list[str]:
    """One library named by its maker, asked for a figure or a place: "the library developed by the Berkeley folks:
    where does it rank by commits?", "微软的那个工具包在提交次数上排第几？", "commits per contributor for the Databricks
    library" — an organisation only one library has names it."""
    if subjects or parts.measure is None or len(parts.attributes) != 1 or lx.PLURAL_ASK.search(parts.text) \
            or parts.has("count") or parts.order or parts.n:
        return []
    attribute = parts.attributes[0]
    maker = _only_maker(catalog, attribute.terms[0]) if not attribute.negated and len(attribute.terms) == 1 else None
    if maker is None:
        return []
    parts.attributes = []
    return [maker]


def _in_text_order(parts: Parts, catalog: Catalog, ids: list[str]) -> list[str]:
    """Libraries in the order the message says them, by name or by a term that describes them ("how many times more
    contributors does it have than the Microsoft toolkit": the one named before first)."""
    said: dict[str, int] = {}
    for mention in parts.every:
        said.setdefault(mention.key, mention.start)
    for term in parts.terms:  # in text order: the first term describing a library places it
        for described in (_only_maker(catalog, term.key), _only_built_on(catalog, term.key)):
            if described is not None:
                said.setdefault(described, term.start)
    return sorted(ids, key=lambda entry_id: said.get(entry_id, len(parts.text)))


def _only_maker(catalog: Catalog, term: str) -> str | None:
    """The one library an organisation made, if it made exactly one."""
    if term not in catalog.vocabulary.section("organizations"):
        return None
    holders = catalog.ids(catalog.holding([term]))
    return holders[0] if len(holders) == 1 else None


def _only_built_on(catalog: Catalog, term: str) -> str | None:
    """The one library built on a term (a library, surveyed or not), if exactly one is."""
    own = catalog.entry_of_term(term)
    holders = _built_on_term(catalog, term, own.id if own is not None else None)
    return holders[0] if len(holders) == 1 else None


def _part_of_named_group(parts: Parts, names: list[str]) -> list[str] | None:
    """The named libraries' total, and one of them named again as the part: "在 A、B、C 的星标总和中，B 占百分之几",
    "of the combined commits of A, B and C, what percent is C's?". The whole is the group; the part is ``[0]``."""
    if not parts.has("share") or len(names) < 2:
        return None
    if not (GROUP.search(parts.text) or re.search(r"\btotal\b|\bsum\b|总和|总数|合计", parts.text)):
        return None
    said = [m.key for m in parts.every if m.key in names]
    part = said[-1] if said else None
    if part is None or said.count(part) < 2 or len(set(said)) < 2:
        return None
    return [part, *[k for k in dict.fromkeys(said) if k != part]]


def _places_of_ranking(parts: Parts, catalog: Catalog, turn: Turn | None) -> list[str]:
    """Two places of a measure's ranking compared, with no library named and no earlier answer to point into:
    "星标第一的库是第二名的几倍？", "how many more stars does the top library have than the second?"."""
    if parts.measure is None or not parts.has("ratio", "difference") or (turn is not None and len(turn.ids) >= 2):
        return []
    places = [p for p in ([parts.k] if parts.k else []) + parts.places if p]
    two = lx.TWO_PLACES.search(parts.text)
    if len(places) < 2 and two is not None:  # "the star gap between the 3rd and 5th most-starred libraries"
        said = [_place_number(g) for g in two.groups() if g]
        places = [p for p in said if p] if len(said) == 2 else places
    ordinals = re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)\b", parts.text)
    if len(places) < 2 and len(ordinals) == 2:  # "the 2nd-ranked library by commits … than the 4th"
        places = [int(o) for o in ordinals]
    if len(places) == 1 and parts.order == "desc" and places[0] != 1:
        places = [1, *places]  # "the top library … the second"
    if len(places) != 2 or places[0] == places[1]:
        return []
    order = "asc" if parts.order == "asc" else "desc"  # "the 2nd and 4th least-starred"
    ranked = catalog.ids(catalog.mask(Scope()), parts.measure, order, max(places))
    if len(ranked) < max(places):
        return []
    parts.k, parts.places = None, []
    parts.subjects = [ranked[p - 1] for p in places]
    return parts.subjects


def _place_against_focus(parts: Parts, catalog: Catalog, turn: Turn | None) -> None:
    """A place of the ranking the last answer was about, against the library it named: "how many times more than
    the runner-up?" after "what's the biggest library by contributors?", "比第三名多多少？"."""
    if turn is None or turn.focus is None or len(parts.places) != 1 or parts.subjects \
            or not parts.has("ratio", "difference", "compare") or turn.plan.op.kind not in ("top", "kth", "rank_of"):
        return
    measure = parts.measure or turn.plan.measure
    if measure is None or measure not in catalog.measures:
        return
    place = parts.places[0]
    pool = Scope(libraries=turn.set_ids) if len(turn.set_ids) >= place else Scope()
    order = turn.plan.op.order if turn.plan.op.kind in ("top", "kth") else "desc"
    ranked = catalog.ids(catalog.mask(pool), measure, order, place)
    if len(ranked) == place and ranked[-1] != turn.focus:
        parts.subjects, parts.places = [turn.focus, ranked[-1]], []


def _named_target(parts: Parts) -> float | None:
    """The figure in "closest to 10,000", "最接近一万" (one number right after the word)."""
    found = CLOSEST.search(parts.text)
    if found is None:
        return None
    numbers = [v for v, start, _ in find_numbers(parts.text) if found.end() <= start <= found.end() + 6]
    return float(numbers[0]) if len(numbers) == 1 else None


def _place_number(word: str) -> int | None:
    return {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10}.get(word) or small_number(word)


def _figure_asked(parts: Parts) -> bool:
    """"…from that KDnuggets ranking: how many stars did PyTorch have?": "how many" governs the measure, so the
    figure is asked, whatever else the message says about rankings."""
    return any(re.search(r"\bhow many\s+(?:github\s+)?$|(?:多少|几)(?:个|颗|次|名|位)?\s*$",
                         parts.text[max(0, m.start - 20):m.start]) for m in parts.free_metrics) \
        and not re.search(r"\brank(?:ed|s)?\b|排第|第几|排名第", parts.text[-40:])


def _open(parts: Parts) -> Operation:
    """An open question; "which library …" / "a library that …" / "哪个库" asks for one."""
    plural = lx.PLURAL_ASK.search(parts.text)
    if plural and re.search(r"哪个|哪一个", parts.text) and not re.search(r"哪些|哪几", parts.text):
        plural = None  # "哪个库是专注于…的框架？": "哪个" asks for one whatever the sentence ends with
    one = not plural and (lx.WHICH_ONE.search(parts.text) or INDEFINITE.search(parts.text))
    return Operation(kind="open", n=1 if one else None)


SLICE_WORDS = re.compile(
    r"^\s*(?:[a-z]+\s+){0,2}?with the (?:most|fewest|least|highest|lowest|largest|smallest)\s+(?:number of\s+)?\S+"
    r"|^\s*(?:by|in)\s+(?:number of\s+)?\S+"
)


def _slice_words(parts: Parts) -> str | None:
    """The words of the top-N phrase itself, with what follows it ("top 5 by contributors", "the six libraries
    with the fewest contributors"), when they say the slice's direction; None when they do not."""
    if parts.n_span is None:
        return None
    start, end = parts.n_span
    tail = SLICE_WORDS.match(parts.text[end:])
    words = parts.text[start:end] + (tail.group(0) if tail else "")
    return words if lx.ASCENDING.search(words) or lx.DESCENDING.search(words) or tail else None


def _order_outside_slice(parts: Parts, scope: Scope) -> str | None:
    if scope.slice is None or parts.n_span is None:
        return None
    end = parts.n_span[1]
    tail = SLICE_WORDS.match(parts.text[end:])
    end += tail.end() if tail else 0  # "the six libraries with the fewest contributors": all of it is the slice
    text = parts.text[: parts.n_span[0]] + " " + parts.text[end:]
    text = re.sub(r"\btop\b|前", " ", text)
    return "asc" if lx.ASCENDING.search(text) else "desc" if lx.DESCENDING.search(text) else None


def _about_named(parts: Parts, names: list[str], measure: str | None) -> Operation:
    if measure:
        if len(names) >= 2 and parts.has("compare"):
            return Operation(kind="compare")
        if len(names) == 1 and parts.relation in ("developed_by", "built_on") and not parts.attributes \
                and ASKS_FACT.search(parts.text) and (lx.JOINED.search(parts.text) or parts.text.count("?") >= 2):
            return Operation(kind="value", relation=parts.relation)  # "Who made Caffe and how many stars…?": both
        if len(names) == 1 and parts.order and parts.has("yes_no") and not (parts.n or parts.k) \
                and (lx.DESCENDING.search(parts.text) or lx.ASCENDING.search(parts.text)):
            # "Is TensorFlow the library with the most stars?", "是所有库里最少的吗？": the top, checked
            return Operation(kind="top", n=1, order=parts.order, yes_no=True, against=names)  # type: ignore[arg-type]
        return Operation(kind="value")
    if len(names) >= 2 and parts.has("compare", "which"):
        return Operation(kind="compare")
    if len(names) == 1:
        if lx.ALIAS.search(parts.text):  # "What's the other name of spark-deep-learning?", "CNTK 的全称"
            return Operation(kind="describe")
        if parts.has("link"):  # "is it linked?" is answered either way; "what is its link?" only with one
            return Operation(kind="attribute_of", relation="link", yes_no=parts.has("yes_no"))
        if parts.relation in ("model_families", "capabilities") and not parts.attributes:
            return Operation(kind="attribute_of", relation=parts.relation)
        if parts.relation and parts.relation != "uses" and (not parts.attributes or parts.relation == "developed_by") \
                and not parts.has("yes_no"):
            return Operation(kind="attribute_of", relation=parts.relation)
        if parts.attributes:
            terms = [t for a in parts.attributes for t in a.terms]
            return Operation(kind="yes_no", relation=parts.relation, terms=terms)
        if parts.has("rank_of"):
            return Operation(kind="survey_rank")
        if parts.relation == "developed_by":
            return Operation(kind="attribute_of", relation="developed_by")
        if parts.has("yes_no") and parts.unknown_words and not parts.has("describe"):
            return Operation(kind="decline", reason="unsupported_fact")
        if parts.has("describe") and not parts.has("figures_all"):  # "Caffe 主打哪几点？"
            return Operation(kind="describe")
        if parts.has("figures_all", "how_many"):
            return Operation(kind="value", all_measures=True)
        return Operation(kind="describe")
    if parts.has("figures_all", "how_many"):
        return Operation(kind="value", all_measures=True)
    return Operation(kind="describe")


# --- follow-ups --------------------------------------------------------------------------------------------
LIST_THEM = re.compile(r"^\s*(?:and\s+|so\s+)?(?:which|what) (?:ones|are they|libraries|libs)\s*\??\s*$"
                       r"|^\s*(?:是)?哪(?:些|几个)(?:库)?\s*[?？]?\s*$"
                       r"|^\s*(?:name|list) them\b|^\s*列出来")
FORMER_LATTER = re.compile(r"前者.{0,20}后者|\bthe former\b.{0,40}\bthe latter\b")
BEYOND_THAT = re.compile(r"\b(?:above|over|more than|higher than"
                         r"|(?P<below>below|under|less than|fewer than|lower than))"
                         r" (?:that|it|this|the (?:average|mean|median))\b"
                         r"|(?:高于|超过|多于|大于|(?P<below_zh>低于|少于|小于|不到))(?:这个|那个|它|平均|均值|中位)")
PER_FOLLOWUP = re.compile(r"^\s*(?:and |what about |how about )?(?:per|/)\s|^\s*(?:那)?(?:每个|每位|每名|人均|平均每)")


def _complete(plan: Plan, parts: Parts, turn: Turn, catalog: Catalog) -> Plan:
    """Fill what an elliptical follow-up leaves out from the last turn's plan."""
    prev = turn.plan
    op, scope, measure = plan.op, plan.scope, plan.measure
    new_names = bool(parts.subjects)
    if measure and prev.measure and not new_names and not scope.restricted and PER_FOLLOWUP.search(parts.text):
        per = catalog.measures.derived_of(prev.measure, measure)  # "caffe commits?" -> "per contributor?"
        if per is not None:
            return prev.model_copy(update={"measure": per, "language": plan.language})
    narrowed = bool(scope.exclude or scope.attributes or scope.metrics or scope.versus or scope.slice
                    or scope.positions or scope.rank_versus)
    claimed = stated_multiple(parts.text) if not new_names and len(turn.ids) == 2 else None
    if claimed is not None and prev.op.kind in PAIRWISE and (measure or prev.measure) \
            and (parts.has("yes_no") or re.search(r"[吗嗎]\s*[?？]?\s*$", parts.text)):
        # "PyTorch vs MXNet stars?" -> "is that more than twice as many?": the two's ratio against the multiple
        return Plan(language=plan.language, scope=Scope(libraries=turn.ids), measure=measure or prev.measure,
                    op=Operation(kind="ratio", claim=claimed[1], claim_op=cast(Comparator, claimed[0])))
    if measure and parts.has("how_many") and not parts.has("rank_of") and not new_names and not narrowed \
            and not parts.order and turn.focus \
            and prev.op.kind in ("top", "kth") and len(turn.ids) == 1 and not lx.THAT_LIBRARY.search(parts.text) \
            and (lx.THAT_VALUE.search(parts.text) or SINGULAR.search(parts.text)):
        # "Which library has the fewest contributors?" -> "How many commits per contributor is that?": its figure
        return Plan(language=plan.language, scope=Scope(libraries=[turn.focus]), measure=measure,
                    op=Operation(kind="value"))
    if parts.has("share") and prev.op.kind == "aggregate" and prev.op.agg == "sum" and len(parts.subjects) == 1 \
            and not narrowed and (measure or prev.measure) == prev.measure:
        # "total stars across all 13?" -> "and what share of that is PyTorch's?": its share of that total
        return Plan(language=plan.language, scope=prev.scope.model_copy(update={"libraries": parts.subjects}),
                    measure=prev.measure, op=Operation(kind="share"))
    if parts.has("share", "ratio") and (measure or prev.measure) and not narrowed:
        asked = Operation(kind="ratio", percent=parts.has("share"))
        if FORMER_LATTER.search(parts.text) and len(turn.recent) >= 2 and len(turn.ids) < 2 and not new_names:
            # "pt 有多少 commit" -> "tf 呢" -> "前者…是后者的百分之多少？": named in two turns, the earlier
            # one over the later (two named in the last question are its answer's order, handled below)
            return Plan(language=plan.language, scope=Scope(libraries=[turn.recent[1], turn.recent[0]]),
                        measure=measure or prev.measure, op=asked)
        pronoun = SINGULAR.search(parts.text)
        if len(parts.subjects) == 1 and turn.focus and turn.focus != parts.subjects[0] and pronoun:
            # "它的提交次数是 PyTorch 的百分之多少？" (it over PyTorch), "Theano 是它的几倍？" (Theano over it)
            pointed = lx.THAT_LIBRARY.search(parts.text)  # "那个库的贡献者人数是它的几倍": "that library" first
            named_at = next((m.start for m in parts.libraries if m.key == parts.subjects[0]),
                            pointed.start() if pointed else len(parts.text))
            base = re.search(r"\b(?:than|as|times)\s*$|比\s*$", parts.text[:named_at])  # "how many times more than
            # TFLearn is that?": the one after "than" is the base
            pair = [turn.focus, parts.subjects[0]] if pronoun.start() < named_at or base \
                else [parts.subjects[0], turn.focus]
            return Plan(language=plan.language, scope=Scope(libraries=pair), measure=measure or prev.measure,
                        op=asked)
    if len(parts.subjects) == 1 and parts.has("ratio", "difference") and turn.focus \
            and turn.focus != parts.subjects[0] and (measure or prev.measure) and not narrowed:
        # "theano stars?" -> "lasagne?" -> "so Theano has how many times as many?": the new one against the last
        kind = "ratio" if parts.has("ratio") else "difference"
        named_at = next((m.start for m in parts.libraries if m.key == parts.subjects[0]), 0)
        base = re.search(r"(?:是|为|相当于|比)\s*$|\b(?:as (?:many|much) as|times|than|compared to)\s*$",
                         parts.text[:named_at])  # "是 PyTorch 的几倍？": the one named is the base
        pair = [turn.focus, parts.subjects[0]] if base else [parts.subjects[0], turn.focus]
        return Plan(language=plan.language, scope=Scope(libraries=pair),
                    measure=measure or prev.measure, op=Operation(kind=kind))  # type: ignore[arg-type]
    if len(parts.subjects) == 1 and parts.has("ratio", "difference") and parts.subjects[0] == turn.focus \
            and len(turn.recent) >= 2 and len(turn.ids) == 1 and (measure or prev.measure) and not narrowed:
        # "CNTK commits?" -> "And Theano?" -> "So how many more does Theano have?": against the one before
        kind = "ratio" if parts.has("ratio") else "difference"
        return Plan(language=plan.language, scope=Scope(libraries=[turn.focus, turn.recent[1]]),
                    measure=measure or prev.measure, op=Operation(kind=kind))  # type: ignore[arg-type]
    if EXCLUDE_IT.search(parts.text) and turn.focus and not new_names and prev.op.kind in (
            "top", "kth", "aggregate", "list", "count", "share") and not measure:
        # "其中星标最多的是哪个？" -> "去掉它之后，剩下的四个里呢？": the same question without the one just named
        kept = prev.scope.model_copy(update={"exclude": list(dict.fromkeys([*prev.scope.exclude, turn.focus])),
                                             "libraries": [i for i in prev.scope.libraries if i != turn.focus]})
        return prev.model_copy(update={"scope": kept, "language": plan.language})
    only_exclusion = scope.exclude and not (scope.attributes or scope.metrics or scope.versus or scope.slice
                                            or scope.positions or scope.rank_versus or scope.libraries)
    if only_exclusion and not measure and not _has_op_cue(parts) and prev.op.kind in (
            "aggregate", "top", "kth", "list", "count", "share", "group_compare") and not prev.scope.libraries:
        # "total stars of all 13?" -> "and without TensorFlow?": the same question, one library left out
        kept = prev.scope.model_copy(update={"exclude": list(dict.fromkeys([*prev.scope.exclude, *scope.exclude]))})
        return prev.model_copy(update={"scope": kept, "language": plan.language})
    if lx.BOTH_LISTS.search(parts.text) and turn.earlier and turn.ids and not new_names:
        # "top 3 by commits?" -> "and by stars?" -> "which libraries are in both lists?"
        both = [i for i in turn.ids if i in turn.earlier]
        listed = Operation(kind="count") if parts.has("how_many") and not parts.has("list_word") \
            else Operation(kind="list")
        return Plan(language=plan.language, scope=Scope(previous=both), measure=prev.measure, op=listed)
    if LIST_THEM.search(parts.text) and not new_names and not measure and prev.op.kind == "count":
        # "how many libs have under 1000 commits?" -> "which ones?": the same set, listed
        return prev.model_copy(update={"op": Operation(kind="list"), "language": plan.language})
    pair = turn.ids if len(turn.ids) == 2 else turn.recent[:2] if parts.has("previous_two") or (
        prev.op.kind == "value" and len(turn.ids) == 1 and len(prev.scope.libraries) == 1) else []
    if (measure or prev.measure) and not new_names and not narrowed and len(pair) == 2 and parts.has("which") \
            and (scope.previous is None or parts.has("previous_two")) \
            and not parts.order and (lx.MORE_OF_SET.search(parts.text) or lx.FEWER_OF_SET.search(parts.text)):
        # two libraries answered -> "哪个贡献者比较多？", "which of those two has more stars?": the two compared
        return Plan(language=plan.language, scope=Scope(libraries=pair), measure=measure or prev.measure,
                    op=Operation(kind="compare"))
    beyond = BEYOND_THAT.search(parts.text)
    if beyond and prev.op.kind == "aggregate" and prev.op.agg in ("mean", "median") and prev.measure \
            and not new_names and not narrowed:  # "avg commits across all 13?" -> "which libraries are above that?"
        column = catalog.column(prev.measure)[catalog.mask(prev.scope)]
        said = "median" if re.search(r"\bmedian\b|中位", parts.text) else "mean" if GROUP_MEAN.search(parts.text) \
            else prev.op.agg  # "中位数呢？" -> "高于平均的有哪些？": the average, as said
        middle = float(np.nanmedian(column) if said == "median" else np.nanmean(column))
        below = bool(beyond.group("below") or beyond.group("below_zh"))
        within = prev.scope.model_copy(update={"metrics": [*prev.scope.metrics, MetricFilter(
            metric=prev.measure, op="<" if below else ">", value=round(middle, 2))]})
        listed = Operation(kind="count") if parts.has("how_many") and not parts.has("list_word") \
            else Operation(kind="list")
        return Plan(language=plan.language, scope=within, measure=prev.measure, op=listed)
    only_measure = measure and not new_names and not scope.restricted and not _has_op_cue(parts)
    versus_focus = new_names and len(parts.subjects) == 1 and parts.has("compare") \
        and bool(lx.WHICH_ONE.search(parts.text) or re.search(r"\bhow (?:does|do|did) (?:that|it|this) compare\b"
                                                            r"|(?:它|那)(?:和|跟|与)\S{1,20}(?:比|相比)", parts.text))
    over_set = prev.op.kind in ("list", "count", "top", "kth", "aggregate") and prev.scope.restricted
    if measure and not new_names and not scope.restricted and over_set \
            and op.kind in ("top", "kth", "aggregate") and (parts.has("followup") or parts.text.startswith("and ")):
        # "libraries with fewer than 2,000 contributors" -> "and the most stars?": among those
        return plan.model_copy(update={"scope": prev.scope})
    if versus_focus and turn.focus and turn.focus not in parts.subjects and (measure or prev.measure):
        # "MXNet 的 star 有多少" -> "跟 CNTK 比呢，谁多": the library talked about against the one named
        return Plan(language=plan.language, scope=Scope(libraries=[turn.focus, *parts.subjects]),
                    measure=measure or prev.measure, op=Operation(kind="compare"))
    only_names = new_names and not measure and not scope.restricted and not _has_op_cue(parts) and (
        parts.has("followup") or _short(parts))
    only_op = not measure and not new_names and not scope.libraries and not scope.restricted and _has_op_cue(parts)
    if prev.op.kind == "aggregate" and turn.focus and not new_names and not measure and parts.has("which") \
            and not scope.restricted:  # the median -> "对应的是哪个库？": the library at it, with its figure
        return Plan(language=plan.language, scope=Scope(libraries=[turn.focus]), measure=prev.measure,
                    op=Operation(kind="value"))
    if parts.has("time") and not new_names and prev.measure and turn.focus and op.kind in ("open", "decline",
                                                                                          "describe") \
            and not scope.restricted:  # "现在还是这么多吗？", "what are they today?" after a figure: another date
        return Plan(language=plan.language, scope=Scope(libraries=[turn.focus]), measure=prev.measure,
                    op=Operation(kind="decline", reason="time"))
    if prev.op.kind == "decline" and prev.op.reason == "time" and prev.measure and not new_names and not measure \
            and parts.has("survey_date", "survey_word") and not scope.restricted:
        names = prev.scope.libraries or ([turn.focus] if turn.focus else [])
        if names:  # "its stars in 2024?" (declined) -> "and at the time of the survey?"
            return Plan(language=plan.language, scope=Scope(libraries=names), measure=prev.measure,
                        op=Operation(kind="value"))
    if parts.has("yes_no") and parts.order and not parts.n and not parts.k and (measure or prev.measure) \
            and not scope.restricted and set(scope.libraries) <= {turn.focus} and not parts.has("compare") \
            and (parts.has("pronoun") or lx.THAT_VALUE.search(parts.text) or (
                turn.focus and not new_names and not measure and not parts.has("which"))):
        # "Is that the lowest of all 13?", "是所有库里最少的吗？": the extreme, checked against the one talked about
        against = [turn.focus] if turn.focus else []
        return Plan(language=plan.language, scope=Scope(), measure=measure or prev.measure,
                    op=Operation(kind="top", n=1, order=parts.order, yes_no=bool(against), against=against))  # type: ignore[arg-type]
    talked_about = prev.scope.libraries if len(prev.scope.libraries) == 1 else \
        [turn.focus] if turn.focus and len(turn.ids) == 1 and prev.op.kind in ("top", "kth") else []
    if (measure or prev.measure) and not new_names and parts.has("rank_of") and not scope.restricted \
            and talked_about and op.kind in ("decline", "survey_rank", "top", "open", "list", "count", "value",
                                             "kth"):
        # "Theano 的提交次数排第几？" -> "那星标排第几？", "Caffe 星标多少" -> "在所有库里排第几",
        # "按贡献者排名第二的是哪个库？" -> "它的星标排第几？"
        return Plan(language=plan.language, scope=Scope(libraries=talked_about), measure=measure or prev.measure,
                    op=Operation(kind="rank_of", order="asc" if lx.RANK_ASCENDING.search(parts.text) else "desc"))
    if only_measure and prev.op.kind in ("difference", "ratio") and len(prev.scope.libraries) == 2 \
            and (((parts.has("which") or lx.WHICH_ONE.search(parts.text))
                  and (lx.MORE_OF_SET.search(parts.text) or lx.FEWER_OF_SET.search(parts.text)))
                 or LEADS.search(parts.text)):
        # "差多少？" -> "那贡献者呢，谁多？": a comparison of the same two by another measure
        return Plan(language=plan.language, scope=Scope(libraries=prev.scope.libraries), measure=measure,
                    op=Operation(kind="compare"))
    if only_measure and not parts.has("pronoun"):
        if prev.op.kind in ("list", "count") and len(turn.ids) == 1:  # "which is Microsoft's?" -> "commits?"
            return plan.model_copy(update={"scope": Scope(libraries=turn.ids), "op": Operation(kind="value")})
        if prev.op.kind == "survey_rank" and prev.scope.libraries:  # "Caffe 在清单里排第几" -> "按星标呢？"
            return plan.model_copy(update={"scope": Scope(libraries=prev.scope.libraries),
                                           "op": Operation(kind="rank_of")})
        if prev.op.kind == "survey_rank" and len(turn.ids) == 1:  # "which library is 7th in the survey?" ->
            by = re.match(r"\s*(?:and\s+)?(?:by|按|依)\b", parts.text)  # "how many stars?": its figure
            return plan.model_copy(update={"scope": Scope(libraries=turn.ids),
                                           "op": Operation(kind="rank_of" if by else "value")})
        if prev.op.kind == "decline" or prev.op.kind in ("describe", "attribute_of", "yes_no", "open"):
            names = prev.scope.libraries or turn.ids[:1]
            return plan.model_copy(update={"scope": Scope(libraries=names), "op": Operation(kind="value")})
        return prev.model_copy(update={"measure": measure, "language": plan.language})
    if only_names:
        if prev.op.kind == "decline" and prev.measure:
            return plan.model_copy(update={"measure": prev.measure, "op": Operation(kind="value")})
        rerun = ABOUT_ONE | PAIRWISE | {"share"}
        if prev.op.kind in PAIRWISE and len(parts.subjects) == 1 and len(prev.scope.libraries) == 2 \
                and parts.subjects[0] not in prev.scope.libraries and (VERSUS.search(parts.text) or re.search(
                    r"\b(?:than|against|compared (?:to|with))\b|和|跟|比", parts.text)):
            # "Does TensorFlow have more than 10x the stars of Theano?" -> "what about vs CNTK?": the other side
            swapped = prev.scope.model_copy(update={"libraries": [prev.scope.libraries[0], parts.subjects[0]]})
            return prev.model_copy(update={"scope": swapped, "language": plan.language})
        if prev.op.kind in rerun and not (prev.op.kind in PAIRWISE and len(parts.subjects) < 2):
            kind_scope = prev.scope.model_copy(update={"libraries": parts.subjects})
            return prev.model_copy(update={"scope": kind_scope, "language": plan.language})
        if prev.measure:
            return plan.model_copy(update={"measure": prev.measure, "op": Operation(kind="value")})
        return plan
    one_by_one = prev.op.kind == "value" and len(turn.ids) == 1 and len(turn.recent) >= 2 \
        and not prev.scope.restricted  # "fastai 的贡献者多少" -> "tflearn 呢" -> "加起来呢": the two named
    if only_op and one_by_one and op.kind == "aggregate" and op.agg == "sum":
        counted = re.search(r"(两|二|三|四|五)\s*(?:个|者)|\b(two|three|four|five)\b", parts.text)  # "三个加起来"
        many = (small_number(counted.group(1) or counted.group(2)) or 2) if counted else 2
        if many <= len(turn.recent):
            return Plan(language=plan.language, scope=Scope(libraries=turn.recent[:many][::-1]),
                        measure=prev.measure, op=op)
    if only_op:
        if op.kind not in PAIRWISE and lx.WHOLE_SURVEY.search(parts.text) and not prev.scope.restricted:
            # "PyTorch commits per contributor?" -> "which of all 13 is highest on that measure?": every library
            return Plan(language=plan.language, scope=Scope(), measure=prev.measure, op=op)
        keep = prev.scope if not (prev.op.kind in ("top", "kth") and op.kind in PAIRWISE | {"aggregate", "share"}) \
            else prev.scope.model_copy(update={"libraries": turn.ids})
        if op.kind in PAIRWISE:
            keep = keep.model_copy(update={"libraries": turn.ids if len(turn.ids) >= 2 else keep.libraries})
        elif op.kind == "value":
            keep = keep.model_copy(update={"libraries": keep.libraries or turn.ids})
        if op.kind == "top" and prev.op.kind in ("top", "kth"):
            op = prev.op.model_copy(update={"order": op.order})
        return Plan(language=plan.language, scope=keep, measure=prev.measure, op=op)
    that = lx.THAT_VALUE.search(parts.text)
    if op.kind == "survey_rank" and prev.measure and not parts.has("survey_context") and that:
        op = Operation(kind="rank_of")  # "what rank is that?" after a figure: its rank by that measure
        plan = plan.model_copy(update={"op": op, "scope": scope.model_copy(
            update={"libraries": scope.libraries or ([turn.focus] if turn.focus else [])})})
    if measure is None and (op.kind in MEASURED or (op.kind == "compare" and prev.measure)):
        plan = plan.model_copy(update={"measure": prev.measure})
    if op.kind == "ratio" and op.per and not plan.scope.libraries and turn.focus:
        plan = plan.model_copy(update={"scope": plan.scope.model_copy(update={"libraries": [turn.focus]})})
    if op.kind == "share" and plan.scope.previous is not None and lx.OF_ALL.search(parts.text):
        # "what share of all contributors do those three account for?": the set against every library
        plan = plan.model_copy(update={"scope": Scope(libraries=plan.scope.previous)})
    if op.kind == "share" and not plan.scope.libraries and not plan.scope.restricted and turn.ids:
        plan = plan.model_copy(update={"scope": plan.scope.model_copy(update={"libraries": turn.ids})})
    if op.kind == "open" and not new_names and parts.has("compare", "which") and len(turn.recent) >= 2 and (
            plan.measure or prev.measure):  # "so which one is higher on that?"
        plan = Plan(language=plan.language, scope=Scope(libraries=turn.recent[:2]),
                    measure=plan.measure or prev.measure, op=Operation(kind="compare"))
    if op.kind in PAIRWISE and len(scope.libraries) < 2 and len(turn.ids) >= 2 and not new_names:
        plan = plan.model_copy(update={"scope": scope.model_copy(update={"libraries": turn.ids[:2]})})
    return plan


def _has_op_cue(parts: Parts) -> bool:
    return bool(parts.order or parts.n or parts.k or parts.agg or parts.has(
        "share", "ratio", "difference", "count", "rank_of", "describe", "yes_no", "list_all")
        or parts.relation or parts.places)


def _short(parts: Parts) -> bool:
    if parts.language == "zh":
        return len(re.sub(r"[a-z0-9.\-+ ]+", "", parts.text)) <= 8
    return len(parts.text.split()) <= 5


def _settle(plan: Plan) -> Plan:
    """Last checks that need the whole plan: a measure the operation needs, operands it needs."""
    op = plan.op
    if op.kind in MEASURED and plan.measure is None:
        if op.kind == "share" and plan.scope.restricted and not plan.scope.libraries:
            return plan  # "what percent of the libraries have more than 10k stars?": a share of the entries
        if op.kind == "top" and op.n is None and not plan.scope.restricted:
            return plan.model_copy(update={"op": Operation(kind="decline", reason="clarify")})
        if op.kind in ("top", "kth"):
            return plan.model_copy(update={"op": Operation(kind="list")})
        return plan.model_copy(update={"op": Operation(kind="decline", reason="clarify")})
    if op.kind in ("difference", "ratio") and len(plan.scope.libraries) < 2 and not op.extremes and not (
            op.per and plan.scope.libraries):
        return plan.model_copy(update={"op": Operation(kind="decline", reason="clarify")})
    return plan
