"""Benchmark: p50 latency the MCP and OpenAI-compatible adapters add over the same question on /ask.

Dev-only (needs httpx: `make install-dev`); the code lives in tests/perf/bench_adapters.py.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.perf.bench_adapters import report, run

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=60, help="rounds of every question on every route")
    args = parser.parse_args()
    print(report(run(args.rounds)))
