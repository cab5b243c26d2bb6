"""One unit per kind of operation (plan -> result -> text); importing the package registers them all."""

from app.engine.ops import decline, facts, figures, open_question, pairs, ranking, sets, survey, totals  # noqa: F401
from app.engine.ops.base import REGISTRY, Context, Result, check_registry

check_registry()

__all__ = ["REGISTRY", "Context", "Result", "check_registry"]
