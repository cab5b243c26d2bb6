"""Runs generated cases against an assistant: the stratified sample for `make test` and the full run's report."""

from __future__ import annotations

import random
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.engine.questions import check_conversation
from tests.generated.grammar import Case

SAMPLE_SEED = 300


def stratified_sample(cases: list[Case], size: int = 300, seed: int = SAMPLE_SEED) -> list[Case]:
    """About `size` cases: two from every (operation, language) group, the rest in proportion to group size."""
    groups: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in cases:
        groups[(case.operation, case.language)].append(case)
    rng = random.Random(seed)
    spare = max(size - 2 * len(groups), 0)
    sample = []
    for key in sorted(groups):
        group = groups[key]
        take = min(len(group), 2 + round(spare * len(group) / len(cases)))
        sample.extend(rng.sample(group, take))
    return sample


@dataclass(frozen=True)
class Outcome:
    case: Case
    failure: str | None  # None when every turn met its expectations


def run_cases(assistant: Any, cases: Iterable[Case]) -> list[Outcome]:
    outcomes = []
    for case in cases:
        try:
            check_conversation(assistant, case)
            outcomes.append(Outcome(case, None))
        except AssertionError as error:
            outcomes.append(Outcome(case, str(error)))
        except Exception as error:  # an exception in the engine is a failure of that case, not of the run
            outcomes.append(Outcome(case, f"{type(error).__name__}: {error}"))
    return outcomes


def pass_rates(outcomes: list[Outcome], key: str) -> dict[str, tuple[int, int]]:
    """(passed, total) per value of a case attribute ("operation", "language" or "style")."""
    rates: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        rate = rates[getattr(outcome.case, key)]
        rate[0] += outcome.failure is None
        rate[1] += 1
    return {name: (passed, total) for name, (passed, total) in sorted(rates.items())}


def report(outcomes: list[Outcome]) -> str:
    lines = []
    for key in ("operation", "language", "style"):
        lines.append(f"{key:<20} {'passed':>7} {'total':>6} {'rate':>7}")
        for name, (passed, total) in pass_rates(outcomes, key).items():
            lines.append(f"{name:<20} {passed:>7} {total:>6} {100 * passed / total:>6.1f}%")
        lines.append("")
    passed = sum(outcome.failure is None for outcome in outcomes)
    lines.append(f"overall {passed}/{len(outcomes)} = {100 * passed / max(len(outcomes), 1):.1f}%")
    return "\n".join(lines)


def write_failures(outcomes: list[Outcome], path: Path) -> int:
    failures = [outcome for outcome in outcomes if outcome.failure is not None]
    path.write_text("".join(f"[{o.case.operation}/{o.case.language}/{o.case.style}] {o.failure}\n\n" for o in failures),
                    encoding="utf-8")
    return len(failures)


def build_assistant() -> Any:
    """A real Assistant over an index built from corpus/ into a temporary folder, as tests/conftest.py builds it."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from app.engine.assistant import Assistant
    from app.index.build import build_index
    from app.index.embedder import SentenceTransformerEmbedder
    from app.index.store import load_index
    from app.settings import REPO_ROOT, Settings, bundled_model_path

    embedder = SentenceTransformerEmbedder(bundled_model_path())
    index_dir = Path(tempfile.mkdtemp(prefix="generated-suite-")) / "index"
    build_index(REPO_ROOT / "corpus", index_dir, embedder)
    settings = Settings(corpus_dir=REPO_ROOT / "corpus", index_dir=index_dir)
    index = load_index(settings.index_dir, settings.corpus_dir, settings.resolved_model_path())
    return Assistant(index, embedder, relevance_threshold=settings.relevance_threshold)
