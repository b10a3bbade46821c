"""`make cluster`: two replicas behind HAProxy (deploy/cluster.py, as the make target runs it) on free ports.

Both replicas serve, the stickiness cookie is set and honoured, a killed replica is taken out while new readers are
still served and comes back, a reader whose replica died gets the same view from another one (in Chromium), and
stopping leaves no process behind.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from deploy.cluster import Replica, haproxy_path, render_config, server_stats
from support.processes import alive, children, command_line, descendants
from tests.browser import no_exception, wait_for_app
from tests.conftest import ROOT, free_port
from tests.factories import csv_text, exchange_row

START_TIMEOUT_S = 90
SLIDER = '[data-testid="stSidebar"] [aria-label="Months shown — {thumb}"]'


@pytest.fixture(scope="module")
def haproxy() -> str:
    """HAProxy's path; missing fails under CI=true (`make test` installs it) and skips elsewhere."""
    found = haproxy_path()
    if found is None:
        message = "HAProxy is not installed (Debian: apt-get install haproxy; `make test` installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass
class Launcher:
    """`python -m deploy.cluster` with two replicas, as `make cluster REPLICAS=2` runs it."""

    process: subprocess.Popen
    url: str
    replica_ports: dict[str, int]
    state_dir: Path

    def states(self) -> dict[str, str]:
        return {name: row["status"] for name, row in server_stats(self.state_dir / "haproxy.sock").items()}

    def wait_for_states(self, expected: dict[str, str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while (states := self.states()) != expected:
            assert time.monotonic() < deadline, f"HAProxy sees {states}, expected {expected}"
            time.sleep(0.25)

    def replica_pid(self, name: str) -> int:
        port = self.replica_ports[name]
        (pid,) = [p for p in children(self.process.pid) if f"--server.port={port} " in command_line(p)]
        return pid

    def output(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.state_dir.glob("*.log"))
        )

    def stop(self, signum: int = signal.SIGTERM) -> dict[int, str]:
        """Stop the launcher; the processes it had started, with their commands (all should now be gone)."""
        started = {pid: command_line(pid) for pid in descendants(self.process.pid)}
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            for pid in started:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)
            raise
        return started


def start_launcher(state_dir: Path, *extra: str) -> Launcher:
    port, ports = free_port(), {"replica1": free_port(), "replica2": free_port()}
    command = [
        sys.executable, "-m", "deploy.cluster", "--replicas", "2", "--port", str(port),
        "--replica-ports", ",".join(str(p) for p in ports.values()), "--state-dir", str(state_dir), *extra,
    ]  # fmt: skip
    state_dir.mkdir(parents=True, exist_ok=True)
    with (state_dir / "launcher.log").open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    launcher = Launcher(process, f"http://127.0.0.1:{port}", ports, state_dir)
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        assert process.poll() is None, f"the launcher exited with {process.returncode}:\n{launcher.output()}"
        try:
            if launcher.states() == {"replica1": "UP", "replica2": "UP"}:
                return launcher
        except OSError:
            pass  # HAProxy not started yet
        if time.monotonic() > deadline:
            launcher.stop()
            pytest.fail(f"the cluster did not come up in {START_TIMEOUT_S} s:\n{launcher.output()}")
        time.sleep(0.3)


@pytest.fixture
def cluster(haproxy: str, tmp_path: Path) -> Iterator[Launcher]:
    launcher = start_launcher(tmp_path / "cluster")
    try:
        yield launcher
    finally:
        launcher.stop()


def get(url: str, cookie: str | None = None) -> tuple[int, str | None, bytes]:
    """Status, the replica the stickiness cookie names (None when none is set) and the body of a GET."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        replica = cookies["replica"].value if "replica" in cookies else None
        return response.status, replica, response.read()


def answered(launcher: Launcher) -> dict[str, int]:
    """Responses each replica has given through HAProxy so far (health checks not counted)."""
    stats = server_stats(launcher.state_dir / "haproxy.sock")
    return {name: int(row["hrsp_2xx"] or 0) for name, row in stats.items()}


def test_replicas_serve_stick_to_their_cookie_and_survive_a_lost_one(cluster: Launcher):
    # Readers without a cookie are spread over both replicas, and each is told which one is theirs.
    first_visits = [get(cluster.url + "/bodies?from=2025-05&to=2025-08") for _ in range(4)]
    assert all(status == 200 for status, _, _ in first_visits)
    assert {replica for _, replica, _ in first_visits} == {"replica1", "replica2"}
    assert all(b"<title>" in body.lower() or b"streamlit" in body.lower() for _, _, body in first_visits)

    # A reader with a cookie stays on its replica: static files, health, everything.
    for name in ("replica1", "replica2"):
        before = answered(cluster)
        for path in ("/", "/_stcore/health", "/_stcore/host-config", "/bodies"):
            status, replica, _ = get(cluster.url + path, cookie=f"replica={name}")
            assert (status, replica) == (200, None)  # honoured: not set again
        after = answered(cluster)
        other = "replica2" if name == "replica1" else "replica1"
        assert after[name] - before[name] == 4
        assert after[other] == before[other]

    # Kill replica1: new readers are served at once, and so is a reader whose cookie names the dead replica
    # (sent to replica2, which it is told from now on); HAProxy's health check takes replica1 out within seconds.
    os.kill(cluster.replica_pid("replica1"), signal.SIGKILL)
    killed = time.monotonic()
    for _ in range(4):
        assert get(cluster.url + "/")[0] == 200
    status, replica, _ = get(cluster.url + "/", cookie="replica=replica1")
    assert (status, replica) == (200, "replica2")
    cluster.wait_for_states({"replica1": "DOWN", "replica2": "UP"}, timeout=10)
    assert time.monotonic() - killed < 10
    assert {get(cluster.url + "/")[1] for _ in range(4)} == {"replica2"}

    # The launcher starts it again and HAProxy puts it back: new readers reach it again.
    cluster.wait_for_states({"replica1": "UP", "replica2": "UP"}, timeout=START_TIMEOUT_S)
    assert "replica1" in {get(cluster.url + "/")[1] for _ in range(4)}

    # Stopping (SIGTERM, as `kill` or a service manager sends it) leaves none of its processes behind.
    started = cluster.stop(signal.SIGTERM)
    assert cluster.process.returncode == 0, cluster.output()
    assert sum("streamlit run app.py" in command for command in started.values()) == 2, started
    assert sum("haproxy -db" in command for command in started.values()) == 1, started
    assert [pid for pid in started if alive(pid)] == []
    assert not (cluster.state_dir / "haproxy.sock").exists()
    for name in ("replica1", "replica2", "haproxy"):  # a log each
        assert (cluster.state_dir / f"{name}.log").stat().st_size > 0


def test_the_template_renders_one_server_per_replica_and_haproxy_accepts_it(haproxy: str, tmp_path: Path):
    replicas = [Replica(f"replica{i}", 8500 + i, tmp_path / f"replica{i}.log") for i in (1, 2, 3)]
    config = render_config("127.0.0.1:8500", replicas, tmp_path / "haproxy.sock")
    servers = [line.split() for line in config.splitlines() if line.strip().startswith("server ")]
    assert servers == [["server", f"replica{i}", f"127.0.0.1:{8500 + i}", "cookie", f"replica{i}"] for i in (1, 2, 3)]
    assert "bind 127.0.0.1:8500" in config and "$" not in config
    (tmp_path / "haproxy.cfg").write_text(config)
    checked = subprocess.run([haproxy, "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_ctrl_c_while_starting_stops_everything(haproxy: str, tmp_path: Path):
    """Ctrl-C (SIGINT) before the replicas are up: the launcher still stops what it started."""
    port = free_port()
    state_dir = tmp_path / "cluster"
    process = subprocess.Popen(
        [sys.executable, "-m", "deploy.cluster", "--replicas", "2", "--port", str(port), "--replica-ports",
         f"{free_port()},{free_port()}", "--state-dir", str(state_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while len([p for p in children(process.pid) if "streamlit" in command_line(p)]) < 2:
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()[0]
        time.sleep(0.1)
    started = descendants(process.pid)
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=30)[0]
    assert process.returncode == 0, output
    assert [pid for pid in started if alive(pid)] == [], output


def test_a_broken_data_folder_stops_the_cluster_before_it_starts(haproxy: str, tmp_path: Path):
    broken = tmp_path / "data"
    shutil.copytree(ROOT / "data", broken)
    (broken / "exchanges.csv").write_text("event_id,date\nx,2025-13-01\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "deploy.cluster", "--replicas", "2", "--port", str(free_port()), "--data", str(broken),
         "--state-dir", str(tmp_path / "cluster")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "exchanges.csv" in result.stdout + result.stderr
    assert not (tmp_path / "cluster").exists()  # nothing was started


def month_titles_say(page, label: str) -> None:
    page.wait_for_function(
        """(label) => {
          const titles = [...document.querySelectorAll('.js-plotly-plot .gtitle')].map((e) => e.textContent);
          return titles.length > 0 && titles.every((t) => t.includes(label));
        }""",
        arg=label,
        timeout=60_000,
    )


def replica_of(context) -> str:
    (value,) = [c["value"] for c in context.cookies() if c["name"] == "replica"]
    return value


@pytest.mark.browser
def test_a_reader_whose_replica_dies_gets_the_same_view_from_another(haproxy: str, tmp_path: Path, browser: Browser):
    # No restarts here, so that the reader can only come back on the other replica.
    cluster = start_launcher(tmp_path / "cluster", "--no-restart")
    contexts = []
    try:
        # An upload goes through HAProxy to the reader's replica (XSRF cookie and token included).
        uploader = browser.new_context(viewport={"width": 1366, "height": 900})
        contexts.append(uploader)
        page = uploader.new_page()
        page.goto(cluster.url + "/upload")
        wait_for_app(page)
        rows = [exchange_row(event_id="2025-05-23-prisoners", date="2025-05-23", to_ukraine=111, to_russia=222)]
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            files=[{"name": "exchanges.csv", "mimeType": "text/csv", "buffer": csv_text(rows).encode()}]
        )
        expect(page.locator('[data-testid="stFileChipName"]').first).to_have_text("exchanges.csv", timeout=30_000)
        page.locator('[data-testid="stFormSubmitButton"] button').click()
        expect(page.locator(".st-key-upload-clear")).to_be_visible(timeout=30_000)  # "Return to the published data"
        no_exception(page)

        # A reader on the bodies page for May-August 2025.
        reader = browser.new_context(viewport={"width": 1366, "height": 900})
        contexts.append(reader)
        page = reader.new_page()
        page.goto(cluster.url + "/bodies?from=2025-05&to=2025-08")
        wait_for_app(page)
        month_titles_say(page, "May 2025 – Aug 2025")
        before = replica_of(reader)
        page.evaluate("() => { window.__sameDocument = true; }")

        os.kill(cluster.replica_pid(before), signal.SIGKILL)
        killed = time.monotonic()
        cluster.wait_for_states({before: "DOWN", ({"replica1", "replica2"} - {before}).pop(): "UP"}, timeout=10)

        # Streamlit's client reconnects on its own (no reload) and lands on the other replica...
        deadline = time.monotonic() + 60
        while replica_of(reader) == before:
            assert time.monotonic() < deadline, "the reader's cookie still names the dead replica"
            page.wait_for_timeout(250)
        wait_for_app(page, timeout=60_000)
        # ... with the same months in the address and on the page.
        assert re.search(r"/bodies\?.*from=2025-05&to=2025-08", page.url), page.url
        month_titles_say(page, "May 2025 – Aug 2025")
        print(f"the reader was back on {replica_of(reader)} {time.monotonic() - killed:.1f} s after {before} died")
        # And the session there is live: a month change is answered and written to the address.
        page.locator(SLIDER.format(thumb="end")).press("ArrowLeft")
        month_titles_say(page, "May 2025 – Jul 2025")
        expect(page).to_have_url(re.compile(r"/bodies\?.*from=2025-05&to=2025-07"))
        no_exception(page)
        assert page.evaluate("() => window.__sameDocument") is True
    finally:
        for context in contexts:
            context.close()
        started = cluster.stop(signal.SIGINT)
        assert [pid for pid in started if alive(pid)] == []
