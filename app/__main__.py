"""``python -m app ask "..."``: ask from a terminal; ``python -m app mcp``: serve MCP over stdio."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
