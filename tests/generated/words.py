"""Surface words for the generated questions: library names, metric nouns, numbers and the traditional-Chinese step."""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from tests.generated.gold import Library

EN, ZH, HANT = "en", "zh", "zh-Hant"
FORMAL, CHATTY = "formal", "chatty"

# English nouns per metric: (formal choices, chatty choices).
EN_METRIC = {
    "stars": (["stars", "GitHub stars"], ["stars"]),
    "commits": (["commits"], ["commits"]),
    "contributors": (["contributors"], ["contributors", "devs"]),
    "commits_per_contributor": (["commits per contributor"], ["commits per contributor"]),
    "stars_per_contributor": (["stars per contributor"], ["stars per contributor"]),
    "stars_per_commit": (["stars per commit"], ["stars per commit"]),
}
# Chinese nouns per metric: "full" reads after 的 ("…的星标数是多少"), "short" before 最多 / 超过,
# "counted" after a number ("超过2万星", "1000次提交").
ZH_METRIC = {
    "stars": {"full": ["星标数", "星数", "star数"], "short": ["星标", "星标数", "星数"],
              "counted": ["星", "个星标"], "have": ["星标", "个星标", "star"]},
    "commits": {"full": ["提交次数", "提交数"], "short": ["提交次数", "提交数", "提交"], "counted": ["次提交"],
                "have": ["次提交", "提交"]},
    "contributors": {"full": ["贡献者人数", "贡献者数量"], "short": ["贡献者", "贡献者人数"],
                     "counted": ["个贡献者", "名贡献者"], "have": ["贡献者", "个贡献者", "位贡献者"]},
    "commits_per_contributor": {"full": ["人均提交次数", "每个贡献者的提交数"], "short": ["人均提交", "人均提交次数"]},
    "stars_per_contributor": {"full": ["人均星标数", "每个贡献者的星标数"], "short": ["人均星标数"]},
    "stars_per_commit": {"full": ["每次提交的星标数"], "short": ["每次提交的星标数"]},
}
ZH_DIGITS = "零一两三四五六七八九十"
ZH_ORDINALS = "零一二三四五六七八九十"
EN_ORDINALS = {2: ("second", "2nd"), 3: ("third", "3rd"), 4: ("fourth", "4th"), 5: ("fifth", "5th")}
EN_SURVEY_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                      "eleventh", "twelfth", "thirteenth"]


def is_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def library_name(lib: Library, language: str, style: str, rng: random.Random) -> str:
    """The name or an alias as a person would type it: as written when formal, often lower-cased when chatty."""
    names = [lib.name, *(alias for alias in lib.aliases if alias.lower() != lib.name.lower())]
    if language == EN:
        names = [name for name in names if not is_cjk(name)]
    name = rng.choice(names)
    if style == CHATTY and not is_cjk(name):
        roll = rng.random()
        if roll < 0.5:
            name = name.lower()
        elif roll < 0.6 and len(name) <= 7:
            name = name.upper()
    return name


def metric_word(metric: str, language: str, style: str, rng: random.Random, form: str = "short") -> str:
    if language == EN:
        formal, chatty = EN_METRIC[metric]
        return rng.choice(chatty if style == CHATTY else formal)
    forms = ZH_METRIC[metric]
    return rng.choice(forms.get(form) or forms["short"])


def number_forms(n: float, language: str, style: str) -> dict[str, str]:
    """Ways to write n, by kind: 10000 as 10000, 10,000, 10k (en) or 10000, 1万, 一万, 1w (zh); 1500 as 1.5k."""
    if n != int(n):
        return {"plain": f"{n:g}"}
    n = int(n)
    if language == EN:
        forms = {"comma": f"{n:,}"} if n >= 1000 else {"plain": str(n)}
        if n >= 1000 and n % 100 == 0:
            forms["k"] = f"{n / 1000:g}k"
        if style == CHATTY and n >= 1000:
            forms["plain"] = str(n)
        return forms
    forms = {"plain": str(n)}
    if n >= 10000 and n % 1000 == 0:
        if style == CHATTY:  # chatty Chinese writes 2w where formal writes 2万
            forms["w"] = f"{n / 10000:g}w"
        else:
            forms["wan"] = f"{n / 10000:g}万"
        if n % 10000 == 0 and n // 10000 <= 9:
            forms["numeral"] = ZH_DIGITS[n // 10000] + "万"
    elif n >= 1000 and n % 1000 == 0:
        forms["wan"] = f"{n // 1000}千"
        forms["numeral"] = ZH_DIGITS[n // 1000] + "千"
    elif n == 100:
        forms["numeral"] = "一百"
    return forms


def numbers(values: list[float], language: str, style: str, rng: random.Random) -> list[str]:
    """Several numbers written the same way where they can be (1千到1万, 一千到一万), else plainly."""
    forms = [number_forms(value, language, style) for value in values]
    kinds = sorted(set.intersection(*(set(form) for form in forms)) or {"plain"})
    kind = rng.choice(kinds)
    return [form.get(kind) or form.get("plain") or next(iter(form.values())) for form in forms]


def number(n: float, language: str, style: str, rng: random.Random) -> str:
    forms = number_forms(n, language, style)
    if "w" in forms and rng.random() < 0.5:  # the form chatty Chinese uses most
        return forms["w"]
    return rng.choice(sorted(forms.values()))


def zh_count(n: int, rng: random.Random) -> str:
    """A small count as a Chinese numeral or digits (前三 / 前3)."""
    return rng.choice([ZH_DIGITS[n], str(n)])


@cache
def converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def traditional(text: str, rng: random.Random) -> str:
    """Simplified to traditional Chinese: opencc's plain s2t, or s2twp with Taiwan phrasing (支持 → 支援)."""
    return str(converter(rng.choice(["s2t", "s2twp"])).convert(text))
