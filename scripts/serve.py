"""Serve the assistant with N workers (``make run WORKERS=N``); see ``app/serve.py``."""

from app.serve import main

if __name__ == "__main__":
    raise SystemExit(main())
