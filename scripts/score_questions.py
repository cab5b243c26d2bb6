"""Score a question set (tests/data format) against the real assistant: `python scripts/score_questions.py FILE...`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from app.main import build_assistant
from app.settings import Settings
from tests.engine.questions import load_path, score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print every failing case")
    args = parser.parse_args()
    assistant = build_assistant(Settings())
    worst = 1.0
    for path in args.files:
        cases = load_path(path)
        passed, failures = score(assistant, cases)
        rate = passed / len(cases)
        worst = min(worst, rate)
        print(f"{path}: {passed}/{len(cases)} cases passed ({rate:.1%})")
        if args.show:
            for line in failures:
                print("  FAIL", line.replace("\n", "\n       "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
