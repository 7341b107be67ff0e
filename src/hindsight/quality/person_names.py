"""Given names and surnames of 105 countries, from the `names-dataset` package (MIT).

The package ships two pickles (730k first names, 980k last names, with per-country popularity
ranks) that take ~15 s and ~1 GB to load. Redaction runs in the web request that renders a
public view, so the first use derives a compact index — every name ranked in the top
`MAX_RANK` of some country, with its best rank — and caches it as a small pickle under
the user's cache directory (`HINDSIGHT_CACHE_DIR`, else `$XDG_CACHE_HOME/hindsight`, else
`~/.cache/hindsight`). Later loads take a fraction of a second. Nothing is downloaded: the
data comes from the installed package. When the package is missing, the small built-in list
of given names in `quality/names.py` is used instead.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

MAX_RANK = 5000


@dataclass(frozen=True)
class NameIndex:
    """Best per-country popularity rank of each known first name and surname (1 = most common
    in some country). A name absent from a table is not known as that part of a name."""

    first: dict[str, int]
    last: dict[str, int]

    def first_rank(self, word: str) -> int | None:
        return self.first.get(word.lower())

    def last_rank(self, word: str) -> int | None:
        return self.last.get(word.lower())


def cache_dir() -> Path:
    explicit = os.environ.get("HINDSIGHT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hindsight"


def _package_version() -> str | None:
    try:
        return metadata.version("names-dataset")
    except metadata.PackageNotFoundError:
        return None


def _ranks_from_package(which: str) -> dict[str, int]:
    source = resources.files("names_dataset") / "v3" / f"{which}.pkl.gz"
    with source.open("rb") as raw, gzip.open(raw) as handle:
        table = pickle.load(handle)
    ranks: dict[str, int] = {}
    for name, info in table.items():
        by_country = info.get("rank") or {}
        if not by_country or " " in name:
            continue
        best = min(by_country.values())
        if best <= MAX_RANK:
            key = name.lower()
            ranks[key] = min(best, ranks.get(key, best))
    return ranks


def _write_atomically(path: Path, first: dict[str, int], last: dict[str, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    with open(tmp, "wb") as out:
        pickle.dump({"first": first, "last": last}, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _read(path: Path) -> NameIndex:
    with path.open("rb") as handle:
        tables = pickle.load(handle)
    return NameIndex(dict(tables["first"]), dict(tables["last"]))


@lru_cache(maxsize=1)
def name_index() -> NameIndex:
    """The index, built and cached on first use (see the module docstring)."""
    from hindsight.quality.names import GIVEN_NAMES

    version = _package_version()
    if version is None:
        return NameIndex({n: 1 for n in GIVEN_NAMES}, {})
    path = cache_dir() / f"names-dataset-{version}-r{MAX_RANK}.pickle"
    try:
        return _read(path)
    except (OSError, ValueError, EOFError, KeyError, pickle.UnpicklingError):
        pass
    first = _ranks_from_package("first_names")
    last = _ranks_from_package("last_names")
    for name in GIVEN_NAMES:
        first.setdefault(name, 1)
    with contextlib.suppress(OSError):  # a read-only home: keep the index in memory only
        _write_atomically(path, first, last)
    return NameIndex(first, last)


if __name__ == "__main__":  # `python -m hindsight.quality.person_names` warms the cache
    index = name_index()
    print(f"{len(index.first)} first names, {len(index.last)} surnames in {cache_dir()}")
