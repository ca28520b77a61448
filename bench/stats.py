"""Figures: samples with their median and 95th percentile, a baseline, a target."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    """The 95th percentile, nearest rank (with one sample: that sample)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed_ms(work: Callable[[], object], runs: int, *, warm_up: bool = False) -> list[float]:
    """Milliseconds for each of `runs` calls of `work` (after one untimed call if `warm_up`)."""
    if warm_up:
        work()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


@dataclass
class Target:
    """A goal for one figure: `kind` is "ratio" (median ≤ limit × baseline), "ms" (the
    median, or the p95 when `on_p95`, below limit), "mb_over" or "ms_over" (median ≤
    baseline + limit)."""

    kind: str
    limit: float
    on_p95: bool = False

    def describe(self) -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:g}× base"
        if self.kind in ("mb_over", "ms_over"):
            return f"≤ base + {self.limit:g} {self.kind.removesuffix('_over').upper().replace('MS', 'ms')}"
        return f"{'p95 ' if self.on_p95 else ''}< {self.limit:g} ms"

    def met(self, figure: Figure) -> bool | None:
        if self.kind == "ratio":
            return None if figure.ratio is None else figure.ratio <= self.limit
        if self.kind in ("mb_over", "ms_over"):
            return None if figure.baseline is None else figure.median <= figure.baseline + self.limit
        value = figure.p95 if self.on_p95 else figure.median
        return value < self.limit


@dataclass
class Figure:
    """One row of the table: `samples` of one measure on one subject, in `unit`."""

    key: str
    measure: str
    subject: str
    unit: str
    samples: list[float]
    baseline_samples: list[float] | None = None
    target: Target | None = None
    with_p95: bool = False
    notes: dict[str, object] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return median(self.samples)

    @property
    def p95(self) -> float:
        return p95(self.samples)

    @property
    def baseline(self) -> float | None:
        return median(self.baseline_samples) if self.baseline_samples else None

    @property
    def baseline_p95(self) -> float | None:
        return p95(self.baseline_samples) if self.baseline_samples else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline
        return self.median / base if base else None

    @property
    def met(self) -> bool | None:
        return self.target.met(self) if self.target else None

    def as_json(self) -> dict[str, object]:
        return {
            "measure": self.measure,
            "subject": self.subject,
            "unit": self.unit,
            "median": self.median,
            "p95": self.p95 if self.with_p95 else None,
            "baseline": self.baseline,
            "baseline_p95": self.baseline_p95 if self.with_p95 else None,
            "ratio": self.ratio,
            "over_baseline": (self.median - self.baseline) if self.baseline is not None else None,
            "target": self.target.describe() if self.target else None,
            "met": self.met,
            "runs": len(self.samples),
            "samples": [round(sample, 4) for sample in self.samples],
            "baseline_samples": ([round(sample, 4) for sample in self.baseline_samples]
                                 if self.baseline_samples else None),
            **({"notes": self.notes} if self.notes else {}),
        }
