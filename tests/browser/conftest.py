"""Real-browser tests: Playwright drives Debian's chromium against a real server process.

Each test session (each xdist worker) starts ``kotacerdas runserver`` on a free port with its
own database (a temporary SQLite file, or a fresh PostgreSQL database when DATABASE_URL is
set), migrated and loaded with the demo programme exactly as ``make run`` does.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PASSWORD = "demo-kotacerdas-2026"
# Each running server's environment, by base URL (run_command runs a command on its database).
SERVER_ENV: dict[str, dict[str, str]] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _kotacerdas() -> list[str]:
    return [sys.executable, "-m", "kotacerdas"]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """Base URL of a running server with the demo programme."""
    var_dir = tmp_path_factory.mktemp("browser-var")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "KOTACERDAS_VAR_DIR": str(var_dir),
            "DEBUG": "1",
            "KOTACERDAS_DEMO": "1",
            "PYTHONWARNINGS": "ignore",
            "KOTACERDAS_CSP_ENFORCE": "1",  # pages must work under the production policy
        }
    )
    # Documents of the demo's big plans go to a background job (a worker runs beside the server).
    env["KOTACERDAS_DOCUMENTS_SECONDS_PER_ROW"] = "0.01"
    pg_admin_url = None
    db_name = None
    if os.environ.get("DATABASE_URL"):
        import psycopg

        parsed = urlparse(os.environ["DATABASE_URL"])
        db_name = f"{parsed.path.lstrip('/')}_browser_{worker_id}".replace("-", "_")
        pg_admin_url = urlunparse(parsed._replace(path="/postgres"))
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{db_name}"')
        env["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{db_name}"))
    subprocess.run([*_kotacerdas(), "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*_kotacerdas(), "bootstrap", "--demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    log = open(Path(var_dir) / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [*_kotacerdas(), "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker_log = open(Path(var_dir) / "worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [*_kotacerdas(), "db_worker", "--interval", "0.2", "--no-reload", "--no-startup-delay"],
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    SERVER_ENV[base] = env
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        server.terminate()
        worker.terminate()
        raise RuntimeError(f"server did not start; see {var_dir}/server.log")
    yield base
    server.terminate()
    worker.terminate()
    server.wait(timeout=10)
    worker.wait(timeout=10)
    log.close()
    worker_log.close()
    if pg_admin_url and db_name:
        import psycopg

        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID", "viewport": {"width": 1280, "height": 900}}


def run_command(base: str, *args: str) -> str:
    """Run ``kotacerdas <args>`` on the database of the server at ``base`` (data a test needs that
    the demo does not build); returns its output."""
    done = subprocess.run(
        [*_kotacerdas(), *args], env=SERVER_ENV[base], check=True, capture_output=True, text=True
    )
    return done.stdout


def login(page: Any, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
