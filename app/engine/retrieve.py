"""Hybrid retrieval for descriptions and open questions: FAISS dense + BM25 keyword, fused by reciprocal rank."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

import numpy as np

from app.index import vector
from app.index.embedder import Embedder
from app.index.keyword import tokenize
from app.index.store import LoadedIndex

RRF_K = 60
#: A hit is relevant when the model alone is confident (settings.relevance_threshold, 0.40), or when a
#: weaker dense match agrees with keyword evidence, or on strong keyword evidence alone (Chinese, which
#: the English model embeds poorly). Calibrated on on- and off-topic questions (see README, "Retrieval").
AGREEING_DENSE = 0.28
AGREEING_KEYWORD = 2.0
KEYWORD_MIN_SCORE = 4.0
SENTENCE = re.compile(r"[^。！？.!?\n]+[。！？.!?]?")
#: A question mostly in Chinese: the English-only model's ranking counts a quarter as much as the keywords'
#: (its vectors of Chinese text are mostly [UNK]); a multilingual model brought with DLQA_MODEL_PATH is not
#: told apart, so the weight stays modest rather than zero.
CJK_DENSE_WEIGHT = 0.25
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Hit:
    position: int
    fused: float
    dense: float
    keyword: float


class QueryVectorCache:
    """LRU cache of question vectors: repeated questions skip the model, the slowest step."""

    def __init__(self, size: int = 2048) -> None:
        self._size = size
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, key: str) -> np.ndarray | None:
        if self._size == 0:
            return None
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: str, value: np.ndarray) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class Retriever:
    def __init__(self, index: LoadedIndex, embedder: Embedder, threshold: float, cache_size: int = 2048) -> None:
        self._index = index
        self._embedder = embedder
        self.threshold = threshold
        self._cache = QueryVectorCache(cache_size)
        self._last: tuple[str, np.ndarray] | None = None  # one question embedded once, cache or no cache

    def clear_cache(self) -> None:
        self._cache.clear()
        self._last = None

    def embed(self, text: str) -> np.ndarray:
        """A question's vector. The passage check and the retrieval of one question both ask for it: the last
        text embedded is kept apart from the cache (which may be off), so a question costs one model call."""
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        cached = self._cache.get(text)
        if cached is None:
            cached = self._embedder.encode([text])[0]
            self._cache.put(text, cached)
        self._last = (text, cached)
        return cached

    def search(self, text: str, k: int) -> list[Hit]:
        """Best entries first; every entry that either retriever returned, with both of its scores."""
        total = self._index.vectors.ntotal
        depth = min(total, max(k, 10))
        dense_scores, dense_ids = vector.search(self._index.vectors, self.embed(text), depth)
        keyword_all = self._index.keywords.scores(text)
        keyword_ids = [int(i) for i in top_positive(keyword_all, depth)]
        dense = {int(i): float(s) for s, i in zip(dense_scores, dense_ids, strict=True)}
        fused: dict[int, float] = {}
        cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
        weight = CJK_DENSE_WEIGHT if cjk > latin else 1.0
        for rank, position in enumerate(dense_ids, start=1):
            fused[int(position)] = fused.get(int(position), 0.0) + weight / (RRF_K + rank)
        for rank, position in enumerate(keyword_ids, start=1):
            fused[position] = fused.get(position, 0.0) + 1.0 / (RRF_K + rank)
        hits = [Hit(p, s, dense.get(p, 0.0), float(keyword_all[p])) for p, s in fused.items()]
        hits.sort(key=lambda h: (-h.fused, h.position))
        return hits[:k]

    def relevant(self, hits: list[Hit], text: str) -> list[Hit]:
        """Hits that really answer: close enough in meaning, or sharing enough rare keywords."""
        distinct = len(set(tokenize(text)))
        return [
            h for h in hits
            if h.dense >= self.threshold
            or (h.dense >= AGREEING_DENSE and h.keyword >= AGREEING_KEYWORD)
            or (h.keyword >= KEYWORD_MIN_SCORE and distinct >= 2)
        ]


def top_positive(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best positive scores, best first, ties by position: the order of a stable argsort
    of all the scores, without sorting all of them (100,000 at scale, most sharing a common word)."""
    matching = np.flatnonzero(scores > 0)
    if len(matching) > k > 0:
        values = scores[matching]
        kth = np.partition(values, len(values) - k)[len(values) - k]
        matching = matching[values >= kth]
    order = np.lexsort((matching, -scores[matching]))
    return matching[order][:k]


def best_sentence(text: str, question: str) -> str:
    """The sentence of an entry's description sharing most keywords with the question (first on a tie)."""
    sentences = [s.strip() for s in SENTENCE.findall(text) if s.strip(" -“”\"")]
    if not sentences:
        return text.strip()
    wanted = set(tokenize(question))
    scored = [(len(wanted & set(tokenize(s))), -i, s) for i, s in enumerate(sentences)]
    return max(scored)[2]
