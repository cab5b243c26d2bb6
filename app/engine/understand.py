"""Question understanding, step one: the slots of a question (libraries, metric, filter, order...)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from app.engine import lexicon as lx
from app.engine.linking import EntityLinker
from app.engine.numbers import find_numbers, small_number
from app.engine.text import detect_language, has_meaningful_text, normalize

PREFIX_GAP = 8  # most characters between "more than" and its number
POSTFIX_GAP = 3  # most characters between a number and "以上" / "or more"


@dataclass(frozen=True)
class Query:
    raw: str
    text: str
    language: str
    libraries: list[str] = field(default_factory=list)
    library_terms: dict[str, str] = field(default_factory=dict)  # library id -> term id of the same mention
    library_at: dict[str, int] = field(default_factory=dict)  # library id -> where its first mention starts
    relation_at: int | None = None  # where the relation phrase ("built on") ends
    terms: list[tuple[str, str]] = field(default_factory=list)  # (term id, vocabulary section)
    metrics: list[str] = field(default_factory=list)
    unsupported_metric: bool = False
    unsupported_fact: bool = False
    how_many: bool = False
    difference: bool = False
    compare: bool = False
    order: str | None = None  # "desc" or "asc"
    position: int | None = None
    top_n: int | None = None
    rank_order: bool = False
    rank_of: bool = False
    filter: tuple[str, int] | None = None  # (">", 5000), (">=", ...), ("<", ...), ("<=", ...)
    aggregate: str | None = None  # "sum", "avg", "median"
    count_libraries: bool = False
    list_all: bool = False
    survey_date: bool = False
    survey_word: bool = False
    survey_about: bool = False
    describe: bool = False
    figures_all: bool = False
    relation: str | None = None
    which: bool = False
    yes_no: bool = False
    pronoun: bool = False
    followup: bool = False
    meaningful: bool = True
    unknown_words: list[str] = field(default_factory=list)
    intent: str = ""

    @property
    def metric(self) -> str | None:
        return self.metrics[0] if self.metrics else None

    def with_(self, **changes: object) -> Query:
        return replace(self, **changes)  # type: ignore[arg-type]

    def capitalised_unknown(self) -> str | None:
        """The first word the corpus does not know that is written with a capital, not first in the
        question (as typed): how a name the survey lacks ("JAX", "PaddlePaddle") usually shows."""
        for word in self.unknown_words:
            raw = re.search(re.escape(word), self.raw, flags=re.IGNORECASE)
            if raw and raw.start() > 0 and any(ch.isupper() for ch in raw.group(0)):
                return raw.group(0)
        return None

    @property
    def structural(self) -> bool:
        """Whether the question itself says what to compute (not just which library or figure)."""
        return any((self.difference, self.order, self.position, self.top_n, self.rank_order, self.filter,
                    self.aggregate, self.count_libraries, self.list_all))


def _metrics(text: str) -> list[str]:
    hits = []
    for metric, pattern in lx.METRICS.items():
        match = pattern.search(text)
        if match:
            hits.append((match.start(), metric))
    return [metric for _, metric in sorted(hits)]


def _filter(text: str, reserved: list[tuple[int, int]]) -> tuple[str, int] | None:
    for value, start, end in find_numbers(text):
        if any(a <= start < b for a, b in reserved):
            continue
        before, after = text[max(0, start - PREFIX_GAP - 20) : start], text[end : end + POSTFIX_GAP + 6]
        if re.search(r"(?:" + lx.FILTER_AT_LEAST.pattern + r")\s*$", before[-(PREFIX_GAP + 14):]) or re.match(
            r"\s*(?:\+|or more|及以上|以上)", after
        ):
            return (">=", value)
        if re.match(r"\s*(?:or (?:fewer|less)|及以下|以下)", after):
            return ("<=", value)
        window = before[-(PREFIX_GAP + 14):]
        ops = [(">", lx.FILTER_ABOVE), ("<=", lx.FILTER_AT_MOST), ("<", lx.FILTER_BELOW)]
        best: tuple[int, str] | None = None
        for op, pattern in ops:
            for match in pattern.finditer(window):
                gap = len(window) - match.end()
                if gap <= PREFIX_GAP and (best is None or gap < best[0]):
                    best = (gap, op)
        if best is not None:
            return (best[1], value)
    return None


def _top_n(text: str) -> tuple[int | None, list[tuple[int, int]]]:
    match = lx.TOP_N.search(text)
    if not match:
        return None, []
    groups = ("en", "en2", "en3", "zh", "zh2")
    token = next(g for g in (match.group(name) for name in groups) if g)
    return small_number(token), [match.span()]


def _position(text: str) -> tuple[int | None, list[tuple[int, int]]]:
    match = lx.ORDINAL.search(text)
    if not match:
        return None, []
    if match.group("en"):
        word = match.group("en")
        value = lx.ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word))
    else:
        value = small_number(match.group("zh")) or 0
    return (value or None), [match.span()]


def understand(question: str, linker: EntityLinker) -> Query:
    text = normalize(question)
    linked = linker.link(text)
    top_n, top_spans = _top_n(text)
    position, position_spans = _position(text)
    reserved = top_spans + position_spans
    relation_match = next(((kind, m) for kind, p in lx.RELATIONS.items() if (m := p.search(text))), None)
    relation = relation_match[0] if relation_match else None
    aggregate = "avg" if lx.AVERAGE.search(text) else "median" if lx.MEDIAN.search(text) else (
        "sum" if lx.SUM.search(text) else None
    )
    order = "asc" if lx.ASCENDING.search(text) else "desc" if lx.DESCENDING.search(text) else None
    if position == 1 and order is None:
        position = None
    return Query(
        raw=question,
        text=text,
        language=detect_language(question),
        libraries=[m.key for m in linked.libraries],
        library_terms={
            lib.key: term.key for lib in linked.libraries for term in linked.terms
            if (lib.start, lib.end) == (term.start, term.end)
        },
        terms=[(m.key, m.section or "") for m in linked.terms],
        library_at={m.key: m.start for m in linked.libraries},
        relation_at=relation_match[1].end() if relation_match else None,
        metrics=_metrics(text),
        unsupported_metric=bool(lx.UNSUPPORTED_METRIC.search(text)),
        unsupported_fact=bool(lx.UNSUPPORTED_FACT.search(text)),
        how_many=bool(lx.HOW_MANY.search(text)),
        difference=bool(lx.DIFFERENCE.search(text)),
        compare=bool(lx.COMPARE.search(text)),
        order=order,
        position=position,
        top_n=top_n,
        rank_order=bool(lx.RANK_ORDER.search(text)),
        rank_of=bool(lx.RANK_OF.search(text)),
        filter=_filter(text, reserved),
        aggregate=aggregate,
        count_libraries=bool(lx.COUNT_LIBRARIES.search(text)),
        list_all=bool(lx.LIST_ALL.search(text)),
        survey_date=bool(lx.SURVEY_DATE.search(text)),
        survey_word=bool(lx.SURVEY_WORD.search(text)),
        survey_about=bool(lx.SURVEY_ABOUT.search(text)),
        describe=bool(lx.DESCRIBE.search(text)),
        figures_all=bool(lx.FIGURES_ALL.search(text)),
        relation=relation,
        which=bool(lx.WHICH.search(text)),
        yes_no=bool(lx.YES_NO.search(text)),
        pronoun=bool(lx.PRONOUN.search(text)),
        followup=bool(lx.FOLLOWUP.search(text)),
        meaningful=has_meaningful_text(text),
        unknown_words=linked.unknown_words,
    )
