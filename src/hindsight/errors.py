"""One small exception family raised by the logic; the CLI and the web edge decide how to show it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


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
    """Input that cannot be used. `problems` lists every (field, message) when a form had more
    than one mistake, so the page can show each at its field; `message` joins them in one line."""

    code = "invalid_input"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        problems: list[tuple[str | None, str]] | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.problems = problems or [(field, message)]


class Problems:
    """Collects the InvalidInput of several fields, so one answer names every mistake:

    problems = Problems()
    with problems.check():
        set_severity(...)
    with problems.check():
        set_title(...)
    problems.raise_any()
    """

    def __init__(self) -> None:
        self.found: list[tuple[str | None, str]] = []

    @contextmanager
    def check(self) -> Iterator[None]:
        try:
            yield
        except InvalidInput as exc:
            self.found.extend(exc.problems)

    def raise_any(self) -> None:
        if len(self.found) == 1:
            field, message = self.found[0]
            raise InvalidInput(message, field=field)
        if self.found:
            message = "; ".join(message for _, message in self.found)
            raise InvalidInput(message, field=self.found[0][0], problems=list(self.found))


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


class PreconditionRequired(HindsightError):
    """A change that must say which version it read did not (the web answers 428)."""

    code = "precondition_required"
