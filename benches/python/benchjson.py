"""Interleaved timing and the JSON family file that benches/run renders (benches/report/report.py
describes the format). Used by compare.py and token_endpoint.py.

Each round times every contender once, in a rotated order, for a batch of calls; a batch's CPU
time per call (``time.thread_time``: other processes on a shared machine do not count) is one
sample. The report gives the median and p25-p75 of the samples.
"""

from __future__ import annotations

import json
import os
import pathlib
import statistics
import time
from typing import Callable, Dict, List, Optional

MODE = os.environ.get("OXIDC_BENCH_MODE", "quick")
# (rounds, target seconds per batch) per mode
_PLAN = {"tiny": (3, 0.002), "quick": (12, 0.02), "full": (40, 0.05)}
ROUNDS, BATCH_SECONDS = _PLAN.get(MODE, _PLAN["quick"])


def _batch_size(fn: Callable[[], object]) -> int:
    """Calls per batch so that one batch takes about BATCH_SECONDS."""
    n = 1
    while True:
        t0 = time.thread_time()
        for _ in range(n):
            fn()
        dt = time.thread_time() - t0
        if dt >= BATCH_SECONDS / 4 or n >= 1 << 20:
            return max(1, int(n * BATCH_SECONDS / max(dt, 1e-9)))
        n *= 4


def interleaved(fns: Dict[str, Callable[[], object]], rounds: int = 0) -> Dict[str, List[float]]:
    """Samples of ns per call for each contender, measured round-robin."""
    rounds = rounds or ROUNDS
    names = list(fns)
    sizes = {name: _batch_size(fns[name]) for name in names}
    samples: Dict[str, List[float]] = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            fn, n = fns[name], sizes[name]
            t0 = time.thread_time()
            for _ in range(n):
                fn()
            samples[name].append((time.thread_time() - t0) / n * 1e9)
    return samples


def summarise(ns: List[float]) -> Dict[str, float]:
    s = sorted(ns)
    if len(s) == 1:
        return {"median_ns": s[0], "p25_ns": s[0], "p75_ns": s[0], "samples": 1}
    q = statistics.quantiles(s, n=4, method="inclusive")
    return {"median_ns": statistics.median(s), "p25_ns": q[0], "p75_ns": q[2], "samples": len(s)}


class Family:
    """Accumulates rows and writes them to $OXIDC_BENCH_JSON (merging with what is there)."""

    def __init__(self, path: Optional[str] = None) -> None:
        self.path = pathlib.Path(path) if path else (
            pathlib.Path(os.environ["OXIDC_BENCH_JSON"]) if os.environ.get("OXIDC_BENCH_JSON") else None)
        self.data = {"family": "python", "title": "Python", "status": "ok", "results": [],
                     "notes": [], "versions": {}}
        if self.path and self.path.exists():
            self.data.update(json.loads(self.path.read_text()))

    def add(self, group: str, samples: Dict[str, List[float]], run: str = "main") -> None:
        self.data["results"] = [r for r in self.data["results"] if r["group"] != group]
        for impl, ns in samples.items():
            self.data["results"].append({"group": group, "impl": impl, "run": run, **summarise(ns)})

    def note(self, text: str) -> None:
        if text not in self.data["notes"]:
            self.data["notes"].append(text)

    def versions(self, names: List[str]) -> None:
        from importlib import metadata

        for n in names:
            try:
                self.data["versions"][f"{n} (Python)"] = metadata.version(n)
            except metadata.PackageNotFoundError:
                pass

    def save(self) -> None:
        if self.path:
            self.path.write_text(json.dumps(self.data, indent=1))


def print_group(group: str, samples: Dict[str, List[float]], ours: str = "oxidc") -> None:
    med = {k: summarise(v)["median_ns"] for k, v in samples.items()}
    ref = med.get(ours)
    print(f"\n{group}: µs per call (median of {len(next(iter(samples.values())))} interleaved batches)")
    for name, m in sorted(med.items(), key=lambda kv: kv[1]):
        ratio = f"  ×{m / ref:5.1f} vs {ours}" if ref else ""
        print(f"  {name:22} {m / 1000:9.2f}{ratio}")
