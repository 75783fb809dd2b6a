"""Duration histogram: log-scale buckets with 24 h as an exact edge, and percentiles read back from them."""

from __future__ import annotations

import math
from collections.abc import Iterable

DAY_S = 86_400.0
STEPS_PER_DOUBLING = 16
"""Bucket k covers [DAY_S·2^(k/16), DAY_S·2^((k+1)/16)): each about 4.4 % wide."""
NON_POSITIVE = -32768
"""Bucket of durations of zero or less (clock skew, a paper letter registered the second it arrived)."""
_MIN_BUCKET = -32767


def bucket_of(seconds: float) -> int:
    if seconds <= 0:
        return NON_POSITIVE
    return max(_MIN_BUCKET, math.floor(STEPS_PER_DOUBLING * math.log2(seconds / DAY_S)))


def lower_edge(bucket: int) -> float:
    return 0.0 if bucket == NON_POSITIVE else DAY_S * 2 ** (bucket / STEPS_PER_DOUBLING)


def upper_edge(bucket: int) -> float:
    return 0.0 if bucket == NON_POSITIVE else DAY_S * 2 ** ((bucket + 1) / STEPS_PER_DOUBLING)


def percentile(histogram: Iterable[tuple[int, int]], q: float) -> float | None:
    """The q-quantile (0..1) of the durations counted in (bucket, n) pairs, interpolated inside its bucket.

    Exact to the bucket's width (relative error below 4.4 %); None when nothing was counted.
    """
    if not 0 <= q <= 1:
        raise ValueError(f"q={q} must lie in [0, 1]")
    buckets = sorted((b, n) for b, n in histogram if n > 0)
    total = sum(n for _, n in buckets)
    if total == 0:
        return None
    # As percentile_cont: the (q·(N-1))-th of N sorted values, 0-based; value i fills [i, i+1) of the rank axis.
    rank = q * (total - 1) + 0.5
    seen = 0
    for bucket, n in buckets:
        if seen + n >= rank:
            low, high = lower_edge(bucket), upper_edge(bucket)
            # Geometric interpolation: the buckets are log-scale, so is the spread inside one.
            fraction = (rank - seen) / n
            if low <= 0:
                return high * fraction
            return low * (high / low) ** fraction
        seen += n
    return upper_edge(buckets[-1][0])


def count_below(histogram: Iterable[tuple[int, int]], seconds: float) -> int:
    """How many counted durations are certainly shorter than `seconds` (whole buckets only)."""
    return sum(n for b, n in histogram if upper_edge(b) <= seconds)
