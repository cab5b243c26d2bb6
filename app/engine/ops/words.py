"""Words for a scope in an answer: "with more than 10,000 stars and built on Keras" / "星标超过 10,000、基于 Keras"."""

from __future__ import annotations

from app.engine.compose import OP_EN, OP_ZH, Composer, num
from app.engine.plan import Scope

RELATION_EN = {"built_on": "built on", "runs_on": "running on", "compatible_with": "compatible with",
               "developed_by": "developed by", None: "supporting or using"}
RELATION_ZH = {"built_on": "基于 {t}", "runs_on": "运行在 {t} 上", "compatible_with": "与 {t} 兼容",
               "developed_by": "由 {t} 开发", None: "支持或使用 {t}"}


def scope_words(scope: Scope, c: Composer, *, with_names: bool = True) -> str:
    """The restriction of a scope in words, or "" when it has none."""
    parts: list[str] = []
    for f in scope.metrics:
        metric = c.metric(f.metric)
        if f.op == "between":
            parts.append(f"{metric}在 {num(f.value)} 到 {num(f.high)} 之间" if c.zh
                         else f"between {num(f.value)} and {num(f.high)} {metric}")
        elif f.op == "==":
            parts.append(f"{metric}为 {num(f.value)}" if c.zh else f"exactly {num(f.value)} {metric}")
        else:
            parts.append(f"{metric}{OP_ZH[f.op]} {num(f.value)}" if c.zh else f"{OP_EN[f.op]} {num(f.value)} {metric}")
    for rv in scope.rank_versus:
        parts.append(f"按{c.metric(rv.higher)}的排名高于按{c.metric(rv.lower)}的排名" if c.zh
                     else f"placed higher by {c.metric(rv.higher)} than by {c.metric(rv.lower)}")
    for v in scope.versus:
        times = "" if v.factor == 1 else (f"的 {num(v.factor)} 倍" if c.zh else f"{num(v.factor)} times ")
        more = v.op.startswith(">")
        if c.zh:
            said = {">": "多于", "<": "少于", ">=": "至少是", "<=": "至多是"}[v.op]
            parts.append(f"{c.metric(v.left)}{said}{c.metric(v.right)}{times}")
        elif v.factor != 1:
            bound = {">": "more than", "<": "fewer than", ">=": "at least", "<=": "at most"}[v.op]
            parts.append(f"{c.metric(v.left)} {bound} {times}their {c.metric(v.right)}")
        else:
            parts.append(f"{'more' if more else 'fewer'} {c.metric(v.left)} than {c.metric(v.right)}")
    for a in scope.attributes:
        if a.relation == "surveyed":
            parts.append(("不基于调查中的另一个库" if a.negated else "基于调查中的另一个库") if c.zh
                         else ("not built on another library of the survey" if a.negated
                               else "built on another library of the survey"))
            continue
        if a.relation == "link":
            parts.append(("调查中没有附链接" if a.negated else "调查中附有链接") if c.zh
                         else ("without a link in the survey" if a.negated else "with a link in the survey"))
            continue
        labels = [c.term(t) for t in a.terms]
        terms = (("或" if c.zh else " or ").join(labels)) if a.any_of else c.join(labels)
        if c.zh:
            parts.append(("不" if a.negated else "") + RELATION_ZH[a.relation].format(t=terms))
        else:
            parts.append(("not " if a.negated else "") + f"{RELATION_EN[a.relation]} {terms}")
    if scope.positions is not None:
        p = scope.positions
        parts.append(f"调查排名第 {p.low} 到第 {p.high} 名" if c.zh else f"ranked {p.low} to {p.high} in the survey")
    for s in ([scope.slice] if scope.slice is not None else []) + scope.more_slices:
        if c.zh:
            top = f"{c.metric(s.metric)}{'最少' if s.order == 'asc' else '最多'}的 {s.n} 个"
            parts.append(f"不在{top}之列" if s.negated else top)
        else:
            top = f"the {s.n} with the {'fewest' if s.order == 'asc' else 'most'} {c.metric(s.metric)}"
            parts.append(f"not among {top}" if s.negated else f"among {top}")
    if scope.previous is not None:
        parts.append("上一个回答列出" if c.zh else "among those in the previous answer")
    if scope.exclude:
        names = c.join([c.catalog.get(i).name for i in scope.exclude if i in c.catalog.by_id])
        parts.append(f"{names} 除外" if c.zh else f"other than {names}")
    if with_names and scope.libraries:
        names = c.join([c.catalog.get(i).name for i in scope.libraries if i in c.catalog.by_id])
        parts.append(f"在 {names} 中" if c.zh else f"among {names}")
    if c.zh:
        return "、".join(parts)
    return " and ".join(parts)


def scope_noun(scope: Scope, c: Composer, count: int | None = None) -> str:
    """ "the libraries with more than 10,000 stars" / "星标超过 10,000 的库"; "the N libraries" when unrestricted."""
    words = scope_words(scope, c)
    if c.zh:
        return f"{words}的库" if words else (f"这 {count} 个库" if count is not None else "所有库")
    if not words:
        return f"the {count} libraries" if count is not None else "all libraries"
    return f"the libraries {lead(words)}{words}"


def lead(words: str) -> str:
    """ "with " before scope words that need it ("with more than 10,000 stars"), "" before those that read on
    their own ("built on Keras", "ranked 9 to 13 in the survey")."""
    return "" if words.startswith(("among", "other than", "built", "running", "compatible", "developed", "supporting",
                                   "not ", "with", "without", "ranked", "placed")) else "with "
