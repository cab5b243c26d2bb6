"""value: the figure(s) of named entries ("How many stars does PyTorch have?", "stars of tf and pt")."""

from __future__ import annotations

from typing import Any

from app.engine.compose import Composer, num, ordinal
from app.engine.ops.base import Context, Result, register
from app.engine.ops.facts import attribute_of, render_attribute_of
from app.engine.plan import Operation, Plan


def execute(plan: Plan, ctx: Context) -> Result:
    cat = ctx.catalog
    ids = [i for i in plan.scope.libraries if i in cat.by_id] or cat.ids(cat.mask(plan.scope))
    if plan.op.all_measures or plan.measure is None:
        rows = [cat.row(i, m) for i in ids for m in cat.measures.stored if cat.get(i).figures.get(m) is not None]
        return Result("value", bool(rows), rows, None, None, {"all": True, "ids": ids})
    rows = [cat.row(i, plan.measure) for i in ids]
    missing = [r.entry for r in rows if r.value is None]
    rows = [r for r in rows if r.value is not None]
    value = rows[0].value if len(rows) == 1 and not missing else None
    details: dict[str, Any] = {"missing": missing, "ids": ids}
    if plan.op.relation and len(ids) == 1:  # "Who made Caffe and how many stars does it have?": the fact too
        asked = plan.model_copy(update={"op": Operation(kind="attribute_of", relation=plan.op.relation)})
        details["fact"] = attribute_of(asked, ctx)
    if plan.op.per is not None and len(rows) == 1:  # "the most-starred one's commits": the entry and why
        details["by"] = (cat.row(rows[0].entry.id, plan.op.per), plan.op.order, plan.op.k)
    return Result("value", bool(rows), rows, value, plan.measure, details)


def render(r: Result, c: Composer) -> str:
    if r.details.get("all"):
        return _all_figures(r, c)
    assert r.metric is not None
    measure = c.catalog.measures[r.metric]
    if not r.rows:
        names = c.join([e.name for e in r.details["missing"]])
        return (f"该调查没有给出 {names} 的{c.metric(r.metric)}。" if c.zh
                else f"The survey gives no {c.metric(r.metric)} for {names}.")
    parts = []
    for row in r.rows:
        how = ""
        if measure.derived:
            assert measure.numerator is not None and measure.denominator is not None
            top, bottom = row.entry.figures.get(measure.numerator), row.entry.figures.get(measure.denominator)
            how = (f"（{c.amount(top, measure.numerator)} ÷ {c.amount(bottom, measure.denominator)}）" if c.zh
                   else f" ({c.amount(top, measure.numerator)} / {c.amount(bottom, measure.denominator)})")
        if c.zh:
            said = f"的{c.metric(r.metric)}为 {num(row.value)}" if measure.derived else f"有 {c.amount(row.value, r.metric)}"
            parts.append(f"{c.name(row.entry)} {said}{how}")  # "PyTorch 有 20,243 个星标", "…的每位贡献者提交数为 17.4"
        else:
            where = "" if measure.derived else " on GitHub"
            parts.append(f"{c.name(row.entry)} has {c.amount(row.value, r.metric)}{where}{how}")
    entries = [row.entry for row in r.rows]
    text = ("；" if c.zh else "; ").join(parts) + ("" if c.zh else " ") + c.date(entries)
    if "by" in r.details:
        by, order, place = r.details["by"]
        most = ("最少" if order == "asc" else "最多") if c.zh else ("fewest" if order == "asc" else "most")
        if place:  # "the library with the third most contributors"
            most = f"第{place}{'少' if order == 'asc' else '多'}" if c.zh else f"{ordinal(place)} {most}"
        text = (f"{c.metric(by.metric)}{most}的库是 {by.entry.name}（{num(by.value)}）；{text}" if c.zh else
                f"The library with the {most} {c.metric(by.metric)} is {by.entry.name} ({num(by.value)}); {text}")
    text = c.sentence(text)
    if "fact" in r.details:
        text = f"{render_attribute_of(r.details['fact'], c)}{'' if c.zh else ' '}{text}"
    return text


def _all_figures(r: Result, c: Composer) -> str:
    out = []
    for entry_id in r.details["ids"]:
        entry = c.catalog.get(entry_id)
        if c.zh:
            out.append(f"{c.name(entry)} 的 GitHub 数据{c.date([entry])}：{c.figures_body(entry)}。")
        else:
            out.append(f"{c.name(entry)} has {c.figures_body(entry)} on GitHub {c.date([entry])}.")
    return "\n".join(out)


register("value", execute, render)
