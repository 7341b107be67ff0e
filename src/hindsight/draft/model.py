"""The optional language-model path: any OpenAI-compatible chat-completions endpoint.

Configured in hindsight.toml::

    [draft]
    endpoint = "http://127.0.0.1:8080/v1"   # …/chat/completions is appended unless present
    model = "qwen2.5-7b-instruct"
    api_key_env = "HINDSIGHT_DRAFT_KEY"      # the key is read from this variable (optional)
    timeout_seconds = 60

Only redacted text leaves the machine: the facts document is run through the public redaction
(`render.public.context_for` + `quality.redact.redact`) before it is sent. The model must answer
with JSON sentences that cite fact ids; `check_sentence` then decides each sentence's status from
the facts it cites, so an invented cause comes back `unverified` and is never applied.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from hindsight.domain.model import EventKind, Incident, TimelineEvent
from hindsight.draft.claims import Section, Sentence, Status, ordered_events
from hindsight.errors import HindsightError, InvalidInput
from hindsight.kb.similar import terms

DEFAULT_TIMEOUT = 60.0
MAX_EVENTS = 300  # timeline events sent to a model at most
VERIFIED_SHARE, INFERRED_SHARE = 0.6, 0.34  # share of a sentence's words its evidence must hold

_CAUSAL = re.compile(r"\b(caus\w*|because|due to|root cause|led to|result(ed)? (in|from)|triggered)\b", re.I)  # fmt: skip
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
_TOKEN = re.compile(r"\[[A-Z]+(?:-\d+)?\]")
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)
# Words any dated account uses; they need no support of their own (numbers are checked apart).
_FRAME = frozenset(
    terms(
        "incident minutes minute hours hour days day seconds utc lasted began started ended until "
        "took duration time unknown recorded detection acknowledgement mitigation resolution"
    )
)


class ModelError(HindsightError):
    """The configured model could not be asked or gave no usable answer (one line, no trace)."""

    code = "model_error"


@dataclass(frozen=True)
class ModelConfig:
    endpoint: str
    model: str
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @property
    def url(self) -> str:
        base = self.endpoint.rstrip("/")
        return base if base.endswith("/chat/completions") else base + "/chat/completions"

    @property
    def shown(self) -> str:
        """The endpoint without credentials or query, for messages and the audit log."""
        parsed = httpx.URL(self.endpoint)
        return str(parsed.copy_with(username=None, password=None, query=None, fragment=None))


def model_config(config: dict[str, Any], environ: dict[str, str]) -> ModelConfig | None:
    """The `[draft]` table of hindsight.toml, checked; None when no endpoint is configured."""
    table = config.get("draft")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise InvalidInput("hindsight.toml: [draft] must be a table", field="draft")
    endpoint = table.get("endpoint")
    if not endpoint:
        return None
    if not isinstance(endpoint, str) or not re.match(r"https?://", endpoint):
        raise InvalidInput(
            f"hindsight.toml [draft] endpoint: {endpoint!r} is not an http(s) URL",
            field="draft.endpoint",
        )
    model = table.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidInput(
            "hindsight.toml [draft] model: expected the model name", field="draft.model"
        )
    key = None
    key_env = table.get("api_key_env")
    if key_env:
        key = environ.get(str(key_env))
        if not key:
            raise InvalidInput(
                f"hindsight.toml [draft] api_key_env: environment variable {key_env} is not set",
                field="draft.api_key_env",
            )
    timeout = table.get("timeout_seconds", DEFAULT_TIMEOUT)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise InvalidInput(
            f"hindsight.toml [draft] timeout_seconds: {timeout!r}; expected a positive number",
            field="draft.timeout_seconds",
        )
    return ModelConfig(endpoint, model, key, float(timeout))


# --- the request ------------------------------------------------------------------------------------

SYSTEM_PROMPT = """You draft sections of a blameless postmortem from the facts given, and nothing else.
Every fact has an id in square brackets. Every sentence you write must cite the ids of the facts it
rests on. Do not guess causes that the facts do not state; describe systems and conditions, never
blame people. Tokens such as [PERSON-1] or [HOST-2] are redacted values: keep them as they are.
Answer with JSON only, in this shape:
{"sections": {"<section>": [{"text": "<one sentence>", "evidence": ["event:12", "field:started_at"]}]}}
Sections to write: """


def facts_to_send(
    incident: Incident, facts: dict[str, str], limit: int = MAX_EVENTS
) -> dict[str, str]:
    """Every fact field, and at most `limit` events: key events and milestones first, then alerts,
    changes, actions, notes and chat, then the most repeated log and metric lines — in time order.
    A model is asked about what matters, not 100,000 log groups."""
    chosen = {ref for ref, _ in _rank_events(incident)[:limit]}
    return {
        ref: text for ref, text in facts.items() if not ref.startswith("event:") or ref in chosen
    }


def _rank_events(incident: Incident) -> list[tuple[str, TimelineEvent]]:
    told = (EventKind.ALERT, EventKind.DEPLOY, EventKind.CONFIG_CHANGE, EventKind.ACTION,
            EventKind.NOTE, EventKind.CHAT, EventKind.MILESTONE)  # fmt: skip

    def rank(item: tuple[str, TimelineEvent]) -> tuple[int, int]:
        event = item[1]
        if event.key or event.milestone is not None:
            return (0, 0)
        return (1, 0) if event.kind in told else (2, -event.count)

    return sorted(ordered_events(incident), key=rank)


def facts_document(facts: dict[str, str]) -> str:
    """One fact per line, `[id] text` — the text that is redacted and sent."""
    return "\n".join(f"[{ref}] {text}" for ref, text in facts.items())


def build_request(config: ModelConfig, document: str, sections: tuple[str, ...]) -> dict[str, Any]:
    return {
        "model": config.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT + ", ".join(sections) + "."},
            {"role": "user", "content": "Facts:\n" + document},
        ],
    }


def request_digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()


def ask(config: ModelConfig, body: dict[str, Any], client: httpx.Client | None = None) -> str:
    """POST the chat-completions request; the answer's message content, or a one-line ModelError."""
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    where = f"draft model at {config.shown}"
    owned = client is None
    http = client or httpx.Client(timeout=config.timeout)
    try:
        response = http.post(config.url, json=body, headers=headers, timeout=config.timeout)
    except httpx.TimeoutException:
        raise ModelError(
            f"{where}: no answer within {config.timeout:g} s ([draft] timeout_seconds)"
        ) from None
    except httpx.HTTPError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(f"{where}: cannot connect ({reason}); check [draft] endpoint") from None
    finally:
        if owned:
            http.close()
    if response.status_code != 200:
        snippet = " ".join(response.text.split())[:120]
        raise ModelError(f"{where}: HTTP {response.status_code} ({snippet})")
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ModelError(
            f"{where}: the answer is not an OpenAI chat completion (no choices[0].message.content)"
        ) from None
    if not isinstance(content, str):
        raise ModelError(f"{where}: the answer's message content is not text")
    return content


def parse_answer(content: str, where: str) -> dict[str, list[tuple[str, list[str]]]]:
    """{section: [(text, evidence ids)]} from the model's JSON; ModelError when it is not JSON of
    that shape. Items that are not sentences are dropped; a sentence without a list of ids keeps []."""
    try:
        data = json.loads(_FENCE.sub("", content.strip()))
    except ValueError:
        raise ModelError(
            f"{where}: the answer is not the JSON asked for ({content[:60]!r}…)"
        ) from None
    sections = data.get("sections", data) if isinstance(data, dict) else None
    if not isinstance(sections, dict):
        raise ModelError(f'{where}: the answer has no "sections" object')
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for name, items in sections.items():
        if not isinstance(items, list):
            raise ModelError(f"{where}: section {str(name)[:40]!r} is not a list of sentences")
        parsed: list[tuple[str, list[str]]] = []
        for item in items:
            if isinstance(item, str):
                parsed.append((item, []))
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                ids = item.get("evidence")
                refs = [str(r).strip().strip("[]") for r in ids] if isinstance(ids, list) else []
                parsed.append((item["text"], refs))
        out[str(name)] = parsed
    return out


# --- checking what came back ------------------------------------------------------------------------


def _allowed_numbers(cited: str) -> set[str]:
    """Numbers a sentence may state from `cited`: those written there, plus the durations between
    the times it holds (in minutes, hours and days, and as "2 hours 28 minutes" parts)."""
    numbers = {n.lstrip("0") or "0" for n in re.findall(r"\d+", cited)}
    moments = sorted(datetime.strptime(m, "%Y-%m-%d %H:%M") for m in _STAMP.findall(cited))
    for i, first in enumerate(moments):
        for second in moments[i + 1 :]:
            gap: timedelta = second - first
            minutes = int(gap.total_seconds() // 60)
            hours, rest = divmod(minutes, 60)
            days, day_hours = divmod(hours, 24)
            numbers |= {str(v) for v in (minutes, hours, rest, days, day_hours)}
    return numbers


def check_sentence(text: str, refs: list[str], facts: dict[str, str]) -> Sentence:
    """The status a model-written sentence earns from the facts it cites (all in redacted form)."""
    if not refs:
        return Sentence(text, [], Status.UNVERIFIED, note="cites no evidence")
    unknown = [r for r in refs if r not in facts]
    if unknown:
        return Sentence(
            text, refs, Status.UNVERIFIED, note="cites ids that do not exist: " + ", ".join(unknown)
        )
    cited = " ".join(facts[r] for r in refs)
    plain = _TOKEN.sub(" ", text)
    numbers = {n.lstrip("0") or "0" for n in re.findall(r"\d+", plain)}
    unsupported_numbers = sorted(numbers - _allowed_numbers(cited))
    if unsupported_numbers:
        return Sentence(
            text, refs, Status.UNVERIFIED,
            note="numbers not in the cited evidence: " + ", ".join(unsupported_numbers[:5]),
        )  # fmt: skip
    surface: dict[str, str] = {}
    words = set(terms(plain, surface)) - _FRAME
    held = set(terms(cited))
    share = len(words & held) / len(words) if words else 1.0
    missing = sorted(surface[w] for w in words - held)
    if share < INFERRED_SHARE:
        return Sentence(
            text, refs, Status.UNVERIFIED,
            note="the cited evidence does not mention: " + ", ".join(missing[:6]),
        )  # fmt: skip
    if share >= VERIFIED_SHARE and not _CAUSAL.search(plain):
        return Sentence(text, refs, Status.VERIFIED)
    why = "states a cause" if _CAUSAL.search(plain) else "partly supported"
    return Sentence(text, refs, Status.INFERRED, note=f"{why} ({share:.0%} of its words cited)")


def sections_from_answer(
    answer: dict[str, list[tuple[str, list[str]]]],
    wanted: tuple[str, ...],
    facts: dict[str, str],
    restore: dict[str, str],
) -> list[Section]:
    """Checked sections in the order asked; `restore` maps redaction tokens back to the values
    they hide (locally, for the author's eyes), applied after checking."""
    out = []
    for name in wanted:
        section = Section(name)
        for text, refs in answer.get(name, []):
            sentence = check_sentence(text, refs, facts)
            sentence.text = _TOKEN.sub(lambda m: restore.get(m.group(0), m.group(0)), sentence.text)
            section.sentences.append(sentence)
        if not section.sentences:
            section.note = "the model wrote nothing for this section"
        out.append(section)
    return out
