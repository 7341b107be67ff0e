"""Kubernetes evidence signals over plain Incidents; their ranking with change suspects; the onset
taken from the evidence when no start was given; milestones that do not resolve a crash loop;
the deploy/config/flag kind of a commit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hindsight.analysis.category import suggest_category
from hindsight.analysis.k8s_signals import find_signals
from hindsight.analysis.suspects import find_onset, rank_suspects
from hindsight.domain.model import EventKind, Incident, Milestone, TimelineEvent
from hindsight.ingest.gitlog import commit_kind
from hindsight.ingest.milestones import propose

T0 = datetime(2025, 5, 29, 10, 0, tzinfo=UTC)
_ids = iter(range(1, 10_000))


def ev(minutes: float, text: str, kind: EventKind = EventKind.LOG, **extra: Any) -> TimelineEvent:
    level = extra.pop("level", None)
    service = extra.pop("service", None)
    return TimelineEvent(
        at=T0 + timedelta(minutes=minutes), text=text, kind=kind, level=level, service=service,
        key=bool(extra.pop("key", False)), detail=extra, id=next(_ids),
    )  # fmt: skip


def pod(name: str, **container: Any) -> TimelineEvent:
    facts = {"kind": "Pod", "name": name, "namespace": "default", "object": f"Pod/default/{name}",
             "containers": [{"name": "app", "limits": {}, "env": {}, **container}]}  # fmt: skip
    return ev(0, f"Pod default/{name} described", EventKind.NOTE, k8s=facts, k8s_context=True)


def incident(*events: TimelineEvent, title: str = "Pod is crash looping") -> Incident:
    return Incident(id="INC-1", title=title, timeline=list(events), created_at=T0 + timedelta(hours=5),
                    started_at=T0 + timedelta(hours=5))  # fmt: skip


def rules(found: Incident) -> list[str]:
    return [s.rule for s in find_signals(found)]


def test_oom_names_the_limit_and_links_its_evidence() -> None:
    described = pod("web-7d9f8b6c4-x2x9z", limits={"memory": "100Mi"}, last="Terminated",
                    last_reason="OOMKilled", last_exit_code=137, state="Waiting",
                    state_reason="CrashLoopBackOff", restarts=6)  # fmt: skip
    signal = find_signals(incident(described))[0]
    assert (
        signal.rule == "oom_killed"
        and "100Mi" in signal.title
        and "CrashLoopBackOff" in signal.title
    )
    assert signal.evidence == [described.id] and signal.category == "capacity"


def test_command_not_found_suggests_the_likely_command() -> None:
    failed = ev(1, 'Failed Pod/default/agent: Error: exec: "wge": executable file not found in $PATH',
                reason="Failed", level="WARN")  # fmt: skip
    signal = find_signals(incident(failed))[0]
    assert signal.rule == "command_not_found" and "`wget`" in signal.title


def test_dns_failure_with_a_deny_egress_policy_names_the_policy() -> None:
    policy = ev(0, "NetworkPolicy default-deny-egress", EventKind.NOTE, k8s_context=True, k8s={
        "kind": "NetworkPolicy", "name": "default-deny-egress", "namespace": "ns",
        "object": "NetworkPolicy/ns/default-deny-egress", "denies_all_egress": True,
        "selects_all_pods": True})  # fmt: skip
    failing = ev(2, "Connection error: Failed to resolve 'nginx-service.test-ns'", level="ERROR")
    top = find_signals(incident(policy, failing))[0]
    assert top.rule == "dns_blocked_by_networkpolicy" and "default-deny-egress" in top.title
    assert set(top.evidence) == {policy.id, failing.id}
    assert "dns_failure" not in rules(incident(policy, failing))
    assert rules(incident(failing))[0] == "dns_failure"  # no policy in scope: a weaker signal


def test_job_backoff_quotes_the_jobs_own_error() -> None:
    job = ev(0, "Job described", EventKind.NOTE, k8s_context=True, k8s={
        "kind": "Job", "name": "java-api-checker", "object": "Job/default/java-api-checker",
        "backoff_limit": "1", "pods_statuses": "0 Active (0 Ready) / 0 Succeeded / 2 Failed"})  # fmt: skip
    tail = ev(3, "last lines", service="java-api-checker", pod="java-api-checker-2lhkn",
              k8s_tail=["All host(s) tried for db query failed (tried: prod-db:3333)"],
              tail_levels=["ERROR"])  # fmt: skip
    signal = find_signals(incident(job, tail))[0]
    assert signal.rule == "job_backoff_limit" and "prod-db:3333" in signal.title
    assert signal.category == "external_dependency" and tail.id in signal.evidence


def test_missing_env_var_checks_the_spec() -> None:
    said = ev(1, "Environment variable DEPLOY_ENV is undefined", level="ERROR", service="worker")
    signal = find_signals(incident(pod("worker-747ccfb9db-pd6wz"), said))[0]
    assert signal.rule == "missing_env" and "DEPLOY_ENV" in signal.title
    assert "no container spec in the evidence defines it" in signal.title


def test_heartbeat_alert_is_not_an_incident() -> None:
    alert = ev(0, "Watchdog: An alert that should always be firing", EventKind.ALERT,
               alertname="Watchdog")  # fmt: skip
    names = rules(incident(alert, title="Watchdog"))
    assert names[0] == "heartbeat_alert" and "evidence_gap" in names


def test_throttling_needs_the_alert_and_reads_the_limit() -> None:
    described = pod("frontend-service", limits={"cpu": "10m"}, command="stress --cpu 100")
    assert "cpu_throttling" not in rules(incident(described, title="Pod restarted"))
    signal = find_signals(incident(described, title="CPUThrottlingHigh for frontend-service"))[0]
    assert signal.rule == "cpu_throttling" and "10m" in signal.title


def test_signals_rank_with_changes_and_say_hypotheses_to_test() -> None:
    deploy = ev(-120, "deploy web v2", EventKind.DEPLOY, service="web")
    crash = ev(0, "container app terminated: OOMKilled", level="ERROR", service="web", key=True)
    described = pod("web-7d9f8b6c4-x2x9z", limits={"memory": "64Mi"}, last="Terminated",
                    last_reason="OOMKilled", last_exit_code=137)  # fmt: skip
    report = rank_suspects(incident(deploy, crash, described))
    assert [h.rank for h in report.hypotheses] == list(range(1, len(report.hypotheses) + 1))
    assert report.hypotheses[0].rule == "oom_killed" and report.hypotheses[0].source == "signal"
    assert any(h.source == "change" for h in report.hypotheses)
    assert "hypotheses to test" in report.message
    assert suggest_category(incident(deploy, crash, described))[0][0] == "capacity"


def test_onset_comes_from_the_evidence_when_the_start_is_only_when_it_was_opened() -> None:
    crash = ev(0, "ERROR connection refused", level="ERROR")
    opened = incident(crash)  # started_at == created_at: `incident new` without --started
    onset, basis = find_onset(opened)
    assert onset == crash.at and "first anomaly in the evidence" in basis
    given = incident(crash)
    given.started_at = T0 + timedelta(hours=2)  # a start someone gave: kept
    assert find_onset(given) == (given.started_at, "incident start")


def test_no_resolution_while_the_pod_still_crash_loops() -> None:
    first = ev(0, "ERROR crash", level="ERROR", key=True)
    last = ev(0, "ERROR crash again", level="ERROR", key=True)
    waiting = ev(5, "container app waiting: CrashLoopBackOff", level="WARN", key=True,
                 reason="CrashLoopBackOff")  # fmt: skip
    proposed = {p.milestone for p in propose(incident(first, last, waiting))}
    assert Milestone.STARTED in proposed and Milestone.RESOLVED not in proposed
    later = ev(30, "ERROR last crash", level="ERROR", key=True)
    resolved = [p for p in propose(incident(first, later)) if p.milestone is Milestone.RESOLVED]
    assert resolved and resolved[0].at == later.at


def test_an_earlier_error_is_an_earlier_anomaly_even_if_not_key() -> None:
    error = ev(0, "ERROR db timeout", level="ERROR")
    alert = ev(10, "HighErrorRate", EventKind.ALERT)
    started = next(p for p in propose(incident(error, alert)) if p.milestone is Milestone.STARTED)
    assert started.at == error.at and "first anomaly" in started.reason


def test_commit_kind_from_its_content() -> None:
    assert commit_kind("deploy checkout-api v2.31.0") == "deploy"
    assert commit_kind("helm upgrade payments to chart 3.4.0 (revision 7)") == "deploy"
    assert commit_kind("bump image to 2.4.1") == "deploy"
    assert commit_kind("enable flag new-checkout for 10%") == "feature_flag"
    assert commit_kind("raise search-api HPA max replicas to 12") == "config_change"
    assert commit_kind("fix typo in values.yaml") == "config_change"


def test_a_deploy_long_before_an_incident_opened_later_is_still_a_suspect() -> None:
    # the case: opened today without --started; the evidence is nine months old
    deploy = ev(0, "deploy checkout-api v2.31.0", EventKind.DEPLOY, service="checkout-api")
    errors = ev(55 / 60, "ERROR upstream connect error", level="ERROR", service="checkout-api")
    late = Incident(id="INC-2", title="checkout errors", timeline=[deploy, errors],
                    created_at=T0 + timedelta(days=270), started_at=T0 + timedelta(days=270),
                    services=["checkout-api"])  # fmt: skip
    report = rank_suspects(late)
    assert report.onset == errors.at and "first anomaly in the evidence" in report.onset_basis
    assert report.top is not None and report.top.kind == "deploy"
    assert "55s before the onset" in " ".join(report.top.reasons)
