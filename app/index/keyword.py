"""Keyword index (BM25 via bm25s) with a tokenizer for English words and Chinese character n-grams."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[.+\-][a-z0-9]+)*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
STOPWORDS = frozenset(
    """
    a an and are as at be by can do does for from has have how i in is it its me of on or that the this to
    was what which who with you your about any there their they them than so
    """.split()
)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """English: lower-cased, stop words dropped, light stemming, dotted names also split.
    Chinese: every character and every pair of adjacent characters (no dictionary needed)."""
    tokens: list[str] = []
    for run in _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold()):
        if _CJK.match(run):
            tokens.extend(run)
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
            continue
        if run in STOPWORDS:
            continue
        tokens.append(_stem(run))
        parts = re.split(r"[.+\-]", run)
        if len(parts) > 1:
            tokens.append("".join(parts))
            tokens.extend(_stem(p) for p in parts if p and p not in STOPWORDS)
    return tokens


class KeywordIndex:
    """BM25 over entry texts. The vocabulary is sorted so that a rebuild writes identical files."""

    def __init__(self, retriever: bm25s.BM25) -> None:
        self._retriever = retriever
        self._vocab: dict[str, int] = dict(retriever.vocab_dict)

    @classmethod
    def build(cls, texts: list[str]) -> KeywordIndex:
        docs = [tokenize(text) for text in texts]
        vocab = {token: i for i, token in enumerate(sorted({t for doc in docs for t in doc}))}
        retriever = bm25s.BM25()
        retriever.index(Tokenized(ids=[[vocab[t] for t in doc] for doc in docs], vocab=vocab), show_progress=False)
        return cls(retriever)

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder))

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        return cls(bm25s.BM25.load(str(folder)))

    def document_share(self, token: str) -> float:
        """The share of documents that hold the token (0 for a token no document holds)."""
        i = self._vocab.get(token)
        if i is None:
            return 0.0
        indptr = self._retriever.scores["indptr"]
        return float(indptr[i + 1] - indptr[i]) / max(1, int(self._retriever.scores["num_docs"]))

    def scores(self, query: str) -> np.ndarray:
        known = [token for token in tokenize(query) if token in self._vocab]
        if not known:
            return np.zeros(self._retriever.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids) of the documents with a positive score, best first."""
        scores = self.scores(query)
        order = np.argsort(-scores, kind="stable")[:k]
        order = order[scores[order] > 0]
        return scores[order], order.astype(np.int64)
