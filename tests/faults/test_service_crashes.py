"""Each service killed with SIGKILL in the middle of its work and started again: nothing lost, nothing done twice."""

from __future__ import annotations

import time

import pytest

from tests.faults.outages import service_killed

pytestmark = pytest.mark.integration


async def test_documents_killed_mid_request_answers_retries_with_the_first_result(services, stream, recovered):
    """Requests under way die with the process; their retries (same Idempotency-Key) act once. The outbox relay
    dies between publishing and marking, so a batch of events goes out twice; consumers drop the copies."""
    await stream.wait_for_sent(20)
    killed_at = time.time()
    async with service_killed("documents"):
        await stream.wait_for_failures(since=killed_at)
    await stream.wait_for_sent(10)
    await stream.finish()
    await recovered(stream)


@pytest.mark.parametrize("service", ["notify", "metrics"])
async def test_a_consumer_killed_mid_batch_resumes_where_it_committed(service, stream, recovered):
    """The batch under way rolls back with its processed-event marks and comes again; letters keep coming
    meanwhile. notify may send an e-mail twice (the server took it, the crash came before it was marked sent),
    but as the same message."""
    await stream.wait_for_sent(20)
    async with service_killed(service):
        await stream.wait_for_sent(10)  # the documents API does not need notify or metrics
    await stream.wait_for_sent(10)
    await stream.finish()
    await recovered(stream, resends_allowed=service == "notify")
