"""Opening the database a workspace names: the engine and its migrated schema, behind one call
that turns a driver failure into one line a person can act on."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from hindsight.errors import InvalidInput
from hindsight.store.repo import Store


def open_store(url: str, *, migrate: bool = True) -> Store:
    """The store at `url`, migrated unless `migrate` is False; InvalidInput naming the database
    (password hidden) and the driver's first line when it cannot be opened."""
    try:
        store = Store(url)
        if migrate:
            store.migrate()
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise InvalidInput(
            f"cannot open the database {shown_url(url)}: {reason}", field="database"
        ) from None
    return store


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]
