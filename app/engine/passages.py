"""Finds the passage of a source's own prose that answers a question the entries cannot ("why is Keras not
listed?", "what does the circle size mean?"): a question the plan would decline or search the entries for.

A passage answers when the question shares enough of its distinctive words (English words, Chinese
character pairs; words most entries share, like "library", do not count) or is close to it in meaning.
There are few passages, so they are embedded on first use, not at start-up."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from threading import Lock

import numpy as np

from app.corpus.models import Passage, SourceMeta
from app.engine.text import normalize
from app.index.keyword import tokenize
from app.index.store import LoadedIndex

#: A word more than this share of the entries use says nothing about a passage.
COMMON_SHARE = 0.25
#: Distinctive words shared, alone; fewer shared words with a dense match at least AGREEING; dense alone.
FIGURE_REF = re.compile(r"\b(?:figure|fig|chart)\.?\s*(\d)\b|图表?\s*(\d)|图表?([一二三四五])")
ZH_DIGIT = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5"}
KEYWORD_ALONE = 3.0
KEYWORD_AGREEING = 2.0
DENSE_AGREEING = 0.30
DENSE_ALONE = 0.55
_CJK_ONE = re.compile(r"^[\u3400-\u9fff]$")
#: Chinese particles: a character pair holding one ("列的", "是关") says nothing about a topic.
PARTICLES = frozenset("的了是在吗呢吧啊么着过")
#: A question that points at the article itself ("文章说…", "according to the article").
ARTICLE = re.compile(r"\barticle\b|\bthe author\b|\bthe post\b|文章|原文|文中|作者")
#: Chinese character pairs of the question's own frame ("什么", "哪个"), which no passage is about.
QUESTION_PAIRS = frozenset(
    "什么 哪个 哪些 多少 是什 么样 一个 这个 那个 这些 我们 你们 可以 是否 有没 请问 的是 是哪 了吗 的吗 是多".split()
)


@dataclass(frozen=True)
class PassageMatch:
    source: SourceMeta
    passage: Passage
    keyword: float
    dense: float
    shares_number: bool = False  # the question repeats a number the passage states ("the 45% figure")
    cites_article: bool = False  # the question points at the article ("文章说…")

    @property
    def key(self) -> str:
        return f"{self.source.id}/{self.passage.id}"


class Passages:
    def __init__(self, index: LoadedIndex, embed: Callable[[str], np.ndarray]) -> None:
        self._items = [(s, p) for s in index.corpus.sources for p in s.passages]
        self._keywords = index.keywords
        self._embed = embed
        self._texts = [self._text(p) for _, p in self._items]
        self._tokens = [self._distinctive(text) | _figure_numbers(text) for text in self._texts]
        # the topic words written for a passage ("主观", "builtwith"): with the article named, one is enough
        # ("文章承认这些排名是主观的吗？")
        self._topics = [{t for w in p.words for t in [normalize(w)] if t in tokenize(t)} & tokens
                        for (_, p), tokens in zip(self._items, self._tokens, strict=True)]
        self._vectors: np.ndarray | None = None
        self._lock = Lock()

    def __bool__(self) -> bool:
        return bool(self._items)

    def get(self, key: str) -> tuple[SourceMeta, Passage] | None:
        return next(((s, p) for s, p in self._items if f"{s.id}/{p.id}" == key), None)

    def find(self, question: str, names: Sequence[str] = ()) -> PassageMatch | None:
        """The passage that answers the question, or None. ``names`` are the libraries the question names:
        their names say which entry it is about, not which passage."""
        if not self._items:
            return None
        named = {t for name in names for t in tokenize(normalize(name))}
        wanted = self._distinctive(normalize(question)) - QUESTION_PAIRS - named
        figures = _figure_numbers(normalize(question))  # "Figure 1", "图一": the figure's number is a word
        wanted |= figures | ({"figure", "图表"} if figures else set())
        about = [normalize(n) for n in names]
        if not wanted or not any(wanted & tokens for tokens in self._tokens):
            return None  # no word of any passage: no model call (declines stay cheap)
        vector = self._embed(question)
        dense = self._passage_vectors() @ vector
        cites = bool(ARTICLE.search(question))
        best: PassageMatch | None = None
        for i, (source, passage) in enumerate(self._items):
            if about and not any(n in self._texts[i] for n in about):
                continue  # a question about a library only takes a passage that mentions it
            shared = wanted & self._tokens[i]
            joined = {t for t in shared if "-" in t} | {t.replace("-", "") for t in shared if "-" in t}
            shared = shared - joined if shared - joined else shared  # "machine-learning" counts as its parts
            keyword = float(len(shared) + sum(1 for t in shared if t.isdigit()))  # a number it states counts twice
            number = any(t.isdigit() and len(t) > 1 for t in shared)
            match = PassageMatch(source, passage, keyword, float(dense[i]), number, cites)
            topical = bool(shared & self._topics[i])
            enough = _answers(match) or (cites and about and match.keyword >= KEYWORD_AGREEING) or (cites and topical)
            if enough and (best is None or (match.keyword, match.dense) > (best.keyword, best.dense)):
                best = match
        return best

    def _passage_vectors(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                self._vectors = np.stack([self._embed(f"{p.en} {' '.join(p.words)}") for _, p in self._items])
            return self._vectors

    @staticmethod
    def _text(passage: Passage) -> str:
        return normalize(" ".join([passage.en, passage.text_zh(), *passage.quote, *passage.words]))

    def _distinctive(self, text: str) -> set[str]:
        """English words and Chinese character pairs of the text that most entries do not share."""
        return {t for t in tokenize(text) if not _CJK_ONE.match(t) and len(t) > 1 and not PARTICLES.intersection(t)
                and self._keywords.document_share(t) <= COMMON_SHARE}


def _figure_numbers(text: str) -> set[str]:
    return {ZH_DIGIT.get(d, d) for ref in FIGURE_REF.finditer(text) for d in ref.groups() if d}


def _answers(m: PassageMatch) -> bool:
    """Enough shared distinctive words, fewer with agreeing meaning, or the meaning alone; a number the passage
    states ("the 45% figure") with one more shared word."""
    return (m.keyword >= KEYWORD_ALONE or (m.keyword >= KEYWORD_AGREEING and m.dense >= DENSE_AGREEING)
            or m.dense >= DENSE_ALONE or (m.shares_number and m.keyword > KEYWORD_AGREEING))
