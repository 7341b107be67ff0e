"""Kubernetes manifests as context: `kubectl get -o yaml|json`, `helm get manifest`, applied files.

A manifest is not something that happened, but it says what the evidence means: a container's
memory limit next to its OOMKilled, the environment a crashing program expects, the probe that
fails, the image that cannot be pulled, a NetworkPolicy that denies all egress (and with it DNS).
Each object becomes one NOTE record (at its creationTimestamp, else when the file was saved)
whose `detail["k8s"]` holds those facts for analysis/k8s_signals.py; `detail["k8s_context"]`
keeps it out of the change suspects. Events in YAML (`kubectl get events -o yaml`) are read as
events (through k8s.py). YAML anchors and aliases are refused (they can expand without bound).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from hindsight.domain.model import EventKind
from hindsight.ingest import k8s
from hindsight.ingest import kubectl_capture as capture
from hindsight.ingest.jsondocs import head_keys
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.times import parse_time

NAME = "k8s-manifest"
MAX_BYTES = 16 * 2**20
MAX_OBJECTS = 5_000
_API = re.compile(r"^(- )?apiVersion:\s*\S", re.M)
_KIND = re.compile(r"^(- |  )?kind:\s*[A-Z]\w*", re.M)
WORKLOADS = frozenset(
    {"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"}
)


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (a billion-laughs document stays small)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.YAMLError(f"line {event.start_mark.line + 1}: YAML aliases are not read")
        return super().compose_node(parent, index)


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a file"
    header, lines = capture.sample_body(sample)
    text = "\n".join(lines[:400])
    if _API.search(text) and _KIND.search(text):
        return None
    head = head_keys(Sample(sample.name, text)) if header.wrapped else head_keys(sample)
    if head.startswith("{") and '"apiVersion":' in head and '"kind":' in head:
        return None
    return "no `apiVersion:` and `kind:` (a Kubernetes manifest)"


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    read = capture.body_text(source, MAX_BYTES, "manifest")
    if isinstance(read, Malformed):
        yield read
        return
    header, first, text = read
    anchor, _origin = capture.anchor(options)
    try:
        documents = list(yaml.load_all(text, Loader=_NoAliasLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + (mark.line if mark is not None else 0)
        yield Malformed(line, f"not YAML/JSON ({str(exc).splitlines()[0][:200]})")
        return
    except (RecursionError, ValueError) as exc:
        yield Malformed(first, f"not a readable manifest ({type(exc).__name__})")
        return
    count = 0
    for document in documents:
        for item in _objects(document):
            count += 1
            if count > MAX_OBJECTS:
                yield Malformed(first, f"more than {MAX_OBJECTS} objects; split the file")
                return
            yield _record(item, first, anchor, options)
    if not count:
        yield Malformed(first, capture.empty_reason(header, "Kubernetes object"))


def _objects(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 3 or not isinstance(value, dict):
        return
    items = value.get("items")
    if isinstance(items, list) and str(value.get("kind", "")).endswith("List"):
        for item in items[:MAX_OBJECTS]:
            yield from _objects(item, depth + 1)
        return
    if isinstance(value.get("kind"), str):
        yield value


def _record(obj: dict[str, Any], line: int, anchor: float, options: ParseOptions) -> Record:
    kind = str(obj.get("kind"))
    if kind == "Event":
        event = k8s._event(obj, line, options)
        if isinstance(event, Record):
            return event
    meta = _dict(obj.get("metadata"))
    name = str(meta.get("name") or "?")
    namespace = str(meta.get("namespace") or "")
    facts: dict[str, Any] = {
        "kind": kind,
        "name": name,
        "namespace": namespace,
        "object": f"{kind}/{namespace + '/' if namespace else ''}{name}",
        "manifest": True,
    }
    spec = _dict(obj.get("spec"))
    if kind in WORKLOADS:
        facts.update(_workload(kind, spec))
    elif kind == "NetworkPolicy":
        facts.update(_network_policy(spec))
    elif kind in ("ConfigMap", "Secret"):
        data = {**_dict(obj.get("data")), **_dict(obj.get("stringData"))}
        facts["keys"] = sorted(str(k) for k in data)[:200]
    elif kind == "Service":
        facts["selector"] = {str(k): str(v) for k, v in _dict(spec.get("selector")).items()}
    annotations = _dict(meta.get("annotations"))
    for key in ("meta.helm.sh/release-name", "meta.helm.sh/release-namespace"):
        if key in annotations:
            facts[key.split("/")[-1]] = str(annotations[key])
    labels = _dict(meta.get("labels"))
    if "helm.sh/chart" in labels:
        facts["chart"] = str(labels["helm.sh/chart"])
    created = parse_time(meta.get("creationTimestamp") or "", options.tz)
    return Record(
        line,
        created if created is not None else anchor,
        f"{kind} {name} (manifest): {_summary(facts)}"[:2000],
        "INFO",
        options.service or (name if kind in WORKLOADS else None),
        EventKind.NOTE,
        condense=False,
        detail={"k8s": facts, "k8s_context": True},
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _pod_spec(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    if kind == "Pod":
        return spec
    if kind == "CronJob":
        spec = _dict(_dict(spec.get("jobTemplate")).get("spec"))
    return _dict(_dict(spec.get("template")).get("spec"))


def _workload(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    pod = _pod_spec(kind, spec)
    containers = []
    for section, init in (("initContainers", True), ("containers", False)):
        for c in _list(pod.get(section)):
            if isinstance(c, dict):
                containers.append(_container(c, init))
    facts: dict[str, Any] = {"containers": containers}
    for key in ("replicas", "backoffLimit", "schedule"):
        if isinstance(spec.get(key), int | str):
            facts[re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower()] = spec[key]
    if pod.get("nodeSelector"):
        facts["node_selector"] = {str(k): str(v) for k, v in _dict(pod["nodeSelector"]).items()}
    return facts


def _container(c: dict[str, Any], init: bool) -> dict[str, Any]:
    resources = _dict(c.get("resources"))
    env: dict[str, str] = {}
    for item in _list(c.get("env")):
        if not isinstance(item, dict) or "name" not in item:
            continue
        if "value" in item:
            env[str(item["name"])] = str(item["value"])
        else:
            ref = _dict(item.get("valueFrom"))
            source = next(iter(ref), "valueFrom")
            env[str(item["name"])] = f"<{source} {_dict(ref.get(source)).get('name', '')}>".strip()
    env_from = []
    for item in _list(c.get("envFrom")):
        for ref_kind in ("configMapRef", "secretRef"):
            ref = _dict(_dict(item).get(ref_kind))
            if ref.get("name"):
                env_from.append(f"{ref_kind[:-3]} {ref['name']}")
    probes = {}
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        if isinstance(c.get(probe), dict):
            probes[probe.removesuffix("Probe")] = _probe(c[probe])
    command = [str(x) for x in [*_list(c.get("command")), *_list(c.get("args"))]][:100]
    return {
        "name": str(c.get("name", "?")),
        "init": init,
        "image": str(c.get("image", "")),
        "limits": {str(k): str(v) for k, v in _dict(resources.get("limits")).items()},
        "requests": {str(k): str(v) for k, v in _dict(resources.get("requests")).items()},
        "env": env,
        "env_from": env_from,
        "probes": probes,
        "command": " ".join(command)[:2000],
    }


def _probe(probe: dict[str, Any]) -> str:
    how = next((k for k in ("httpGet", "tcpSocket", "exec", "grpc") if k in probe), "probe")
    target = _dict(probe.get(how))
    where = (
        target.get("path") or target.get("port") or " ".join(map(str, _list(target.get("command"))))
    )
    timing = " ".join(
        f"{k}={probe[k]}"
        for k in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "failureThreshold")
        if k in probe
    )
    return f"{how} {where} {timing}".strip()


def _network_policy(spec: dict[str, Any]) -> dict[str, Any]:
    types = [str(t) for t in _list(spec.get("policyTypes"))]
    egress = spec.get("egress")
    ingress = spec.get("ingress")
    selector = _dict(spec.get("podSelector"))
    return {
        "policy_types": types,
        "selects_all_pods": not selector.get("matchLabels")
        and not selector.get("matchExpressions"),
        "pod_selector": {str(k): str(v) for k, v in _dict(selector.get("matchLabels")).items()},
        "denies_all_egress": "Egress" in types and not egress,
        "denies_all_ingress": "Ingress" in types and not ingress,
        "egress_rules": len(egress) if isinstance(egress, list) else 0,
    }


def _summary(facts: dict[str, Any]) -> str:
    if facts["kind"] == "NetworkPolicy":
        scope = "every pod" if facts.get("selects_all_pods") else f"pods {facts['pod_selector']}"
        parts = [f"types {', '.join(facts['policy_types']) or 'Ingress'} for {scope}"]
        if facts.get("denies_all_egress"):
            parts.append("denies all egress (DNS included)")
        return "; ".join(parts)
    bits = []
    for c in facts.get("containers", [])[:6]:
        text = f"container {c['name']} image {c['image']}"
        if c["limits"]:
            text += " limits " + ", ".join(f"{k} {v}" for k, v in c["limits"].items())
        if c["env"]:
            text += " env " + ", ".join(sorted(c["env"]))[:200]
        if c["probes"]:
            text += " probes " + "; ".join(f"{k}: {v}" for k, v in c["probes"].items())
        bits.append(text)
    if facts.get("keys"):
        bits.append("keys " + ", ".join(facts["keys"][:20]))
    return "; ".join(bits) or facts["object"]
