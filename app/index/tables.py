"""The catalog's tables in the index: written by the build, read at start-up instead of walking every entry.

``catalog/`` holds one JSON file naming the measures and attribute keys, and one .npy file per kind of
array (a row per measure or per attribute key, a column per entry), so the files are plain, checksummed in
the manifest like the rest, and identical from one build of the same corpus to the next.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from app.engine.catalog import CatalogTables
from app.errors import IndexCorruptError, IndexOutOfDateError

TABLES_DIR = "catalog"
NAMES_FILE = "tables.json"
#: file -> dtype; columns, desc and asc hold a row per measure, has a row per attribute key
ARRAYS = {"columns": np.float64, "desc": np.int64, "asc": np.int64, "rank": np.float64, "linked": np.bool_,
          "has": np.bool_}
TABLE_FILES = (NAMES_FILE, *(f"{name}.npy" for name in ARRAYS))


def _rows(arrays: list[np.ndarray], size: int, dtype: type) -> np.ndarray:
    return np.stack(arrays) if arrays else np.zeros((0, size), dtype=dtype)


def write_tables(index_dir: Path, tables: CatalogTables, size: int) -> None:
    folder = index_dir / TABLES_DIR
    folder.mkdir()
    measures, keys = list(tables.columns), list(tables.has)
    names = {"size": size, "measures": measures, "attributes": [list(key) for key in keys]}
    (folder / NAMES_FILE).write_text(json.dumps(names, ensure_ascii=False, indent=1) + "\n")
    arrays = {
        "columns": _rows([tables.columns[m] for m in measures], size, np.float64),
        "desc": _rows([tables.desc[m] for m in measures], size, np.int64),
        "asc": _rows([tables.asc[m] for m in measures], size, np.int64),
        "rank": tables.rank,
        "linked": tables.linked,
        "has": _rows([tables.has[key] for key in keys], size, np.bool_),
    }
    for name, array in arrays.items():
        np.save(folder / f"{name}.npy", np.ascontiguousarray(array, dtype=ARRAYS[name]), allow_pickle=False)


def read_tables(index_dir: Path, size: int, measures: list[str]) -> CatalogTables:
    """The tables of a checked index, their measures in the order of ``measures`` (the vocabulary's order in
    corpus.json, whose keys are sorted, can differ from the build's); refuses files whose shapes or names do
    not fit ``size`` entries and these measures, naming the file and what to run."""
    folder = index_dir / TABLES_DIR
    where = f"{TABLES_DIR}/{NAMES_FILE}"
    if not (folder / NAMES_FILE).is_file():
        raise IndexOutOfDateError(str(index_dir), f"it has no catalog tables ({where})")
    try:
        names = json.loads((folder / NAMES_FILE).read_text(encoding="utf-8"))
        keys = [(str(kind), str(term)) for kind, term in names["attributes"]]
        stored, count = list(names["measures"]), int(names["size"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(str(index_dir), f"{where} could not be read ({exc.__class__.__name__}: {exc})") \
            from exc
    if count != size or sorted(stored) != sorted(measures):
        raise IndexCorruptError(str(index_dir), f"{where} does not describe this corpus's {size} entries and "
                                f"measures")
    rows = {"columns": len(stored), "desc": len(stored), "asc": len(stored), "has": len(keys)}
    arrays = {}
    for name, dtype in ARRAYS.items():
        path = folder / f"{name}.npy"
        try:
            array = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise IndexCorruptError(str(index_dir), f"{TABLES_DIR}/{path.name} could not be read "
                                    f"({exc.__class__.__name__}: {exc})") from exc
        shape = (rows[name], size) if name in rows else (size,)
        if array.shape != shape or array.dtype != dtype:
            raise IndexCorruptError(str(index_dir), f"{TABLES_DIR}/{path.name} holds {array.dtype} {array.shape}, "
                                    f"expected {np.dtype(dtype)} {shape}")
        arrays[name] = array
    row = {measure: i for i, measure in enumerate(stored)}  # the build's order; the dicts take the caller's
    return CatalogTables(
        columns={m: arrays["columns"][row[m]] for m in measures},
        desc={m: arrays["desc"][row[m]] for m in measures},
        asc={m: arrays["asc"][row[m]] for m in measures},
        rank=arrays["rank"],
        linked=arrays["linked"],
        has=dict(zip(keys, arrays["has"], strict=True)),
    )
