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


def _all_checks() -> list:
    """Every check schemathesis registers (status codes, content types, headers, response
    schemas, negative data rejected, positive data accepted, required headers, unsupported
    methods, Allow headers, auth ...): the OpenAPI ones register when their module is
    imported, which the import at the top of this file does."""
    from schemathesis.checks import CHECKS as registry

    return list(registry.get_all())


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


ADMIN_KEY = "schema-admin-key-0123456789"


@pytest.fixture(scope="module")
def keyed_schema(tmp_path_factory):
    """A real server with keys configured (as deployed), over the seed report with the
    fake embedder: schemathesis' auth checks then test that the declared security holds."""
    import schemathesis

    from qa.pipeline import QAService
    from server.app import create_app
    from tests.conftest import SEED
    from tests.fakes import fake_index
    from tests.live import LiveServer

    settings, fake = fake_index(tmp_path_factory.mktemp("keyed"), [SEED])
    # A body limit far above anything valid, so generated invalid bodies meet validation
    # (422) rather than the size limit (413, which its own tests cover in test_api.py).
    settings = settings.model_copy(
        update={
            "admin_keys": ADMIN_KEY,
            "read_keys": "schema-read-key-0123456789",
            "max_body_bytes": 8 * 2**20,
        }
    )
    server = LiveServer(
        create_app(settings, loader=lambda s, previous: QAService.load(s, embedder=fake))
    ).start()
    yield schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    server.stop()


def _runner(operation, mode, checks):
    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case):
        case.call_and_validate(checks=checks, timeout=60, headers={"X-API-Key": ADMIN_KEY})

    return run


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_every_schemathesis_check_on_every_operation(keyed_schema, mode):
    """All of schemathesis' checks, not only "no 5xx", on valid and on invalid requests
    (bounded: 15 cases per operation and mode, derandomized so CI is repeatable)."""
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    checks = _all_checks()
    assert len(checks) >= 10
    operations = [result.ok() for result in keyed_schema.get_all_operations()]
    failures = []
    exercised = 0
    for operation in operations:
        chosen = checks
        if operation.definition.raw.get("operationId") == "upload_document":
            # A report's validity depends on the file's content (a PDF with paragraphs),
            # which a schema cannot state; any bytes are schema-valid, so "positive data
            # accepted" cannot hold. Uploads are tested with real files in test_uploads.py.
            chosen = [check for check in checks if check is not positive_data_acceptance]

        run = _runner(operation, GenerationMode(mode), chosen)
        try:
            run()
            exercised += 1
        except Unsatisfiable:
            assert mode == "negative"  # nothing to make invalid (no parameters, no body)
        except (Exception, BaseExceptionGroup) as exc:  # every operation's, not the first only
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert exercised >= len(operations) // 2
