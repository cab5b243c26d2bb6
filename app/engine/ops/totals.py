"""aggregate (sum / mean / median / min / max over a scope) and share (percent of the survey's total)."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.engine.compose import Composer, num
from app.engine.ops.base import SHOWN, Context, Result, register
from app.engine.ops.words import scope_noun
from app.engine.plan import Plan, Scope


def aggregate(plan: Plan, ctx: Context) -> Result:
    assert plan.measure is not None
    cat, kind = ctx.catalog, plan.op.agg or "sum"
    positions = cat.positions(cat.mask(plan.scope), plan.measure, "desc")
    ids = [cat.ids_at[int(i)] for i in positions[:SHOWN]]
    rows = [cat.row(i, plan.measure) for i in ids]
    details: dict[str, Any] = {"kind": kind, "count": len(positions), "scope": plan.scope}
    if not rows:
        return Result("aggregate", False, [], None, plan.measure, {**details, "reason": "empty"})
    values = cat.column(plan.measure)[positions]
    if plan.op.nearest and plan.op.target is not None:  # "which library's commits are closest to 10,000?"
        pick = cat.row(cat.ids_at[int(positions[int(np.argmin(np.abs(values - plan.op.target)))])], plan.measure)
        return Result("aggregate", True, [pick], pick.value, plan.measure,
                      {**details, "kind": "target", "nearest": _tidy(plan.op.target, 2)}, set_ids=ids)
    measure = cat.measures[plan.measure]
    decimals = max(measure.decimals, 1)
    if kind == "sum" and measure.derived:  # a sum of ratios means nothing: the pooled ratio, total / total
        assert measure.numerator is not None and measure.denominator is not None
        top, bottom = (float(np.nansum(cat.column(m)[positions])) for m in (measure.numerator, measure.denominator))
        if not bottom:
            return Result("aggregate", False, [], None, plan.measure, {**details, "reason": "empty"})
        details.update(kind="pooled", top=_tidy(top, 2), bottom=_tidy(bottom, 2), parts=(measure.numerator,
                                                                                        measure.denominator))
        value: float | int = round(top / bottom, 2)
    elif kind == "sum":
        value = _tidy(float(values.sum()), decimals)
    elif kind == "mean":
        value = _tidy(float(values.mean()), max(decimals, 2))
    elif kind == "median":
        value = _tidy(float(np.median(values)), decimals)
        at = np.flatnonzero(values == value)
        if len(at):  # the entry holding the median is the one the answer names
            details["at"] = cat.ids_at[int(positions[int(at[0])])]
            return Result("aggregate", True, [cat.row(details["at"], plan.measure)], value, plan.measure, details,
                          set_ids=ids)
    else:
        pick = cat.row(cat.ids_at[int(positions[0] if kind == "max" else positions[-1])], plan.measure)
        return Result("aggregate", True, [pick], pick.value, plan.measure, details, set_ids=ids)
    if plan.op.nearest and kind in ("mean", "median"):  # the entry closest to it, with its own figure
        nearest_at = int(positions[int(np.argmin(np.abs(values - float(value))))])
        pick = cat.row(cat.ids_at[nearest_at], plan.measure)
        return Result("aggregate", True, [pick], pick.value, plan.measure, {**details, "nearest": value},
                      set_ids=ids)
    return Result("aggregate", True, rows, value, plan.measure, details, set_ids=ids)


def share(plan: Plan, ctx: Context) -> Result:
    if plan.measure is None:
        return _count_share(plan, ctx)
    cat = ctx.catalog
    column = cat.column(plan.measure)
    part_at = cat.positions(cat.mask(plan.scope), plan.measure, "desc")
    whole_scope = Scope(previous=plan.scope.previous)
    if len(plan.scope.libraries) == 1 and (plan.scope.slice is not None or plan.scope.attributes
                                           or plan.scope.exclude):  # "leave TensorFlow out: Caffe's share?"
        # "PyTorch 的星标占星标前五名合计的百分之几": the named library's share of that set's total
        whole_scope = plan.scope.model_copy(update={"libraries": []})
    if plan.op.against:  # "of the combined stars of A, B and C, what share is C's?": the group's total
        whole_scope = Scope(libraries=plan.op.against)
    whole_at = cat.positions(cat.mask(whole_scope), plan.measure, "desc")
    if plan.op.n == 1 and len(part_at):  # the largest (or smallest) one's share of the scope's own total
        whole_at = part_at
        part_at = part_at[:1] if plan.op.order == "desc" else part_at[-1:]
    part, whole = float(column[part_at].sum()), float(column[whole_at].sum())
    if not whole or not len(part_at) or cat.measures[plan.measure].derived:
        return Result("share", False, [], None, plan.measure, {"reason": "clarify"})
    part_ids = [cat.ids_at[int(i)] for i in part_at[:SHOWN]]
    rows = [cat.row(i, plan.measure) for i in part_ids]
    return Result("share", True, rows, round(100 * part / whole, 2), plan.measure,
                  {"part": _tidy(part, 2), "whole": _tidy(whole, 2), "count": len(whole_at), "scope": plan.scope,
                   "within": plan.op.n == 1 and plan.scope.restricted}, set_ids=part_ids)


def _count_share(plan: Plan, ctx: Context) -> Result:
    """ "what percent of the libraries have more than 10k stars?": the scope's size against every entry's."""
    cat = ctx.catalog
    ids = [cat.ids_at[int(i)] for i in np.flatnonzero(cat.mask(plan.scope))]
    whole = cat.size
    if not whole or not plan.scope.restricted:
        return Result("share", False, [], None, None, {"reason": "clarify"})
    rows = [cat.row(i, None) for i in ids]
    return Result("share", True, rows[:SHOWN], round(100 * len(ids) / whole, 2), None,
                  {"part": len(ids), "whole": whole, "count": whole, "scope": plan.scope, "libraries": True},
                  set_ids=ids)


def _tidy(value: float, decimals: int) -> float | int:
    return int(value) if value.is_integer() else round(value, decimals)


def render_aggregate(r: Result, c: Composer) -> str:
    assert r.metric is not None
    d, metric = r.details, c.metric(r.metric)
    if not r.answered:
        return (f"没有符合条件的库。{c.coverage()}" if c.zh else f"No library matches. {c.coverage()}")
    noun = scope_noun(d["scope"], c, d["count"])
    counted = "" if str(d["count"]) in noun else f" ({d['count']})"
    if "nearest" in d:
        row = r.rows[0]
        if d["kind"] == "target":
            if c.zh:
                return (f"{noun}中{metric}最接近 {num(d['nearest'])} 的是 {c.name(row.entry)}，为 "
                        f"{c.amount(row.value, r.metric)}{c.date([row.entry])}。")
            return (f"Of {noun}, {c.name(row.entry)} is closest to {num(d['nearest'])} {metric}: {num(row.value)} "
                    f"{c.date([row.entry])}.")
        said = {"mean": ("平均值", "mean"), "median": ("中位数", "median")}[d["kind"]]
        if c.zh:
            return (f"{noun}中{metric}最接近{said[0]}（{num(d['nearest'])}）的是 {c.name(row.entry)}，为 "
                    f"{c.amount(row.value, r.metric)}{c.date([row.entry])}。")
        return (f"Of {noun}, {c.name(row.entry)} is closest to the {said[1]} {metric} ({num(d['nearest'])}): "
                f"{num(row.value)} {c.date([row.entry])}.")
    if d["kind"] in ("max", "min"):
        row = r.rows[0]
        high = d["kind"] == "max"
        if c.zh:
            return f"{noun}中{metric}{'最多' if high else '最少'}的是 {c.name(row.entry)}，为 {c.amount(row.value, r.metric)}{c.date([row.entry])}。"
        return (f"Of {noun}, {c.name(row.entry)} has the {'most' if high else 'fewest'} {metric}: "
                f"{num(row.value)} {c.date([row.entry])}.")
    entries = [row.entry for row in r.rows]
    if d.get("at"):  # "the median stars is 8,632 (TFLearn)"
        at = r.rows[0].entry
        if c.zh:
            return f"{noun}的{metric}中位数为 {num(r.value)}，即 {c.name(at)} 的{metric}{c.date(entries)}。"
        return f"The median {metric} of {noun} is {num(r.value)}, {c.name(at)}'s {c.date(entries)}."
    scope: Scope = d["scope"]
    if d["kind"] == "sum" and scope.libraries and not scope.restricted and len(r.rows) == len(scope.libraries):
        names = c.join([c.name(row.entry) for row in r.rows])  # "TensorFlow and PyTorch have 132,834 stars together"
        figures = ("、" if c.zh else ", ").join(num(row.value) for row in r.rows)
        if c.zh:
            return f"{names} 的{metric}合计 {num(r.value)}（{figures}）{c.date(entries)}。"
        return f"{names} have {num(r.value)} {metric} together ({' + '.join(num(row.value) for row in r.rows)}) {c.date(entries)}."
    markers = "".join(c.cite(e) for e in entries)
    if d["kind"] == "pooled":
        top, bottom = d["parts"]
        if c.zh:
            counted_zh = "" if str(d["count"]) in noun else f"（{d['count']} 个）"
            return (f"{noun}{counted_zh}合计{c.metric(r.metric)}为 {num(r.value)}（{c.amount(d['top'], top)} ÷ {c.amount(d['bottom'], bottom)}）"
                    f"{c.date(entries)} {markers}。")
        return (f"Across {noun}{counted}, {metric} overall: {num(r.value)} ({c.amount(d['top'], top)} / "
                f"{c.amount(d['bottom'], bottom)}) {c.date(entries)} {markers}.")
    if c.zh:
        word = {"sum": "总和", "mean": "平均值", "median": "中位数"}[d["kind"]]
        counted_zh = "" if str(d["count"]) in noun else f"（{d['count']} 个）"
        return f"{noun}{counted_zh}的{metric}{word}为 {num(r.value)}{c.date(entries)} {markers}。"
    word = {"sum": "total", "mean": "mean", "median": "median"}[d["kind"]]
    return f"The {word} {metric} of {noun}{counted} is {num(r.value)} {c.date(entries)} {markers}."


def render_share(r: Result, c: Composer) -> str:
    if not r.answered:
        return ("无法计算这个占比。" + c.coverage()) if c.zh else ("I can't compute that share. " + c.coverage())
    if r.details.get("libraries"):
        return _render_count_share(r, c)
    assert r.metric is not None
    d, metric = r.details, c.metric(r.metric)
    names = c.join([c.name(row.entry) for row in r.rows])
    entries = [row.entry for row in r.rows]
    if d.get("within"):
        noun = scope_noun(d["scope"], c, d["count"])
        if c.zh:
            return (f"{noun}的{metric}合计 {num(d['whole'])}，其中 {names} 占比最大：{num(r.value)}%"
                    f"（{num(d['part'])}）{c.date(entries)}。")
        return (f"Of the {metric} of {noun} ({num(d['whole'])}), {names} holds the largest share: {num(r.value)}% "
                f"({num(d['part'])}) {c.date(entries)}.")
    if c.zh:
        return (f"{names} 的{metric}（{num(d['part'])}）占全部 {d['count']} 个库总数（{num(d['whole'])}）的 "
                f"{num(r.value)}%{c.date(entries)}。")
    return (f"{names} {'holds' if len(r.rows) == 1 else 'hold'} {num(r.value)}% of all {metric} across the "
            f"{d['count']} libraries ({num(d['part'])} of {num(d['whole'])}) {c.date(entries)}.")


def _render_count_share(r: Result, c: Composer) -> str:
    d = r.details
    noun = scope_noun(d["scope"], c, d["part"])
    names = c.join([c.name(row.entry) for row in r.rows]) if r.rows else ""
    entries = [row.entry for row in r.rows]
    if c.zh:
        listed = f"：{names}" if names else ""
        return f"全部 {d['whole']} 个库中，{noun}有 {d['part']} 个，占 {num(r.value)}%{listed}{c.date(entries)}。"
    listed = f": {names}" if names else ""
    return (f"{d['part']} of the {d['whole']} libraries ({num(r.value)}%) are {noun}{listed} "
            f"{c.date(entries)}.").replace("are the libraries ", "are libraries ")


register("aggregate", aggregate, render_aggregate)
register("share", share, render_share)
