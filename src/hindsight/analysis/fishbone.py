"""Fishbone (Ishikawa): contributing factors grouped by category around the incident's effect.

Categories come from the workspace policy (`Policy.factor_categories`; People / Process /
Technology / Environment by default). A factor's category must be one of them, matched without
regard to case, so "process" is stored as "Process".
"""

from __future__ import annotations

from collections.abc import Sequence

from hindsight.domain.model import DEFAULT_FACTOR_CATEGORIES, ContributingFactor, Incident
from hindsight.errors import InvalidInput, NotFound


def check_category(category: str, categories: Sequence[str] = DEFAULT_FACTOR_CATEGORIES) -> str:
    """The category as the policy spells it; InvalidInput listing the valid ones otherwise."""
    wanted = category.strip().casefold()
    for known in categories:
        if known.casefold() == wanted:
            return known
    raise InvalidInput(
        f"unknown factor category {category!r}; valid: {', '.join(categories)} "
        "(set factor_categories in policy.yaml to change them)",
        field="category",
    )


def add_factor(
    incident: Incident,
    category: str,
    text: str,
    categories: Sequence[str] = DEFAULT_FACTOR_CATEGORIES,
) -> ContributingFactor:
    text = text.strip()
    if not text:
        raise InvalidInput("a contributing factor needs a description", field="text")
    factor = ContributingFactor(check_category(category, categories), text)
    if any(f.category == factor.category and f.text == factor.text for f in incident.factors):
        raise InvalidInput(
            f"{incident.id} already lists this {factor.category} factor", field="text"
        )
    incident.factors.append(factor)
    return factor


def remove_factor(incident: Incident, number: int) -> ContributingFactor:
    """Remove factor `number` (1-based, in the order `factor list` shows)."""
    if not 1 <= number <= len(incident.factors):
        raise NotFound(f"{incident.id} has no factor {number} (it has {len(incident.factors)})")
    return incident.factors.pop(number - 1)


def by_category(
    incident: Incident, categories: Sequence[str] = DEFAULT_FACTOR_CATEGORIES
) -> dict[str, list[str]]:
    """Factors grouped in policy order; every category is present (possibly empty).

    Factors stored under a category the policy no longer lists keep their own bone, after the rest.
    """
    groups: dict[str, list[str]] = {c: [] for c in categories}
    folded = {c.casefold(): c for c in categories}
    for factor in incident.factors:
        key = folded.get(factor.category.casefold(), factor.category)
        groups.setdefault(key, []).append(factor.text)
    return groups


def effect(incident: Incident) -> str:
    """The fish's head: the first why chain's problem, else the incident title."""
    if incident.why_chains and incident.why_chains[0].problem:
        return incident.why_chains[0].problem
    return incident.title
