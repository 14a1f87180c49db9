"""`fut up` (what `make up` runs) on the embedded defaults: SQLite, Prefect on SQLite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from fut.cli import demo_tokens
from fut.settings import REPO_ROOT
from fut.system import free_port, launch_up
from tests.integration.conftest import REPORT, wait_until


def start(var: Path, api_port: int, prefect_port: int) -> subprocess.Popen[str]:
    proc, output = launch_up(var, api_port, prefect_port)
    assert "Stop with Ctrl-C" in output, output
    assert f"http://127.0.0.1:{api_port}/docs" in output
    assert f"http://127.0.0.1:{prefect_port}" in output
    assert f"http://127.0.0.1:{api_port}/" in output
    passwords = printed_passwords(output)
    assert set(passwords) >= {"handlaggare", "utredare", "beslutsfattare", "ekonomi", "chef"}
    pages = httpx.Client(base_url=f"http://127.0.0.1:{api_port}", timeout=30)
    logged_in = pages.post(
        "/login", data={"username": "utredare", "password": passwords["utredare"]}
    )
    assert logged_in.status_code == 303, logged_in.text
    assert "Mina ärenden" in pages.get("/inbox").text
    return proc


def printed_passwords(output: str) -> dict[str, str]:
    """The demo users' passwords from what `fut up` printed: "  user  role  password  token"."""
    roles = {"handlaggare", "utredare", "beslutsfattare", "ekonomi", "chef"}
    found = {}
    for line in output.splitlines():
        words = line.split()
        if len(words) == 4 and words[1] in roles:
            found[words[0]] = words[2]
    return found


def stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGINT)
    proc.wait(60)


def call(http: httpx.Client, token: str, method: str, url: str, **kw: Any) -> Any:
    response = http.request(method, url, headers={"Authorization": f"Bearer {token}"}, **kw)
    assert response.status_code < 300, response.text
    return response.json()


def test_make_up_starts_on_sqlite_and_a_second_start_continues_waiting_cases(tmp_path):
    var = tmp_path / "var"
    api_port, prefect_port = free_port(), free_port()
    proc = start(var, api_port, prefect_port)
    try:
        tokens = demo_tokens(var)
        assert set(tokens) >= {"handlaggare", "utredare", "beslutsfattare", "ekonomi", "chef"}
        http = httpx.Client(base_url=f"http://127.0.0.1:{api_port}", timeout=30)
        case = call(http, tokens["handlaggare"], "POST", "/api/cases", json=REPORT)
        run_id = wait_until(
            lambda: call(http, tokens["utredare"], "GET", f"/api/cases/{case['id']}")[
                "flow_run_id"
            ],
            90,
        )
        prefect = httpx.Client(base_url=f"http://127.0.0.1:{prefect_port}/api", timeout=30)
        wait_until(
            lambda: prefect.get(f"/flow_runs/{run_id}").json()["state_type"] == "PAUSED",
            90,
            "case waiting at triage",
        )
    finally:
        stop(proc)
    assert (var / "futflow.db").exists() and (var / "prefect" / "prefect.db").exists()
    leftovers = subprocess.run(["pgrep", "-f", f"--port {api_port}"], capture_output=True)
    assert leftovers.stdout.strip() == b""

    proc = start(var, api_port, prefect_port)
    try:
        assert demo_tokens(var) == tokens
        http = httpx.Client(base_url=f"http://127.0.0.1:{api_port}", timeout=30)
        tasks = call(http, tokens["utredare"], "GET", "/api/tasks?role=utredare")
        triage = next(t for t in tasks if t["case_id"] == case["id"])
        call(
            http,
            tokens["utredare"],
            "POST",
            f"/api/tasks/{triage['id']}/complete",
            json={"outcome": "no_action", "priority": "low", "case_type": 1, "reason": "Litet"},
        )
        closed = wait_until(
            lambda: (
                (c := call(http, tokens["utredare"], "GET", f"/api/cases/{case['id']}"))["stage"]
                == "closed"
                and c
            ),
            90,
            "case closed",
        )
        assert [d["kind"] for d in closed["documents"]] == ["beslut_ingen_atgard"]
        assert (var / "documents" / case["case_number"]).is_dir()
    finally:
        stop(proc)


def user_add(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fut.cli", "user", "add", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_fut_user_add_prints_the_new_token_alone_on_the_last_line(tmp_path):
    env = {**os.environ, "FUT_VAR_DIR": str(tmp_path)}
    env.pop("FUT_DATABASE_URL", None)
    run = user_add(env, "anna", "--role", "utredare")
    assert run.returncode == 0, run.stderr
    token = run.stdout.strip().splitlines()[-1]
    assert len(token) >= 40 and " " not in token
    again = user_add(env, "anna", "--role", "utredare")
    assert again.returncode == 2 and "exists" in again.stderr
    wrong = user_add(env, "bo", "--role", "kung")
    assert wrong.returncode == 2 and "kung" in wrong.stderr

    from sqlmodel import Session

    from fut.auth import authenticate
    from fut.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'futflow.db'}")
    with Session(engine) as session:
        actor = authenticate(session, token)
        assert actor is not None and actor.username == "anna" and actor.roles == {"utredare"}
    engine.dispose()


def test_fut_user_passwd_reads_the_password_from_standard_input(tmp_path):
    env = {**os.environ, "FUT_VAR_DIR": str(tmp_path)}
    env.pop("FUT_DATABASE_URL", None)
    assert user_add(env, "anna", "--role", "utredare").returncode == 0

    def passwd(name: str, typed: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fut.cli", "user", "passwd", name],
            cwd=REPO_ROOT,
            env=env,
            input=typed,
            capture_output=True,
            text=True,
        )

    assert passwd("anna", "kort\n").returncode == 2  # under ten characters
    unknown = passwd("bo", "ett långt lösenord\n")
    assert unknown.returncode == 2 and "bo" in unknown.stderr
    done = passwd("anna", "ett långt lösenord\n")
    assert done.returncode == 0, done.stderr

    from sqlmodel import Session

    from fut.db import make_engine
    from fut.passwords import Refused, log_in

    engine = make_engine(f"sqlite:///{tmp_path / 'futflow.db'}")
    with Session(engine) as session:
        assert isinstance(log_in(session, "anna", "kort"), Refused)
        actor = log_in(session, "anna", "ett långt lösenord")
        assert not isinstance(actor, Refused) and actor.username == "anna"
    engine.dispose()
