"""Reading a postmortem from markdown: ours exactly, hand-written ones as well as we can.

The document is split into a heading tree; each section is matched to a part of the Incident by
its heading (in any order, with common synonyms and small typos). What cannot be read becomes a
warning "file:line: …" and its text is kept where people will see it (technical details under
its own heading), never dropped.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from hindsight.domain.model import (
    ROOT_CAUSE_CATEGORIES,
    ActionKind,
    Horizon,
    Reference,
    Review,
    ReviewDecision,
)
from hindsight.errors import InvalidInput
from hindsight.limits import MAX_FRONT_MATTER_NUMBER
from hindsight.render.markdown import DECISION_LABELS, ParsedPostmortem, derived_text, header_rows
from hindsight.render.mdactions import actions_from, actions_section
from hindsight.render.mdanalysis import (
    factors_section,
    fault_trees_section,
    rca_section,
    whys_section,
)
from hindsight.render.mdfields import (
    read_date,
    read_duration,
    read_people,
    read_review_decision,
)
from hindsight.render.mdheader import header_block, header_fields, read_front_matter
from hindsight.render.mdreader import (
    HEADER_NAMES,
    Reader,
    append,
    base_date,
    children,
    inline,
    normalise,
    prose,
    section_key,
)
from hindsight.render.mdtext import (
    Section,
    closes,
    escape_plain,
    escape_prose,
    paragraphs,
    read_list,
    read_tables,
    rows,
    split_sections,
    split_unescaped,
    take_meta,
    unescape_plain,
    unescape_prose,
)
from hindsight.render.mdtimeline import timeline_section


def parse(text: str, source: str = "<file>", *, incident_id: str | None = None) -> ParsedPostmortem:
    """See `hindsight.render.markdown.parse_markdown`."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InvalidInput(
            f"{source}:{line}: binary data (NUL byte); expected a UTF-8 markdown postmortem",
            field="file",
        )
    reader = Reader(source)
    reader.dispatch = _dispatch
    lines = [line.removesuffix("\r") for line in text.removeprefix("\ufeff").split("\n")]
    start = read_front_matter(reader, lines)
    if not reader.ours:
        _link_definitions(reader, lines, start)
    tree = split_sections(lines[start:], first_line=start + 1)
    top = _top_sections(reader, tree)
    for section in top:
        _dispatch(reader, section)
    _finish(reader, incident_id)
    return ParsedPostmortem(reader.inc, reader.warnings, source)


_LINK_DEFINITION = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")
_FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")


def _link_definitions(reader: Reader, lines: list[str], start: int) -> None:
    """Hand-written link definitions (`[kiam-pr]: https://…`) become references and footnotes
    (`[^3]: …`) go to technical details; their lines are blanked so sections do not see them."""
    notes = []
    fence: str | None = None
    for i in range(start, len(lines)):
        match = re.match(r"^\s{0,3}(`{3,}|~{3,})", lines[i])
        if fence is not None:
            fence = None if closes(fence, lines[i]) else fence
            continue
        if match:
            fence = match.group(1)
            continue
        if (definition := _LINK_DEFINITION.match(lines[i])) is not None:
            reader.inc.references.append(
                Reference(label=definition.group(1), url=definition.group(2))
            )
            lines[i] = ""
        elif (note := _FOOTNOTE.match(lines[i])) is not None:
            notes.append(f"[^{note.group(1)}]: {note.group(2)}")
            lines[i] = ""
    if notes:
        reader.extra.append("#### Footnotes\n\n" + "\n".join(notes))


def _top_sections(reader: Reader, tree: Section) -> list[Section]:
    """The sections under the title; the title's own lines are the header block."""
    preamble = list(tree.body)
    top: list[Section] = []
    titled = False
    for section in tree.children:
        if (
            section.level == 1
            and not titled
            and (reader.ours or section_key(section.title) is None)
        ):
            titled = True
            if reader.ours:
                reader.views.append((section.line, "title", section.title))
            if "title" not in reader.fixed:
                reader.inc.title = section.title
            preamble += section.body
            top += section.children
        else:
            top.append(section)
    header_block(reader, preamble)
    return top


# ---- sections ------------------------------------------------------------------------------


def _dispatch(reader: Reader, section: Section) -> None:
    key = section_key(section.title)
    handler = _HANDLERS.get(key or "")
    if handler is None:
        reader.keep(
            section.title,
            section.all_lines(),
            section.line,
            f"section '{section.title}' is not one Hindsight knows",
        )
        return
    handler(reader, section)


def _prose_into(name: str) -> Any:
    def handle(reader: Reader, section: Section) -> None:
        text = prose(reader, section)
        if text:
            append(reader, name, text)

    return handle


def _summary(reader: Reader, section: Section) -> None:
    if reader.ours:
        text = prose(reader, section)
        if text:
            append(reader, "summary", text)
        return
    lines, structure = section.prose_lines()
    header_block(reader, lines, warn_unknown=False)
    for child in structure:
        reader.dispatch(reader, child)


def _derived(name: str) -> Any:
    """Sections we render from other fields: read by hand-written rules only when not ours."""

    def handle(reader: Reader, section: Section) -> None:
        if reader.ours:
            if name != "fishbone":
                reader.views.append((section.line, name, "\n".join(section.text_lines()).strip()))
            return
        if name == "impact_numbers":
            _impact(reader, section)
        elif name == "preventing":
            actions_from(reader, section, ActionKind.PREVENT, Horizon.SHORT_TERM)
        else:
            reader.keep(
                section.title,
                section.all_lines(),
                section.line,
                f"'{section.title}' is drawn from the factors",
            )

    return handle


_IMPACT_LINE = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*)?([A-Za-z ]+?)(?::\*\*|\*\*:|:)\s*(.+)$")


def _impact(reader: Reader, section: Section) -> None:
    if reader.ours:
        reader.views.append((section.line, "impact", "\n".join(section.text_lines()).strip()))
        children(reader, section)
        return
    imp = reader.inc.impact
    leftover: list[tuple[int, str]] = []
    for number, line in section.body:
        match = _IMPACT_LINE.match(line)
        label = normalise(match.group(1)) if match else ""
        value = match.group(2) if match else ""
        number_match = re.search(r"(\d[\d,]*(?:\.\d+)?)", value)
        figure = float(number_match.group(1).replace(",", "")) if number_match else None
        if figure is not None and not figure <= MAX_FRONT_MATTER_NUMBER:  # (also inf)
            reader.warn(
                number,
                f"{match.group(1) if match else 'impact'}: {value.strip()[:40]!r} "
                f"is not a plausible number (at most {MAX_FRONT_MATTER_NUMBER:,}); not imported",
            )
            figure = None
        if (
            label in ("users affected", "affected users", "customers affected")
            and figure is not None
        ):
            imp.users_affected = int(figure)
            pct = re.search(r"(\d+(?:\.\d+)?)\s*%", value)
            imp.users_affected_pct = float(pct.group(1)) if pct else imp.users_affected_pct
        elif label in ("downtime",) and (d := read_duration(value)) is not None:
            imp.downtime_minutes = int(d.total_seconds() // 60)
        elif (
            label in ("financial impact", "revenue lost", "cost", "money lost")
            and figure is not None
        ):
            imp.money_lost = figure
            cur = re.search(r"\b([A-Z]{3})\b", value)
            imp.currency = cur.group(1) if cur else imp.currency
        elif label in ("support tickets", "tickets") and figure is not None:
            imp.support_tickets = int(figure)
        elif label in ("sla breached", "data loss", "customer facing"):
            setattr(imp, label.replace(" ", "_"), value.strip().lower().startswith(("y", "true")))
        elif label == "affected services":
            reader.inc.services = reader.inc.services or read_people(inline(value))
        else:
            leftover.append((number, line))
    text = unescape_prose([t for _, t in leftover])
    if text.strip():
        append(reader, "summary", f"Impact: {text}" if "\n" not in text else f"Impact:\n\n{text}")
    children(reader, section)


def _root_cause(reader: Reader, section: Section) -> None:
    if reader.ours:
        reader.views.append(
            (section.line, "root_cause", "\n".join(t for _, t in section.prose_lines()[0]))
        )
        return
    body = []
    for _, line in section.body:
        match = re.match(r"^\s*\*\*Category:\*\*\s*(.+)$", line)
        if match:
            reader.inc.root_cause_category = reader.inc.root_cause_category or inline(
                match.group(1)
            )
        else:
            body.append(line)
    text = unescape_prose(body)
    if text:
        append(reader, "root_cause", text)
    children(reader, section)


def _list_into(name: str) -> Any:
    def handle(reader: Reader, section: Section) -> None:
        items, rest = read_list(section.body)
        values: list[str] = []
        for item in items:
            raw, meta = take_meta(item.text)
            text = inline(raw)
            if text or meta.get("blank"):
                values.append(text)
        for number, para in paragraphs(rest):
            values += [inline(para)] if inline(para) else []
            if reader.ours:
                reader.warn(number, f"text outside the list in '{section.title}' read as an item")
        for child in section.children:
            reader.warn(
                child.line,
                f"sub-heading '{child.title}' in '{section.title}' flattened into its list",
            )
            sub, sub_rest = read_list(child.all_lines())
            texts = [inline(i.text) for i in sub] + [inline(p) for _, p in paragraphs(sub_rest)]
            values += [t for t in texts if t]
        getattr(reader.inc, name).extend(values)

    return handle


# ---- references, sign-off, attendees, stats -------------------------------------------------

_LINK = re.compile(
    r"^\[((?:\\.|[^\\\]])*)\]\(<((?:\\.|[^\\>])*)>\)$|^\[((?:\\.|[^\\\]])*)\]\((\S*)\)$"
)
_URL = re.compile(r"<?(https?://[^\s>]+)>?")


def _references(reader: Reader, section: Section) -> None:
    items, rest = read_list(section.body)
    entries = [(i.line, i.text) for i in items] + paragraphs(rest)
    for number, raw in entries:
        match = _LINK.match(raw.strip())
        if match:
            label, url = (
                (match.group(1), match.group(2))
                if match.group(2) is not None
                else (match.group(3), match.group(4))
            )
            reader.inc.references.append(
                Reference(label=unescape_plain(label), url=unescape_plain(url))
            )
            continue
        url_match = _URL.search(raw)
        if url_match:
            label = inline(raw[: url_match.start()]).rstrip(" :-–—") or url_match.group(1)
            reader.inc.references.append(Reference(label=label, url=url_match.group(1)))
            continue
        reader.warn(
            number, f"reference without a link: '{inline(raw)[:60]}'; kept with an empty URL"
        )
        reader.inc.references.append(Reference(label=inline(raw), url=""))
    children(reader, section)


def _sign_off(reader: Reader, section: Section) -> None:
    tables, rest = read_tables(section.body)
    for table in tables:
        col = {h: i for i, h in enumerate(normalise(h) for h in table.header)}
        for row in rows(table, col):
            number, meta, get = row.line, row.meta, row.get
            decision = _decision(get("decision"))
            if decision is None:
                reader.warn(
                    number,
                    f"could not read a review decision in '{unescape_plain(get('decision'))}'; using pending",
                )
                decision = ReviewDecision.PENDING
            meeting = get("meeting") or get("date")
            review = Review(
                reviewer=unescape_plain(get("reviewer")),
                role=unescape_plain(get("role")) or None,
                decision=decision,
                comment=unescape_plain(get("comment")) or None,
                meeting_date=read_date(unescape_plain(meeting)) if meeting else None,
                attendees=[
                    unescape_plain(a.strip()) for a in split_unescaped(get("attendees"), ",")
                ]
                if get("attendees")
                else [],
                recording_url=unescape_plain(get("recording")) or None,
            )
            reader.apply_hidden(number, _apply_review_meta, review, meta)
            reader.inc.reviews.append(review)
    leftover = [(n, t) for n, t in rest if t.strip()]
    if leftover:
        reader.keep(
            section.title, leftover, leftover[0][0], "sign-off text that is not a review table"
        )


def _apply_review_meta(review: Review, meta: dict[str, Any]) -> None:
    for name in ("role", "comment", "recording_url", "attendees"):
        if name in meta:
            setattr(review, name, meta[name])


def _decision(raw: str) -> ReviewDecision | None:
    text = unescape_plain(raw)
    for decision, label in DECISION_LABELS.items():
        if text == label:
            return decision
    return read_review_decision(text)


def _attendees(reader: Reader, section: Section) -> None:
    items, rest = read_list(section.body)
    names = []
    for text in [i.text for i in items] + [p for _, p in paragraphs(rest)]:
        names += read_people(inline(text))
    reader.inc.participants += [n for n in names if n not in reader.inc.participants]


def _stats(reader: Reader, section: Section) -> None:
    items, rest = read_list(section.body)
    leftover: list[tuple[int, str]] = []
    for item in items:
        match = re.match(r"^(.+?):\s*(.*)$", inline(item.text))
        label = normalise(match.group(1)) if match else ""
        value = match.group(2).strip() if match else ""
        if label == "category":
            if value and value.lower() not in ("xxx", "n/a"):
                tag = "-".join(normalise(value).split())
                reader.inc.tags += [tag] if tag not in reader.inc.tags else []
                category = "_".join(normalise(value).split())
                if category in ROOT_CAUSE_CATEGORIES and not reader.inc.root_cause_category:
                    reader.inc.root_cause_category = category
        elif label in (
            "time to detection",
            "time to detect",
            "ttd",
            "time to recovery",
            "time to recover",
            "ttr",
            "time to resolve",
        ):
            key = "ttd" if "detect" in label or label == "ttd" else "ttr"
            if value.strip(" ?.").lower() in ("", "n/a", "na", "unknown", "yyy", "zzz"):
                continue
            duration = read_duration(value)
            if duration is None:
                reader.warn(item.line, f"could not read a duration in '{value}'")
                leftover.append((item.line, f"- {item.text}"))
            else:
                reader.header.setdefault(key, (item.line, str(int(duration.total_seconds()))))
        else:
            leftover.append((item.line, f"- {item.text}"))
    leftover += [(n, t) for n, t in rest if t.strip()]
    if leftover:
        reader.keep(section.title, leftover, leftover[0][0], "stats Hindsight does not track")


_HANDLERS: dict[str, Any] = {
    "summary": _summary,
    "impact_numbers": _derived("impact_numbers"),
    "impact": _impact,
    "timeline": timeline_section,
    "rca": rca_section,
    "technical": _prose_into("technical_details"),
    "whys": whys_section,
    "root_cause": _root_cause,
    "factors": factors_section,
    "fishbone": _derived("fishbone"),
    "fault_trees": fault_trees_section,
    "resolution": _prose_into("resolution"),
    "went_well": _list_into("went_well"),
    "went_wrong": _list_into("went_wrong"),
    "preventing": _derived("preventing"),
    "actions": actions_section,
    "lessons": _list_into("lessons"),
    "references": _references,
    "signoff": _sign_off,
    "attendees": _attendees,
    "stats": _stats,
}


# ---- finishing -----------------------------------------------------------------------------


def _finish(reader: Reader, incident_id: str | None) -> None:
    inc = reader.inc
    inc.factors = [f for _, f in sorted(reader.factors, key=lambda p: p[0])]
    actions = [a for _, a in sorted(reader.actions, key=lambda p: p[0])]
    used: set[int] = set()
    for item in actions:
        if item.number <= 0 or item.number in used:
            item.number = max(used, default=0) + 1
        used.add(item.number)
    inc.actions = actions
    if reader.ours:
        _apply_exact(reader)
        _check_views(reader)
    else:
        header_fields(reader)
    if reader.extra:
        append(reader, "technical_details", "\n\n".join(reader.extra))
    if incident_id:
        inc.id = incident_id
    elif not inc.id:
        day = inc.started_at.date() if inc.started_at else base_date(reader)
        inc.id = f"INC-{day.isoformat()}" if day else "INC-UNDATED"
        if day is None:
            reader.warn(
                1, "no date found for the incident id; using INC-UNDATED (pass an id to override)"
            )
    if not inc.title and "title" not in reader.fixed:
        inc.title = PurePath(reader.source).stem if reader.source != "<file>" else inc.id


_VIEW_LABELS = {"impact_numbers": "impact in numbers", "preventing": "preventing recurrence",
                "root_cause": "root cause"}  # fmt: skip


def _as_read(text: str) -> str:
    """What a rendered block reads back as: line-end carriage returns and outer space dropped."""
    lines = text.replace("\x00", "\ufffd").split("\n")
    return "\n".join(line.removesuffix("\r") for line in lines).strip()


def _check_views(reader: Reader) -> None:
    """In files we rendered, the header lines, impact figures and root cause are views of the
    front matter (and the prevention list a view of the actions): report edits made there."""
    inc = reader.inc
    expected = derived_text(inc)
    shown_rows = {
        HEADER_NAMES.get(normalise(name)): (name, value) for name, value in header_rows(inc)
    }
    for key, (number, value) in reader.header.items():
        name, shown = shown_rows.get(key, (key, ""))
        if value != _as_read(shown):
            reader.warn(
                number,
                f"header '{name}' was edited ('{value}'); it is drawn from the front matter, so change it there",
            )
    for number, view, text in reader.views:
        if view == "title":
            heading = split_sections([_as_read(f"# {escape_plain(inc.title)}")]).children
            edited = text != (heading[0].title if heading else "")
        elif view == "root_cause":
            lines = text.split("\n")
            category = [i for i, line in enumerate(lines) if line.startswith("**Category:** ")]
            edited = False
            if category:
                shown_category = f"**Category:** {escape_plain(inc.root_cause_category or '')}"
                edited = _as_read(lines[category[-1]]) != _as_read(shown_category)
                lines = lines[: category[-1]]
            prose = escape_prose(inc.root_cause).split("\n")
            edited = edited or _as_read(unescape_prose(lines)) != _as_read(unescape_prose(prose))
        else:
            edited = _as_read(text) != _as_read(expected[view])
        if edited:
            source = "the actions" if view == "preventing" else "the front matter"
            label = _VIEW_LABELS.get(view, view)
            reader.warn(
                number,
                f"'{label}' was edited here; it is drawn from {source}, so change it there",
            )


def _apply_exact(reader: Reader) -> None:
    """Put back strings markdown could not show, unless the body was edited there since."""
    for entry in reader.exact:
        path, value, shown = str(entry.get("path", "")), entry.get("value"), entry.get("shown")
        *parents, last = path.split(".")
        target: Any = reader.inc
        try:
            for step in parents:
                target = target[int(step)] if step.isdigit() else getattr(target, step)
            current = target[int(last)] if last.isdigit() else getattr(target, last)
        except (AttributeError, IndexError, ValueError):
            continue  # the list changed shape: the body was edited, the edit wins
        if isinstance(value, str) and current == shown:
            if last.isdigit():
                target[int(last)] = value
            else:
                setattr(target, last, value)
