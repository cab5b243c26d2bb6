"""Numbers as people write them: 5,000 / 5000 / 5k / 2w / 1.5万 / 一万 / 两千五百 / ten thousand."""

from __future__ import annotations

import math
import re

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_SUFFIX = {"w": 10_000, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000, "千": 1_000, "万": 10_000,
           "百": 100, "hundred": 100, "亿": 100_000_000}
_EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100, "a thousand": 1000,
}

_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
ZH_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
NUMBER_PATTERN = re.compile(
    r"(?P<arabic>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:(?P<suffix_zh>千|万|百|亿)|(?P<suffix>k|w|thousand|million|m|hundred)?(?![a-z]))"
    r"|(?P<zh>[零〇一二两三四五六七八九十百千万亿]+)"
    r"|\b(?P<en>(?:a |one |two |three |four |five |six |seven |eight |nine |ten |twenty |fifty )?"
    r"(?:hundred|thousand|million)"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty|thirty|forty|fifty)\b"
)


def parse_chinese_numeral(text: str) -> int | None:
    """一万 -> 10000, 两千五百 -> 2500, 两万五 -> 25000, 十五 -> 15, 三 -> 3; None when it is not a numeral."""
    if not text or any(ch not in ZH_NUMERAL for ch in text):
        return None
    total, section, digit = 0, 0, 0
    if len(text) >= 3 and text[-1] in _ZH_DIGITS and text[-1] not in "零〇" and text[-2] in "百千万亿" \
            and text[-3] in _ZH_DIGITS:  # "两万五" is 25,000 and "一千五" 1,500: the next unit down, left unsaid
        unit = {**_ZH_UNITS, **_ZH_BIG}[text[-2]]
        head = parse_chinese_numeral(text[:-1])
        return head + _ZH_DIGITS[text[-1]] * unit // 10 if head is not None else None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            section += (digit or 1) * _ZH_UNITS[ch]
            digit = 0
        else:
            total = ((total + section + digit) or 1) * _ZH_BIG[ch]
            section, digit = 0, 0
    return total + section + digit


def _english(text: str) -> int:
    words = text.split()
    value = 1
    for word in words:
        if word == "a":
            continue
        if word in _SCALE:
            value *= _SCALE[word]
        else:
            value = _EN_WORDS[word]
    return value


def parse_number(match: re.Match[str]) -> int | None:
    if match.group("arabic"):
        value = float(match.group("arabic").replace(",", ""))
        suffix = match.group("suffix") or match.group("suffix_zh")
        if suffix:
            value *= _SUFFIX[suffix]
        return round(value) if math.isfinite(value) else None  # "9" * 400 is not a threshold anyone means
    if match.group("zh"):
        return parse_chinese_numeral(match.group("zh"))
    if match.group("en"):
        return _english(match.group("en"))
    return None


DATE = re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?")


def find_numbers(text: str) -> list[tuple[int, int, int]]:
    """(value, start, end) of every number in a normalised text."""
    found = []
    dates = [m.span() for m in DATE.finditer(text)]  # "on 2018-10-23": a date, not thresholds of 2018 and 10
    for match in NUMBER_PATTERN.finditer(text):
        if any(a <= match.start() < b for a, b in dates):
            continue
        value = parse_number(match)
        if value is not None:
            found.append((value, match.start(), match.start() + len(match.group(0).rstrip())))
    return found


def small_number(token: str) -> int | None:
    """A count such as '5', 'five' or '五' (for "top five", "前五")."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    if token in _EN_WORDS:
        return _EN_WORDS[token]
    return parse_chinese_numeral(token)
