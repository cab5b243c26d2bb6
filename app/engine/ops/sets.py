"""list and count: the entries of a scope ("libraries with more than 10k stars", "不是基于Keras的库有几个")."""

from __future__ import annotations

from app.engine.compose import Composer, num
from app.engine.ops.base import SHOWN, Context, Result, register
from app.engine.ops.words import scope_noun, scope_words
from app.engine.plan import Plan


def execute(plan: Plan, ctx: Context) -> Result:
    cat, scope = ctx.catalog, plan.scope
    metric = (scope.metrics[0].metric if scope.metrics else scope.versus[0].left if scope.versus
              else plan.measure)
    mask = cat.mask(scope)
    ids = cat.ids(mask, metric, limit=SHOWN)
    rows = [cat.row(i, metric) for i in ids]
    total = cat.count(mask, metric)
    return Result(plan.op.kind, True, rows, total, metric, {"scope": scope, "total": total}, set_ids=ids)


def render(r: Result, c: Composer) -> str:
    noun = scope_noun(r.details["scope"], c)
    if not r.rows:
        return (f"该调查中没有{noun}{c.date([])}。" if c.zh
                else f"None of the survey's libraries is among {noun} {c.date([])}.")
    entries = [row.entry for row in r.rows]

    def item(row) -> str:
        shown = c.name(row.entry)
        if row.value is None:
            return shown
        return f"{shown}（{num(row.value)}）" if c.zh else f"{shown} ({num(row.value)})"

    listed = c.join([item(row) for row in r.rows])
    if r.details["total"] > len(r.rows):
        listed += f"（另有 {r.details['total'] - len(r.rows)} 个）" if c.zh else f" and {r.details['total'] - len(r.rows)} more"
    dated = c.date(entries) if r.metric else ""
    if not scope_words(r.details["scope"], c):  # the whole survey
        return (f"调查共收录 {r.details['total']} 个库{dated}：{listed}。" if c.zh
                else f"The survey lists {r.details['total']} libraries{' ' + dated if dated else ''}: {listed}.")
    if c.zh:
        return f"{noun}共有 {r.details['total']} 个{dated}：{listed}。"
    noun = noun.removeprefix("the ")
    if len(r.rows) == 1:
        noun = noun.replace("libraries", "library", 1)
    verb = "is" if r.details["total"] == 1 else "are"
    return f"There {verb} {r.details['total']} {noun}{' ' + dated if dated else ''}: {listed}."


register("list", execute, render)
register("count", execute, render)
