"""Entries made on demand from corpus.json equal the validated ones, and what start-up reads of every entry
(ids, names, fields, attributes) never makes one."""

from __future__ import annotations

import json

from app.corpus.lazy import LazyEntries
from app.corpus.loader import load_corpus
from app.engine.catalog import Catalog, CatalogTables
from app.engine.linking import EntityLinker
from app.engine.metrics import Measures
from app.settings import Settings


def test_lazy_entries_equal_validated_ones_and_start_up_makes_none() -> None:
    corpus = load_corpus(Settings().corpus_dir)
    raw = json.loads(corpus.model_dump_json())
    lazy = LazyEntries(raw["entries"])
    lazy_corpus = corpus.model_construct(sources=corpus.sources, vocabulary=corpus.vocabulary, entries=lazy)
    tables = CatalogTables.compute(corpus.entries, Measures(corpus))  # as the index build writes them
    catalog, linker = Catalog(lazy_corpus, tables), EntityLinker(lazy_corpus)
    assert lazy._made.count(None) == len(lazy)  # ids, names, fields and attributes came from the JSON
    assert catalog.ids_at == [e.id for e in corpus.entries]
    assert [catalog.names_of(i) for i in range(catalog.size)] == [e.names() for e in corpus.entries]
    assert [catalog.field(i, "rank") for i in range(catalog.size)] == [e.rank for e in corpus.entries]
    assert linker.link("pytorch vs tensorflow").libraries[0].key == "pytorch"
    assert list(lazy) == list(corpus.entries) and lazy[1:3] == corpus.entries[1:3]
    assert catalog.by_id["theano"] == corpus.entries[catalog.position["theano"]] and "keras" not in catalog.by_id
