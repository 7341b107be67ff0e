"""Server-rendered pages: they read without JavaScript and show mistakes at the field."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.conftest import PASSWORDS, Server, csrf_from, new_incident, sign_in


@pytest.fixture
def browser_bob(server: Server) -> httpx.Client:
    with sign_in(server.url, "bob", PASSWORDS["bob"]) as client:
        yield client


def test_pages_render_for_a_viewer(server: Server) -> None:
    with sign_in(server.url, "ada", PASSWORDS["ada"]) as client:
        listing = client.get("/")
        assert listing.status_code == 200
        assert server.incident_id in listing.text and server.restricted_id not in listing.text
        assert "Open an incident" not in listing.text  # viewers cannot create
        page = client.get(f"/incidents/{server.incident_id}")
        assert page.status_code == 200
        for anchor in (
            "summary",
            "impact",
            "milestones",
            "timeline",
            "evidence",
            "rca",
            "actions",
            "h-quality",
        ):
            assert f'id="{anchor}"' in page.text
        assert 'action="/incidents/' not in page.text  # no editing forms for a viewer
        for path in (
            "/followup",
            "/metrics?period=365d",
            "/reports/quarterly",
            f"/incidents/{server.incident_id}/public",
            "/account",
        ):
            response = client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
        assert client.get(f"/incidents/{server.restricted_id}").status_code == 404


def test_list_filters_and_search(server: Server) -> None:
    with sign_in(server.url, "cyd", PASSWORDS["cyd"]) as client:
        p0 = client.get("/", params={"severity": "P0"})
        rows = re.findall(r'<tr>\s*<td data-label="Incident"><a href="/incidents/([^"]+)"', p0.text)
        assert rows and all("sev-p0" in p0.text for _ in rows)
        assert 'class="sev sev-p1"' not in p0.text
        found = client.get("/", params={"q": "checkout"})
        assert found.status_code == 200 and "matching “checkout”" in found.text


def test_create_form_shows_the_error_at_the_field(
    server: Server, browser_bob: httpx.Client
) -> None:
    token = csrf_from(browser_bob.get("/incidents/new").text)
    bad = browser_bob.post(
        "/incidents/new", data={"csrf_token": token, "title": "", "severity": "P2"}
    )
    assert bad.status_code == 422
    assert 'id="f-title"' in bad.text and 'aria-invalid="true"' in bad.text
    assert re.search(r'id="e-title"[^>]*>[^<]*title', bad.text)
    bad_time = browser_bob.post(
        "/incidents/new",
        data={"csrf_token": token, "title": "DNS down", "started_at": "last tuesday"},
    )
    assert bad_time.status_code == 422 and 'id="e-started_at"' in bad_time.text
    assert 'value="DNS down"' in bad_time.text  # what the user typed is kept


def test_edit_form_detects_a_concurrent_edit(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor)
    form = browser_bob.get(f"/incidents/{inc['id']}/edit").text
    token = csrf_from(form)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)  # type: ignore[union-attr]
    editor.patch(
        f"/api/incidents/{inc['id']}", json={"summary": "meanwhile", "version": inc["version"]}
    )
    stale = browser_bob.post(
        f"/incidents/{inc['id']}/edit",
        data={"csrf_token": token, "version": version, "title": inc["title"], "summary": "mine"},
    )
    assert stale.status_code == 409 and "Reload the current version" in stale.text
    assert editor.get(f"/api/incidents/{inc['id']}").json()["summary"] == "meanwhile"
    fresh = browser_bob.get(f"/incidents/{inc['id']}/edit").text
    version = re.search(r'name="version" value="(\d+)"', fresh).group(1)  # type: ignore[union-attr]
    ok = browser_bob.post(
        f"/incidents/{inc['id']}/edit",
        data={
            "csrf_token": token,
            "version": version,
            "title": inc["title"],
            "summary": "mine",
            "impact.users_affected": "oops",
        },
    )
    assert ok.status_code == 422 and 'id="e-impact.users_affected"' in ok.text
    saved = browser_bob.post(
        f"/incidents/{inc['id']}/edit",
        data={
            "csrf_token": token,
            "version": version,
            "title": inc["title"],
            "summary": "mine",
            "went_well": "Fast rollback\nClear comms",
        },
    )
    assert saved.status_code == 303
    after = editor.get(f"/api/incidents/{inc['id']}").json()
    assert after["summary"] == "mine" and after["went_well"] == ["Fast rollback", "Clear comms"]


def test_incident_page_forms(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor)
    url = f"/incidents/{inc['id']}"
    token = csrf_from(browser_bob.get(url).text)
    bad = browser_bob.post(f"{url}/timeline", data={"csrf_token": token, "at": "", "text": "x"})
    assert bad.status_code == 422 and 'id="e-at"' in bad.text
    ok = browser_bob.post(
        f"{url}/timeline",
        data={
            "csrf_token": token,
            "at": "22:50",
            "text": "Pager fired",
            "kind": "alert",
            "milestone": "detected",
        },
    )
    assert ok.status_code == 303 and ok.headers["location"].startswith(url)
    assert (
        browser_bob.post(
            f"{url}/whys",
            data={
                "csrf_token": token,
                "problem": "Checkout failed",
                "answers": "Pool empty\nConfig pushed",
            },
        ).status_code
        == 303
    )
    assert (
        browser_bob.post(
            f"{url}/factors", data={"csrf_token": token, "category": "Process", "text": "No canary"}
        ).status_code
        == 303
    )
    assert (
        browser_bob.post(
            f"{url}/actions",
            data={
                "csrf_token": token,
                "title": "Canary config pushes",
                "owner": "Sam",
                "due": "2026-02-01",
            },
        ).status_code
        == 303
    )
    blocked = browser_bob.post(
        f"{url}/actions/1/status", data={"csrf_token": token, "status": "blocked"}
    )
    assert (
        blocked.status_code == 422
        and 'id="f-reason-A1"' in blocked.text
        and "reason is required" in blocked.text
    )
    assert (
        browser_bob.post(
            f"{url}/reviews",
            data={"csrf_token": token, "reviewer": "Priya", "decision": "approved"},
        ).status_code
        == 303
    )
    after = editor.get(f"/api/incidents/{inc['id']}").json()
    assert after["detected_at"].startswith("2025-12-15T22:50")
    assert after["why_chains"][0]["steps"][1]["answer"] == "Config pushed"
    assert after["actions"][0]["owner"] == "Sam" and after["factors"][0]["text"] == "No canary"
    page = browser_bob.get(url)
    assert "Pager fired" in page.text and "Canary config pushes" in page.text


def test_event_drill_down_page(server: Server, admin: httpx.Client) -> None:
    incident = admin.get(f"/api/incidents/{server.incident_id}").json()
    event = incident["timeline"][0]
    with sign_in(server.url, "cyd", PASSWORDS["cyd"]) as client:
        page = client.get(f"/incidents/{server.incident_id}/events/{event['id']}")
        assert page.status_code == 200 and "Raw lines" in page.text
        assert client.get(f"/incidents/{server.incident_id}/events/999999").status_code == 404


def test_error_pages_are_html(server: Server) -> None:
    with sign_in(server.url, "ada", PASSWORDS["ada"]) as client:
        missing = client.get("/incidents/INC-1990-01-01")
        assert missing.status_code == 404 and "<h1>Not found</h1>" in missing.text
        forbidden = client.get("/incidents/new")
        assert forbidden.status_code == 403 and "editor" in forbidden.text


def test_every_page_names_an_icon_that_is_served_without_signing_in(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        login = client.get("/login")
        assert '<link rel="icon" href="/static/favicon.svg"' in login.text
        icon = client.get("/static/favicon.svg")
        assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
        assert icon.text.startswith("<svg")
        legacy = client.get("/favicon.ico")  # what a client asks for when it reads no page
        assert legacy.status_code == 301 and legacy.headers["location"] == "/static/favicon.svg"


def test_anonymous_is_sent_to_login_with_next(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        response = client.get(f"/incidents/{server.incident_id}")
        assert response.status_code == 303
        assert response.headers["location"] == f"/login?next=/incidents/{server.incident_id}"


def test_no_page_mentions_a_restricted_incident_to_an_outsider(
    server: Server, admin: httpx.Client
) -> None:
    restricted = admin.get(f"/api/incidents/{server.restricted_id}").json()
    ids = [i["id"] for i in admin.get("/api/incidents", params={"limit": 500}).json()["items"]]
    with sign_in(server.url, "ada", PASSWORDS["ada"]) as client:
        for path in ["/", "/followup", "/metrics?period=365d", "/reports/quarterly"] + [
            f"/incidents/{i}" for i in ids if i != server.restricted_id
        ]:
            text = client.get(path).text
            assert server.restricted_id not in text, path
            assert restricted["title"] not in text, path
    with sign_in(server.url, "cyd", PASSWORDS["cyd"]) as client:
        page = client.get(f"/incidents/{server.incident_id}").text
        assert "Similar incidents" in page


def test_a_form_mistake_is_announced_at_the_top_and_focused(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor, "Queue backlog after broker restart")
    url = f"/incidents/{inc['id']}"
    token = csrf_from(browser_bob.get(url).text)
    bad = browser_bob.post(
        f"{url}/timeline", data={"csrf_token": token, "at": "25:99", "text": "x"}
    )
    assert bad.status_code == 422
    summary = re.search(r'<p class="error-summary"[^>]*>(.*?)</p>', bad.text, re.S)
    assert summary, "the page says near the top that nothing was saved"
    assert 'href="#timeline"' in summary.group(1)
    assert bad.text.index("error-summary") < bad.text.index('id="h-summary"')
    assert re.search(r'<input id="f-at"[^>]*autofocus', bad.text), "the browser lands on the field"
    fine = browser_bob.get(url)
    assert "error-summary" not in fine.text and "autofocus" not in fine.text


def test_the_publish_gate_names_the_form_field_not_a_cli_flag(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor, "Stale search results after indexer crash")
    url = f"/incidents/{inc['id']}"
    token = csrf_from(browser_bob.get(url).text)
    refused = browser_bob.post(f"{url}/status", data={"csrf_token": token, "status": "published"})
    assert refused.status_code == 409 and "cannot be published" in refused.text
    assert "--override" not in refused.text and "override reason" in refused.text


def test_edit_form_names_impact_fields_in_plain_words(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor, "Payments timeouts at the card processor")
    url = f"/incidents/{inc['id']}/edit"
    page = browser_bob.get(url).text
    for label in ("SLA breached", "Users affected (%)", "Downtime (minutes)", "SLO affected"):
        assert f">{label}<" in page, label
    assert "Sla breached" not in page and ">Slo<" not in page
    assert re.search(r'<select id="f-impact\.data_loss" name="impact\.data_loss"', page)
    saved = browser_bob.post(
        url,
        data={
            "csrf_token": csrf_from(page),
            "version": str(inc["version"]),
            "title": inc["title"],
            "impact.data_loss": "yes",
            "impact.sla_breached": "",
        },
    )
    assert saved.status_code == 303, saved.text
    after = editor.get(f"/api/incidents/{inc['id']}").json()
    assert after["impact"]["data_loss"] is True and after["impact"]["sla_breached"] is None


def test_recent_changes_say_what_changed_from_and_to(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor, "Login errors after IdP certificate rotation")
    url = f"/incidents/{inc['id']}"
    token = csrf_from(browser_bob.get(url).text)
    moved = browser_bob.post(f"{url}/status", data={"csrf_token": token, "status": "mitigated"})
    assert moved.status_code == 303
    changes = browser_bob.get(url).text.split('id="h-audit"')[1]
    assert re.search(r"bob changed <code>status</code>: open → mitigated", changes)
    assert "created the incident" in changes


def test_a_why_written_as_question_and_answer_is_not_asked_twice(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor, "Order emails delayed by consumer lag")
    url = f"/incidents/{inc['id']}"
    token = csrf_from(browser_bob.get(url).text)
    answers = (
        "Why were emails late? The consumer lagged by 2 hours\nIts partitions were rebalancing"
    )
    saved = browser_bob.post(
        f"{url}/whys", data={"csrf_token": token, "problem": "Emails late", "answers": answers}
    )
    assert saved.status_code == 303
    chain = browser_bob.get(url).text.split('class="why-chain"')[1].split("</ol>")[0]
    assert "<li>Why were emails late?" in chain and "Why? Why" not in chain
    assert "<li>Why? Its partitions were rebalancing" in chain


def test_upload_offers_the_known_formats(server: Server, browser_bob: httpx.Client) -> None:
    from hindsight.ingest.registry import names

    page = browser_bob.get(f"/incidents/{server.incident_id}").text
    picker = re.search(r'<select id="f-format" name="format">(.*?)</select>', page, re.S)
    assert picker, "the format is picked from a list, not guessed into a text box"
    offered = re.findall(r'<option value="([^"]*)"', picker.group(1))
    assert offered == ["", *names()]


def test_upload_notice_tells_skipped_lines_warnings_and_a_repeat(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    """The form said "Imported checkout.jsonl: 4 event(s)" and nothing of the 2 malformed lines
    and the time in the future the CLI reports, and "Imported …: 0 event(s)" for a file the
    incident already held."""
    from tests.conftest import TEST_DATA

    inc = new_incident(editor, "Checkout 5xx after config push")
    url = f"/incidents/{inc['id']}"
    body = (TEST_DATA / "ingest" / "checkout.jsonl").read_bytes()

    def upload() -> str:
        token = csrf_from(browser_bob.get(url).text)
        sent = browser_bob.post(
            f"{url}/upload",
            data={"csrf_token": token, "format": ""},
            files={"file": ("checkout.jsonl", body)},
        )
        assert sent.status_code == 303, sent.text[:300]
        return browser_bob.get(sent.headers["location"]).text

    first = upload()
    assert "Imported checkout.jsonl: 4 event(s)" in first
    assert "2 malformed line(s) skipped, e.g. checkout.jsonl:51: not JSON" in first
    assert "in the future" in first
    again = upload()
    assert "checkout.jsonl: already imported" in again and "nothing was added" in again


def test_timeline_names_the_source_of_an_event_without_raw_lines(
    server: Server, browser_bob: httpx.Client
) -> None:
    page = browser_bob.get(f"/incidents/{server.incident_id}").text
    timeline = page.split('<table class="timeline">')[1].split("</table>")[0]
    assert '<th scope="col">Source</th>' in timeline and ">Evidence<" not in timeline
    assert re.search(r'<td data-label="Source"><span class="hint">\w+</span>', timeline)


def test_after_a_wrong_password_the_cursor_waits_in_the_password_field(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        first = client.get("/login").text
        assert re.search(r'<input id="f-username"[^>]*autofocus', first)
        wrong = client.post(
            "/login",
            data={"csrf_token": csrf_from(first), "username": "bob", "password": "nope"},
        )
    assert wrong.status_code == 401 and wrong.text.count("autofocus") == 1
    assert re.search(r'<input id="f-password"[^>]*autofocus', wrong.text)
    assert 'value="bob"' in wrong.text


def test_a_message_at_its_field_does_not_repeat_the_field_name(
    server: Server, browser_bob: httpx.Client
) -> None:
    token = csrf_from(browser_bob.get("/incidents/new").text)
    bad = browser_bob.post(
        "/incidents/new",
        data={"csrf_token": token, "title": "DNS down", "started_at": "last tuesday"},
    )
    message = re.search(r'<p class="error" id="e-started_at"[^>]*>([^<]*)</p>', bad.text)
    assert message and "last tuesday" in message.group(1)
    assert not message.group(1).startswith("started_at:")


def test_edit_form_shows_every_mistake_at_once(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor, "Queue backlog after consumer deploy")
    url = f"/incidents/{inc['id']}/edit"
    page = browser_bob.get(url).text
    refused = browser_bob.post(
        url,
        data={
            "csrf_token": csrf_from(page),
            "version": str(inc["version"]),
            "title": "",
            "detected_at": "yesterday-ish",
            "impact.users_affected": "many",
        },
    )
    assert refused.status_code == 422
    html = refused.text
    assert "3 fields need a change" in html and 'href="#f-detected_at"' in html
    for name in ("title", "detected_at", "impact.users_affected"):
        assert re.search(rf'id="f-{re.escape(name)}"[^>]*aria-invalid="true"', html), name
    after = editor.get(f"/api/incidents/{inc['id']}").json()
    assert after["title"] == "Queue backlog after consumer deploy"  # nothing saved
    assert after["version"] == inc["version"]


def test_action_form_names_a_bad_date_and_a_missing_title_together(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor, "Certificate expiry on the edge proxies")
    url = f"/incidents/{inc['id']}"
    token = csrf_from(browser_bob.get(url).text)
    refused = browser_bob.post(
        f"{url}/actions",
        data={"csrf_token": token, "title": " ", "due": "31/02/2026", "kind": "prevent"},
    )
    assert refused.status_code == 422
    form = refused.text.split('id="actions"')[-1]
    assert "needs a title" in form and "is not a date; expected YYYY-MM-DD" in form
    assert re.search(r'id="f-due[^"]*"[^>]*aria-invalid="true"', form)
    assert editor.get(f"/api/incidents/{inc['id']}").json()["actions"] == []


def test_fault_tree_form_adds_replaces_and_removes_a_tree(
    server: Server, browser_bob: httpx.Client, editor: httpx.Client
) -> None:
    inc = new_incident(editor, "Checkout outage after a database failover")
    url = f"/incidents/{inc['id']}"
    token = csrf_from(browser_bob.get(url).text)
    tree = (
        "name: checkout outage\ntop: outage\nnodes:\n"
        "  outage: {label: Checkout down, gate: or, children: [db, deploy]}\n"
        "  db: {label: Primary database lost, probability: 0.01}\n"
        "  deploy: {label: Bad config deployed, probability: 0.05}\n"
    )
    added = browser_bob.post(f"{url}/fault-trees", data={"csrf_token": token, "tree": tree})
    assert added.status_code == 303
    analysis = editor.get(f"/api/incidents/{inc['id']}/fault-trees/1/analysis").json()
    assert sorted(map(sorted, analysis["minimal_cut_sets"])) == [["db"], ["deploy"]]
    page = browser_bob.get(url).text
    assert 'alt="Fault tree checkout outage"' in page
    and_gate = tree.replace("gate: or", "gate: and")
    replaced = browser_bob.post(f"{url}/fault-trees", data={"csrf_token": token, "tree": and_gate})
    assert replaced.status_code == 303
    trees = editor.get(f"/api/incidents/{inc['id']}/fault-trees").json()
    assert len(trees) == 1 and trees[0]["nodes"][0]["gate"] == "and"

    broken = browser_bob.post(
        f"{url}/fault-trees",
        data={"csrf_token": token, "tree": "name: x\ntop: missing\nnodes:\n  a: {label: A}\n"},
    )
    assert broken.status_code == 422
    form = broken.text.split('id="rca"')[-1]
    assert re.search(r'id="f-tree-fta"[^>]*aria-invalid="true"', form) and "missing" in form
    assert "top: missing" in form  # what was typed comes back
    removed = browser_bob.post(f"{url}/fault-trees/1/remove", data={"csrf_token": token})
    assert removed.status_code == 303
    assert editor.get(f"/api/incidents/{inc['id']}/fault-trees").json() == []
