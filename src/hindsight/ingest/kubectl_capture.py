"""Saved kubectl output, plain or wrapped the way SRE agents record tool calls.

HolmesGPT / Robusta keep each tool call as a file: a JSON line naming the tool and its parameters
(`{"toolset_name": …, "tool_name": "kubectl_describe", "match_params": {…}}`), a JSON line with
the result's status, then the command's output — sometimes after a `stdout:` line and followed
by `stderr:`. The kubectl importers share this reader so that both shapes read the same; the
parameters (pod, namespace, kind) name what the output is about when the output itself does not.
Not an importer: a helper for kubectl_describe.py, kubectl_logs.py, k8s.py and k8s_manifest.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from hindsight.ingest.records import Malformed, ParseOptions, Sample, Source

_HEADER = re.compile(r'^\s*\{\s*"(toolset_name|schema_version|tool_name)"\s*:')
_FAILED = re.compile(r"^Command `.*` failed with return code \d+\s*$")
MAX_HEADER_CHARS = 64 * 1024


@dataclass
class CaptureHeader:
    """What the wrapper says about the output; empty for plain kubectl output."""

    params: dict[str, str] = field(default_factory=dict)
    tool: str | None = None
    invocation: str | None = None
    error: str | None = None
    stderr: list[str] = field(default_factory=list)
    wrapped: bool = False

    @property
    def pod(self) -> str | None:
        return self.params.get("pod_name") or (
            self.params.get("name") if (self.params.get("kind") or "pod") == "pod" else None
        )

    def describes(self) -> str:
        """The command in words, for messages: `kubectl logs x -n y` or the tool's name."""
        return self.invocation or self.tool or "kubectl"


def _header_line(text: str, header: CaptureHeader) -> bool:
    if not _HEADER.match(text) or len(text) > MAX_HEADER_CHARS:
        return False
    try:
        value = json.loads(text)
    except ValueError:
        return False
    if not isinstance(value, dict):
        return False
    header.wrapped = True
    for key in ("match_params", "params"):
        params = value.get(key)
        if isinstance(params, dict):
            for name, item in params.items():
                if isinstance(item, str | int | float) and not isinstance(item, bool):
                    header.params.setdefault(str(name), str(item))
    if isinstance(value.get("tool_name"), str):
        header.tool = value["tool_name"]
    if isinstance(value.get("invocation"), str) and value["invocation"].startswith("kubectl "):
        header.invocation = value["invocation"]
    if value.get("status") == "error" and isinstance(value.get("error"), str):
        header.error = value["error"].splitlines()[0][:300] if value["error"] else None
    return True


def split(lines: Iterable[tuple[int, str]]) -> tuple[CaptureHeader, Iterator[tuple[int, str]]]:
    """The wrapper's header, and the output's lines (numbered as in the file).

    `header.stderr` is filled once the body iterator has been read to its end.
    """
    header = CaptureHeader()
    iterator = iter(lines)
    pending: list[tuple[int, str]] = []
    marker = False
    for number, text in iterator:
        if len(pending) < 2 and not marker and _header_line(text, header):
            continue
        if header.wrapped and _FAILED.match(text):
            header.error = header.error or text.strip()
            continue
        if header.wrapped and text.strip() == "stdout:" and not marker:
            marker = True
            continue
        pending.append((number, text))
        break
    return header, _body(pending, iterator, header, marker)


def _body(
    pending: list[tuple[int, str]],
    rest: Iterator[tuple[int, str]],
    header: CaptureHeader,
    marker: bool,
) -> Iterator[tuple[int, str]]:
    in_stderr = False
    for number, text in _chain(pending, rest):
        if in_stderr:
            if text.strip() and len(header.stderr) < 20:
                header.stderr.append(text.strip()[:300])
            continue
        if marker and text.strip() == "stderr:":
            in_stderr = True
            continue
        yield number, text


def _chain(
    first: list[tuple[int, str]], rest: Iterator[tuple[int, str]]
) -> Iterator[tuple[int, str]]:
    yield from first
    yield from rest


def source_lines(source: Source) -> tuple[CaptureHeader, Iterator[tuple[int, str]]]:
    return split(source.lines())


def body_text(source: Source, limit: int, what: str) -> tuple[CaptureHeader, int, str] | Malformed:
    """(header, first line number, text) of a capture's body read whole, or a Malformed naming the
    line where it passed `limit` bytes — for readers that parse a document (YAML, JSON)."""
    header, body = source_lines(source)
    lines: list[str] = []
    first = 0
    size = 0
    for number, text in body:
        first = first or number
        size += len(text) + 1
        if size > limit:
            return Malformed(number, f"{what} larger than {limit // 2**20} MB; split it")
        lines.append(text)
    return header, first or 1, "\n".join(lines)


def sample_body(sample: Sample) -> tuple[CaptureHeader, list[str]]:
    """The header and the non-blank output lines of a sample, for detectors."""
    numbered = enumerate(sample.text.split("\n")[:4000], 1)
    header, body = split((n, t.rstrip("\r")) for n, t in numbered)
    lines = [text for _, text in body if text.strip()]
    if len(sample.text) >= 64 * 1024 and lines:
        lines = lines[:-1]  # the sample may end in the middle of a line
    return header, lines


def anchor(options: ParseOptions) -> tuple[float, str]:
    """When the output was captured (epoch seconds) and where that time comes from."""
    if options.reference_time is None:
        return datetime.now(UTC).timestamp(), "the time of import"
    origin = options.reference_origin or "the file's modification time"
    return options.reference_time.timestamp(), origin


def empty_reason(header: CaptureHeader, what: str) -> str:
    """Why a capture holds nothing to import, in words a person can act on."""
    said = header.stderr[0] if header.stderr else header.error
    if said:
        return f"the capture holds no {what}; {header.describes()} said: {said[:200]}"
    return f"the capture holds no {what}"


def params_text(header: CaptureHeader) -> dict[str, Any]:
    return dict(header.params)


_AGE_PART = re.compile(r"(\d+)([dhms])")
_AGE_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_AGE_CELL = re.compile(
    r"^\s*(?P<last>[\dhmsd]+)(?:\s+ago)?(?:\s*\(x(?P<count>\d+) over (?P<first>[\dhmsd]+)\))?\s*$"
)


def age_seconds(text: str) -> float | None:
    """Seconds in a kubectl age: "5m", "2m30s", "3d4h", "49m ago"; None when it is none."""
    text = text.strip().removesuffix(" ago").strip()
    parts = _AGE_PART.findall(text)
    if not parts or "".join(a + u for a, u in parts) != text:
        return None
    return float(sum(int(a) * _AGE_SECONDS[u] for a, u in parts))


def age_cell(text: str) -> tuple[float, float, int] | None:
    """(age of the last sighting, age of the first, count) from "87s (x23 over 6m33s)"."""
    match = _AGE_CELL.match(text)
    if not match:
        return None
    last = age_seconds(match.group("last"))
    if last is None:
        return None
    first = age_seconds(match.group("first")) if match.group("first") else None
    count = int(match.group("count") or 1)
    return last, first if first is not None else last, count


# Kubernetes names generated suffixes from this alphabet (no vowels, no 0/1/3): a pod of a
# Deployment ends in -<replicaset hash>-<5>, of a Job or DaemonSet in -<5>.
_SAFE = "bcdfghjklmnpqrstvwxz2456789"
_GENERATED = re.compile(rf"(-[{_SAFE}]{{6,10}})?-[{_SAFE}]{{5}}$")


def workload_of(pod: str) -> str:
    """The workload a pod belongs to, from its name: checkout-api-7d8e9f0a1b-5xq2k → checkout-api."""
    return _GENERATED.sub("", pod) or pod
