"""Load against a real `qa serve`: answers while a build runs beside it, and a soak.

:func:`while_building` measures single-client answer latency against an idle server, then
again while `qa build` (at its default lower priority, see :mod:`qa.runtime`) indexes the
same corpus into another folder on the same machine, and reports the p50 and p99 ratios.
:func:`soak` keeps several clients asking, searching and listing for a fixed time, runs a
rebuild of the serving index half-way (the server reloads it live), and reports errors,
latency, the build switch and the server's memory drift. `qa bench` runs the first;
`qa bench --soak` the second.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from qa.evaluation import metrics
from qa.settings import Settings


def stats(ms: list[float]) -> dict[str, float]:
    return {
        "p50": round(metrics.percentile(ms, 50), 2),
        "p99": round(metrics.percentile(ms, 99), 2),
        "n": len(ms),
    }


def child_env(settings: Settings, index_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QA_CORPUS_DIR": str(settings.corpus_dir.resolve()),
        "QA_INDEX_DIR": str(index_dir),
        "QA_EMBED_BACKEND": settings.embed_backend,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise OSError(f"no VmRSS for pid {pid}")


@dataclass
class Server:
    url: str
    process: subprocess.Popen


@contextmanager
def running_server(settings: Settings, index_dir: Path, ready_s: float = 300) -> Iterator[Server]:
    """`qa serve` in a child process on a free port, ready to answer."""
    import httpx

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve", "--port", str(port), "--log-level", "warning"],
        env=child_env(settings, index_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + ready_s
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("qa serve did not become ready")
            time.sleep(0.2)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()


def start_build(settings: Settings, index_dir: Path) -> subprocess.Popen:
    """`qa build` in a child process, at its default (lowered) priority."""
    return subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "build", "--quiet"],
        env=child_env(settings, index_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _ask_times(url: str, questions: list[str], count: int, until=None) -> list[float]:
    """Sequential asks (one client); stops after ``count`` or when ``until()`` is true."""
    import httpx

    out = []
    with httpx.Client(timeout=120) as http:
        for i in range(count):
            if until is not None and until():
                break
            t = time.perf_counter()
            response = http.post(f"{url}/v1/ask", json={"question": questions[i % len(questions)]})
            response.raise_for_status()
            out.append((time.perf_counter() - t) * 1000)
    return out


def while_building(
    settings: Settings, index_dir: Path, questions: list[str], requests: int = 60
) -> dict:
    """Answer latency idle, then while a build of the same corpus runs beside the server."""
    with running_server(settings, index_dir) as server:
        _ask_times(server.url, questions, 5)  # warm up
        idle = _ask_times(server.url, questions, requests)
        build = start_build(settings, index_dir.parent / "index-beside")
        try:
            # As many answers as idle, or fewer if the build ends first: the build need
            # not finish, only be running while they are timed.
            busy = _ask_times(
                server.url, questions, requests, until=lambda: build.poll() is not None
            )
        finally:
            finished = build.poll() is not None
            if not finished:
                build.kill()
            _, err = build.communicate()
    if finished and build.returncode != 0:
        raise RuntimeError(f"the build beside the server failed: {err.strip()[-500:]}")
    if len(busy) < 5:
        raise RuntimeError(
            f"the build beside the server ended after {len(busy)} answers: too few to time"
        )
    idle_s, busy_s = stats(idle), stats(busy)
    return {
        "idle": idle_s,
        "building": busy_s,
        "build_nice": settings.build_nice,
        "build_finished_during": finished,
        "p50_ratio": round(busy_s["p50"] / idle_s["p50"], 2) if idle_s["p50"] else None,
        "p99_ratio": round(busy_s["p99"] / idle_s["p99"], 2) if idle_s["p99"] else None,
    }


def soak(
    settings: Settings,
    index_dir: Path,
    questions: list[str],
    seconds: float = 300,
    clients: int = 8,
    progress=print,
) -> dict:
    """``clients`` clients for ``seconds``, with a rebuild of the serving index half-way."""
    import httpx

    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    stop = threading.Event()
    counter = itertools.count()

    def client(url: str) -> None:
        with httpx.Client(timeout=120) as http:
            while not stop.is_set():
                i = next(counter)
                q = questions[i % len(questions)]
                t = time.perf_counter()
                try:
                    if i % 10 == 9:
                        response = http.get(f"{url}/v1/documents")
                    elif i % 5 == 4:
                        response = http.get(f"{url}/v1/search", params={"q": q})
                    else:
                        response = http.post(f"{url}/v1/ask", json={"question": q})
                    outcome = str(response.status_code)
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    latencies.append(ms)
                    if outcome != "200":
                        errors[outcome] = errors.get(outcome, 0) + 1

    with running_server(settings, index_dir) as server:
        before = httpx.get(f"{server.url}/readyz").json()
        threads = [threading.Thread(target=client, args=(server.url,)) for _ in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        memory: list[tuple[float, float]] = []
        build = None
        build_exit = None
        before_build = before.get("build")
        reloaded_at = None
        # Run for ``seconds``, and on until the rebuild has finished and the server serves
        # it (a slow build on a busy machine must not end the soak before the switch).
        while True:
            elapsed = time.monotonic() - started
            memory.append((round(elapsed, 1), round(rss_mb(server.process.pid), 1)))
            if build is None and elapsed >= seconds / 2:
                progress(f"soak: {elapsed:.0f} s, rebuilding the serving index ...")
                build = start_build(settings, index_dir)
            if build is not None and build_exit is None and build.poll() is not None:
                build_exit = build.returncode
            if build_exit is not None and reloaded_at is None:
                if httpx.get(f"{server.url}/readyz").json().get("build") != before_build:
                    reloaded_at = round(elapsed, 1)
            done = build_exit is not None and (reloaded_at is not None or build_exit != 0)
            if elapsed >= seconds and (done or elapsed >= seconds + 900):
                break
            time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join()
        if build is not None and build_exit is None:
            build.kill()
            build_exit = build.wait()
        seconds = time.monotonic() - started
        after = httpx.get(f"{server.url}/readyz").json()
    return _soak_report(seconds, clients, latencies, errors, memory, before, after, build_exit)


def _soak_report(seconds, clients, latencies, errors, memory, before, after, build_exit) -> dict:
    # Memory is compared from the end of the warm-up (a fifth of the run: model, caches and
    # the first answers loaded) to the end, so start-up growth is not counted as drift.
    warm = next((mb for t, mb in memory if t >= seconds / 5), memory[0][1])
    last = memory[-1][1]
    return {
        "seconds": seconds,
        "clients": clients,
        "requests": len(latencies),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "latency_ms": stats(latencies),
        "rps": round(len(latencies) / seconds, 1),
        "build_exit": build_exit,
        "build_before": before.get("build"),
        "build_after": after.get("build"),
        "reloaded": before.get("build") != after.get("build"),
        "rss_warm_mb": warm,
        "rss_end_mb": last,
        "memory_drift_pct": round(100 * (last - warm) / warm, 1) if warm else None,
        "rss_samples": memory,
    }


def run_soak(
    settings: Settings, gold_files: list[Path], seconds: float, clients: int, progress=print
) -> dict:
    """`qa bench --soak`: a fresh index, serving-while-building, then the soak."""
    import shutil
    import tempfile

    from qa.evaluation.gold import load_gold

    questions = [g.question for g in load_gold(gold_files)]
    workdir = Path(tempfile.mkdtemp(prefix="qa-soak-"))
    try:
        index_dir = workdir / "index"
        progress("soak: building the index ...")
        started = time.perf_counter()
        child = start_build(settings, index_dir)
        _, err = child.communicate()
        if child.returncode != 0:
            raise RuntimeError(f"qa build failed: {err.strip()[-500:]}")
        build = {"build_s": round(time.perf_counter() - started, 1)}
        progress("soak: answer latency idle, then while a build runs beside the server ...")
        beside = while_building(settings, index_dir, questions)
        progress(f"soak: {clients} clients for {seconds:.0f} s, a rebuild half-way ...")
        result = soak(settings, index_dir, questions, seconds, clients, progress)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = {"build": build, "while_building": beside, "soak": result}
    report["targets"] = soak_targets(report)
    return report


def soak_targets(report: dict) -> dict[str, dict]:
    soaked, beside = report["soak"], report["while_building"]
    return {
        "no_errors": {"value": soaked["errors"], "met": soaked["errors"] == 0},
        "reloaded_the_new_build": {
            "value": f"{soaked['build_before']} -> {soaked['build_after']}",
            "met": soaked["reloaded"] and soaked["build_exit"] == 0,
        },
        "memory_drift_under_5pct": {
            "value": f"{soaked['memory_drift_pct']}% ({soaked['rss_warm_mb']} -> "
            f"{soaked['rss_end_mb']} MB)",
            "met": soaked["memory_drift_pct"] is not None and soaked["memory_drift_pct"] < 5,
        },
        "answers_while_building_p50_within_3x_idle": {
            "value": f"{beside['p50_ratio']}x (p99 {beside['p99_ratio']}x)",
            "met": beside["p50_ratio"] is not None and beside["p50_ratio"] <= 3,
        },
    }


def soak_markdown(report: dict) -> str:
    soaked, beside = report["soak"], report["while_building"]
    lines = [
        "| measure | value |",
        "|---|---|",
        f"| soak | {soaked['clients']} clients, {soaked['seconds']:.0f} s, "
        f"{soaked['requests']} requests ({soaked['rps']} req/s) |",
        f"| errors | {soaked['errors']} {soaked['errors_by_kind'] or ''} |",
        f"| latency p50 / p99 | {soaked['latency_ms']['p50']} / {soaked['latency_ms']['p99']} ms |",
        f"| rebuild half-way | exit {soaked['build_exit']}; serving "
        f"{soaked['build_before']} -> {soaked['build_after']} |",
        f"| server memory (after warm-up -> end) | {soaked['rss_warm_mb']} -> "
        f"{soaked['rss_end_mb']} MB ({soaked['memory_drift_pct']}%) |",
        f"| answer p50 idle / while building | {beside['idle']['p50']} / "
        f"{beside['building']['p50']} ms ({beside['p50_ratio']}x) |",
        f"| answer p99 idle / while building | {beside['idle']['p99']} / "
        f"{beside['building']['p99']} ms ({beside['p99_ratio']}x) |",
        f"| build priority | nice +{beside['build_nice']} |",
        "",
        "| target | value | met |",
        "|---|---|---|",
    ]
    for name, target in report["targets"].items():
        lines.append(f"| {name} | {target['value']} | {'yes' if target['met'] else 'NO'} |")
    return "\n".join(lines) + "\n"
