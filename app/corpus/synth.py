"""Synthetic corpora for scale tests: the real corpus plus generated library entries, deterministic per seed.

Each generated entry has a pronounceable unique name, aliases (a ``-py`` form, and for a fifth of them a
Chinese name), English and Chinese descriptions built from word lists, attributes drawn from the real
vocabulary and log-uniform GitHub figures. Entries are written as JSON, which is YAML, because emitting
100,000 files with PyYAML alone takes minutes.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from app.corpus.loader import LIBRARIES_DIR, SOURCES_DIR, VOCABULARY_FILE, normalize_name

SOURCE_ID = "synthetic"
SYLLABLES = (
    "ka ve lo ri tan mor quil zen dra fex gor hal jin kor lum nev ort pax qua rhe sil tor umb vek wyn xal yor zeb "
    "bri cal dun eph fro gly hex ist jov kyl mab nox oph pyr rud syl tek ulm vor wex"
).split()
EN_WORDS = (
    "tensor graph gradient layer kernel batch training inference model network sparse dense convolution "
    "recurrent attention embedding optimizer scheduler pipeline dataset loader compiler runtime cluster "
    "distributed parallel mobile browser quantized pruning federated reinforcement generative vision speech "
    "language tabular time-series anomaly recommendation ranking retrieval probabilistic bayesian symbolic "
    "automatic differentiation benchmark profiler visualisation export serving edge device accelerator"
).split()
ZH_WORDS = (
    "张量 计算图 梯度 网络层 卷积 循环 注意力 嵌入 优化器 调度器 流水线 数据集 编译器 运行时 集群 分布式 并行 "
    "移动端 量化 剪枝 联邦学习 强化学习 生成模型 视觉 语音 语言 表格 时间序列 异常检测 推荐 排序 检索 概率 贝叶斯 "
    "符号 自动微分 基准 可视化 部署 边缘设备 加速器"
).split()
ZH_CHARS = "凯维洛瑞坦莫奎森德菲戈哈金科卢内奥帕夸瑟西托安沃温克萨约泽布卡敦埃弗格赫伊若凯玛诺欧皮鲁斯特乌"
TEMPLATES_EN = (
    "{name} is a library for {a} and {b}, with {c} support.",
    "{name} provides {a} {b} for {c} workloads.",
    "{name} focuses on {a}, {b} and fast {c}.",
)
TEMPLATES_ZH = ("{name} 是一个用于{a}和{b}的库，支持{c}。", "{name} 提供{a}与{b}，面向{c}场景。")


def _names(count: int, taken: set[str], rng: random.Random) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((3, 3, 4)))).capitalize()
        key = normalize_name(name)
        if key not in taken and f"{key}py" not in taken:
            taken.update((key, f"{key}py"))
            names.append(name)
    return names


def _zh_name(taken: set[str], rng: random.Random) -> str:
    while True:
        name = "".join(rng.choice(ZH_CHARS) for _ in range(rng.choice((3, 4))))
        if name not in taken:
            taken.add(name)
            return name


def synthetic_entries(count: int, vocabulary: dict[str, dict[str, object]], as_of: str,
                      taken: set[str], seed: int = 0) -> list[dict[str, Any]]:
    """``count`` entries as plain dicts (the YAML fields), names disjoint from ``taken`` (normalised)."""
    rng = random.Random(seed)
    sections = {
        kind: sorted(vocabulary.get(section) or {})
        for kind, section in (("built_on", "technologies"), ("runs_on", "technologies"),
                              ("compatible_with", "technologies"), ("developed_by", "organizations"),
                              ("capabilities", "capabilities"), ("model_families", "model_families"))
    }
    entries: list[dict[str, Any]] = []
    for number, name in enumerate(_names(count, taken, rng)):
        aliases = [f"{name.lower()}-py"]
        if rng.random() < 0.2:
            aliases.append(_zh_name(taken, rng))
        words = rng.sample(EN_WORDS, 3)
        zh = rng.sample(ZH_WORDS, 3)
        attributes = {kind: sorted(rng.sample(values, rng.choice((0, 1, 1, 2))))
                      for kind, values in sections.items() if values}
        contributors = int(10 ** rng.uniform(0, 3.3))
        entries.append({
            "id": f"{normalize_name(name)}-{number}",
            "name": name,
            "aliases": aliases,
            "source": SOURCE_ID,
            "rank": None,
            "url": f"https://github.com/synthetic/{name.lower()}",
            "figures": {"contributors": contributors, "commits": int(contributors * 10 ** rng.uniform(0.5, 2)),
                        "stars": int(10 ** rng.uniform(1, 5)), "as_of": as_of},
            "description_en": rng.choice(TEMPLATES_EN).format(name=name, a=words[0], b=words[1], c=words[2]),
            "description_zh": rng.choice(TEMPLATES_ZH).format(name=name, a=zh[0], b=zh[1], c=zh[2]),
            "attributes": {kind: values for kind, values in attributes.items() if values},
        })
    return entries


def write_synthetic_corpus(base: Path, target: Path, total: int, seed: int = 0) -> int:
    """Copy the corpus at ``base`` to ``target`` and add entries until it holds ``total``; returns how many
    were added (none when ``total`` is at most the base's size)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(base, target)
    real = [yaml.load(p.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            for p in sorted((base / LIBRARIES_DIR).glob("*.yaml"))]
    vocabulary = yaml.safe_load((base / VOCABULARY_FILE).read_text(encoding="utf-8")) or {}
    as_of = str(real[0]["figures"]["as_of"]) if real else "2018-10-23"
    taken = {normalize_name(n) for e in real for n in [e["name"], *(e.get("aliases") or [])]}
    for section in vocabulary.values():  # no generated name may read as a vocabulary term either
        for term in (section or {}).values():
            taken.update(normalize_name(w) for w in [term["en"], term["zh"], *term.get("synonyms", [])])
    added = max(0, total - len(real))
    (target / SOURCES_DIR / f"{SOURCE_ID}.md").write_text("Generated entries for scale tests.\n", encoding="utf-8")
    (target / SOURCES_DIR / f"{SOURCE_ID}.yaml").write_text(json.dumps({
        "id": SOURCE_ID, "title": "Synthetic libraries", "file": f"{SOURCE_ID}.md", "url": None, "language": "en",
        "as_of": as_of, "format": "text"}) + "\n", encoding="utf-8")
    folder = target / LIBRARIES_DIR
    for entry in synthetic_entries(added, vocabulary, as_of, taken, seed):
        (folder / f"{entry['id']}.yaml").write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    return added
