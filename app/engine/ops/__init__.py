"""One unit per kind of operation (plan -> result -> text); importing the package registers them all."""

from app.engine.ops import (  # noqa: F401
    decline,
    facts,
    figures,
    open_question,
    pairs,
    passage,
    ranking,
    sets,
    survey,
    totals,
)
from app.engine.ops.base import REGISTRY, Context, Result, check_registry

check_registry()

__all__ = ["REGISTRY", "Context", "Result", "check_registry"]
