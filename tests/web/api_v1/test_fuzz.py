"""Schemathesis against the running app (werkzeug's threaded server on a free port): for
every operation of /api/openapi.json, a bounded number of generated requests, each sent
with a token of every role; no answer is a 5xx, and every answer is documented (status,
content type, headers) and matches its documented schema."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from werkzeug.serving import make_server

from service.application import ExpertBank
from tests.world import World
from web import create_app

ROLES = ["manager", "auditor", "worcs_head", "evaluator", "leics_peer", "haringey_head"]
EXAMPLES_PER_OPERATION = 10
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def server(bank: ExpertBank, world: World, scene: dict[str, Any]) -> Iterator[str]:
    httpd = make_server("127.0.0.1", 0, create_app(bank), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=10)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_generated_requests_as_every_role_get_documented_answers(
    server: str, bank: ExpertBank, world: World
) -> None:
    bank.tokens.per_minute = 1_000_000  # the limit has its own test
    tokens = {
        who: bank.tokens.create(getattr(world, who), getattr(world, who), name="fuzz").token
        for who in ROLES
    }
    schema = schemathesis.openapi.from_url(f"{server}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    started = time.monotonic()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def every_role(case: Any) -> None:
            for token in tokens.values():
                response = case.call(base_url=server, headers={"Authorization": f"Bearer {token}"})
                case.validate_response(response, checks=CHECKS)

        every_role()
    assert time.monotonic() - started < 180
