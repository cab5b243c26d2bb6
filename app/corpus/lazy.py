"""Entries read from the index's corpus.json on demand: the build validated every entry and the file passed
its checksum, so start-up keeps the parsed JSON and makes an entry the first time one is asked for. At 100,000
entries that saves about a second of start-up (validating them all took 1.6 s against 0.7 s for the JSON);
what start-up needs of every entry (ids, names, a field) is read from the JSON itself."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from app.corpus.models import LibraryEntry


class LazyEntries(Sequence[LibraryEntry]):
    def __init__(self, raw: list[dict[str, Any]]) -> None:
        self._raw = raw
        self._made: list[LibraryEntry | None] = [None] * len(raw)
        self.ids: list[str] = [item["id"] for item in raw]

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, index: int) -> LibraryEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[LibraryEntry]: ...

    def __getitem__(self, index: int | slice) -> LibraryEntry | list[LibraryEntry]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        entry = self._made[index]
        if entry is None:  # two threads may both make it: the same value, either one kept
            entry = self._made[index] = LibraryEntry.model_validate(self._raw[index])
        return entry

    def __iter__(self) -> Iterator[LibraryEntry]:
        return (self[i] for i in range(len(self)))

    def names_of(self, index: int) -> list[str]:
        """What ``LibraryEntry.names()`` returns, without making the entry."""
        item = self._raw[index]
        return [item["name"], *item.get("aliases", [])]

    def field(self, index: int, key: str) -> Any:
        """A top-level field as stored (``rank``, ``source``, ``name``), without making the entry."""
        return self._raw[index].get(key)

    def attributes_of(self, index: int) -> dict[str, list[str]]:
        return self._raw[index].get("attributes") or {}
