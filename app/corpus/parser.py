"""Parser for ranked surveys: numbered entries ``N. Name (contributors – A, commits – B, stars – C)``.

Works on the Chinese source (labels 贡献者 / 提交 / 提交次数 / 星级 / 星标, full-width brackets and commas,
en dashes) and on English surveys of the same shape. Text that is not an entry header (navigation,
adverts, "related" links) is skipped; an entry's description runs until the next entry, a heading, a
horizontal rule or a bold-only line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.errors import SurveyParseError

#: Label (lower-cased, spaces removed) -> metric. Longest labels are tried first.
METRIC_LABELS: dict[str, str] = {
    "贡献者": "contributors",
    "贡献者数": "contributors",
    "contributors": "contributors",
    "contributor": "contributors",
    "提交": "commits",
    "提交次数": "commits",
    "提交数": "commits",
    "commits": "commits",
    "commit": "commits",
    "星级": "stars",
    "星标": "stars",
    "星数": "stars",
    "stars": "stars",
    "star": "stars",
}

_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_HEADER = re.compile(r"^\s*(\d{1,4})\s*[.．、]\s*(.+?)\s*[（(]([^）()]*)[）)]\s*$")
_FIGURE = re.compile(r"([^\W\d_][^–—:：=\-\d]*?)\s*[–—:：=\-]\s*(\d{1,3}(?:,\d{3})+|\d+)")
_BULLET = re.compile(r"^\s*[+*\-]\s+")
_RULE = re.compile(r"^\s*(\*\s*){3,}$|^\s*-{3,}\s*$")
_BOLD_ONLY = re.compile(r"^\s*\*\*[^*]+\*\*\s*$")


@dataclass
class ParsedEntry:
    rank: int
    name: str
    url: str | None
    figures: dict[str, int]
    description: str = ""
    line: int = 0
    paragraphs: list[str] = field(default_factory=list)


def clean_markdown(text: str) -> str:
    """Markdown inline markup to plain text: links become their text, emphasis and escapes go."""
    text = _LINK.sub(lambda m: m.group(1), text)
    text = text.replace("\\.", ".").replace("\\", "")
    text = re.sub(r"\*{1,3}([^*]+?)\*{1,3}", r"\1", text)
    return text.replace("**", "").strip()


def _parse_header(raw: str) -> tuple[int, str, str | None, str] | None:
    line = raw.strip()
    if not line.startswith("**") or "**" not in line[2:]:
        return None
    links = _LINK.findall(line)
    url = next((target for _, target in links if target.startswith("http")), None)
    plain = clean_markdown(line)
    match = _HEADER.match(plain)
    if match is None:
        return None
    rank, name, figures_text = match.groups()
    return int(rank), name.strip(), url, figures_text


def _parse_figures(figures_text: str, line_no: int) -> dict[str, int] | None:
    figures: dict[str, int] = {}
    for label, number in _FIGURE.findall(figures_text):
        key = re.sub(r"\s+", "", label).lower()
        metric = METRIC_LABELS.get(key)
        if metric is None:
            raise SurveyParseError(f"line {line_no}: unknown metric label {label.strip()!r}")
        figures[metric] = int(number.replace(",", ""))
    return figures or None


def _is_terminator(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("#") or bool(_RULE.match(stripped)) or bool(_BOLD_ONLY.match(stripped))


def parse_survey(text: str) -> list[ParsedEntry]:
    """All entries of a ranked survey, in document order. Raises SurveyParseError when none is found."""
    entries: list[ParsedEntry] = []
    current: ParsedEntry | None = None
    for line_no, raw in enumerate(text.splitlines(), start=1):
        header = _parse_header(raw)
        figures = _parse_figures(header[3], line_no) if header else None
        if header and figures:
            rank, name, url, _ = header
            current = ParsedEntry(rank=rank, name=name, url=url, figures=figures, line=line_no)
            entries.append(current)
            continue
        if current is None or not raw.strip():
            continue
        if _is_terminator(raw):
            current = None
            continue
        paragraph = clean_markdown(raw)
        if _BULLET.match(raw):
            paragraph = "- " + clean_markdown(_BULLET.sub("", raw))
        current.paragraphs.append(paragraph)
    if not entries:
        raise SurveyParseError("no entries of the form 'N. Name (label – number, ...)' were found")
    for entry in entries:
        entry.description = _join_paragraphs(entry.paragraphs)
    return entries


def _join_paragraphs(paragraphs: list[str]) -> str:
    """Bullets stay on their own lines under the paragraph before them; paragraphs get a blank line."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and not (paragraph.startswith("- ") and out[-1].startswith("- ")):
            out.append("")
        out.append(paragraph)
    return "\n".join(out)
