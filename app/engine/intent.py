"""Question understanding, step two: the intent, with missing slots filled from the conversation."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from app.engine import lexicon as lx
from app.engine.understand import Query

#: Intents whose answer is computed over several libraries from one figure.
SET_INTENTS = ("ranking", "filter", "aggregate", "comparison", "difference", "rank_by_metric")
#: Intents about one library that a "what about X?" follow-up repeats for another.
LIBRARY_INTENTS = ("figure", "figures", "rank_by_metric", "description", "survey_rank", "attribute_of",
                   "attribute_check", "comparison", "difference")
TARGET_RELATIONS = ("built_on", "runs_on", "compatible_with")
SINGULAR = re.compile(
    r"\b(?:it|its|it's|this one|that one|this library|that library|the library)\b|它(?!们)|这个|那个|该库"
)


@dataclass(frozen=True)
class Turn:
    """What a conversation remembers of its last question."""

    query: Query
    referents: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (the conversation store's format): the query's non-default fields and the referents."""
        defaults = _QUERY_DEFAULTS
        query = {name: value for name, value in asdict(self.query).items()
                 if name in ("raw", "text", "language") or value != defaults.get(name)}
        return {"v": TURN_FORMAT, "query": query, "referents": list(self.referents)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        """The inverse of ``to_dict``; raises ValueError for another format, KeyError/TypeError when malformed."""
        if data.get("v") != TURN_FORMAT:
            raise ValueError(f"turn format {data.get('v')!r}, expected {TURN_FORMAT}")
        raw = dict(data["query"])
        known = {f.name for f in fields(Query)}
        values = {name: value for name, value in raw.items() if name in known}
        values["terms"] = [(str(term), str(section)) for term, section in values.get("terms", [])]
        if values.get("filter") is not None:
            op, number = values["filter"]
            values["filter"] = (str(op), int(number))
        return cls(Query(**values), [str(r) for r in data.get("referents", [])])


TURN_FORMAT = 1
_QUERY_DEFAULTS: dict[str, Any] = asdict(Query(raw="", text="", language="en"))


def is_short(query: Query) -> bool:
    if query.language == "zh":
        return len(re.sub(r"[a-z0-9.\-+ ]+", "", query.text)) <= 8
    return len(query.text.split()) <= 5


def _inherit(previous: Query, current: Query, **changes: object) -> Query:
    return previous.with_(raw=current.raw, text=current.text, language=current.language, intent="", **changes)


def fill_from_context(query: Query, turn: Turn | None) -> Query:
    """Fill what an elliptical follow-up leaves out ("it", "what about Theano?", "and commits?")."""
    if turn is None:
        return query
    previous, referents = turn.query, turn.referents
    if query.pronoun and not query.libraries and referents:
        plural = not SINGULAR.search(query.text)
        query = query.with_(libraries=referents if plural else referents[:1])
    bare = not (query.structural or query.describe or query.relation or query.survey_date
                or query.capitalised_unknown())
    if not query.libraries and not query.terms and query.metrics and bare:
        if previous.intent in SET_INTENTS:
            return _inherit(previous, query, metrics=query.metrics)
        if referents:
            return query.with_(libraries=referents[:1] if len(referents) > 1 else referents)
    only_libraries = query.libraries and not query.metrics and not attribute_terms(query) and bare
    if only_libraries and (query.followup or is_short(query)):
        if previous.intent in LIBRARY_INTENTS:
            return _inherit(previous, query, libraries=query.libraries, library_terms=query.library_terms)
        if previous.intent in SET_INTENTS and previous.metrics:
            return query.with_(metrics=previous.metrics)
    if query.terms and not query.libraries and previous.intent == "attribute_list" and query.followup:
        return query.with_(relation=query.relation or previous.relation, which=True)
    if (query.structural and not query.metrics and previous.metrics and not query.list_all
            and not query.count_libraries and not (query.position and query.rank_of)):
        return query.with_(metrics=previous.metrics)
    return query


def subjects(query: Query) -> list[str]:
    """Libraries the question is about, leaving out a name used as an attribute value ("built on TensorFlow")."""
    if query.relation not in TARGET_RELATIONS:
        return list(query.libraries)

    def is_target(lib: str) -> bool:
        after_relation = query.relation_at is not None and query.library_at.get(lib, -1) >= query.relation_at
        return lib in query.library_terms and (after_relation or query.which or query.how_many)

    return [lib for lib in query.libraries if not is_target(lib)]


def attribute_terms(query: Query) -> list[tuple[str, str]]:
    """Vocabulary terms asked about, leaving out the ones that are really a subject library's name."""
    subject_terms = {query.library_terms[lib] for lib in subjects(query) if lib in query.library_terms}
    return [(term, section) for term, section in query.terms if term not in subject_terms]


def unknown_name(query: Query, *, strict: bool = False) -> str | None:
    """A word that looks like the name of a library the corpus does not have (e.g. "JAX").

    Strict (for "what is X?"): X must be the only word the question leaves unexplained, so that
    "what's the weather in Paris?" is off-topic rather than a question about a library called Paris.
    """
    if not query.unknown_words or (strict and len(query.unknown_words) != 1):
        return None
    capitalised = query.capitalised_unknown()
    if capitalised:
        return capitalised
    if len(query.unknown_words) == 1:
        raw = re.search(re.escape(query.unknown_words[0]), query.raw, flags=re.IGNORECASE)
        return raw.group(0) if raw else query.unknown_words[0]
    return None


def classify(query: Query, turn: Turn | None = None) -> Query:
    query = fill_from_context(query, turn)
    return query.with_(intent=_intent(query))


def _intent(q: Query) -> str:
    subs, terms = subjects(q), attribute_terms(q)
    if not q.meaningful:
        return "out_of_scope"
    if q.unsupported_fact:
        return "unsupported_fact"
    if q.survey_about and not subs:
        return "survey_info"
    if q.survey_date and not q.metrics and not q.structural and (q.survey_word or not subs):
        return "survey_info"
    if q.survey_word and q.describe and not subs and not q.metrics and not terms:
        return "survey_info"
    if q.list_all and not q.metrics and not terms and not q.filter:
        return "list"
    if q.count_libraries and not q.filter and not terms and not (q.aggregate and q.metrics) and not subs:
        return "count"
    if q.aggregate and q.metrics:
        return "aggregate"
    if len(subs) >= 2 and q.difference and q.metrics:
        return "difference"
    if len(subs) >= 2 and (q.compare or q.which or q.metrics or q.order):
        return "comparison"
    if q.filter and q.metrics:
        return "filter"
    if q.metrics and (q.order or q.top_n or q.position or q.rank_order or (q.rank_of and len(subs) == 1)):
        if len(subs) == 1:
            return "rank_by_metric"
        if not subs:
            return "ranking"
    if len(subs) == 1:
        if q.metrics:
            return "figure"
        if q.unsupported_metric and q.how_many:
            return "unsupported_metric"
        if q.relation and (not terms or q.relation == "developed_by"):
            return "attribute_of"
        if terms:
            return "attribute_check"
        if q.rank_of:
            return "survey_rank"
        if q.figures_all or q.how_many:
            return "figures"
        return "description"
    if terms and q.metrics and not (q.which or q.relation or q.structural):
        return "unknown_library"  # a figure of something the survey names but does not rank (e.g. Keras)
    if terms:
        return "attribute_list"
    if (q.position or q.order) and (q.rank_of or q.rank_order or lx.LIBRARY_NOUN.search(q.text)) and not q.metrics:
        return "rank_lookup"
    if q.unsupported_metric and q.how_many:
        return "unknown_library" if unknown_name(q) else "unsupported_metric"
    if q.metrics:
        return "unknown_library" if unknown_name(q) else "clarify"
    if (q.describe or q.relation) and unknown_name(q, strict=True):
        return "unknown_library"
    return "open"
