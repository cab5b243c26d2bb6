"""The corpus as columns: one numpy array per measure, a precomputed order per measure, attribute
membership as boolean columns, and name lookup. Scopes evaluate to boolean masks, orders come from
precomputed argsorts, so nothing sorts or scans entries in Python per question."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from app.corpus.lazy import LazyEntries
from app.corpus.loader import normalize_name
from app.corpus.models import ATTRIBUTE_SECTIONS, Corpus, LibraryEntry, SourceMeta
from app.engine.metrics import Measures
from app.engine.plan import AttributeFilter, MetricFilter, MetricVersus, RankSlice, Scope


@dataclass(frozen=True)
class Row:
    """An entry the answer asserts, with the figure it states for it (if any)."""

    entry: LibraryEntry
    metric: str | None = None
    value: float | int | None = None


#: "built on Spark" and "runs on Spark" name one relation to a platform: either attribute holds it.
PLATFORM = {"built_on": ("built_on", "runs_on"), "runs_on": ("runs_on", "built_on")}
#: The attributes that name what an entry builds on or wraps.
BASES = ("built_on", "runs_on", "compatible_with")


@dataclass(frozen=True)
class CatalogTables:
    """What the catalog computes from the entries: per measure a column and two orders, the rank and link
    columns, and a membership mask per (attribute kind, term) and per ("*", term) (any kind holds it). The
    index build writes them (``app/index/tables.py``) so that start-up reads them instead of walking every
    entry (0.5 s at 100,000 entries)."""

    columns: dict[str, np.ndarray]
    desc: dict[str, np.ndarray]
    asc: dict[str, np.ndarray]
    rank: np.ndarray
    linked: np.ndarray
    has: dict[tuple[str, str], np.ndarray]

    @classmethod
    def compute(cls, entries: list[LibraryEntry], measures: Measures) -> CatalogTables:
        size = len(entries)
        columns = measures.columns(entries)
        # Descending order per measure; ties keep corpus (survey) order; entries without the figure last.
        desc = {m: np.lexsort((np.arange(size), np.nan_to_num(-col, nan=np.inf))) for m, col in columns.items()}
        asc = {m: np.lexsort((np.arange(size), np.nan_to_num(col, nan=np.inf))) for m, col in columns.items()}
        rank = np.array([np.nan if e.rank is None else e.rank for e in entries], dtype=float)
        linked = np.array([entry.url is not None for entry in entries], dtype=bool)
        holders: dict[tuple[str, str], list[int]] = {}
        for i, entry in enumerate(entries):
            for kind in ATTRIBUTE_SECTIONS:
                for term in getattr(entry.attributes, kind):
                    holders.setdefault((kind, term), []).append(i)
        has: dict[tuple[str, str], np.ndarray] = {}
        for (kind, term), positions in holders.items():
            mask = np.zeros(size, dtype=bool)
            mask[positions] = True
            has[(kind, term)] = mask
            anywhere = has.get(("*", term))
            has[("*", term)] = mask.copy() if anywhere is None else anywhere | mask
        return cls(columns=columns, desc=desc, asc=asc, rank=rank, linked=linked, has=has)


class _ById(Mapping[str, LibraryEntry]):
    """id -> entry over the catalog's entries, making a lazy entry only when it is looked up."""

    def __init__(self, entries: Sequence[LibraryEntry], position: dict[str, int]) -> None:
        self._entries, self._position = entries, position

    def __getitem__(self, entry_id: str) -> LibraryEntry:
        return self._entries[self._position[entry_id]]

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._position

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)


class Catalog:
    def __init__(self, corpus: Corpus, tables: CatalogTables | None = None) -> None:
        """``tables``: the ones the index build wrote for this corpus (computed here when not given)."""
        self.corpus = corpus
        lazy = corpus.entries if isinstance(corpus.entries, LazyEntries) else None
        self.entries: Sequence[LibraryEntry] = lazy if lazy is not None else list(corpus.entries)
        self._lazy = lazy
        self.size = len(self.entries)
        self.ids_at: list[str] = lazy.ids if lazy is not None else [entry.id for entry in self.entries]
        self.position = {entry_id: i for i, entry_id in enumerate(self.ids_at)}
        self.by_id: Mapping[str, LibraryEntry] = _ById(self.entries, self.position)
        self.sources = {source.id: source for source in corpus.sources}
        self.vocabulary = corpus.vocabulary
        self.measures = Measures(corpus)
        tables = tables or CatalogTables.compute(self.entries, self.measures)
        self._columns = tables.columns
        self._desc, self._asc = tables.desc, tables.asc
        self._rank, self._linked = tables.rank, tables.linked
        self._has = tables.has

    # --- lookup -----------------------------------------------------------------------------------------
    def find(self, name: str) -> LibraryEntry | None:
        """The entry with this id, name or alias (case, width and punctuation ignored)."""
        key = normalize_name(name)
        at = self._by_name.get(key) if key else None
        return self.entries[at] if at is not None else None

    @cached_property
    def _by_name(self) -> dict[str, int]:
        """Every id, name and alias, normalised, to the entry's position (an entry read on demand is made only
        when found). Built on the first lookup: the /libraries/{id} route, the MCP tool and a few planner rules
        look names up (questions are linked by the EntityLinker); at 100,000 entries it takes a quarter second."""
        return {normalize_name(name): i for i, entry_id in enumerate(self.ids_at)
                for name in (entry_id, *self.names_of(i))}

    def names_of(self, index: int) -> list[str]:
        return self._lazy.names_of(index) if self._lazy is not None else self.entries[index].names()

    def field(self, index: int, key: str) -> Any:
        """An entry's top-level field (``rank``, ``source``, ``name``) without making a lazy entry."""
        return self._lazy.field(index, key) if self._lazy is not None else getattr(self.entries[index], key)

    def attribute_values(self, index: int, kind: str) -> list[str]:
        if self._lazy is not None:
            return list(self._lazy.attributes_of(index).get(kind, []))
        return list(getattr(self.entries[index].attributes, kind))

    def entry_of_term(self, term_id: str) -> LibraryEntry | None:
        """The surveyed library a vocabulary term stands for ("theano", "Lasagne"), if the survey has it."""
        term = self.vocabulary.term(term_id)
        return self.by_id.get(term_id) or (self.find(term.en) if term is not None else None)

    def get(self, entry_id: str) -> LibraryEntry:
        return self.by_id[entry_id]

    def source_of(self, entry: LibraryEntry) -> SourceMeta:
        return self.sources[entry.source]

    def column(self, metric: str) -> np.ndarray:
        return self._columns[metric]

    def row(self, entry_id: str, metric: str | None) -> Row:
        entry = self.by_id[entry_id]
        return Row(entry, metric, self.measures.value(entry, metric) if metric else None)

    # --- sets -------------------------------------------------------------------------------------------
    def mask(self, scope: Scope) -> np.ndarray:
        """Entries in the scope: the intersection of every part it gives (all entries when it gives none)."""
        mask = np.ones(self.size, dtype=bool)
        if scope.libraries:
            mask &= self._ids_mask(scope.libraries)
        if scope.previous is not None:
            mask &= self._ids_mask(scope.previous)
        for attribute in scope.attributes:
            mask &= self.attribute_mask(attribute)
        for threshold in scope.metrics:
            mask &= self._threshold_mask(threshold)
        for versus in scope.versus:
            mask &= self._versus_mask(versus)
        for rv in scope.rank_versus:  # "ranks higher by stars than by contributors"
            mask &= self._ranks(rv.higher) < self._ranks(rv.lower)
        if scope.positions is not None:
            with np.errstate(invalid="ignore"):
                mask &= (self._rank >= scope.positions.low) & (self._rank <= scope.positions.high)
        # One top N is taken within the rest of the scope ("of those with 100+ contributors, the top 3 by stars");
        # several, or a negated one ("outside the top 5 by stars"), are the survey's own top Ns. Exclusions last.
        slices = ([scope.slice] if scope.slice is not None else []) + scope.more_slices
        everything = np.ones(self.size, dtype=bool)
        base = everything if len(slices) > 1 or any(s.negated for s in slices) else mask.copy()
        for s in slices:
            mask &= ~self._slice_mask(s, base) if s.negated else self._slice_mask(s, base)
        if scope.exclude:
            mask &= ~self._ids_mask(scope.exclude)
        return mask

    def ids(self, mask: np.ndarray, metric: str | None = None, order: str = "desc",
            limit: int | None = None) -> list[str]:
        """Ids of the masked entries (the first ``limit``): by the measure, ties in corpus order, or in corpus
        order. Entries without the measure's figure are left out."""
        return [self.ids_at[i] for i in self.positions(mask, metric, order)[:limit]]

    def positions(self, mask: np.ndarray, metric: str | None = None, order: str = "desc") -> np.ndarray:
        if metric is None:
            return np.flatnonzero(mask)
        ordered = self._desc[metric] if order == "desc" else self._asc[metric]
        return ordered[mask[ordered] & ~np.isnan(self._columns[metric][ordered])]

    def count(self, mask: np.ndarray, metric: str | None = None) -> int:
        if metric is None:
            return int(mask.sum())
        return int((mask & ~np.isnan(self._columns[metric])).sum())

    def holding(self, terms: list[str]) -> np.ndarray:
        """Entries whose attributes (any kind) hold every term."""
        return self.attribute_mask(AttributeFilter(terms=terms)) if terms else np.zeros(self.size, dtype=bool)

    def attribute_mask(self, attribute: AttributeFilter) -> np.ndarray:
        if attribute.relation == "link":  # whether the source gives the entry a link
            return ~self._linked if attribute.negated else self._linked.copy()
        if attribute.relation == "surveyed":  # built on (or wrapping) a library that is itself an entry
            return ~self._on_surveyed if attribute.negated else self._on_surveyed.copy()
        mask = np.zeros(self.size, dtype=bool) if attribute.any_of else np.ones(self.size, dtype=bool)
        for term in attribute.terms:
            kinds = list(PLATFORM.get(attribute.relation or "", [attribute.relation or "*"]))
            if not set(kinds) <= set(ATTRIBUTE_SECTIONS):
                kinds = ["*"]
            has = None
            for kind in kinds:
                held = self._has.get((kind, term))
                if held is not None:
                    has = held if has is None else has | held
            if has is None or not has.any():  # the relation named gives nothing: any attribute holding the term
                has = self._has.get(("*", term), np.zeros(self.size, dtype=bool))
            mask = (mask | has) if attribute.any_of else (mask & has)
        return ~mask if attribute.negated else mask

    def _ranks(self, metric: str) -> np.ndarray:
        """Each entry's place (1 = most) by the measure; entries without the figure come last."""
        ranks = np.empty(self.size, dtype=float)
        ranks[self._desc[metric]] = np.arange(1, self.size + 1)
        return ranks

    @cached_property
    def _on_surveyed(self) -> np.ndarray:
        """Entries whose base (built on, runs on, compatible with) is a surveyed library."""
        return np.array([any(self.entry_of_term(v) is not None
                             for kind in BASES for v in self.attribute_values(i, kind))
                         for i in range(self.size)], dtype=bool)

    def _ids_mask(self, ids: list[str]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[[self.position[i] for i in ids if i in self.position]] = True
        return mask

    def _threshold_mask(self, f: MetricFilter) -> np.ndarray:
        col = self._columns[f.metric]
        with np.errstate(invalid="ignore"):
            if f.op == "between":
                return (col >= f.value) & (col <= (f.high if f.high is not None else f.value))
            return {">": col > f.value, ">=": col >= f.value, "<": col < f.value, "<=": col <= f.value,
                    "==": col == f.value}[f.op]

    def _versus_mask(self, v: MetricVersus) -> np.ndarray:
        left, right = self._columns[v.left], self._columns[v.right] * v.factor
        with np.errstate(invalid="ignore"):
            return {">": left > right, "<": left < right, ">=": left >= right, "<=": left <= right}[v.op]

    def _slice_mask(self, s: RankSlice, within: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.positions(within, s.metric, s.order)[: s.n]] = True
        return mask
