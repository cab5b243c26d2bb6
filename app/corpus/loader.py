"""Loads and validates corpus/: sources, vocabulary and library entries, cross-checked with the sources."""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from app.corpus.models import ATTRIBUTE_SECTIONS, SURVEY_METRICS, Corpus, LibraryEntry, SourceMeta, Vocabulary
from app.corpus.parser import parse_survey
from app.errors import CorpusError, SurveyParseError

VOCABULARY_FILE = "vocabulary.yaml"
LIBRARIES_DIR = "libraries"
SOURCES_DIR = "sources"

M = TypeVar("M", bound=BaseModel)
#: libyaml's safe loader when PyYAML has it (same results, ~10x faster: matters at 100,000 entries).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: ASCII bytes that normalize_name drops: all but letters and digits.
_ASCII_PUNCTUATION = bytes(code for code in range(128) if not chr(code).isalnum())


def normalize_name(text: str) -> str:
    """Case-, width- and punctuation-insensitive form of a name ("Fast.AI" -> "fastai")."""
    if text.isascii():  # the same result for ASCII (NFKC keeps it, casefold is lower), faster: start-up does 500,000
        return text.lower().encode().translate(None, _ASCII_PUNCTUATION).decode()
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(filter(str.isalnum, folded))


def _corpus_files(folder: str, prefix: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(path relative to the corpus folder, entry) of every corpus file, hidden ones left out, in the order of
    sorted path parts (each folder's names sorted, depth first). os.scandir rather than pathlib: start-up
    walks 100,000 files at the scale benchmark's largest size."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _corpus_files(entry.path, f"{prefix}{entry.name}/")
        elif entry.is_file():
            yield f"{prefix}{entry.name}", entry


def corpus_hash(corpus_dir: Path) -> str:
    """sha256 over every corpus file's relative path and bytes, in sorted order (of path parts)."""
    digest = hashlib.sha256()
    for relative, entry in _corpus_files(str(corpus_dir)):
        digest.update(relative.encode())
        digest.update(b"\0")
        with open(entry.path, "rb") as handle:
            digest.update(handle.read())
        digest.update(b"\0")
    return digest.hexdigest()


def corpus_signature(corpus_dir: Path, *, settled_s: float = 0.0) -> str | None:
    """sha256 over every corpus file's relative path, size and modification time (ns): what start-up
    compares instead of reading 100,000 files. Any edit changes it; a copy or checkout that changes only
    the times changes it too, and then the contents are hashed (``corpus_hash``) to decide.

    None when a file changed less than ``settled_s`` seconds ago: a second write within the file system's
    timestamp tick could leave its size and time as they were (git's "racy" files)."""
    settled_before = time.time_ns() - int(settled_s * 1e9)
    lines = []
    for relative, entry in _corpus_files(str(corpus_dir)):
        found = entry.stat()
        if settled_s and found.st_mtime_ns >= settled_before:
            return None
        lines.append(f"{relative}\0{found.st_size}\0{found.st_mtime_ns}\0")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def _read_yaml(path: Path, root: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CorpusError(_rel(path, root), None, f"not valid YAML: {exc}") from exc


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return str(path)


def _validate(model: type[M], data: Any, path: Path, root: Path, entry: str | None) -> M:
    if not isinstance(data, dict):
        raise CorpusError(_rel(path, root), entry, "expected a mapping of fields")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(entry)"
        raise CorpusError(_rel(path, root), entry, f"field {where}: {first['msg']}") from exc


def load_corpus(corpus_dir: Path) -> Corpus:
    """Validated corpus. Raises CorpusError naming the file, the entry and the field at the first problem."""
    if not corpus_dir.is_dir():
        raise CorpusError(str(corpus_dir), None, "corpus folder does not exist")
    vocabulary = _load_vocabulary(corpus_dir)
    sources = _load_sources(corpus_dir)
    entries = _load_entries(corpus_dir, vocabulary, {s.id: s for s in sources})
    return Corpus(sources=sources, vocabulary=vocabulary, entries=entries)


def _load_vocabulary(corpus_dir: Path) -> Vocabulary:
    path = corpus_dir / VOCABULARY_FILE
    if not path.is_file():
        raise CorpusError(_rel(path, corpus_dir), None, "missing; it lists the attribute values entries may use")
    vocabulary = _validate(Vocabulary, _read_yaml(path, corpus_dir) or {}, path, corpus_dir, None)
    for metric_id, derived in vocabulary.derived_metrics.items():
        for part in (derived.numerator, derived.denominator):
            if part not in vocabulary.metrics:
                known = sorted(vocabulary.metrics)
                raise CorpusError(_rel(path, corpus_dir), metric_id,
                                  f"field derived_metrics.{metric_id}: {part!r} is not one of metrics {known}")
        for pattern in derived.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                where = f"field derived_metrics.{metric_id}.patterns"
                raise CorpusError(_rel(path, corpus_dir), metric_id,
                                  f"{where}: {pattern!r} is not a valid regex ({exc})") from exc
    return vocabulary


def _load_sources(corpus_dir: Path) -> list[SourceMeta]:
    sources: list[SourceMeta] = []
    for path in sorted((corpus_dir / SOURCES_DIR).glob("*.yaml")):
        meta = _validate(SourceMeta, _read_yaml(path, corpus_dir), path, corpus_dir, path.stem)
        if meta.id != path.stem:
            raise CorpusError(_rel(path, corpus_dir), meta.id, f"field id: must equal the file name {path.stem!r}")
        if not (path.parent / meta.file).is_file():
            raise CorpusError(_rel(path, corpus_dir), meta.id, f"field file: {meta.file} does not exist")
        _check_passages(meta, path, corpus_dir)
        sources.append(meta)
    return sources


def _plain(text: str) -> str:
    """Text without markdown emphasis, escapes and white space: what a quote must match in its document."""
    return re.sub(r"[*_\\\s]+", "", unicodedata.normalize("NFKC", text))


def _check_passages(meta: SourceMeta, path: Path, corpus_dir: Path) -> None:
    if not meta.passages:
        return
    document = _plain((path.parent / meta.file).read_text(encoding="utf-8"))
    seen: set[str] = set()
    for n, passage in enumerate(meta.passages):
        if passage.id in seen:
            raise CorpusError(_rel(path, corpus_dir), passage.id, f"field passages.{n}.id: duplicate passage id")
        seen.add(passage.id)
        for quote in passage.quote:
            if _plain(quote) not in document:
                raise CorpusError(_rel(path, corpus_dir), passage.id,
                                  f"field passages.{n}.quote: {quote[:40]!r} is not in {meta.file}")


def _load_entries(corpus_dir: Path, vocabulary: Vocabulary, sources: dict[str, SourceMeta]) -> list[LibraryEntry]:
    entries: list[LibraryEntry] = []
    seen_ids: dict[str, Path] = {}
    seen_names: dict[str, str] = {}
    parsed_cache: dict[str, dict[int, Any]] = {}
    paths = sorted((corpus_dir / LIBRARIES_DIR).glob("*.yaml"))
    if not paths:
        raise CorpusError(_rel(corpus_dir / LIBRARIES_DIR, corpus_dir), None, "no library entries (*.yaml)")
    for path in paths:
        file = _rel(path, corpus_dir)
        entry = _validate(LibraryEntry, _read_yaml(path, corpus_dir), path, corpus_dir, path.stem)
        if entry.id in seen_ids:
            raise CorpusError(file, entry.id, f"field id: duplicate id, also in {_rel(seen_ids[entry.id], corpus_dir)}")
        if entry.id != path.stem:
            raise CorpusError(file, entry.id, f"field id: must equal the file name {path.stem!r}")
        seen_ids[entry.id] = path
        for name in {normalize_name(n) for n in entry.names()}:
            if not name:
                raise CorpusError(file, entry.id, "field aliases: a name has no letters or digits")
            if name in seen_names:
                raise CorpusError(file, entry.id, f"field aliases: {name!r} is already a name of {seen_names[name]!r}")
            seen_names[name] = entry.id
        _check_attributes(entry, vocabulary, file)
        for metric in entry.figures.values():
            if metric not in vocabulary.metrics:
                known = sorted(vocabulary.metrics)
                raise CorpusError(file, entry.id, f"field figures.{metric}: unknown metric; declare it in "
                                                  f"{VOCABULARY_FILE} under metrics (known: {known})")
        source = sources.get(entry.source)
        if source is None:
            raise CorpusError(file, entry.id, f"field source: unknown source {entry.source!r}")
        if entry.figures.as_of != source.as_of:
            raise CorpusError(
                file, entry.id, f"field figures.as_of: {entry.figures.as_of} but the source is as of {source.as_of}"
            )
        if source.format == "ranked-survey" and entry.rank is not None:
            if source.id not in parsed_cache:
                parsed_cache[source.id] = _parse_source(corpus_dir, source)
            _check_against_source(entry, parsed_cache[source.id], source, file)
        entries.append(entry)
    return sorted(entries, key=lambda e: (e.source, e.rank or 10**9, e.id))


def _check_attributes(entry: LibraryEntry, vocabulary: Vocabulary, file: str) -> None:
    for kind, values in entry.attributes.items():
        known = vocabulary.section(ATTRIBUTE_SECTIONS[kind])
        for value in values:
            if value not in known:
                raise CorpusError(
                    file, entry.id,
                    f"field attributes.{kind}: unknown value {value!r}; add it to {VOCABULARY_FILE} "
                    f"under {ATTRIBUTE_SECTIONS[kind]} or use one of {sorted(known)}",
                )


def _parse_source(corpus_dir: Path, source: SourceMeta) -> dict[int, Any]:
    path = corpus_dir / SOURCES_DIR / source.file
    try:
        parsed = parse_survey(path.read_text(encoding="utf-8"))
    except SurveyParseError as exc:
        raise CorpusError(_rel(path, corpus_dir), None, str(exc)) from exc
    return {item.rank: item for item in parsed}


def _check_against_source(entry: LibraryEntry, parsed: dict[int, Any], source: SourceMeta, file: str) -> None:
    assert entry.rank is not None
    item = parsed.get(entry.rank)
    if item is None:
        raise CorpusError(file, entry.id, f"field rank: source {source.id} has no entry {entry.rank}")
    for metric in SURVEY_METRICS:
        stated = item.figures.get(metric)
        if stated is None:
            raise CorpusError(file, entry.id, f"field figures.{metric}: source {source.id} gives no {metric}")
        if entry.figures.get(metric) is None:
            raise CorpusError(file, entry.id, f"field figures.{metric}: missing, but source {source.id} says {stated}")
        if entry.figures.get(metric) != stated:
            raise CorpusError(
                file, entry.id,
                f"field figures.{metric}: {entry.figures.get(metric)} but source {source.id} says {stated}",
            )
    if entry.url != item.url:
        raise CorpusError(file, entry.id, f"field url: {entry.url!r} but source {source.id} links {item.url!r}")
