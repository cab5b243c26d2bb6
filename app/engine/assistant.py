"""The assistant: one question in, one cited answer out. Orchestrates the stages of the answer's path."""

from __future__ import annotations

import copy
import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.corpus.loader import normalize_name
from app.engine import compute
from app.engine.compose import Composer
from app.engine.compute import Catalog, Result, Row
from app.engine.conversation import ConversationStore
from app.engine.intent import Turn, attribute_terms, classify, subjects, unknown_name
from app.engine.linking import EntityLinker
from app.engine.retrieve import Retriever
from app.engine.templates import render
from app.engine.understand import Query, understand
from app.index.embedder import Embedder
from app.index.store import LoadedIndex

THREAD_PREFIX = "thread:"
UNANSWERED = {"unknown_library", "unsupported_metric", "unsupported_fact", "clarify", "out_of_scope"}


@dataclass
class Answer:
    answer: str
    answered: bool
    language: str
    intent: str
    libraries: list[dict[str, Any]]
    value: float | int | None
    citations: list[dict[str, Any]]
    conversation_id: str
    took_ms: float = 0.0


@dataclass
class RetrievedEntry:
    """An entry retrieval found relevant, with its cosine similarity (the citation's score)."""

    entry: Any
    score: float


class Assistant:
    def __init__(self, index: LoadedIndex, embedder: Embedder, *, relevance_threshold: float,
                 conversation_limit: int = 10_000, conversation_ttl_s: float = 3600.0,
                 query_cache_size: int = 2048) -> None:
        self.index = index
        self.catalog = Catalog(index.corpus)
        self.linker = EntityLinker(index.corpus)
        self.retriever = Retriever(index, embedder, relevance_threshold, query_cache_size)
        self.conversations = ConversationStore(conversation_limit, conversation_ttl_s)

    def ask(self, question: str, top_k: int = 5, conversation_id: str | None = None, *,
            thread_key: str | None = None) -> Answer:
        """Answer one question. ``conversation_id`` continues an HTTP conversation (ids we issued);
        ``thread_key`` names a chat thread (e.g. Slack's) that is a conversation of its own."""
        started = time.perf_counter()
        if thread_key:
            conversation_id = f"{THREAD_PREFIX}{thread_key}"
        elif conversation_id and conversation_id.startswith(THREAD_PREFIX):
            conversation_id = None  # a client cannot step into a chat thread's conversation
        turn = self.conversations.get(conversation_id)
        query = classify(understand(question, self.linker), turn)
        result = self.execute(query, top_k)
        composer = Composer(self.catalog, query.language, top_k, question)
        text = render(result, composer)
        referents = subjects(query) or list(dict.fromkeys(row.entry.id for row in result.rows))
        new_id = self.conversations.put(conversation_id, Turn(query, referents), adopt=bool(thread_key))
        value = result.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return Answer(
            answer=text,
            answered=result.answered,
            language=query.language,
            intent=query.intent,
            libraries=_libraries(result.rows),
            value=value if result.answered else None,
            citations=composer.payload(),
            conversation_id=new_id,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
        )

    def ask_stateless(self, question: str, history: Sequence[str], top_k: int = 5) -> Answer:
        """Answer ``question`` as the next turn of a conversation whose earlier user questions are ``history``
        (oldest first), keeping no state: for clients that resend the whole conversation (the OpenAI-style
        chat API).

        Contract: the answer equals what ``ask`` gives for ``question`` after asking every question of
        ``history`` in one fresh conversation. The replay runs on a shallow copy of this assistant whose
        conversation store is private and thrown away, so the shared store is never read or written; the
        returned ``conversation_id`` is empty and ``took_ms`` covers the replay too.
        """
        started = time.perf_counter()
        private = copy.copy(self)  # shares the index, catalog, linker and retriever; only the store differs
        private.conversations = ConversationStore(limit=1, ttl_s=float("inf"))
        conversation_id: str | None = None
        for earlier in history:
            conversation_id = private.ask(earlier, top_k, conversation_id).conversation_id
        answer = private.ask(question, top_k, conversation_id)
        return dataclasses.replace(answer, conversation_id="",
                                   took_ms=round((time.perf_counter() - started) * 1000, 3))

    def execute(self, q: Query, top_k: int) -> Result:
        cat, subs, terms = self.catalog, subjects(q), attribute_terms(q)
        term_ids = [t for t, _ in terms]
        pool = cat.with_terms(term_ids, q.relation) if term_ids else None
        intent = q.intent
        if intent == "figure":
            return compute.figure(cat, subs, q.metrics)
        if intent == "figures":
            return compute.figures(cat, subs[0])
        if intent == "ranking":
            assert q.metric is not None
            full = q.rank_order and not (q.top_n or q.position)
            ranked = compute.ranking(cat, q.metric, q.order or "desc", q.top_n, q.position, full, pool)
            ranked.details["among"] = term_ids if pool is not None else []
            return ranked
        if intent == "rank_by_metric":
            assert q.metric is not None
            return compute.rank_by_metric(cat, subs[0], q.metric)
        if intent == "filter":
            assert q.filter is not None and q.metric is not None
            return compute.filter_by(cat, q.metric, q.filter[0], q.filter[1], pool)
        if intent == "comparison":
            return compute.compare(cat, subs, q.metric)
        if intent == "difference":
            assert q.metric is not None
            return compute.difference(cat, subs[0], subs[1], q.metric)
        if intent == "aggregate":
            assert q.aggregate is not None and q.metric is not None
            chosen = [cat.get(i) for i in subs] if len(subs) >= 2 else (pool if pool is not None else cat.entries)
            result = compute.aggregate(cat, q.aggregate, q.metric, chosen)
            result.details["scope"] = "all" if len(subs) < 2 and pool is None else "some"
            if not chosen:
                return Result("aggregate", False, details={"reason": "out_of_scope"})
            return result
        if intent in ("count", "list"):
            rows = [Row(e) for e in cat.entries]
            return Result(intent, True, rows, len(rows) if intent == "count" else None)
        if intent == "attribute_list":
            chosen = pool or []
            value = len(chosen) if q.how_many else None
            section = terms[0][1] if terms else ""
            return Result(intent, bool(chosen), [Row(e) for e in chosen], value,
                          details={"terms": term_ids, "relation": q.relation, "section": section})
        if intent == "attribute_of":
            entry = cat.get(subs[0])
            relation = q.relation or "developed_by"
            values = compute.attribute_values(entry, relation)
            return Result(intent, bool(values), [Row(entry)], details={"relation": relation, "values": values})
        if intent == "attribute_check":
            entry = cat.get(subs[0])
            others = [e for e in cat.with_terms(term_ids, None) if e.id != entry.id]
            return Result(intent, compute.has_terms(entry, term_ids), [Row(entry)],
                          details={"terms": term_ids, "others": others, "relation": q.relation})
        if intent == "description":
            return Result(intent, True, [Row(cat.get(subs[0]))])
        if intent == "survey_rank":
            entry = cat.get(subs[0])
            return Result(intent, entry.rank is not None, [Row(entry)], entry.rank)
        if intent == "rank_lookup":
            return self._rank_lookup(q)
        if intent == "survey_info":
            return Result(intent, True)
        if intent == "open":
            return self._retrieve(q, top_k)
        return self._unanswered(q)

    def _rank_lookup(self, q: Query) -> Result:
        ranked = [e for e in self.catalog.entries if e.rank is not None]
        if not ranked:
            return Result("rank_lookup", False, details={"reason": "out_of_scope"})
        wanted = max(e.rank or 0 for e in ranked) if q.order == "asc" else (q.position or 1)
        entry = next((e for e in ranked if e.rank == wanted), None)
        if entry is None:
            return Result("rank_lookup", False, details={"reason": "out_of_scope"})
        return Result("rank_lookup", True, [Row(entry)], entry.rank)

    def _retrieve(self, q: Query, top_k: int) -> Result:
        hits = self.retriever.relevant(self.retriever.search(q.raw, max(top_k, 3)), q.raw)
        if not hits:
            return Result("open", False, details={"reason": "out_of_scope"})
        lead = hits[0]
        kept = [h for h in hits[:3] if h.fused >= lead.fused * 0.9 or h.dense >= lead.dense - 0.03][:top_k]
        entries = [RetrievedEntry(self.catalog.entries[h.position], h.dense) for h in kept]
        return Result("open", True, [Row(h.entry) for h in entries], details={"hits": entries})

    def _unanswered(self, q: Query) -> Result:
        reason = q.intent if q.intent in UNANSWERED else "out_of_scope"
        details: dict[str, Any] = {"reason": reason}
        if reason == "unknown_library":
            terms = attribute_terms(q)
            term = self.catalog.vocabulary.term(terms[0][0]) if terms else None
            name = unknown_name(q) or (term.zh if term and q.language == "zh" else term.en if term else "")
            details["name"] = name
            key = normalize_name(name) or (normalize_name(term.en) if term else "")
            related_terms = [
                term_id for section in ("technologies", "organizations")
                for term_id, term in self.catalog.vocabulary.section(section).items()
                if key and key in {normalize_name(s) for s in (term.en, *term.synonyms)}
            ]
            details["related"] = self.catalog.with_terms(related_terms[:1], None) if related_terms else []
        if reason == "unsupported_metric" and subjects(q):
            details["entry"] = self.catalog.get(subjects(q)[0])
        return Result(q.intent or reason, False, details=details)


def _libraries(rows: list[Row]) -> list[dict[str, Any]]:
    return [{"id": r.entry.id, "name": r.entry.name, "metric": r.metric, "value": r.value} for r in rows]
