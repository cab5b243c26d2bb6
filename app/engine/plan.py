"""The query plan: what set of entries (scope), which measure, which operation. Plain data that prints,
compares in tests, serialises to JSON (the conversation store keeps it) and is shown with ``debug``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Order = Literal["desc", "asc"]
Comparator = Literal[">", ">=", "<", "<=", "between", "=="]
OpKind = Literal[
    "value",  # one figure (or all figures) of named entries
    "list",  # the entries of the scope
    "count",  # how many entries the scope holds
    "top",  # most / fewest, top N, bottom N
    "kth",  # the k-th most / fewest
    "rank_of",  # where a named entry ranks by the measure
    "rank_gap",  # how far apart an entry's places by two measures are (the measure and ``per``)
    "compare",  # which of the named entries has more
    "group_compare",  # one set's total against another's ("more stars than all the others combined?")
    "difference",  # by how much one exceeds another
    "ratio",  # how many times another
    "share",  # percent of the scope's total
    "aggregate",  # sum / mean / median / min / max over the scope
    "describe",  # what an entry is
    "attribute_of",  # who develops X, what X is built on
    "yes_no",  # does X support / run on / use Y
    "survey_info",  # the source, its date, what it covers
    "survey_rank",  # the source's own ranking: X's place, or the entry at place k
    "open",  # anything else: hybrid retrieval over descriptions
    "passage",  # what the source's own prose says (why Keras is not listed, what the chart shows)
    "decline",  # the survey does not answer; reason says why
]
_Plain = ConfigDict(extra="forbid", frozen=True)


class MetricFilter(BaseModel):
    """A threshold on a measure: ``stars > 10000``, ``commits between 1000 and 5000`` (inclusive)."""

    model_config = _Plain
    metric: str
    op: Comparator
    value: float
    high: float | None = None


class MetricVersus(BaseModel):
    """One measure against another on the same entry: ``commits > stars``."""

    model_config = _Plain
    left: str
    op: Literal[">", "<", ">=", "<="]
    right: str
    factor: float = 1.0  # "stars at least 5 times the commits": left op factor × right


class AttributeFilter(BaseModel):
    """Entries whose attributes hold every term (in ``relation`` when named), or none of them when negated."""

    model_config = _Plain
    terms: list[str]
    relation: str | None = None
    negated: bool = False
    any_of: bool = False  # "symbolic programming or symbolic differentiation"


class RankVersus(BaseModel):
    """An entry placed higher by one measure than by another: ``rank(stars) < rank(contributors)``."""

    model_config = _Plain
    higher: str
    lower: str


class RankSlice(BaseModel):
    """The first ``n`` entries by a measure, used as a set: "the top 3 by stars"."""

    model_config = _Plain
    metric: str
    order: Order = "desc"
    n: int = Field(ge=1)
    negated: bool = False  # "outside the top 5 by stars", "star 不在前五"


class PositionRange(BaseModel):
    """Entries at the source's own places ``low`` to ``high`` (inclusive): "列表第 9 到第 13 名"."""

    model_config = _Plain
    low: int = Field(ge=1)
    high: int = Field(ge=1)


class Scope(BaseModel):
    """A set expression over the entries: the intersection of every part that is given."""

    model_config = _Plain
    libraries: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    attributes: list[AttributeFilter] = Field(default_factory=list)
    metrics: list[MetricFilter] = Field(default_factory=list)
    versus: list[MetricVersus] = Field(default_factory=list)
    slice: RankSlice | None = None
    more_slices: list[RankSlice] = Field(default_factory=list)  # "in the top 5 for both commits and stars"
    rank_versus: list[RankVersus] = Field(default_factory=list)  # "ranks higher by stars than by contributors"
    positions: PositionRange | None = None
    previous: list[str] | None = None  # the previous answer's entries ("of those", "其中")

    @property
    def restricted(self) -> bool:
        """Whether anything narrows the set beyond naming entries."""
        return bool(self.exclude or self.attributes or self.metrics or self.versus or self.slice or self.positions
                    or self.rank_versus
                    or self.previous is not None)


class Operation(BaseModel):
    model_config = _Plain
    kind: OpKind
    order: Order = "desc"
    n: int | None = None  # top / bottom N
    k: int | None = None  # k-th place
    agg: Literal["sum", "mean", "median", "min", "max"] | None = None
    reason: str | None = None  # decline: unknown_library, unsupported_metric, unsupported_fact, time, judgement,
    #                            false_premise, clarify, out_of_scope
    name: str | None = None  # decline: the name the survey lacks
    passage: str | None = None  # passage: "<source id>/<passage id>"
    percent: bool = False  # ratio: as a percentage ("TFLearn 的 star 相当于 TensorFlow 的百分之几")
    relation: str | None = None  # attribute_of / yes_no
    terms: list[str] = Field(default_factory=list)  # yes_no
    all_measures: bool = False  # value: every figure of the entry
    larger_first: bool = False  # difference: name the larger first ("which has more, and by how many?")
    extremes: bool = False  # difference: between the most and the fewest of the scope
    per: str | None = None  # ratio of two measures of one entry: measure / per ("stars per commit of TFLearn");
    #                         rank_gap: the second measure; value: the measure whose top (``order``) chose the entry
    claim: float | None = None  # ratio: the multiple a yes/no question asks about ("more than twice as many")
    claim_op: Comparator | None = None
    nearest: bool = False  # aggregate: the entry whose figure is closest to the mean / median (or ``target``)
    target: float | None = None  # aggregate with ``nearest``: a figure named in the question ("closest to 10,000")
    margin: bool = False  # ratio with a claim: "超过多少?" asks by how much A exceeds the multiple of B
    against: list[str] = Field(default_factory=list)  # group_compare: the other side (the scope's libraries: one side)
    rest: bool = False  # group_compare: the other side is every other entry
    group_value: Literal["compare", "difference", "ratio"] = "compare"  # group_compare: the number it states
    direction: Literal["drop", "climb"] | None = None  # rank_gap: places lost (or won) from the first measure's
    #                                                   ranking to the other's
    same: bool = False  # rank_gap: the entries placed the same by every measure (``per`` and ``also``)
    also: list[str] = Field(default_factory=list)  # rank_gap with ``same``: further measures
    by_rank: bool = True  # rank_gap: places by the two measures (else the two figures' difference, signed)
    yes_no: bool = False  # group_compare, attribute_of a link: asked as a yes/no question ("Does X have more …
    #                       combined?", "does the survey give its GitHub link?")


class Plan(BaseModel):
    model_config = _Plain
    language: Literal["en", "zh"]
    scope: Scope = Field(default_factory=Scope)
    measure: str | None = None
    op: Operation
