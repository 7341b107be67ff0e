"""`kubectl describe` output (pod, deployment, statefulset, daemonset, job, node), plain or as an
SRE agent saved it (see kubectl_capture.py).

Describe output is where the cause of most pod failures is written: the last state of each
container (OOMKilled, exit 137, StartError and its message), its limits, environment, probes and
command, the events table (FailedScheduling, BackOff, Unhealthy …), a job's backoff limit and a
node's capacity. Each object becomes one context record whose `detail["k8s"]` holds those facts
for the signal rules (analysis/k8s_signals.py), plus one record per container termination (at its
absolute Finished time) and one per event row. Event ages ("87s (x23 over 6m33s)") are turned into
times from when the output was captured: the pod's Start Time plus the age of its Scheduled event
when both are shown, else `--at`, else the file's modification time — a warning names which.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from hindsight.domain.model import EventKind
from hindsight.ingest import kubectl_capture as capture
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source

NAME = "kubectl-describe"
MAX_OBJECT_LINES = 20_000
_KEY = re.compile(r"^(\s*)([A-Za-z][\w .\-/()]{0,60}?):(?:\s+(.*?))?\s*$")
_TABLE_HEAD = re.compile(r"^\s*[A-Z][A-Za-z-]*(?:\s{2,}[A-Z][A-Za-z-]*(?: [A-Z][a-z]+)?)+\s*$")
_NAME_LINE = re.compile(r"^Name:\s+\S")
_KIND_HINTS = (
    ("Node", ("Roles", "Capacity", "Allocatable")),
    ("Job", ("Completions", "Backoff Limit", "Pods Statuses")),
    ("CronJob", ("Schedule", "Concurrency Policy")),
    ("StatefulSet", ("Update Strategy", "Volume Claims")),
    ("DaemonSet", ("Desired Number of Nodes Scheduled",)),
    ("Deployment", ("StrategyType", "Replicas")),
    ("ReplicaSet", ("Replicas", "Pods Status")),
    ("Pod", ("Containers", "Node")),
    ("Pod", ("Init Containers",)),
)
_RAW_KEYS = frozenset({"Command", "Args"})
_FAILED_REASONS = frozenset(
    {"OOMKilled", "Error", "StartError", "ContainerCannotRun", "DeadlineExceeded", "Evicted"}
)


@dataclass
class _Node:
    key: str
    value: str
    indent: int
    children: list[_Node] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    table: list[str] = field(default_factory=list)
    mode: str = ""

    def get(self, key: str) -> _Node | None:
        return next((c for c in self.children if c.key == key), None)

    def value_of(self, key: str) -> str:
        node = self.get(key)
        return node.value if node is not None else ""

    def find(self, key: str) -> Iterator[_Node]:
        for child in self.children:
            if child.key == key:
                yield child
            yield from child.find(key)


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a file"
    _, lines = capture.sample_body(sample)
    if not lines or not _NAME_LINE.match(lines[0]):
        return "does not start with `Name:` (kubectl describe)"
    keys = {m.group(2) for line in lines[:400] if (m := _KEY.match(line)) and not m.group(1)}
    if keys & {"Namespace", "Roles", "CreationTimestamp", "Selector"} and keys & {
        "Events",
        "Containers",
        "Pod Template",
        "Conditions",
        "Status",
        "Replicas",
        "Capacity",
        "Init Containers",
    }:
        return None
    return "no Namespace/Events/Containers sections (kubectl describe)"


def _tree(lines: list[str]) -> _Node:
    root = _Node("", "", -1)
    stack = [root]
    for text in lines:
        if not text.strip():
            continue
        indent = len(text) - len(text.lstrip(" "))
        while len(stack) > 1 and stack[-1].indent >= indent:
            stack.pop()
        parent = stack[-1]
        if parent.mode == "table":
            parent.table.append(text)
            continue
        if parent.mode == "raw":
            parent.raw.append(text.strip())
            continue
        head = _TABLE_HEAD.match(text) and ":" not in text
        if parent is not root and not parent.children and not parent.raw and head:
            parent.mode = "table"
            parent.table.append(text)
            continue
        match = _KEY.match(text)
        if match:
            node = _Node(match.group(2).strip(), (match.group(3) or "").strip(), indent)
            parent.children.append(node)
            stack.append(node)
            if node.key in _RAW_KEYS:
                node.mode = "raw"
            continue
        parent.raw.append(text.strip())
    return root


def _rows(node: _Node | None) -> list[dict[str, str]]:
    """The rows of a table under `node` (Events, Conditions …), cut at the header's columns."""
    if node is None or not node.table:
        return []
    header = node.table[0]
    columns = [(m.group(0), m.start()) for m in re.finditer(r"\S+(?: [A-Z][a-z]+)?", header)]
    rows = []
    for line in node.table[1:]:
        if set(line.strip()) <= {"-", " "}:
            continue
        cells: dict[str, str] = {}
        for index, (name, start) in enumerate(columns):
            end = columns[index + 1][1] if index + 1 < len(columns) else None
            cells[name] = (line[start:end] if end is not None else line[start:]).strip()
        rows.append(cells)
    return rows


def _when(text: str) -> float | None:
    text = text.strip()
    if not text or text.startswith("<"):
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    at = parsed.timestamp()
    return at if at > 86400 else None  # "Thu, 01 Jan 1970" is kubectl's "never started"


def _split_objects(lines: list[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    current: list[tuple[int, str]] = []
    for number, text in lines:
        if _NAME_LINE.match(text) and current:
            yield current
            current = []
        if (current or _NAME_LINE.match(text)) and len(current) < MAX_OBJECT_LINES:
            current.append((number, text))
    if current:
        yield current


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    header, body = capture.source_lines(source)
    lines = list(_limited(body))
    objects = list(_split_objects(lines))
    if not objects:
        line = lines[0][0] if lines else 1
        yield Malformed(line, capture.empty_reason(header, "`kubectl describe` output"))
        return
    for chunk in objects:
        yield from _object(chunk, header, source.name, options)


def _limited(body: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    for count, (number, text) in enumerate(body):
        if count >= 50 * MAX_OBJECT_LINES:
            return
        yield number, text[:4000]


def _kind(root: _Node, header: capture.CaptureHeader) -> str:
    declared = header.params.get("kind", "")
    if declared and len(root.children) > 0:
        return declared[:1].upper() + declared[1:]
    keys = {c.key for c in root.children}
    for kind, needed in _KIND_HINTS:
        if all(k in keys for k in needed):
            return kind
    return "Object"


def _anchor(root: _Node, events: list[dict[str, str]], options: ParseOptions) -> tuple[float, str]:
    if options.reference_origin == "--at" and options.reference_time is not None:
        return options.reference_time.timestamp(), "--at"
    start = _when(root.value_of("Start Time"))
    for row in events:
        if row.get("Reason") == "Scheduled" and start is not None:
            ages = capture.age_cell(row.get("Age", ""))
            if ages is not None:
                return start + ages[0], "the pod's Start Time plus the age of its Scheduled event"
    return capture.anchor(options)


def _container(node: _Node, init: bool) -> dict[str, Any]:
    def block(key: str) -> dict[str, str]:
        child = node.get(key)
        if child is None:
            return {}
        return {c.key: c.value for c in child.children}

    state = node.get("State")
    last = node.get("Last State")
    env_node = node.get("Environment")
    env = {c.key: c.value for c in env_node.children} if env_node is not None else {}
    env_from = node.get("Environment Variables from")
    parts = [node.get("Command"), node.get("Args")]
    command = " ".join(line for part in parts if part is not None for line in part.raw)
    facts: dict[str, Any] = {
        "name": node.key,
        "init": init,
        "image": node.value_of("Image"),
        "limits": block("Limits"),
        "requests": block("Requests"),
        "env": env,
        "env_from": [*(env_from.raw if env_from else [])]
        + [f"{c.key}: {c.value}" for c in (env_from.children if env_from else [])],
        "command": command[:2000],
        "probes": {
            k.lower(): node.value_of(k)
            for k in ("Liveness", "Readiness", "Startup")
            if node.value_of(k)
        },
        "restarts": _int(node.value_of("Restart Count")),
        "ready": node.value_of("Ready"),
    }
    for prefix, part in (("state", state), ("last", last)):
        if part is None:
            continue
        facts[prefix] = part.value
        reason = part.get("Reason")
        message = part.get("Message")
        facts[f"{prefix}_reason"] = reason.value if reason else ""
        text = " ".join([message.value, *message.raw]) if message else ""
        facts[f"{prefix}_message"] = text[:1000]
        exit_code = part.value_of("Exit Code")
        if exit_code:
            facts[f"{prefix}_exit_code"] = _int(exit_code)
        facts[f"{prefix}_started"] = part.value_of("Started")
        facts[f"{prefix}_finished"] = part.value_of("Finished")
    return facts


def _int(text: str) -> int | None:
    match = re.match(r"\s*(-?\d+)", text or "")
    return int(match.group(1)) if match else None


def _facts(root: _Node, kind: str, header: capture.CaptureHeader) -> dict[str, Any]:
    name = root.value_of("Name")
    namespace = root.value_of("Namespace") or (
        header.params.get("namespace", "") if kind not in ("Node", "Namespace") else ""
    )
    facts: dict[str, Any] = {
        "kind": kind,
        "name": name,
        "namespace": namespace,
        "object": f"{kind}/{namespace + '/' if namespace else ''}{name}",
        "status": root.value_of("Status"),
        "node": root.value_of("Node"),
        "controlled_by": root.value_of("Controlled By"),
        "containers": [],
    }
    for section in ("Init Containers", "Containers"):
        for block in root.find(section):
            for child in block.children:
                facts["containers"].append(_container(child, section.startswith("Init")))
    conditions = {r.get("Type", ""): r for r in _rows(root.get("Conditions"))}
    facts["conditions"] = {
        t: {
            "status": r.get("Status", ""),
            "reason": r.get("Reason", ""),
            "message": r.get("Message", ""),
        }
        for t, r in conditions.items()
        if t
    }
    for key, label in (
        ("Replicas", "replicas"),
        ("Backoff Limit", "backoff_limit"),
        ("Pods Statuses", "pods_statuses"),
        ("Completions", "completions"),
        ("Start Time", "start_time"),
        ("Taints", "taints"),
        ("Unschedulable", "unschedulable"),
    ):
        if root.value_of(key):
            facts[label] = root.value_of(key)
    for key in ("Capacity", "Allocatable"):
        node = root.get(key)
        if node is not None:
            facts[key.lower()] = {c.key: c.value for c in node.children}
    pods = root.get("Non-terminated Pods")
    if pods is not None:
        total = re.search(r"\((\d+) in total\)", pods.value)
        facts["pods_running"] = int(total.group(1)) if total else len(_rows(pods))
    allocated = _rows(root.get("Allocated resources"))
    if allocated:
        facts["allocated"] = {r.get("Resource", ""): r for r in allocated if r.get("Resource")}
    return facts


def _summary(facts: dict[str, Any]) -> str:
    parts = [f"{facts['object']}"]
    if facts.get("status"):
        parts.append(f"status {facts['status']}")
    for c in facts["containers"][:6]:
        bits = [f"container {c['name']}"]
        if c.get("image"):
            bits.append(f"image {c['image']}")
        if c.get("limits"):
            bits.append("limits " + ", ".join(f"{k} {v}" for k, v in c["limits"].items()))
        if c.get("state"):
            bits.append(f"state {c['state']} {c.get('state_reason', '')}".strip())
        if c.get("last_reason"):
            bits.append(f"last {c['last_reason']} (exit {c.get('last_exit_code')})")
        if c.get("restarts"):
            bits.append(f"{c['restarts']} restarts")
        parts.append(" ".join(bits))
    if facts.get("replicas"):
        parts.append(f"replicas {facts['replicas']}")
    if facts.get("pods_statuses"):
        parts.append(f"pods {facts['pods_statuses']}")
    if facts.get("pods_running") is not None:
        allowed = (facts.get("allocatable") or {}).get("pods", "?")
        parts.append(f"{facts['pods_running']} pods running of {allowed} allocatable")
    return "; ".join(parts)[:1500]


def _object(
    chunk: list[tuple[int, str]],
    header: capture.CaptureHeader,
    name: str,
    options: ParseOptions,
) -> Iterator[Record | Malformed]:
    first_line = chunk[0][0]
    root = _tree([text for _, text in chunk])
    kind = _kind(root, header)
    facts = _facts(root, kind, header)
    events_node = root.get("Events")
    events = _rows(events_node)
    at, origin = _anchor(root, events, options)
    if events:
        options.warnings.append(
            f"{name}: event ages read from {datetime.fromtimestamp(at, UTC):%Y-%m-%d %H:%M:%SZ} "
            f"({origin}); pass --at TIME for when the output was captured"
        )
    service = options.service or _service(facts)
    created = _when(root.value_of("Start Time") or root.value_of("CreationTimestamp"))
    yield Record(
        first_line,
        created if created is not None else at,
        f"{kind} {facts['object'].split('/', 1)[-1]} described: {_summary(facts)}",
        "INFO",
        service,
        EventKind.NOTE,
        condense=False,
        detail={"k8s": facts, "k8s_context": True, "captured_at": at},
    )
    yield from _terminations(facts, first_line, service, at)
    yield from _node_pressure(facts, first_line, service, at)
    for row in events:
        record = _event_row(row, facts, first_line, service, at)
        if record is not None:
            yield record


def _service(facts: dict[str, Any]) -> str | None:
    name = str(facts.get("name") or "")
    if not name:
        return None
    if facts.get("kind") == "Pod":
        return capture.workload_of(name)
    return name


def _terminations(
    facts: dict[str, Any], line: int, service: str | None, anchor: float
) -> Iterator[Record]:
    for c in facts["containers"]:
        for prefix in ("state", "last"):
            if c.get(prefix) != "Terminated":
                continue
            reason = c.get(f"{prefix}_reason") or "Terminated"
            code = c.get(f"{prefix}_exit_code")
            failed = reason in _FAILED_REASONS or (code not in (None, 0))
            looping = c.get("state_reason") == "CrashLoopBackOff"
            if not failed and not looping:
                continue
            at = _when(c.get(f"{prefix}_finished", "")) or anchor
            limits = ", ".join(f"{k} {v}" for k, v in (c.get("limits") or {}).items())
            message = c.get(f"{prefix}_message") or ""
            text = (
                f"container {c['name']} of {facts['object']} terminated: {reason} (exit {code})"
                + (f", limits {limits}" if limits else "")
                + (f"; restarted {c['restarts']} times" if c.get("restarts") else "")
                + (f"; now {c.get('state_reason')}" if looping and prefix == "last" else "")
                + (f": {message}" if message else "")
            )
            yield Record(
                line,
                at,
                text[:2000],
                "ERROR" if failed else "WARN",
                service,
                EventKind.LOG,
                key=True,
                condense=False,
                detail={
                    "reason": reason,
                    "object": facts["object"],
                    "container": c["name"],
                    "exit_code": code,
                    "k8s_termination": True,
                },
            )
        waiting = c.get("state_reason") if c.get("state") == "Waiting" else None
        if waiting and waiting not in ("PodInitializing", "ContainerCreating"):
            message = c.get("state_message") or ""
            yield Record(
                line,
                anchor,
                f"container {c['name']} of {facts['object']} waiting: {waiting}"
                + (f": {message}" if message else ""),
                "WARN",
                service,
                EventKind.LOG,
                key=True,
                condense=False,
                detail={"reason": waiting, "object": facts["object"], "container": c["name"]},
            )


def _node_pressure(
    facts: dict[str, Any], line: int, service: str | None, anchor: float
) -> Iterator[Record]:
    if facts.get("kind") != "Node":
        return
    for kind, condition in (facts.get("conditions") or {}).items():
        bad = (kind.endswith("Pressure") or kind == "NetworkUnavailable") and condition[
            "status"
        ] == "True"
        bad = bad or (kind == "Ready" and condition["status"] != "True")
        if bad:
            yield Record(
                line,
                anchor,
                f"node {facts['name']}: {kind} {condition['status']} "
                f"({condition['reason']}: {condition['message']})",
                "WARN",
                service,
                EventKind.LOG,
                key=True,
                condense=False,
                detail={"reason": kind, "object": facts["object"]},
            )


def _event_row(
    row: dict[str, str], facts: dict[str, Any], line: int, service: str | None, anchor: float
) -> Record | None:
    ages = capture.age_cell(row.get("Age", ""))
    if ages is None:
        return None
    last, first, count = ages
    reason = row.get("Reason") or "Event"
    warning = row.get("Type") == "Warning"
    message = row.get("Message", "")
    detail: dict[str, Any] = {
        "reason": reason,
        "object": facts["object"],
        "namespace": facts.get("namespace"),
        "count": count,
        "age": row.get("Age"),
    }
    if count > 1 and first > last:
        detail["last_at"] = anchor - last
    rollout = reason in ("ScalingReplicaSet", "SuccessfulRescale", "DeploymentRollback")
    return Record(
        line,
        anchor - first,
        f"{reason} {facts['object']}: {message}"[:2000],
        "WARN" if warning else "INFO",
        service,
        EventKind.DEPLOY if rollout else EventKind.LOG,
        actor=row.get("From") or None,
        key=warning or rollout,
        condense=False,
        detail=detail,
    )
