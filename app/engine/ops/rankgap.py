"""rank_gap: how far apart one entry's places by two measures are ("Which library has the biggest gap between
its star rank and its commit rank?", "PyTorch 的 star 排名和贡献者排名差几位？")."""

from __future__ import annotations

import numpy as np

from app.engine.compose import Composer, num, ordinal
from app.engine.ops.base import Context, Result, register
from app.engine.plan import Plan


def execute(plan: Plan, ctx: Context) -> Result:
    assert plan.measure is not None and plan.op.per is not None
    cat, one, other, op = ctx.catalog, plan.measure, plan.op.per, plan.op
    named = [i for i in plan.scope.libraries if i in cat.by_id]
    # places count in the whole scope; "ranks higher by commits than by stars" only picks the candidates
    mask = cat.mask(plan.scope.model_copy(update={"libraries": [], "rank_versus": []}))
    measures = [one, other, *op.also]
    for m in measures:
        mask &= ~np.isnan(cat.column(m))
    places = {m: {cat.ids_at[int(i)]: n + 1 for n, i in enumerate(cat.positions(mask, m, "desc"))}
              for m in measures}
    if plan.scope.rank_versus:
        allowed = set(cat.ids(mask & cat.mask(plan.scope.model_copy(update={"libraries": []}))))
        places[one] = {i: p for i, p in places[one].items() if i in allowed}
    if op.same:  # "the same rank by contributors, commits and stars": every ranking agrees
        same = [i for i in (named or cat.ids(mask)) if i in places[one]
                and len({places[m][i] for m in measures}) == 1]
        return Result("rank_gap", True, [cat.row(i, one) for i in same], len(same), one,
                      {"per": other, "same": True, "measures": measures,
                       "places": {i: (places[one][i], places[other][i]) for i in same}, "named": bool(named),
                       "by_rank": True, "order": op.order, "total": len(places[one])}, set_ids=same)
    if op.direction is not None:  # places lost (drop) or won (climb) going from the first ranking to the other
        sign = 1 if op.direction == "drop" else -1
        gaps: dict[str, float] = {i: sign * (places[other][i] - places[one][i]) for i in places[one]}
    elif op.by_rank:
        gaps = {i: abs(places[one][i] - places[other][i]) for i in places[one]}
    else:  # the figures' own difference, as the scope's "more commits than stars" orients it
        gaps = {i: float(cat.row(i, one).value or 0) - float(cat.row(i, other).value or 0) for i in places[one]}
    if not gaps:
        return Result("rank_gap", False, [], None, one, {"reason": "empty"})
    if named:
        chosen = [i for i in named if i in gaps]
    else:
        best = (max if plan.op.order == "desc" else min)(gaps.values())
        chosen = [i for i in cat.ids(mask) if gaps.get(i) == best]  # every entry tied at the extreme
    if not chosen:
        return Result("rank_gap", False, [], None, one, {"reason": "empty"})
    rows = [cat.row(i, one) for i in chosen]
    value = gaps[chosen[0]] if len(chosen) == 1 or not named else None
    value = int(value) if value is not None and float(value).is_integer() else value
    return Result("rank_gap", True, rows, value, one,
                  {"per": other, "places": {i: (places[one][i], places[other][i]) for i in chosen},
                   "by_rank": plan.op.by_rank, "figures": {i: (cat.row(i, one).value, cat.row(i, other).value)
                                                            for i in chosen},
                   "named": bool(named), "order": plan.op.order, "total": len(gaps)}, set_ids=chosen)


def render(r: Result, c: Composer) -> str:
    if not r.answered:
        return ("没有可比较排名的库。" + c.coverage()) if c.zh else ("No library can be ranked by both. " + c.coverage())
    assert r.metric is not None
    d, one, other = r.details, c.metric(r.metric), c.metric(r.details["per"])
    entries = [row.entry for row in r.rows]
    if not d["by_rank"]:
        return _figure_gap(r, c)
    if d.get("same"):
        names = c.join([c.name(row.entry) for row in r.rows])
        which = c.join([c.metric(m) for m in d["measures"]])
        if c.zh:
            return (f"按{which}排名都相同的库共有 {len(r.rows)} 个{('：' + names) if r.rows else ''}"
                    f"{c.date(entries or list(c.catalog.entries[:1]))}。")
        return (f"{len(r.rows)} librar{'y holds' if len(r.rows) == 1 else 'ies hold'} the same place by {which}"
                f"{(': ' + names) if r.rows else ''} {c.date(entries or list(c.catalog.entries[:1]))}.")
    lines = []
    for row in r.rows:
        a, b = d["places"][row.entry.id]
        if c.zh:
            lines.append(f"{c.name(row.entry)} 按{one}排第 {a}、按{other}排第 {b}，相差 {abs(a - b)} 位")
        else:
            lines.append(f"{c.name(row.entry)} is {ordinal(a)} by {one} and {ordinal(b)} by {other}, "
                         f"{abs(a - b)} place{'s' if abs(a - b) != 1 else ''} apart")
    body = ("；" if c.zh else "; ").join(lines)
    if d["named"]:
        return f"{body}（共 {d['total']} 个库，{c.date(entries)[1:-1]}）。" if c.zh else \
            f"{body} (of {d['total']} libraries, {c.date(entries)[1:-1]})."
    most = d["order"] == "desc"
    tied = len(r.rows) > 1
    if c.zh:
        head = f"{one}排名与{other}排名相差{'最大' if most else '最小'}的是"
        return f"{head}{'（并列）' if tied else ''}：{body}{c.date(entries)}。"
    head = (f"The {'largest' if most else 'smallest'} gap between the {one} ranking and the {other} ranking"
            f"{' (a tie)' if tied else ''}")
    return f"{head}: {body} {c.date(entries)}."


def _figure_gap(r: Result, c: Composer) -> str:
    assert r.metric is not None
    d, one, other = r.details, c.metric(r.metric), c.metric(r.details["per"])
    entries = [row.entry for row in r.rows]
    most = d["order"] == "desc"
    parts = []
    for row in r.rows:
        a, b = d["figures"][row.entry.id]
        parts.append(f"{c.name(row.entry)}（{num(a)} − {num(b)} = {num(a - b)}）" if c.zh
                     else f"{c.name(row.entry)} ({num(a)} − {num(b)} = {num(a - b)})")
    if c.zh:
        return f"{one}减去{other}的差{'最大' if most else '最小'}的是 {'、'.join(parts)}{c.date(entries)}。"
    return (f"The {'largest' if most else 'smallest'} margin of {one} over {other}: {'; '.join(parts)} "
            f"{c.date(entries)}.")


register("rank_gap", execute, render)
