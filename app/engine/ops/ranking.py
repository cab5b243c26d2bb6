"""top (most / fewest, top N, bottom N, full ranking), kth (the k-th most) and rank_of (where X ranks)."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.engine.compose import Composer, num, ordinal
from app.engine.ops.base import SHOWN, Context, Result, register
from app.engine.ops.words import lead, scope_words
from app.engine.plan import Plan


def _ranked(plan: Plan, ctx: Context, order: str, limit: int) -> tuple[list[str], int]:
    """The first ``limit`` ids by the measure, and how many entries the scope ranks."""
    assert plan.measure is not None
    cat = ctx.catalog
    mask = cat.mask(plan.scope)
    return cat.ids(mask, plan.measure, order, limit), cat.count(mask, plan.measure)


def top(plan: Plan, ctx: Context) -> Result:
    if plan.op.yes_no and plan.op.against:
        return _is_top(plan, ctx)
    ranked, total = _ranked(plan, ctx, plan.op.order, max(SHOWN, plan.op.n or 0))
    chosen = ranked if plan.op.n is None else ranked[: plan.op.n]
    rows = [ctx.catalog.row(i, plan.measure) for i in chosen]
    # one entry: its figure; a top N or a whole ranking: how many it lists (as a list's count)
    value = rows[0].value if len(rows) == 1 else (total if plan.op.n is None else len(rows)) if rows else None
    return Result("top", bool(rows), rows, value, plan.measure,
                  {"scope": plan.scope, "order": plan.op.order, "n": plan.op.n, "total": total}, set_ids=ranked)


def _is_top(plan: Plan, ctx: Context) -> Result:
    """ "Is TensorFlow the library with the most stars?": the named one against the scope's top (ties count)."""
    named = plan.op.against[0]
    within = plan.scope.model_copy(update={"libraries": []})
    ranked, total = _ranked(plan.model_copy(update={"scope": within}), ctx, plan.op.order, SHOWN)
    if not ranked or named not in ctx.catalog.by_id:
        return Result("top", False, [], None, plan.measure, {"scope": within, "order": plan.op.order, "n": 1,
                                                                "total": total})
    mine, best = ctx.catalog.row(named, plan.measure), ctx.catalog.row(ranked[0], plan.measure)
    yes = mine.value == best.value
    rows = [mine] if yes else [mine, best]
    return Result("top", True, rows, best.value, plan.measure,
                  {"scope": within, "order": plan.op.order, "n": 1, "total": total, "yes": yes},
                  set_ids=[r.entry.id for r in rows])


def kth(plan: Plan, ctx: Context) -> Result:
    k = plan.op.k or 1
    ranked, total = _ranked(plan, ctx, plan.op.order, max(SHOWN, k))
    details = {"scope": plan.scope, "order": plan.op.order, "k": k, "total": total}
    if k > total:
        return Result("kth", False, [], None, plan.measure, {**details, "reason": "position"}, set_ids=ranked[:SHOWN])
    row = ctx.catalog.row(ranked[k - 1], plan.measure)
    return Result("kth", True, [row], row.value, plan.measure, details, set_ids=ranked[:SHOWN])


def rank_of(plan: Plan, ctx: Context) -> Result:
    named = plan.scope.libraries[0]
    within = plan.scope.model_copy(update={"libraries": []})
    cat = ctx.catalog
    assert plan.measure is not None
    counted_up = plan.op.order == "asc" and not plan.op.yes_no  # "从少到多排第几": a place from the smallest
    positions = cat.positions(cat.mask(within) | cat.mask(plan.scope), plan.measure, "asc" if counted_up else "desc")
    row = cat.row(named, plan.measure)
    found = np.flatnonzero(positions == cat.position[named])
    if not len(found):
        return Result("rank_of", False, [], None, plan.measure, {"reason": "missing", "entry": row.entry})
    place = int(found[0]) + 1
    leader = cat.row(cat.ids_at[int(positions[0])], plan.measure) if place != 1 else None
    details: dict[str, Any] = {"total": len(positions), "leader": leader, "scope": within, "ascending": counted_up}
    if plan.op.yes_no and plan.op.n:  # "Is PyTorch in the top 5 by stars?": its place, against the N asked
        from_end = place if plan.op.order == "desc" else len(positions) - place + 1
        details.update(n=plan.op.n, order=plan.op.order, inside=from_end <= plan.op.n, from_end=from_end)
    return Result("rank_of", True, [row], place, plan.measure, details, set_ids=[named])


def _among(r: Result, c: Composer) -> str:
    words = scope_words(r.details["scope"], c)
    if not words:
        return ""
    if c.zh:
        if words.startswith("在 ") and words.endswith(" 中"):  # named libraries: "在 A、B 中，"
            return f"{words}，"
        return f"在{words}的库中，" if not words.endswith("的") else f"在{words}库中，"
    if words.startswith("among "):
        return words[0].upper() + words[1:] + ", "
    return f"Among the libraries {lead(words)}{words}, "


def render_top(r: Result, c: Composer) -> str:
    assert r.metric is not None
    d, metric, entries = r.details, c.metric(r.metric), [row.entry for row in r.rows]
    asc = d["order"] == "asc"
    among = _among(r, c)
    if not r.rows:
        return f"{among}没有符合条件的库。" if c.zh else f"{among or 'In the survey, '}no library matches."
    if "yes" in d:
        return _render_is_top(r, c)
    if len(r.rows) == 1 and (d["n"] in (None, 1)):
        row = r.rows[0]
        if c.zh:
            return f"{among}{metric}{'最少' if asc else '最多'}的是 {c.name(row.entry)}，为 {c.amount(row.value, r.metric)}{c.date(entries)}。"
        lead = among + c.name(row.entry) if among else c.name(row.entry)
        return f"{lead} has the {'fewest' if asc else 'most'} {metric}: {num(row.value)} {c.date(entries)}."
    lines = [f"{i}. {c.name(row.entry)} – {num(row.value)}" for i, row in enumerate(r.rows, start=1)]
    n = len(r.rows)
    if c.zh:
        head = (f"{among}{metric}{'最少' if asc else '最多'}的 {n} 个库" if d["n"]
                else f"{among}按{metric}{'从少到多' if asc else '从多到少'}排列")
        return f"{head}{c.date(entries)}：" + "；".join(lines) + "。"
    if d["n"]:
        head = f"{among}the {n} libraries with the {'fewest' if asc else 'most'} {metric}"
    else:
        head = f"{among}all {n} libraries by {metric}, {'fewest' if asc else 'most'} first"
    head = head[0].upper() + head[1:]
    return f"{head} {c.date(entries)}: " + "; ".join(lines) + "."


def _render_is_top(r: Result, c: Composer) -> str:
    assert r.metric is not None
    d, metric, among = r.details, c.metric(r.metric), _among(r, c)
    asc, mine = d["order"] == "asc", r.rows[0]
    best = r.rows[-1]
    entries = [row.entry for row in r.rows]
    if c.zh:
        most = "最少" if asc else "最多"
        if d["yes"]:
            return f"是的。{among}{metric}{most}的是 {c.name(mine.entry)}，为 {c.amount(mine.value, r.metric)}{c.date(entries)}。"
        return (f"不是。{c.name(mine.entry)} 有 {c.amount(mine.value, r.metric)}；{among}{metric}{most}的是 "
                f"{c.name(best.entry)}，为 {c.amount(best.value, r.metric)}{c.date(entries)}。")
    most = "fewest" if asc else "most"
    lead_in = among + c.name(mine.entry) if among else c.name(mine.entry)
    if d["yes"]:
        return f"Yes. {lead_in} has the {most} {metric}: {num(mine.value)} {c.date(entries)}."
    return (f"No. {c.name(mine.entry)} has {num(mine.value)} {metric}; {among or ''}{c.name(best.entry)} has the {most}: "
            f"{num(best.value)} {c.date(entries)}.")


def render_kth(r: Result, c: Composer) -> str:
    assert r.metric is not None
    d, metric = r.details, c.metric(r.metric)
    asc, k = d["order"] == "asc", d["k"]
    if not r.answered:
        return (f"只有 {d['total']} 个库符合条件，没有第 {k} 名。" if c.zh
                else f"Only {d['total']} libraries qualify, so there is no {ordinal(k)} place.")
    row, among = r.rows[0], _among(r, c)
    if c.zh:
        rank = f"倒数第{k}" if asc else f"第{k}多"
        return f"{among}{metric}{rank}的是 {c.name(row.entry)}，为 {c.amount(row.value, r.metric)}{c.date([row.entry])}。"
    rank = f"the {ordinal(k)} {'fewest' if asc else 'most'}"
    lead = among + c.name(row.entry) if among else c.name(row.entry)
    return f"{lead} has {rank} {metric}: {num(row.value)} {c.date([row.entry])}."


def render_rank_of(r: Result, c: Composer) -> str:
    assert r.metric is not None
    if not r.answered:
        entry = r.details["entry"]
        return (f"该调查没有给出 {entry.name} 的{c.metric(r.metric)}。" if c.zh
                else f"The survey gives no {c.metric(r.metric)} for {entry.name}.")
    row, place, total = r.rows[0], int(r.value or 0), r.details["total"]
    among = _among(r, c)
    if "inside" in r.details:
        d = r.details
        fewest = d["order"] == "asc"
        if c.zh:
            verdict = "是的" if d["inside"] else "不是"
            where = f"倒数第 {d['from_end']}" if fewest else f"第 {place}"
            edge = "后" if fewest else "前"
            return (f"{verdict}。按{c.metric(r.metric)}计，{c.name(row.entry)} 在 {total} 个库中排{where}"
                    f"（{edge} {d['n']} 名{'之内' if d['inside'] else '之外'}），为 {c.amount(row.value, r.metric)}"
                    f"{c.date([row.entry])}。")
        verdict = "Yes" if d["inside"] else "No"
        where = f"{ordinal(d['from_end'])} from the bottom" if fewest else ordinal(place)
        edge = "bottom" if fewest else "top"
        return (f"{verdict}. {c.name(row.entry)} ranks {where} of {total} libraries by {c.metric(r.metric)}, "
                f"{'inside' if d['inside'] else 'outside'} the {edge} {d['n']}, with {num(row.value)} "
                f"{c.date([row.entry])}.")
    up = r.details.get("ascending", False)
    if c.zh:
        return (f"{among}按{c.metric(r.metric)}{'从少到多排' if up else '计'}，{c.name(row.entry)} 在 {total} 个库中"
                f"排第 {place}，为 {c.amount(row.value, r.metric)}{c.date([row.entry])}。")
    lead = among + c.name(row.entry) if among else c.name(row.entry)
    return (f"{lead} ranks {ordinal(place)} of {total} libraries by {c.metric(r.metric)}"
            f"{', counting from the fewest' if up else ''}, with {num(row.value)} {c.date([row.entry])}.")


register("top", top, render_top)
register("kth", kth, render_kth)
register("rank_of", rank_of, render_rank_of)
