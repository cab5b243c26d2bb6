"""Question understanding, step one: find the parts of a question locally (names, measures, thresholds,
ranges, attribute predicates and their negation, exclusions, orders, places, cues) without deciding yet
what to compute. planner.py composes the parts into a plan."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from app.engine import lexicon as lx
from app.engine.linking import EntityLinker, Mention
from app.engine.metrics import Measures, MetricMention
from app.engine.numbers import find_numbers, small_number
from app.engine.plan import AttributeFilter, MetricFilter, MetricVersus, RankSlice
from app.engine.text import detect_language, has_meaningful_text, normalize

PREFIX_GAP = 8  # most characters between "more than" and its number
NEGATION_WINDOW = 14  # most characters between a negation and the attribute it negates
CUES = {
    "how_many": lx.HOW_MANY, "difference": lx.DIFFERENCE, "compare": lx.COMPARE, "rank_order": lx.RANK_ORDER,
    "rank_of": lx.RANK_OF, "count": lx.COUNT_LIBRARIES, "list_all": lx.LIST_ALL, "survey_date": lx.SURVEY_DATE,
    "survey_word": lx.SURVEY_WORD, "survey_about": lx.SURVEY_ABOUT, "describe": lx.DESCRIBE,
    "figures_all": lx.FIGURES_ALL, "which": lx.WHICH, "yes_no": lx.YES_NO, "pronoun": lx.PRONOUN,
    "followup": lx.FOLLOWUP, "ratio": lx.RATIO, "share": lx.SHARE, "previous_set": lx.PREVIOUS_SET,
    "previous_two": lx.PREVIOUS_TWO, "unsupported_metric": lx.UNSUPPORTED_METRIC,
    "unsupported_fact": lx.UNSUPPORTED_FACT, "time": lx.TIME_VARYING, "judgement": lx.JUDGEMENT,
    "survey_context": lx.SURVEY_CONTEXT, "ranked_by": lx.RANKED_BY, "list_word": lx.LIST_WORD,
    "library_noun": lx.LIBRARY_NOUN, "link": lx.LINK,
}
SINGULAR = re.compile(
    r"\b(?:it|its|it's|this one|that one|this library|that library|the library|that)\b|它(?!们)|这个|那个|该库|这库|此库"
)
NUMBER_WORD = re.compile(r"^[\d.,]+(?:k|w|m|st|nd|rd|th)?$")
GOVERNING = ("built_on", "runs_on", "compatible_with", "developed_by", "uses")  # relations that take a value
PLACE_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


class Cues:
    """Which cue patterns a question matches, each searched the first time it is asked about."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._seen: dict[str, bool] = {}

    def mark(self, name: str) -> None:
        """A cue found by a rule rather than a pattern (a "/" between two measures asks for a ratio)."""
        self._seen[name] = True

    def __getitem__(self, name: str) -> bool:
        found = self._seen.get(name)
        if found is None:
            found = self._seen[name] = bool(CUES[name].search(self._text))
        return found


@dataclass
class Parts:
    """Everything found in one question, with where it was found."""

    raw: str
    text: str
    language: str
    libraries: list[Mention] = field(default_factory=list)  # every library named, in text order
    subjects: list[str] = field(default_factory=list)  # named libraries that are not attribute values or exclusions
    # thresholds set by a named library's figure: (metric, ">" or "<", entry id) — "more stars than Caffe"
    relative: list[tuple[str, str, str, float]] = field(default_factory=list)  # (metric, op, entry, factor)
    positions: tuple[int, int] | None = None  # the source's own places, "列表第 9 到第 13 名"
    mean_filters: list[tuple[str, str, str]] = field(default_factory=list)  # (metric, op, "mean"|"median")
    slices: list[RankSlice] = field(default_factory=list)
    rank_versus: list[tuple[str, str]] = field(default_factory=list)  # (placed higher by, than by)  # two top-Ns, or one negated: "top 5 for both X and Y"
    exclude: list[str] = field(default_factory=list)
    attributes: list[AttributeFilter] = field(default_factory=list)
    relation: str | None = None
    relation_at: int | None = None  # where the relation phrase ends
    relation_start: int | None = None
    metrics: list[MetricMention] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # starts of metric mentions a threshold or comparison took
    filters: list[MetricFilter] = field(default_factory=list)
    versus: list[MetricVersus] = field(default_factory=list)
    order: str | None = None
    n: int | None = None  # top / bottom N
    n_span: tuple[int, int] | None = None
    k: int | None = None  # k-th
    from_bottom: bool = False  # "倒数第二", "second to last"
    places: list[int] = field(default_factory=list)  # "the second one", "第二名": places in the previous answer
    survey_place: int | None = None  # "#1 in the survey"
    agg: str | None = None
    ratio_named: bool = False  # "ratio" names a derived measure ("the stars-per-contributor ratio")
    every: list[Mention] = field(default_factory=list)  # every library mention, a library named twice included
    terms: list[Mention] = field(default_factory=list)  # every vocabulary term mentioned, in text order
    same_measure: tuple[int, int] | None = None  # where "that measure" / "这个指标" was said (blanked)
    claim: tuple[str, str, float] | None = None  # "is A's star count more than twice B's?": (metric, op, factor)
    cues: Cues = field(default_factory=lambda: Cues(""))
    unknown_words: list[str] = field(default_factory=list)
    meaningful: bool = True

    order_at: int | None = None  # where the superlative ("fewest", "最少") is

    @property
    def measure(self) -> str | None:
        """The measure the question is about: of those not used up by a threshold or a comparison, the one a
        superlative governs ("...which has the fewest contributors"), else the first."""
        free = self.free_metrics
        if not free:
            return None
        if self.order_at is not None and len({m.metric for m in free}) > 1:
            def distance(m: MetricMention) -> int:
                gap = m.start - self.order_at if m.start >= self.order_at else self.order_at - m.end  # type: ignore[operator]
                return gap if (m.start >= self.order_at) == (self.language == "en") else gap + 6  # type: ignore[operator]
            return min(free, key=distance).metric
        return free[0].metric

    @property
    def free_metrics(self) -> list[MetricMention]:
        return [m for m in self.metrics if m.start not in self.used]

    def raw_after(self, position: int) -> str:
        """The question as typed after a position of the normalised text (same length for Latin text)."""
        return self.raw[position:position + 40] if len(self.raw) == len(self.text) else ""

    def has(self, *cues: str) -> bool:
        return any(self.cues[cue] for cue in cues)

    def by_metric(self) -> str | None:
        """The measure named after "by" / "按" ("rank by commits"), when several are named."""
        named = [m.metric for m in self.free_metrics
                 if re.search(r"(?:\bby|\bin terms of|按|以)\s*$", self.text[max(0, m.start - 12):m.start])]
        if named:
            return named[-1]  # the last: "X is last by contributors, but its rank by commits?"
        turn = BUT.search(self.text)  # "Theano has more commits, but how far apart are they on stars?"
        after = [m.metric for m in self.free_metrics if turn is not None and m.start >= turn.end()]
        return after[-1] if after and len(set(after)) == 1 else None

    @property
    def singular_pronoun(self) -> bool:
        return bool(SINGULAR.search(self.text))


DIRECTION = re.compile(
    r"(?P<down>\b(?:highest|most|largest|biggest|high|top)\s*(?:to|->|→|-)\s*(?:the\s*)?(?:lowest|least|fewest|smallest|low|bottom)\b)"
    r"|\b(?:lowest|least|fewest|smallest|low|bottom)\s*(?:to|->|→|-)\s*(?:the\s*)?(?:highest|most|largest|biggest|high|top)\b"
)
ABOVE_MEAN = re.compile(
    r"(?:(?P<above>\babove|\bhigher than|\bmore than|\bover|\bgreater than|\bexceeds?|\bbeats?|\bsurpass(?:es)?|\boutperforms?|超过|高于|多于|大于|(?<![处位])在(?=平均|均值|中位))"
    r"|(?P<below>\bbelow|\blower than|\bless than|\bfewer than|\bunder|低于|少于|小于|不到|不足))[\s-]*(?:the\s+)?"
    r"(?:(?:1\d|十三|所有|全部|这些)\s*个?\s*(?:库|libraries)\s*的?\s*|(?:survey|list|overall|group)(?:'s)?\s+)?"
    r"(?:(?P<median>中位数|中值|\bmedian\b)|平均值|平均数|平均水平|均值|\bmean\b|\baverage\b)(?:以上|以下)?"
)
FOCUS = "@focus"  # the library the conversation is about, in a threshold's yardstick ("fewer commits than it")
ABOVE_MEAN_EN = re.compile(  # "more contributors than the median library"
    r"\b(?:(?P<above>more|higher|greater|bigger)|(?P<below>fewer|less|lower|smaller))\s+(?:\w+\s+){1,2}?than\s+"
    r"(?:the\s+)?(?:(?:\d+|all|thirteen)[-\s](?:library|libraries)(?:'s?)?\s+)?(?:(?P<median>median)|mean|average)\b"
)
RANK_HIGHER = re.compile(
    r"\b(?:rank(?:s|ed)?|sits?|placed?|lands?|comes?|is|are)\s+(?:(?P<up>higher|better|closer to (?:#|number )?1)|(?P<down>lower|worse))"
    r"(?:\s*\([^)]*\))?\s+(?:in|by|on)\b|排名(?:更)?(?:(?P<up_zh>高|靠前)|(?P<down_zh>低|靠后))"
)
BUT = re.compile(r"\bbut\b|\bhowever\b|但是?|不过|可是|然而")


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _top_n(text: str) -> tuple[int | None, list[tuple[int, int]]]:
    match = lx.TOP_N.search(text)
    if not match:
        limit = re.search(r"\b(?:limit|top|n)[\"']?\s*[=:]\s*(\d{1,3})\b", text)  # "limit=5", '"n":2
        if limit is None and AGENT_SUPERLATIVE.search(text):
            return 1, []  # '{"tool": "superlative", "metric": "commits", "order": "asc"}': the one at the end
        return (int(limit.group(1)), [limit.span()]) if limit else (None, [])
    if re.search(r"(?:其余|剩下的?|其他|其它|\bthe other|\bremaining|\bthe rest of the|\bleaving out|\bleave out|\bexcluding"
                 r"|\bexcept(?: for)?|\bignoring|\bother than|除了|除去|不算|不包括|排除|去掉)\s*$", text[: match.start()]):
        return None, [match.span()]  # "其余12个库", "the other 12 libraries": a count, not a top N
    token = next(g for g in (match.group(n) for n in ("en", "en2", "en3", "en4", "en5", "zh", "zh2", "zh3", "zh4", "zh5")) if g)
    if re.fullmatch(r"(?:19|20)\d\d", token):
        return None, [match.span()]  # "the 2018 KDnuggets numbers": a year, not a top N
    if re.search(r"(?:所有|全部|这|总共|一共|\ball(?: of)?(?: the)?)\s*$", text[: match.start()]):
        return None, [match.span()]  # "所有13个库", "all 13 libraries": every one, not a top N
    if re.match(r"\s*(?:libraries|libs|ones|others)?\s*(?:other than|besides|except|apart from)", text[match.end():]):
        return None, [match.span()]  # "the 12 libraries other than TensorFlow": how many are left, not a top 12
    if match.group("zh2") and (re.search(r"(?:的|那|这)\s*$", text[: match.start()])
                               or re.match(r"\s*(?:里面|里|中|当中|之中|内)", text[match.end():])):
        return None, [match.span()]  # "基于 Keras 的两个库", "13个库里…最少的": how many there are, not a top N
    if re.search(r"\b(?:among|of|between|in) (?:(?:the|these|those) )?$", text[: match.start()]) and re.match(
            r"\s*(?:(?:based|built|powered) on [\w.-]+ |[\w.-]+ )?(?:libraries|libs|frameworks|ones)\b", text[match.end():]) \
            and not re.search(r"\b(?:most|fewest|least|highest|lowest|top|bottom|by)\b",
                              text[max(0, match.start() - 30):match.end() + 40]):
        return None, [match.span()]  # "among the two Keras-based libraries": how many the filter holds, not a top 2
    if match.group("en4") and (small_number(token) or 0) > 2 and re.search(
            r"\bwhich (?:of|among)\s*$|\bamong\s*$|\bof all\s*$|\bacross\s*$|(?<!top )(?<!first )(?<!bottom )(?<!last )\bof\s*$",
            text[: match.start()]) and not re.search(
            r"\bwith the (?:most|fewest|least|highest|lowest|largest|smallest)\b|\bby\b"
            r"|^\s*(?:most|least|fewest|highest|lowest|top|bottom)\b", text[match.end():]):
        return None, []  # "which of the 13 libraries has …": the whole survey, not a top 13
    return small_number(token), [match.span()]


SLICE_NOT = re.compile(r"(?:\boutside(?: of)?|\bnot (?:in|among)|\bnot|\bisn't in|\baren't in|\bexcluding|\bexcept(?: for)?"
                       r"|\bleaving out|\bignoring|\bnot counting|\bother than|\bbeyond|\bbelow|\bwithout|\bapart from"
                       r"|不在|没进|没有进入?|未进入?|排不进|不属于|除了|除去|排除|去掉|不算|不含|不包括)\s*(?:the\s*)?$")
SLICE_EXCLUDED = re.compile(r"(?:不在|没进|没有进入?|排除|除去|除了|去掉|不算|\bexcluding|\bexcept|\bleaving out|\bnot in)\s*"
                            r"(?:the\s*)?(?:按|by\s+)?$")
SLICE_EXCLUDED_AFTER = re.compile(r"^\s*(?:名|个|位)?\s*(?:的库)?\s*(?:去掉|除外|以外|之外|不算|排除|拿掉|除去)")
SLICE_BY = re.compile(r"^\s*(?:by|for|in|on|of)\s+(?:both\s+)?(?:the\s+)?(?:number of\s+)?$")
SLICE_AND = re.compile(r"^\s*(?:and|&|和|与)\s*$")


def _slices(text: str, metrics: list[MetricMention]) -> tuple[list[RankSlice], set[int]]:
    """Top-N sets when there are two ("top 5 for both commits and stars", "贡献者排前五、但 star 不在前五") or
    one is negated ("outside the top 5 by stars"); one plain top N is left to the planner."""
    found: list[RankSlice] = []
    spans: list[tuple[int, int]] = []
    taken: set[int] = set()
    negated_any = False
    for match in lx.TOP_N.finditer(text):
        token = next((g for g in (match.group(n) for n in ("en", "en2", "en3", "en4", "en5", "zh", "zh2", "zh3", "zh4", "zh5")) if g), None)
        n = small_number(token) if token else None
        if not n:
            continue
        negated = bool(SLICE_NOT.search(text[max(0, match.start() - 20):match.start()]))
        lead = next((m for m in metrics if m.end <= match.start() and match.start() - m.end <= 8), None)
        if lead is not None and SLICE_EXCLUDED.search(text[max(0, lead.start - 10):lead.start]):
            negated = True  # "不在 commit 前五名", "排除 star 前三名之后", "不算按贡献者排名的前三名"
        if SLICE_EXCLUDED_AFTER.match(text[match.end():]):
            negated = True  # "按贡献者排的前三名去掉以后"
        order = "asc" if re.search(r"bottom|last|lowest|最少|最低|最小", match.group(0)) else "desc"
        attached = [m for m in metrics if m.start >= match.end() and SLICE_BY.match(text[match.end():m.start])]
        if attached:
            following = [m for m in metrics if m.start > attached[0].end and SLICE_AND.match(text[attached[0].end:m.start])]
            attached += following[:1]
        else:  # "贡献者排前五", "star 不在前五": the measure just before
            before = [m for m in metrics if m.end <= match.start() and match.start() - m.end <= 8 and re.fullmatch(
                r"\s*(?:数|数量)?\s*(?:(?:两|两个|各|三个?)\s*(?:方面|项))?(?:上|方面|里|中)?\s*(?:都|也)?\s*"
                r"(?:排(?:名|在)?|排进了?|排行|进了?|进入?|在)?\s*(?:的)?\s*(?:不在|没进|没有进入?|in)?\s*(?:the\s*)?",
                text[m.end:match.start()])]
            attached = before[-1:]
            joined = [m for m in metrics if attached and m.end <= attached[0].start
                      and re.fullmatch(r"\s*(?:数)?\s*(?:和|与|、|及|and)\s*", text[m.end:attached[0].start])]
            attached = joined[-1:] + attached  # "提交和星标上都排前五"
        negated_any |= negated
        if not attached and negated and len({m.metric for m in metrics}) == 1:
            # "what share of all stars go to libraries outside the top 3?": by the one measure asked about
            found.append(RankSlice(metric=metrics[0].metric, order=order, n=n, negated=True))  # type: ignore[arg-type]
        found += [RankSlice(metric=m.metric, order=order, n=n, negated=negated) for m in attached]  # type: ignore[arg-type]
        spans.append(match.span())
        taken |= {m.start for m in attached}
    return (found, taken) if len(found) >= 2 or negated_any else ([], set())


def _ordinal(text: str, reserved: list[tuple[int, int]]) -> tuple[int | None, bool, list[tuple[int, int]]]:
    """(k, from the bottom, spans) of "second most", "third", "倒数第二", "second to last", "the runner-up"."""
    runner_up = re.search(r"\brunner[- ]?ups?\b|\bsecond place\b|亚军", text)
    if runner_up is not None:
        return 2, False, [runner_up.span()]
    position = re.search(r"\bposition\s*[=:]\s*(\d{1,3})\b", text)  # agent syntax: rank(metric=stars, position=7)
    if position is not None:
        return int(position.group(1)), False, [position.span()]
    for match in lx.ORDINAL.finditer(text):
        if _inside(match.start(), reserved) or re.search(r"\b(?:a|one)\s*$", text[max(0, match.start() - 5):match.start()]):
            continue  # "a tenth of TensorFlow's stars": a fraction, not a place
        if match.group("en") == "first" and re.search(
                r"(?:fewest|least|lowest|smallest|most|highest|largest|biggest|top|biggest ones|smallest ones)\s*$",
                text[max(0, match.start() - 16):match.start()]):
            continue  # "fewest first": a sort direction, not a place
        if match.group("en"):
            word = match.group("en")
            value = lx.ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word))
        else:
            value = small_number(match.group("zh")) or 0
        bottom = text[max(0, match.start() - 3):match.start()].endswith("倒数") or bool(
            re.match(r"\s*(?:to |from )(?:the )?(?:last|bottom)|\s*[- ]?(?:fewest|least|lowest|smallest)\b"
                     r"|\s*(?:名)?(?:少|低|小)", text[match.end():]))
        return (value or None), bottom, [match.span()]
    return None, False, []


def _places(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    places, spans = [], []
    for match in lx.PLACE_REFERENCE.finditer(text):
        if match.group("ru") or match.group("ru_zh"):
            value = 2  # "the runner-up", "亚军"
        elif match.group("en"):
            value = PLACE_WORDS.get(match.group("en"), -1)
        elif match.group("num"):
            value = int(match.group("num"))
        else:
            value = small_number(match.group("zh")) or 0
        places.append(value)
        spans.append(match.span())
    return places, spans


_COMPARATORS = "|".join(p.pattern for p in (lx.FILTER_ABOVE, lx.FILTER_AT_LEAST, lx.FILTER_BELOW, lx.FILTER_AT_MOST))
TIGHT_BEFORE = re.compile(rf"\s*(?:数|数量|counts?)?\s*(?:is |are |of |在|为)?\s*(?:{_COMPARATORS}|[<>≥≤=]=?)\s*")
TIGHT_AFTER = re.compile(r"\s*(?:个|名|次|颗|位)?\s*")


def _nearest_metric(metrics: list[MetricMention], start: int, end: int, language: str, text: str = "") -> MetricMention | None:
    if not metrics:
        return None

    def distance(m: MetricMention) -> tuple[int, int, int]:
        gap = start - m.end if m.end <= start else m.start - end
        between = text[m.end:start] if m.end <= start else text[end:m.start]
        # "commits over 1.5k", "commit 数超过 1w", "over 100 contributors": only the comparator (or nothing) between
        tight = bool(TIGHT_BEFORE.fullmatch(between)) if m.end <= start else bool(TIGHT_AFTER.fullmatch(between))
        preferred_side = (m.end <= start) == (language == "zh")  # zh: "贡献者超过100"; en: "over 100 contributors"
        return (0 if tight else 1, max(gap, 0), 0 if preferred_side else 1)

    return min(metrics, key=distance)


def _comparator(text: str, start: int, end: int) -> str | None:
    before, after = text[max(0, start - PREFIX_GAP - 40):start], text[end:end + 12]
    agent = re.search(r"\"op\"\s*:\s*\"(>=|<=|>|<|gte|lte|gt|lt)\"[^{}]{0,40}$", before)
    if agent is not None:  # '{"metric": "stars", "op": ">=", "value": 15000}'
        return {"gte": ">=", "lte": "<=", "gt": ">", "lt": "<"}.get(agent.group(1), agent.group(1))
    if re.search(r"(?:>=|≥)\s*$", before):
        return ">="
    if re.search(r"(?:<=|≤)\s*$", before):
        return "<="
    if re.search(r">\s*$", before):
        return ">"
    if re.search(r"<\s*$", before):
        return "<"
    window = before[-(PREFIX_GAP + 14):]
    if re.search(r"(?:\bnot|n't|没有?|未)\s*(?:reach|hit|达到)\s*$", window):
        return "<"  # "libraries that do not reach 1,000 stars", "没达到一千"
    if re.search(r"(?:" + lx.FILTER_AT_LEAST.pattern + r")\s*$", window) or re.match(
            r"\s*(?:[a-z\u4e00-\u9fff]{1,12}\s*(?:数|数量)?\s*)?(?:\+|or more|or above|or higher|及以上|以上|或以上|或更多)", after):
        return ">="  # "2w star 以上", "5000 个星标以上"
    if re.match(r"\s*(?:[a-z\u4e00-\u9fff]{1,12}\s*(?:数|数量)?\s*)?(?:or (?:fewer|less|below|lower)|及以下|以下|或以下)", after):
        return "<="
    best: tuple[int, int, str] | None = None
    for op, pattern in ((">", lx.FILTER_ABOVE), ("<=", lx.FILTER_AT_MOST), ("<", lx.FILTER_BELOW)):
        for match in pattern.finditer(window):
            gap = len(window) - match.end()  # the nearest; at the same place the longer ("no more than")
            if gap <= PREFIX_GAP and (best is None or (gap, -len(match.group(0))) < best[:2]):
                best = (gap, -len(match.group(0)), op)
    if best is not None:
        return best[2]
    return None


FORMULA = re.compile(r"\(\s*[^()]{1,40}?(?:÷|/|除以|divided by|\bover\b)\s*[^()]{1,30}\)")
EXCLUDED_SET = re.compile(r"(?:\bexcluding|\bexcept(?: for)?|\bnot counting|\bother than|\bleaving out|\bwithout|\bminus"
                          r"|\bignoring)\s+(?:the ones?|those|ones|the libraries|libraries|anything|any)\b[^,;?]{0,24}$"
                          r"|(?:除去|除了|不算|去掉|排除|扣掉)[^，,；;?？]{0,16}$")
INVERSE = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}


def _thresholds(text: str, metrics: list[MetricMention], language: str,
                reserved: list[tuple[int, int]], taken: set[int]) -> list[MetricFilter]:
    numbers = [n for n in find_numbers(text) if not _inside(n[1], reserved) and not _is_year_or_count(text, n)]
    found: list[MetricFilter] = []
    used: set[int] = set()
    for i, (value, start, end) in enumerate(numbers):
        if i in used:
            continue
        if i + 1 < len(numbers):
            high, start2, end2 = numbers[i + 1]
            joined = lx.RANGE_JOIN.match(text[end:start2])
            if joined and (lx.RANGE_CUE.search(text[max(0, start - 20):start]) or lx.RANGE_CUE.search(text[end2:end2 + 8])
                           or text[end:start2].strip() in ("到", "至", "-", "–", "~")
                           or (text[end:start2].strip() == "to"  # "with 100 to 1,000 contributors"
                               and any(0 <= m.start - end2 <= 2 for m in metrics))):
                metric = _nearest_metric(metrics, start, end2, language, text)
                if metric is not None:
                    low, top = sorted((value, high))
                    found.append(MetricFilter(metric=metric.metric, op="between", value=low, high=top))
                    taken.add(metric.start)
                    used |= {i, i + 1}
                    continue
        op = _comparator(text, start, end)
        metric = _nearest_metric(metrics, start, end, language, text)
        if op is not None and (found or re.search(r"[\u4e00-\u9fff]", text)) \
                and EXCLUDED_SET.search(text[max(0, start - 40):start]):
            op = INVERSE[op]  # "under 10k stars, excluding the ones under 1k": the second set is left out
        elif op is not None and re.search(r"\b(?:neither|nor)\b[^,;?]{0,16}$|(?:既不|也不)[^，,；;?？]{0,12}$"
                                          r"|\bnot (?:in|among|part of) (?:the )?$",
                                          text[max(0, start - 24):start]):
            op = INVERSE[op]  # "neither 100+ contributors nor 1,000+ stars": outside both
        elif op is not None and re.search(
                r"(?:\bnot|n't)\s+(?:have|has|had|get|got|hold|reach|exceed|cross|pass|surpass|go|come in)\s*"
                r"(?:(?:more than|over|above|greater than|fewer than|less than|under|below|at least)\s*)?$",
                text[max(0, start - 40):start]) and not re.search(r"(?:\bnot|n't)\s+(?:reach|hit)\s*$",
                                                                    text[max(0, start - 40):start]):
            op = INVERSE[op]  # "which libs do NOT have more than 500 contributors?": at most 500
        if op is not None and metric is not None:
            found.append(MetricFilter(metric=metric.metric, op=op, value=value))  # type: ignore[arg-type]
            taken.add(metric.start)
            used.add(i)
    return found


def _is_year_or_count(text: str, number: tuple[int, int, int]) -> bool:
    value, start, end = number
    after, before = text[end:end + 4], text[max(0, start - 6):start]
    if text[start:end] == "一" and (re.match(r"[共起下些样直定般切半]", after) or re.search(r"[统唯第之]$", before)):
        return True  # 一共, 一起, 唯一: words, not numbers
    if re.match(r"\s*年", after) or (1900 <= value <= 2100 and re.search(r"\b(?:in|of|since|by)\s*$", before)):
        return True
    if re.match(r"\s*(?:%|percent|倍|times)", after):
        return True
    return bool(re.match(r"\s*(?:个|款|家)?(?:库|框架|libraries|libs|frameworks)", after)) and not re.search(
        r"(?:more than|over|under|at least|超过|少于|多于)\s*$", before)


def _versus(text: str, metrics: list[MetricMention], names: list[Mention], taken: set[int]) -> list[MetricVersus]:
    found = _versus_pair(text, metrics, names)
    if found:
        versus, a, b = found
        taken |= {a.start, b.start}
        return [versus]
    return []


VERSUS_TIMES_ZH = re.compile(r"^\s*(?:数|数量)?\s*(?P<cmp>至少是|不少于|不低于|至多是|不超过|不多于|少于|低于|不到|多于|超过|高于|大于|小于|是)"
                             r"\s*$")
VERSUS_TIMES_ZH_AFTER = re.compile(r"^\s*(?:数|人数|次数|数量)?\s*(?:的)?\s*(?P<n>[\d.]+|[一二两三四五六七八九十百]+)\s*倍")
VERSUS_TIMES_EN = re.compile(r"^\s*(?:count\s+)?(?:is\s+|are\s+)?(?P<cmp>at least|at most|more than|less than|fewer than|over|"
                             r"under|above|below)\s+(?P<n>[\d.]+|two|three|four|five|ten|twenty|fifty|a hundred)\s*"
                             r"(?:x|times)\s+(?:the\s+|their\s+|its\s+)?(?:number of\s+)?$")
ZH_CMP = {"至少是": ">=", "不少于": ">=", "不低于": ">=", "至多是": "<=", "不超过": "<=", "不多于": "<=", "少于": "<",
          "低于": "<", "不到": "<", "小于": "<", "多于": ">", "超过": ">", "高于": ">", "大于": ">", "是": ">="}
EN_CMP = {"at least": ">=", "at most": "<=", "more than": ">", "over": ">", "above": ">", "less than": "<",
          "fewer than": "<", "under": "<", "below": "<"}


def _versus_times(text: str, a: MetricMention, b: MetricMention) -> MetricVersus | None:
    """One measure against a multiple of another, per entry: "星标至少是提交次数5倍", "星标少于贡献者人数的 50 倍",
    "stars more than 50 times their contributors"."""
    between, after = text[a.end:b.start], text[b.end:b.end + 12]
    zh, zh_n = VERSUS_TIMES_ZH.match(between), VERSUS_TIMES_ZH_AFTER.match(after)
    if zh and zh_n:
        factor = float(zh_n.group("n")) if re.fullmatch(r"[\d.]+", zh_n.group("n")) else small_number(zh_n.group("n"))
        if factor:
            return MetricVersus(left=a.metric, op=ZH_CMP[zh.group("cmp")], right=b.metric,  # type: ignore[arg-type]
                                factor=float(factor))
    en = VERSUS_TIMES_EN.match(between)
    if en:
        n = en.group("n")
        factor = float(n) if re.fullmatch(r"[\d.]+", n) else small_number(n)
        if factor:
            return MetricVersus(left=a.metric, op=EN_CMP[en.group("cmp")], right=b.metric,  # type: ignore[arg-type]
                                factor=float(factor))
    return None


def _versus_pair(text: str, metrics: list[MetricMention],
                 names: list[Mention]) -> tuple[MetricVersus, MetricMention, MetricMention] | None:
    for a, b in itertools.pairwise(metrics):
        if a.metric != b.metric and not any(a.end <= n.start < b.start for n in names):
            times = _versus_times(text, a, b)
            if times is not None:
                return times, a, b
        if a.metric == b.metric or any(a.end <= n.start < b.start for n in names):
            continue
        between = text[a.end:b.start]
        if lx.VERSUS_EN.match(between):
            before = text[max(0, a.start - 12):a.start]
            if lx.MORE_WORD.search(before):
                return MetricVersus(left=a.metric, op=">", right=b.metric), a, b
            if lx.LESS_WORD.search(before):
                return MetricVersus(left=a.metric, op="<", right=b.metric), a, b
            if re.match(r"\s*(?:counts? )?(?:exceeds?|exceeding|outnumber)", between):
                return MetricVersus(left=a.metric, op=">", right=b.metric), a, b
        after = text[b.end:b.end + 4]
        if lx.VERSUS_ZH_MORE.match(between) or (re.match(r"^\s*(?:数)?比\s*$", between) and re.match(r"\s*(?:数)?(?:还)?(?:多|高|大)", after)):
            op = "<" if re.match(r"\s*(?:数)?(?:还)?(?:少|低|小)", after) else ">"
            return MetricVersus(left=a.metric, op=op, right=b.metric), a, b  # type: ignore[arg-type]
        if lx.VERSUS_ZH_LESS.match(between):
            return MetricVersus(left=a.metric, op="<", right=b.metric), a, b
    return None


EXCLUDING_GROUP = re.compile(
    r"(?:\bexcluding|\bexclude|\bexcept(?: for)?|\bleaving out|\bleave out|\bleaving aside|\bother than|\bapart from"
    r"|\bbesides|\bignoring|\bnot counting|\bdiscounting|除了|除去|不算|不包括|不含|排除|去掉|扣掉|扣除|刨除|剔除)\s*"
    r"(?:the\s+|those\s+|these\s+|all\s+)?(?:\w+\s+)?$"
)


def _negated(text: str, start: int, relation_start: int | None) -> bool:
    if relation_start is not None and relation_start <= start and text[max(0, relation_start - 1):relation_start] == "不":
        return True  # 不运行在, 不基于
    lead = relation_start if relation_start is not None and relation_start <= start else start
    window = text[max(0, lead - NEGATION_WINDOW):start]
    # "leaving out the three distributed-training libraries": an excluded group is a negated attribute
    return bool(lx.NEGATION.search(window)) or any(EXCLUDING_GROUP.search(text[max(0, at - 32):at])
                                                    for at in {start, lead})  # "not counting the two based on Keras"


COMPOUND = re.compile(r"\b([a-z][\w.]*)[- ](based|powered|backed)\b(?! on)")
#: An agent's bounds and order keys ('"min": 100', '"max": 700', '"order": "asc"'), said as words.
AGENT_BOUND = re.compile(r"[\"']?\b(min|max|minimum|maximum|min_value|max_value|from|to)[\"']?\s*[:=]\s*(?=\d)"
                         r"|[\"']?\b(?:order|sort|direction)[\"']?\s*[:=]\s*[\"']?(asc|ascending|desc|descending)\b[\"']?")
AGENT_WORDS = {"min": "at least ", "minimum": "at least ", "min_value": "at least ", "from": "at least ",
               "max": "at most ", "maximum": "at most ", "max_value": "at most ", "to": "at most ",
               "asc": "fewest first", "ascending": "fewest first", "desc": "most first", "descending": "most first"}
AGENT_SUPERLATIVE = re.compile(r"[\"'](?:tool|op|operation|action|query|type)[\"']\s*:\s*[\"']"
                               r"(?:superlative|argmax|argmin|extreme|max|min|top1|top_1|best|leader)[\"']")
NOT_BY = re.compile(r"(?:\bnot by|\bnot in terms of|不按|而不是按|不是按)\s*$")


def _derived_near(mention: MetricMention, at: int, measures: Measures) -> bool:
    return measures[mention.metric].derived and abs(mention.start - at) <= 8


def parse(question: str, linker: EntityLinker, measures: Measures) -> Parts:
    text = COMPOUND.sub(lambda m: f"{m.group(2)} on {m.group(1)}", normalize(question))  # "keras-based"
    if "{" in text:  # an agent's JSON: '"min": 100' is "at least 100", '"order": "asc"' is "fewest first"
        text = AGENT_BOUND.sub(lambda m: AGENT_WORDS[(m.group(1) or m.group(2)).lower()], text)
    text = re.sub(r"(?<=[a-z])_(?=[a-z])", " ", text)  # an agent's keys: "commits_per_contributor", "contributors_gt"
    same = re.search(r"\b(?:that|this|the same) (?:measure|metric|figure|number|stat)\b|(?:这个|那个|该|同一)(?:指标|数字|数据)",
                     text)  # "highest on that measure": the measure asked before (blanked; the planner knows it)
    if same is not None:
        text = text[:same.start()] + " " * (same.end() - same.start()) + text[same.end():]
    language = detect_language(question)
    parts = Parts(raw=question, text=text, language=language, meaningful=has_meaningful_text(text))
    parts.same_measure = same.span() if same is not None else None
    parts.cues = Cues(text)
    linked = linker.link(text)
    corrected = text
    for word in linked.unknown_words:  # a mistyped metric word: "contribtor", "comits"
        fixed = measures.correct(word)
        if fixed is not None:
            corrected = re.sub(rf"(?<![a-z]){re.escape(word)}(?![a-z])", fixed, corrected)
    if corrected != text:
        text = parts.text = corrected
        parts.cues = Cues(text)
        linked = linker.link(text)
    parts.unknown_words = [w for w in linked.unknown_words if not NUMBER_WORD.match(w)]
    span = lx.POSITION_RANGE.search(text)
    first = lx.POSITION_FIRST.search(text) if span is None else None
    low: int | None = None
    high: int | None = None
    single = lx.POSITION_ONE.search(text) if span is None and first is None else None
    if first is not None:  # "清单前7名": places 1 to 7 of the source's own list
        span, low, high = first, 1, small_number(first.group("zh") or first.group("en"))
    elif single is not None and measures.find(text):  # "how many stars does the 7th library in the survey have?"
        word = single.group("en") or single.group("zh")
        place = lx.ORDINAL_WORDS.get(word) or (int(re.sub(r"\D", "", word)) if word[0].isdigit() else small_number(word))
        span, low, high = single, place, place
    elif span is not None:
        low, high = (small_number(g) for g in span.groups() if g)
    if span is not None and low and high:  # the list's places; blanked so no threshold or ordinal reads them
        parts.positions = (min(low, high), max(low, high))
        text = parts.text = text[:span.start()] + " " * (span.end() - span.start()) + text[span.end():]
        parts.cues = Cues(text)
    parts.metrics = [m for m in measures.find(text) if not NOT_BY.search(text[max(0, m.start - 20):m.start])]
    for formula in FORMULA.finditer(text):  # "人均提交次数（提交数÷贡献者数）": the measure's own definition
        if any(measures[m.metric].derived and 0 <= formula.start() - m.end <= 1 for m in parts.metrics):
            text = parts.text = text[:formula.start()] + " " * len(formula.group(0)) + text[formula.end():]
            parts.cues = Cues(text)
            parts.metrics = [m for m in parts.metrics if not formula.start() <= m.start < formula.end()]
    parts.ratio_named = any(measures[m.metric].derived and re.match(r"\s*(?:ratios?|比值|比率)", text[m.end:])
                            for m in parts.metrics)  # "a higher stars-per-contributor ratio": a measure, not a ratio
    if any(re.match(r"\s*(?:[/÷]|divided by\b|除以)", text[m.end:]) for m in parts.metrics):
        parts.cues.mark("ratio")  # "Lasagne commits / nolearn commits"
    library_ends = {lib.end for lib in linked.libraries}
    for said in parts.metrics:  # "caffe stars minus pytorch stars": a difference, not "all but PyTorch"
        minus = re.match(r"\s+(minus|减去|减)\s*", text[said.end:])
        after_library = any(0 <= said.start - end <= 3 for end in library_ends)
        if minus is not None and after_library:
            at = said.end + minus.start(1)
            text = parts.text = text[:at] + " " * len(minus.group(1)) + text[at + len(minus.group(1)):]
            parts.cues = Cues(text)
            parts.cues.mark("difference")
    if re.search(r"\b(?:max(?:imum)?|highest|largest|most)\b[^?]{0,30}\bminus\b\s*(?:the\s+)?"
                 r"(?:min(?:imum)?|lowest|smallest|least|fewest)\b", text):
        parts.cues.mark("difference")  # "max stars minus min stars": the extremes' difference
    n, top_spans = _top_n(text)
    places, place_spans = _places(text)
    survey_no = lx.SURVEY_RANK_NO.search(text)
    reserved = top_spans + place_spans + _spans(FRACTION_ZH, text)  # "三分之一": a factor, not a threshold
    k, from_bottom, ordinal_spans = _ordinal(text, reserved)
    reserved += ordinal_spans
    if survey_no and not survey_no.group("zh"):
        reserved.append(survey_no.span())
    if parts.positions and n == parts.positions[1] - parts.positions[0] + 1:
        n, top_spans = None, []  # "第 9 到第 13 名这五个库": the count of the range, not a top 5
    parts.slices, slice_metrics = _slices(text, parts.metrics)
    if parts.slices:
        n = None
        parts.used |= slice_metrics
    parts.n, parts.k, parts.from_bottom, parts.places = n, k, from_bottom, places
    parts.n_span = top_spans[0] if top_spans else None
    token = (survey_no.group("num") or survey_no.group("zh")) if survey_no else None
    if token and parts.has("survey_context", "rank_of") and not parts.metrics:
        parts.survey_place = small_number(token)
    elif token and parts.metrics and parts.k is None and survey_no and not survey_no.group("zh"):
        parts.k = small_number(token)  # "who's #4 in commits"
    average = lx.AVERAGE.search(text)
    if average and any(m.start <= average.start() < m.end or _derived_near(m, average.start(), measures)
                       for m in parts.metrics):
        average = None  # "每位贡献者平均星标": part of a derived measure, not an average over libraries
    versus_mean = ABOVE_MEAN.search(text) or ABOVE_MEAN_EN.search(text)
    if versus_mean is not None and parts.metrics:  # "星标高于平均值的库": a threshold at the mean, not a mean
        near = min(parts.metrics, key=lambda m: abs(m.start - versus_mean.start()))
        parts.mean_filters.append((near.metric, "<" if versus_mean.group("below") else ">",
                                   "median" if versus_mean.group("median") else "mean"))
        parts.used.add(near.start)
        average = None
    parts.agg = ("mean" if average else "median" if lx.MEDIAN.search(text) and versus_mean is None
                 else "sum" if lx.SUM.search(text) else None)
    asc, desc = lx.ASCENDING.search(text), lx.DESCENDING.search(text)
    direction = DIRECTION.search(text)  # "highest to lowest": the first word gives the order
    if direction is not None:
        asc, desc = (None, direction) if direction.group("down") else (direction, None)
        parts.cues.mark("rank_order")  # a direction from one end to the other asks for the whole order
    if parts.slices:  # "the top 5 for both …": "top" names the sets, not an order of the answer
        asc = next((m for m in lx.ASCENDING.finditer(text) if not lx.TOP_N.match(text, m.start())), None)
        desc = next((m for m in lx.DESCENDING.finditer(text) if not lx.TOP_N.match(text, m.start())), None)
    parts.order = "asc" if asc else "desc" if desc else None
    parts.order_at = (asc or desc).start() if (asc or desc) else None  # type: ignore[union-attr]
    if parts.from_bottom:
        parts.order = "asc"
    relation = next(((kind, m) for kind, p in lx.RELATIONS.items() if (m := p.search(text))), None)
    parts.relation = relation[0] if relation else None
    parts.relation_at = relation[1].end() if relation else None
    parts.relation_start = relation[1].start() if relation else None
    parts.filters = _thresholds(text, parts.metrics, language, reserved, parts.used)
    rank_cue = RANK_HIGHER.search(text)
    free = [m for m in parts.metrics if m.start not in parts.used]
    if rank_cue is not None and len({m.metric for m in free}) == 2:  # "ranks higher by stars than by contributors"
        one, other = free[0], next(m for m in free if m.metric != free[0].metric)
        up = not (rank_cue.group("down") or rank_cue.group("down_zh"))
        parts.rank_versus.append((one.metric, other.metric) if up else (other.metric, one.metric))
        parts.used |= {one.start, other.start}
    parts.libraries = linked.libraries
    parts.versus = _versus(text, parts.metrics, linked.libraries, parts.used)
    factors = {v.factor for v in parts.versus if v.factor != 1}  # "more than 50 times their contributors": 50 is
    parts.filters = [f for f in parts.filters if f.value not in factors]  # no threshold
    parts.terms = list(linked.terms)
    _split_names(parts, linked.libraries, linked.terms)
    _excluded_again(parts, linked.every)
    parts.every = linked.every
    _relative(parts)
    _claim(parts)
    return parts


def _claim(parts: Parts) -> None:
    """A yes/no question about a multiple of another library's figure: "Does PyTorch have more than twice as
    many stars as Caffe?", "PyTorch 的 commit 是不是超过 Caffe 的三倍？". The ratio answers it."""
    if len(parts.subjects) != 2 or not (parts.has("yes_no") or re.search(r"[吗嗎]\s*[?？]?\s*$", parts.text)):
        return
    second = next((m for m in parts.libraries if m.key == parts.subjects[1]), None)
    scaled = _scaled(parts.text, second, parts.metrics) if second is not None else None
    if scaled is None or scaled[2] == 1:
        return
    metric, op, factor = scaled
    parts.claim = (metric.metric, op, factor)
    parts.filters = [f for f in parts.filters if f.value != factor]  # "more than 4 times": 4 is no threshold


MORE_BEFORE = re.compile(r"\b(?:more|higher|greater|larger|bigger)\s*$")
LESS_BEFORE = re.compile(r"\b(?:fewer|less|lower|smaller)\s*$")
ZH_MORE_AFTER = re.compile(r"^\s*(?:的)?(?:还)?(?:要)?(?:多|高|大)")
ZH_LESS_AFTER = re.compile(r"^\s*(?:的)?(?:还)?(?:要)?(?:少|低|小)")


def _relative(parts: Parts) -> None:
    """"libraries with more stars than Caffe", "贡献者比 Caffe 多的库": a threshold at the named library's
    figure, when the question asks for a set and that library is named only there. "than it" with no library
    named sets the yardstick to the one the conversation is about (FOCUS, resolved by the planner)."""
    if not (parts.has("which", "count", "list_word") or lx.PLURAL_ASK.search(parts.text)):
        return
    if not parts.subjects:
        pronoun = re.search(r"(?<=than )(?:it|that one|that)\b|(?<=比)\s*(?:它|其)", parts.text)
        if pronoun is not None:
            at_focus: list[tuple[str, str, str, float]] = []
            taken: set[int] = set()
            _relative_at(parts, parts.text, Mention("library", FOCUS, None, pronoun.start(), pronoun.end()),
                         at_focus, taken, set())
            if at_focus:
                parts.relative, parts.used = at_focus, parts.used | taken
            elif not parts.metrics:  # "比它多的有哪些？", "which have more than it?": the measure talked about
                after = parts.text[pronoun.end():]
                before = parts.text[:pronoun.start()]
                more = ZH_MORE_AFTER.match(after) or MORE_BEFORE.search(before.removesuffix("than ").rstrip())
                less = ZH_LESS_AFTER.match(after) or LESS_BEFORE.search(before.removesuffix("than ").rstrip())
                if bool(more) != bool(less):
                    parts.relative = [("", ">" if more else "<", FOCUS, 1.0)]
        return
    text = parts.text
    found: list[tuple[str, str, str, float]] = []
    named = [m for m in parts.libraries if m.key in parts.subjects]
    spans = {(o.start(), o.end(), m.key) for m in named for o in re.finditer(re.escape(text[m.start:m.end]), text)}
    relative_keys: set[str] = set()
    used: set[int] = set()
    for start, end, key in sorted(spans):  # every place a library is named ("than Caffe but fewer … than Caffe")
        _relative_at(parts, text, Mention("library", key, None, start, end), found, used, relative_keys)
    if len(relative_keys) == 1:  # "比 Theano star 多但贡献者比它少": "它" is the same library
        key = next(iter(relative_keys))
        for pronoun in re.finditer(r"(?<=比)\s*(?:它|其)|(?<=than )(?:it|that one|that)\b", text):
            _relative_at(parts, text, Mention("library", key, None, pronoun.start(), pronoun.end()), found, used,
                         relative_keys)
    if found and relative_keys == set(parts.subjects):  # every library named is a yardstick, none a subject
        parts.relative = found
        parts.subjects = []
        parts.used |= used
        factors = {f[3] for f in found if f[3] != 1.0}  # "more than 3 times as many stars as X": 3 is no threshold
        parts.filters = [f for f in parts.filters if f.value not in factors]


def _relative_at(parts: Parts, text: str, mention: Mention, found: list[tuple[str, str, str, float]], used: set[int],
                 keys: set[str]) -> None:
    """The thresholds the library named at ``mention`` sets ("more stars than Caffe", "星标比 Caffe 多")."""
    key = mention.key
    before, after = text[:mention.start], text[mention.end:]
    for metric in parts.metrics:
        between = text[metric.end:mention.start]
        if metric.end <= mention.start and re.fullmatch(r"\s*than\s*", between):  # "more stars than Caffe"
            lead = text[max(0, metric.start - 12):metric.start]
            op = ">" if MORE_BEFORE.search(lead) else "<" if LESS_BEFORE.search(lead) else None
        elif metric.end <= mention.start and (zh := ZH_BEYOND.fullmatch(between)) \
                and not SCALED_ZH_AFTER.match(after):  # "贡献者人数超过 Caffe" (not "超过 Caffe 的两倍")
            op = ">" if zh.group("cmp") in ("超过", "多于", "高于", "大于") else "<"
        elif metric.end <= mention.start and re.fullmatch(r"\s*(?:数)?\s*(?:也|都|还|却|又)?比\s*", between):  # "星标比 Caffe 多"
            op = ">" if ZH_MORE_AFTER.match(after) else "<" if ZH_LESS_AFTER.match(after) else None
        elif metric.start >= mention.end and re.search(r"比\s*$", before) and re.fullmatch(r"\s*(?:的)?\s*", text[mention.end:metric.start]):
            op = ">" if ZH_MORE_AFTER.match(text[metric.end:]) else "<" if ZH_LESS_AFTER.match(text[metric.end:]) else None
        else:
            op = None
        if op is not None and metric.start not in used:
            found.append((metric.metric, op, mention.key, 1.0))
            used.add(metric.start)
            keys.add(key)
    bare = re.search(r"\b(?P<more>more|higher|greater|fewer|less|lower)\s+than\s*$", before)
    if found and bare is not None and not any(f[2] == key for f in found):  # "more stars than Theano but fewer
        op = ">" if bare.group("more") in ("more", "higher", "greater") else "<"  # than PyTorch": the same measure
        found.append((found[-1][0], op, key, 1.0))
        keys.add(key)
    if found and re.search(r"比\s*$", before) and not any(f[2] == key for f in found):  # "star 比 Theano 多但比 MXNet 少"
        op = ">" if ZH_MORE_AFTER.match(after) else "<" if ZH_LESS_AFTER.match(after) else None
        if op is not None:
            found.append((found[-1][0], op, key, 1.0))
            keys.add(key)
    scaled = _scaled(text, mention, parts.metrics)  # "不到 TensorFlow 的十分之一", "less than half of X's stars"
    if scaled is not None and not any(f[2] == key for f in found):
        found.append((scaled[0].metric, scaled[1], key, scaled[2]))
        used.add(scaled[0].start)
        keys.add(key)


ZH_BEYOND = re.compile(r"\s*(?:数|人数|数量|次数)?\s*(?:还|都)?(?P<cmp>超过|多于|高于|大于|少于|低于|小于|不到|不如|不及)\s*")
FRACTION_ZH = re.compile(r"[一二两三四五六七八九十百\d]+分之[一二两三四五六七八九十\d]+|百分之[\d一二三四五六七八九十]+")
_FRACTION_EN = (r"(?P<en>half|a half|one half|a third|one third|a quarter|one quarter|a tenth|one tenth|twice|double|triple"
            r"|thrice|\d+(?:\.\d+)?\s*(?:times|x|%)|(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)\s+times)")
SCALED_EN_BEFORE = re.compile(rf"\b(?P<cmp>more|less|fewer|under|over|below|above)\s+(?:than\s+)?{_FRACTION_EN}\s+"
                              r"(?:of\s+|the\s+|as\s+many\s+as\s+|[a-z]+\s+(?:of|that of)\s+)*$")
SCALED_EN_AS = re.compile(rf"(?P<cmp>\bat least|\bmore than|\bover|\bfewer than|\bless than|\bunder|\bat most)?\s*"
                          rf"{_FRACTION_EN}\s+as\s+(?:many|much)\s+(?P<rest>[^,?]{{0,30}}?)\s*as\s*$")
SCALED_ZH_BEFORE = re.compile(r"(?P<cmp>不到|少于|低于|不足|小于|超过|多于|高于|大于)\s*$")
SCALED_ZH_AFTER = re.compile(r"^\s*(?:的)?\s*(?P<zh>一半|半数|[一二两三四五六七八九十百\d]+分之[一二两三四五六七八九十\d]+"
                         r"|[一二两三四五六七八九十\d.]+\s*倍|百分之[\d一二三四五六七八九十]+)")
_EN_SCALE = {"half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25,
         "one quarter": 0.25, "a tenth": 0.1, "one tenth": 0.1, "twice": 2.0, "double": 2.0, "triple": 3.0}


def _scale(token: str) -> float | None:
    """"half" -> 0.5, "3 times" -> 3, "10%" -> 0.1, "十分之一" -> 0.1, "两倍" -> 2, "百分之二十" -> 0.2."""
    token = token.strip()
    if token in _EN_SCALE:
        return _EN_SCALE[token]
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)\s*(times|x|%)", token):
        return float(m.group(1)) / (100 if m.group(2) == "%" else 1)
    if m := re.fullmatch(r"([a-z]+)\s+times", token):  # "three times"
        count = small_number(m.group(1))
        return float(count) if count else None
    if token == "thrice":
        return 3.0
    if token in ("一半", "半数"):
        return 0.5
    if m := re.fullmatch(r"(.+)分之(.+)", token):
        whole, part = small_number(m.group(1)), small_number(m.group(2))
        return part / whole if whole and part else None
    if m := re.fullmatch(r"百分之(.+)", token):
        value = small_number(m.group(1))
        return value / 100 if value else None
    if m := re.fullmatch(r"(.+?)\s*倍", token):
        times = float(m.group(1)) if re.fullmatch(r"[\d.]+", m.group(1)) else small_number(m.group(1))
        return float(times) if times else None
    return None


def _scaled(text: str, mention: Mention, metrics: list[MetricMention]) -> tuple[MetricMention, str, float] | None:
    """A threshold at a multiple of a library's figure: (its measure, comparator, factor)."""
    before, after = text[:mention.start], text[mention.end:]
    en, zh_cmp, zh_frac = SCALED_EN_BEFORE.search(before), SCALED_ZH_BEFORE.search(before), SCALED_ZH_AFTER.match(after)
    as_many = SCALED_EN_AS.search(before)
    if as_many is not None:  # "at least half as many stars as Caffe"
        word = as_many.group("cmp") or "at least"
        op = ">=" if word == "at least" else "<=" if word == "at most" else ">" if word in ("more than", "over") else "<"
        inside = [m for m in metrics if as_many.start("rest") <= m.start < as_many.end("rest")]
        factor = _scale(as_many.group("en"))
        return (inside[0], op, factor) if inside and factor else None
    if en is not None:
        op, factor, at = (">" if en.group("cmp") in ("more", "over", "above") else "<"), _scale(en.group("en")), en.start()
    elif zh_cmp is not None and zh_frac is not None:
        op = ">" if zh_cmp.group("cmp") in ("超过", "多于", "高于", "大于") else "<"
        factor, at = _scale(zh_frac.group("zh")), zh_cmp.start()
    else:
        return None
    if not factor:
        return None
    # the measure: named right after the library ("X's stars"), else the nearest one before the comparator
    following = [m for m in metrics if m.start >= mention.end and re.fullmatch(r"(?:'s)?\s*", text[mention.end:m.start])]
    inside = [m for m in metrics if at <= m.start and m.end <= mention.start]  # "more than 10x the stars of X"
    preceding = [m for m in metrics if m.end <= at]
    metric = following[0] if following else inside[-1] if inside else preceding[-1] if preceding else None
    return (metric, op, factor) if metric is not None else None


STATED_MULTIPLE = re.compile(rf"\b(?P<cmp>more|less|fewer|under|over|above|below)\s+(?:than\s+)?{_FRACTION_EN}"
                             r"|(?P<zh_cmp>超过|多于|高于|大于|不到|少于|低于|小于)\s*(?P<zh>[一二两三四五六七八九十\d.]+\s*倍)")


def stated_multiple(text: str) -> tuple[str, float] | None:
    """A multiple said without the library it is a multiple of: "is that more than twice as many?", "超过两倍了吗"
    (after two libraries): (comparator, factor)."""
    found = STATED_MULTIPLE.search(text)
    factor = _scale(found.group("en") or found.group("zh")) if found is not None else None
    if found is None or not factor:
        return None
    below = (found.group("cmp") or found.group("zh_cmp")) in ("less", "fewer", "under", "below", "不到", "少于", "低于",
                                                               "小于")
    return ("<" if below else ">"), factor


def _excluded_again(parts: Parts, every: list[Mention]) -> None:
    """A library named as context first and excluded later ("TF is already in prod … excluding TensorFlow, which
    one has the most stars?") is excluded."""
    for mention in every:
        if mention.key in parts.subjects and lx.EXCLUDE_BEFORE.search(
                parts.text[max(0, mention.start - 14):mention.start]) and len(parts.subjects) == 1:
            parts.subjects.remove(mention.key)
            parts.exclude.append(mention.key)


def _split_names(parts: Parts, libraries: list[Mention], terms: list[Mention]) -> None:
    """Named libraries become subjects, exclusions ("except TensorFlow") or attribute values ("built on
    Keras"); vocabulary terms become attribute predicates, negated where a negation governs them."""
    text = parts.text
    term_at = {(t.start, t.end): t for t in terms}
    library_spans = {(m.start, m.end) for m in libraries}
    previous: Mention | None = None
    for mention in libraries:
        before, after = text[max(0, mention.start - 14):mention.start], text[mention.end:mention.end + 8]
        joined = previous is not None and previous.key in parts.exclude and re.fullmatch(
            r"\s*(?:和|与|及|、|,|，|and|or|&|/)\s*", text[previous.end:mention.start])
        minus = previous is not None and previous.key in parts.subjects and re.fullmatch(
            r"\s*(?:'s\s+)?(?:的)?\s*(?:[a-z]+\s+|[\u4e00-\u9fff]{1,4}?)?\s*(?:minus|减去|减掉)\s*",
            text[previous.end:mention.start])
        previous = mention
        if minus:  # "commits: mxnet minus caffe": a difference of the two, not Caffe left out
            parts.cues.mark("difference")
            parts.subjects.append(mention.key)
            continue
        listed = re.search(r"(?:\bleaving out|\bexcluding|\bexcept(?: for)?|\bapart from|\bignoring|\bignore|\bother than"
                           r"|\bnot counting|\bwithout|不算|除了|除去|排除|去掉)[^()（）]{0,40}[(（][^()（）]*$",
                           text[max(0, mention.start - 70):mention.start])  # "leaving out the two Spark-based libraries
        #                                                                      (spark-deep-learning and Distributed Keras)"
        if joined or listed or lx.EXCLUDE_BEFORE.search(before) or (
                lx.EXCLUDE_AFTER.match(after) and re.search(r"除|except|leav|without", before + after)) \
                or re.match(r"\s*(?:以外|之外)的", after):  # "TensorFlow 以外的库": the others
            parts.exclude.append(mention.key)
            continue
        term = term_at.get((mention.start, mention.end))
        after_relation = parts.relation_start is not None and mention.start >= parts.relation_start
        before_relation_zh = (parts.relation is not None and parts.language == "zh" and re.search(
            r"^\s*(?:做|进行)?(?:的)?(?:封装|包装|扩展|开发|做|出品|推出|之上|上跑|上面跑|上运行|上执行|上面?搭|上(?:构建|建)|之上构建"
            r"|为基础|为底层|为后端)", text[mention.end:]))
        fits = term is not None and (parts.relation != "developed_by") == (term.section != "organizations")
        taken_by_pronoun = after_relation and re.search(r"\b(?:it|its|them)\b|它|其", text[parts.relation_start or 0:mention.start])
        governed = term is not None and parts.relation in GOVERNING and fits and (after_relation or before_relation_zh) \
            and not taken_by_pronoun  # "基于它构建的 Lasagne": "它" is the value, Lasagne the one asked about
        if governed and term is not None:
            continue  # an attribute value; added with the terms below
        parts.subjects.append(mention.key)
    grouped: dict[bool, list[str]] = {}
    for term in terms:
        is_subject_name = (term.start, term.end) in library_spans and any(
            m.key in parts.subjects and (m.start, m.end) == (term.start, term.end) for m in libraries)
        if is_subject_name or any(m.key in parts.exclude and (m.start, m.end) == (term.start, term.end)
                                  for m in libraries):
            continue
        grouped.setdefault(_negated(text, term.start, parts.relation_start), []).append(term.key)
    ordered = [t for t in terms if any(t.key in keys for keys in grouped.values())]
    any_of = any(lx.ANY_OF.match(text[a.end:b.start]) or lx.ANY_OF.match(re.sub(r"\)|）", "", text[a.end:b.start]))
                 for a, b in itertools.pairwise(ordered))
    for negated, keys in sorted(grouped.items()):
        relation = parts.relation if parts.relation in GOVERNING and parts.relation != "uses" else None
        unique = list(dict.fromkeys(keys))
        # "not built on Keras or Spark", "不基于 Keras 也不运行在 Spark 上": none of them (a negated any-of)
        parts.attributes.append(AttributeFilter(terms=unique, relation=relation, negated=negated,
                                                any_of=(any_of or negated) and len(unique) > 1))
