"""Schema-driven tests: schemathesis generates requests from the app's own OpenAPI schema
and sends them to the real server; no response may be a 5xx, and every documented
response must match its schema.

The operations are driven from one plain test (hypothesis per operation) rather than
``schemathesis.pytest.from_fixture``, whose lazy loader does not run under pytest 9.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

pytestmark = pytest.mark.integration

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def test_no_server_errors_on_any_operation(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    labels = {f"{op.method.upper()} {op.path}" for op in operations}
    assert {"POST /v1/ask", "GET /v1/search", "POST /v1/context", "GET /v1/glossary"} <= labels
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,  # the same cases on every run, so CI is repeatable
            database=None,
        )
        def run(case):
            case.call_and_validate(checks=CHECKS, timeout=60)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, not just the first
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
