"""A small cache of what reading an incident costs: the loaded aggregate and what is derived
from it (lint findings, rubric score, gate blockers).

Keyed by the incident id and a version stamp (version, number of events, last event id): every
save bumps the version, and events added by an importer change the stamp even when the incident
row itself did not change, so a stale entry is never served for a newer incident. Entries also expire after `ttl` seconds, because
some findings depend on the clock (a deadline passing). Cached objects are shared: callers must
treat them as read-only (writes always load a fresh copy inside their transaction).
"""

from __future__ import annotations

import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from hindsight.domain.model import Incident
from hindsight.store.repo import Stamp

T = TypeVar("T")


class TTLCache:
    """Least-recently-used entries, at most `size`, each valid for about `ttl` seconds.

    Two things keep expiry off the latency tail under load: each entry's lifetime is jittered
    (±25 %), so entries made together (one page's findings, similar incidents, score …) do not
    all expire in the same second; and while one thread recomputes an expired entry, others
    asking for the same key get the expired value instead of computing it again (no dogpile).
    A changed incident has a new key (its version stamp), so this never serves an older
    version: only a value that has merely aged (a deadline passing) may be served late, by the
    time one recomputation takes."""

    def __init__(self, size: int = 512, ttl: float = 60.0) -> None:
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._computing: set[Hashable] = set()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                if now < found[0] or key in self._computing:
                    return cast(T, found[1])  # fresh, or aged while another thread refreshes it
            self._computing.add(key)
        try:
            value = compute()
        finally:
            with self._lock:
                self._computing.discard(key)
        expires = time.monotonic() + self.ttl * random.uniform(0.75, 1.25)
        with self._lock:
            self._items[key] = (expires, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._items.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def stamp_of(incident: Incident) -> Stamp:
    last = max((e.id or 0 for e in incident.timeline), default=0)
    return (incident.version, len(incident.timeline), last)


def incident_at_version(
    cache: TTLCache, incident_id: str, stamp: Stamp, load: Callable[[], Incident]
) -> Incident:
    """The incident loaded at `stamp` (by `load`), shared while its version stays the same (one
    saved since the stamp was read is returned as loaded, and not kept under the old stamp)."""
    key = ("incident", incident_id, stamp)
    incident = cache.get_or_compute(key, load)
    if stamp_of(incident) != stamp:  # saved in between: keep only what matches its key
        cache.discard(key)
    return incident


def derived(cache: TTLCache, incident: Incident, name: str, compute: Callable[[], T]) -> T:
    """`compute()` for this incident as loaded, computed once per version stamp (and ttl)."""
    return cache.get_or_compute((name, incident.id, stamp_of(incident)), compute)
