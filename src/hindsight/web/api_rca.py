"""REST API: the analysis of one incident (whys, factors, fault trees, suspects), its corrective
actions and reviews."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from hindsight.analysis import diagrams
from hindsight.analysis.category import suggest_category
from hindsight.analysis.fault_tree import (
    TreeEdit,
    minimal_cut_sets,
    named_tree_from_dict,
    top_event_probability,
    tree_at,
)
from hindsight.analysis.suspects import rank_suspects
from hindsight.domain.model import FaultTree, to_plain
from hindsight.incidents import reading as incident_reads
from hindsight.incidents import service
from hindsight.store.repo import Store
from hindsight.web.common import (
    LimitQuery,
    OffsetQuery,
    etag,
    incident_of,
    page,
    plain_dict,
    plain_list,
    viewer_of,
)
from hindsight.web.deps import IncidentEditor, PolicyDep, StoreDep, ViewerUser, WebDep, route
from hindsight.web.users import User

router = APIRouter(prefix="/api/incidents/{incident_id}")
V, E = "viewer", "editor"


class WhyChainIn(BaseModel):
    problem: str = Field(..., min_length=1)
    answers: list[str] = Field(default_factory=list, description="Why 1, why 2 … in order")


class WhyStepIn(BaseModel):
    answer: str = Field(..., min_length=1)
    evidence: list[int] = Field(default_factory=list, description="Timeline event ids")


class FactorIn(BaseModel):
    category: str = Field(..., description="One of the policy's factor categories")
    text: str = Field(..., min_length=1)


class FaultNodeIn(BaseModel):
    id: str
    label: str | None = None
    gate: str | None = Field(None, description='"and", "or", or null for a basic event')
    children: list[str] = Field(default_factory=list)
    probability: float | None = None


class FaultTreeIn(BaseModel):
    name: str
    top: str
    nodes: list[FaultNodeIn]


class GateIn(BaseModel):
    id: str
    gate: str = Field(..., description='"and", "or" or "k/n" (at least k of n children)')
    children: list[str] = Field(..., min_length=1)


class BasicEventIn(BaseModel):
    id: str
    probability: float | None = Field(None, description="0–1; null leaves it as it is")


class LabelIn(BaseModel):
    id: str
    label: str


class FaultTreeEditIn(BaseModel):
    """The changes `hindsight rca tree --gate/--event/--label/--top` makes, in that order."""

    name: str | None = Field(None, description="Which tree (by name); created if new")
    gates: list[GateIn] = Field(default_factory=list)
    events: list[BasicEventIn] = Field(default_factory=list)
    labels: list[LabelIn] = Field(default_factory=list)
    top: str | None = None


class ActionIn(BaseModel):
    title: str = Field(..., min_length=1)
    owner: str | None = None
    due: date | None = None
    kind: str = "prevent"
    horizon: str = "short_term"
    verification: str | None = None
    prevention_level: str | None = None
    impact: str | None = None
    effort: str | None = None
    ticket_url: str | None = None


class ActionPatch(BaseModel):
    title: str | None = None
    owner: str | None = None
    due: date | None = None
    verification: str | None = None
    ticket_url: str | None = None


class ActionStatusIn(BaseModel):
    status: str = Field(..., description="planned, in_progress, blocked, done, verified, wont_do")
    reason: str | None = None
    evidence: str | None = None
    verifier: str | None = None


class ReviewIn(BaseModel):
    reviewer: str = Field(..., min_length=1)
    decision: str = "pending"
    role: str | None = None
    comment: str | None = None
    meeting_date: str | None = None


# --- whys ------------------------------------------------------------------------------------------


@route(router, "GET", "/whys", V, summary="5 Whys chains")
def whys(user: ViewerUser, web: WebDep, incident_id: str) -> list[dict[str, Any]]:
    incident = incident_of(web.store, user, incident_id)
    return [dict(to_plain(c), root_cause=c.root_cause) for c in incident.why_chains]


@route(router, "POST", "/whys", E, status_code=201, summary="Start a 5 Whys chain")
def add_why_chain(
    store: StoreDep, editor: IncidentEditor, incident_id: str, body: WhyChainIn
) -> JSONResponse:
    edited = service.add_why_chain(store, incident_id, body.problem, body.answers, editor)
    number = len(edited.incident.why_chains)
    return JSONResponse(
        dict(to_plain(edited.item), number=number),
        status_code=201,
        headers={"ETag": etag(edited.incident)},
    )


@route(router, "POST", "/whys/{chain}/steps", E, status_code=201, summary="Answer the next why")
def add_why_step(
    store: StoreDep, editor: IncidentEditor, incident_id: str, chain: int, body: WhyStepIn
) -> dict[str, Any]:
    edited = service.add_why_steps(
        store, incident_id, chain, [body.answer], editor,
        evidence={0: body.evidence} if body.evidence else None,
    )  # fmt: skip
    return dict(to_plain(edited.item.steps[-1]))


@route(router, "DELETE", "/whys/{chain}", E, status_code=204, summary="Remove a why chain")
def delete_why_chain(
    store: StoreDep, editor: IncidentEditor, incident_id: str, chain: int
) -> Response:
    service.remove_why_chain(store, incident_id, chain, editor)
    return Response(status_code=204)


# --- contributing factors ----------------------------------------------------------------------------


@route(router, "GET", "/factors", V, summary="Contributing factors (fishbone)")
def factors(user: ViewerUser, web: WebDep, incident_id: str) -> list[dict[str, Any]]:
    incident = incident_of(web.store, user, incident_id)
    return plain_list(incident.factors)


@route(router, "POST", "/factors", E, status_code=201, summary="Add a contributing factor")
def add_factor(
    store: StoreDep, editor: IncidentEditor, policy: PolicyDep, incident_id: str, body: FactorIn
) -> dict[str, Any]:
    edited = service.add_factor(
        store, incident_id, body.category, body.text, policy,
        editor,
    )  # fmt: skip
    return dict(to_plain(edited.item))


@route(router, "DELETE", "/factors/{number}", E, status_code=204, summary="Remove a factor")
def delete_factor(
    store: StoreDep, editor: IncidentEditor, incident_id: str, number: int
) -> Response:
    service.remove_factor(store, incident_id, number, editor)
    return Response(status_code=204)


@route(router, "GET", "/fishbone.svg", V, summary="Fishbone diagram (SVG)")
def fishbone(user: ViewerUser, web: WebDep, incident_id: str) -> Response:
    categories = web.policy.factor_categories
    incident = incident_of(web.store, user, incident_id)
    svg = diagrams.fishbone_svg(incident, categories)
    return Response(svg, media_type="image/svg+xml")


# --- fault trees -----------------------------------------------------------------------------------


@route(router, "GET", "/fault-trees", V, summary="Fault trees")
def fault_trees(user: ViewerUser, web: WebDep, incident_id: str) -> list[dict[str, Any]]:
    incident = incident_of(web.store, user, incident_id)
    return plain_list(incident.fault_trees)


@route(router, "POST", "/fault-trees", E, status_code=201, summary="Add a fault tree")
def add_fault_tree(
    store: StoreDep, editor: IncidentEditor, incident_id: str, body: FaultTreeIn
) -> dict[str, Any]:
    tree = named_tree_from_dict(body.model_dump())
    saved = service.save_fault_tree(store, incident_id, editor, tree=tree)
    return dict(to_plain(saved.item.tree))


@route(
    router,
    "POST",
    "/fault-trees/edits",
    E,
    summary="Build or change a fault tree gate by gate (as `hindsight rca tree --gate …`)",
)
def edit_fault_tree(
    store: StoreDep, editor: IncidentEditor, incident_id: str, body: FaultTreeEditIn
) -> JSONResponse:
    edit = TreeEdit(
        gates=[(g.id, g.gate, g.children) for g in body.gates],
        events=[(e.id, e.probability) for e in body.events],
        labels=[(lb.id, lb.label) for lb in body.labels],
        top=body.top,
    )
    saved = service.save_fault_tree(store, incident_id, editor, name=body.name, edit=edit)
    return JSONResponse(
        dict(to_plain(saved.item.tree), replaced=saved.item.replaced),
        status_code=200 if saved.item.replaced else 201,
        headers={"ETag": etag(saved.incident)},
    )


@route(router, "DELETE", "/fault-trees/{number}", E, status_code=204, summary="Remove a fault tree")
def delete_fault_tree(
    store: StoreDep, editor: IncidentEditor, incident_id: str, number: int
) -> Response:
    service.remove_fault_tree(store, incident_id, editor, number=number)
    return Response(status_code=204)


def _tree(store: Store, user: User, incident_id: str, number: int) -> FaultTree:
    incident = incident_of(store, user, incident_id)
    return tree_at(incident, number)


@route(
    router,
    "GET",
    "/fault-trees/{number}/analysis",
    V,
    summary="Minimal cut sets, top-event probability",
)
def fault_tree_analysis(
    user: ViewerUser, web: WebDep, incident_id: str, number: int
) -> dict[str, Any]:
    tree = _tree(web.store, user, incident_id, number)
    cut_sets = minimal_cut_sets(tree)
    probability = top_event_probability(tree)
    return {
        "name": tree.name,
        "minimal_cut_sets": [sorted(c) for c in cut_sets],
        "top_event_probability": probability,
    }


@route(router, "GET", "/fault-trees/{number}.svg", V, summary="Fault tree diagram (SVG)")
def fault_tree_svg(user: ViewerUser, web: WebDep, incident_id: str, number: int) -> Response:
    tree = _tree(web.store, user, incident_id, number)
    svg = diagrams.fault_tree_svg(tree)
    return Response(svg, media_type="image/svg+xml")


@route(
    router, "GET", "/suspects", V, summary="Changes and evidence signals ranked: hypotheses to test"
)
def suspects(user: ViewerUser, web: WebDep, incident_id: str) -> dict[str, Any]:
    incident = incident_of(web.store, user, incident_id)
    report = rank_suspects(incident)
    return plain_dict(report)


@route(router, "GET", "/category-suggestions", V, summary="Suggested root-cause categories")
def category_suggestions(user: ViewerUser, web: WebDep, incident_id: str) -> list[dict[str, Any]]:
    incident = incident_of(web.store, user, incident_id)
    ranked = suggest_category(incident)
    return [{"category": c, "score": s, "reason": r} for c, s, r in ranked]


# --- actions -----------------------------------------------------------------------------------------


@route(router, "GET", "/actions", V, summary="Corrective actions of this incident")
def actions(
    user: ViewerUser,
    web: WebDep,
    incident_id: str,
    limit: int = LimitQuery,
    offset: int = OffsetQuery,
) -> dict[str, Any]:
    items, total = incident_reads.actions_page(  # a page and a count, both in SQL
        web.store, viewer_of(user), incident_id, limit=limit, offset=offset
    )
    return page(items, total, limit, offset)


@route(router, "POST", "/actions", E, status_code=201, summary="Add a corrective action")
def add_action(
    store: StoreDep, editor: IncidentEditor, incident_id: str, body: ActionIn
) -> JSONResponse:
    data = body.model_dump()
    edited = service.add_action(store, incident_id, data.pop("title"), editor, **data)
    item = edited.item
    return JSONResponse(
        dict(to_plain(item), ref=item.ref), status_code=201, headers={"ETag": etag(edited.incident)}
    )


@route(router, "PATCH", "/actions/{number}", E, summary="Edit an action (owner, due, criteria …)")
def patch_action(
    store: StoreDep, editor: IncidentEditor, incident_id: str, number: int, body: ActionPatch
) -> dict[str, Any]:
    data = body.model_dump(exclude_unset=True)
    changes = {k: (v or None) if k != "title" else v for k, v in data.items() if k != "owner"}
    if data.get("owner"):  # an empty owner leaves the owner as it is
        changes["owner"] = data["owner"]
    item = service.update_action(store, incident_id, number, editor, changes=changes).item
    return dict(to_plain(item), ref=item.ref)


@route(
    router, "POST", "/actions/{number}/status", E, summary="Move an action through its lifecycle"
)
def action_status(
    store: StoreDep, editor: IncidentEditor, incident_id: str, number: int, body: ActionStatusIn
) -> dict[str, Any]:
    item = service.update_action(
        store, incident_id, number, editor, status=body.status,
        reason=body.reason, evidence=body.evidence, verifier=body.verifier,
    ).item  # fmt: skip
    return dict(to_plain(item), ref=item.ref)


# --- reviews -------------------------------------------------------------------------------------------


@route(router, "GET", "/reviews", V, summary="Reviews of the postmortem")
def reviews(user: ViewerUser, web: WebDep, incident_id: str) -> list[dict[str, Any]]:
    incident = incident_of(web.store, user, incident_id)
    return plain_list(incident.reviews)


@route(router, "POST", "/reviews", E, status_code=201, summary="Record a review")
def add_review(
    store: StoreDep, editor: IncidentEditor, incident_id: str, body: ReviewIn
) -> dict[str, Any]:
    data = body.model_dump()
    edited = service.add_review(store, incident_id, data.pop("reviewer"), editor, **data)
    return dict(to_plain(edited.item))
