"""Build the index from corpus/ into index/, or check an existing one (``--check``)."""

from app.cli import build_index_main

if __name__ == "__main__":
    raise SystemExit(build_index_main())
