"""Turns a computed result into the answer text (English or Chinese) with [n] markers and citations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.corpus.models import LibraryEntry
from app.engine.compute import Catalog

METRIC_EN = {"stars": "stars", "commits": "commits", "contributors": "contributors"}
METRIC_ZH = {"stars": "星标", "commits": "提交次数", "contributors": "贡献者"}
COUNT_ZH = {"stars": "个星标", "commits": "次提交", "contributors": "名贡献者"}
OP_EN = {">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most"}
OP_ZH = {">": "超过", ">=": "不少于", "<": "少于", "<=": "不超过"}
RELATION_EN = {"built_on": "are built on", "runs_on": "run on", "compatible_with": "are compatible with",
               "developed_by": "are developed by", "capabilities": "support", "model_families": "support"}
RELATION_ZH = {"built_on": "基于 {t} 的库", "runs_on": "运行在 {t} 上的库", "compatible_with": "与 {t} 兼容的库",
               "developed_by": "由 {t} 开发的库", "capabilities": "支持 {t} 的库", "model_families": "支持 {t} 的库"}
SECTION_RELATION = {"technologies": "built_on", "organizations": "developed_by", "capabilities": "capabilities",
                    "model_families": "model_families"}
ORDINAL_EN = {1: "1st", 2: "2nd", 3: "3rd"}


@dataclass
class CitationDraft:
    entry: LibraryEntry
    score: float
    snippet: str


def num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.1f}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"


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
            if cited.entry.id == entry.id:
                return f"[{n}]"
        if len(self.citations) >= self.top_k:
            return ""
        self.citations.append(CitationDraft(entry, score, snippet or self.figures_line(entry)))
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
        return METRIC_ZH[metric] if self.zh else METRIC_EN[metric]

    def figures_line(self, entry: LibraryEntry) -> str:
        f = entry.figures
        if self.zh:
            return f"{entry.name}：贡献者 {f.contributors:,}，提交 {f.commits:,}，星标 {f.stars:,}（截至 {f.as_of}）"
        return (f"{entry.name}: {f.contributors:,} contributors, {f.commits:,} commits, {f.stars:,} stars "
                f"(as of {f.as_of})")

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
        names = [e.name for e in self.catalog.entries]
        shown = names if len(names) <= 15 else [*names[:15], "…"]
        if self.zh:
            return (f"我只能回答该调查涵盖的内容：{len(names)} 个 Python 深度学习库（{'、'.join(shown)}）的简介、属性，"
                    f"以及它们的 GitHub 贡献者、提交次数和星标数{self.date([])}。")
        return (f"I can only answer from the survey, which covers {len(names)} Python deep-learning libraries "
                f"({', '.join(shown)}): what they are, what they are built on or support, and their GitHub "
                f"contributors, commits and stars {self.date([])}.")

    def payload(self) -> list[dict[str, Any]]:
        out = []
        for n, cited in enumerate(self.citations, start=1):
            source = self.catalog.source_of(cited.entry)
            out.append({"n": n, "id": cited.entry.id, "name": cited.entry.name,
                        "url": cited.entry.url or source.url, "snippet": cited.snippet,
                        "score": round(float(cited.score), 4)})
        return out

