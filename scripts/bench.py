"""Benchmark: latency per kind of question (in-process and over HTTP) against the bare model call; peak RSS.

Dev-only (needs httpx: `make install-dev`); the code lives in tests/perf/bench.py.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.perf.bench import report, run

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=60, help="samples per kind")
    parser.add_argument("--no-http", action="store_true", help="skip the uvicorn part")
    args = parser.parse_args()
    print(report(run(args.repeat, http=not args.no_http)))
