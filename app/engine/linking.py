"""Entity linking: finds the corpus's libraries and vocabulary terms in a question, typos included.

Everything it matches comes from the corpus (names, aliases, vocabulary synonyms), so a library added
to the corpus is linked after a rebuild with no code change.

Nothing is scanned name by name per question, so the cost does not grow with the corpus: Latin names are
looked up by word n-grams, Chinese names by the question's substrings of the lengths names have, and the
fuzzy step only compares a word with the names that share its first letter and enough character bigrams
to possibly reach the ratio (a bound proved in ``_FuzzyIndex``); the results are exactly those of
comparing every name (tests/engine/test_linking_scale.py checks that against the old linear scan).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

import numpy as np

from app.corpus.lazy import LazyEntries
from app.corpus.loader import normalize_name
from app.corpus.models import ATTRIBUTE_SECTIONS, Corpus
from app.engine.text import CJK, latin_words

MAX_NGRAM = 5
FUZZY_RATIO = 0.8
FUZZY_MIN_LENGTH = 4
JOINED_RATIO = 0.88  # a name of several words with a typo: closer, since more words could join by chance
#: Names up to this many characters are in the bigram index; longer ones (none in practice) are always compared.
MAX_INDEXED_LENGTH = 64

#: Ordinary words of questions: never a library name, never fuzzily matched to one.
COMMON_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    best better between both but by can could did do does doing done down during each few for from further
    get gets got had has have having he her here hers him his how i if in into is it its itself just let
    like made make makes me more most much my no nor not now of off on once one only or other our out over
    own same she should so some such than that the their them then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you your
    yours please tell show give list name many number numbers library libraries lib libs framework
    frameworks package packages tool tools project projects deep learning machine python github survey
    data figure figures stat stats statistic statistics star stars starred commit commits contributor
    contributors developer developers rank ranked ranking order sort sorted top bottom highest lowest
    largest smallest biggest most least fewest total sum average mean median combined difference compare
    compared comparison versus vs than more less fewer over under above below between among across
    library's know want need looking good use used using uses run runs running built build based support
    supports supported compatible work works type types kind kinds best popular popularity entry entries
    article source date year when time much what's who's how's it's that's there's about describe
    description explain introduce overview summary info information second third fourth fifth first last
    next previous again thanks thank hello hi hey ok okay yes no which ones one two three four five six
    seven eight nine ten hundred thousand k million per each every all any whole entire currently latest
    recent new old neural network networks model models ai ml dl same also still really actually maybe
    called named mean means meant say said says covered cover covers included include includes listed list
    questions answer answers help can't cannot don't doesn't isn't aren't won't count counts tally totals
    higher lower greater bigger smaller larger fewer
    """.split()
)


@dataclass(frozen=True)
class Mention:
    kind: str  # "library" or "term"
    key: str  # entry id or vocabulary term id
    section: str | None  # vocabulary section of a term
    start: int
    end: int
    fuzzy: bool = False


@dataclass(frozen=True)
class Linked:
    libraries: list[Mention]
    terms: list[Mention]
    unknown_words: list[str]
    every: list[Mention] = field(default_factory=list, compare=False)  # every library mention, repeats included


def _strip_possessive(word: str) -> str:
    return re.sub(r"'s$|'$", "", word)


class EntityLinker:
    def __init__(self, corpus: Corpus) -> None:
        self._latin: dict[str, set[tuple[str, str, str | None]]] = {}
        self._cjk: dict[str, set[tuple[str, str, str | None]]] = {}
        self._fuzzy_names: dict[str, str] = {}
        entries = corpus.entries
        lazy = entries if isinstance(entries, LazyEntries) else None  # names read without making entries
        ids = lazy.ids if lazy is not None else [entry.id for entry in entries]
        for i, entry_id in enumerate(ids):
            library = ("library", entry_id, None)
            for name in (lazy.names_of(i) if lazy is not None else entries[i].names()):
                compact, chinese = self._add(name, library)
                if not chinese and len(compact) >= FUZZY_MIN_LENGTH:
                    self._fuzzy_names[compact] = entry_id
        for section in sorted(set(ATTRIBUTE_SECTIONS.values())):
            for term_id, term in corpus.vocabulary.section(section).items():
                for phrase in {term.en, term.zh, *term.synonyms}:
                    self._add(phrase, ("term", term_id, section))
        self._cjk_lengths = sorted({len(key) for key in self._cjk}, reverse=True)
        self._cjk_first = frozenset(key[0] for key in self._cjk)
        self._cjk_order = {key: i for i, key in enumerate(self._cjk)}
        self._fuzzy_index = _FuzzyIndex(list(self._fuzzy_names))

    def _add(self, phrase: str, target: tuple[str, str, str | None]) -> tuple[str, bool]:
        """Index one phrase; returns its normalised key and whether it is Chinese (each computed once:
        at 100,000 entries the start-up cost is mostly here)."""
        key = normalize_name(phrase)
        chinese = not phrase.isascii() and CJK.search(phrase) is not None
        if key:
            table = self._cjk if chinese else self._latin
            targets = table.get(key)
            if targets is None:
                table[key] = {target}
            else:
                targets.add(target)
        return key, chinese

    def link(self, text: str) -> Linked:
        """Mentions in a normalised question, longest match first, overlaps dropped, in text order."""
        words = [(_strip_possessive(w), s, e) for w, s, e in latin_words(text)]
        candidates: list[tuple[int, int, tuple[str, str, str | None], bool]] = []
        for i in range(len(words)):
            for j in range(min(len(words), i + MAX_NGRAM), i, -1):
                key = normalize_name("".join(w for w, _, _ in words[i:j]))
                for target in self._latin.get(key, ()):
                    candidates.append((words[i][1], words[j - 1][2], target, False))
        for word, start, _ in words:  # "GPU-capable", "NumPy-like", "theano.commits": a name inside the word
            offset = start
            for part in re.split(r"[-.]", word) if re.search(r"[-.]", word) else ():
                key = normalize_name(part)
                for target in self._latin.get(key, ()) if key else ():
                    candidates.append((offset, offset + len(part), target, False))
                offset += len(part) + 1
        candidates.extend(self._cjk_candidates(text))
        covered = self._select(candidates)
        joined = self._fuzzy_joined(words, covered)  # "distributed kears": a typo inside a name of two words
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
            every=[m for m in mentions if m.kind == "library"],
        )

    def _cjk_candidates(self, text: str) -> list[tuple[int, int, tuple[str, str, str | None], bool]]:
        """Every occurrence of a Chinese name: the text's substrings of the lengths such names have, looked
        up, in the order the former scan of every name produced them (name by name, then by position)."""
        found: list[tuple[int, int, str]] = []
        table = self._cjk
        for start, char in enumerate(text):
            if char not in self._cjk_first:
                continue
            for length in self._cjk_lengths:
                key = text[start : start + length]
                if len(key) == length and key in table:
                    found.append((start, start + length, key))
        found.sort(key=lambda f: (self._cjk_order[f[2]], f[0]))
        return [(start, end, target, False) for start, end, key in found for target in table[key]]

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
        """A mistyped word that, joined to the word or two before it, is close to a name of several words
        ("distributed kears", "spark deep lerning"); those words are not a library's name already."""
        found = []
        for i, (word, start, end) in enumerate(words):
            if i == 0 or len(word) < 3 or word in COMMON_WORDS or any(c[0] <= start < c[1] for c in covered):
                continue
            for back in (1, 2):
                first = i - back
                if first < 0 or any(c[2][0] == "library" and c[0] < end and words[first][1] < c[1] for c in covered):
                    break
                compact = normalize_name("".join(w for w, _, _ in words[first:i + 1]))
                best = self._closest_name(compact, JOINED_RATIO) if len(compact) >= 2 * FUZZY_MIN_LENGTH else None
                if best is not None:
                    found.append((words[first][1], end, ("library", best, None), True))
                    break
        return found

    def _closest_name(self, compact: str, threshold: float) -> str | None:
        """The library whose name is closest to a word, at least ``threshold`` alike ("Caffe2" is another
        product, not a typo of Caffe: digits must agree)."""
        best, best_ratio = None, threshold
        digits = sorted(filter(str.isdigit, compact))
        for name in self._fuzzy_index.candidates(compact):
            if sorted(filter(str.isdigit, name)) != digits:
                continue
            matcher = SequenceMatcher(None, compact, name)
            if matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = self._fuzzy_names[name], ratio
        return best

    def _fuzzy(self, words: list[tuple[str, int, int]], covered: list) -> list:
        found = []
        for word, start, end in words:
            if len(word) < FUZZY_MIN_LENGTH or word in COMMON_WORDS or any(c[0] <= start < c[1] for c in covered):
                continue
            best = self._closest_name(normalize_name(word), FUZZY_RATIO)
            if best is not None:
                found.append((start, end, ("library", best, None), True))
        return found


class _FuzzyIndex:
    """Names by (first letter, character bigram), to find every name that can be within FUZZY_RATIO of a word.
    The postings are one sorted numpy array, so a lookup costs a few binary searches and one count.

    Why the filter loses nothing: SequenceMatcher's ratio is 2M/T (M matched characters, T the two lengths
    together), so ratio ≥ 0.8 needs M ≥ 0.4T. Its K matching blocks are maximal, so two neighbours are split
    by at least one unmatched character, and there are T - 2M of those: K - 1 ≤ T - 2M. The blocks hold
    M - K ≥ 3M - T - 1 ≥ 0.2T - 1 matched bigrams, all shared by both strings: a name with fewer shared
    bigrams, or whose length alone caps the ratio below 0.8, cannot match. Words and names have at least
    FUZZY_MIN_LENGTH (4) characters, so T ≥ 8 and every possible match shares at least one bigram.
    M is also at most the characters the two have in common counted with repeats (SequenceMatcher's
    ``quick_ratio``); counted over the classes a-z, 0-9 and "other" (which can only count more), that bound
    is checked for all candidates at once, so few of them reach SequenceMatcher.
    """

    def __init__(self, names: list[str]) -> None:
        self._names = names
        lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
        indexed = np.flatnonzero((lengths >= 2) & (lengths <= MAX_INDEXED_LENGTH))
        self._unindexed = np.flatnonzero(lengths > MAX_INDEXED_LENGTH).tolist()  # compared always
        width = int(lengths[indexed].max(initial=2))
        text = np.array([names[i] for i in indexed.tolist()] or [""], dtype=f"<U{width}")
        codes = text.view(np.uint32).reshape(-1, width).astype(np.int64)[: len(indexed)]
        # Numbered by first letter, the names a word can match form one range of numbers, and the bigrams
        # they share with it are counted by one bincount over that range.
        by_first = np.argsort(codes[:, 0], kind="stable")
        self._original, codes = indexed[by_first], codes[by_first]  # our number -> position in ``names``
        self._lengths = lengths[self._original]
        firsts, starts = np.unique(codes[:, 0], return_index=True)
        ends = [*starts[1:].tolist(), len(codes)]
        self._ranges = {chr(first): (start, end)
                        for first, start, end in zip(firsts.tolist(), starts.tolist(), ends, strict=True)}
        keys = _bigram_keys(codes[:, :1], codes[:, :-1], codes[:, 1:])
        present = np.arange(width - 1)[None, :] < (self._lengths[:, None] - 1)
        numbers = np.broadcast_to(np.arange(len(codes), dtype=np.int64)[:, None], keys.shape)[present]
        keys = keys[present]
        order = np.argsort(keys, kind="stable")
        self._keys, self._numbers = keys[order], numbers[order]
        # characters per class and name (at most MAX_INDEXED_LENGTH, so a byte holds the count)
        held = np.arange(width)[None, :] < self._lengths[:, None]
        rows = np.repeat(np.arange(len(codes), dtype=np.int64), self._lengths)
        classes = np.bincount(rows * _CLASSES + _char_class(codes[held]), minlength=len(codes) * _CLASSES)
        self._letters = classes.astype(np.uint8).reshape(-1, _CLASSES)

    def candidates(self, word: str) -> list[str]:
        """Names that may reach FUZZY_RATIO with ``word``, in the order they were given."""
        if len(word) < 2:
            return []
        found = [i for i in self._unindexed if self._names[i][0] == word[0]]
        if word[0] in self._ranges:
            low, high = self._ranges[word[0]]
            codes = [ord(ch) for ch in word]
            wanted = Counter(int(_bigram_keys(codes[0], codes[i], codes[i + 1])) for i in range(len(codes) - 1))
            keys = np.fromiter(wanted, dtype=np.int64, count=len(wanted))
            starts = np.searchsorted(self._keys, keys)
            ends = np.searchsorted(self._keys, keys + 1)
            # a repeated bigram counts as often as the word has it: still a safe bound
            parts = [self._numbers[a:b].repeat(n) for a, b, n in zip(starts, ends, wanted.values(), strict=True)]
            shared = np.bincount(np.concatenate(parts) - low, minlength=high - low)
            numbers = np.flatnonzero(shared)
            shared, numbers = shared[numbers], numbers + low
            total = len(word) + self._lengths[numbers]
            possible = (2 * np.minimum(len(word), self._lengths[numbers]) >= FUZZY_RATIO * total - 1e-9) & (
                5 * shared >= total - 5
            )
            numbers, total = numbers[possible], total[possible]
            letters = np.bincount(_char_class(np.asarray(codes)), minlength=_CLASSES)
            common = np.minimum(self._letters[numbers], letters).sum(axis=1)
            found += self._original[numbers[2 * common >= FUZZY_RATIO * total - 1e-9]].tolist()
        return [self._names[i] for i in sorted(found)]


_CLASSES = 37  # a-z, 0-9, anything else
_ASCII_CLASS = np.full(128, _CLASSES - 1, dtype=np.int64)
_ASCII_CLASS[97:123], _ASCII_CLASS[48:58] = np.arange(26), np.arange(26, 36)


def _char_class(codes: np.ndarray) -> np.ndarray:
    """0-25 for a-z, 26-35 for 0-9, 36 for any other character (names are normalised: lower case)."""
    return np.where(codes < 128, _ASCII_CLASS[np.minimum(codes, 127)], _CLASSES - 1)


def _bigram_keys(first: Any, left: Any, right: Any) -> Any:
    """One int64 per (first letter, bigram): code points fit in 21 bits each."""
    return (first << 42) | (left << 21) | right


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for mention in mentions:
        if mention.key not in seen:
            seen.add(mention.key)
            out.append(mention)
    return out
