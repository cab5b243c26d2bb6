"""Benchmark: p50 latency the MCP and OpenAI-compatible adapters add over the same question on /ask.

Dev-only (needs httpx: `make install-dev`); the code lives in tests/perf/bench_adapters.py.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.perf.bench_adapters import report, run

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=60, help="rounds of every question on every route")
    parser.add_argument("--floor", action="store_true",
                        help="also measure a bare MCP SDK server (no-op tool) against a bare route, same rounds")
    args = parser.parse_args()
    before = os.getloadavg()[0]
    samples = run(args.rounds, floor=args.floor)
    print(report(samples, load=f"{before:.2f} → {os.getloadavg()[0]:.2f}"))
