"""Similar past incidents and repeat detection.

Similarity is a weighted sum of four signals a reviewer would name themselves, each reported as a
reason: matching text (TF-IDF cosine over title, summary, root cause and the rest of the write-up),
the same root-cause category, shared services, and shared log templates from the timelines.
The scoring (`rank_similar`, `find_repeat`) is pure; `similar`, `detect_repeat`, `mark_repeat`
and `list_repeats` only fetch the candidates and save.

A repeat is an incident whose root cause (same category, or root-cause text alike) and services
match an earlier incident started within `Policy.repeat_window_days` before it: a sign that the
earlier postmortem's actions did not prevent it, so the unverified ones are listed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hindsight.domain.model import ActionStatus, Incident
from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput, NotFound
from hindsight.store import similar as candidates
from hindsight.store.repo import StoreSession
from hindsight.store.search import STOPWORDS, document_for
from hindsight.store.visibility import LOCAL_VIEWER, Viewer, can_see

WEIGHTS = {"text": 0.5, "category": 0.25, "services": 0.15, "templates": 0.10}
POOL_LIMIT = 1000  # stores up to this size are compared in full; larger ones use candidates
ROOT_CAUSE_ALIKE = 0.5  # root-cause text cosine from which two root causes count as the same

_WORD = re.compile(r"[^\W_]*[^\W\d_][^\W_]*")  # words with at least one letter
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s")


def stem(word: str) -> str:
    """A light suffix-stripping stem so "timeouts", "timed out" and "timeout" meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def terms(text: str, surface: dict[str, str] | None = None) -> list[str]:
    """Stemmed words of `text` without stop words; `surface` collects a readable form per stem."""
    out = []
    for word in (m.lower() for m in _WORD.findall(text)):
        if len(word) < 2 or word in STOPWORDS:
            continue
        stemmed = stem(word)
        if surface is not None:
            surface.setdefault(stemmed, word)
        out.append(stemmed)
    return out


@dataclass
class Profile:
    """What similarity looks at for one incident."""

    incident_id: str
    title: str
    started_at: datetime | None = None
    severity: str = ""
    category: str | None = None
    services: frozenset[str] = frozenset()
    words: Counter[str] = field(default_factory=Counter)
    root_cause_words: Counter[str] = field(default_factory=Counter)
    templates: frozenset[str] = frozenset()
    surface: dict[str, str] = field(default_factory=dict)  # stem → a word as written


def profile_from_text(
    incident_id: str,
    *,
    title: str,
    summary: str = "",
    root_cause: str = "",
    body: str = "",
    started_at: datetime | None = None,
    severity: str = "",
    category: str | None = None,
    services: Iterable[str] = (),
    templates: Iterable[str] = (),
) -> Profile:
    """Title and root cause count twice: they are what a reader compares first."""
    surface: dict[str, str] = {}
    words = Counter(terms(" ".join((title, title, summary, root_cause, root_cause, body)), surface))
    return Profile(
        incident_id=incident_id,
        title=title,
        started_at=started_at,
        severity=severity,
        category=category,
        services=frozenset(s.lower() for s in services),
        words=words,
        root_cause_words=Counter(terms(root_cause)),
        templates=frozenset(t for t in templates if t),
        surface=surface,
    )


def profile_of(incident: Incident) -> Profile:
    return _profile(
        candidates.IncidentText(
            incident.id,
            incident.title,
            incident.severity,
            incident.started_at,
            incident.root_cause_category,
            list(incident.services),
            incident.summary,
            incident.root_cause,
            document_for(incident).body,
            [e.template for e in incident.timeline if e.template],
        )
    )


def _profile(t: candidates.IncidentText) -> Profile:
    return profile_from_text(
        t.incident_id,
        title=t.title,
        summary=t.summary,
        root_cause=t.root_cause,
        body=t.body,
        started_at=t.started_at,
        severity=t.severity,
        category=t.category,
        services=t.services,
        templates=t.templates,
    )


@dataclass
class SimilarIncident:
    incident_id: str
    title: str
    started_at: datetime | None
    severity: str
    score: float  # 0..1, the weighted sum of the signals below
    reasons: list[str]
    shared_services: list[str]
    same_category: bool
    shared_terms: list[str]
    shared_templates: int
    text_similarity: float


def _idf(pool: Sequence[Profile]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for p in pool:
        df.update(p.words.keys())
    n = len(pool)
    return {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}


def _vector(words: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vec = {t: (1 + math.log(c)) * idf.get(t, 1.0) for t, c in words.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def rank_similar(target: Profile, pool: Sequence[Profile], k: int = 5) -> list[SimilarIncident]:
    """The `k` profiles of `pool` most similar to `target` (itself excluded), best first.
    IDF comes from `pool`, so pass the whole corpus (or a broad candidate set)."""
    everyone = [p for p in pool if p.incident_id != target.incident_id]
    idf = _idf([*everyone, target])
    mine = _vector(target.words, idf)
    results: list[SimilarIncident] = []
    for other in everyone:
        theirs = _vector(other.words, idf)
        text_sim = _cosine(mine, theirs)
        same_category = bool(target.category and target.category == other.category)
        shared = sorted(target.services & other.services)
        union = target.services | other.services
        service_sim = len(shared) / len(union) if union else 0.0
        common_templates = target.templates & other.templates
        template_union = target.templates | other.templates
        template_sim = len(common_templates) / len(template_union) if template_union else 0.0
        score = (
            WEIGHTS["text"] * text_sim
            + WEIGHTS["category"] * same_category
            + WEIGHTS["services"] * service_sim
            + WEIGHTS["templates"] * template_sim
        )
        if score <= 0:
            continue
        top_terms = sorted(
            (t for t in mine if t in theirs), key=lambda t: mine[t] * theirs[t], reverse=True
        )[:5]
        reasons = []
        if same_category:
            reasons.append(f"same root-cause category: {target.category}")
        if shared:
            reasons.append("shared services: " + ", ".join(shared))
        if common_templates:
            reasons.append(f"{len(common_templates)} shared log template(s)")
        if top_terms and text_sim >= 0.05:
            words = [target.surface.get(t, t) for t in top_terms]
            reasons.append(f"matching text ({text_sim:.0%}): " + ", ".join(words))
        results.append(
            SimilarIncident(
                incident_id=other.incident_id,
                title=other.title,
                started_at=other.started_at,
                severity=other.severity,
                score=round(score, 4),
                reasons=reasons,
                shared_services=shared,
                same_category=same_category,
                shared_terms=[target.surface.get(t, t) for t in top_terms],
                shared_templates=len(common_templates),
                text_similarity=round(text_sim, 4),
            )
        )
    results.sort(key=lambda r: (-r.score, r.incident_id))
    return results[:k]


# --- loading profiles from the store -----------------------------------------------------------


def _candidate_ids(session: StoreSession, target: Profile, viewer: Viewer | None) -> list[str]:
    """For large stores: full-text matches on the target's most frequent words, plus incidents
    sharing its category or a service (most recent first)."""
    from hindsight.store.search import SearchFilters, search

    ids: set[str] = set()
    common = [target.surface.get(t, t) for t, _ in target.words.most_common(12)]
    if common:
        query = " OR ".join(common)
        ids.update(h.incident_id for h in search(session, query, SearchFilters(limit=300), viewer))
    if target.category:
        ids.update(candidates.ids_in_category(session, target.category, limit=200))
    if target.services:
        ids.update(candidates.ids_with_services(session, sorted(target.services), limit=400))
    return sorted(ids)


def similar(
    session: StoreSession, incident_id: str, k: int = 5, *, viewer: Viewer | None = None
) -> list[SimilarIncident]:
    """The `k` incidents most similar to `incident_id` that `viewer` may see, with reasons."""
    if k < 1:
        raise InvalidInput("k must be at least 1", field="k")
    from hindsight.store.repo import count_incidents, get_incident

    incident = get_incident(session, incident_id)
    if not can_see(session, viewer, incident.id):
        raise NotFound(f"no incident {incident.id}")
    target = profile_of(incident)
    if count_incidents(session) <= POOL_LIMIT:
        pool = [_profile(t) for t in candidates.incident_texts(session, viewer)]
    else:
        ids = _candidate_ids(session, target, viewer)
        pool = [_profile(t) for t in candidates.incident_texts(session, viewer, ids)]
    return rank_similar(target, pool, k)


# --- repeats -----------------------------------------------------------------------------------


@dataclass
class OpenAction:
    ref: str
    title: str
    status: str
    owner: str | None


@dataclass
class RepeatFinding:
    """`incident_id` repeats `earlier_id`; `unverified` are the earlier actions not verified."""

    incident_id: str
    title: str
    started_at: datetime | None
    earlier_id: str
    earlier_title: str
    earlier_started_at: datetime | None
    days_apart: float | None
    reasons: list[str]
    unverified: list[OpenAction]
    marked: bool = False


def _root_cause_alike(a: Incident, b: Incident) -> float:
    pool = [profile_of(a), profile_of(b)]
    idf = _idf(pool)
    return _cosine(_vector(pool[0].root_cause_words, idf), _vector(pool[1].root_cause_words, idf))


def repeat_evidence(target: Incident, earlier: Incident, window_days: int) -> list[str] | None:
    """Why `target` repeats `earlier` (None when it does not): `earlier` started within the window
    before it, they share a service, and the root cause matches by category or by text."""
    if target.started_at is None or earlier.started_at is None or earlier.id == target.id:
        return None
    gap = target.started_at - earlier.started_at
    if gap <= timedelta(0) or gap > timedelta(days=window_days):
        return None
    shared = sorted({s.lower() for s in target.services} & {s.lower() for s in earlier.services})
    if not shared:
        return None
    reasons = []
    if target.root_cause_category and target.root_cause_category == earlier.root_cause_category:
        reasons.append(f"same root-cause category: {target.root_cause_category}")
    elif target.root_cause and earlier.root_cause:
        alike = _root_cause_alike(target, earlier)
        if alike >= ROOT_CAUSE_ALIKE:
            reasons.append(f"root cause alike ({alike:.0%} text match)")
    if not reasons:
        return None
    reasons.append("shared services: " + ", ".join(shared))
    reasons.append(f"{gap.days} days after (window {window_days} days)")
    return reasons


def find_repeat(
    target: Incident, earlier: Sequence[Incident], window_days: int
) -> RepeatFinding | None:
    """The most recent earlier incident `target` repeats, with its unverified actions."""
    matches = [
        (inc, reasons)
        for inc in earlier
        if (reasons := repeat_evidence(target, inc, window_days)) is not None
    ]
    if not matches:
        return None
    inc, reasons = max(matches, key=lambda m: (m[0].started_at, m[0].id))
    return _finding(target, inc, reasons)


def _finding(target: Incident, earlier: Incident, reasons: list[str]) -> RepeatFinding:
    gap = (
        (target.started_at - earlier.started_at).total_seconds() / 86400
        if target.started_at and earlier.started_at
        else None
    )
    return RepeatFinding(
        incident_id=target.id,
        title=target.title,
        started_at=target.started_at,
        earlier_id=earlier.id,
        earlier_title=earlier.title,
        earlier_started_at=earlier.started_at,
        days_apart=round(gap, 1) if gap is not None else None,
        reasons=reasons,
        unverified=[
            OpenAction(a.ref, a.title, a.status.value, a.owner)
            for a in earlier.actions
            if a.status != ActionStatus.VERIFIED
        ],
        marked=target.repeat_of == earlier.id,
    )


def _earlier_candidates(
    session: StoreSession, target: Incident, window_days: int, viewer: Viewer | None
) -> list[Incident]:
    from hindsight.store.repo import get_incident

    if target.started_at is None or not target.services:
        return []
    ids = candidates.earlier_ids(
        session,
        target.id,
        list(target.services),
        target.started_at - timedelta(days=window_days),
        target.started_at,
        viewer,
    )
    return [get_incident(session, i) for i in ids]


def detect_repeat(
    session: StoreSession, incident_id: str, policy: Policy, *, viewer: Viewer | None = LOCAL_VIEWER
) -> RepeatFinding | None:
    """Whether `incident_id` repeats an earlier incident `viewer` may see (`repeat_evidence`)."""
    from hindsight.store.repo import get_incident

    target = get_incident(session, incident_id)
    if target.started_at is None:
        raise InvalidInput(
            f"{target.id} has no start time, so no earlier incident can be compared; set started_at",
            field="started_at",
        )
    earlier = _earlier_candidates(session, target, policy.repeat_window_days, viewer)
    return find_repeat(target, earlier, policy.repeat_window_days)


def mark_repeat(
    session: StoreSession, incident_id: str, policy: Policy, actor: str
) -> RepeatFinding | None:
    """Detect and record `repeat_of` (audited); None, and nothing written, when no repeat."""
    from hindsight.store.repo import get_incident, save_incident

    finding = detect_repeat(session, incident_id, policy)
    if finding is None:
        return None
    incident = get_incident(session, incident_id)
    if incident.repeat_of != finding.earlier_id:
        incident.repeat_of = finding.earlier_id
        save_incident(session, incident, actor, reason="repeat: " + "; ".join(finding.reasons))
    finding.marked = True
    return finding


def list_repeats(
    session: StoreSession,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    viewer: Viewer | None = None,
    policy: Policy | None = None,
) -> list[RepeatFinding]:
    """Incidents recorded as repeats (`repeat_of` set) in the period, each with the earlier
    incident's unverified actions, newest first; only pairs whose both incidents `viewer` may
    see."""
    from hindsight.store.repo import get_incident

    rows = candidates.recorded_repeats(session, viewer, since, until)
    findings = []
    for incident_id, earlier_id in rows:
        target = get_incident(session, incident_id)
        try:
            earlier = get_incident(session, earlier_id)
        except NotFound:
            continue
        window = policy.repeat_window_days if policy else 180
        reasons = repeat_evidence(target, earlier, window) or ["recorded as a repeat"]
        findings.append(_finding(target, earlier, reasons))
    return findings
