"""The entity linker as it was before it scaled: every name scanned per question. Kept as the slow, obvious
reference the indexed linker (app.engine.linking) must agree with exactly."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from app.corpus.loader import normalize_name
from app.corpus.models import ATTRIBUTE_SECTIONS, Corpus
from app.engine.linking import (
    COMMON_WORDS,
    FUZZY_MIN_LENGTH,
    FUZZY_RATIO,
    JOINED_RATIO,
    MAX_NGRAM,
    Linked,
    Mention,
    _dedupe,
    _strip_possessive,
)
from app.engine.text import CJK, latin_words


class ReferenceLinker:
    def __init__(self, corpus: Corpus) -> None:
        self._latin: dict[str, set[tuple[str, str, str | None]]] = {}
        self._cjk: dict[str, set[tuple[str, str, str | None]]] = {}
        self._fuzzy_names: dict[str, str] = {}
        for entry in corpus.entries:
            for name in entry.names():
                self._add(name, ("library", entry.id, None))
                compact = normalize_name(name)
                if not CJK.search(name) and len(compact) >= FUZZY_MIN_LENGTH:
                    self._fuzzy_names[compact] = entry.id
        for section in sorted(set(ATTRIBUTE_SECTIONS.values())):
            for term_id, term in corpus.vocabulary.section(section).items():
                for phrase in {term.en, term.zh, *term.synonyms}:
                    self._add(phrase, ("term", term_id, section))

    def _add(self, phrase: str, target: tuple[str, str, str | None]) -> None:
        key = normalize_name(phrase)
        if not key:
            return
        table = self._cjk if CJK.search(phrase) else self._latin
        table.setdefault(key, set()).add(target)

    def link(self, text: str) -> Linked:
        """Mentions in a normalised question, longest match first, overlaps dropped, in text order."""
        words = [(_strip_possessive(w), s, e) for w, s, e in latin_words(text)]
        candidates: list[tuple[int, int, tuple[str, str, str | None], bool]] = []
        for i in range(len(words)):
            for j in range(min(len(words), i + MAX_NGRAM), i, -1):
                key = normalize_name("".join(w for w, _, _ in words[i:j]))
                for target in self._latin.get(key, ()):
                    candidates.append((words[i][1], words[j - 1][2], target, False))
        for word, start, _ in words:  # a name inside a hyphenated word ("GPU-capable")
            if "-" not in word and "." not in word:
                continue
            offset = start
            for part in re.split(r"[-.]", word):
                for target in self._latin.get(normalize_name(part), ()) if normalize_name(part) else ():
                    candidates.append((offset, offset + len(part), target, False))
                offset += len(part) + 1
        for key, targets in self._cjk.items():
            start = text.find(key)
            while start != -1:
                candidates.extend((start, start + len(key), target, False) for target in targets)
                start = text.find(key, start + 1)
        covered = self._select(candidates)
        joined = self._fuzzy_joined(words, covered)
        if joined:
            covered = [c for c in covered if not any(j[0] <= c[0] < j[1] for j in joined)]
        fuzzy = joined + self._fuzzy(words, covered + joined)
        mentions = sorted(
            [Mention(t[0], t[1], t[2], s, e, f) for s, e, t, f in covered + fuzzy], key=lambda m: (m.start, m.kind)
        )
        spans = [(m.start, m.end) for m in mentions]
        unknown = [
            w for w, s, e in words
            if w not in COMMON_WORDS and not w.isdigit() and not any(a <= s < b for a, b in spans)
        ]
        return Linked(
            libraries=_dedupe([m for m in mentions if m.kind == "library"]),
            terms=_dedupe([m for m in mentions if m.kind == "term"]),
            unknown_words=unknown,
        )

    @staticmethod
    def _select(candidates: list[tuple[int, int, tuple[str, str, str | None], bool]]) -> list:
        """Longest spans win; equal spans (a name that is also a vocabulary term) are all kept."""
        chosen: list[tuple[int, int, tuple[str, str, str | None], bool]] = []
        for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
            start, end = cand[0], cand[1]
            clash = [c for c in chosen if c[0] < end and start < c[1]]
            if not clash or all((c[0], c[1]) == (start, end) for c in clash):
                chosen.append(cand)
        return chosen

    def _fuzzy_joined(self, words: list[tuple[str, int, int]], covered: list) -> list:
        found = []
        for i, (word, start, end) in enumerate(words):
            if i == 0 or len(word) < 3 or word in COMMON_WORDS or any(c[0] <= start < c[1] for c in covered):
                continue
            for back in (1, 2):
                first = i - back
                if first < 0 or any(c[2][0] == "library" and c[0] < end and words[first][1] < c[1] for c in covered):
                    break
                compact = normalize_name("".join(w for w, _, _ in words[first:i + 1]))
                best = self._closest(compact, JOINED_RATIO) if len(compact) >= 2 * FUZZY_MIN_LENGTH else None
                if best is not None:
                    found.append((words[first][1], end, ("library", best, None), True))
                    break
        return found

    def _fuzzy(self, words: list[tuple[str, int, int]], covered: list) -> list:
        found = []
        for word, start, end in words:
            if len(word) < FUZZY_MIN_LENGTH or word in COMMON_WORDS or any(c[0] <= start < c[1] for c in covered):
                continue
            best = self._closest(normalize_name(word), FUZZY_RATIO)
            if best is not None:
                found.append((start, end, ("library", best, None), True))
        return found

    def _closest(self, compact: str, threshold: float) -> str | None:
        best, best_ratio = None, threshold
        for name, entry_id in self._fuzzy_names.items():
            if name[0] != compact[:1] or sorted(filter(str.isdigit, name)) != sorted(filter(str.isdigit, compact)):
                continue  # a first letter in common, and the same digits ("Caffe2" is not Caffe)
            ratio = SequenceMatcher(None, compact, name).ratio()
            if ratio >= best_ratio:
                best, best_ratio = entry_id, ratio
        return best
