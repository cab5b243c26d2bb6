"""What Redis adds to a follow-up question (target: at most 0.5 ms p50); code in tests/perf/bench_state.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.perf.bench_state import main

if __name__ == "__main__":
    raise SystemExit(main())
