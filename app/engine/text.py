"""Text normalisation and language detection shared by the stages of question understanding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9.+\-']*[a-z0-9+]|[a-z0-9]")


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional Chinese to simplified with OpenCC: characters (t2s), and when the text is traditional, Taiwan
    phrasing too (tw2sp: 支援 -> 支持, 分散式 -> 分布式, 程式設計 -> 编程). Simplified text is left as it is
    (tw2sp alone would also rewrite some simplified words)."""
    if not CJK.search(text):
        return text
    characters = _converter("t2s").convert(text)
    return _converter("tw2sp").convert(text) if characters != text else characters


def is_traditional(text: str) -> bool:
    """Whether a question is written in traditional characters (some character OpenCC would simplify)."""
    return bool(CJK.search(text)) and _converter("t2s").convert(text) != text


def in_script_of(question: str, answer: str) -> str:
    """The answer in the question's script: a question in traditional characters is answered in them (OpenCC
    s2t, characters only); every answer is composed in simplified Chinese."""
    return _converter("s2t").convert(answer) if is_traditional(unicodedata.normalize("NFKC", question)) else answer


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), traditional Chinese to simplified, case-folded, control characters
    turned into spaces."""
    folded = to_simplified(unicodedata.normalize("NFKC", text)).casefold().replace("\u2019", "'").replace("\u2018", "'")
    cleaned = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in folded)
    return re.sub(r"\s+", " ", cleaned).strip()


CJK_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*[万萬千亿億]")


def detect_language(text: str) -> str:
    """'zh' when the question has Chinese characters, else 'en' ("at least 1万 stars" is English: a number
    written with a Chinese unit is not a Chinese question)."""
    return "zh" if CJK.search(CJK_NUMBER.sub(" ", text)) else "en"


def latin_words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each Latin word of an already normalised text."""
    return [(m.group(0), m.start(), m.end()) for m in LATIN_WORD.finditer(text)]


def has_meaningful_text(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
