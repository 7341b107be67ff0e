"""The public version: what the template keeps and drops, the review diff, and approvals."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hindsight.domain.model import ActionStatus
from hindsight.errors import GateFailed
from hindsight.share.public import (
    approve_public,
    approved_public,
    public_html,
    publish_public,
    render_public,
    review_diff,
    roster,
)
from hindsight.store.repo import Store, add_incident, audit_log, get_incident, save_incident
from hindsight.store.tables import PublicApprovalRow
from hindsight.workspace import Workspace
from tests.share.factory import AWS_KEY, CUSTOMER_EMAIL, STRIPE_KEY, leaky_incident

PEOPLE = ["Priya", "Natarajan", "mmorales", "chen.wei", "Amara", "Okafor", "jdoe", "Lukas", "Sofia"]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(
        tmp_path,
        {
            "redaction": {
                "internal_hosts": [r"[a-z0-9-]+\.corp\b"],
                "customer_ids": [r"\bcus_[A-Za-z0-9]{8,}\b"],
            }
        },
    )


def test_the_public_text_keeps_the_facts_customers_need(workspace: Workspace) -> None:
    text = render_public(leaky_incident(), workspace).markdown
    for expected in (
        "## What happened",
        "2025-12-15 22:00 UTC",
        "Total duration: 52m",
        "About 18,400 users were affected (12% of users).",
        "In short, the incident was caused by a configuration change.",
        "no schema validation",
        "We reverted the configuration change",
        "- Validate pool sizes in the config pipeline (done)",
        "- Alert on pool saturation above 80% (planned)",
    ):
        assert expected in text


def test_the_public_text_has_no_names_secrets_internals_or_raw_timeline(
    workspace: Workspace,
) -> None:
    version = render_public(leaky_incident(), workspace)
    text = version.markdown
    for leaked in (*PEOPLE, AWS_KEY, STRIPE_KEY, CUSTOMER_EMAIL, "cus_8HxQ2mLp4Z", "203.0.113.45",
                   "db-primary.corp", "etl-07.internal", "svc.cluster.local", "CheckoutHighErrorRate",
                   "Why did checkout fail", "jira.example.com", "2026-01-15", "Rewrite the pusher",
                   "Share the config review checklist", "Chen found the diff"):  # fmt: skip
        assert leaked not in text, leaked
    assert "[PERSON-1]'s config push to [HOST-1]" in text
    assert {r.rule for r in version.replacements} >= {
        "roster-name",
        "email",
        "ipv4",
        "workspace:customer_ids",
    }


def test_the_roster_covers_everyone_named_in_the_incident() -> None:
    names = set(roster(leaky_incident()))
    assert names >= {
        "Priya Natarajan",
        "mmorales",
        "chen.wei",
        "Amara Okafor",
        "jdoe",
        "Lukas Brandt",
        "Sofia Lindqvist",
    }


@pytest.mark.parametrize(
    "changes",
    [{"restricted": True}, {"root_cause_category": "security"}, {"tags": ["Security"]}],
)
def test_restricted_and_security_incidents_get_the_conservative_text(changes: dict) -> None:
    version = render_public(leaky_incident(**changes))
    text = version.markdown
    assert version.conservative
    assert text.startswith("# Incident report: 2025-12-15")
    assert "not publishing technical details" in text
    assert "We identified 2 improvements and have completed 1 of them." in text
    assert "that affected some of our customers. It has been resolved." in text
    for leaked in (
        "pool",
        "Checkout failed",
        "configuration",
        "Validate pool sizes",
        "checkout-api",
    ):
        assert leaked not in text, leaked


def test_the_review_diff_shows_original_vs_public_and_each_replacement(
    workspace: Workspace,
) -> None:
    review = review_diff(leaky_incident(), workspace)
    assert AWS_KEY in review.original  # the internal markdown is what was reviewed against
    assert review.unified.startswith("--- INC-2025-12-15 (internal)")
    assert "-Checkout failed for 52 minutes. Priya Natarajan pushed" in review.redaction_diff
    assert "+Checkout failed for 52 minutes. [PERSON-1] pushed" in review.redaction_diff
    assert {(r.token, r.rule, r.original) for r in review.replacements} >= {
        ("[EMAIL-1]", "email", CUSTOMER_EMAIL)
    }
    assert [(r.token, r.rule) for r in review.public.replacements] == [
        (r.token, r.rule) for r in review.replacements
    ]
    assert any("action owners" in line for line in review.omitted)


def test_public_html_escapes_markup() -> None:
    version = render_public(leaky_incident(summary="<script>alert(1)</script> broke checkout"))
    page = public_html(version)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!doctype html>")


def test_approval_is_recorded_audited_and_publishes(store: Store, workspace: Workspace) -> None:
    with store.session() as s:
        add_incident(s, leaky_incident(), "tester")
    with store.session() as s:
        incident = get_incident(s, "INC-2025-12-15")
        assert approved_public(s, incident, workspace) is None
        with pytest.raises(GateFailed, match="has not been approved"):
            publish_public(s, incident, workspace, "tester")
    with store.session() as s:
        incident = get_incident(s, "INC-2025-12-15")
        approved = approve_public(s, incident, workspace, "reviewer-1")
    with store.session() as s:
        incident = get_incident(s, "INC-2025-12-15")
        current = approved_public(s, incident, workspace)
        assert current is not None and current.approved_by == "reviewer-1"
        assert current.sha256 == approved.sha256
        row = s.execute(select(PublicApprovalRow)).scalar_one()
        assert row.content_sha256 == approved.sha256
        published = publish_public(s, incident, workspace, "tester")
        assert published.markdown == approved.markdown
        actions = [e.action for e in audit_log(s, "INC-2025-12-15")]
        assert "approve_public" in actions and "publish_public" in actions


def test_a_change_to_the_incident_voids_the_approval(store: Store, workspace: Workspace) -> None:
    with store.session() as s:
        add_incident(s, leaky_incident(), "tester")
    with store.session() as s:
        approve_public(s, get_incident(s, "INC-2025-12-15"), workspace, "reviewer-1")
    with store.session() as s:
        incident = get_incident(s, "INC-2025-12-15")
        incident.technical_details += " Also the LB health check was too lax."  # not public
        save_incident(s, incident, "tester")
    with store.session() as s:
        assert approved_public(s, get_incident(s, "INC-2025-12-15"), workspace) is not None
    with store.session() as s:
        incident = get_incident(s, "INC-2025-12-15")
        incident.action(2).status = ActionStatus.IN_PROGRESS  # visible in the public text
        save_incident(s, incident, "tester")
    with store.session() as s:
        incident = get_incident(s, "INC-2025-12-15")
        assert approved_public(s, incident, workspace) is None
        with pytest.raises(GateFailed, match="approval is void"):
            publish_public(s, incident, workspace, "tester")


def test_a_change_of_workspace_patterns_voids_the_approval(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    with store.session() as s:
        add_incident(s, leaky_incident(), "tester")
        approve_public(s, get_incident(s, "INC-2025-12-15"), workspace, "reviewer-1")
    stricter = Workspace(tmp_path, {"redaction": {"internal_hosts": [r"checkout-api"]}})
    with store.session() as s:
        assert approved_public(s, get_incident(s, "INC-2025-12-15"), stricter) is None


def test_the_review_never_prints_a_secret_in_full() -> None:
    key = "ghp_R8wq2XbY7kLmN3pQ9sT1vU4xZ6aC8dE0fG2h"
    review = review_diff(leaky_incident(summary=f"A token {key} was pasted in the channel."))
    assert key not in review.redaction_diff
    assert "-A token ghp_…(40 chars) was pasted" in review.redaction_diff
    assert "+A token [SECRET] was pasted" in review.redaction_diff


def test_a_serialised_public_version_carries_no_original_value(workspace: Workspace) -> None:
    import json

    from hindsight.domain.model import to_plain

    dumped = json.dumps(to_plain(render_public(leaky_incident(), workspace)), default=str)
    for leaked in ("Priya", CUSTOMER_EMAIL, "cus_8HxQ2mLp4Z", "203.0.113.45", "db-primary.corp"):
        assert leaked not in dumped
    assert "[EMAIL-1]" in dumped
