"""The model path against an OpenAI-compatible server this test starts on loopback, serving the
recorded responses in tests/data/draft/. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.draft.claims import Draft, Status
from hindsight.draft.model import ModelError, check_sentence
from hindsight.draft.service import draft_incident
from hindsight.errors import InvalidInput
from hindsight.store.repo import audit_log
from hindsight.workspace import Workspace, find_workspace
from tests.conftest import TEST_DATA
from tests.draft.scenario import checkout_incident

RECORDED = TEST_DATA / "draft"
KEY = "test-key-not-secret"


class Recorded(BaseHTTPRequestHandler):
    """POST /<scenario>/v1/chat/completions → recorded-<scenario>.json; /slow/ sleeps first."""

    received: list[dict[str, Any]] = []  # noqa: RUF012 - shared by the server's threads

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Recorded.received.append({"path": self.path, "body": body,
                                  "auth": self.headers.get("Authorization")})  # fmt: skip
        scenario = self.path.strip("/").split("/")[0]
        if scenario == "slow":
            time.sleep(2)
            scenario = "grounded"
        if self.headers.get("Authorization") != f"Bearer {KEY}":
            self._send(401, b'{"error": {"message": "bad key"}}')
            return
        path = RECORDED / f"recorded-{scenario}.json"
        if not path.exists():
            self._send(404, b'{"error": {"message": "no such model"}}')
            return
        self._send(200, path.read_bytes())

    def _send(self, status: int, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def configure(root: Path, endpoint: str, timeout: float = 5) -> None:
    config = root / "hindsight.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + f'\n[draft]\nendpoint = "{endpoint}"\nmodel = "recorded-model"\n'
        f'api_key_env = "DRAFT_TEST_KEY"\ntimeout_seconds = {timeout}\n',
        encoding="utf-8",
    )


@pytest.fixture
def ws(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("DRAFT_TEST_KEY", KEY)
    store = find_workspace().open_store()
    try:
        store.add(checkout_incident(), "tester")
        assert [e.id for e in store.get("INC-2025-12-15").timeline] == [1, 2, 3, 4, 5]
    finally:
        store.close()
    return find_workspace()


def drafted(ws: Workspace, scenario_endpoint: str, **options: Any) -> Draft:
    configure(ws.root, scenario_endpoint, options.pop("timeout", 5))
    workspace = find_workspace()
    store = workspace.open_store()
    try:
        return draft_incident(
            store, workspace, "INC-2025-12-15", "tester", use_model=True, **options
        )
    finally:
        store.close()


def statuses(draft: Draft) -> dict[str, Status]:
    return {s.text: s.status for section in draft.sections for s in section.sentences}


def test_grounded_answer_is_checked_and_restored(server: str, ws: Workspace) -> None:
    Recorded.received.clear()
    draft = drafted(ws, f"{server}/grounded/v1")
    assert draft.source == "model:recorded-model"
    found = statuses(draft)
    assert Status.UNVERIFIED not in found.values(), found
    assert found["18400 users were affected."] is Status.VERIFIED
    # a sentence stating a cause is at most inferred, however well cited
    cause = next(t for t in found if "caused" in t)
    assert found[cause] is Status.INFERRED
    # redaction tokens are turned back into the names locally, after checking
    assert "Priya Shah reverted the config change at 23:05 UTC." in found
    # what left the machine was redacted, and carried the configured key
    sent = json.dumps(Recorded.received[-1]["body"])
    assert Recorded.received[-1]["auth"] == f"Bearer {KEY}"
    for private in ("Priya", "Marco", "marco.rossi@example.com", "db-7.corp"):
        assert private not in sent
    assert "[event:1]" in sent and "[PERSON-1]" in sent


def test_invented_cause_comes_back_unverified_and_is_never_applied(
    server: str, ws: Workspace
) -> None:
    draft = drafted(ws, f"{server}/invented-cause/v1", apply=True)
    found = {s.text: s for section in draft.sections for s in section.sentences}
    invented = found["The root cause was a failed database migration run by the DBA team."]
    assert invented.status is Status.UNVERIFIED and "does not mention" in (invented.note or "")
    assert found["Customers were charged twice for their orders."].note == "cites no evidence"
    paged = found["The on-call engineer was paged 4 times before anyone answered."]
    assert paged.status is Status.UNVERIFIED and "event:99" in (paged.note or "")
    blaming = found["Marco Rossi forgot to check the pool max before the config push."]
    assert blaming.findings and blaming.findings[0].rule.startswith("blame/")
    assert found["CheckoutErrorRate fired at 22:43 UTC with 38% of checkouts failing."].status in (
        Status.VERIFIED, Status.INFERRED)  # fmt: skip
    stored = find_workspace().open_store()
    try:
        incident = stored.get("INC-2025-12-15")
        entries = audit_log_of(stored)
    finally:
        stored.close()
    # the supported summary sentence was applied; nothing unverified or blaming was
    assert incident.summary == "CheckoutErrorRate fired at 22:43 UTC with 38% of checkouts failing."
    assert incident.factors == [] and incident.went_wrong == []
    assert any("database migration" in line for line in draft.skipped)
    # the request is on record, without the text that was sent
    request = next(e for e in entries if e.action == "draft-model-request")
    assert request.new is not None and "recorded-model" in request.new
    assert "CheckoutErrorRate" not in request.new and "pool" not in request.new
    assert any(e.field == "summary" and e.reason == "draft (model:recorded-model)" for e in entries)


def audit_log_of(store: Any) -> list[Any]:
    with store.session() as s:
        return audit_log(s, "INC-2025-12-15")


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("malformed", "is not the JSON asked for"),
        ("not-a-completion", "is not an OpenAI chat completion"),
        ("missing", "HTTP 404"),
    ],
)
def test_bad_answers_are_one_line_errors(
    server: str, ws: Workspace, scenario: str, message: str
) -> None:
    with pytest.raises(ModelError) as caught:
        drafted(ws, f"{server}/{scenario}/v1")
    assert message in caught.value.message and "\n" not in caught.value.message


def test_timeout_is_a_one_line_error(server: str, ws: Workspace) -> None:
    with pytest.raises(ModelError, match=r"no answer within 0.3 s"):
        drafted(ws, f"{server}/slow/v1", timeout=0.3)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_endpoint_through_the_cli(ws: Workspace) -> None:
    configure(ws.root, f"http://127.0.0.1:{free_port()}/v1")
    result = CliRunner().invoke(app, ["draft", "INC-2025-12-15", "--model"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot connect" in lines[0] and "Traceback" not in result.output


def test_missing_configuration_and_key_are_named(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = find_workspace()
    store = workspace.open_store()
    try:
        with pytest.raises(InvalidInput, match=r"\[draft\] endpoint"):
            draft_incident(store, workspace, "INC-2025-12-15", "tester", use_model=True)
    finally:
        store.close()
    monkeypatch.delenv("DRAFT_TEST_KEY")
    with pytest.raises(InvalidInput, match="DRAFT_TEST_KEY is not set"):
        drafted(ws, "http://127.0.0.1:9/v1")


def test_sentence_check_rules() -> None:
    facts = {"event:1": "2025-12-15 22:38 UTC deploy: payments v2.4.1 rolled out to eu-west",
             "field:started_at": "started 2025-12-15 22:40 UTC"}  # fmt: skip
    assert (
        check_sentence("Payments v2.4.1 rolled out to eu-west.", ["event:1"], facts).status
        is Status.VERIFIED
    )
    # a number the evidence does not hold
    wrong = check_sentence("Payments v2.4.1 rolled out to 7 regions.", ["event:1"], facts)
    assert wrong.status is Status.UNVERIFIED and "7" in (wrong.note or "")
    # a duration between two cited times is supported
    gap = check_sentence(
        "The deploy landed 2 minutes before the start.", ["event:1", "field:started_at"], facts
    )
    assert gap.status is not Status.UNVERIFIED


def test_a_large_timeline_is_cut_to_what_matters() -> None:
    from datetime import timedelta

    from hindsight.domain.model import EventKind, TimelineEvent
    from hindsight.draft.claims import fact_index
    from hindsight.draft.model import MAX_EVENTS, facts_to_send
    from tests.draft.scenario import START

    incident = checkout_incident()
    incident.timeline += [
        TimelineEvent(START + timedelta(seconds=i), f"log group {i}", kind=EventKind.LOG, count=i)
        for i in range(1, 1001)
    ]
    facts = fact_index(incident)
    sent = facts_to_send(incident, facts)
    events = [ref for ref in sent if ref.startswith("event:")]
    assert len(events) == MAX_EVENTS
    kept = " ".join(sent[ref] for ref in events)
    assert "config push" in kept and "Reverted the config change" in kept  # the telling ones
    texts = [sent[ref] for ref in events]
    assert any(t.endswith(": log group 1000") for t in texts)  # the most repeated logs …
    assert not any(t.endswith(": log group 1") for t in texts)  # … not the rarest
    assert all(ref in sent for ref in facts if ref.startswith("field:"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(st.one_of(json_values.map(json.dumps), st.text(max_size=200)))
def test_any_answer_parses_or_is_a_model_error(content: str) -> None:
    """Whatever a model says, parsing ends in sections of (text, ids) or one ModelError."""
    from hindsight.draft.model import parse_answer

    try:
        parsed = parse_answer(content, "draft model at http://127.0.0.1:1/v1")
    except ModelError as error:
        assert "\n" not in error.message
        return
    for name, items in parsed.items():
        assert isinstance(name, str)
        for text, refs in items:
            assert isinstance(text, str) and all(isinstance(r, str) for r in refs)
