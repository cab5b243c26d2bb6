"""open: anything the plan cannot compute, answered by hybrid retrieval over the descriptions (within the
plan's scope when the question names context, e.g. "a higher-level API for TensorFlow")."""

from __future__ import annotations

from app.engine.compose import Composer
from app.engine.ops.base import Context, Result, register
from app.engine.plan import Plan
from app.engine.retrieve import best_sentence


def execute(plan: Plan, ctx: Context) -> Result:
    hits = ctx.retrieve(plan, ctx.question, ctx.top_k)
    if not hits:
        return Result("open", False, details={"reason": "out_of_scope"})
    # "which library …?" answered like a list: the number of libraries it names (one)
    value = len(hits) if plan.op.n == 1 else None
    return Result("open", True, [ctx.catalog.row(h.entry.id, None) for h in hits], value, details={"hits": hits})


def render(r: Result, c: Composer) -> str:
    if not r.answered:
        return ("抱歉，该调查无法回答这个问题。" + c.coverage()) if c.zh else ("Sorry, the survey doesn't answer that. " + c.coverage())
    hits = r.details["hits"]
    lead = hits[0]
    sentence = best_sentence(c.description(lead.entry), c.question)
    text = (f"调查中最相关的是 {c.name(lead.entry, sentence, lead.score)}：{sentence}" if c.zh
            else f"The closest match in the survey is {c.name(lead.entry, sentence, lead.score)}: {sentence}")
    others = hits[1:]
    if others:
        names = c.join([c.name(h.entry, best_sentence(c.description(h.entry), c.question), h.score) for h in others])
        text += f"\n另见：{names}。" if c.zh else f"\nSee also {names}."
    return text


register("open", execute, render)
