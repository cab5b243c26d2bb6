"""group_compare: one set of entries against another by their totals ("Does TensorFlow have more stars than all
the others combined?", "PyTorch 的 commit 比 Caffe、CNTK、Theano 加起来多多少？")."""

from __future__ import annotations

from app.engine.compose import Composer, num
from app.engine.ops.base import SHOWN, Context, Result, register
from app.engine.plan import Plan


def execute(plan: Plan, ctx: Context) -> Result:
    assert plan.measure is not None
    cat, op = ctx.catalog, plan.op
    left = [i for i in dict.fromkeys(plan.scope.libraries) if i in cat.by_id]
    if op.rest:  # "all the others": the rest of the scope's other restrictions (all entries when none)
        within = cat.ids(cat.mask(plan.scope.model_copy(update={"libraries": [], "exclude": []})), plan.measure)
        right = [i for i in within if i not in left]
    else:
        right = [i for i in dict.fromkeys(op.against) if i in cat.by_id and i not in left]
    sides = [[cat.row(i, plan.measure) for i in ids] for ids in (left, right)]
    if not left or not right or any(r.value is None for side in sides for r in side):
        return Result("group_compare", False, [], None, plan.measure, {"reason": "clarify"})
    a, b = (_tidy(sum(float(r.value or 0) for r in side)) for side in sides)
    if op.agg == "mean":  # "比 PyTorch 和 CNTK 的平均值多多少": the other side's mean
        b = _tidy(b / len(sides[1]))
    if op.group_value == "difference":
        value: float | int | None = _tidy(abs(a - b))
    elif op.group_value == "ratio":
        value = round(a / b, 2) if b else None
    else:
        value = max(a, b)  # as in a comparison of two: the larger side's figure
    rows = sides[0] if op.rest else [*sides[0], *sides[1][:SHOWN]]  # "all the others" are summed, not asserted
    return Result("group_compare", True, rows, value, plan.measure,
                  {"left": len(left), "right": len(right), "totals": (a, b), "rest": op.rest, "asks": op.group_value,
                   "yes_no": op.yes_no, "mean": op.agg == "mean"},
                  set_ids=[*left, *right])


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def render(r: Result, c: Composer) -> str:
    if not r.answered:
        return ("请说明要比较的两组库。" + c.coverage()) if c.zh else ("Which libraries should be compared? " + c.coverage())
    assert r.metric is not None
    d = r.details
    (a, b), metric, entries = d["totals"], c.metric(r.metric), [row.entry for row in r.rows]
    left, right = r.rows[:d["left"]], r.rows[d["left"]:]
    left_words = c.join([c.name(row.entry) for row in left])
    if c.zh:
        right_words = f"其余 {d['right']} 个库" if d["rest"] else c.join([c.name(row.entry) for row in right])
        together = "合计" if len(left) > 1 else ""
        head = (f"{left_words}{together}的{metric}为 {num(a)}，{right_words}{'平均' if d['mean'] else '合计' if len(right) > 1 or d['rest'] else '为'} {num(b)}")
        if a == b:
            tail = "，两者相同"
        elif d["asks"] == "ratio":
            tail = f"，前者是后者的 {num(r.value)} 倍"
        else:
            tail = f"，{'多' if a > b else '少'} {num(abs(a - b))}"
        answer = ("是的。" if a > b else "不是。") if d["yes_no"] and d["asks"] == "compare" else ""
        return f"{answer}{head}{tail}{c.date(entries)}。"
    right_words = f"the other {d['right']} libraries combined" if d["rest"] else \
        c.join([c.name(row.entry) for row in right]) + (" combined" if len(right) > 1 else "")
    if d["mean"]:
        right_words = "the mean of " + c.join([c.name(row.entry) for row in right])
    subject = left_words + (" together" if len(left) > 1 else "")
    verb = "have" if len(left) > 1 else "has"
    if a == b:
        return f"{subject} {verb} as many {metric} as {right_words}: {num(a)} each {c.date(entries)}."
    if d["asks"] == "ratio":
        return (f"{subject} {verb} {num(r.value)} times the {metric} of {right_words} ({num(a)} / {num(b)}) "
                f"{c.date(entries)}.")
    more = "more" if a > b else "fewer"
    answer = ("Yes — " if a > b else "No — ") if d["yes_no"] else ""
    return (f"{answer}{subject} {verb} {num(abs(a - b))} {more} {metric} than {right_words}: "
            f"{num(a)} vs {num(b)} {c.date(entries)}.")


register("group_compare", execute, render)
