"""kubectl describe, kubectl logs, manifests and Robusta alerts: plain and as an SRE agent saved
them; ages anchored to --at; empty captures refused with kubectl's own words; any bytes give
records or malformed lines, never a crash."""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.domain.model import EventKind
from hindsight.errors import InvalidInput
from hindsight.ingest import (
    k8s,
    k8s_manifest,
    kubectl_capture,
    kubectl_describe,
    kubectl_logs,
    robusta,
)
from hindsight.ingest.records import Malformed, ParseOptions, Record, Source
from tests.conftest import TEST_DATA
from tests.ingest.helpers import read

OWN = TEST_DATA / "analysis" / "k8s"
WRAP = (
    '{"toolset_name": "kubernetes/logs", "tool_name": "fetch_pod_logs", "match_params": '
    '{"pod_name": "payments-worker-747ccfb9db-pd6wz", "namespace": "default"}}\n'
    '{"schema_version": "robusta:v1.0.0", "status": "success", "error": null, '
    '"invocation": "kubectl logs payments-worker-747ccfb9db-pd6wz -n default --previous"}\n'
)
runner = CliRunner()


def test_describe_pod_keeps_the_facts_a_cause_hides_in() -> None:
    importer, records, malformed, options = read(
        OWN / "statefulset_disk_full" / "describe_pod_orders-db-0.txt"
    )
    assert importer.NAME == "kubectl-describe" and not malformed
    facts = records[0].detail["k8s"]  # type: ignore[index]
    postgres = facts["containers"][0]
    assert (
        facts["object"] == "Pod/payments/orders-db-0"
        and facts["controlled_by"] == "StatefulSet/orders-db"
    )
    assert postgres["limits"] == {"cpu": "2", "memory": "4Gi"}
    assert postgres["state_reason"] == "CrashLoopBackOff" and postgres["last_exit_code"] == 1
    assert postgres["restarts"] == 9 and "pg_isready" in postgres["probes"]["readiness"]
    stop = next(r for r in records if "terminated" in r.text)
    assert (
        stop.level == "ERROR"
        and stop.at == datetime(2026, 11, 20, 3, 31, 4, tzinfo=UTC).timestamp()
    )
    # event ages are read from Start Time + the Scheduled event's age (34m), and it says so
    backoff = next(r for r in records if r.text.startswith("BackOff"))
    anchor = datetime(2026, 11, 20, 2, 58, 10, tzinfo=UTC).timestamp() + 34 * 60
    assert backoff.at == anchor - 33 * 60 and backoff.detail["count"] == 141  # type: ignore[index]
    assert any("Start Time plus the age of its Scheduled event" in w for w in options.warnings)


def test_describe_node_and_deployment(tmp_path: Path) -> None:
    _, records, _, _ = read(OWN / "node_memory_eviction" / "describe_node.txt")
    node = records[0].detail["k8s"]  # type: ignore[index]
    assert (
        node["kind"] == "Node" and node["pods_running"] == 9 and node["allocatable"]["pods"] == "29"
    )
    assert any(r.text.startswith("node ") and "MemoryPressure True" in r.text for r in records)
    _, records, _, _ = read(
        OWN / "rollout_readiness_probe" / "describe_deployment_checkout-api.txt"
    )
    deployment = records[0].detail["k8s"]  # type: ignore[index]
    assert deployment["kind"] == "Deployment" and "2 unavailable" in deployment["replicas"]
    assert deployment["containers"][0]["env"]["PAYMENTS_URL"] == "http://payments.shop.svc:8080"
    assert [r.kind for r in records].count(EventKind.DEPLOY) == 2  # ScalingReplicaSet


def test_wrapped_logs_without_times_are_anchored_and_name_their_pod(tmp_path: Path) -> None:
    path = tmp_path / "logs.txt"
    path.write_text(WRAP + "Environment variable DEPLOY_ENV is undefined\n")
    saved = datetime(2024, 11, 29, 8, 41, tzinfo=UTC)
    importer, records, malformed, options = read(
        path, reference_time=saved, reference_origin="--at"
    )
    assert importer.NAME == "kubectl-logs" and not malformed
    line = records[0]
    assert (
        line.level == "ERROR" and line.at == saved.timestamp() and line.service == "payments-worker"
    )
    assert any("carry no time" in w and "--at" in w for w in options.warnings)
    tail = records[-1].detail  # the last lines, kept verbatim for the signals
    assert tail is not None and tail["k8s_tail"] == ["Environment variable DEPLOY_ENV is undefined"]
    assert tail["previous"] is True


def test_timed_lines_lend_their_time_to_untimed_ones(tmp_path: Path) -> None:
    path = tmp_path / "logs.txt"
    path.write_text(
        WRAP
        + " * Serving Flask app\n2025-05-29 10:15:28,411 - ERROR - SSL certificate expired\n"
        + "Traceback (most recent call last):\n"
    )
    _, records, _, options = read(path)
    at = datetime(2025, 5, 29, 10, 15, 28, 411000, tzinfo=UTC).timestamp()
    assert [r.at for r in records[:3]] == [at, at, at]
    assert records[1].text == "SSL certificate expired" and records[1].level == "ERROR"
    assert not any("carry no time" in w for w in options.warnings)


def test_a_capture_holding_only_kubectl_error_is_refused_with_its_words(tmp_path: Path) -> None:
    path = tmp_path / "previous.txt"
    path.write_text(
        WRAP
        + 'Error from server (BadRequest): previous terminated container "w" in pod "p" not found\n'
    )
    _, records, malformed, _ = read(path)
    assert not records
    assert "previous terminated container" in malformed[0].reason


def test_cli_refuses_an_empty_capture_and_honours_at(tmp_path: Path, workspace: Path) -> None:
    made = runner.invoke(app, ["incident", "new", "Pod is crash looping", "--json"])
    incident = json.loads(made.stdout)["id"]
    empty = tmp_path / "empty.txt"
    empty.write_text(
        WRAP + "stdout:\n\nstderr:\nError from server (BadRequest): container is waiting\n"
    )
    result = runner.invoke(app, ["ingest", incident, str(empty)])
    assert result.exit_code == 2
    assert "no line could be read" in result.output and "container is waiting" in result.output
    logs = tmp_path / "logs.txt"
    logs.write_text(WRAP + "Environment variable DEPLOY_ENV is undefined\n")
    result = runner.invoke(
        app, ["ingest", incident, str(logs), "--at", "2024-11-29T08:41:00Z", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["files"][0]
    assert report["first_at"].startswith("2024-11-29T08:41:00")
    assert any("(--at)" in w for w in report["warnings"])


def test_plain_untimed_text_is_not_guessed_and_forcing_it_works(
    tmp_path: Path, workspace: Path
) -> None:
    made = runner.invoke(app, ["incident", "new", "x", "--json"])
    incident = json.loads(made.stdout)["id"]
    plain = tmp_path / "app.log"
    plain.write_text(
        'starting worker\nconnected to queue\n/bin/sh: syntax error: unexpected "fi"\n'
    )
    refused = runner.invoke(app, ["ingest", incident, str(plain)])
    assert refused.exit_code == 2 and "--format kubectl-logs" in refused.output
    forced = runner.invoke(app, ["ingest", incident, str(plain), "--format", "kubectl-logs"])
    assert forced.exit_code == 0, forced.output


def test_events_table_with_ago_and_repeats(tmp_path: Path) -> None:
    path = tmp_path / "events.txt"
    path.write_text(
        "LAST SEEN              TYPE      REASON    OBJECT      MESSAGE\n"
        "49m ago                Normal    Pulled    Pod/web-1   Container image already present\n"
        "87s (x23 over 6m33s)   Warning   BackOff   Pod/web-1   Back-off restarting failed\n"
    )
    saved = datetime(2025, 1, 1, 12, tzinfo=UTC)
    importer, records, malformed, _ = read(path, reference_time=saved)
    assert importer.NAME == "k8s" and not malformed
    assert records[0].at == saved.timestamp() - 49 * 60
    backoff = records[1]
    assert backoff.at == saved.timestamp() - 393 and backoff.detail["count"] == 23  # type: ignore[index]
    assert backoff.detail["last_at"] == saved.timestamp() - 87  # type: ignore[index]


def test_manifests_network_policy_helm_and_events(tmp_path: Path) -> None:
    importer, records, malformed, _ = read(
        OWN / "helm_upgrade_configmap_key" / "helm_get_manifest_payments.yaml"
    )
    assert importer.NAME == "k8s-manifest" and not malformed
    config, worker = (r.detail["k8s"] for r in records)  # type: ignore[index]
    assert (
        config["keys"] == ["DB_URL", "LOG_LEVEL", "QUEUE_URL"]
        and config["chart"] == "payments-3.4.0"
    )
    assert worker["containers"][0]["env"]["DATABASE_URL"] == "<configMapKeyRef payments-config>"
    assert all(r.kind is EventKind.NOTE and r.detail["k8s_context"] for r in records)  # type: ignore[index]
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-egress\n"
        "  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n  egress: []\n"
        "---\napiVersion: v1\nkind: Event\nmetadata:\n  name: e1\n  namespace: shop\n"
        "involvedObject:\n  kind: Pod\n  name: web-1\nreason: BackOff\ntype: Warning\n"
        "message: Back-off\nfirstTimestamp: '2025-01-01T10:00:00Z'\n"
    )
    _, records, _, _ = read(policy)
    assert records[0].detail["k8s"]["denies_all_egress"] and "DNS included" in records[0].text  # type: ignore[index]
    assert records[1].text.startswith("BackOff Pod/web-1") and records[1].level == "WARN"


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: &a {name: x}\ndata:\n  k: *a\n")
    _, records, malformed, _ = read(path)
    assert not records and "aliases" in malformed[0].reason


def test_robusta_finding_and_wrapped_prometheus_alert(tmp_path: Path) -> None:
    finding = tmp_path / "issue.json"
    finding.write_text(json.dumps({
        "title": "Cluster has overcommitted CPU resource requests.", "aggregation_key": "KubeCPUOvercommit",
        "creation_date": "2025-09-08T00:51:29", "starts_at": "2025-08-25T05:50:00+00:00",
        "labels": {"alertname": "KubeCPUOvercommit", "severity": "warning"}, "subject_name": None,
    }))  # fmt: skip
    importer, records, _, _ = read(finding)
    assert importer.NAME == "robusta" and records[0].kind is EventKind.ALERT
    assert records[0].at == datetime(2025, 8, 25, 5, 50, tzinfo=UTC).timestamp()  # not creation
    raw = tmp_path / "raw.json"
    raw.write_text(json.dumps({"name": "Watchdog", "raw": {"status": "active", "labels": {
        "alertname": "Watchdog"}, "annotations": {"summary": "always firing"},
        "startsAt": "2024-11-29 06:15:32.570000+00:00"}}))  # fmt: skip
    _, records, _, _ = read(raw)
    assert records[0].detail["alertname"] == "Watchdog"  # type: ignore[index]


def test_generated_suffixes_give_the_workload() -> None:
    assert kubectl_capture.workload_of("search-api-6d9c7f8b54-4rbtp") == "search-api"
    assert kubectl_capture.workload_of("java-api-checker-2lhkn") == "java-api-checker"
    assert kubectl_capture.workload_of("orders-db-0") == "orders-db-0"


IMPORTERS = (kubectl_describe, kubectl_logs, k8s_manifest, robusta, k8s)
PREFIXES = (
    "",
    WRAP,
    "Name:         web-1\nNamespace:    default\nContainers:\n",
    "apiVersion: v1\nkind: Pod\n",
    "LAST SEEN   TYPE   REASON   OBJECT   MESSAGE\n",
    '{"aggregation_key": "X", "raw": {"labels": {"alertname": "A"}}, ',
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(PREFIXES), st.binary(max_size=600), st.integers(0, 4))
def test_any_bytes_give_records_or_malformed_never_a_crash(
    tmp_path: Path, prefix: str, noise: bytes, nesting: int
) -> None:
    path = tmp_path / "fuzz.txt"
    body = prefix.encode() + b"  " * nesting + noise + b"\n" + b"    Reason: OOMKilled\xff\xfe\n"
    path.write_bytes(body)
    source = Source(path, path.name)
    try:
        sample = source.sample()
    except (EOFError, zlib.error, gzip.BadGzipFile):
        # bytes that open with gzip's magic number are read as gzip; a damaged stream is the
        # reader's to report (test_records: a truncated gz), not an importer's
        assert body.startswith(b"\x1f\x8b")
        return
    for importer in IMPORTERS:
        importer.detect(sample)
        try:
            items = list(importer.parse(source, ParseOptions()))
        except InvalidInput:
            continue
        assert all(isinstance(i, Record | Malformed) for i in items)
        assert all(i.at is not None for i in items if isinstance(i, Record))


leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
        ["containers", "env", "command", "args", "spec", "template", "metadata", "name",
         "resources", "limits", "readinessProbe", "httpGet", "egress", "policyTypes",
         "podSelector", "items", "data", "raw", "labels", "starts_at", "value", "valueFrom"]
    ), inner, max_size=4),
    max_leaves=25,
)  # fmt: skip


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(["Pod", "Deployment", "CronJob", "NetworkPolicy", "List", "Event"]), values)
def test_any_manifest_shape_reads_or_is_malformed(tmp_path: Path, kind: str, spec: object) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"apiVersion": "v1", "kind": kind, "spec": spec, "items": [spec]}))
    for importer in (k8s_manifest, robusta):
        items = list(importer.parse(Source(path, path.name), ParseOptions()))
        assert all(isinstance(i, Record | Malformed) for i in items)
