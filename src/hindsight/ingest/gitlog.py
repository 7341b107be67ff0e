"""git history of a deploy or config repository: a repo path (run through `git log`) or a saved
`git log` (default, `--format=fuller`, `--date=iso-strict`, with or without `--numstat`).

Merges, tagged commits and commits that say they ship a version ("deploy checkout-api v2.31.0",
"helm upgrade …", "bump image to 2.31.0") become DEPLOY events (what reached production); other
commits CONFIG_CHANGE events, marked `change: feature_flag` when they flip a flag; the commit date (when it landed) is the event time. Author dates can be
out of order after rebases; the timeline sorts by time anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hindsight.domain.model import EventKind
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.times import iso_epoch

NAME = "git"
COMMIT = re.compile(r"^commit ([0-9a-f]{7,64})(?: \((.*)\))?\s*$")
_HEADER = re.compile(r"^(Merge|Author|AuthorDate|Commit|CommitDate|Date):\s*(.*)$")
_NUMSTAT = re.compile(r"^(\d+|-)\t(\d+|-)\t(.+)$")
_TAG = re.compile(r"tag: (?:refs/tags/)?([^,)]+)")
MAX_FILES = 20


def detect(sample: Sample) -> str | None:
    if sample.is_dir:
        return (
            None
            if sample.path is not None and (sample.path / ".git").exists()
            else ("folder is not a git repository")
        )
    if sample.is_zip:
        return "not a git log"
    lines = sample.lines
    if lines and COMMIT.match(lines[0]) and any(_HEADER.match(x) for x in lines[1:4]):
        return None
    return 'does not start with "commit <sha>" followed by Author/Date headers (git log)'


@dataclass
class _Commit:
    sha: str
    line: int
    decorations: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    end: int = 0


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    current: _Commit | None = None
    for number, line in source.lines():
        head = COMMIT.match(line)
        if head:
            if current is not None:
                yield _record(current, options)
            current = _Commit(head.group(1), number, head.group(2) or "")
            continue
        if current is None:
            if line.strip():
                yield Malformed(number, 'text before the first "commit <sha>" line')
            continue
        if line.strip():
            current.end = number
        header = _HEADER.match(line)
        if header and not current.body:
            current.headers[header.group(1)] = header.group(2).strip()
        elif line.startswith("    "):
            current.body.append(line[4:])
        elif (stat := _NUMSTAT.match(line)) and len(current.files) < MAX_FILES:
            current.files.append(stat.group(3))
    if current is not None:
        yield _record(current, options)


def _when(text: str, options: ParseOptions) -> float | None:
    at = iso_epoch(text, options.tz)
    if at is not None:
        return at
    for fmt in ("%a %b %d %H:%M:%S %Y %z", "%Y-%m-%d %H:%M:%S %z", "%a, %d %b %Y %H:%M:%S %z"):
        try:
            return datetime.strptime(text, fmt).timestamp()
        except ValueError:
            continue
    return None


_DEPLOY_WORDS = re.compile(
    r"\b(deploy(s|ed|ing|ment of)?|releas(e|es|ed|ing)|roll(s|ed|ing)?[ -]?out|ship(s|ped)?|"
    r"promot(e|es|ed|ing)|helm (upgrade|install)|bump(s|ed)? (the )?(image|version|tag|chart)|"
    r"image (tag )?(to|bump))\b",
    re.IGNORECASE,
)
_VERSION = re.compile(r"\bv?\d+\.\d+\.\d+(?:[-+][\w.]+)?\b")
_FLAG_WORDS = re.compile(
    r"\b(feature[- ]?flags?|flags?|toggles?|kill[- ]?switch|rollout percentage|enable[sd]?|disable[sd]?)\b",
    re.IGNORECASE,
)


def commit_kind(subject: str, body: list[str] | None = None) -> str:
    """deploy | feature_flag | config_change, read from what the commit says it does.

    "deploy checkout-api v2.31.0" or "bump image to 2.31.0" ships a version (deploy); "enable
    flag new-checkout" flips a flag; anything else in a deploy or config repository is a config
    change. The subject decides; the body only when the subject says nothing of either.
    """
    for text in (subject, " ".join((body or [])[:5])):
        if _FLAG_WORDS.search(text) and not _DEPLOY_WORDS.search(text):
            return "feature_flag"
        if _DEPLOY_WORDS.search(text) or (
            _VERSION.search(text) and re.search(r"\b(to|version|image|tag)\b", text, re.I)
        ):
            return "deploy"
    return "config_change"


def _record(commit: _Commit, options: ParseOptions) -> Record | Malformed:
    raw = (
        commit.headers.get("CommitDate")
        or commit.headers.get("Date")
        or commit.headers.get("AuthorDate", "")
    )
    at = _when(raw, options)
    if at is None:
        return Malformed(
            commit.line,
            f"commit {commit.sha[:8]}: date {raw!r} is not a time; "
            "expected git's default, iso or iso-strict date",
        )
    author = re.sub(r"<[^<>]*+>", "", commit.headers.get("Author", "")).strip() or None
    subject = next((b for b in commit.body if b.strip()), "").strip()
    parents = commit.headers.get("Merge", "").split()
    tags = _TAG.findall(commit.decorations)
    merge = len(parents) >= 2 or subject.startswith("Merge ")
    kind = commit_kind(subject, commit.body)
    deploy = merge or bool(tags) or kind == "deploy"
    label = f"tag {', '.join(tags)}: " if tags else ("merge: " if merge else "")
    text = f"{label}{subject} ({commit.sha[:8]}" + (f" by {author})" if author else ")")
    detail: dict[str, Any] = {
        "commit": commit.sha,
        "line_end": commit.end or commit.line,
        "change": "deploy" if deploy else kind,
    }
    if tags:
        detail["tags"] = tags
    if commit.files:
        detail["files"] = commit.files
    return Record(
        commit.line,
        at,
        text,
        None,
        options.service,
        EventKind.DEPLOY if deploy else EventKind.CONFIG_CHANGE,
        actor=author,
        key=deploy,
        condense=False,
        detail=detail,
    )
