"""Lazy access to the capabilities other parts of Hindsight provide (render, ingest, quality …).

The web app must start even when one of them is not installed yet; asking for it then answers
501 with the module's name instead of crashing the server at import time.
"""

from __future__ import annotations

import importlib
from typing import Any

from hindsight.web.errors import NotAvailable


def capability(module: str, name: str) -> Any:
    """`module.name`, or NotAvailable (HTTP 501) when the module or the name is missing."""
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise NotAvailable(f"{module} is not available in this installation") from None
        raise
    found = getattr(loaded, name, None)
    if found is None:
        raise NotAvailable(f"{module}.{name} is not available in this installation")
    return found


def available(module: str, name: str) -> bool:
    try:
        capability(module, name)
    except NotAvailable:
        return False
    return True
