"""Prometheus view of the running service: counters read from the runtime at scrape time, never copied."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from opensaraban_shared.consumer import Outcome
from opensaraban_shared.service_app import Runtime


class RuntimeCollector:
    """Turns EventConsumer.counts and .lag and OutboxRelay.published_total into Prometheus metrics.

    The counts are per process and start at zero: Prometheus treats a restart as a counter reset.
    """

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def collect(self) -> Iterator[Metric]:
        processed = CounterMetricFamily(
            "opensaraban_events_processed",
            "Events handled by each consumer group of this process, by outcome.",
            labels=["consumer", "outcome"],
        )
        for consumer in self._runtime.consumers:
            for outcome in Outcome:
                processed.add_metric([consumer.group, outcome.value], consumer.counts.get(outcome, 0))
        yield processed
        lag = GaugeMetricFamily(
            "opensaraban_consumer_lag",
            "Records on the topic not yet committed by the consumer group (measured every few seconds).",
            labels=["consumer"],
        )
        for consumer in self._runtime.consumers:
            if consumer.lag is not None:
                lag.add_metric([consumer.group], consumer.lag)
        yield lag
        yield CounterMetricFamily(
            "opensaraban_outbox_published",
            "Outbox rows this process published to Kafka while leading the relay.",
            value=self._runtime.relay.published_total,
        )


def exposition(runtime: Runtime) -> bytes:
    # A registry per scrape: nothing global, so several apps in one process (tests) never clash.
    registry = CollectorRegistry()
    registry.register(RuntimeCollector(runtime))
    return generate_latest(registry)
