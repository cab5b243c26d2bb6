"""Answer text for each intent, in English and Chinese. Every figure carries its as-of date."""

from __future__ import annotations

from collections.abc import Callable

from app.engine.compose import (
    COUNT_ZH,
    OP_EN,
    OP_ZH,
    RELATION_EN,
    RELATION_ZH,
    SECTION_RELATION,
    Composer,
    num,
    ordinal,
)
from app.engine.compute import Result
from app.engine.retrieve import best_sentence


def _figure(r: Result, c: Composer) -> str:
    entries = [row.entry for row in r.rows]
    parts = []
    for row in r.rows:
        assert row.metric is not None
        if c.zh:
            parts.append(f"{c.name(row.entry)} 在 GitHub 上有 {num(row.value)} {COUNT_ZH[row.metric]}")
        else:
            parts.append(f"{c.name(row.entry)} has {num(row.value)} {c.metric(row.metric)} on GitHub")
    return c.sentence(("；" if c.zh else "; ").join(parts) + ("" if c.zh else " ") + c.date(entries))


def _figures(r: Result, c: Composer) -> str:
    entry = r.rows[0].entry
    if c.zh:
        body = "，".join(f"{num(row.value)} {COUNT_ZH[row.metric or '']}" for row in r.rows)
        return f"{c.name(entry)} 的 GitHub 数据{c.date([entry])}：{body}。"
    body = c.join([f"{num(row.value)} {c.metric(row.metric or '')}" for row in r.rows])
    return f"{c.name(entry)} has {body} on GitHub {c.date([entry])}."


def _ranking(r: Result, c: Composer) -> str:
    assert r.metric is not None
    d, metric, entries = r.details, c.metric(r.metric), [row.entry for row in r.rows]
    asc = d["order"] == "asc"
    if not r.answered:
        return (f"调查只有 {d['total']} 个库，没有第 {d['position']} 名。" if c.zh
                else f"The survey has only {d['total']} libraries, so there is no {ordinal(d['position'])} place.")
    among = c.join([c.term(t) for t in d.get("among", [])])
    if len(r.rows) == 1 and d["top_n"] is None:
        row = r.rows[0]
        pos = d["position"] or 1
        if c.zh:
            scope = f"在与 {among} 相关的库中，" if among else ""
            rank = ("最少" if asc else "最多") if pos == 1 else f"第{pos}{'少' if asc else '多'}"
            return f"{scope}{metric}{rank}的是 {c.name(row.entry)}，共 {num(row.value)} {COUNT_ZH[r.metric]}{c.date(entries)}。"
        scope = f"Among the libraries related to {among}, " if among else ""
        rank = ("the fewest" if asc else "the most") if pos == 1 else f"the {ordinal(pos)} {'fewest' if asc else 'most'}"
        subject = c.name(row.entry)
        return f"{scope}{subject} has {rank} {metric}: {num(row.value)} {c.date(entries)}."
    lines = [f"{i}. {c.name(row.entry)} – {num(row.value)}" for i, row in enumerate(r.rows, start=1)]
    n = len(r.rows)
    if c.zh:
        head = f"按{metric}{'从少到多' if asc else '从多到少'}排列的前 {n} 个库" if d["top_n"] else f"按{metric}{'从少到多' if asc else '从多到少'}排名"
        return f"{head}{c.date(entries)}：" + "；".join(lines) + "。"
    if d["top_n"]:
        head = f"The {n} libraries with the {'fewest' if asc else 'most'} {metric}"
    else:
        head = f"All {n} libraries by {metric}, {'fewest' if asc else 'most'} first"
    return f"{head} {c.date(entries)}: " + "; ".join(lines) + "."


def _rank_by_metric(r: Result, c: Composer) -> str:
    assert r.metric is not None and r.value is not None
    row, place, total = r.rows[0], int(r.value), r.details["total"]
    if c.zh:
        return (f"按{c.metric(r.metric)}计，{c.name(row.entry)} 在 {total} 个库中排第 {place}，"
                f"共 {num(row.value)} {COUNT_ZH[r.metric]}{c.date([row.entry])}。")
    return (f"{c.name(row.entry)} ranks {ordinal(place)} of {total} libraries by {c.metric(r.metric)}, "
            f"with {num(row.value)} {c.date([row.entry])}.")


def _filter(r: Result, c: Composer) -> str:
    assert r.metric is not None
    d, metric, entries = r.details, c.metric(r.metric), [row.entry for row in r.rows]
    listed = c.join([f"{c.name(row.entry)}（{num(row.value)}）" if c.zh else f"{c.name(row.entry)} ({num(row.value)})"
                     for row in r.rows])
    if c.zh:
        if not r.rows:
            return f"没有{metric}{OP_ZH[d['op']]} {num(d['threshold'])} 的库{c.date([])}。"
        return f"{metric}{OP_ZH[d['op']]} {num(d['threshold'])} 的库有 {len(r.rows)} 个{c.date(entries)}：{listed}。"
    if not r.rows:
        return f"No library in the survey has {OP_EN[d['op']]} {num(d['threshold'])} {metric} {c.date([])}."
    noun = "library has" if len(r.rows) == 1 else "libraries have"
    return f"{len(r.rows)} {noun} {OP_EN[d['op']]} {num(d['threshold'])} {metric} {c.date(entries)}: {listed}."


def _comparison(r: Result, c: Composer) -> str:
    entries = [row.entry for row in r.rows]
    if r.metric is None:
        parts = [c.figures_line(e).replace(e.name, c.name(e), 1) for e in entries]
        return ("对比" + c.date(entries) + "：" + "；".join(parts) + "。") if c.zh else (
            "Side by side " + c.date(entries) + ": " + "; ".join(parts) + ".")
    metric, (top, second) = c.metric(r.metric), (r.rows[0], r.rows[1])
    if r.details.get("tie"):
        return (f"{c.join([c.name(top.entry), c.name(second.entry)])} 的{metric}相同，都是 {num(top.value)}{c.date(entries)}。"
                if c.zh else f"{c.join([c.name(top.entry), c.name(second.entry)])} have the same number of {metric}: "
                f"{num(top.value)} {c.date(entries)}.")
    if len(r.rows) == 2:
        if c.zh:
            return (f"{c.name(top.entry)} 的{metric}更多：{num(top.value)}，而 {c.name(second.entry)} 为 "
                    f"{num(second.value)}{c.date(entries)}。")
        return (f"{c.name(top.entry)} has more {metric} than {c.name(second.entry)}: {num(top.value)} vs "
                f"{num(second.value)} {c.date(entries)}.")
    listed = "; ".join(f"{c.name(row.entry)} – {num(row.value)}" for row in r.rows)
    return (f"{metric}最多的是 {top.entry.name}{c.date(entries)}：{listed}。" if c.zh
            else f"{top.entry.name} has the most {metric} {c.date(entries)}: {listed}.")


def _difference(r: Result, c: Composer) -> str:
    assert r.metric is not None
    a, b = r.rows
    sign, entries = r.details["sign"], [a.entry, b.entry]
    if c.zh:
        if sign == 0:
            return f"{c.name(a.entry)} 和 {c.name(b.entry)} 的{c.metric(r.metric)}一样多，都是 {num(a.value)}{c.date(entries)}。"
        more = "多" if sign > 0 else "少"
        return (f"{c.name(a.entry)} 比 {c.name(b.entry)} {more} {num(r.value)} {COUNT_ZH[r.metric]}"
                f"（{num(a.value)} 对 {num(b.value)}）{c.date(entries)}。")
    if sign == 0:
        return f"{c.name(a.entry)} and {c.name(b.entry)} have the same number of {c.metric(r.metric)}: {num(a.value)} {c.date(entries)}."
    more = "more" if sign > 0 else "fewer"
    return (f"{c.name(a.entry)} has {num(r.value)} {more} {c.metric(r.metric)} than {c.name(b.entry)} "
            f"({num(a.value)} vs {num(b.value)}) {c.date(entries)}.")


def _aggregate(r: Result, c: Composer) -> str:
    assert r.metric is not None
    d, entries, metric = r.details, [row.entry for row in r.rows], c.metric(r.metric)
    scope_en = (f"the {d['count']} libraries" if d.get("scope") == "all" else c.join([e.name for e in entries]))
    scope_zh = (f"这 {d['count']} 个库" if d.get("scope") == "all" else c.join([e.name for e in entries]))
    markers = "".join(c.cite(e) for e in entries)
    if c.zh:
        word = {"sum": "总数", "avg": "平均值", "median": "中位数"}[d["kind"]]
        return f"{scope_zh}的{metric}{word}为 {num(r.value)}{c.date(entries)} {markers}。"
    word = {"sum": "in total", "avg": "on average", "median": "as the median"}[d["kind"]]
    return f"{scope_en[0].upper() + scope_en[1:]} have {num(r.value)} {metric} {word} {c.date(entries)} {markers}."


def _listing(r: Result, c: Composer) -> str:
    names = c.join([c.name(row.entry, c.description(row.entry)) for row in r.rows])
    if c.zh:
        return f"该调查共收录 {len(r.rows)} 个库：{names}。"
    return f"The survey covers {len(r.rows)} libraries: {names}."


def _attribute_list(r: Result, c: Composer) -> str:
    d = r.details
    relation = d["relation"] or SECTION_RELATION.get(d["section"], "capabilities")
    terms = c.join([c.term(t) for t in d["terms"]])
    names = c.join([c.name(row.entry, c.description(row.entry)) for row in r.rows])
    if c.zh:
        phrase = RELATION_ZH[relation].format(t=terms)
        return f"根据该调查，{phrase}有 {len(r.rows)} 个：{names}。" if r.rows else f"该调查没有提到{phrase}。{c.coverage()}"
    if not r.rows:
        return f"The survey doesn't list any library that {RELATION_EN[relation].replace('are ', 'is ')} {terms}. {c.coverage()}"
    verb = RELATION_EN[relation]
    if len(r.rows) == 1:
        verb = {"are built on": "is built on", "run on": "runs on", "are compatible with": "is compatible with",
                "are developed by": "is developed by", "support": "supports"}[verb]
    return f"According to the survey, {len(r.rows)} {'library' if len(r.rows) == 1 else 'libraries'} {verb} {terms}: {names}."


def _attribute_of(r: Result, c: Composer) -> str:
    entry, d = r.rows[0].entry, r.details
    values = c.join([c.term(v) for v in d["values"]])
    name = c.name(entry, c.description(entry))
    if not d["values"]:
        what = {"developed_by": ("由谁开发", "who develops"), "built_on": ("基于什么构建", "what it is built on"),
                "runs_on": ("运行在什么平台上", "what it runs on"), "compatible_with": ("与什么兼容", "what it is compatible with")}
        zh, en = what[d["relation"]]
        return f"该调查没有说明 {name} {zh}。" if c.zh else f"The survey doesn't say {en.replace('it', entry.name, 1)} {name[len(entry.name):].strip()}."
    if c.zh:
        verb = {"developed_by": f"由 {values} 开发", "built_on": f"基于 {values} 构建", "runs_on": f"运行在 {values} 上",
                "compatible_with": f"与 {values} 兼容"}[d["relation"]]
        return f"{name} {verb}。"
    verb = {"developed_by": f"is developed by {values}", "built_on": f"is built on {values}",
            "runs_on": f"runs on {values}", "compatible_with": f"is compatible with {values}"}[d["relation"]]
    return f"{name} {verb}."


def _attribute_check(r: Result, c: Composer) -> str:
    entry, d = r.rows[0].entry, r.details
    terms = c.join([c.term(t) for t in d["terms"]])
    name = c.name(entry, c.description(entry))
    relation = d.get("relation") or "capabilities"
    if r.answered:
        if c.zh:
            verb_zh = {"built_on": f"基于 {terms} 构建", "runs_on": f"运行在 {terms} 上", "compatible_with": f"与 {terms} 兼容",
                       "developed_by": f"由 {terms} 开发"}.get(relation, f"支持 {terms}")
            return f"是的。根据该调查，{name} {verb_zh}。"
        verb = {"built_on": "is built on", "runs_on": "runs on", "compatible_with": "is compatible with",
                "developed_by": "is developed by"}.get(relation, "supports")
        return f"Yes. According to the survey, {name} {verb} {terms}."
    others = c.join([e.name for e in d["others"]])
    if c.zh:
        tail = f"调查中提到具备这一点的是：{others}。" if others else ""
        return f"该调查没有提到 {name} 支持 {terms}。{tail}"
    tail = f" It does say so of {others}." if others else ""
    return f"The survey doesn't say that {name} supports {terms}.{tail}"


def _description(r: Result, c: Composer) -> str:
    entry = r.rows[0].entry
    name = c.name(entry, c.description(entry))
    f = entry.figures
    if c.zh:
        return (f"{name}：{c.description(entry).strip()}\n（调查排名第 {entry.rank}；贡献者 {f.contributors:,}，"
                f"提交 {f.commits:,}，星标 {f.stars:,}，截至 {f.as_of}）") if entry.rank else f"{name}：{c.description(entry).strip()}"
    rank = f"survey rank {entry.rank}; " if entry.rank else ""
    return (f"{name}: {c.description(entry).strip()}\n({rank}{f.contributors:,} contributors, {f.commits:,} commits, "
            f"{f.stars:,} stars as of {f.as_of})")


def _survey_rank(r: Result, c: Composer) -> str:
    entry = r.rows[0].entry
    source = c.catalog.source_of(entry)
    total = sum(1 for e in c.catalog.entries if e.source == source.id)
    title = source.title_en or source.title
    if c.zh:
        return f"在调查《{source.title}》的 {total} 个库中，{c.name(entry)} 排第 {entry.rank}。"
    return f"{c.name(entry)} is number {entry.rank} of the {total} libraries in the survey “{title}”."


def _survey_info(r: Result, c: Composer) -> str:
    parts = []
    for source in c.catalog.sources.values():
        count = sum(1 for e in c.catalog.entries if e.source == source.id)
        if c.zh:
            parts.append(f"《{source.title}》（{source.url}）：{count} 个库，数据为截至 {source.as_of} 的 GitHub 数据")
        else:
            parts.append(f"“{source.title_en or source.title}” ({source.url}): {count} libraries, "
                         f"GitHub data as of {source.as_of}")
    return ("数据来源：" + "；".join(parts) + "。") if c.zh else ("The figures come from " + "; ".join(parts) + ".")


def _open(r: Result, c: Composer) -> str:
    hits = r.details["hits"]
    lead = hits[0]
    sentence = best_sentence(c.description(lead.entry), c.question)
    text = (f"调查中最相关的是 {c.name(lead.entry, sentence, lead.score)}：{sentence}" if c.zh
            else f"The closest match in the survey is {c.name(lead.entry, sentence, lead.score)}: {sentence}")
    others = [h for h in hits[1:]]
    if others:
        names = c.join([c.name(h.entry, best_sentence(c.description(h.entry), c.question), h.score) for h in others])
        text += f"\n另见：{names}。" if c.zh else f"\nSee also {names}."
    return text


def _unanswered(r: Result, c: Composer) -> str:
    d = r.details
    reason = d.get("reason")
    if reason == "unknown_library":
        name = d["name"]
        related = d.get("related") or []
        if related:
            names = c.join([c.name(e) for e in related])
            return (f"{name} 不是该调查收录的库，但调查提到了它：{names} 与它相关。" if c.zh
                    else f"{name} is not one of the survey's libraries, though the survey mentions it: {names} build on or run with it.")
        return (f"该调查没有收录 {name}。{c.coverage()}" if c.zh else f"The survey doesn't cover {name}. {c.coverage()}")
    if reason == "unsupported_metric":
        entry = d.get("entry")
        if entry is not None:
            return (f"该调查没有这项数据。关于 {c.name(entry)}，它只给出贡献者、提交次数和星标数{c.date([entry])}。" if c.zh
                    else f"The survey has no such figure. For {c.name(entry)} it gives only contributors, commits and stars {c.date([entry])}.")
        return ("该调查没有这项数据，只有贡献者、提交次数和星标数。" + c.coverage()) if c.zh else (
            "The survey has no such figure, only contributors, commits and stars. " + c.coverage())
    if reason == "clarify":
        return ("请问是哪个库？" + c.coverage()) if c.zh else ("Which library do you mean? " + c.coverage())
    return ("抱歉，该调查无法回答这个问题。" + c.coverage()) if c.zh else ("Sorry, the survey doesn't answer that. " + c.coverage())


RENDERERS: dict[str, Callable[[Result, Composer], str]] = {
    "figure": _figure, "figures": _figures, "ranking": _ranking, "rank_by_metric": _rank_by_metric,
    "filter": _filter, "comparison": _comparison, "difference": _difference, "aggregate": _aggregate,
    "count": _listing, "list": _listing, "attribute_list": _attribute_list, "attribute_of": _attribute_of,
    "attribute_check": _attribute_check, "description": _description, "survey_rank": _survey_rank,
    "rank_lookup": _survey_rank, "survey_info": _survey_info, "open": _open,
}


def render(result: Result, composer: Composer) -> str:
    if result.details.get("reason") and result.intent not in ("ranking",):
        return _unanswered(result, composer)
    return RENDERERS.get(result.intent, _unanswered)(result, composer)
