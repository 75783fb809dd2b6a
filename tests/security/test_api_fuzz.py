"""Property-based fuzzing of the four back ends' OpenAPI documents: never a 5xx, every answer as documented.

Schemathesis draws valid and invalid requests for every operation from the document and sends them, signed in
as a correspondence clerk, to the running service. Each operation is one test; a failure prints a curl line that
reproduces it. Deterministic (fixed seed, derandomized) and bounded, so CI always runs the same cases.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from tests.support import BACK_ENDS, service_openapi, sign_in

pytestmark = pytest.mark.integration

# A correspondence clerk who is also the committee secretariat, so meeting operations get past the role check.
FUZZER = "secretariat@cm-provincial-office"

CONFIG = {
    "seed": 2569,
    "request-timeout": 60,
    "generation": {"max-examples": 10, "deterministic": True},
    "phases": {
        # The coverage phase sends every boundary value and type violation of every parameter: over 3,000 requests
        # for documents alone, minutes on a 2-core machine. The fuzzing phase draws valid and invalid data too.
        "coverage": {"enabled": False},
    },
    "checks": {
        # Business rules answer 422 for input the schema allows (a subtype the kind does not have, a register year
        # with no numbers, a paper letter without its sender): by design, and the 422 body is still checked.
        "positive_data_acceptance": {"enabled": False},
        # FastAPI ignores unknown query parameters and pydantic's lax mode reads 0 as false or 1970-01-01: lenient
        # by design; what matters (a 4xx with the error body for input it cannot take) is checked on every answer.
        "negative_data_rejection": {"enabled": False},
    },
}


@pytest.fixture(scope="module")
async def fuzzer(services) -> dict[str, str]:
    return await sign_in(services["documents"], FUZZER)


def fuzz(service: str) -> Callable:
    schema = schemathesis.openapi.from_dict(service_openapi(service), config=SchemathesisConfig.from_dict(CONFIG))
    # An open server-sent-event stream never ends, so no answer can be checked; its sign-in is in the matrix tests.
    schema = schema.exclude(path="/notifications/stream")

    @schema.parametrize()
    def test(case, services, fuzzer):
        case.call_and_validate(base_url=services[service], headers=fuzzer)

    return test


# One test function per back end (test_documents_api_answers_as_documented, ...), one test per operation in each.
for _service in BACK_ENDS:
    globals()[f"test_{_service}_api_answers_as_documented"] = fuzz(_service)


@pytest.mark.parametrize("service", BACK_ENDS)
async def test_the_fuzzed_document_is_the_one_the_service_serves(services, service):
    async with httpx.AsyncClient(base_url=services[service], timeout=60) as client:
        served = (await client.get("/openapi.json")).json()
    assert served == service_openapi(service)
