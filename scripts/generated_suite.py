"""Run every generated question against the real assistant; print pass rates, write failures, exit 1 below --min."""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ is not an installed package

from tests.generated.grammar import generate
from tests.generated.suite import build_assistant, report, run_cases, write_failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", type=Path, default=Path("generated_failures.txt"),
                        help="where to write the failed cases (default: generated_failures.txt)")
    parser.add_argument("--min", type=float, default=99.0, help="pass rate in percent below which to fail")
    parser.add_argument("--operation", help="run only the cases of this operation")
    args = parser.parse_args()
    cases = [case for case in generate() if args.operation in (None, case.operation)]
    outcomes = run_cases(build_assistant(), cases)
    print(report(outcomes))
    failed = write_failures(outcomes, args.failures)
    print(f"{failed} failures written to {args.failures}")
    rate = 100 * (len(outcomes) - failed) / max(len(outcomes), 1)
    return 0 if rate >= args.min else 1


if __name__ == "__main__":
    raise SystemExit(main())
