"""Pydantic models of the corpus files: sources, library entries and the attribute vocabulary."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt, field_validator

METRICS: tuple[str, ...] = ("contributors", "commits", "stars")
Metric = Literal["contributors", "commits", "stars"]

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
    """GitHub figures of one library, as the survey states them."""

    model_config = _Strict
    contributors: NonNegativeInt
    commits: NonNegativeInt
    stars: NonNegativeInt
    as_of: dt.date

    def get(self, metric: str) -> int:
        return int(getattr(self, metric))


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


class Vocabulary(BaseModel):
    model_config = _Strict
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


class Corpus(BaseModel):
    """Everything the index is built from, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sources: list[SourceMeta]
    vocabulary: Vocabulary
    entries: list[LibraryEntry]
