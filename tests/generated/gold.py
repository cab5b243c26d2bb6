"""Plain gold evaluator: reads the corpus YAML directly and computes answers with simple Python (no app imports)."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

STORED_METRICS = ("stars", "commits", "contributors")
# Derived per-library measures: name -> (numerator, denominator).
DERIVED_METRICS = {
    "commits_per_contributor": ("commits", "contributors"),
    "stars_per_contributor": ("stars", "contributors"),
    "stars_per_commit": ("stars", "commits"),
}
METRICS = STORED_METRICS + tuple(DERIVED_METRICS)


@dataclass(frozen=True)
class Library:
    id: str
    name: str
    aliases: tuple[str, ...]
    rank: int
    figures: dict[str, int]
    attributes: dict[str, tuple[str, ...]]

    def terms(self, kind: str | None = None) -> set[str]:
        """Attribute terms of one kind ("built_on", ...), or of every kind when kind is None."""
        if kind in ("built_on", "runs_on"):  # a platform a library is built on is one it runs on, and back
            return set(self.attributes.get("built_on", ())) | set(self.attributes.get("runs_on", ()))
        if kind is not None:
            return set(self.attributes.get(kind, ()))
        return {term for terms in self.attributes.values() for term in terms}


@dataclass(frozen=True)
class Survey:
    libraries: tuple[Library, ...]  # in survey rank order
    vocabulary: dict[str, dict[str, dict]]  # kind -> term -> {en, zh, synonyms}
    as_of: str
    by_id: dict[str, Library] = field(default_factory=dict)

    def library(self, library_id: str) -> Library:
        return self.by_id[library_id]

    def label(self, term: str, language: str = "en") -> str:
        for terms in self.vocabulary.values():
            if term in terms:
                return str(terms[term][language])
        raise KeyError(term)


def load(corpus: Path = CORPUS) -> Survey:
    libraries = []
    for path in sorted((corpus / "libraries").glob("*.yaml")):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        figures = {metric: int(entry["figures"][metric]) for metric in STORED_METRICS}
        attributes = {kind: tuple(terms) for kind, terms in (entry.get("attributes") or {}).items()}
        libraries.append(Library(entry["id"], entry["name"], tuple(entry.get("aliases") or ()), int(entry["rank"]),
                                 figures, attributes))
    libraries.sort(key=lambda lib: lib.rank)
    vocabulary = yaml.safe_load((corpus / "vocabulary.yaml").read_text(encoding="utf-8"))
    dates = {str(entry) for path in (corpus / "sources").glob("*.yaml")
             for entry in [yaml.safe_load(path.read_text(encoding="utf-8"))["as_of"]]}
    (as_of,) = dates
    return Survey(tuple(libraries), vocabulary, as_of, {lib.id: lib for lib in libraries})


# ---- measures -------------------------------------------------------------------------------------------

def measure(lib: Library, metric: str) -> float:
    """A stored figure, or a derived ratio unrounded (round only when reporting)."""
    if metric in DERIVED_METRICS:
        numerator, denominator = DERIVED_METRICS[metric]
        return lib.figures[numerator] / lib.figures[denominator]
    return lib.figures[metric]


def rounded(numerator: int, denominator: int, digits: int) -> float:
    """numerator / denominator to `digits` decimals; refuses an exact half (…5), where half-up and half-even
    rounding disagree, so that no gold answer depends on a rounding convention."""
    scaled = Fraction(numerator, denominator) * 10**digits
    if scaled - (scaled.numerator // scaled.denominator) == Fraction(1, 2):
        raise ValueError(f"{numerator}/{denominator} sits on a rounding tie at {digits} decimals")
    return round(numerator / denominator, digits)


def reported(lib: Library, metric: str) -> float:
    """The value an answer reports for one library: stored figures as they are, derived ones to 2 decimals."""
    if metric in DERIVED_METRICS:
        numerator, denominator = DERIVED_METRICS[metric]
        return rounded(lib.figures[numerator], lib.figures[denominator], 2)
    return lib.figures[metric]


Scope = Iterable[Library]


def ranked(scope: Scope, metric: str, most: bool = True) -> list[Library]:
    """Libraries by metric, most first (or fewest first); sorted() is stable so ties keep survey rank order."""
    in_rank_order = sorted(scope, key=lambda lib: lib.rank)
    return sorted(in_rank_order, key=lambda lib: -measure(lib, metric) if most else measure(lib, metric))


def kth(scope: Scope, metric: str, k: int, most: bool = True) -> Library:
    return ranked(scope, metric, most)[k - 1]


def top(scope: Scope, metric: str, n: int, most: bool = True) -> list[Library]:
    return ranked(scope, metric, most)[:n]


def rank_of(survey: Survey, library_id: str, metric: str) -> int:
    """1 = the most of the metric among all libraries."""
    return [lib.id for lib in ranked(survey.libraries, metric)].index(library_id) + 1


# ---- restrictions ---------------------------------------------------------------------------------------

def threshold(scope: Scope, metric: str, op: str, low: float, high: float | None = None) -> list[Library]:
    """op: "gt" (more than), "lt" (fewer than), "ge" (at least), "le" (at most), "between" (inclusive)."""
    tests: dict[str, Callable[[float], bool]] = {
        "gt": lambda v: v > low,
        "lt": lambda v: v < low,
        "ge": lambda v: v >= low,
        "le": lambda v: v <= low,
        "between": lambda v: high is not None and low <= v <= high,
    }
    return [lib for lib in sorted(scope, key=lambda lib: lib.rank) if tests[op](measure(lib, metric))]


def with_term(scope: Scope, term: str, kind: str | None = None, negate: bool = False) -> list[Library]:
    """Libraries whose attributes (of one kind, or of any kind) include the term, or exclude it when negate."""
    return [lib for lib in sorted(scope, key=lambda lib: lib.rank) if (term in lib.terms(kind)) != negate]


def measure_above(scope: Scope, larger: str, smaller: str) -> list[Library]:
    """Libraries with more of one measure than another ("more commits than stars")."""
    return [lib for lib in sorted(scope, key=lambda lib: lib.rank) if measure(lib, larger) > measure(lib, smaller)]


# ---- aggregates and pairs -------------------------------------------------------------------------------

def aggregate(scope: Scope, metric: str, how: str) -> float:
    """sum, mean (1 decimal), median, min, max of a stored figure over the scope."""
    values = [lib.figures[metric] for lib in scope]
    if how == "sum":
        return sum(values)
    if how == "mean":
        return rounded(sum(values), len(values), 1)
    if how == "median":
        return statistics.median(values)
    if how == "min":
        return min(values)
    if how == "max":
        return max(values)
    raise ValueError(how)


def extreme(scope: Scope, metric: str, how: str) -> Library:
    """The library holding the min or max (first in survey rank order on a tie)."""
    return ranked(scope, metric, most=how == "max")[0]


def larger_first(a: Library, b: Library, metric: str) -> list[Library]:
    return [a, b] if measure(a, metric) >= measure(b, metric) else [b, a]


def difference(a: Library, b: Library, metric: str) -> int:
    return abs(a.figures[metric] - b.figures[metric])


def ratio(a: Library, b: Library, metric: str) -> float:
    return rounded(a.figures[metric], b.figures[metric], 2)


def share(lib: Library, metric: str, scope: Scope) -> float:
    """Percentage of the scope's total, 2 decimals."""
    return rounded(100 * lib.figures[metric], sum(other.figures[metric] for other in scope), 2)
