"""survey_info (the source, its date, its ranking basis) and survey_rank (the source's own order)."""

from __future__ import annotations

from app.engine.compose import Composer
from app.engine.ops.base import Context, Result, register
from app.engine.plan import Plan


def survey_info(plan: Plan, ctx: Context) -> Result:
    sources = list(ctx.catalog.sources.values())
    details: dict = {"sources": sources}
    if plan.op.yes_no and plan.measure is not None:  # "is the list ranked by stars?"
        details["ranked_by_it"] = any(plan.measure in s.ranked_by for s in sources)
    return Result("survey_info", True, details=details)


def survey_rank(plan: Plan, ctx: Context) -> Result:
    cat = ctx.catalog
    if plan.scope.libraries:
        entry = cat.get(plan.scope.libraries[0])
        return Result("survey_rank", entry.rank is not None, [cat.row(entry.id, None)], entry.rank,
                      details={"reason": None if entry.rank else "unranked", "yes_no": plan.op.yes_no})
    ranked = sorted((i for i in range(cat.size) if cat.field(i, "rank") is not None),
                    key=lambda i: (cat.field(i, "source"), cat.field(i, "rank")))
    if not ranked:
        return Result("survey_rank", False, details={"reason": "out_of_scope"})
    wanted = max(cat.field(i, "rank") for i in ranked) if plan.op.k is None and plan.op.order == "asc" \
        else (plan.op.k or 1)
    found = next((i for i in ranked if cat.field(i, "rank") == wanted), None)
    if found is None:
        return Result("survey_rank", False, details={"reason": "position", "k": wanted, "total": len(ranked)})
    return Result("survey_rank", True, [cat.row(cat.ids_at[found], None)], wanted)


def _source_snippet(source, c: Composer) -> str:
    count = sum(1 for i in range(c.catalog.size) if c.catalog.field(i, "source") == source.id)
    ranked = c.join([c.metric(m) for m in source.ranked_by]) if source.ranked_by else ""
    if c.zh:
        basis = f"，按{ranked}排名" if ranked else ""
        by = f"（{source.publisher}）" if source.publisher else ""
        return f"《{source.title}》{by}：{count} 个库{basis}，截至 {source.as_of} 的 GitHub 数据"
    basis = f", ranked by {ranked}" if ranked else ""
    by = f" ({source.publisher})" if source.publisher else ""
    return f"“{source.title_en or source.title}”{by}: {count} libraries{basis}, GitHub data as of {source.as_of}"


def render_info(r: Result, c: Composer) -> str:
    parts = []
    for source in r.details["sources"]:
        snippet = _source_snippet(source, c)
        link = f" {source.url}" if source.url else ""
        parts.append(f"{snippet}{link} {c.cite_source(source, snippet)}")
    verdict = r.details.get("ranked_by_it")
    lead = "" if verdict is None else (("是的。" if verdict else "不是。") if c.zh else ("Yes. " if verdict else "No. "))
    return lead + (("数据来源：" + "；".join(parts) + "。") if c.zh else ("The figures come from " + "; ".join(parts) + "."))


def render_rank(r: Result, c: Composer) -> str:
    if not r.answered:
        if r.details.get("reason") == "position":
            return (f"调查只有 {r.details['total']} 个库，没有第 {r.details['k']} 名。" if c.zh
                    else f"The survey lists only {r.details['total']} libraries, so there is no number {r.details['k']}.")
        return ("该库不在调查的排名中。" + c.coverage()) if c.zh else ("That library is not ranked in the survey. " + c.coverage())
    entry = r.rows[0].entry
    source = c.catalog.source_of(entry)
    total = sum(1 for i in range(c.catalog.size) if c.catalog.field(i, "source") == source.id)
    marker = c.cite_source(source, _source_snippet(source, c))
    if c.zh:
        yes = "是的，调查收录了它。" if r.details.get("yes_no") else ""
        return f"{yes}在调查《{source.title}》{marker} 的 {total} 个库中，{c.name(entry)} 排第 {entry.rank}。"
    if r.details.get("yes_no"):
        return (f"Yes. {c.name(entry)} is number {entry.rank} of the {total} libraries in the survey "
                f"“{source.title_en or source.title}” {marker}.")
    return f"{c.name(entry)} is number {entry.rank} of the {total} libraries in the survey “{source.title_en or source.title}” {marker}."


register("survey_info", survey_info, render_info)
register("survey_rank", survey_rank, render_rank)
