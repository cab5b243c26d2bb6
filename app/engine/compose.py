"""Turns a computed result into the answer text (English or Chinese) with [n] markers and citations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.corpus.models import LibraryEntry, SourceMeta
from app.engine.catalog import Catalog

OP_EN = {">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most"}
OP_ZH = {">": "超过", ">=": "不少于", "<": "少于", "<=": "不超过"}
ORDINAL_EN = {1: "1st", 2: "2nd", 3: "3rd"}


@dataclass
class CitationDraft:
    entry: LibraryEntry | None
    score: float
    snippet: str
    source: SourceMeta | None = None  # a citation of the source document itself


def num(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def ordinal(n: int) -> str:
    return ORDINAL_EN.get(n if n < 20 else n % 10, f"{n}th") if n % 100 not in (11, 12, 13) else f"{n}th"


class Composer:
    """Collects citations as the text mentions entries, so markers follow the answer's order."""

    def __init__(self, catalog: Catalog, language: str, top_k: int, question: str) -> None:
        self.catalog = catalog
        self.zh = language == "zh"
        self.top_k = top_k
        self.question = question
        self.citations: list[CitationDraft] = []

    def cite(self, entry: LibraryEntry, snippet: str | None = None, score: float = 1.0) -> str:
        for n, cited in enumerate(self.citations, start=1):
            if cited.entry is not None and cited.entry.id == entry.id:
                return f"[{n}]"
        if len(self.citations) >= self.top_k:
            return ""
        self.citations.append(CitationDraft(entry, score, snippet or self.figures_line(entry)))
        return f"[{len(self.citations)}]"

    def cite_source(self, source: SourceMeta, snippet: str) -> str:
        for n, cited in enumerate(self.citations, start=1):
            if cited.source is not None and cited.source.id == source.id:
                return f"[{n}]"
        self.citations.append(CitationDraft(None, 1.0, snippet, source))
        return f"[{len(self.citations)}]"

    def name(self, entry: LibraryEntry, snippet: str | None = None, score: float = 1.0) -> str:
        marker = self.cite(entry, snippet, score)
        return f"{entry.name} {marker}" if marker else entry.name

    def date(self, entries: list[LibraryEntry]) -> str:
        dates = sorted({str(e.figures.as_of) for e in entries}) or sorted(
            {str(s.as_of) for s in self.catalog.sources.values()}
        )
        joined = ", ".join(dates)
        return f"（截至 {joined} 的 GitHub 数据）" if self.zh else f"(GitHub data as of {joined})"

    def metric(self, metric: str) -> str:
        measure = self.catalog.measures[metric]
        return measure.zh if self.zh else measure.en

    def amount(self, value: float | int | None, metric: str) -> str:
        """A number with its unit: "20,243 stars", "20,243 个星标", "85.21 commits per contributor"."""
        measure = self.catalog.measures[metric]
        return f"{num(value)} {measure.unit_zh if self.zh else measure.unit_en}"

    def figures_body(self, entry: LibraryEntry) -> str:
        """Every stored figure of the entry: "806 contributors, 14,022 commits, 20,243 stars"."""
        sep = "，" if self.zh else ", "
        return sep.join(self.amount(value, metric) for metric, value in self.figures(entry))

    def figures(self, entry: LibraryEntry) -> list[tuple[str, int]]:
        """The entry's stored figures in the vocabulary's order of metrics."""
        values = entry.figures.values()
        return [(m, values[m]) for m in self.catalog.measures.stored if m in values]

    def figures_line(self, entry: LibraryEntry) -> str:
        f = entry.figures
        if self.zh:
            return f"{entry.name}：{self.figures_body(entry)}（截至 {f.as_of}）"
        return f"{entry.name}: {self.figures_body(entry)} (as of {f.as_of})"

    def description(self, entry: LibraryEntry) -> str:
        return entry.description_zh if self.zh else entry.description_en

    def term(self, term_id: str) -> str:
        term = self.catalog.vocabulary.term(term_id)
        if term is None:
            return term_id
        return term.zh if self.zh else term.en

    def join(self, items: list[str]) -> str:
        if self.zh:
            return "、".join(items)
        if len(items) <= 2:
            return " and ".join(items)
        return ", ".join(items[:-1]) + " and " + items[-1]

    def sentence(self, text: str) -> str:
        return text if text.endswith(("。", ".", "！", "？", "!", "?")) else text + ("。" if self.zh else ".")

    def coverage(self) -> str:
        count = self.catalog.size
        first = [self.catalog.field(i, "name") for i in range(min(count, 16))]
        shown = first if count <= 15 else [*first[:15], "…"]
        measures = self.join([self.metric(m) for m in self.catalog.measures.stored])
        if self.zh:
            return (f"我只能回答该调查涵盖的内容：{count} 个 Python 深度学习库（{'、'.join(shown)}）的简介、属性，"
                    f"以及它们的 GitHub {measures}{self.date([])}。")
        return (f"I can only answer from the survey, which covers {count} Python deep-learning libraries "
                f"({', '.join(shown)}): what they are, what they are built on or support, and their GitHub "
                f"{measures} {self.date([])}.")

    def payload(self) -> list[dict[str, Any]]:
        out = []
        for n, cited in enumerate(self.citations, start=1):
            if cited.entry is None:
                assert cited.source is not None
                out.append({"n": n, "kind": "source", "id": cited.source.id,
                            "name": cited.source.title_en or cited.source.title, "url": cited.source.url,
                            "snippet": cited.snippet, "score": 1.0, "figures": [], "as_of": str(cited.source.as_of)})
                continue
            entry = cited.entry
            source = self.catalog.source_of(entry)
            figures = [{"metric": m, "label": self.metric(m), "value": v} for m, v in self.figures(entry)]
            out.append({"n": n, "kind": "library", "id": entry.id, "name": entry.name,
                        "url": entry.url or source.url, "snippet": cited.snippet,
                        "score": round(float(cited.score), 4), "figures": figures, "as_of": str(entry.figures.as_of)})
        return out

