"""Prometheus metrics kept in process: request counts and latencies, answers by intent."""

from __future__ import annotations

import threading
from collections import defaultdict

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self._buckets: dict[str, list[int]] = defaultdict(lambda: [0] * (len(BUCKETS) + 1))
        self._sums: dict[str, float] = defaultdict(float)
        self._answers: dict[tuple[str, bool], int] = defaultdict(int)

    def observe_request(self, method: str, path: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(method, path, status)] += 1
            index = next((i for i, bound in enumerate(BUCKETS) if seconds <= bound), len(BUCKETS))
            self._buckets[path][index] += 1
            self._sums[path] += seconds

    def observe_answer(self, intent: str, answered: bool) -> None:
        with self._lock:
            self._answers[(intent, answered)] += 1

    def render(self) -> str:
        with self._lock:
            lines = ["# HELP dlqa_requests_total HTTP requests by method, route and status.",
                     "# TYPE dlqa_requests_total counter"]
            for (method, path, status), count in sorted(self._requests.items()):
                lines.append(f'dlqa_requests_total{{method="{method}",path="{path}",status="{status}"}} {count}')
            lines += ["# HELP dlqa_request_seconds Time spent serving a request, by route.",
                      "# TYPE dlqa_request_seconds histogram"]
            for path, counts in sorted(self._buckets.items()):
                running = 0
                for bound, count in zip((*BUCKETS, float("inf")), counts, strict=True):
                    running += count
                    label = "+Inf" if bound == float("inf") else repr(bound)
                    lines.append(f'dlqa_request_seconds_bucket{{path="{path}",le="{label}"}} {running}')
                lines.append(f'dlqa_request_seconds_sum{{path="{path}"}} {self._sums[path]:.6f}')
                lines.append(f'dlqa_request_seconds_count{{path="{path}"}} {running}')
            lines += ["# HELP dlqa_answers_total Answers by intent and whether the survey answered.",
                      "# TYPE dlqa_answers_total counter"]
            for (intent, answered), count in sorted(self._answers.items()):
                lines.append(f'dlqa_answers_total{{intent="{intent}",answered="{str(answered).lower()}"}} {count}')
        return "\n".join(lines) + "\n"
