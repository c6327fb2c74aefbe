"""Printing a phase: rate, latency percentiles, errors, 503s, CPU per request and its ratio."""

from __future__ import annotations

import os

from loadlib.phases import PhaseResult


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (no interpolation: p99 of 200 values is the 198th)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(len(ordered), rank) - 1]


def latency_line(label: str, values: list[float]) -> str:
    if not values:
        return f"  {label:<22} none"
    ms = [1000 * v for v in values]
    return (
        f"  {label:<22} n={len(ms):<6} p50 {percentile(ms, 50):7.1f}  p95 {percentile(ms, 95):7.1f}"
        f"  p99 {percentile(ms, 99):7.1f}  max {max(ms):7.1f} ms"
    )


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def print_phase(result: PhaseResult) -> None:
    rec = result.recorder
    offered = f" (offered {result.offered_per_s:.0f}/s)" if result.offered_per_s else ""
    print(
        f"{result.name}: {rec.requests} requests in {result.elapsed_s:.1f} s = "
        f"{result.per_s:.1f} requests/s{offered}; {machine_load()}"
    )
    print(latency_line("200 answers", rec.ok))
    if rec.runs:
        print(latency_line("sync runs (due->done)", rec.runs))
    print(latency_line("503 answers", rec.busy))
    print(latency_line("any answer, from send", rec.wire))
    errors = ", ".join(f"{k}: {v}" for k, v in sorted(rec.errors.items())) or "none"
    print(f"  errors by status: {errors}; 503 (try again): {len(rec.busy)}")
    if rec.pushed or rec.pulled:
        answered = max(1, len(rec.ok))
        print(
            f"  per 200 answer: {rec.pushed / answered:.2f} wins pushed, "
            f"{rec.pulled / answered:.2f} changes pulled"
        )
    encodings = ", ".join(f"{k} {v}" for k, v in sorted(rec.encodings.items()))
    answers = max(1, sum(rec.encodings.values()))
    print(
        f"  responses: {encodings}; on average {rec.response_bytes / answers:,.0f} bytes on the "
        f"wire, {rec.decoded_bytes / answers:,.0f} decoded"
    )
    database = result.database_per_request_ms()
    db_text = "" if database is None else f"; PostgreSQL backends {database:.2f} ms/request"
    print(
        f"  server CPU {result.server_cpu_s:.2f} s = {result.cpu_per_request_ms():.2f} ms/request"
        f"{db_text}; load client CPU {result.client_cpu_s:.2f} s"
    )
    lag = result.loop_lag_s
    if lag:
        print(
            f"  load client's event loop late by p50 {1000 * percentile(lag, 50):.1f}, "
            f"p99 {1000 * percentile(lag, 99):.1f} ms (part of every latency above)"
        )
