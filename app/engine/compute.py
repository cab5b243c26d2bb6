"""Answers computed from the structured entries: figures, rankings, filters, comparisons, aggregates."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from app.corpus.loader import normalize_name
from app.corpus.models import ATTRIBUTE_SECTIONS, Corpus, LibraryEntry, SourceMeta

OPS = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}


@dataclass(frozen=True)
class Row:
    """A library the answer asserts, with the figure it states for it (if any)."""

    entry: LibraryEntry
    metric: str | None = None
    value: int | None = None


@dataclass
class Result:
    intent: str
    answered: bool
    rows: list[Row] = field(default_factory=list)
    value: float | None = None
    metric: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


class Catalog:
    """The corpus, indexed for the computations below."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.entries = list(corpus.entries)
        self.by_id = {entry.id: entry for entry in self.entries}
        self.position = {entry.id: i for i, entry in enumerate(self.entries)}
        self.sources = {source.id: source for source in corpus.sources}
        self.vocabulary = corpus.vocabulary
        self._by_name = {normalize_name(name): entry for entry in self.entries for name in (entry.id, *entry.names())}

    def find(self, name: str) -> LibraryEntry | None:
        """The entry with this id, name or alias (case, width and punctuation ignored)."""
        key = normalize_name(name)
        return self._by_name.get(key) if key else None

    def source_of(self, entry: LibraryEntry) -> SourceMeta:
        return self.sources[entry.source]

    def get(self, entry_id: str) -> LibraryEntry:
        return self.by_id[entry_id]

    def sorted_by(self, metric: str, order: str = "desc", pool: list[LibraryEntry] | None = None) -> list[LibraryEntry]:
        """Ties keep survey order, so a ranking is deterministic."""
        pool = self.entries if pool is None else pool
        sign = -1 if order == "desc" else 1
        return sorted(pool, key=lambda e: (sign * e.figures.get(metric), self.position[e.id]))

    def with_terms(self, terms: list[str], relation: str | None) -> list[LibraryEntry]:
        """Entries having every term; in the relation's attribute when one is named and it gives any."""
        if relation in ATTRIBUTE_SECTIONS:
            narrowed = [e for e in self.entries if has_terms(e, terms, [relation])]
            if narrowed:
                return narrowed
        return [e for e in self.entries if has_terms(e, terms)]


def figure(catalog: Catalog, ids: list[str], metrics: list[str]) -> Result:
    rows = [Row(catalog.get(i), m, catalog.get(i).figures.get(m)) for i in ids for m in metrics]
    value = rows[0].value if len(rows) == 1 else None
    return Result("figure", True, rows, value, metrics[0])


def figures(catalog: Catalog, entry_id: str) -> Result:
    entry = catalog.get(entry_id)
    return Result("figures", True, [Row(entry, m, entry.figures.get(m)) for m in ("contributors", "commits", "stars")])


def ranking(catalog: Catalog, metric: str, order: str, top_n: int | None, position: int | None,
            full: bool, pool: list[LibraryEntry] | None = None) -> Result:
    ranked = catalog.sorted_by(metric, order, pool)
    details = {"order": order, "top_n": top_n, "position": position, "total": len(ranked)}
    if position is not None:
        if position > len(ranked):
            return Result("ranking", False, metric=metric, details={**details, "reason": "position"})
        chosen = [ranked[position - 1]]
    elif top_n is not None:
        chosen = ranked[: max(1, top_n)]
    elif full:
        chosen = ranked
    else:
        chosen = ranked[:1]
    rows = [Row(e, metric, e.figures.get(metric)) for e in chosen]
    value = rows[0].value if len(rows) == 1 else None
    return Result("ranking", True, rows, value, metric, details)


def rank_by_metric(catalog: Catalog, entry_id: str, metric: str) -> Result:
    ranked = catalog.sorted_by(metric, "desc")
    place = next(i for i, e in enumerate(ranked, start=1) if e.id == entry_id)
    entry = catalog.get(entry_id)
    return Result("rank_by_metric", True, [Row(entry, metric, entry.figures.get(metric))], place, metric,
                  {"total": len(ranked), "leader": ranked[0] if place != 1 else None})


def filter_by(catalog: Catalog, metric: str, op: str, threshold: int, pool: list[LibraryEntry] | None) -> Result:
    kept = [e for e in catalog.sorted_by(metric, "desc", pool) if OPS[op](e.figures.get(metric), threshold)]
    return Result("filter", True, [Row(e, metric, e.figures.get(metric)) for e in kept], len(kept), metric,
                  {"op": op, "threshold": threshold})


def compare(catalog: Catalog, ids: list[str], metric: str | None) -> Result:
    entries = [catalog.get(i) for i in ids]
    if metric is None:
        return Result("comparison", True, [Row(e) for e in entries], None, None, {"all_metrics": True})
    ranked = catalog.sorted_by(metric, "desc", entries)
    tie = len({e.figures.get(metric) for e in ranked[:2]}) == 1
    return Result("comparison", True, [Row(e, metric, e.figures.get(metric)) for e in ranked], None, metric,
                  {"tie": tie})


def difference(catalog: Catalog, first: str, second: str, metric: str) -> Result:
    a, b = catalog.get(first), catalog.get(second)
    delta = a.figures.get(metric) - b.figures.get(metric)
    rows = [Row(a, metric, a.figures.get(metric)), Row(b, metric, b.figures.get(metric))]
    return Result("difference", True, rows, abs(delta), metric, {"sign": (delta > 0) - (delta < 0)})


def aggregate(catalog: Catalog, kind: str, metric: str, pool: list[LibraryEntry]) -> Result:
    values = [e.figures.get(metric) for e in pool]
    if kind == "sum":
        value: float = sum(values)
    elif kind == "median":
        value = float(statistics.median(values))
    else:
        value = round(sum(values) / len(values), 1)
    rows = [Row(e, metric, e.figures.get(metric)) for e in catalog.sorted_by(metric, "desc", pool)]
    return Result("aggregate", True, rows, value, metric, {"kind": kind, "count": len(pool)})


def attribute_values(entry: LibraryEntry, relation: str) -> list[str]:
    return list(getattr(entry.attributes, relation))


def has_terms(entry: LibraryEntry, terms: list[str], kinds: list[str] | None = None) -> bool:
    """Whether every term is among the entry's attribute values (of the given kinds; default all)."""
    kinds = list(ATTRIBUTE_SECTIONS) if kinds is None else kinds
    return all(any(term in getattr(entry.attributes, kind) for kind in kinds) for term in terms)
