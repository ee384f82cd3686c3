"""Load from loopback: wrk when installed (pinned to its own core), else a small asyncio client.

Both return the same figures: requests/s, p50 and p99 latency in ms, and how
many responses were not 2xx (a benchmark of errors is no benchmark).
"""

import asyncio
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    tool: str


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> Load:
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = (int(errors.group(1)) if errors else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return Load(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
                _ms(percentiles.get("50", "0ms")), _ms(percentiles.get("99", "0ms")), requests, failed, "wrk")


def run(url: str, seconds: float, connections: int, core: int | None) -> Load:
    wrk = shutil.which("wrk")
    if wrk:
        command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s", url]
        if core is not None and shutil.which("taskset"):
            command = ["taskset", "-c", str(core), *command]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return parse_wrk(output)
    command = [sys.executable, "-m", "bench.loadgen", url, str(seconds), str(connections)]
    if core is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(core), *command]
    rps, p50, p99, requests, errors = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    return Load(float(rps), float(p50), float(p99), int(requests), int(errors), "python")


async def _client(host: str, port: int, target: str, deadline: float, latencies: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n".encode()
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = re.search(rb"(?i)content-length: *(\d+)", head)
        if length:
            await reader.readexactly(int(length.group(1)))
        else:  # chunked
            while (size := int((await reader.readline()).strip() or b"0", 16)) > 0:
                await reader.readexactly(size + 2)
            await reader.readline()
        latencies.append(time.perf_counter() - started)
        if status >= 400:
            errors.append(status)
    writer.close()


async def _load(url: str, seconds: float, connections: int) -> tuple[float, float, float, int, int]:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(_client(parts.hostname, parts.port, target, deadline, latencies, errors)
                           for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0.0  # noqa: E731
    return len(latencies) / elapsed, pick(0.5), pick(0.99), len(latencies), len(errors)


if __name__ == "__main__":
    result = asyncio.run(_load(sys.argv[1], float(sys.argv[2]), int(sys.argv[3])))
    print(*result)
