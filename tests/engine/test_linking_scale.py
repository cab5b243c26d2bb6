"""The indexed entity linker against the former scan of every name: same mentions on a synthetic corpus of
2,000 entries (typos, Chinese names, overlaps), and a cost per question that does not grow with the corpus."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from app.corpus.loader import load_corpus
from app.corpus.models import Corpus
from app.corpus.synth import write_synthetic_corpus
from app.engine.linking import EntityLinker
from app.engine.text import normalize
from app.settings import REPO_ROOT
from tests.engine.linking_reference import ReferenceLinker


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    target = tmp_path_factory.mktemp("synth") / "corpus"
    write_synthetic_corpus(REPO_ROOT / "corpus", target, 2000, seed=7)
    return load_corpus(target)


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word))
    edit = rng.choice(("drop", "swap", "replace", "insert"))
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return word[:i] + letter + (word[i + 1 :] if edit == "replace" else word[i:])


def questions(corpus: Corpus, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = [n for e in corpus.entries for n in e.names()]
    terms = [t for s in ("technologies", "organizations", "capabilities") for term in
             corpus.vocabulary.section(s).values() for t in (term.en, term.zh, *term.synonyms)]
    shapes = [
        "How many stars does {a} have?", "Compare {a} and {b}", "{a}和{b}哪个星标多？", "Is {a} built on {t}?",
        "which libs like {a} run on {t}", "{a}{b}", "tell me about {a}'s commits", "{t} {a} {b} {a}",
        "what's {a} vs {b} vs {c}", "哪些库支持{t}？像{a}那样", "library for federated pipelines on edge devices",
    ]
    out = []
    for _ in range(count):
        picks = [rng.choice(names) for _ in range(3)]
        if rng.random() < 0.5:
            picks = [" ".join(typo(w, rng) for w in p.split()) for p in picks]
        out.append(rng.choice(shapes).format(a=picks[0], b=picks[1], c=picks[2], t=rng.choice(terms)))
    return out


def test_indexed_linker_equals_the_scan_of_every_name(synthetic: Corpus) -> None:
    fast, slow = EntityLinker(synthetic), ReferenceLinker(synthetic)
    asked = questions(synthetic, 600, seed=1)
    differing = [q for q in asked if fast.link(normalize(q)) != slow.link(normalize(q))]
    assert not differing, differing[:5]
    linked = [fast.link(normalize(q)) for q in asked]
    assert sum(1 for link in linked if any(m.fuzzy for m in link.libraries)) >= 50  # the fuzzy step was exercised
    assert sum(1 for q, link in zip(asked, linked, strict=True) if "哪" in q and link.libraries) >= 10


def test_indexed_linker_equals_the_scan_on_the_real_corpus() -> None:
    corpus = load_corpus(REPO_ROOT / "corpus")
    fast, slow = EntityLinker(corpus), ReferenceLinker(corpus)
    for text in (Path(REPO_ROOT / "tests" / "data" / name).read_text(encoding="utf-8")
                 for name in ("questions.yaml", "holdout.yaml")):
        for line in text.splitlines():
            if 'q: "' in line:
                question = normalize(line.split('q: "', 1)[1].split('"', 1)[0])
                assert fast.link(question) == slow.link(question), question


def test_linking_cost_does_not_grow_with_the_corpus(synthetic: Corpus) -> None:
    small = EntityLinker(load_corpus(REPO_ROOT / "corpus"))
    large = EntityLinker(synthetic)
    asked = [normalize(q) for q in questions(synthetic, 200, seed=2)]

    def cost(linker: EntityLinker) -> float:
        started = time.perf_counter()
        for q in asked:
            linker.link(q)
        return time.perf_counter() - started

    cost(small), cost(large)
    slow = ReferenceLinker(synthetic)
    started = time.perf_counter()
    for q in asked:
        slow.link(q)
    scan = time.perf_counter() - started
    # 2,000 entries against 13: the scan grows with the names; the index stays within a small factor.
    assert min(cost(large) for _ in range(3)) < scan / 5
