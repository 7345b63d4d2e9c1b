"""The multi-user hub end to end: a real JupyterHub on 127.0.0.1 with two customer courses side by
side (sourcegraph-101-acme, sourcegraph-101-globex), learners as real Unix users, a formgrader
service per course run as that course's grader user (made by the hub), gradebooks on a throwaway
PostgreSQL server (one database per course).

The path is the one people take: graders and learners log in through the hub's login form and act
with their own tokens; the grader releases and collects through the formgrader's API (its
buttons), learners list, fetch, save (the contents API, as JupyterLab saves) and submit through
nbgrader's assignment-list API on their own servers; the trainer autogrades with the kit's
sandboxed grading on the hub machine; the grader sees the scores in the formgrader, in Chromium.

The hub serves a copy of the checkout (kit/ included) in a folder every user can reach, so what
keeps learners out of it, and out of the keys and each other's homes, is the hub's own file modes
(kit.hub.lockdown), tried from a learner's kernel.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from kit.certify.keys import KEY_DIR_ENV, KEY_FILE, load_or_create_key
from kit.demo.learners import answered_notebook, load_demo_script
from kit.errors import ConfigError
from kit.grading.gradebook_db import prepare_gradebook, sqlite_url
from kit.hub.accounts import GRADERS_GROUP
from kit.hub.grading import autograde_hub_course
from kit.hub.learner_env import python_of
from kit.hub.nbgrader import grader_config_dir, hub_course_layout
from kit.hub.run import hub_command
from kit.hub.settings import HubSettings, load_hub_settings
from kit.hub.tools import base_interpreter, proxy_command
from kit.notebook_io import read_notebook
from kit.practice.corpus_builder import sources_digest
from kit.project import Project
from kit.records import Records
from tests.hub.hub_client import HubUser
from tests.postgres_server import postgres_server

pytestmark = pytest.mark.slow

ACME = "sourcegraph-101-acme"
GLOBEX = "sourcegraph-101-globex"
LEARNER_A = "sgkit-learner-a"
LEARNER_B = "sgkit-learner-b"
GRADER_ACME = "trainer-acme"
GRADER_GLOBEX = "trainer-globex"
PASSWORD = "hub-e2e-password"
ASSIGNMENT = "search-basics"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"


def require_hub_dependencies() -> None:
    """Fail (never skip) when the machine lacks what the hub needs."""
    if os.geteuid() != 0:
        pytest.fail("the hub test creates Unix users and runs the hub as root; run it as root")
    for tool in ("useradd", "userdel", "groupdel", "runuser", "pgrep", "bwrap"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found; run `make hub-deps` and `make sandbox-deps`")
    if shutil.which("chromium") is None:
        pytest.fail("chromium not found; run `make chromium-deps`")
    try:
        proxy_command()
        base_interpreter()
    except ConfigError as exc:
        pytest.fail(f"{exc}")


def free_port_range(width: int = 8) -> int:
    """A base port with `width` free ports from it."""
    for _ in range(50):
        base = random.randrange(20000, 40000)
        try:
            for port in range(base, base + width):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free port range")


@dataclass
class Hub:
    """A running hub and what the test needs to drive it."""

    settings: HubSettings
    settings_file: Path
    project: Project
    key_dir: Path
    url: str


def served_checkout(shared: Path) -> Project:
    """A copy of the checkout for the hub to serve: its committed parts, the kit's source, a
    records database and a gradebook in grading/ (the test's own checkout is left alone)."""
    checkout = Path(__file__).resolve().parents[2]
    root = shared / "checkout"
    for folder in ("courses", "notebooks", "release", "kit"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(checkout / folder, root / folder, ignore=ignore)
    (root / "grading").mkdir()
    for name in ("nbgrader_config.py", "jupyterhub_config.py"):
        shutil.copy(checkout / "grading" / name, root / "grading")
    project = Project(root)
    with Records(f"sqlite:///{project.grading_dir / 'records.db'}"):
        pass
    prepare_gradebook(sqlite_url(project.grading_dir / "sourcegraph-101"))
    for path in (root, *root.rglob("*")):  # as an admin's umask leaves a clone: all readable
        path.chmod(0o755 if path.is_dir() else 0o644)
    return project


def loose_signing_key(folder: Path) -> Path:
    """The issuer's key as a careless admin leaves it: folder 0755, key 0644."""
    load_or_create_key(folder)
    folder.chmod(0o755)
    (folder / KEY_FILE).chmod(0o644)
    return folder


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    require_hub_dependencies()
    # Learners must reach the exchange and their config: not under pytest's private tmp folder.
    shared = Path(tempfile.mkdtemp(prefix="sgkit-hub-e2e-"))
    shared.chmod(0o755)
    project = served_checkout(shared)
    key_dir = loose_signing_key(shared / "keys")
    users = [LEARNER_A, LEARNER_B]
    for user in users:
        remove_account(user)
        subprocess.run(["useradd", "-m", "-s", "/bin/bash", user], check=True)
    gradebooks = contextlib.ExitStack()
    server = gradebooks.enter_context(postgres_server()).rsplit("/", 1)[0]
    settings_file = shared / "hub.yaml"
    settings_file.write_text(
        json.dumps(
            {
                "port": free_port_range(),
                "state_dir": str(shared / "state"),
                "exchange_root": str(shared / "exchange"),
                "gradebook_url": f"{server}/gradebook_{{course}}",
                "authenticator": "dummy",
                "dummy_password": PASSWORD,
                "courses": [
                    {
                        "id": ACME,
                        "course": "sourcegraph-101",
                        "learners": users,
                        "graders": [GRADER_ACME],
                    },
                    {
                        "id": GLOBEX,
                        "course": "sourcegraph-101",
                        "learners": [],
                        "graders": [GRADER_GLOBEX],
                    },
                ],
            }
        )
    )
    settings = load_hub_settings(settings_file)
    argv, env = hub_command(settings_file, project)
    env[KEY_DIR_ENV] = str(key_dir)
    log = (shared / "hub.log").open("w")
    started = time.monotonic()
    process = subprocess.Popen(
        argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_for_hub(settings, process, shared / "hub.log")
        print(f"hub up with two formgraders in {time.monotonic() - started:.1f} s")
        yield Hub(settings, settings_file, project, key_dir, settings.url)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: the hub did not stop in time
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)  # reaped, so no process outlives the fixture
        log.close()
        kept = tmp_path_factory.mktemp("hub-log") / "hub.log"  # the hub's and services' output
        shutil.copy(shared / "hub.log", kept)
        graders = [course.grader_user for course in settings.courses]
        for user in (*users, *graders):  # the hub made the graders, homes in its state folder
            remove_account(user)
        for group in (*(c.unix_group for c in settings.courses), GRADERS_GROUP, *graders):
            subprocess.run(["groupdel", group], capture_output=True, check=False)
        shutil.rmtree(shared, ignore_errors=True)
        gradebooks.close()


def remove_account(user: str) -> None:
    """Kill a test account's processes, wait for them to end, delete it and its home folder.

    userdel refuses an account whose processes still run, and a home left behind would give
    the next run's learner of that name the last run's fetched and submitted work.
    """
    try:
        home: Path | None = Path(pwd.getpwnam(user).pw_dir)
    except KeyError:
        home = None
    subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True, check=False)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if subprocess.run(["pgrep", "-u", user], capture_output=True, check=False).returncode:
            break
        time.sleep(0.2)
    subprocess.run(["userdel", user], capture_output=True, check=False)
    for folder in (home, Path("/home") / user):
        if folder is not None and folder.parent == Path("/home"):
            shutil.rmtree(folder, ignore_errors=True)


def wait_for_hub(settings: HubSettings, process: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until the hub answers and both formgraders are routed."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the hub stopped:\n{log.read_text()[-3000:]}")
        if "JupyterHub is now running" in log.read_text(errors="replace"):
            return
        time.sleep(0.5)
    raise AssertionError(f"the hub did not start in 120 s:\n{log.read_text()[-3000:]}")


def ok(response: httpx.Response) -> Any:
    """The JSON body of a successful nbgrader API answer."""
    assert response.status_code == 200, f"{response.status_code}: {response.text[:500]}"
    body = response.json()
    if isinstance(body, dict) and "success" in body:
        assert body["success"], str(body.get("value") or body.get("error"))[-1500:]
        return body.get("value")
    return body


def as_user(hub: Hub, user: str, code: str) -> dict[str, str]:
    """Run Python (the learners' environment) as a Unix user; the JSON it prints."""
    result = subprocess.run(
        ["runuser", "-u", user, "--", str(python_of(hub.settings.learner_env)), "-c", code],
        capture_output=True, text=True, check=True, timeout=60, cwd="/",
    )  # fmt: skip
    return dict(json.loads(result.stdout))


PROBE = """
import json, os, sys
def attempt(action):
    try:
        action()
    except PermissionError:
        return "denied"
    except OSError as exc:
        return type(exc).__name__
    return "allowed"
"""


@dataclass
class Cohort:
    """The state after the learners submitted: who submitted what, where."""

    learners: dict[str, HubUser]
    grader: HubUser
    other_grader: HubUser
    inbound: Path


@pytest.fixture(scope="module")
def cohort(hub: Hub) -> Iterator[Cohort]:
    """The cohort after release, fetch and submit (see submit_all)."""
    grader = HubUser(hub.url, GRADER_ACME, PASSWORD)
    other_grader = HubUser(hub.url, GRADER_GLOBEX, PASSWORD)
    learners = {name: HubUser(hub.url, name, PASSWORD) for name in (LEARNER_A, LEARNER_B)}
    try:
        yield submit_all(hub, grader, other_grader, learners)
    finally:
        for user in (grader, other_grader, *learners.values()):
            user.close()


def submit_all(
    hub: Hub, grader: HubUser, other_grader: HubUser, learners: dict[str, HubUser]
) -> Cohort:
    """Release in both courses; both learners fetch; A answers everything right, B submits blank."""
    started = time.monotonic()
    ok(
        grader.service(
            f"formgrade-{ACME}", "POST", f"/formgrader/api/assignment/{ASSIGNMENT}/release"
        )
    )
    ok(
        other_grader.service(
            f"formgrade-{GLOBEX}", "POST", f"/formgrader/api/assignment/{ASSIGNMENT}/release"
        )
    )
    for learner in learners.values():
        learner.start_server()
    print(f"released twice and started two learner servers in {time.monotonic() - started:.1f} s")
    script = load_demo_script()
    all_right = script.learners[0].answers_for(ASSIGNMENT)
    for name, learner in learners.items():
        listed = ok(learner.server("GET", "/assignments", params={"course_id": ACME}))
        assert [(a["course_id"], a["assignment_id"], a["status"]) for a in listed] == [
            (ACME, ASSIGNMENT, "released")
        ]
        ok(
            learner.server(
                "POST", "/assignments/fetch", data={"course_id": ACME, "assignment_id": ASSIGNMENT}
            )
        )
        path = f"{ACME}/{ASSIGNMENT}/{NOTEBOOK}"
        fetched = ok(learner.server("GET", f"/api/contents/{path}"))["content"]
        if name == LEARNER_A:
            answered = answered_notebook(_nbformat(fetched), all_right)
            saved = learner.server(
                "PUT", f"/api/contents/{path}",
                json={"type": "notebook", "format": "json", "content": answered},
            )  # fmt: skip
            assert saved.status_code == 200, saved.text
        ok(
            learner.server(
                "POST", "/assignments/submit", data={"course_id": ACME, "assignment_id": ASSIGNMENT}
            )
        )
    inbound = hub.settings.exchange_root / ACME / "inbound"
    return Cohort(learners, grader, other_grader, inbound)


def _nbformat(content: dict[str, Any]) -> Any:
    import nbformat

    return nbformat.from_dict(content)


def submission_of(cohort: Cohort, learner: str) -> Path:
    (found,) = sorted(cohort.inbound.glob(f"{learner}+{ASSIGNMENT}+*"))
    return found


def test_a_learner_sees_only_the_courses_of_their_groups(hub: Hub, cohort: Cohort) -> None:
    learner = cohort.learners[LEARNER_A]
    assert ok(learner.server("GET", "/courses")) == [ACME]
    assert ok(learner.server("GET", "/assignments", params={"course_id": GLOBEX})) == []


def test_a_grader_reaches_only_the_formgrader_of_their_course(cohort: Cohort) -> None:
    own = cohort.grader.service(f"formgrade-{ACME}", "GET", "/formgrader/api/assignments")
    other = cohort.grader.service(f"formgrade-{GLOBEX}", "GET", "/formgrader/api/assignments")
    assert ASSIGNMENT in [a["name"] for a in ok(own)]
    assert other.status_code == 403
    learner = cohort.learners[LEARNER_A].service(
        f"formgrade-{ACME}", "GET", "/formgrader/api/assignments"
    )
    assert learner.status_code == 403


def test_a_learner_cannot_read_alter_or_list_other_submissions_or_courses(
    hub: Hub, cohort: Cohort
) -> None:
    """Learner A, as A's Unix user, against B's submission and the other course's folder."""
    theirs = submission_of(cohort, LEARNER_B)
    mine = submission_of(cohort, LEARNER_A)
    other_course = hub.settings.exchange_root / GLOBEX
    own_outbound = hub.settings.exchange_root / ACME / "outbound" / ASSIGNMENT / NOTEBOOK
    targets = {
        "list inbound": f"os.listdir({str(cohort.inbound)!r})",
        "list B's submission": f"os.listdir({str(theirs)!r})",
        "read B's notebook": f"open({str(theirs / NOTEBOOK)!r}).read()",
        "overwrite B's notebook": f"open({str(theirs / NOTEBOOK)!r}, 'w').write('{{}}')",
        "rename B's submission": f"os.rename({str(theirs)!r}, {str(cohort.inbound / 'stolen')!r})",
        "list the other course": f"os.listdir({str(other_course)!r})",
        "read the other course's release": f"open({str(other_course / 'outbound' / ASSIGNMENT / NOTEBOOK)!r}).read()",
        "read own course's release": f"open({str(own_outbound)!r}).read()",
        "read own submission": f"open({str(mine / NOTEBOOK)!r}).read()",
    }  # fmt: skip
    calls = ", ".join(f"{name!r}: attempt(lambda: {action})" for name, action in targets.items())
    code = f"{PROBE}print(json.dumps({{{calls}}}))"
    assert as_user(hub, LEARNER_A, code) == {
        "list inbound": "denied",
        "list B's submission": "denied",
        "read B's notebook": "denied",
        "overwrite B's notebook": "denied",
        "rename B's submission": "denied",
        "list the other course": "denied",
        "read the other course's release": "denied",
        "read own course's release": "allowed",
        "read own submission": "allowed",
    }
    grader_group = pwd.getpwnam(hub.settings.course(ACME).grader_user).pw_gid
    for path in (theirs, *theirs.rglob("*")):  # B's and the grader's only
        mode = path.stat().st_mode & 0o777
        assert (mode, path.stat().st_gid) == (0o750 if path.is_dir() else 0o640, grader_group)


def denial_probe(targets: dict[str, str], checkout: Path) -> str:
    """Python that puts the checkout first on sys.path, tries each action, then says which kit
    it imported, the digest of its practice corpus sources (reading every file) and what a
    search of the practice Sourcegraph finds, as an exercise's `sg.search` would."""
    calls = ", ".join(f"{name!r}: attempt(lambda: {action})" for name, action in targets.items())
    return (
        f"import sys\nsys.path.insert(0, {str(checkout)!r})\n"
        f"{PROBE}results = {{{calls}}}\n"
        "import importlib.util, kit, kit.practice.corpus_builder as corpus\n"
        "results['kit'] = kit.__file__\n"
        "results['kit.demo'] = str(importlib.util.find_spec('kit.demo'))\n"
        "results['corpus'] = corpus.sources_digest()\n"
        "from kit.practice import connect\n"
        "results['TODO matches'] = connect().search('TODO').match_count\n"
        "print(json.dumps(results))\n"
    )


def test_a_learners_kernel_reads_nothing_of_instructors_graders_keys_or_other_learners(
    hub: Hub, cohort: Cohort
) -> None:
    """Learner A's own kernel, on A's server, against what the hub's file modes must close."""
    course = hub.settings.course(ACME)
    home_a, home_b = (Path(pwd.getpwnam(u).pw_dir) for u in (LEARNER_A, LEARNER_B))
    fetched = Path(ACME) / ASSIGNMENT / NOTEBOOK
    closed = {
        "read an instructor notebook": hub.project.notebooks_dir / "sourcegraph-101" / ASSIGNMENT / NOTEBOOK,
        "import the kit from the checkout": hub.project.root / "kit" / "__init__.py",
        "read a gradebook in grading/": hub.project.grading_dir / "sourcegraph-101" / "gradebook.db",
        "read grading/records.db": hub.project.grading_dir / "records.db",
        "read the course's gradebook URL": grader_config_dir(hub.settings, course) / "nbgrader_config.py",
        "read the hub settings": hub.settings_file,
        "read the signing key": hub.key_dir / KEY_FILE,
        "read B's fetched notebook": home_b / fetched,
    }  # fmt: skip
    listed = {
        "list the instructor notebooks": hub.project.notebooks_dir,
        "list the course root": hub.settings.course_root(course),
        "list the key folder": hub.key_dir,
        "list B's home": home_b,
    }
    assert all(path.exists() for path in (*closed.values(), *listed.values()))
    outbound = hub.settings.exchange_root / ACME / "outbound" / ASSIGNMENT / NOTEBOOK
    targets = {
        **{name: f"open({str(path)!r}, 'rb').read()" for name, path in closed.items()},
        **{name: f"os.listdir({str(path)!r})" for name, path in listed.items()},
        "read own fetched notebook": f"open({str(home_a / fetched)!r}).read()",
        "write in own home": f"open({str(home_a / 'notes.txt')!r}, 'w').write('mine')",
        "read own course's release": f"open({str(outbound)!r}).read()",
    }
    started = time.monotonic()
    printed = cohort.learners[LEARNER_A].run_in_kernel(denial_probe(targets, hub.project.root))
    results = json.loads(printed.strip().splitlines()[-1])
    installed = python_of(hub.settings.learner_env).parent.parent
    assert results.pop("kit").startswith(f"{installed}/lib/")  # the installed copy
    assert results.pop("kit.demo") == "None"  # the demo cohort's right answers stay behind
    assert results.pop("corpus") == sources_digest()  # the practice corpus, readable and intact
    assert results.pop("TODO matches") > 0
    assert results == {
        **dict.fromkeys((*closed, *listed), "denied"),
        "read own fetched notebook": "allowed",
        "write in own home": "allowed",
        "read own course's release": "allowed",
    }
    print(f"\nprobe in a learner's kernel {time.monotonic() - started:.1f} s")


def test_each_formgrader_runs_as_its_course_grader_never_root(hub: Hub) -> None:
    """Each formgrader service is its course's grader user, who reaches no other course's root."""
    for course in hub.settings.courses:
        uid = pwd.getpwnam(course.grader_user).pw_uid
        port = f"--port={hub.settings.formgrader_port(course)}"
        found = [
            process.info["uids"]
            for process in psutil.process_iter(["cmdline", "uids"])
            if port in (process.info["cmdline"] or [])
        ]
        assert found, f"no formgrader process for {course.id}"
        assert uid != 0 and all(set(uids) == {uid} for uids in found)
    acme, globex = hub.settings.courses
    source = hub.project.notebooks_dir / "sourcegraph-101" / ASSIGNMENT / NOTEBOOK
    targets = {
        "read the instructor notebook": f"open({str(source)!r}).read()",
        "list own course root": f"os.listdir({str(hub.settings.course_root(acme))!r})",
        "list the other course root": f"os.listdir({str(hub.settings.course_root(globex))!r})",
        "read grading/records.db": f"open({str(hub.project.grading_dir / 'records.db')!r}, 'rb').read()",
        "read the signing key": f"open({str(hub.key_dir / KEY_FILE)!r}).read()",
    }  # fmt: skip
    calls = ", ".join(f"{name!r}: attempt(lambda: {action})" for name, action in targets.items())
    assert as_user(hub, acme.grader_user, f"{PROBE}print(json.dumps({{{calls}}}))") == {
        "read the instructor notebook": "allowed",
        "list own course root": "allowed",
        "list the other course root": "denied",
        "read grading/records.db": "denied",
        "read the signing key": "denied",
    }


def test_collect_and_autograde_score_each_learner_by_their_own_submission(
    hub: Hub, cohort: Cohort, capsys: pytest.CaptureFixture[str]
) -> None:
    """A files a perfect submission under B's name; collect ignores it, B keeps their blank 0."""
    forged = cohort.inbound / f"{LEARNER_B}+{ASSIGNMENT}+2999-01-01 00:00:00.000000 UTC+forged"
    mine = submission_of(cohort, LEARNER_A)
    as_user(
        hub,
        LEARNER_A,
        "import json, os, shutil\n"
        f"shutil.copytree({str(mine)!r}, {str(forged)!r})\n"
        "print(json.dumps({}))",
    )
    started = time.monotonic()
    ok(
        cohort.grader.service(
            f"formgrade-{ACME}", "POST", f"/formgrader/api/assignment/{ASSIGNMENT}/collect"
        )
    )
    collected = time.monotonic() - started
    outcomes = autograde_hub_course(hub.settings, ACME, ASSIGNMENT, hub.project, workers=2)
    graded = time.monotonic() - started - collected
    assert sorted((o.learner, o.ok) for o in outcomes) == [(LEARNER_A, True), (LEARNER_B, True)]
    submissions = ok(
        cohort.grader.service(
            f"formgrade-{ACME}", "GET", f"/formgrader/api/submissions/{ASSIGNMENT}"
        )
    )
    scores = {s["student"]: (s["score"], s["max_score"]) for s in submissions}
    (max_score,) = {m for _, m in scores.values()}
    assert max_score > 0
    assert scores == {LEARNER_A: (max_score, max_score), LEARNER_B: (0.0, max_score)}
    layout = hub_course_layout(hub.settings, hub.settings.course(ACME), hub.project)
    b_notebook = read_notebook(layout.course_root / "submitted" / LEARNER_B / ASSIGNMENT / NOTEBOOK)
    assert "forged" not in json.dumps(b_notebook)
    assert layout.db_url.startswith("postgresql+psycopg://")  # the gradebook is on PostgreSQL
    assert not (layout.course_root / "gradebook.db").exists()
    with capsys.disabled():
        print(f"\ncollect {collected:.1f} s, autograde of 2 submissions {graded:.1f} s")


def test_the_grader_sees_the_scores_in_the_formgrader_in_chromium(hub: Hub, cohort: Cohort) -> None:
    from playwright.sync_api import sync_playwright

    if not list(
        (
            hub_course_layout(hub.settings, hub.settings.course(ACME), hub.project).course_root
            / "autograded"
        ).glob("*")
    ):
        autograde_hub_course(hub.settings, ACME, ASSIGNMENT, hub.project, workers=1)  # run alone
    target = f"/services/formgrade-{ACME}/formgrader/manage_submissions/{ASSIGNMENT}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.goto(f"{hub.url}/hub/login?next={target}")
        page.fill("#username_input", GRADER_ACME)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
        page.wait_for_url(f"**{target}", timeout=60_000)
        page.wait_for_selector(f"text={LEARNER_A}", timeout=30_000)
        text = page.inner_text("body")
        browser.close()
    assert "Manage Submissions" in text or ASSIGNMENT in text
    assert LEARNER_A in text and LEARNER_B in text
