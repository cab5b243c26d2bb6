"""The case type and the generator that renders one combination of slots in each language and style."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from tests.generated import gold
from tests.generated.words import CHATTY, EN, FORMAL, HANT, ZH, is_cjk, library_name, metric_word, number, traditional

Turn = dict[str, Any]
Templates = dict[tuple[str, str], list[str]]
Slots = Callable[[str, str], dict[str, str]]
Expected = Turn | Callable[[str], Turn]
SEED = 20181023


class Case(list[Turn]):
    """One conversation: the list of turns to ask (question + expectations), tagged for reporting."""

    def __init__(self, turns: list[Turn], operation: str, language: str, style: str) -> None:
        super().__init__(turns)
        self.operation = operation
        self.language = language
        self.style = style

    @property
    def id(self) -> str:
        return f"{self.operation}/{self.language}/{self.style}: {' | '.join(turn['q'] for turn in self)}"


def t(en_formal: list[str], en_chatty: list[str], zh_formal: list[str], zh_chatty: list[str]) -> Templates:
    return {(EN, FORMAL): en_formal, (EN, CHATTY): en_chatty, (ZH, FORMAL): zh_formal, (ZH, CHATTY): zh_chatty}


class Generator:
    """Collects cases; each combination is rendered in the languages and styles of its turn in the plan."""

    def __init__(self, survey: gold.Survey, seed: int = SEED) -> None:
        self.survey = survey
        self.rng = random.Random(seed)
        self.cases: list[Case] = []
        self.combinations: Counter[str] = Counter()
        self.seen: set[tuple[str, ...]] = set()

    def plan(self, operation: str) -> list[tuple[str, str]]:
        """English formal and chatty; Chinese in alternating styles; traditional Chinese for half of them
        (counted per operation, so that every operation gets its share of each)."""
        i = self.combinations[operation]
        self.combinations[operation] += 1
        zh_style, hant_style = (FORMAL, CHATTY) if i % 2 == 0 else (CHATTY, FORMAL)
        # One English style is left out of every fifth combination: about 45% of the questions are Chinese.
        english = [(EN, FORMAL), (EN, CHATTY)] if i % 5 != 4 else [(EN, FORMAL if i % 10 == 4 else CHATTY)]
        rendering = [*english, (ZH, zh_style)]
        if i % 4 in (0, 1):
            rendering.append((HANT, hant_style))
        return rendering

    def emit(self, operation: str, turns: list[tuple[Templates, Expected]], slots: Slots | None = None) -> None:
        for language, style in self.plan(operation):
            base = EN if language == EN else ZH
            values = slots(base, style) if slots else {}
            rendered = []
            for templates, expected in turns:
                choices = templates.get((base, style)) or templates[(base, FORMAL if style == CHATTY else CHATTY)]
                question = self.rng.choice(choices).format(**values)
                if language == HANT:
                    question = traditional(question, self.rng)
                turn = dict(expected(language) if callable(expected) else expected)
                if language == HANT:
                    turn["contains"] = [text for text in turn.get("contains", []) if not is_cjk(text)]
                    if not turn["contains"]:
                        del turn["contains"]
                rendered.append({"q": question, **turn, "language": "en" if language == EN else "zh"})
            key = tuple(turn["q"] for turn in rendered)
            if key not in self.seen:
                self.seen.add(key)
                self.cases.append(Case(rendered, operation, language, style))

    # ---- slot helpers ----------------------------------------------------------------------------------------

    def name(self, lib: gold.Library, language: str, style: str) -> str:
        return library_name(lib, language, style, self.rng)

    def metric(self, metric: str, language: str, style: str, form: str = "short") -> str:
        return metric_word(metric, language, style, self.rng, form)

    def number(self, n: float, language: str, style: str) -> str:
        return number(n, language, style, self.rng)


def answer(libraries: list[gold.Library] | None = None, value: float | None = None, *, ordered: bool = True,
           **extra: Any) -> Turn:
    """An answered turn: libraries exactly in order (or as a set) and a value when given."""
    turn: Turn = {"answered": True}
    if value is not None:
        turn["value"] = value
    if libraries is not None:
        turn["libraries" if ordered else "libraries_set"] = [lib.id for lib in libraries]
    turn.update(extra)
    return turn


DECLINE: Turn = {"answered": False, "value": None}
