"""The vectorised catalog against a plain Python evaluation of the same scopes, on 3,000 synthetic entries."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import yaml

from app.corpus.loader import load_corpus
from app.corpus.models import Corpus, LibraryEntry, SourceMeta
from app.corpus.synth import SOURCE_ID, synthetic_entries
from app.engine.catalog import Catalog
from app.engine.plan import AttributeFilter, MetricFilter, MetricVersus, RankSlice, Scope

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    corpus = load_corpus(REPO / "corpus")
    vocabulary = yaml.safe_load((REPO / "corpus" / "vocabulary.yaml").read_text(encoding="utf-8"))
    extra = [LibraryEntry.model_validate(e) for e in synthetic_entries(3000, vocabulary, "2018-10-23", set(), seed=7)]
    source = SourceMeta(id=SOURCE_ID, title="Synthetic", file="s.md", language="en", as_of=corpus.sources[0].as_of,
                        format="text")
    return Catalog(Corpus(sources=[*corpus.sources, source], vocabulary=corpus.vocabulary,
                          entries=[*corpus.entries, *extra]))


def plain(catalog: Catalog, scope: Scope) -> list[LibraryEntry]:
    """The obvious evaluation: every entry, every predicate, in Python."""
    ops = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}
    kept = []
    for e in catalog.entries:
        f = e.figures
        ok = all((m.value <= f.get(m.metric) <= (m.high or 0)) if m.op == "between"
                 else ops[m.op](f.get(m.metric), m.value) for m in scope.metrics)
        ok = ok and all((f.get(v.left) > f.get(v.right)) == (v.op == ">") for v in scope.versus)
        for a in scope.attributes:
            held = [any(t in values for _, values in e.attributes.items()) for t in a.terms]
            has = any(held) if a.any_of else all(held)
            ok = ok and (has != a.negated)
        if ok:
            kept.append(e)
    return kept


def random_scope(rng: random.Random) -> Scope:
    metric = rng.choice(["stars", "commits", "contributors"])
    low = rng.choice([10, 100, 1000, 5000])
    filters = [MetricFilter(metric=metric, op=rng.choice([">", ">=", "<", "<="]), value=low)]
    if rng.random() < 0.5:
        filters.append(MetricFilter(metric="stars", op="between", value=100, high=rng.choice([2000, 50000])))
    attributes = [AttributeFilter(terms=[rng.choice(["keras", "gpu", "spark", "cnn"])], negated=rng.random() < 0.5)]
    versus = [MetricVersus(left="commits", op=">", right="stars")] if rng.random() < 0.3 else []
    return Scope(metrics=filters, attributes=attributes, versus=versus)


def test_masks_and_orders_match_a_plain_evaluation(catalog: Catalog) -> None:
    rng = random.Random(3)
    for _ in range(60):
        scope = random_scope(rng)
        expected = plain(catalog, scope)
        assert catalog.ids(catalog.mask(scope)) == [e.id for e in expected]
        metric = rng.choice(["stars", "commits", "commits_per_contributor"])
        order = rng.choice(["asc", "desc"])
        sign = -1 if order == "desc" else 1
        by_hand = sorted(expected, key=lambda e: (sign * catalog.measures.value(e, metric, exact=True),
                                                  catalog.position[e.id]))
        assert catalog.ids(catalog.mask(scope), metric, order, limit=25) == [e.id for e in by_hand[:25]]


def test_a_slice_is_taken_before_exclusions(catalog: Catalog) -> None:
    top5 = catalog.ids(catalog.mask(Scope()), "commits", "desc", limit=5)
    scope = Scope(slice=RankSlice(metric="commits", n=5), exclude=[top5[0]])
    assert catalog.ids(catalog.mask(scope), "commits") == top5[1:]


def test_columns_hold_each_entrys_value_derived_ones_included(catalog: Catalog) -> None:
    """The columns are built in one pass and divided as arrays: they must equal ``value`` entry by entry,
    NaN where it gives None (a missing figure, or no contributors to divide by)."""
    lacking = catalog.entries[0].model_copy(update={"figures": catalog.entries[0].figures.model_copy(
        update={"contributors": 0})})
    entries = [*catalog.entries[:500], lacking]
    columns = catalog.measures.columns(entries)
    assert list(columns) == list(catalog.measures.by_id)
    for metric, column in columns.items():
        expected = [catalog.measures.value(e, metric, exact=True) for e in entries]
        assert [None if np.isnan(v) else v for v in column.tolist()] == expected
    assert np.isnan(columns["commits_per_contributor"][-1])
