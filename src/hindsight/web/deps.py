"""Typed dependencies at the web edge: routes take these instead of `request.state`, so mypy
checks the whole path from route to store (the full-stack-fastapi-template's `SessionDep` /
`CurrentUser`).

`EditorUser` / `ViewerUser` also enforce the role: a request without it never reaches the route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from hindsight.store.repo import Store
from hindsight.web.auth import REQUIRE, WebState, state
from hindsight.web.users import User


def _web(request: Request) -> WebState:
    return state(request)


def _store(request: Request) -> Store:
    return state(request).store


def _signed(user: User | None) -> User:
    assert user is not None  # the role dependencies only return None for public routes
    return user


async def _editor(user: Annotated[User | None, Depends(REQUIRE["editor"])]) -> User:
    return _signed(user)


async def _viewer(user: Annotated[User | None, Depends(REQUIRE["viewer"])]) -> User:
    return _signed(user)


WebDep = Annotated[WebState, Depends(_web)]
StoreDep = Annotated[Store, Depends(_store)]
EditorUser = Annotated[User, Depends(_editor)]
ViewerUser = Annotated[User, Depends(_viewer)]
