"""The checks over real hand-written postmortems (DFDS, MIT): they parse, lint, and blame is rare."""

from __future__ import annotations

from pathlib import Path

import pytest

from hindsight.domain.policy import default_policy
from hindsight.quality.findings import locate
from hindsight.quality.lint import lint
from tests.conftest import shared_data


def test_dfds_postmortems_lint_with_lines_and_few_blame_findings() -> None:
    markdown = pytest.importorskip("hindsight.render.markdown", reason="parser not landed")
    folder: Path = shared_data("dfds_postmortems")
    files = sorted(
        p for p in folder.iterdir() if p.name.startswith("PM") and "template" not in p.name
    )
    assert len(files) >= 30
    blame = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        parsed = markdown.parse_markdown(text, str(path))
        findings = locate(lint(parsed.incident, default_policy()), text)
        blame += [(path.name, f) for f in findings if f.rule.startswith("blame/")]
        for finding in findings:
            if finding.rule.startswith("blame/"):
                assert finding.line is not None
                assert (
                    finding.excerpt
                    and finding.excerpt.split()[0] in text.splitlines()[finding.line - 1]
                )
    # These postmortems are written blamelessly; the few hits are "be more careful / be better
    # at" and "human error" sentences, and two complaints about teams ("do not provide any further
    # information", "Teams still haven't adopted our recommendations"), both labelled blame in
    # tests/data/quality/blame_corpus.jsonl.
    assert 1 <= len(blame) <= 12
    assert {f.rule for _, f in blame} <= {
        "blame/be-more-careful",
        "blame/human-error-as-cause",
        "blame/person-as-cause",
    }
    assert sum(f.rule == "blame/person-as-cause" for _, f in blame) <= 2
    assert any("Human error in not knowing" in (f.excerpt or "") for _, f in blame)
    assert all(f.confidence is not None and 0 < f.confidence <= 1 for _, f in blame)
