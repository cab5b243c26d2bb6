"""``python -m app ask "..."``: ask from a terminal."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
