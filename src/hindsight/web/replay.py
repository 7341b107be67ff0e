"""Signed webhook bodies are good once, and only while fresh.

An HMAC proves who wrote a body, not when it was sent: a captured PagerDuty delivery would
otherwise be accepted again forever. A body authenticated by its signature is refused (403) when
its `event.occurred_at` is more than `max_age` seconds from now (either way, so a forged future
time cannot stretch the window) and refused (409) when the same body was accepted in the last
`2 × max_age` seconds. A delivery whose processing failed is forgotten, so PagerDuty's retry of
it goes through. The memory of bodies is per server process and bounded.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from hindsight.domain.model import now_utc
from hindsight.errors import Conflict, Forbidden, InvalidInput
from hindsight.timeutil import parse_instant

DEFAULT_MAX_AGE = 300  # seconds; PagerDuty delivers within seconds and retries within minutes


class ReplayGuard:
    """Digests of recently accepted bodies (thread-safe, at most `max_entries`)."""

    def __init__(self, *, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic):
        self.max_entries = max_entries
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()  # digest -> forget at
        self._lock = threading.Lock()

    def claim(self, digest: str, keep_for: float) -> bool:
        """True, and remembered for `keep_for` seconds, when `digest` was not seen lately."""
        now = self.clock()
        with self._lock:
            while self._seen and next(iter(self._seen.values())) <= now:
                self._seen.popitem(last=False)
            if digest in self._seen:
                return False
            self._seen[digest] = now + keep_for
            while len(self._seen) > self.max_entries:
                self._seen.popitem(last=False)
            return True

    def release(self, digest: str) -> None:
        with self._lock:
            self._seen.pop(digest, None)


def occurred_at(payload: Any) -> datetime:
    event = payload.get("event") if isinstance(payload, dict) else None
    value = event.get("occurred_at") if isinstance(event, dict) else None
    if not value:
        raise Forbidden(
            "signed PagerDuty body has no event.occurred_at, so its age cannot be checked",
            field="event.occurred_at",
        )
    try:
        return parse_instant(str(value), field="event.occurred_at")
    except InvalidInput as exc:
        raise Forbidden(exc.message, field="event.occurred_at") from None


@contextmanager
def fresh_delivery(
    guard: ReplayGuard, body: bytes, payload: Any, max_age: int, now: datetime | None = None
) -> Iterator[None]:
    """Admit a signed body once within its time window; forget it again if the block fails."""
    if max_age <= 0:
        yield
        return
    age = ((now or now_utc()) - occurred_at(payload)).total_seconds()
    if abs(age) > max_age:
        raise Forbidden(
            f"signed PagerDuty body refused: event.occurred_at is {abs(age):.0f} s "
            f"{'old' if age > 0 else 'in the future'}; accepted within {max_age} s",
            field="event.occurred_at",
        )
    digest = hashlib.sha256(body).hexdigest()
    if not guard.claim(digest, keep_for=2 * max_age):
        raise Conflict("this signed PagerDuty delivery was already received (replay refused)")
    try:
        yield
    except BaseException:
        guard.release(digest)
        raise
