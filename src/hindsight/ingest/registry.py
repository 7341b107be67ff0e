"""The table of importers. Adding a format = one new module + one line here.

Each module has `NAME`, `detect(sample) -> str | None` (None when it recognises the sample, else
the reason it does not) and `parse(source, options) -> Iterator[Record | Malformed]`. Document
formats (one JSON document per file) come before line formats, so a pretty-printed Alertmanager
payload is not mistaken for JSON lines.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Protocol

from hindsight.errors import InvalidInput
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source

FORMATS: tuple[str, ...] = (
    "hindsight.ingest.slack",
    "hindsight.ingest.gitlog",
    "hindsight.ingest.alertmanager",
    "hindsight.ingest.pagerduty",
    "hindsight.ingest.k8s",
    "hindsight.ingest.kubectl_describe",
    "hindsight.ingest.kubectl_logs",
    "hindsight.ingest.k8s_manifest",
    "hindsight.ingest.robusta",
    "hindsight.ingest.promrange",
    "hindsight.ingest.jsonl",
    "hindsight.ingest.csvlog",
    "hindsight.ingest.textlog",
)


class Importer(Protocol):
    NAME: str

    def detect(self, sample: Sample) -> str | None: ...

    def parse(self, source: Source, options: ParseOptions) -> Iterator[Record | Malformed]: ...


def importers() -> list[ModuleType]:
    return [importlib.import_module(name) for name in FORMATS]


def names() -> list[str]:
    return [module.NAME for module in importers()]


def by_name(name: str) -> ModuleType:
    for module in importers():
        if name == module.NAME:
            return module
    raise InvalidInput(
        f"unknown format {name!r}; expected one of {', '.join(names())}", field="format"
    )


class Unrecognised(InvalidInput):
    """No format reads the file. `reason` is the short form ("format not recognised", "empty
    file", "binary file (not text)") for a file met in a folder, which is skipped, not failed."""

    def __init__(self, message: str, *, reason: str, field: str) -> None:
        super().__init__(message, field=field)
        self.reason = reason


def detect(sample: Sample) -> ModuleType:
    """The importer recognising `sample`; Unrecognised naming every format tried and why not
    (or, for an empty or binary file, just that)."""
    unreadable = not_text(sample)
    if unreadable:
        raise Unrecognised(
            f"{sample.name}: {unreadable}", reason=unreadable.split(";")[0], field="file"
        )
    reasons = []
    for module in importers():
        try:
            why = module.detect(sample)
        except Exception as exc:  # a detector must never stop the others
            why = f"{type(exc).__name__}: {exc}"
        if why is None:
            return module
        reasons.append(f"{module.NAME}: {why}")
    raise Unrecognised(
        f"{sample.name}: format not recognised; tried "
        + "; ".join(reasons)
        + ". Use --format to force one.",
        reason="format not recognised",
        field="format",
    )


def not_text(sample: Sample) -> str | None:
    """ "empty file" or "binary file (not text)" when no format could read `sample`, else None.
    Binary: a NUL byte, or more than 1 in 10 characters undecodable or control characters."""
    if sample.is_dir or sample.is_zip:
        return None
    if not sample.text.strip():
        return "empty file; expected logs, alerts, pages, chat or a git log"
    head = sample.text[:4096]
    odd = sum(1 for ch in head if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f\x1b"))
    if "\x00" in head or odd > len(head) / 10:
        return "binary file (not text); expected logs, alerts, pages, chat or a git log"
    return None
