"""Slack channel export: the folder or zip Slack writes (`users.json`, `channels.json`,
`<channel>/<YYYY-MM-DD>.json` arrays of messages with epoch-string `ts`).

Each message becomes a CHAT event in the channel's name; user ids (in `user` and in `<@U…>`
mentions) are resolved through users.json. Replies carry their thread (`thread_ts`) in `detail`
and say which message they answer, so a thread reads together. Joins and leaves are skipped.
A folder is stored as a zip by the evidence store, so this module only reads zips.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from hindsight.domain.model import EventKind
from hindsight.errors import InvalidInput
from hindsight.ingest.jsondocs import too_deep
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.times import to_datetime
from hindsight.limits import MAX_DOCUMENT_BYTES, MAX_JSON_DEPTH, MAX_LINE_CHARS

NAME = "slack"
DAY_FILE = re.compile(r"(?:^|/)([^/]+)/(\d{4}-\d{2}-\d{2})\.json$")
# Markup runs stop at the next "<" (Slack escapes a literal one as &lt;): a run left open then
# costs one scan to that "<", not one to the end of the message from every "<" (quadratic).
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*+)?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^<>]++)>")
_LINK = re.compile(r"<(https?://[^|<>]++)(?:\|([^<>]++))?>")
_SKIPPED = frozenset({"channel_join", "channel_leave", "channel_purpose", "channel_topic"})
MITIGATION_WORDS = re.compile(
    r"\b(roll(ed|ing)?[ -]?back|revert(ed|ing)?|restart(ed|ing)?|failover|failed over|"
    r"(flag|feature)\b.{0,200}\b(off|disabled)|disabled|mitigat\w*|resolved|fixed|recovered)\b",
    re.IGNORECASE,
)


def detect(sample: Sample) -> str | None:
    if not sample.is_zip:
        return "not a Slack export folder or zip"
    names = sample.text.split("\n")
    if any(DAY_FILE.search(n) for n in names) and any(
        n.rsplit("/", 1)[-1] in {"users.json", "channels.json"} for n in names
    ):
        return None
    return "zip without users.json/channels.json and <channel>/<YYYY-MM-DD>.json files"


def _read(archive: zipfile.ZipFile, suffix: str) -> Any:
    for name in archive.namelist():
        if name == suffix or name.endswith("/" + suffix):
            return _json_member(archive, name)
    return []


def _json_member(archive: zipfile.ZipFile, name: str) -> Any:
    """One JSON file of the export; InvalidInput when it is larger than a JSON document may be
    (limits.MAX_DOCUMENT_BYTES, as declared in the zip) or nested too deep to be a real one."""
    size = archive.getinfo(name).file_size
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidInput(
            f"{name}: {size:,} bytes unpacked, more than the {MAX_DOCUMENT_BYTES // 2**20} MB "
            "a JSON document may have",
            field="file",
        )
    with archive.open(name) as handle:
        try:
            value = json.load(handle)
        except RecursionError:
            value = None
        if value is None or too_deep(value):
            raise InvalidInput(f"{name}: JSON nested deeper than {MAX_JSON_DEPTH} levels")
        return value


def _users(archive: zipfile.ZipFile) -> dict[str, str]:
    names: dict[str, str] = {}
    for user in _read(archive, "users.json") or []:
        if not isinstance(user, dict) or "id" not in user:
            continue
        profile = user.get("profile") or {}
        names[user["id"]] = (
            profile.get("display_name")
            or user.get("real_name")
            or profile.get("real_name")
            or user.get("name")
            or user["id"]
        )
    return names


def _channels(archive: zipfile.ZipFile) -> dict[str, str]:
    found: dict[str, str] = {}
    for listing in ("channels.json", "groups.json"):
        for channel in _read(archive, listing) or []:
            if isinstance(channel, dict) and "id" in channel:
                found[channel["id"]] = channel.get("name") or channel["id"]
    return found


def render_text(text: str, users: dict[str, str]) -> str:
    """Slack markup to plain text: mentions by name, channel names, bare links."""
    text = _MENTION.sub(lambda m: "@" + users.get(m.group(1), m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + m.group(1), text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    with zipfile.ZipFile(source.path) as archive:
        users = _users(archive)
        channels = _channels(archive)
        days = sorted(
            (m.group(1), m.group(2), name)
            for name in archive.namelist()
            if (m := DAY_FILE.search(name))
        )
        for folder, _, member in days:
            channel = channels.get(folder, folder)
            try:
                messages = _json_member(archive, member)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Malformed(0, f"{member}: not JSON ({exc})")
                continue
            if not isinstance(messages, list):
                yield Malformed(0, f"{member}: expected a list of messages")
                continue
            authors = {m.get("ts"): m.get("user") for m in messages if isinstance(m, dict)}
            for index, message in enumerate(messages):
                record = _message(message, member, index, channel, users, authors, options)
                if record is not None:
                    yield record


def _message(
    message: Any,
    member: str,
    index: int,
    channel: str,
    users: dict[str, str],
    authors: dict[Any, Any],
    options: ParseOptions,
) -> Record | Malformed | None:
    if not isinstance(message, dict):
        return Malformed(0, f"{member}[{index}]: message is not an object")
    if message.get("subtype") in _SKIPPED:
        return None
    try:
        at = float(message["ts"])
    except (KeyError, TypeError, ValueError):
        return Malformed(
            0, f'{member}[{index}]: "ts" is not an epoch string ({message.get("ts")!r})'
        )
    user_id = message.get("user")
    who = (
        (users.get(user_id) if user_id else None)
        or message.get("username")
        or ((message.get("user_profile") or {}).get("real_name"))
        or user_id
        or "bot"
    )
    text = render_text(str(message.get("text") or "")[:MAX_LINE_CHARS], users)  # (limits)
    if not text and message.get("files"):
        text = "[file] " + ", ".join(str(f.get("name", "")) for f in message["files"])
    thread = message.get("thread_ts")
    detail: dict[str, Any] = {
        "channel": channel,
        "file": member,
        "index": index,
        "ts": message["ts"],
    }
    prefix = ""
    if thread and thread != message["ts"]:
        detail["thread"] = thread
        parent = users.get(authors.get(thread) or "", authors.get(thread) or "someone")
        prefix = f"↳ reply to {parent} ({to_datetime(float(thread)):%H:%M}) — "
    elif message.get("reply_count"):
        detail["thread"] = thread or message["ts"]
        detail["replies"] = message.get("reply_count")
    return Record(
        0,
        at,
        f"#{channel} {who}: {prefix}{text}",
        None,
        options.service,
        EventKind.CHAT,
        actor=who,
        key=bool(MITIGATION_WORDS.search(text)),
        condense=False,
        detail=detail,
    )
