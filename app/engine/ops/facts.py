"""describe (what X is), attribute_of (who develops X, what X is built on) and yes_no (does X support Y)."""

from __future__ import annotations

import numpy as np

from app.engine.catalog import PLATFORM
from app.engine.compose import Composer
from app.engine.ops.base import Context, Result, register
from app.engine.plan import Plan

VERB_EN = {"built_on": "is built on", "runs_on": "runs on", "compatible_with": "is compatible with",
           "developed_by": "is developed by", "capabilities": "supports", "model_families": "supports"}
VERB_ZH = {"built_on": "基于 {t} 构建", "runs_on": "运行在 {t} 上", "compatible_with": "与 {t} 兼容",
           "developed_by": "由 {t} 开发", "capabilities": "支持 {t}", "model_families": "支持 {t}"}
UNKNOWN_EN = {"developed_by": "who develops {n}", "built_on": "what {n} is built on", "runs_on": "what {n} runs on",
              "compatible_with": "what {n} is compatible with", "capabilities": "what {n} supports",
              "model_families": "which kinds of models {n} supports"}
UNKNOWN_ZH = {"developed_by": "{n} 由谁开发", "built_on": "{n} 基于什么构建", "runs_on": "{n} 运行在什么平台上",
              "compatible_with": "{n} 与什么兼容", "capabilities": "{n} 支持什么", "model_families": "{n} 支持哪些模型"}


def _entry(plan: Plan, ctx: Context):
    return ctx.catalog.get(plan.scope.libraries[0])


def describe(plan: Plan, ctx: Context) -> Result:
    entries = [ctx.catalog.get(i) for i in plan.scope.libraries if i in ctx.catalog.by_id]
    return Result("describe", bool(entries), [ctx.catalog.row(e.id, None) for e in entries])


def attribute_of(plan: Plan, ctx: Context) -> Result:
    entry = _entry(plan, ctx)
    relation = plan.op.relation or "developed_by"
    if relation == "link":
        return Result("attribute_of", entry.url is not None or plan.op.yes_no, [ctx.catalog.row(entry.id, None)],
                      None, None, {"relation": relation, "values": [entry.url] if entry.url else [], "reason": None,
                                   "subject": entry.id, "yes_no": plan.op.yes_no})
    # what X is built on is what it runs on, and back; what it supports covers the kinds of models it supports
    kinds = PLATFORM.get(relation, ("capabilities", "model_families") if relation == "capabilities" else (relation,))
    values = list(dict.fromkeys(v for kind in kinds for v in getattr(entry.attributes, kind)))
    surveyed = [e.id for e in map(ctx.catalog.entry_of_term, values) if e is not None]
    return Result("attribute_of", bool(values), [ctx.catalog.row(entry.id, None)], None, None,
                  {"relation": relation, "values": values, "reason": None if values else "unsupported_fact",
                   "subject": entry.id, "surveyed": surveyed})


def yes_no(plan: Plan, ctx: Context) -> Result:
    entry = _entry(plan, ctx)
    relation = plan.op.relation if plan.op.relation in ("built_on", "runs_on", "compatible_with", "developed_by") else None
    kinds = [relation] if relation else [k for k, _ in entry.attributes.items()]
    has = all(any(t in getattr(entry.attributes, k) for k in kinds) for t in plan.op.terms)
    if not has and relation:  # the survey may state it under another attribute
        has = all(any(t in v for _, v in entry.attributes.items()) for t in plan.op.terms)
    holding = ctx.catalog.holding(plan.op.terms)
    holding[ctx.catalog.position[entry.id]] = False
    others = [ctx.catalog.entries[int(i)] for i in np.flatnonzero(holding)[:10]]
    # answered only when the survey says so: its silence is not a "no"
    return Result("yes_no", has, [ctx.catalog.row(entry.id, None)], None, None,
                  {"yes": has, "terms": plan.op.terms, "relation": relation, "others": others})


def render_describe(r: Result, c: Composer) -> str:
    out = []
    for row in r.rows:
        entry = row.entry
        name = c.name(entry, c.description(entry))
        figures = c.figures_body(entry)
        rank = (f"调查排名第 {entry.rank}；" if c.zh else f"survey rank {entry.rank}; ") if entry.rank else ""
        aka = ""
        if entry.aliases:  # "What's the other name of spark-deep-learning?"
            aka = f"（又称 {'、'.join(entry.aliases)}）" if c.zh else f" (also known as {', '.join(entry.aliases)})"
        if c.zh:
            out.append(f"{name}{aka}：{c.description(entry).strip()}\n（{rank}{figures}，截至 {entry.figures.as_of}）")
        else:
            out.append(f"{name}{aka}: {c.description(entry).strip()}\n({rank}{figures} as of {entry.figures.as_of})")
    return "\n\n".join(out)


def render_attribute_of(r: Result, c: Composer) -> str:
    entry, d = c.catalog.get(r.details["subject"]), r.details
    name = c.name(entry, c.description(entry))
    if d["relation"] == "link":
        text = _render_link(entry, name, d["values"], c)
        if d.get("yes_no"):
            text = ("有。" if d["values"] else "没有。") + text if c.zh else ("Yes. " if d["values"] else "No. ") + text
        return text
    if not d["values"]:
        if c.zh:
            return f"该调查没有说明{UNKNOWN_ZH[d['relation']].format(n=entry.name)}。{name} 的简介：{c.description(entry).strip()}"
        return f"The survey doesn't say {UNKNOWN_EN[d['relation']].format(n=entry.name)}. What it says of {name}: {c.description(entry).strip()}"
    # a value that is itself a surveyed library is named with its citation ("Lasagne is built on Theano [2]")
    asserted = {c.catalog.get(i).name: c.catalog.get(i) for i in d.get("surveyed", [])}
    values = c.join([c.name(asserted[c.term(v)]) if c.term(v) in asserted else c.term(v) for v in d["values"]])
    if c.zh:
        return f"{name} {VERB_ZH[d['relation']].format(t=values)}。"
    return f"{name} {VERB_EN[d['relation']]} {values}."


def _render_link(entry, name: str, values: list[str], c: Composer) -> str:
    source = c.catalog.source_of(entry)
    if values:
        return f"调查给出的 {name} 链接：{values[0]}" if c.zh else f"{name}'s link in the survey: {values[0]}"
    where = f"（原文：{source.url}）" if c.zh and source.url else f" (the article: {source.url})" if source.url else ""
    return (f"该调查没有给出 {name} 的链接{where}。" if c.zh
            else f"The survey gives no link for {name}{where}.")


def render_yes_no(r: Result, c: Composer) -> str:
    entry, d = r.rows[0].entry, r.details
    terms = c.join([c.term(t) for t in d["terms"]])
    name = c.name(entry, c.description(entry))
    relation = d["relation"]
    if d["yes"]:
        if c.zh:
            verb = VERB_ZH[relation].format(t=terms) if relation else f"支持 {terms}"
            return f"是的。根据该调查，{name} {verb}。"
        verb = f"{VERB_EN[relation]} {terms}" if relation else f"supports {terms}"
        return f"Yes. According to the survey, {name} {verb}."
    others = c.join([e.name for e in d["others"]])
    if c.zh:
        tail = f"调查中提到具备这一点的是：{others}。" if others else ""
        return f"该调查没有提到 {name} 支持 {terms}。{tail}"
    tail = f" It does say so of {others}." if others else ""
    return f"The survey doesn't say that {name} supports {terms}.{tail}"


register("describe", describe, render_describe)
register("attribute_of", attribute_of, render_attribute_of)
register("yes_no", yes_no, render_yes_no)
