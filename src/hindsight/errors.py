"""One small exception family raised by the logic; the CLI and the web edge decide how to show it."""

from __future__ import annotations


class HindsightError(Exception):
    """Base of every error a user can act on. `field` names the offending input when there is one."""

    code = "error"
    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(HindsightError):
    code = "not_found"


class InvalidInput(HindsightError):
    code = "invalid_input"


class Conflict(HindsightError):
    """Someone else saved first: the caller's version is stale."""

    code = "conflict"

    def __init__(self, message: str, *, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


class GateFailed(HindsightError):
    """A quality gate or lifecycle rule refused the change (exit 1 on the CLI)."""

    code = "gate_failed"
    exit_code = 1


class Forbidden(HindsightError):
    code = "forbidden"
