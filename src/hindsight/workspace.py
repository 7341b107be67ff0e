"""A workspace: `hindsight.toml` plus the embedded database and evidence blobs under `.hindsight/`.

The database URL comes from, in order: `HINDSIGHT_DATABASE_URL`, the `database.url` of
hindsight.toml, else SQLite at `.hindsight/hindsight.db` (zero set-up).
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hindsight.domain.policy import Policy, load_policy
from hindsight.errors import InvalidInput, NotFound
from hindsight.quality.rubric import Rubric, workspace_rubric
from hindsight.store import engine
from hindsight.store.repo import Store

CONFIG_NAME = "hindsight.toml"
STATE_DIR = ".hindsight"


@dataclass
class Workspace:
    root: Path
    config: dict[str, Any] = field(default_factory=dict)
    database_url: str | None = None

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def evidence_dir(self) -> Path:
        return self.state_dir / "evidence"

    @property
    def timezone(self) -> str:
        return str(self.config.get("workspace", {}).get("timezone", self.policy.timezone))

    @property
    def name(self) -> str:
        return str(self.config.get("workspace", {}).get("name", self.root.name))

    @property
    def patterns(self) -> dict[str, list[str]]:
        """Workspace patterns for redaction: internal hostnames, URLs, customer identifiers."""
        raw = self.config.get("redaction", {})
        return {key: list(value) for key, value in raw.items() if isinstance(value, list)}

    @property
    def policy(self) -> Policy:
        if not hasattr(self, "_policy"):
            self._policy = load_policy(self.root / "policy.yaml")
        return self._policy

    @property
    def rubric(self) -> Rubric:
        """`rubric.yaml` of the workspace, else the shipped rubric (read on each use: an edit to
        the file counts at once, as `hindsight score` reads it)."""
        return workspace_rubric(self.root)

    @property
    def url(self) -> str:
        if self.database_url:
            return self.database_url
        env = os.environ.get("HINDSIGHT_DATABASE_URL")
        if env:
            return env
        configured = self.config.get("database", {}).get("url")
        if configured:
            return str(configured)
        return f"sqlite:///{self.state_dir / 'hindsight.db'}"

    def open_store(self, *, migrate: bool = True) -> Store:
        """The migrated store; InvalidInput (not a driver traceback) when it cannot be opened."""
        check_database_url(self.url)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        return engine.open_store(self.url, migrate=migrate)


SUPPORTED_DATABASES = ("sqlite", "postgresql", "postgres")


def check_database_url(url: str) -> None:
    """InvalidInput unless `url` names a database Hindsight runs on (SQLite or PostgreSQL)."""
    scheme = url.split("://", 1)[0].split("+", 1)[0].lower() if "://" in url else ""
    if scheme not in SUPPORTED_DATABASES:
        raise InvalidInput(
            f"unsupported database {engine.shown_url(url)}: Hindsight runs on SQLite (the default, "
            "no --db) or PostgreSQL (postgresql://user@host/db)",
            field="database",
        )


def current_user() -> str:
    """Who is acting, for the audit log: HINDSIGHT_USER, else the login name."""
    return os.environ.get("HINDSIGHT_USER") or getpass.getuser()


def find_workspace(start: Path | None = None, *, database_url: str | None = None) -> Workspace:
    """The workspace containing `start` (or HINDSIGHT_WORKSPACE, or the current directory).

    `database_url` (a command's `--db`) takes the place of HINDSIGHT_DATABASE_URL and of the
    configured url, and, like that variable, needs no hindsight.toml; it is checked as
    `hindsight init --db` checks it.
    """
    if database_url:
        check_database_url(database_url)
    explicit = os.environ.get("HINDSIGHT_WORKSPACE")
    here = Path(explicit) if explicit else (start or Path.cwd())
    here = here.resolve()
    for folder in (here, *here.parents):
        config_file = folder / CONFIG_NAME
        if config_file.exists():
            return Workspace(folder, read_config(config_file), database_url=database_url)
    if database_url or os.environ.get("HINDSIGHT_DATABASE_URL"):
        return Workspace(here, {}, database_url=database_url)
    raise NotFound(
        f"no {CONFIG_NAME} in {here} or above; run `hindsight init` to create a workspace here"
    )


def read_config(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{path}: {exc}") from exc


def init_workspace(
    root: Path, *, name: str | None = None, database_url: str | None = None, timezone: str = "UTC"
) -> Workspace:
    root.mkdir(parents=True, exist_ok=True)
    config_file = root / CONFIG_NAME
    if not config_file.exists():
        lines = [
            "[workspace]",
            f'name = "{name or root.resolve().name}"',
            f'timezone = "{timezone}"',
            "",
            "[database]",
            '# PostgreSQL for teams: url = "postgresql://user@host/db" (or HINDSIGHT_DATABASE_URL)',
        ]
        if database_url:
            lines.append(f'url = "{database_url}"')
        lines += [
            "",
            "[redaction]",
            "# regexes for the public version: internal_hosts, internal_urls, customer_ids",
            "internal_hosts = ['[a-z0-9-]+\\.(internal|corp|svc\\.cluster\\.local)']",
            "customer_ids = ['\\bcus_[A-Za-z0-9]{8,}\\b']",
            "",
        ]
        config_file.write_text("\n".join(lines), encoding="utf-8")
    config = read_config(config_file)
    configured = config.get("database", {}).get("url")
    if database_url and database_url != configured:
        raise InvalidInput(
            f"{config_file} exists: --db is not applied to a workspace that exists; to move it, "
            "set url under [database] in that file (or HINDSIGHT_DATABASE_URL)",
            field="db",
        )
    workspace = Workspace(root.resolve(), config)
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(f"{STATE_DIR}/\n", encoding="utf-8")
    return workspace


def create_workspace(
    root: Path, *, name: str | None = None, database_url: str | None = None, timezone: str = "UTC"
) -> Workspace:
    """`init_workspace` and a first open of its (migrated) database, all or nothing: when the
    database cannot be used, every file and folder this call made is removed again, so a failed
    `hindsight init` leaves the folder as it found it."""
    import shutil

    existed = root.exists()
    before = set(root.iterdir()) if existed and root.is_dir() else set()
    try:
        if database_url:
            check_database_url(database_url)
        workspace = init_workspace(root, name=name, database_url=database_url, timezone=timezone)
        workspace.open_store().close()
    except BaseException:
        if not existed:
            shutil.rmtree(root, ignore_errors=True)
        elif root.is_dir():
            for made in set(root.iterdir()) - before:
                if made.is_dir() and not made.is_symlink():
                    shutil.rmtree(made, ignore_errors=True)
                else:
                    made.unlink(missing_ok=True)
        raise
    return workspace
