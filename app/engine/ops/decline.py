"""decline: what the survey does not answer, saying why and what it does hold (the dated figure, the
description, the coverage)."""

from __future__ import annotations

import numpy as np

from app.corpus.loader import normalize_name
from app.engine.compose import Composer
from app.engine.ops.base import Context, Result, register
from app.engine.plan import Plan


def execute(plan: Plan, ctx: Context) -> Result:
    cat = ctx.catalog
    reason = plan.op.reason or "out_of_scope"
    details: dict = {"reason": reason, "name": plan.op.name}
    entries = [cat.get(i) for i in plan.scope.libraries if i in cat.by_id]
    details["entries"] = entries
    details["metric"] = plan.measure if plan.measure in cat.measures else None
    if reason == "unknown_library" and plan.op.name:
        key = normalize_name(plan.op.name)
        related = [term_id for section in ("technologies", "organizations")
                   for term_id, term in cat.vocabulary.section(section).items()
                   if key and key in {normalize_name(s) for s in (term.en, *term.synonyms)}]
        details["related"] = [cat.entries[int(i)] for i in np.flatnonzero(cat.holding(related[:1]))[:10]]
    # the libraries asked about: the answer is about them (their dated figures as context), though unanswered
    return Result("decline", False, [cat.row(e.id, None) for e in entries], details=details)


WHY_EN = {
    "time": "The survey's figures are a snapshot; it has none for other dates.",
    "judgement": "The survey makes no such judgement: it describes the libraries and gives their GitHub figures.",
    "unsupported_fact": "The survey doesn't say.",
    "unsupported_metric": "The survey has no such figure.",
    "false_premise": "That premise doesn't hold in the survey.",
}
WHY_ZH = {
    "time": "该调查的数据是某一时间点的快照，没有其他日期的数据。",
    "judgement": "该调查没有做这样的评价：它只介绍各个库并给出 GitHub 数据。",
    "unsupported_fact": "该调查没有说明这一点。",
    "unsupported_metric": "该调查没有这项数据。",
    "false_premise": "这个前提与调查数据不符。",
}


def render(r: Result, c: Composer) -> str:
    d = r.details
    reason, entries, metric = d["reason"], d["entries"], d["metric"]
    if reason == "unknown_library":
        related = d.get("related") or []
        if related:
            names = c.join([c.name(e) for e in related])
            return (f"{d['name']} 不是该调查收录的库，但调查提到了它：{names} 与它相关。" if c.zh
                    else f"{d['name']} is not one of the survey's libraries, though the survey mentions it: {names} build on or run with it.")
        return (f"该调查没有收录 {d['name']}。{c.coverage()}" if c.zh else f"The survey doesn't cover {d['name']}. {c.coverage()}")
    if reason == "clarify":
        return ("请问是哪个库？" + c.coverage()) if c.zh else ("Which library do you mean? " + c.coverage())
    if reason in WHY_EN:
        why = WHY_ZH[reason] if c.zh else WHY_EN[reason]
        return f"{why}{' ' if not c.zh else ''}{_context(entries, metric, c)}".strip()
    return ("抱歉，该调查无法回答这个问题。" + c.coverage()) if c.zh else ("Sorry, the survey doesn't answer that. " + c.coverage())


def _context(entries: list, metric: str | None, c: Composer) -> str:
    """What the survey does hold about the entries asked about: the dated figure, else their figures."""
    if not entries:
        return c.coverage()
    parts = []
    for entry in entries[:3]:
        if metric is not None and entry.figures.get(metric) is not None and not c.catalog.measures[metric].derived:
            parts.append(f"{c.name(entry)} 的{c.metric(metric)}为 {c.amount(entry.figures.get(metric), metric)}" if c.zh
                         else f"{c.name(entry)} had {c.amount(entry.figures.get(metric), metric)}")
        else:
            parts.append(f"{c.name(entry)}：{c.figures_body(entry)}" if c.zh else f"{c.name(entry)} had {c.figures_body(entry)}")
    joined = "；".join(parts) if c.zh else "; ".join(parts)
    return (f"调查中有的是{c.date(entries)}：{joined}。" if c.zh
            else f"What it does hold {c.date(entries)}: {joined}.")


register("decline", execute, render)
