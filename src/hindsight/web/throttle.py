"""Sign-in throttling: too many wrong passwords lock a user name, or a client address, for a while.

Limits (per server process; with `--workers N` each worker counts on its own):
- a user name: 5 failures within 60 s lock it for 60 s;
- a client address: 20 failures within 60 s lock it for 60 s;
- each further lockout of the same name or address doubles the wait (60 s, 120 s, 240 s …, at
  most 15 min); a success for the name forgets its failures, and a quiet hour forgets the rest.

The address is the connection's peer; behind a reverse proxy run uvicorn with
`--proxy-headers --forwarded-allow-ips=…` so that it is the client's, not the proxy's.
An unknown user name is counted like a known one, so a lockout does not reveal which names exist.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limit:
    failures: int  # this many failures …
    window: float  # … within this many seconds lock the key
    lockout: float = 60.0  # first lockout, in seconds; doubled for each further one
    max_lockout: float = 15 * 60.0
    forget_after: float = 3600.0  # a key quiet this long starts afresh


USER_LIMIT = Limit(failures=5, window=60.0)
ADDRESS_LIMIT = Limit(failures=20, window=60.0)


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    lockouts: int = 0
    locked_until: float = 0.0
    last: float = 0.0


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is refused before checking the password, and for how long."""

    kind: str  # "user" or "address"
    key: str
    retry_after: int  # whole seconds, at least 1


class LoginThrottle:
    """Counts failed sign-ins per user name and per address. Thread-safe; memory is bounded
    (the least recently seen keys are dropped beyond `max_keys`)."""

    def __init__(
        self,
        user_limit: Limit = USER_LIMIT,
        address_limit: Limit = ADDRESS_LIMIT,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.limits = {"user": user_limit, "address": address_limit}
        self.clock = clock
        self.max_keys = max_keys
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, username: str, address: str) -> Refusal | None:
        """A refusal when the name or the address is locked now; None to go ahead."""
        now = self.clock()
        with self._lock:
            for kind, key in (("address", address), ("user", username.lower())):
                record = self._records.get((kind, key))
                if record is not None and record.locked_until > now:
                    wait = max(1, int(record.locked_until - now + 0.999))
                    return Refusal(kind, key, wait)
        return None

    def failed(self, username: str, address: str) -> list[Refusal]:
        """Count a failure; the lockouts it starts (empty when none)."""
        now = self.clock()
        started = []
        with self._lock:
            for kind, key in (("user", username.lower()), ("address", address)):
                limit = self.limits[kind]
                record = self._record(kind, key, now, limit)
                record.failures.append(now)
                while record.failures and record.failures[0] <= now - limit.window:
                    record.failures.popleft()
                if len(record.failures) >= limit.failures:
                    wait = min(limit.lockout * 2**record.lockouts, limit.max_lockout)
                    record.lockouts += 1
                    record.locked_until = now + wait
                    record.failures.clear()
                    started.append(Refusal(kind, key, max(1, int(wait))))
        return started

    def succeeded(self, username: str) -> None:
        """The right password: the name's failures and lockout history are forgotten."""
        with self._lock:
            self._records.pop(("user", username.lower()), None)

    def _record(self, kind: str, key: str, now: float, limit: Limit) -> _Record:
        record = self._records.get((kind, key))
        if record is None or (
            now - record.last > limit.forget_after and record.locked_until <= now
        ):
            record = _Record()
            self._records[(kind, key)] = record
        record.last = now
        self._records.move_to_end((kind, key))
        while len(self._records) > self.max_keys:
            self._records.popitem(last=False)
        return record
