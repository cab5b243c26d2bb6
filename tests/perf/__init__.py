"""Performance code: the load test and the latency benchmark (dev-only: they need httpx)."""
