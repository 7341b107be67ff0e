"""No aggregate reveals a restricted incident to a viewer who is not one of its members.

Two real servers hold the same incidents, except that one of them also holds a restricted
incident (its own service, category, severity, timings, actions, and a repeat of a visible one).
Every GET route of the route table — API and pages — is requested as a non-member viewer on both,
without parameters and with parameters aimed at the restricted incident (its service, its words,
its quarter, its severity …). The restricted incident's id, title, service and timings must never
appear, and each answer must equal the answer of the server that never held it: so every count,
rate, median and facet excludes it. A member and an admin do see it, which shows the sweep looks
where the incident would show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from hindsight.web.app import route_table
from hindsight.workspace import init_workspace
from tests.security.agg_live import Live, running

# --- the data --------------------------------------------------------------------------------------

NOW = datetime.now(UTC).replace(microsecond=0)
T0 = (NOW - timedelta(days=20)).replace(hour=3, minute=17, second=41)
QUARTER = f"{T0.year}Q{(T0.month - 1) // 3 + 1}"


def at(minutes: float, base: datetime = T0) -> str:
    return (base + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


# Milestones with odd seconds, so their text cannot be met by chance.
SECRET_TIMES = {
    "started_at": at(0),
    "detected_at": at(7 + 12 / 60),
    "acknowledged_at": at(19 + 29 / 60),
    "mitigated_at": at(53 + 7 / 60),
    "resolved_at": at(211 + 53 / 60),
}
SECRET = {
    "title": "Zephyrwald signing keys copied by a stale build agent",
    "severity": "P0",
    "services": ["zephyrwald-vault", "checkout"],
    "root_cause": "A stale build agent kept read access to the zephyrwald signing keys.",
    "root_cause_category": "security",
    "summary": "Zephyrwald keys were copied; rotated within four hours.",
    "restricted": True,
    **SECRET_TIMES,
}
MARKERS = ["Zephyrwald", "zephyrwald", *(t[11:19] for t in SECRET_TIMES.values())]


def visible_incidents() -> list[dict[str, Any]]:
    """Incidents everyone sees: two share a service with the secret one, one is in another
    quarter, one misses milestones (so it is named as an exclusion)."""
    base = (T0 - timedelta(days=3)).replace(hour=9, minute=2, second=0)
    return [
        {
            "title": "Checkout 500s after a config push",
            "severity": "P1",
            "services": ["checkout", "payments"],
            "root_cause": "A config push removed the payments timeout.",
            "root_cause_category": "configuration",
            "started_at": at(0, base),
            "detected_at": at(4, base),
            "acknowledged_at": at(9, base),
            "mitigated_at": at(31, base),
            "resolved_at": at(95, base),
        },
        {
            "title": "Search latency during reindex",
            "severity": "P2",
            "services": ["search"],
            "root_cause": "The reindex job ran at peak time.",
            "root_cause_category": "capacity",
            "started_at": at(0, base + timedelta(days=1)),
            "detected_at": at(15, base + timedelta(days=1)),
            "resolved_at": at(180, base + timedelta(days=1)),
        },
        {
            "title": "Checkout double charges",
            "severity": "P2",
            "services": ["checkout"],
            "root_cause": "A retry without an idempotency key.",
            "root_cause_category": "deployment",
            "started_at": at(0, base - timedelta(days=120)),
            "detected_at": at(20, base - timedelta(days=120)),
            "acknowledged_at": at(25, base - timedelta(days=120)),
            "mitigated_at": at(60, base - timedelta(days=120)),
            "resolved_at": at(300, base - timedelta(days=120)),
        },
    ]


def fill(client: httpx.Client, fields: dict[str, Any], tag: str) -> str:
    """Create an incident over the API with a timeline event, an action and a why chain."""
    response = client.post("/api/incidents", json=fields)
    assert response.status_code == 201, response.text
    incident_id = str(response.json()["id"])
    for path, body in (
        ("timeline", {"at": fields["started_at"], "text": f"{tag} alert fired", "kind": "alert"}),
        ("actions", {"title": f"Add a check so {tag} cannot happen again", "owner": "bob"}),
        ("whys", {"problem": f"{tag} happened", "answers": [f"{tag} because of a gap"]}),
    ):
        made = client.post(f"/api/incidents/{incident_id}/{path}", json=body)
        assert made.status_code == 201, made.text
    return incident_id


# --- two servers -----------------------------------------------------------------------------------


@dataclass
class Site:
    live: Live
    visible: list[str]
    secret: str | None

    def client(self, user: str) -> httpx.Client:
        return self.live.client(user)


@contextmanager
def site(root: Path, with_secret: bool) -> Iterator[Site]:
    with running(init_workspace(root, name="visibility")) as live:
        here = Site(live, [], None)
        with live.client("bob") as editor:
            here.visible = [
                fill(editor, fields, f"case{n}") for n, fields in enumerate(visible_incidents())
            ]
        if with_secret:
            with live.client("cyd") as admin:
                here.secret = fill(admin, SECRET, "Zephyrwald")
                version = admin.get(f"/api/incidents/{here.secret}").json()["version"]
                # it repeats a visible incident: the repeat list must not name it
                made = admin.patch(
                    f"/api/incidents/{here.secret}",
                    json={"repeat_of": here.visible[0], "version": version},
                )
                assert made.status_code == 200, made.text
                members = {"usernames": ["mo"]}
                assert admin.put(f"/api/incidents/{here.secret}/members", json=members).is_success
        yield here


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Site]]:
    with (
        site(tmp_path_factory.mktemp("with") / "ws", True) as with_it,
        site(tmp_path_factory.mktemp("without") / "ws", False) as without,
    ):
        yield with_it, without


# --- the sweep -------------------------------------------------------------------------------------

# Query values aimed at the secret incident, by parameter name; every route gets each of its
# query parameters found here, one at a time, and all of them together.
AIMED = {
    "service": "zephyrwald-vault",
    "q": "zephyrwald",
    "period": "90d",
    "quarter": QUARTER,
    "severity": "P0",
    "category": "security",
    "status": "open",
    "since": (T0 - timedelta(days=1)).isoformat().replace("+00:00", "Z"),
    "until": (T0 + timedelta(days=1)).isoformat().replace("+00:00", "Z"),
    "owner": "bob",
    "format": "json",
    "full": "true",
    "k": "50",
    "limit": "200",
    "days": "3650",
}
# Not about incidents at all: who you are and your tokens, sign-in, health, the configured
# live sources (names and servers).
NOT_INCIDENT_DATA = {"/api/me", "/api/tokens", "/api/users", "/login", "/healthz", "/account",
                     "/api/sources"}  # fmt: skip


def get_routes() -> list[tuple[str, list[str]]]:
    """(path, query parameter names) of every GET route with a body about incidents."""
    from hindsight.web import api_draft, api_incidents, api_kb, api_pull, api_rca, hooks, pages

    table = {(m, p) for m, p, _ in route_table()}
    found: dict[str, list[str]] = {}
    routers = (api_incidents.router, api_rca.router, api_kb.router, hooks.router, pages.router,
               api_draft.router, api_draft.pages_router, api_pull.router, api_pull.pages_router)  # fmt: skip
    for router in routers:
        for item in router.routes:
            if isinstance(item, APIRoute) and ("GET", item.path) in table:
                found[item.path] = [q.name for q in item.dependant.query_params]
    return sorted((p, q) for p, q in found.items() if p not in NOT_INCIDENT_DATA)


ROUTES = get_routes()


def requests_for(path: str, params: list[str], site: Site) -> list[str]:
    """The URLs to try for one route: its path filled with a visible incident, bare and with
    each aimed parameter (alone and all together)."""
    values = {"incident_id": site.visible[0], "event_id": "1", "number": "1", "chain": "1",
              "filename": "x.log", "token_id": "1"}  # fmt: skip
    url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
    aimed = {k: AIMED[k] for k in params if k in AIMED}
    urls = [url] + [str(httpx.URL(url, params={k: v})) for k, v in aimed.items()]
    if len(aimed) > 1:
        urls.append(str(httpx.URL(url, params=aimed)))
    if "format" in params:
        urls += [str(httpx.URL(url, params={**aimed, "format": f})) for f in ("md", "html")]
    return urls


_VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00"), "<moment>"),  # "90d" ends now
    (re.compile(r'name="csrf_token" value="[^"]*"'), 'name="csrf_token" value=""'),
    (
        re.compile(r'"(score|generated_at|created_at|updated_at|at|today)": ?"?[^",}]*"?'),
        r'"\1": _',
    ),
    (re.compile(rf"{NOW:%Y-%m-%d}[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d| UTC)?"), "<now>"),
    (re.compile(r"\b\d{1,2}:\d\d(:\d\d)? UTC\b"), "<time>"),
    (re.compile(r"score[^<\n]{0,20}\d+\.\d+"), "score _"),
    # time to assignment runs from the incident's end to when each server's seeding set the owner
    (
        re.compile(
            r'("key": ?"action_time_to_assign"[^{}]*?"value": ?)[0-9.]+([^{}]*?"previous": ?)[0-9.]+'
        ),
        r"\1_\2_",
    ),
    # ... and so does the page's figure for it: its value, trend and the meter drawn from it
    (
        re.compile(r"(<h3>Mean time to action assignment</h3>).*?(</article>)", re.DOTALL),
        r"\1_\2",
    ),
]


def normal(text: str) -> str:
    """The answer without what differs between two servers holding the same data: CSRF tokens,
    times of writing (audit entries, creation), search scores (corpus statistics)."""
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def test_the_sweep_covers_every_route_that_answers_with_incident_data() -> None:
    paths = {p for p, _ in ROUTES}
    for expected in ("/api/metrics", "/api/reports/quarterly", "/api/actions", "/api/followup",
                     "/api/search", "/api/incidents", "/api/incidents/{incident_id}/similar",
                     "/", "/metrics", "/reports/quarterly", "/followup",
                     "/incidents/{incident_id}"):  # fmt: skip
        assert expected in paths
    every_get = {p for m, p, _ in route_table() if m == "GET"}
    assert every_get - paths <= NOT_INCIDENT_DATA


@pytest.mark.parametrize(("path", "params"), ROUTES, ids=[p for p, _ in ROUTES])
def test_a_non_member_learns_nothing_of_a_restricted_incident(
    sites: tuple[Site, Site], path: str, params: list[str]
) -> None:
    with_it, without = sites
    assert with_it.secret is not None
    with with_it.client("ada") as ada, without.client("ada") as ada_elsewhere:
        for url in requests_for(path, params, with_it):
            seen = ada.get(url)
            assert seen.status_code < 500, (url, seen.text[:300])
            shown = seen.text
            for echoed in AIMED.values():  # a page may show the query it was asked
                shown = shown.replace(echoed, "")
            for marker in [with_it.secret, *MARKERS]:
                assert marker not in shown, (url, marker)
            other = ada_elsewhere.get(url)
            assert seen.status_code == other.status_code, url
            assert normal(seen.text) == normal(other.text), url


@pytest.mark.parametrize(
    "url",
    [
        "/api/incidents?service=zephyrwald-vault",
        "/api/metrics?period=90d&service=zephyrwald-vault",
        "/api/reports/quarterly?format=json&quarter=" + QUARTER,
        "/api/actions",
        "/followup",
        "/api/search?q=zephyrwald",
        "/",
    ],
)
def test_members_and_admins_do_see_it(sites: tuple[Site, Site], url: str) -> None:
    """The same requests show the restricted incident to a member and an admin: the sweep
    above asks where it would appear."""
    with_it, without = sites
    for who in ("mo", "cyd"):
        with with_it.client(who) as client:
            seen = client.get(url)
        assert seen.status_code == 200, (who, url, seen.text[:200])
        with without.client(who) as client:
            other = client.get(url)
        assert normal(seen.text) != normal(other.text), (who, url)


def test_metrics_for_a_restricted_service_are_empty_for_a_non_member(
    sites: tuple[Site, Site],
) -> None:
    with_it, _ = sites
    url = "/api/metrics?period=90d&service=zephyrwald-vault"
    with with_it.client("ada") as ada, with_it.client("mo") as mo:
        hidden, shown = ada.get(url).json(), mo.get(url).json()
    assert hidden["empty"] is True and hidden["incident_count"] == 0
    assert shown["incident_count"] == 1 and shown["by_severity"] == {"P0": 1}
