"""compare (which has more), difference (by how much) and ratio (how many times) between named entries."""

from __future__ import annotations

from app.engine.compose import Composer, num
from app.engine.ops.base import Context, Result, register
from app.engine.plan import Plan


def _named(plan: Plan, ctx: Context) -> list[str]:
    return [i for i in dict.fromkeys(plan.scope.libraries) if i in ctx.catalog.by_id]


def compare(plan: Plan, ctx: Context) -> Result:
    cat, ids = ctx.catalog, _named(plan, ctx)
    if plan.measure is None:
        return Result("compare", True, [cat.row(i, None) for i in ids], None, None, {"all": True})
    # the libraries named are compared; an attribute from the message's context does not filter them out
    mask = cat.mask(plan.scope.model_copy(update={"previous": None, "slice": None,
                                                  **({"attributes": []} if len(ids) >= 2 else {})}))
    ranked = cat.ids(mask, plan.measure, plan.op.order)  # "which has fewer contributors?": the fewer one first
    rows = [cat.row(i, plan.measure) for i in ranked]
    tie = len(rows) >= 2 and rows[0].value == rows[1].value
    lead = rows[0].value if len(rows) >= 2 and not tie else None  # "which has more stars?": the winner's figure
    return Result("compare", len(rows) >= 2, rows, lead, plan.measure,
                  {"tie": tie, "all": False, "fewer": plan.op.order == "asc"}, set_ids=ranked)


def _pair(plan: Plan, ctx: Context) -> tuple[Result | None, list]:
    ids = _named(plan, ctx)[:2]
    rows = [ctx.catalog.row(i, plan.measure) for i in ids]
    if len(rows) < 2 or any(r.value is None for r in rows):
        return Result(plan.op.kind, False, [], None, plan.measure, {"reason": "clarify"}), rows
    return None, rows


def difference(plan: Plan, ctx: Context) -> Result:
    if plan.op.extremes and plan.measure is not None:  # "the most and the fewest differ by how much?"
        scope = plan.scope
        if scope.slice is not None and scope.slice.n == 2:  # "最多和最少的两个库": the two are the extremes
            scope = scope.model_copy(update={"slice": None})
        ranked = ctx.catalog.ids(ctx.catalog.mask(scope), plan.measure, "desc")
        if len(ranked) >= 2:
            plan = plan.model_copy(update={"scope": plan.scope.model_copy(update={"libraries": [ranked[0], ranked[-1]]})})
    failed, rows = _pair(plan, ctx)
    if failed:
        return failed
    rows.sort(key=lambda r: -(r.value or 0))  # the larger first: "A has N more stars than B"
    a, b = rows
    delta = a.value - b.value
    return Result("difference", True, rows, _tidy(abs(delta)), plan.measure, {"sign": (delta > 0) - (delta < 0)},
                  set_ids=[a.entry.id, b.entry.id])


def ratio(plan: Plan, ctx: Context) -> Result:
    if plan.op.per is not None and plan.measure is not None and plan.scope.libraries:
        return _measure_ratio(plan, ctx)
    failed, rows = _pair(plan, ctx)
    if failed:
        return failed
    a, b = rows
    if not b.value:
        return Result("ratio", False, [], None, plan.measure, {"reason": "clarify"})
    factor = 100 if plan.op.percent else 1
    details: dict = {"percent": plan.op.percent}
    if plan.op.claim is not None and plan.op.claim_op is not None:  # "more than twice as many?": yes or no
        details["claim"] = (plan.op.claim_op, plan.op.claim, _holds(a.value / b.value, plan.op.claim_op, plan.op.claim))
    value = round(a.value / b.value * factor, 2)
    if plan.op.margin and plan.op.percent and plan.op.claim is None:  # "多百分之几": how much more, in percent
        details["more"] = True
        value = round((a.value / b.value - 1) * 100, 2)
    if plan.op.margin and plan.op.claim is not None:  # "超过多少？": A minus the multiple of B
        details["margin"] = value = _tidy(a.value - plan.op.claim * b.value)
    return Result("ratio", True, rows, value, plan.measure, details, set_ids=[a.entry.id, b.entry.id])


def _holds(value: float, op: str, bound: float) -> bool:
    return {">": value > bound, ">=": value >= bound, "<": value < bound, "<=": value <= bound}.get(op, value == bound)


def _measure_ratio(plan: Plan, ctx: Context) -> Result:
    assert plan.measure is not None and plan.op.per is not None
    entry_id = plan.scope.libraries[0]
    top, bottom = ctx.catalog.row(entry_id, plan.measure), ctx.catalog.row(entry_id, plan.op.per)
    if top.value is None or not bottom.value:
        return Result("ratio", False, [], None, plan.measure, {"reason": "clarify"})
    return Result("ratio", True, [top, bottom], round(top.value / bottom.value, 2), plan.measure,
                  {"per": plan.op.per}, set_ids=[entry_id])


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def render_compare(r: Result, c: Composer) -> str:
    entries = [row.entry for row in r.rows]
    if r.details.get("all"):
        parts = [c.figures_line(e).replace(e.name, c.name(e), 1) for e in entries]
        return ("对比" + c.date(entries) + "：" + "；".join(parts) + "。") if c.zh else (
            "Side by side " + c.date(entries) + ": " + "; ".join(parts) + ".")
    assert r.metric is not None
    metric, top, second = c.metric(r.metric), r.rows[0], r.rows[1]
    if r.details.get("tie"):
        return (f"{c.join([c.name(top.entry), c.name(second.entry)])} 的{metric}相同，都是 {num(top.value)}{c.date(entries)}。"
                if c.zh else f"{c.join([c.name(top.entry), c.name(second.entry)])} have the same {metric}: "
                f"{num(top.value)} {c.date(entries)}.")
    if len(r.rows) == 2:
        fewer = r.details.get("fewer")
        if c.zh:
            return (f"{c.name(top.entry)} 的{metric}{'更少' if fewer else '更多'}：{num(top.value)}，而 {c.name(second.entry)} 为 "
                    f"{num(second.value)}{c.date(entries)}。")
        return (f"{c.name(top.entry)} has {'fewer' if fewer else 'more'} {metric} than {c.name(second.entry)}: "
                f"{num(top.value)} vs {num(second.value)} {c.date(entries)}.")
    listed = "; ".join(f"{c.name(row.entry)} – {num(row.value)}" for row in r.rows)
    return (f"{metric}最多的是 {top.entry.name}{c.date(entries)}：{listed}。" if c.zh
            else f"{top.entry.name} has the most {metric} {c.date(entries)}: {listed}.")


def render_difference(r: Result, c: Composer) -> str:
    assert r.metric is not None
    a, b = r.rows
    sign, entries, metric = r.details["sign"], [a.entry, b.entry], c.metric(r.metric)
    if c.zh:
        if sign == 0:
            return f"{c.name(a.entry)} 和 {c.name(b.entry)} 的{metric}一样多，都是 {num(a.value)}{c.date(entries)}。"
        more = "多" if sign > 0 else "少"
        return (f"{c.name(a.entry)} 比 {c.name(b.entry)} {more} {c.amount(r.value, r.metric)}"
                f"（{num(a.value)} 对 {num(b.value)}）{c.date(entries)}。")
    if sign == 0:
        return f"{c.name(a.entry)} and {c.name(b.entry)} have the same {metric}: {num(a.value)} {c.date(entries)}."
    more = "more" if sign > 0 else "fewer"
    return (f"{c.name(a.entry)} has {num(r.value)} {more} {metric} than {c.name(b.entry)} "
            f"({num(a.value)} vs {num(b.value)}) {c.date(entries)}.")


def render_ratio(r: Result, c: Composer) -> str:
    assert r.metric is not None
    a, b = r.rows
    if r.details.get("per"):
        per = r.details["per"]
        if c.zh:
            return (f"{c.name(a.entry)} 的{c.metric(r.metric)}（{num(a.value)}）是其{c.metric(per)}（{num(b.value)}）的 "
                    f"{num(r.value)} 倍{c.date([a.entry])}。")
        return (f"{c.name(a.entry)} has {num(r.value)} times as many {c.metric(r.metric)} as {c.metric(per)} "
                f"({num(a.value)} / {num(b.value)}) {c.date([a.entry])}.")
    entries, metric = [a.entry, b.entry], c.metric(r.metric)
    if r.details.get("claim"):
        times = round(float(a.value or 0) / b.value, 2) if b.value else None
        text = _claim_answer(r, c) + ("" if c.zh else " ") + render_ratio(Result("ratio", True, r.rows, times, r.metric), c)
        if "margin" in r.details:
            m, bound = r.details["margin"], r.details["claim"][1]
            text += (f"{c.name(a.entry)} 比 {c.name(b.entry)} 的 {num(bound)} 倍（{num(_tidy(bound * b.value))}）"
                     f"{'多' if m >= 0 else '少'} {num(abs(m))}。" if c.zh else
                     f" That is {num(abs(m))} {'more' if m >= 0 else 'fewer'} than {num(bound)} × {c.name(b.entry)}'s "
                     f"({num(_tidy(bound * b.value))}).")
        return text
    if r.details.get("more"):
        more = r.value is not None and r.value >= 0
        if c.zh:
            return (f"{c.name(a.entry)} 的{metric}比 {c.name(b.entry)} {'多' if more else '少'} {num(abs(r.value or 0))}%"
                    f"（{num(a.value)} 对 {num(b.value)}）{c.date(entries)}。")
        return (f"{c.name(a.entry)} has {num(abs(r.value or 0))}% {'more' if more else 'fewer'} {metric} than "
                f"{c.name(b.entry)} ({num(a.value)} vs {num(b.value)}) {c.date(entries)}.")
    if r.details.get("percent"):
        if c.zh:
            return (f"{c.name(a.entry)} 的{metric}相当于 {c.name(b.entry)} 的 {num(r.value)}%"
                    f"（{num(a.value)} ÷ {num(b.value)}）{c.date(entries)}。")
        return (f"{c.name(a.entry)} has {num(r.value)}% of the {metric} of {c.name(b.entry)} "
                f"({num(a.value)} / {num(b.value)}) {c.date(entries)}.")
    if c.zh:
        return (f"{c.name(a.entry)} 的{metric}是 {c.name(b.entry)} 的 {num(r.value)} 倍"
                f"（{num(a.value)} ÷ {num(b.value)}）{c.date(entries)}。")
    return (f"{c.name(a.entry)} has {num(r.value)} times the {metric} of {c.name(b.entry)} "
            f"({num(a.value)} / {num(b.value)}) {c.date(entries)}.")


def _claim_answer(r: Result, c: Composer) -> str:
    op, bound, holds = r.details["claim"]
    times = num(bound)
    if c.zh:
        said = {">": f"超过 {times} 倍", ">=": f"至少 {times} 倍", "<": f"不到 {times} 倍", "<=": f"至多 {times} 倍"}
        return ("是的，" if holds else "不是，") + ("" if holds else "并非") + said.get(op, f"{times} 倍") + "。"
    times = "half" if bound == 0.5 else "twice" if bound == 2 else f"{times} times"
    said = {">": f"more than {times}", ">=": f"at least {times}", "<": f"less than {times}", "<=": f"at most {times}"}
    return ("Yes" if holds else "No") + f" — {'' if holds else 'not '}{said.get(op, times)} as many."


def render_failed(r: Result, c: Composer) -> str:
    return ("请说明要比较的两个库。" + c.coverage()) if c.zh else ("Which two libraries do you mean? " + c.coverage())


def _guarded(render):
    def run(r: Result, c: Composer) -> str:
        return render(r, c) if r.answered else render_failed(r, c)
    return run


register("compare", compare, _guarded(render_compare))
register("difference", difference, _guarded(render_difference))
register("ratio", ratio, _guarded(render_ratio))
