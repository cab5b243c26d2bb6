"""Pydantic models of the corpus files: sources, library entries and the attribute vocabulary."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

#: The figures a ranked survey states for each entry (its parser reads these); other metrics are data in
#: the vocabulary's `metrics` section.
SURVEY_METRICS: tuple[str, ...] = ("contributors", "commits", "stars")

#: Which vocabulary section each attribute kind draws its values from.
ATTRIBUTE_SECTIONS: dict[str, str] = {
    "built_on": "technologies",
    "runs_on": "technologies",
    "compatible_with": "technologies",
    "developed_by": "organizations",
    "capabilities": "capabilities",
    "model_families": "model_families",
}

_Strict = ConfigDict(extra="forbid", frozen=True)


class Figures(BaseModel):
    """GitHub figures of one library as its source states them: ``as_of`` plus one non-negative integer per
    metric (metric ids are declared in the vocabulary; the loader checks them)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    as_of: dt.date

    @model_validator(mode="after")
    def _figures_are_counts(self) -> Figures:
        for metric, value in (self.model_extra or {}).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{metric} must be a non-negative whole number, not {value!r}")
        return self

    def get(self, metric: str) -> int | None:
        value = (self.model_extra or {}).get(metric)
        return None if value is None else int(value)

    def values(self) -> dict[str, int]:
        return {metric: int(value) for metric, value in (self.model_extra or {}).items()}


class Attributes(BaseModel):
    """Typed facts people ask about; every value is a term id from the vocabulary."""

    model_config = _Strict
    built_on: list[str] = Field(default_factory=list)
    runs_on: list[str] = Field(default_factory=list)
    compatible_with: list[str] = Field(default_factory=list)
    developed_by: list[str] = Field(default_factory=list)
    capabilities: list[str] = Field(default_factory=list)
    model_families: list[str] = Field(default_factory=list)

    def items(self) -> list[tuple[str, list[str]]]:
        return [(kind, list(getattr(self, kind))) for kind in ATTRIBUTE_SECTIONS]


class LibraryEntry(BaseModel):
    """One library of a survey (one YAML file under corpus/libraries/)."""

    model_config = _Strict
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    source: str = Field(min_length=1, description="id of the source document under corpus/sources/")
    rank: PositiveInt | None = None
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    figures: Figures
    description_zh: str = Field(min_length=1)
    description_en: str = Field(min_length=1)
    attributes: Attributes = Field(default_factory=Attributes)

    @field_validator("aliases")
    @classmethod
    def _aliases_not_blank(cls, value: list[str]) -> list[str]:
        if any(not alias.strip() for alias in value):
            raise ValueError("aliases must not be blank")
        return value

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class VocabularyTerm(BaseModel):
    """A value an attribute can take, with its labels and the words people use for it."""

    model_config = _Strict
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    synonyms: list[str] = Field(default_factory=list)


class MetricDef(BaseModel):
    """A stored metric: a figure every entry may carry, with its labels and the words people use for it."""

    model_config = _Strict
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    order: int = Field(default=0, description="where the metric comes when figures are listed (then by id)")
    unit_en: str = Field(min_length=1)
    unit_zh: str = Field(min_length=1)
    synonyms: list[str] = Field(default_factory=list)


class DerivedMetricDef(BaseModel):
    """A metric computed per entry as numerator / denominator of two stored metrics."""

    model_config = _Strict
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    numerator: str
    denominator: str
    decimals: int = Field(default=2, ge=0, le=6)
    synonyms: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)


class Vocabulary(BaseModel):
    model_config = _Strict
    metrics: dict[str, MetricDef] = Field(default_factory=dict)
    derived_metrics: dict[str, DerivedMetricDef] = Field(default_factory=dict)
    technologies: dict[str, VocabularyTerm] = Field(default_factory=dict)
    organizations: dict[str, VocabularyTerm] = Field(default_factory=dict)
    capabilities: dict[str, VocabularyTerm] = Field(default_factory=dict)
    model_families: dict[str, VocabularyTerm] = Field(default_factory=dict)

    def section(self, name: str) -> dict[str, VocabularyTerm]:
        return dict(getattr(self, name))

    def term(self, term_id: str) -> VocabularyTerm | None:
        for section in ATTRIBUTE_SECTIONS.values():
            found = self.section(section).get(term_id)
            if found is not None:
                return found
        return None


class Passage(BaseModel):
    """A statement of the source document's own prose (not an entry), e.g. why a library is left out:
    quoted verbatim (the loader checks every quote against the document), with our English rendering."""

    model_config = _Strict
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    quote: list[str] = Field(min_length=1, description="verbatim excerpts of the source document")
    en: str = Field(min_length=1, description="what the excerpts say, in English")
    zh: str | None = Field(default=None, description="the Chinese answer text; the quotes joined when absent")
    value: float | None = Field(default=None, description="the one number the passage states, if any")
    words: list[str] = Field(default_factory=list, description="other words people use for its topic (en, zh)")

    @field_validator("quote", "words")
    @classmethod
    def _not_blank(cls, value: list[str]) -> list[str]:
        if any(not item.strip() for item in value):
            raise ValueError("must not hold blank strings")
        return value

    def text_zh(self) -> str:
        return self.zh or "".join(self.quote)


class SourceMeta(BaseModel):
    """Metadata of a source document (``<id>.yaml`` beside the document in corpus/sources/)."""

    model_config = _Strict
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    title_en: str | None = None
    file: str
    url: str | None = None
    language: str = Field(pattern=r"^[a-z]{2}$")
    as_of: dt.date
    format: Literal["ranked-survey", "text"] = "ranked-survey"
    publisher: str | None = None
    ranked_by: list[str] = Field(default_factory=list, description="metric ids the source ranks its entries by")
    passages: list[Passage] = Field(default_factory=list, description="what its prose says beyond the entries")


class Corpus(BaseModel):
    """Everything the index is built from, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sources: list[SourceMeta]
    vocabulary: Vocabulary
    entries: list[LibraryEntry]
