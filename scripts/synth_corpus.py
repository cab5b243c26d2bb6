"""Write a synthetic corpus of N entries (the real 13 plus generated ones) for scale tests and benchmarks."""

import argparse
from pathlib import Path

from app.corpus.synth import write_synthetic_corpus
from app.settings import REPO_ROOT

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, help="entries in all (13 or fewer: the real corpus alone)")
    parser.add_argument("--out", type=Path, help="target folder (replaced); default artifacts/synth-N/corpus")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    out = args.out or REPO_ROOT / "artifacts" / f"synth-{args.n}" / "corpus"
    added = write_synthetic_corpus(REPO_ROOT / "corpus", out, args.n, args.seed)
    print(f"wrote {out}: {added:,} generated entries added to the real corpus")
