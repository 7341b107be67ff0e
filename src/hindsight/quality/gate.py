"""The publishing gate: what stops `in_review → published`. (Filled in by the quality checks.)"""

from __future__ import annotations

from hindsight.domain.model import Incident
from hindsight.domain.policy import Policy


def publish_blockers(incident: Incident, policy: Policy) -> list[str]:
    """Reasons publishing must be refused (rubric below 3.5, blame findings); empty when clear."""
    return []
