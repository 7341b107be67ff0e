"""Reading a file through one importer, for the per-format tests; temporary files and the
comparable state of an Aggregate, for the tests that hold two readers against each other."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hindsight.ingest import registry
from hindsight.ingest.condense import Aggregate
from hindsight.ingest.evidence import store_folder
from hindsight.ingest.records import Malformed, ParseOptions, Record, Source


def source_for(path: Path, tmp: Path | None = None) -> Source:
    if path.is_dir():
        assert tmp is not None
        _, _, blob = store_folder(tmp / "evidence", path)
        return Source(blob, path.name)
    return Source(path, path.name)


def read(
    path: Path, tmp: Path | None = None, **options: Any
) -> tuple[ModuleType, list[Record], list[Malformed], ParseOptions]:
    """(detected importer, records, malformed, options) for `path`."""
    source = source_for(path, tmp)
    importer = registry.detect(source.sample())
    parse_options = ParseOptions(**options)
    records: list[Record] = []
    malformed: list[Malformed] = []
    for item in importer.parse(source, parse_options):
        (malformed if isinstance(item, Malformed) else records).append(item)  # type: ignore[arg-type]
    return importer, records, malformed, parse_options


def written(data: bytes, suffix: str) -> Path:
    """A temporary file holding `data` (the caller unlinks it)."""
    handle, name = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return Path(name)


def state(aggregate: Aggregate) -> dict[str, Any]:
    """What an Aggregate holds, comparable with ==."""
    plain = dict(aggregate.__dict__)
    plain.pop("_future")
    return plain
