"""Property-based tests of the REST API from its own OpenAPI spec (schemathesis): whatever a
client sends that the spec allows (and much that it doesn't), the server never answers 5xx and
its responses conform to the spec (status codes, content types, headers, bodies), and data
the spec forbids is refused with a 4xx. Examples are bounded so the run stays well under 2 minutes.

(schemathesis' ``from_fixture`` pytest integration breaks on pytest 9, so each operation's
strategy is driven by hypothesis directly.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tidings.serve import ServeConfig, create_app
from tidings.store import Store

pytestmark = pytest.mark.slow
KEY = "schemathesis-key"

OPERATIONS = [
    ("POST", "/api/analyze"),
    ("POST", "/api/articles"),
    ("GET", "/api/articles"),
    ("GET", "/api/articles/{article_id}"),
    ("GET", "/api/entities/{name_or_id}"),
    ("GET", "/api/search"),
    ("GET", "/api/stories/{story_id}"),
    ("GET", "/api/watchlist/hits"),
]


@pytest.fixture
def api_schema(store: Store, pipeline: Any) -> Any:
    app = create_app(
        ServeConfig(
            fetch_timeout=2.0,
            analyze_timeout=30.0,
            api_keys=frozenset({KEY}),
            allowed_hosts=frozenset({"testserver"}),  # the name schemathesis' ASGI client sends
        ),
        store=store,
        pipeline=pipeline,
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_api_schema_lists_the_operations(api_schema: Any) -> None:
    found = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_api_schema_no_server_errors(api_schema: Any, method: str, path: str) -> None:
    operation = api_schema[path][method]
    examples = 30 if method == "POST" else 80

    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        # every check but "schema-valid data is accepted": an article of only whitespace or
        # boilerplate is valid by the schema yet has nothing to analyse (a one-line 400)
        # with a valid key; schemathesis also replays each write without one (expects 401)
        case.call_and_validate(
            headers={"X-API-Key": KEY}, excluded_checks=[positive_data_acceptance]
        )

    check()
