"""Start the servers under test (one uvicorn worker each, pinned to one core, unless told) and sample their memory.

The API and Datasette are both served by the same uvicorn command (same event
loop, HTTP parser and no access log), so only the application differs.
"""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    """Resident memory of the process and its descendants (uvicorn's workers, when there are several)."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total = int(line.split()[1]) / 1024
    except OSError:
        pass
    return total + sum(rss_mb(child) for child in _children(pid))


class Server:
    def __init__(self, name: str, app: str, port: int, env: dict[str, str], core: int | None, log: Path,
                 workers: int = 1):
        """One worker pinned to `core`; several workers (`workers` > 1) are left to the scheduler on every core."""
        self.name, self.port, self.url = name, port, f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
                   "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
        if core is not None and workers == 1 and shutil.which("taskset"):
            command = ["taskset", "-c", str(core), *command]
        self.log = log.open("w")
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=self.log,
                                        stderr=subprocess.STDOUT)

    def wait(self, path: str, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log.name}")
            try:
                if httpx.get(self.url + path, timeout=60).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise TimeoutError(f"{self.name} did not answer {path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def cpu_seconds(pid: int) -> float:
    """CPU time of the process and its descendants."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0
    return own + sum(cpu_seconds(child) for child in _children(pid))


def wait_idle(pids: list[int], timeout: float = 120) -> None:
    """Wait until no server uses CPU: a load generator that stops leaves queued requests behind, and
    a server still working through them would slow the next server measured on the same core."""
    deadline = time.monotonic() + timeout
    last, quiet = [cpu_seconds(pid) for pid in pids], 0
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(0.25)
        now = [cpu_seconds(pid) for pid in pids]
        quiet = quiet + 1 if sum(now) - sum(last) <= 0.02 else 0
        last = now


class PeakMemory:
    """Samples a process's resident memory every 20 ms in a thread; `peak` in MB."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, rss_mb(pid), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb(self.pid))

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()
