"""Several replicas of the app behind HAProxy on this machine: `python -m deploy.cluster` (what `make cluster` runs).

Checks the data folder once, starts N `streamlit run app.py` on loopback ports, waits until each answers
/_stcore/health, renders deploy/haproxy.cfg for them and runs HAProxy in the foreground in front. While it runs, a
replica that exits is started again (HAProxy's health check takes it out meanwhile and back in once it serves).
Ctrl-C or SIGTERM stops HAProxy, then the replicas, and anything they started; nothing is left behind.
Each replica writes its own log (and HAProxy its own) under the state folder, `.cluster/` by default.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "haproxy.cfg"
HEALTH_PATH = "/_stcore/health"
START_TIMEOUT_S = 90.0  # a replica on a busy 2-core machine takes 5-20 s to import the app and serve
STOP_TIMEOUT_S = 10.0
# A replica that exits is started again after this long: HAProxy has taken it out by then (2 failed checks, 1 s
# apart), and one that fails at start does not spin.
RESTART_DELAY_S = 5.0


def log(message: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Stopped(Exception):
    """A stop was requested while the cluster was starting."""


@dataclass
class Replica:
    """One `streamlit run app.py` on its own port, known to HAProxy as `name`."""

    name: str
    port: int
    log_path: Path
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def server_line(self) -> str:
        return f"server {self.name} 127.0.0.1:{self.port} cookie {self.name}"


def render_config(bind: str, replicas: list[Replica], socket_path: Path, template: Path = TEMPLATE) -> str:
    """The HAProxy configuration for these replicas, from the commented template."""
    servers = "\n    ".join(replica.server_line() for replica in replicas)
    return string.Template(template.read_text(encoding="utf-8")).substitute(
        bind=bind, servers=servers, socket=socket_path
    )


def haproxy_path() -> str | None:
    """HAProxy on PATH, or Debian's /usr/sbin/haproxy (not on a normal user's PATH)."""
    return shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")


def server_stats(socket_path: Path, backend: str = "replicas") -> dict[str, dict[str, str]]:
    """HAProxy's statistics of each replica (`status` is UP, DOWN, ...), from its admin socket's `show stat`."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(str(socket_path))
        sock.sendall(b"show stat\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    lines = b"".join(chunks).decode().splitlines()
    header = lines[0].lstrip("# ").split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
    return {
        row["svname"]: row
        for row in rows
        if row.get("pxname") == backend and row["svname"] not in ("FRONTEND", "BACKEND")
    }


def is_healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


def _die_with_parent() -> None:
    """In a child, before exec: a SIGTERM when the launcher dies, even by SIGKILL (Linux's PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def spawn(command: list[str], log_path: Path, env: dict[str, str]) -> subprocess.Popen:
    """A child in its own process group (so that it and whatever it starts are stopped together), logging to a file."""
    with log_path.open("a", encoding="utf-8") as log_file:
        log_file.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(command)}\n")
        log_file.flush()
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # before any thread is started
        )


def stop_group(process: subprocess.Popen, timeout: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM to the child's process group, SIGKILL to whatever is left after `timeout`."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    # The group outlives its leader when the leader started children (a replica's PNG-export Chromium).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class Cluster:
    """The replicas and HAProxy; `run()` blocks until `stop()` is called (by a signal) or HAProxy fails."""

    def __init__(
        self,
        port: int,
        replica_ports: list[int],
        data: Path,
        state_dir: Path,
        restart: bool = True,
        address: str = "127.0.0.1",
    ):
        self.port = port
        self.address = address
        self.data = data
        self.state_dir = state_dir
        self.restart = restart
        self.replicas = [
            Replica(f"replica{index}", replica_port, state_dir / f"replica{index}.log")
            for index, replica_port in enumerate(replica_ports, start=1)
        ]
        self.config_path = state_dir / "haproxy.cfg"
        self.socket_path = state_dir / "haproxy.sock"
        self.haproxy_log = state_dir / "haproxy.log"
        self.haproxy: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.env = {**os.environ, "EXCHANGE_TRACKER_DATA": str(data)}

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}"

    def replica_command(self, replica: Replica) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", "app.py",
            f"--server.port={replica.port}",
            "--server.address=127.0.0.1",  # only HAProxy reaches the replicas
            "--server.headless=true",
            "--browser.gatherUsageStats=false",
        ]  # fmt: skip

    def start_replica(self, replica: Replica) -> None:
        replica.process = spawn(self.replica_command(replica), replica.log_path, self.env)
        replica.starts += 1

    def wait_for_replicas(self, timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        waiting = list(self.replicas)
        while waiting:
            if self.stopping.is_set():
                raise Stopped
            for replica in list(waiting):
                if replica.process.poll() is not None:
                    raise RuntimeError(f"{replica.name} (port {replica.port}) exited; see {replica.log_path}")
                if is_healthy(replica.url):
                    waiting.remove(replica)
            if waiting and time.monotonic() > deadline:
                names = ", ".join(r.name for r in waiting)
                raise RuntimeError(f"not healthy after {timeout:.0f} s: {names}; see their logs in {self.state_dir}")
            if waiting:
                self.stopping.wait(0.3)

    def start_haproxy(self, haproxy: str) -> None:
        self.config_path.write_text(
            render_config(f"{self.address}:{self.port}", self.replicas, self.socket_path), encoding="utf-8"
        )
        checked = subprocess.run([haproxy, "-c", "-q", "-f", str(self.config_path)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"HAProxy refuses {self.config_path}:\n{checked.stdout}{checked.stderr}")
        self.haproxy = spawn([haproxy, "-db", "-f", str(self.config_path)], self.haproxy_log, self.env)
        deadline = time.monotonic() + 15
        while not is_healthy(self.url):
            if self.haproxy.poll() is not None:
                raise RuntimeError(f"HAProxy exited; see {self.haproxy_log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy does not answer at {self.url}; see {self.haproxy_log}")
            self.stopping.wait(0.2)

    def start(self, haproxy: str) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        for replica in self.replicas:
            self.start_replica(replica)
        ports = ", ".join(str(r.port) for r in self.replicas)
        log(f"starting {len(self.replicas)} replicas on 127.0.0.1 ports {ports} (data: {self.data})")
        self.wait_for_replicas()
        self.start_haproxy(haproxy)
        log(f"serving at {self.url} (HAProxy, cookie stickiness); logs in {self.state_dir}; Ctrl-C stops")

    def watch(self) -> int:
        """Restart replicas that exit until asked to stop; the exit status for the launcher."""
        while not self.stopping.wait(0.5):
            if self.haproxy.poll() is not None:
                log(f"HAProxy exited with status {self.haproxy.returncode}; stopping (see {self.haproxy_log})")
                return 1
            for replica in self.replicas:
                if replica.process is None or replica.process.poll() is None:
                    continue
                status = replica.process.returncode
                stop_group(replica.process, timeout=1)  # anything it started
                replica.process = None
                if not self.restart:
                    log(f"{replica.name} (port {replica.port}) exited with status {status}; left stopped")
                    continue
                log(f"{replica.name} (port {replica.port}) exited with status {status}; starting it again")
                self.stopping.wait(RESTART_DELAY_S)
                if not self.stopping.is_set():
                    self.start_replica(replica)
        return 0

    def stop(self) -> None:
        """HAProxy first (no new requests), then every replica; each with whatever it started."""
        if self.haproxy is not None:
            stop_group(self.haproxy, timeout=5)
        running = [r.process for r in self.replicas if r.process is not None]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in running:
            stop_group(process)
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()


def check_data(folder: Path) -> bool:
    """The shared data folder, validated once before any replica starts (problems are printed)."""
    return subprocess.run([sys.executable, "-m", "exchange_tracker.check_data", str(folder)], cwd=ROOT).returncode == 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", 3)))
    parser.add_argument("--port", type=int, default=8500, help="where HAProxy listens (default 8500)")
    parser.add_argument(
        "--replica-ports",
        help="comma-separated ports of the replicas (default: the REPLICAS ports after --port)",
    )
    parser.add_argument("--address", default="127.0.0.1", help="HAProxy's address (default 127.0.0.1)")
    parser.add_argument("--data", default=os.environ.get("EXCHANGE_TRACKER_DATA") or "data")
    parser.add_argument("--state-dir", default=str(ROOT / ".cluster"), help="rendered config and logs")
    parser.add_argument("--no-restart", action="store_true", help="leave a replica that exits stopped")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    if args.replica_ports:
        args.replica_ports = [int(p) for p in args.replica_ports.split(",")]
        if len(args.replica_ports) != args.replicas:
            parser.error(f"--replica-ports names {len(args.replica_ports)} ports for {args.replicas} replicas")
    else:
        args.replica_ports = [args.port + i for i in range(1, args.replicas + 1)]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    haproxy = haproxy_path()
    if haproxy is None:
        log("HAProxy is missing: Debian/Ubuntu `apt-get install haproxy` (`make cluster` installs it as root)")
        return 1
    data = (ROOT / args.data).resolve()  # a relative folder is taken from the project folder, as `make run` does
    if not check_data(data):
        log(f"not starting: the data folder {data} has problems (above)")
        return 1
    cluster = Cluster(args.port, args.replica_ports, data, Path(args.state_dir).resolve(), restart=not args.no_restart)

    def request_stop(signum: int, _frame) -> None:
        log(f"{signal.Signals(signum).name}: stopping")
        cluster.stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGHUP, request_stop)
    status = 1
    try:
        cluster.start(haproxy)
        status = cluster.watch()
    except RuntimeError as error:
        log(str(error))
    except Stopped:  # Ctrl-C while starting
        status = 0
    finally:
        cluster.stop()
        log("stopped")
    return status


if __name__ == "__main__":
    sys.exit(main())
