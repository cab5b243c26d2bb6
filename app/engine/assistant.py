"""The assistant: one question in, one cited answer out. Parse -> plan -> execute -> render, one unit per
kind of operation (app/engine/ops/)."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.engine.catalog import Catalog, Row
from app.engine.compose import Composer
from app.engine.conversation import RECENT, ConversationStore, Turn
from app.engine.linking import EntityLinker
from app.engine.ops import REGISTRY, Context, Result
from app.engine.parse import parse
from app.engine.passages import ARTICLE, Passages
from app.engine.plan import Operation, Plan
from app.engine.planner import make_plan
from app.engine.retrieve import AGREEING_DENSE, Retriever
from app.engine.text import in_script_of, to_simplified
from app.index.embedder import Embedder
from app.index.store import LoadedIndex
from app.state.store import StateStore

THREAD_PREFIX = "thread:"
#: Declines a passage of the source's prose may answer instead: nothing computable was asked, or a fact
#: the entries lack (not another date, not a figure the survey lacks).
STRONG_PASSAGE = 3.0
#: "Which library is described as …": a library is asked for, so only a strong passage answers instead of an entry.
LIBRARY_ASKED = re.compile(r"\bwhich (?:library|lib|framework|package|toolkit|project)\b"
                           r"|哪个库|哪个框架|哪一个库|哪个项目", re.IGNORECASE)
PASSAGE_REASONS = {"out_of_scope", "unsupported_fact", "clarify", "judgement", "unknown_library",
                   "unsupported_metric"}


@dataclass
class Answer:
    answer: str
    answered: bool
    language: str
    intent: str  # the plan's operation
    libraries: list[dict[str, Any]]
    value: float | int | None
    citations: list[dict[str, Any]]
    conversation_id: str
    took_ms: float = 0.0
    plan: dict[str, Any] | None = None  # the query plan, when asked for (debug)


@dataclass
class RetrievedEntry:
    """An entry retrieval found relevant, with its cosine similarity (the citation's score)."""

    entry: Any
    score: float


class Assistant:
    def __init__(self, index: LoadedIndex, embedder: Embedder, *, relevance_threshold: float,
                 conversation_limit: int = 10_000, conversation_ttl_s: float = 3600.0,
                 query_cache_size: int = 2048, state: StateStore | None = None) -> None:
        self.index = index
        self.catalog = Catalog(index.corpus, index.tables)
        self.linker = EntityLinker(index.corpus)
        self.retriever = Retriever(index, embedder, relevance_threshold, query_cache_size)
        self.passages = Passages(index, self.retriever.embed)
        self.conversations = ConversationStore(conversation_limit, conversation_ttl_s, state=state)

    def knows_thread(self, thread_key: str) -> bool:
        """Whether the chat thread ``thread_key`` is a live conversation (the bot answered in it)."""
        return self.conversations.get(f"{THREAD_PREFIX}{thread_key}") is not None

    def ask(self, question: str, top_k: int = 5, conversation_id: str | None = None, *,
            thread_key: str | None = None, debug: bool = False) -> Answer:
        """Answer one question. ``conversation_id`` continues an HTTP conversation (ids we issued);
        ``thread_key`` names a chat thread (e.g. Slack's) that is a conversation of its own."""
        started = time.perf_counter()
        if thread_key:
            conversation_id = f"{THREAD_PREFIX}{thread_key}"
        elif conversation_id and conversation_id.startswith(THREAD_PREFIX):
            conversation_id = None  # a client cannot step into a chat thread's conversation
        turn = self.conversations.get(conversation_id)
        answer, new_turn = self._answer(question, top_k, turn, debug)
        answer.conversation_id = self.conversations.put(conversation_id, new_turn, adopt=bool(thread_key))
        answer.took_ms = round((time.perf_counter() - started) * 1000, 3)
        return answer

    def ask_stateless(self, question: str, history: Sequence[str], top_k: int = 5) -> Answer:
        """Answer ``question`` after replaying the earlier user questions of a chat (oldest first) in a
        private conversation that is never stored: follow-ups work with no server state."""
        started = time.perf_counter()
        turn: Turn | None = None
        for earlier in history:
            _, turn = self._answer(earlier, top_k, turn, False)
        answer, _ = self._answer(question, top_k, turn, False)
        answer.took_ms = round((time.perf_counter() - started) * 1000, 3)
        return answer

    def plan(self, question: str, turn: Turn | None = None) -> Plan:
        plan = make_plan(parse(question, self.linker, self.catalog.measures), self.catalog, turn)
        key = self._passage(plan, question)
        return plan.model_copy(update={"op": Operation(kind="passage", passage=key)}) if key else plan

    def _passage(self, plan: Plan, question: str) -> str | None:
        """The passage of a source's prose that answers instead of the plan: for what the plan would decline or
        search the entries for; for a survey question ("where does the 45% figure come from?") only on a strong
        match; for a question naming a library only when it points at the article ("文章说 TensorFlow…")."""
        op = plan.op
        if not self.passages or (plan.scope.restricted and not (op.kind == "open" and ARTICLE.search(question))):
            return None  # (an open question about the article may name a term: "文章把 Keras 归到哪一类")
        named = [n for i in plan.scope.libraries if i in self.catalog.by_id for n in self.catalog.get(i).names()]
        eligible = (op.kind in ("open", "survey_info")
                    or (op.kind in ("count", "list") and not plan.measure)
                    or (op.kind == "decline" and op.reason in PASSAGE_REASONS and plan.measure is None)
                    or (bool(named) and op.kind in ("describe", "attribute_of", "yes_no") and ARTICLE.search(question)))
        found = self.passages.find(question, named) if eligible else None
        if found is None:
            return None
        strong = found.shares_number or found.keyword >= STRONG_PASSAGE
        asks_library = op.kind == "open" and LIBRARY_ASKED.search(to_simplified(question)) is not None \
            and not found.cites_article
        accepted = strong or (found.cites_article if named else op.kind in ("open", "decline") and not asks_library
                              and op.reason != "unsupported_metric")  # "pip downloads of Keras": no passage has them
        return found.key if accepted else None

    def _answer(self, question: str, top_k: int, turn: Turn | None, debug: bool) -> tuple[Answer, Turn]:
        plan = self.plan(question, turn)
        unit = REGISTRY[plan.op.kind]
        result = unit.execute(plan, Context(self.catalog, question, top_k, self._retrieve))
        composer = Composer(self.catalog, plan.language, top_k, question)
        text = unit.render(result, composer)
        if plan.language == "zh":
            text = in_script_of(question, text)  # "Theano 是做什麼的？" is answered in traditional characters
        ids = list(dict.fromkeys(row.entry.id for row in result.rows))
        named = [i for i in plan.scope.libraries if i in self.catalog.by_id]
        # what "it" / "the two" may point at next: an entry the answer singled out (the median's, say), the
        # libraries named, and libraries that were attribute values ("TFLearn is built on TensorFlow")
        singled = [i for i in [result.details.get("at")] if isinstance(i, str)]
        if plan.op.kind == "compare" and ids:
            singled.append(ids[0])  # "which of the two has more?" -> "its commits?": the one that has more
        values = [v for v in result.details.get("values", []) if v in self.catalog.by_id]
        recent = list(dict.fromkeys([*singled, *reversed(named or ids[:1]), *values,
                                     *(turn.recent if turn else [])]))[:RECENT]
        new_turn = Turn(plan=plan, ids=ids, set_ids=result.set_ids, recent=recent, earlier=turn.ids if turn else [])
        value = result.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        answer = Answer(
            answer=text,
            answered=result.answered,
            language=plan.language,
            intent=plan.op.kind,
            libraries=_libraries(result),
            value=value if result.answered else None,
            citations=composer.payload(),
            conversation_id="",
            plan=plan.model_dump(mode="json") if debug else None,
        )
        return answer, new_turn

    def _retrieve(self, plan: Plan, question: str, top_k: int) -> list[RetrievedEntry]:
        hits = self.retriever.search(question, max(top_k, 10))
        if plan.scope.restricted or plan.scope.exclude:
            allowed = self.catalog.mask(plan.scope)
            in_scope = [h for h in hits if allowed[h.position]]
            kept = self.retriever.relevant(in_scope, question) or [h for h in in_scope[:1] if h.dense >= AGREEING_DENSE]
            if not kept and allowed.sum() == 1:
                kept = in_scope[:1]
        else:
            relevant = self.retriever.relevant(hits[: max(top_k, 3)], question)
            if not relevant:
                return []
            lead = relevant[0]
            kept = [h for h in relevant[:3] if h.fused >= lead.fused * 0.9 or h.dense >= lead.dense - 0.03]
        return [RetrievedEntry(self.catalog.entries[h.position], h.dense) for h in kept[: plan.op.n or top_k]]


def _libraries(result: Result) -> list[dict[str, Any]]:
    """The entries the answer asserts, once each: with the figure it states when it states one."""
    out: dict[str, dict[str, Any]] = {}
    for row in result.rows:
        if row.entry.id in out:
            out[row.entry.id].update(metric=None, value=None)  # several figures of one entry
            continue
        out[row.entry.id] = {"id": row.entry.id, "name": row.entry.name, "metric": row.metric, "value": row.value}
    return list(out.values())


__all__ = ["Answer", "Assistant", "Row"]
