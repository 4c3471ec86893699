"""Shared timing and reporting for the benchmarks in bench/ (directory, outcomes, ...).

    row = measure("directory page ?district=", 20_000, app_fn, baseline_fn, repeats=7)
    write_results(rows, "bench/results.md")

`measure` runs the two callables interleaved (app, baseline, baseline, app, ...: neither always
goes first, so drift on a shared machine hits both) and keeps the medians. By default each call
is timed (seconds, lower is better; what it returns is ignored). With `higher_is_better=True`
each call reports a rate itself (e.g. requests per second from wrk): a number, or a pair
(number, peak MB) when it measured memory elsewhere (e.g. in server processes).
Peak memory is otherwise the tracemalloc peak of one extra, untimed run of `app_fn`
(tracemalloc slows Python down, so it never runs during a timed repeat).
"""

import os
import platform
import statistics
import time
import tracemalloc
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

COLUMNS = ("measurement", "size", "app", "baseline", "ratio", "goal", "peak MB")


def _run(fn, reports_rate):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    if not reports_rate:
        return elapsed, None  # whatever a timed callable returns is not a measurement
    if isinstance(result, tuple):
        return float(result[0]), result[1]
    return float(result), None


def _python_peak_mb(fn):
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def measure(
    label,
    size,
    app_fn,
    baseline_fn,
    repeats=7,
    *,
    higher_is_better=False,
    goal=None,
    unit=None,
    baseline_label="",
    memory=True,
):
    """Run `app_fn` and `baseline_fn` `repeats` times each, interleaved; return one result row.

    The ratio is app / baseline for times and rates alike; `goal` (e.g. "<= 1.5x" for a time,
    ">= 0.5x" for a rate) says which way is good. `unit` defaults to "s" for times and "req/s"
    for rates.
    """
    app_values, base_values, peaks = [], [], []
    for i in range(repeats):
        order = ((app_fn, app_values), (baseline_fn, base_values))
        for fn, values in order if i % 2 == 0 else order[::-1]:
            value, peak = _run(fn, higher_is_better)
            values.append(value)
            if peak is not None and fn is app_fn:
                peaks.append(peak)
    app_median = statistics.median(app_values)
    base_median = statistics.median(base_values)
    if peaks:
        peak_mb = max(peaks)
    else:
        peak_mb = _python_peak_mb(app_fn) if memory and not higher_is_better else None
    return {
        "measurement": label,
        "size": size,
        "app": app_median,
        "baseline": base_median,
        "ratio": app_median / base_median if base_median else float("inf"),
        "goal": goal or "",
        "peak_mb": peak_mb,
        "repeats": repeats,
        "unit": unit or ("req/s" if higher_is_better else "s"),
        "baseline_label": baseline_label,
        "app_values": app_values,
        "baseline_values": base_values,
    }


def _number(value, unit):
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:,.0f} {unit}"


def format_table(rows):
    """The rows as one Markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|---|---:|---:|---:|---:|---|---:|"]
    for row in rows:
        baseline = _number(row["baseline"], row["unit"])
        if row.get("baseline_label"):
            baseline += f" ({row['baseline_label']})"
        peak = "" if row.get("peak_mb") is None else f"{row['peak_mb']:.1f}"
        lines.append(
            f"| {row['measurement']} | {row['size']:,} | "
            f"{_number(row['app'], row['unit'])} | {baseline} | "
            f"{row['ratio']:.2f}x | {row.get('goal', '')} | {peak} |"
        )
    return "\n".join(lines)


def machine_description():
    """One line about the machine and its load when the run ended."""
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    return (
        f"{platform.platform()}, CPython {platform.python_version()}, "
        f"{os.cpu_count()} CPU(s), load average {load}"
    )


def write_results(rows, path, *, title="Benchmarks", notes=""):
    """Write the table of `rows` to `path` (Markdown) with the time, the machine and `notes`;
    returns the text."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        f"# {title}\n\nMeasured {stamp} by `make bench` (`python -m bench.run`) on "
        f"{machine_description()}.\n\n{format_table(rows)}\n"
    )
    if notes:
        text += f"\n{notes.strip()}\n"
    Path(path).write_text(text)
    return text


@contextmanager
def scratch_database(base_url, prefix="ses_bench"):
    """A PostgreSQL database made beside `base_url` for one run, dropped afterwards; yields its
    URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(base_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
