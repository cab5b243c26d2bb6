"""One unit per kind of operation (plan -> result -> text); importing the package registers them all."""

from app.engine.ops import (  # noqa: F401
    decline,
    facts,
    figures,
    groups,
    open_question,
    pairs,
    passage,
    rankgap,
    ranking,
    sets,
    survey,
    totals,
)
from app.engine.ops.base import REGISTRY, Context, Result, check_registry

check_registry()

__all__ = ["REGISTRY", "Context", "Result", "check_registry"]
