"""What every operation unit shares: the result type, the execution context and the registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args

from app.engine.catalog import Catalog, Row
from app.engine.compose import Composer
from app.engine.plan import OpKind, Plan

#: Most entries an answer lists (and a conversation remembers for "of those"); counts and totals still cover all.
SHOWN = 100


@dataclass
class Result:
    """What an operation computed: the entries it asserts (with figures), the number it states, and the
    facts its renderer needs (``details``)."""

    op: str
    answered: bool
    rows: list[Row] = field(default_factory=list)
    value: float | int | None = None
    metric: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    set_ids: list[str] = field(default_factory=list)  # the scope it was computed over


@dataclass
class Context:
    catalog: Catalog
    question: str
    top_k: int
    retrieve: Callable[[Plan, str, int], list[Any]]  # open questions: relevant hits within a scope


Execute = Callable[[Plan, Context], Result]
Render = Callable[[Result, Composer], str]


@dataclass(frozen=True)
class Unit:
    kind: str
    execute: Execute
    render: Render


REGISTRY: dict[str, Unit] = {}


def register(kind: OpKind, execute: Execute, render: Render) -> None:
    if kind in REGISTRY:
        raise RuntimeError(f"operation {kind!r} is registered twice")
    REGISTRY[kind] = Unit(kind, execute, render)


def check_registry() -> None:
    """Every operation a plan can name has a unit: fails loudly at start-up otherwise."""
    missing = sorted(set(get_args(OpKind)) - set(REGISTRY))
    if missing:
        raise RuntimeError(f"operations without a unit (plan -> result -> text): {', '.join(missing)}")
