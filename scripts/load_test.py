"""Load-test the service: N concurrent clients, every answer checked against the same question asked alone.

Dev-only (needs httpx: `make install-dev`); the code lives in tests/perf/loadtest.py.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.perf.loadtest import main

if __name__ == "__main__":
    raise SystemExit(main())
