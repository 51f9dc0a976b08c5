"""Prometheus metrics: request counts, latency histograms and errors, per route.

Each app gets its own registry (several apps in one process, as in the tests, must not
share counters). Routes are labelled by their template (``/v1/documents/{doc}``), never
by the raw path, so label cardinality stays bounded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from server.state import ServiceHolder

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Telemetry:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "qa_http_requests_total",
            "HTTP requests by route, method and status code.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "qa_http_request_duration_seconds",
            "Time to answer an HTTP request, by route.",
            ["route", "method"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "qa_http_errors_total",
            "Responses with status >= 500, or requests that raised, by route.",
            ["route", "method"],
            registry=self.registry,
        )
        self.answers = Counter(
            "qa_answers_total",
            "Questions answered, by outcome.",
            ["outcome"],
            registry=self.registry,
        )

    def watch_index(self, holder: ServiceHolder) -> None:
        """Gauges read from the service holder when /metrics is scraped: whether an index
        serves, whether the newest build was refused (the old one serving on), and how
        many loads were refused since start. No labels: nothing a client can grow."""
        ready = Gauge(
            "qa_index_ready", "1 when an index is loaded and serving.", registry=self.registry
        )
        ready.set_function(lambda: 1.0 if holder.status().ready else 0.0)
        refusing = Gauge(
            "qa_index_build_refused",
            "1 while the newest build could not be loaded (the one before it serves; "
            "/readyz says why).",
            registry=self.registry,
        )
        refusing.set_function(lambda: 1.0 if holder.refusing else 0.0)
        refused = Gauge(
            "qa_index_refused_loads",
            "Index loads refused since the server started (damaged, stale or mismatched).",
            registry=self.registry,
        )
        refused.set_function(lambda: float(holder.refused_loads))

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


KNOWN_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})


class MetricsMiddleware:
    def __init__(
        self, app: ASGIApp, telemetry: Telemetry, routes_of: Callable[[], Sequence[BaseRoute]]
    ) -> None:
        self.app = app
        self.telemetry = telemetry
        self.routes_of = routes_of  # () -> the app's routes, read after start-up

    def _route(self, scope: Scope) -> str:
        for route in self.routes_of():
            match, _ = route.matches(scope)
            if match == Match.FULL:
                return getattr(route, "path", "other")
        return "unmatched"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        route = self._route(scope)
        # Only known methods become label values: a client cannot add series at will.
        method = scope["method"] if scope["method"] in KNOWN_METHODS else "OTHER"
        status = 500
        started = time.perf_counter()

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        except Exception:
            self.telemetry.errors.labels(route, method).inc()
            raise
        finally:
            self.telemetry.latency.labels(route, method).observe(time.perf_counter() - started)
            self.telemetry.requests.labels(route, method, str(status)).inc()
        if status >= 500:
            self.telemetry.errors.labels(route, method).inc()
