"""Load-test the service: N concurrent clients, every answer checked against the same question asked alone."""

from app.loadtest import main

if __name__ == "__main__":
    raise SystemExit(main())
