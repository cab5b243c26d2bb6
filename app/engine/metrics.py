"""Measures: stored and derived metrics read from the vocabulary, their words, labels and values per entry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from app.corpus.models import Corpus, LibraryEntry


@dataclass(frozen=True)
class Measure:
    id: str
    en: str
    zh: str
    unit_en: str
    unit_zh: str
    numerator: str | None = None  # derived metrics only
    denominator: str | None = None
    decimals: int = 0

    @property
    def derived(self) -> bool:
        return self.numerator is not None


@dataclass(frozen=True)
class MetricMention:
    metric: str
    start: int
    end: int


def _phrase_pattern(phrase: str) -> str:
    escaped = re.escape(phrase.casefold()).replace(r"\ ", r"[\s-]*")
    # "人均star" is also written "人均 star": a space may sit where Chinese meets Latin
    escaped = re.sub(r"(?<=[\u4e00-\u9fff])(?=[a-z0-9])|(?<=[a-z0-9])(?=[\u4e00-\u9fff])", r"\\s*", escaped)
    if re.match(r"\w", phrase, flags=re.ASCII):
        escaped = r"(?<![a-z0-9])" + escaped
    if re.search(r"\w$", phrase, flags=re.ASCII):
        escaped += r"(?![a-z0-9])"
    return escaped


class Measures:
    """Every metric the corpus declares; finds them in questions and evaluates them per entry."""

    def __init__(self, corpus: Corpus) -> None:
        vocab = corpus.vocabulary
        self.by_id: dict[str, Measure] = {}
        patterns: list[tuple[str, str]] = []
        for metric_id, m in sorted(vocab.metrics.items(), key=lambda item: (item[1].order, item[0])):
            self.by_id[metric_id] = Measure(metric_id, m.en, m.zh, m.unit_en, m.unit_zh)
            patterns += [(metric_id, _phrase_pattern(p)) for p in {m.en, m.zh, *m.synonyms}]
        for metric_id, d in vocab.derived_metrics.items():
            self.by_id[metric_id] = Measure(metric_id, d.en, d.zh, d.en, d.zh, d.numerator, d.denominator, d.decimals)
            patterns += [(metric_id, _phrase_pattern(p)) for p in {d.en, d.zh, *d.synonyms}]
            patterns += [(metric_id, p) for p in d.patterns]
        self.stored = [m for m in self.by_id if not self.by_id[m].derived]
        # One alternation with a group per metric, derived metrics first and longest phrases first within a
        # metric, so "commits per contributor" wins over "commits" where both start.
        by_metric: dict[str, list[str]] = {}
        for metric, pattern in patterns:
            by_metric.setdefault(metric, []).append(pattern)
        ordered = sorted(by_metric, key=lambda m: (not self.by_id[m].derived, m))
        self._groups = {f"m{i}": metric for i, metric in enumerate(ordered)}
        alternation = "|".join(
            f"(?P<m{i}>{'|'.join(sorted(set(by_metric[m]), key=lambda p: -len(p)))})" for i, m in enumerate(ordered))
        self._pattern = re.compile(alternation) if patterns else None
        # Typos are corrected towards a metric's own name only ("contribtor"), never towards a synonym
        # that is an ordinary word ("develops" is not "developers").
        self._words = sorted({w for m_id, m in vocab.metrics.items() for w in (m_id, m_id.rstrip("s"), m.en)
                              if re.fullmatch(r"[a-z]{6,}", w)})

    def correct(self, word: str) -> str | None:
        """A metric word the (mistyped) word stands for ("contribtor" -> "contributor"), if one is close."""
        plural = word[:-1] + "s"
        if len(word) >= 4 and word.endswith("z") and any(m.start == 0 and m.end == len(plural)
                                                         for m in self.find(plural)):
            return plural  # chat plurals: "starz", "commitz"
        if len(word) < 6:
            return None
        best, ratio = None, 0.88
        for known in self._words:
            if known[:2] == word[:2] and abs(len(known) - len(word)) <= 1:
                score = SequenceMatcher(None, word, known).ratio()
                if score >= ratio:
                    best, ratio = known, score
        return best

    def derived_of(self, numerator: str, denominator: str) -> str | None:
        """The derived metric that divides ``numerator`` by ``denominator``, if the vocabulary declares one."""
        return next((m for m, d in self.by_id.items() if d.numerator == numerator and d.denominator == denominator),
                    None)

    def __getitem__(self, metric_id: str) -> Measure:
        return self.by_id[metric_id]

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self.by_id

    def find(self, text: str) -> list[MetricMention]:
        """Metric mentions in a normalised question, in text order, longest match at each place."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            group = match.lastgroup
            if group is not None:
                found.append(MetricMention(self._groups[group], match.start(), match.end()))
        return found

    def value(self, entry: LibraryEntry, metric_id: str, *, exact: bool = False) -> float | int | None:
        """The entry's figure for a stored metric, or the ratio for a derived one, rounded as the vocabulary
        says unless ``exact`` (orderings use exact values); None where the entry lacks a figure."""
        measure = self.by_id[metric_id]
        if not measure.derived:
            return entry.figures.get(metric_id)
        assert measure.numerator is not None and measure.denominator is not None
        top, bottom = entry.figures.get(measure.numerator), entry.figures.get(measure.denominator)
        if top is None or not bottom:
            return None
        return top / bottom if exact else round(top / bottom, measure.decimals)

    def column(self, entries: list[LibraryEntry], metric_id: str) -> np.ndarray:
        """Values of one metric for every entry as float64, NaN where an entry has none."""
        return self.columns(entries)[metric_id]

    def columns(self, entries: list[LibraryEntry]) -> dict[str, np.ndarray]:
        """Every metric's column, as ``column`` gives it: stored figures read in one pass over the entries,
        derived metrics divided column by column (the loader checks that their parts are stored metrics)."""
        figures = [e.figures.model_extra or {} for e in entries]  # metric -> int, checked by the model
        stored = {m: np.array([f.get(m, np.nan) for f in figures], dtype=np.float64) for m in self.stored}
        out = {}
        for metric_id, measure in self.by_id.items():
            if not measure.derived:
                out[metric_id] = stored[metric_id]
                continue
            assert measure.numerator is not None and measure.denominator is not None
            top, bottom = stored[measure.numerator], stored[measure.denominator]
            with np.errstate(divide="ignore", invalid="ignore"):
                out[metric_id] = np.where(bottom > 0, top / bottom, np.nan)
        return out
