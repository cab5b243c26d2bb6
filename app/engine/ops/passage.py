"""passage: a question the source's own prose answers (not one of its entries), quoted and cited."""

from __future__ import annotations

from app.engine.compose import Composer
from app.engine.ops.base import Context, Result, register
from app.engine.plan import Plan


def execute(plan: Plan, ctx: Context) -> Result:
    source_id, _, passage_id = (plan.op.passage or "").partition("/")
    source = ctx.catalog.sources.get(source_id)
    passage = next((p for p in source.passages if p.id == passage_id), None) if source else None
    if source is None or passage is None:
        return Result("passage", False, details={"reason": "out_of_scope"})
    # a question about a library answered from the article's prose ("文章说 TensorFlow 更受哪类人欢迎") is about it
    rows = [ctx.catalog.row(i, None) for i in plan.scope.libraries if i in ctx.catalog.by_id]
    return Result("passage", True, rows, passage.value, details={"source": source, "passage": passage})


def render(r: Result, c: Composer) -> str:
    if not r.answered:
        return ("抱歉，该调查无法回答这个问题。" + c.coverage()) if c.zh else ("Sorry, the survey doesn't answer that. " + c.coverage())
    source, passage = r.details["source"], r.details["passage"]
    marker = c.cite_source(source, " … ".join(passage.quote))
    if c.zh:
        return f"据原文《{source.title}》{marker}：{passage.text_zh().strip()}"
    return f"According to the article “{source.title_en or source.title}” {marker}: {passage.en.strip()}"


register("passage", execute, render)
