"""Webhooks: Alertmanager (payload version 4) and PagerDuty (v3) open or extend incidents.

What a delivery does (open the incident of its alert group, or append to it) is the incident
stage's `hindsight.incidents.alert_groups`; the body is read by the format's ingest reader, as
`hindsight ingest` reads a file. These routes only authenticate, read the body and call it.

Authentication: header `X-Hindsight-Token` equal to the shared secret, or (PagerDuty) a valid
`X-PagerDuty-Signature` v1 — HMAC-SHA256 of the raw body with the subscription's signing secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from hindsight.errors import Forbidden, InvalidInput
from hindsight.incidents.alert_groups import (
    HookResult,
    alertmanager_batch,
    pagerduty_batch,
    record_delivery,
)
from hindsight.web.auth import WebState
from hindsight.web.deps import WebDep, route
from hindsight.web.errors import TooLarge
from hindsight.web.replay import fresh_delivery

router = APIRouter(prefix="/hooks")
MAX_BODY = 1024 * 1024


# --- the routes --------------------------------------------------------------------------------------


def valid_pagerduty_signature(body: bytes, header: str, secret: str) -> bool:
    expected = "v1=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, part.strip()) for part in header.split(","))


def _authorise(web: WebState, request: Request, body: bytes, *, pagerduty: bool) -> str:
    """How the caller proved itself: "token" or "signature" (only a signed body can be replayed
    by someone who captured it, see web/replay.py)."""
    settings = web.settings
    token = request.headers.get("x-hindsight-token")
    if token and settings.webhook_secret and hmac.compare_digest(token, settings.webhook_secret):
        return "token"
    signature = request.headers.get("x-pagerduty-signature")
    secret = settings.pagerduty_secret or settings.webhook_secret
    if pagerduty and signature and secret and valid_pagerduty_signature(body, signature, secret):
        return "signature"
    if not settings.webhook_secret and not settings.pagerduty_secret:
        raise Forbidden("webhooks are off: set HINDSIGHT_WEBHOOK_SECRET (or [web] webhook_secret)")
    raise Forbidden("webhook refused: wrong or missing X-Hindsight-Token / X-PagerDuty-Signature")


async def _body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise TooLarge(f"webhook body over {MAX_BODY:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


MAX_DEPTH = 32  # Alertmanager and PagerDuty bodies nest 5 to 7 levels


def _json(body: bytes) -> Any:
    """The parsed body; 422 when it is not JSON or nests deeper than MAX_DEPTH."""
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"webhook body is not JSON: {exc}", field="body") from None
    except RecursionError:
        value = None
    if value is None or _depth(value) > MAX_DEPTH:
        raise InvalidInput(f"webhook body nests deeper than {MAX_DEPTH} levels", field="body")
    return value


def _depth(value: Any) -> int:
    """How deeply `value` nests (iteratively: a hostile body must not exhaust the stack)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                children = item.values() if isinstance(item, dict) else item
                pending.extend((child, depth + 1) for child in children)
    return deepest


def _respond(result: HookResult) -> JSONResponse:
    status = 201 if result.created else (200 if result.incident_id else 202)
    return JSONResponse(
        {
            "incident_id": result.incident_id,
            "created": result.created,
            "appended": result.appended,
            "message": result.message,
        },
        status_code=status,
    )


@route(router, "POST", "/alertmanager", "public", summary="Alertmanager webhook (payload v4)")
async def alertmanager(request: Request, web: WebDep) -> JSONResponse:
    body = await _body(request)
    _authorise(web, request, body, pagerduty=False)
    batch = alertmanager_batch(_json(body))
    result = await run_in_threadpool(
        record_delivery, web.store, batch, web.policy, "webhook:alertmanager"
    )
    return _respond(result)


@route(router, "POST", "/pagerduty", "public", summary="PagerDuty v3 webhook")
async def pagerduty(request: Request, web: WebDep) -> JSONResponse:
    body = await _body(request)
    signed = _authorise(web, request, body, pagerduty=True) == "signature"
    payload = _json(body)
    max_age = web.settings.pagerduty_max_age if signed else 0
    with fresh_delivery(web.replays, body, payload, max_age):
        batch = pagerduty_batch(payload)
        result = record_delivery(web.store, batch, web.policy, "webhook:pagerduty")
    return _respond(result)
