"""Root cause analysis sections: technical details, 5 Whys chains, contributing factors grouped by
category, and fault trees kept as YAML blocks."""

from __future__ import annotations

import re

import yaml

from hindsight.domain.model import (
    ContributingFactor,
    FaultNode,
    FaultTree,
    WhyChain,
    WhyStep,
)
from hindsight.render.mdreader import (
    UNCATEGORISED,
    Reader,
    append,
    inline,
    prose,
)
from hindsight.render.mdtext import (
    Section,
    closes,
    load_yaml,
    paragraphs,
    read_list,
    take_meta,
    unescape_plain,
)

# ---- analysis ------------------------------------------------------------------------------


def rca_section(reader: Reader, section: Section) -> None:
    text = prose(reader, section)
    if text:
        append(reader, "technical_details", text)


_EVIDENCE = re.compile(r"\s*_\(evidence: ([#\d, ]*)\)_$")


def whys_section(reader: Reader, section: Section) -> None:
    def chain_from(problem: str, body: list[tuple[int, str]]) -> None:
        items, rest = read_list(body)
        chain = WhyChain(problem=problem)
        for item in items:
            raw, _ = take_meta(item.text)
            evidence: list[int] = []
            match = _EVIDENCE.search(raw)
            if match:
                evidence = [int(x) for x in re.findall(r"\d+", match.group(1))]
                raw = raw[: match.start()]
            chain.steps.append(
                WhyStep(
                    answer=unescape_plain(raw) if reader.ours else inline(raw), evidence=evidence
                )
            )
        leftover = [(n, t) for n, t in rest if t.strip()]
        if leftover and (items or section.children):
            reader.keep(
                f"5 Whys: {problem}",
                leftover,
                leftover[0][0],
                "text in a 5 Whys chain that is not a step",
            )
        reader.inc.why_chains.append(chain)

    items, rest = read_list(section.body)
    if items:
        intro = paragraphs(rest)
        chain_from(intro[0][1] if intro else reader.inc.title, section.body)
    for child in section.children:
        chain_from(child.title, child.all_lines())


def factors_section(reader: Reader, section: Section) -> None:
    def add(category: str | None, body: list[tuple[int, str]]) -> None:
        items, rest = read_list(body)
        entries = [(i.line, i.text) for i in items] + paragraphs(rest)
        for _, raw in entries:
            raw, meta = take_meta(raw)
            text = unescape_plain(raw) if reader.ours else inline(raw)
            cat = category
            if cat is None:
                match = re.match(r"^\(([^)]+)\)\s*(.+)$", text) or re.match(
                    r"^(People|Process|Technology|Environment|Tooling|Communication)\s*:\s*(.+)$",
                    text,
                    re.I,
                )
                cat, text = (match.group(1), match.group(2)) if match else (UNCATEGORISED, text)
            position = reader.position(meta, len(reader.factors))
            reader.factors.append((int(position), ContributingFactor(category=cat, text=text)))

    add(None, section.body)
    for child in section.children:
        add(child.title, child.all_lines())


def fault_trees_section(reader: Reader, section: Section) -> None:
    for child in section.children:
        blocks = _code_blocks(child.body, "yaml")
        if not blocks:
            reader.keep(
                child.title, child.all_lines(), child.line, "fault tree without a ```yaml block"
            )
            continue
        line, body = blocks[0]
        try:
            data = load_yaml(body)
            tree = FaultTree(
                name=str(data["name"]),
                top=str(data["top"]),
                nodes=[FaultNode(**node) for node in data.get("nodes") or []],
            )
        except (yaml.YAMLError, KeyError, TypeError) as exc:
            reader.keep(
                child.title,
                child.all_lines(),
                line,
                f"fault tree is not readable ({type(exc).__name__}: {exc})",
            )
            continue
        reader.inc.fault_trees.append(tree)


def _code_blocks(body: list[tuple[int, str]], language: str) -> list[tuple[int, str]]:
    blocks: list[tuple[int, str]] = []
    fence: str | None = None
    current: list[str] = []
    start = 0
    for number, line in body:
        if fence is None:
            match = re.match(r"^\s{0,3}(`{3,}|~{3,})\s*(\w*)", line)
            if match and match.group(2).lower() == language:
                fence, start, current = match.group(1), number, []
        elif closes(fence, line):
            blocks.append((start, "\n".join(current)))
            fence = None
        else:
            current.append(line)
    return blocks
