"""What Kubernetes evidence says about the cause: explained signals, each linked to its evidence.

The kubectl importers keep the facts a cause hides in (`detail["k8s"]` of a described object or a
manifest: limits, env, probes, container states; `detail["reason"]` of an event) and the log
lines. These rules read them and name a cause the way an SRE would — "OOMKilled (exit 137) at its
100Mi memory limit", "command `wge` not found (did you mean `wget`?)", "NetworkPolicy
default-deny-egress denies all egress, DNS included" — with a score (how directly the evidence
says it) and the ids of the timeline events that show it. Signals are hypotheses to test, not
verdicts; suspects.py ranks them with the change suspects. Pure functions over an Incident.

Captures are snapshots, often taken long after the onset, so the rules read the whole timeline
rather than a window around the onset.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hindsight.domain.model import EventKind, Incident, TimelineEvent
from hindsight.ingest.kubectl_capture import workload_of

KNOWN_COMMANDS = (
    "wget", "curl", "sh", "bash", "python", "python3", "node", "java", "nginx", "echo", "cat",
    "sleep", "ls", "cp", "mv", "mkdir", "chmod", "tar", "gzip", "git", "npm", "pip", "go",
    "ruby", "perl", "psql", "mysql", "redis-cli", "kubectl", "helm", "envsubst", "nc", "ping",
)  # fmt: skip
HEARTBEAT_ALERTS = frozenset({"watchdog", "deadmansswitch", "deadmanssnitch", "infoinhibitor"})
_NOT_FOUND = re.compile(r'exec: "([^"]+)": executable file not found')
_PULL = re.compile(r'Failed to pull image \\?"([^"\\]+)\\?"(?::\s*(.*))?', re.I)
_PULL_WHY = (
    ("the repository does not exist or needs credentials", re.compile(r"pull access denied|repository does not exist|insufficient_scope|authorization failed", re.I)),
    ("the tag or image was not found", re.compile(r"not found|manifest unknown", re.I)),
    ("the registry refused the credentials", re.compile(r"unauthorized|401|403", re.I)),
    ("the registry could not be reached", re.compile(r"i/o timeout|no such host|connection refused|dial tcp", re.I)),
)  # fmt: skip
_INSUFFICIENT = re.compile(r"Insufficient ([\w./-]+)")
_MISSING_ENV = re.compile(
    r"(?:environment variable|env(?:ironment)? var(?:iable)?)\s+[`'\"]?([A-Z][A-Z0-9_]{1,60})[`'\"]?\s+"
    r"(?:is\s+)?(?:undefined|not set|missing|required|empty|not defined)"
    r"|[`'\"]?([A-Z][A-Z0-9_]{2,60})[`'\"]?\s+(?:environment variable\s+)?(?:is\s+)?(?:not set|undefined|must be set)"
    r"|KeyError: '([A-Z][A-Z0-9_]{2,60})'",
)
_CONFIG_REF = re.compile(
    r'(configmap|secret)s? "([\w.-]+)" not found|couldn\'t find key ([\w.-]+) in (ConfigMap|Secret) ([\w./-]+)',
    re.I,
)
_CERT = re.compile(
    r"certificate (has )?expired|certificate is not valid|x509: certificate|ssl certificate expired|"
    r"expiredcert|cert(ificate)? expired on ([\d-]+)",
    re.I,
)
_CERT_DATE = re.compile(r"expired on (\d{4}-\d{2}-\d{2})|not after (\S+)", re.I)
_DNS = re.compile(
    r"NameResolutionError|Failed to resolve '([^']+)'|could not resolve( host)?:? ?([\w.-]*)|"
    r"Temporary failure in name resolution|no such host|NXDOMAIN|getaddrinfo (ENOTFOUND|EAI_AGAIN) ?([\w.-]*)|"
    r"Name or service not known|dial udp [\d.]+:53",
    re.I,
)
_DNS_HOST = re.compile(
    r"Failed to resolve '([^']+)'|lookup ([\w.-]+)|host='([\w.-]+)'|ENOTFOUND ([\w.-]+)"
)
_DURATION = re.compile(
    r"\b(?:completed|finished|took|rendered|done|responded)\b[^0-9]{0,20}(\d+(?:\.\d+)?)\s*(ms|milliseconds|s|sec|seconds)\b"
    r"|responseTime=(\d+(?:\.\d+)?)",
    re.I,
)
_LATENCY_WORDS = re.compile(r"latency|slow|taking longer|response time|p9\d|\bduration\b", re.I)
_THROTTLE = re.compile(r"throttl", re.I)
_CONNECTION = re.compile(
    r"connection refused|no available connection|all host\(s\) tried|could not connect|"
    r"connection (timed out|reset)|ECONNREFUSED|tried: ([\w.-]+:\d+)",
    re.I,
)
_ENDPOINT = re.compile(r"\b([a-z][\w.-]*:\d{2,5})\b")


@dataclass
class Signal:
    """One explained hint: what the evidence says, how to test it, and where it says so."""

    rule: str
    title: str
    explanation: str
    score: float  # 0–1: how directly the evidence states it
    category: str | None = None  # a root-cause category, when the rule implies one
    object: str | None = None
    at: datetime | None = None
    evidence: list[int] = field(default_factory=list)  # timeline event ids


@dataclass
class _Evidence:
    """The timeline sorted once into what the rules read."""

    incident: Incident
    objects: list[tuple[TimelineEvent, dict[str, Any]]] = field(default_factory=list)
    logs: list[TimelineEvent] = field(default_factory=list)
    k8s_events: list[TimelineEvent] = field(default_factory=list)
    alerts: list[TimelineEvent] = field(default_factory=list)
    tails: list[TimelineEvent] = field(default_factory=list)  # last lines of a container's logs

    def containers(self) -> Iterator[tuple[TimelineEvent, dict[str, Any], dict[str, Any]]]:
        for event, facts in self.objects:
            for container in facts.get("containers") or []:
                if isinstance(container, dict):
                    yield event, facts, container

    def policies(self) -> list[tuple[TimelineEvent, dict[str, Any]]]:
        return [(e, f) for e, f in self.objects if f.get("kind") == "NetworkPolicy"]

    def alert_text(self) -> str:
        parts = [self.incident.title, self.incident.summary] + [a.text for a in self.alerts]
        return " ".join(p for p in parts if p)


def _collect(incident: Incident) -> _Evidence:
    found = _Evidence(incident)
    for event in sorted(incident.timeline, key=lambda e: e.at):
        detail = event.detail or {}
        facts = detail.get("k8s")
        if isinstance(facts, dict):
            found.objects.append((event, facts))
        elif isinstance(detail.get("k8s_tail"), list):
            found.tails.append(event)
        elif event.kind is EventKind.ALERT:
            key = (str(detail.get("alertname") or event.text[:80]), event.at)
            if all(
                (str(a.detail.get("alertname") or a.text[:80]), a.at) != key for a in found.alerts
            ):
                found.alerts.append(event)  # the same alert saved twice counts once
        elif detail.get("reason") is not None and event.kind in (EventKind.LOG, EventKind.DEPLOY):
            found.k8s_events.append(event)
        elif event.kind is EventKind.LOG:
            found.logs.append(event)
    return found


def _ids(events: Iterable[TimelineEvent]) -> list[int]:
    seen: list[int] = []
    for event in events:
        if event.id is not None and event.id not in seen:
            seen.append(event.id)
    return seen[:20]


def _short(name: str) -> str:
    return name.split("/")[-1]


def _limits(container: dict[str, Any]) -> str:
    limits = container.get("limits") or {}
    return ", ".join(f"{k} {v}" for k, v in limits.items()) or "none set"


def _service_logs(ev: _Evidence, name: str) -> list[TimelineEvent]:
    """Log lines of the workload `name` (a pod's logs carry its deployment or job name)."""
    base = workload_of(name)
    return [e for e in ev.logs if e.service and (e.service == base or base.startswith(e.service))]


def _tail_of(ev: _Evidence, name: str) -> tuple[list[str], list[TimelineEvent]]:
    """The last log lines of workload or pod `name` (its previous container's, when saved)."""
    base = workload_of(name)
    mine = [
        t
        for t in ev.tails
        if str(t.detail.get("pod") or "") == name
        or (t.service and (t.service == base or t.service == name))
    ]
    mine.sort(key=lambda t: (not t.detail.get("previous"), -len(t.detail.get("k8s_tail") or [])))
    for tail in mine:
        lines = [str(x) for x in tail.detail.get("k8s_tail") or [] if str(x).strip()]
        levels = list(tail.detail.get("tail_levels") or [])
        severe = [x for x, lv in zip(lines, levels, strict=False) if lv in ("ERROR", "FATAL")]
        if lines:
            return (severe or lines)[-3:], [tail]
    logs = _service_logs(ev, name)
    errors = [e for e in logs if (e.level or "") in ("ERROR", "FATAL")]
    chosen = (errors or logs)[-3:]
    return [e.text for e in chosen], chosen


def _quote(lines: list[str]) -> str:
    return " | ".join(f'"{line[:160]}"' for line in dict.fromkeys(lines))


# --- rules ----------------------------------------------------------------------------------


def _oom(ev: _Evidence) -> Iterator[Signal]:
    for event, facts, c in ev.containers():
        code = c.get("last_exit_code") if c.get("last") else c.get("state_exit_code")
        reason = c.get("last_reason") or c.get("state_reason")
        if reason != "OOMKilled" and code != 137:
            continue
        memory = (c.get("limits") or {}).get("memory")
        loop = (
            " and is now in CrashLoopBackOff" if c.get("state_reason") == "CrashLoopBackOff" else ""
        )
        proof = [e for e in ev.k8s_events if facts["object"] in e.text or c["name"] in e.text]
        yield Signal(
            "oom_killed",
            f"{c['name']} in {_short(facts['object'])} was OOMKilled (exit {code or 137}) at its "
            f"memory limit {memory or '(none set: the node ran out)'}{loop}",
            "The kernel killed the container for using more memory than its limit. Test: compare "
            "its peak memory (kubectl top pod, container_memory_working_set_bytes) with the limit; "
            "raise the limit if the workload needs it, or find the leak.",
            0.95,
            "capacity",
            facts["object"],
            event.at,
            _ids([event, *proof]),
        )


def _cpu_throttling(ev: _Evidence) -> Iterator[Signal]:
    said = ev.alert_text()
    if not _THROTTLE.search(said):
        return
    seen: set[str] = set()
    for event, facts, c in ev.containers():
        cpu = (c.get("limits") or {}).get("cpu")
        key = f"{facts.get('name')}/{c['name']}"
        if not cpu or key in seen:
            continue
        seen.add(key)
        named = c["name"] in said or str(facts.get("name")) in said
        command = f"; it runs `{c['command'][:80]}`" if c.get("command") else ""
        yield Signal(
            "cpu_throttling",
            f"CPU throttling of {c['name']} in {facts.get('name')}: its CPU limit is {cpu}"
            f"{command}",
            "The alert reports CFS throttling, and the container may use at most its CPU limit. "
            "Test: compare container_cpu_usage_seconds_total with the limit; increase the CPU "
            "limit (or remove it and keep a request).",
            0.9 if named else 0.7,
            "capacity",
            facts["object"],
            event.at,
            _ids([event, *ev.alerts]),
        )


def _command_not_found(ev: _Evidence) -> Iterator[Signal]:
    seen: set[str] = set()
    texts = [(e, e.text) for e in ev.k8s_events]
    texts += [(e, str(c.get("last_message", ""))) for e, _f, c in ev.containers()]
    for event, text in texts:
        match = _NOT_FOUND.search(text)
        if not match or match.group(1) in seen:
            continue
        command = match.group(1)
        seen.add(command)
        close = difflib.get_close_matches(command, KNOWN_COMMANDS, n=1, cutoff=0.7)
        typo = f" — `{command}` may be a typo for `{close[0]}`" if close else ""
        yield Signal(
            "command_not_found",
            f"the container's command `{command}` is not found in its image{typo}",
            "The runtime could not start the process (StartError, exit 128), so the container "
            "restarts in CrashLoopBackOff. Test: run the image with a shell and look for the "
            "command; fix the command or the image.",
            0.93,
            "configuration",
            None,
            event.at,
            _ids([event]),
        )


def _image_pull(ev: _Evidence) -> Iterator[Signal]:
    seen: set[str] = set()
    candidates = [*ev.k8s_events, *ev.alerts]
    for event in candidates:
        match = _PULL.search(event.text)
        if not match or match.group(1) in seen:
            continue
        image = match.group(1)
        seen.add(image)
        why = next((w for w, p in _PULL_WHY if p.search(event.text)), "see the message")
        proof = [e for e in candidates if image in e.text]
        yield Signal(
            "image_pull",
            f"image {image} cannot be pulled: {why} (ErrImagePull / ImagePullBackOff)",
            "The kubelet cannot fetch the image, so the pod never starts. Test: docker pull the "
            "exact reference; check its spelling and tag, the registry, and imagePullSecrets.",
            0.93,
            "deployment",
            None,
            event.at,
            _ids(proof),
        )


def _scheduling(ev: _Evidence) -> Iterator[Signal]:
    seen: set[str] = set()
    for event in ev.k8s_events:
        if event.detail.get("reason") != "FailedScheduling":
            continue
        lacking = sorted(set(_INSUFFICIENT.findall(event.text)))
        key = ",".join(lacking) or event.text[:60]
        if key in seen:
            continue
        seen.add(key)
        what = (
            f"insufficient {', '.join(lacking)}" if lacking else event.text.split(": ", 1)[-1][:160]
        )
        asked = _requests_of(ev, lacking)
        yield Signal(
            "failed_scheduling",
            f"{_short(str(event.detail.get('object', 'the pod')))} cannot be scheduled: {what}"
            + (f" (it requests {asked})" if asked else ""),
            "No node can hold the pod as it asks. Test: kubectl describe nodes (Allocatable) "
            "against the pod's requests; lower the requests or add nodes that offer them.",
            0.92,
            "capacity",
            str(event.detail.get("object")),
            event.at,
            _ids([event]),
        )
    if not seen:
        yield from _unavailable_with_scarce_requests(ev)


def _requests_of(ev: _Evidence, resources: list[str]) -> str:
    for _e, _f, c in ev.containers():
        asked = c.get("requests") or c.get("limits") or {}
        found = [f"{r} {asked[r]}" for r in resources if r in asked]
        if found:
            return ", ".join(found)
    return ""


def _unavailable_with_scarce_requests(ev: _Evidence) -> Iterator[Signal]:
    """No FailedScheduling event in sight, but replicas are unavailable or the pod is Pending
    while it asks for an extended resource (a GPU) most nodes do not have."""
    for event, facts, c in ev.containers():
        asked = {**(c.get("limits") or {}), **(c.get("requests") or {})}
        scarce = [k for k in asked if "/" in k and not k.startswith("hugepages")]
        replicas = str(facts.get("replicas", ""))
        unavailable = re.search(r"(\d+) unavailable", replicas)
        stuck = (unavailable and unavailable.group(1) != "0") or facts.get("status") == "Pending"
        if not scarce or not stuck:
            continue
        yield Signal(
            "failed_scheduling",
            f"{facts.get('name')} has unavailable pods and asks for "
            + ", ".join(f"{k} {asked[k]}" for k in scarce)
            + f" — likely insufficient {scarce[0]} on the nodes",
            "Pods that request an extended resource stay Pending when no node offers enough of "
            "it. Test: kubectl describe nodes | grep " + scarce[0] + " and the pods' "
            "FailedScheduling events.",
            0.7,
            "capacity",
            facts["object"],
            event.at,
            _ids([event]),
        )
        return


def _probes(ev: _Evidence) -> Iterator[Signal]:
    grouped: dict[str, list[TimelineEvent]] = {}
    for event in ev.k8s_events:
        if event.detail.get("reason") == "Unhealthy" or "probe failed" in event.text.lower():
            kind = (
                "readiness"
                if "readiness" in event.text.lower()
                else ("liveness" if "liveness" in event.text.lower() else "startup")
            )
            grouped.setdefault(kind, []).append(event)
    for kind, events in grouped.items():
        spec = next(
            (
                f" (probe: {c['probes'][kind]})"
                for _e, _f, c in ev.containers()
                if kind in (c.get("probes") or {})
            ),
            "",
        )
        count = sum(int(e.detail.get("count") or 1) for e in events)
        message = events[-1].text.split(": ", 1)[-1][:200]
        yield Signal(
            "probe_failure",
            f"{kind} probe failing ({count}×): {message}{spec}",
            "Failing readiness takes pods out of the Service; failing liveness restarts them. "
            "Test: call the probe's endpoint from inside the pod; compare with what changed in "
            "the release (path, port, start-up time).",
            0.85,
            "deployment",
            str(events[-1].detail.get("object")),
            events[0].at,
            _ids(events),
        )


def _crashloop(ev: _Evidence) -> Iterator[Signal]:
    for event, facts, c in ev.containers():
        if c.get("state_reason") != "CrashLoopBackOff":
            continue
        last = f"last exit: {c.get('last_reason') or '?'} (exit {c.get('last_exit_code')})"
        lines, logs = _tail_of(ev, str(facts.get("name")))
        said = f"; last log lines: {_quote(lines)}" if lines else ""
        yield Signal(
            "crashloop",
            f"{c['name']} in {_short(facts['object'])} is in CrashLoopBackOff "
            f"({c.get('restarts') or 0} restarts; {last}){said}",
            "The container keeps exiting and the kubelet backs off restarting it. Test: kubectl "
            "logs --previous shows why the last run ended; the exit code tells how.",
            0.6,
            None,
            facts["object"],
            event.at,
            _ids([event, *logs]),
        )


def _job_backoff(ev: _Evidence) -> Iterator[Signal]:
    for event, facts in ev.objects:
        if facts.get("kind") != "Job":
            continue
        failed = re.search(r"(\d+) Failed", str(facts.get("pods_statuses", "")))
        limit = facts.get("backoff_limit")
        exceeded = [
            e
            for e in ev.k8s_events
            if e.detail.get("reason") == "BackoffLimitExceeded" and str(facts.get("name")) in e.text
        ]
        failures = int(failed.group(1)) if failed else 0
        limit_n = int(str(limit)) if str(limit or "").isdigit() else None
        if not exceeded and not (limit_n is not None and failures > limit_n):
            continue
        lines, logs = _tail_of(ev, str(facts["name"]))
        error = f"; its own error: {_quote(lines)}" if lines else ""
        yield Signal(
            "job_backoff_limit",
            f"Job {facts['name']} failed: backoff limit {limit} reached "
            f"({failures} pod(s) failed){error}",
            "Every retry of the job failed the same way until the backoff limit stopped it. "
            "Test: the job's pod logs and exit codes say why one run fails; fix that, then "
            "re-run the job.",
            0.9,
            _category_of(" ".join(lines)),
            facts["object"],
            event.at,
            _ids([event, *exceeded, *logs]),
        )


def _category_of(text: str) -> str | None:
    if _CONNECTION.search(text) or _DNS.search(text):
        return "external_dependency"
    if re.search(r"syntax error|not found|undefined|invalid", text, re.I):
        return "configuration"
    return None


def _missing_config(ev: _Evidence) -> Iterator[Signal]:
    seen: set[str] = set()
    for event in [*ev.logs, *ev.k8s_events]:
        match = _MISSING_ENV.search(event.text)
        if match:
            name = next(g for g in match.groups() if g)
            if name in seen:
                continue
            seen.add(name)
            defined = [c["name"] for _e, _f, c in ev.containers() if name in (c.get("env") or {})]
            spec = (
                f"; {', '.join(defined)} defines it, so check its value"
                if defined
                else "; no container spec in the evidence defines it"
                if any(True for _ in ev.containers())
                else ""
            )
            yield Signal(
                "missing_env",
                f"environment variable {name} is missing: the program says "
                f'"{event.text[:120]}"{spec}',
                "The program refuses to run without this variable. Test: kubectl exec … env, "
                "and the Deployment's env/envFrom; add the variable (or its ConfigMap/Secret).",
                0.93,
                "configuration",
                None,
                event.at,
                _ids([e for e in ev.logs if name in e.text] or [event]),
            )
            continue
        ref = _CONFIG_REF.search(event.text)
        if ref and ref.group(0) not in seen:
            seen.add(ref.group(0))
            yield Signal(
                "missing_config",
                f"missing configuration: {ref.group(0)}",
                "The pod references a ConfigMap, Secret or key that does not exist "
                "(CreateContainerConfigError). Test: kubectl get configmap/secret in the "
                "namespace; compare the keys with what the release expects.",
                0.92,
                "configuration",
                str(event.detail.get("object") or "") or None,
                event.at,
                _ids([event]),
            )


def _certificate(ev: _Evidence) -> Iterator[Signal]:
    hits = [e for e in ev.logs + ev.k8s_events + ev.alerts if _CERT.search(e.text)]
    if not hits:
        return
    plain = [e for e in hits if re.search(r"certificate (has )?expired", e.text, re.I)]
    hits = sorted(plain, key=lambda e: len(e.text)) + [e for e in hits if e not in plain]
    dates = [m.group(1) for e in hits if (m := _CERT_DATE.search(e.text)) and m.group(1)]
    when = f" (expired on {dates[0]})" if dates else ""
    services = sorted({e.service for e in hits if e.service})
    yield Signal(
        "certificate_expired",
        f"TLS certificate expired{when}"
        + (f" in {', '.join(services)}" if services else "")
        + f": {hits[0].text[:120]}",
        "The service refuses to run (or to connect) with an expired certificate. Test: "
        "openssl x509 -enddate on the mounted certificate; renew it and automate renewal.",
        0.92,
        "configuration",
        None,
        hits[0].at,
        _ids(hits),
    )


def _dns(ev: _Evidence) -> Iterator[Signal]:
    failures = [e for e in ev.logs + ev.k8s_events if _DNS.search(e.text)]
    deny = [(e, f) for e, f in ev.policies() if f.get("denies_all_egress")]
    if not failures:
        return
    hosts = sorted(
        {h for e in failures for m in _DNS_HOST.finditer(e.text) for h in m.groups() if h}
    )
    host = f" for {', '.join(hosts[:3])}" if hosts else ""
    if deny:
        event, policy = deny[0]
        scope = (
            "every pod" if policy.get("selects_all_pods") else f"pods {policy.get('pod_selector')}"
        )
        yield Signal(
            "dns_blocked_by_networkpolicy",
            f"DNS lookups fail{host}: NetworkPolicy {policy['name']} in "
            f"{policy.get('namespace') or 'its namespace'} denies all egress from {scope}, "
            "DNS (UDP/TCP 53 to kube-dns) included",
            "With an empty egress list the policy blocks every outgoing connection, so name "
            "resolution fails before any request is made. Test: kubectl get networkpolicy -n "
            "…; add an egress rule to kube-dns on port 53 (and to the services the pod needs).",
            0.96,
            "configuration",
            policy["object"],
            failures[0].at,
            _ids([event, *failures]),
        )
        return
    yield Signal(
        "dns_failure",
        f"DNS resolution fails{host}: {failures[0].text[:120]}",
        "Names do not resolve. Test: nslookup from the pod; check CoreDNS, the name itself, "
        "and NetworkPolicies that could block port 53.",
        0.75,
        "configuration",
        None,
        failures[0].at,
        _ids(failures),
    )


def _node_capacity(ev: _Evidence) -> Iterator[Signal]:
    for event, facts in ev.objects:
        if facts.get("kind") != "Node":
            continue
        running = facts.get("pods_running")
        allowed = str((facts.get("allocatable") or {}).get("pods", ""))
        if isinstance(running, int) and allowed.isdigit() and running >= int(allowed):
            yield Signal(
                "node_pod_capacity",
                f"node {facts['name']} runs {running} of {allowed} allocatable pods: it is "
                "running too many pods for its capacity",
                "A node at its pod limit cannot take another pod; new pods stay Pending and "
                "the kubelet alerts (KubeletTooManyPods). Test: kubectl describe node; spread "
                "the pods, add nodes, or raise max-pods where the CNI allows.",
                0.9,
                "capacity",
                facts["object"],
                event.at,
                _ids([event]),
            )
        for kind, condition in (facts.get("conditions") or {}).items():
            if kind.endswith("Pressure") and condition.get("status") == "True":
                yield Signal(
                    "node_pressure",
                    f"node {facts['name']} reports {kind} ({condition.get('reason')})",
                    "Under pressure the kubelet evicts pods, lowest QoS first. Test: kubectl "
                    "describe node and the Evicted pods' messages.",
                    0.85,
                    "capacity",
                    facts["object"],
                    event.at,
                    _ids([event]),
                )


def _evictions(ev: _Evidence) -> Iterator[Signal]:
    evicted = [e for e in ev.k8s_events if e.detail.get("reason") in ("Evicted", "Evicting")]
    evicted += [e for e in ev.logs if "evicted" in e.text.lower() and "node" in e.text.lower()]
    if not evicted:
        return
    why = re.search(r"(low on resource|pressure)[^.]*", evicted[0].text, re.I)
    yield Signal(
        "eviction",
        f"{len(evicted)} pod eviction(s) by the kubelet: "
        + (why.group(0)[:120] if why else evicted[0].text[:120]),
        "The node ran short of a resource and evicted pods to protect itself. Test: the "
        "node's conditions and the evicted pods' QoS and requests.",
        0.88,
        "capacity",
        None,
        evicted[0].at,
        _ids(evicted),
    )


_DISK_FULL = re.compile(
    r"no space left on device|disk (is )?full|volume .{0,40}full|ENOSPC|"
    r"could not extend file|insufficient disk space|DiskPressure",
    re.I,
)


def _disk_full(ev: _Evidence) -> Iterator[Signal]:
    tails = [t for t in ev.tails if _DISK_FULL.search(" ".join(map(str, t.detail["k8s_tail"])))]
    hits = [e for e in ev.logs + ev.k8s_events if _DISK_FULL.search(e.text)] + tails
    if not hits:
        return
    services = sorted({e.service for e in hits if e.service})
    line = next((e.text for e in hits if e in ev.logs), hits[0].text)
    yield Signal(
        "disk_full",
        "a disk or volume is full"
        + (f" for {', '.join(services)}" if services else "")
        + f": {line[:160]}",
        "Writes fail with ENOSPC, so the program stops or cannot start. Test: df -h on the "
        "volume (kubectl exec, or the PVC's kubelet_volume_stats_available_bytes); grow the "
        "volume or free space, then alert on it before it fills.",
        0.9,
        "capacity",
        None,
        hits[0].at,
        _ids(hits),
    )


def _heartbeat_alert(ev: _Evidence) -> Iterator[Signal]:
    for alert in ev.alerts:
        name = str(alert.detail.get("alertname") or alert.text.split(":")[0]).lower()
        if name in HEARTBEAT_ALERTS or "always firing" in alert.text.lower():
            yield Signal(
                "heartbeat_alert",
                f"not an incident: {alert.detail.get('alertname') or name} is a heartbeat alert "
                "that is always firing to show the alerting pipeline works",
                "Watchdog-style alerts fire continuously on purpose; the problem would be it "
                "stopping. Route it to a dead man's switch, not to people.",
                0.97,
                "monitoring_gap",
                None,
                alert.at,
                _ids([alert]),
            )
            return


def _latency(ev: _Evidence) -> Iterator[Signal]:
    said = ev.alert_text()
    if not _LATENCY_WORDS.search(said):
        return
    slow: list[tuple[float, TimelineEvent]] = [
        (float(t.detail["slowest_seconds"]), t) for t in ev.tails if t.detail.get("slowest_seconds")
    ]
    for event in ev.logs:
        for match in _DURATION.finditer(event.text):
            if match.group(3):
                seconds = float(match.group(3)) / 1000
            else:
                value, unit = float(match.group(1)), match.group(2).lower()
                seconds = value / 1000 if unit.startswith("m") else value
            slow.append((seconds, event))
    if not slow:
        return
    worst, event = max(slow, key=lambda x: x[0])
    if worst < 1.0:
        return
    line = str(event.detail.get("slowest_line") or event.template or event.text)
    what = re.sub(r"\d+(\.\d+)?", "<n>", line)[:120]
    alert = next((a.text for a in ev.alerts), ev.incident.title)
    yield Signal(
        "slow_operation",
        f'slow operation behind the latency alert ({alert[:120]}): "{what}" took up to '
        f"{worst:.2f} s",
        "The slowest step the logs time is the first place to look. Test: time that step "
        "alone (the query plan of a slow database call, the dependency's own latency).",
        0.75,
        None,
        None,
        event.at,
        _ids([event, *ev.alerts]),
    )


def _evidence_gap(ev: _Evidence) -> Iterator[Signal]:
    runtime = ev.logs or ev.k8s_events or any(not f.get("manifest") for _e, f in ev.objects)
    if runtime:
        return
    have = []
    if ev.alerts:
        have.append("alerts")
    if ev.objects:
        have.append("manifests")
    if not have:
        return
    yield Signal(
        "evidence_gap",
        f"only {' and '.join(have)} were imported: no pod logs, `kubectl describe` or events "
        "to test a cause against (no runtime evidence)",
        "Collect `kubectl describe pod`, `kubectl logs --previous` and `kubectl get events` for "
        "the affected pods and import them; until then every hypothesis below is untested.",
        0.8,
        None,
        None,
        None,
        _ids([*ev.alerts, *(e for e, _f in ev.objects)]),
    )


def _deny_policies(ev: _Evidence) -> Iterator[Signal]:
    """A deny-all-egress policy is worth naming even before a DNS failure is seen."""
    if any(_DNS.search(e.text) for e in ev.logs):
        return
    for event, policy in ev.policies():
        if policy.get("denies_all_egress"):
            yield Signal(
                "deny_egress_policy",
                f"NetworkPolicy {policy['name']} in {policy.get('namespace') or 'its namespace'} "
                "denies all egress (DNS included) from "
                + ("every pod" if policy.get("selects_all_pods") else "the pods it selects"),
                "If the pods call anything (DNS, a database, an API), this policy blocks it. "
                "Test: the pods' logs for resolution or connection errors.",
                0.55,
                "configuration",
                policy["object"],
                event.at,
                _ids([event]),
            )


def _alerts(ev: _Evidence) -> Iterator[Signal]:
    """Each alert without a more specific rule, with the time it started."""
    for alert in ev.alerts[:5]:
        name = alert.detail.get("alertname") or alert.text.split(":")[0]
        yield Signal(
            "alert",
            f"alert {name} firing since {alert.at:%Y-%m-%d %H:%M}Z: {alert.text[:160]}",
            "What the alert measures is a symptom; the signals above name causes.",
            0.3,
            None,
            None,
            alert.at,
            _ids([alert]),
        )


RULES: tuple[Callable[[_Evidence], Iterator[Signal]], ...] = (
    _heartbeat_alert,
    _oom,
    _command_not_found,
    _image_pull,
    _scheduling,
    _missing_config,
    _certificate,
    _disk_full,
    _dns,
    _job_backoff,
    _node_capacity,
    _evictions,
    _probes,
    _cpu_throttling,
    _latency,
    _crashloop,
    _evidence_gap,
    _deny_policies,
    _alerts,
)


def find_signals(incident: Incident) -> list[Signal]:
    """Every signal the evidence supports, strongest first (ties keep the rules' order)."""
    evidence = _collect(incident)
    found: list[Signal] = []
    for rule in RULES:
        found.extend(rule(evidence))
    order = {id(s): i for i, s in enumerate(found)}
    return sorted(found, key=lambda s: (-s.score, order[id(s)]))
