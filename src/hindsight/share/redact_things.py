"""Signals that a capitalised word in prose names a thing, not a person.

Real postmortems are full of capitalised words that are also given names or surnames: a
cluster called "Hellman", a browser's network stack "Necko", a vendor "Thomson Reuters", a
"Channel File 291", a dialog "Save Page As". `redact_people` asks this module before it calls
such a word a person. The signals are about the words around the candidate, never a list of
the candidates themselves:

- it modifies a technology noun somewhere in the same document ("the Hellman cluster",
  "Necko APIs"): one sense per document, so every weak reading of that word goes;
- it is where something was deployed, migrated or connected to ("deployed … to Hellman");
- it is where something is, for the weakest readings ("self-starting hydro at Uri");
- an organisation's cue stands next to it ("formerly Thomson Reuters", "vendor Okta");
- a number follows it as a model or version does ("Channel File 291", "Falcon 9");
- it is part of a Title Case phrase that goes on with a capitalised function word
  ("Save Page As", "Lord Of The Rings"), or of a place name ("San Jose", "Fort Collins");
- a state, province or country follows it after a comma ("Tyler, Texas").
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Nouns of software and infrastructure that a product or system name modifies ("the Hellman
# cluster", "Necko APIs", "Falcon sensor"). People are not written directly before them.
_TECH_NOUNS_TEXT = """
    api apis sdk sdks cli gui ui app apps application applications cluster clusters node nodes
    pod pods server servers service services instance instances database databases db dbs
    endpoint endpoints implementation implementations stack stacks engine engines module
    modules library libraries lib component components plugin plugins addon addons driver
    drivers kernel runtime runtimes firmware sensor sensors daemon daemons proxy proxies
    gateway gateways balancer balancers pipeline pipelines registry registries repository
    repositories repo repos console consoles dashboard dashboards portal portals ingress
    egress controller controllers network networks vpc vpcs subnet subnets datacenter
    datacenters datacentre datacentres pop pops cdn dns vm vms container containers bucket
    buckets queue queues topic topics broker brokers cache caches storage backend backends
    frontend frontends protocol protocols framework frameworks toolkit extension extensions
    browser browsers installer installers binary binaries package packages integration
    integrations feature features product products platform platforms environment
    environments infrastructure infra deployment deployments worker workers scheduler
    schedulers compiler compilers interpreter connector connectors client clients
    tenant tenants workload workloads namespace namespaces config configs
    configuration configurations certificate certificates cert certs token tokens
    museum museums ship ships vessel vessels plant plants station stations substation
    substations dam dams reactor reactors airport airports tunnel tunnels bridge bridges
    rocket rockets satellite satellites spacecraft aircraft mission missions
    office offices noc nocs soc headquarters hq campus campuses warehouse warehouses
    branch branches
"""
TECH_NOUNS = frozenset(_TECH_NOUNS_TEXT.split())
# Function words that continue a Title Case phrase but never a person's name.
_FUNCTION_TEXT = "a an the of as for and or nor to in on at by with from into onto than via per"
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
# Words that open a place name: "San [Jose]", "Fort [Collins]", "St. [Helens]".
_PLACE_PREFIX_TEXT = "san santa são sao los las st ste saint fort port mount lake new"
PLACE_PREFIXES = frozenset(_PLACE_PREFIX_TEXT.split())
# Verbs that move or connect something to a system: "deployed the new key to Hellman".
DESTINATION_BEFORE = re.compile(
    r"\b(?:deploy(?:s|ed|ing)?|migrat(?:e|es|ed|ing)|mov(?:e|es|ed|ing)|upgrad(?:e|es|ed|ing)|"
    r"roll(?:s|ed|ing)?\s+(?:it\s+|them\s+)?out|push(?:es|ed|ing)?|ship(?:s|ped|ping)?|"
    r"connect(?:s|ed|ing)?|rout(?:e|es|ed|ing)|switch(?:es|ed|ing)?|redirect(?:s|ed|ing)?|"
    r"point(?:s|ed|ing)?|replicat(?:e|es|ed|ing)|fail(?:s|ed|ing)?\s+over|upload(?:s|ed|ing)?|"
    r"attach(?:es|ed|ing)?|appl(?:y|ies|ied|ying)|install(?:s|ed|ing)?|publish(?:es|ed|ing)?|"
    r"export(?:s|ed|ing)?|log(?:s|ged|ging)?|stream(?:s|ed|ing)?)"
    r"\b[^.!?\n|]{0,40}?\bto\s*$",
    re.IGNORECASE,
)
# Where a thing is: only the weakest readings (a common given name alone) give way to it.
# After a verb the preposition may aim at a person ("shouted at Todd"), so it does not count.
PLACE_BEFORE = re.compile(
    r"(?<!ed )(?<!ing )\b(?:at|in|near|into|across|outside|inside|around|within|throughout)\s*$",
    re.IGNORECASE,
)
ORG_BEFORE = re.compile(
    r"\b(?:formerly|previously|now called|renamed(?:\s+to)?|rebranded(?:\s+as)?|subsidiary of|"
    r"owned by|acquired by|acquisition of|spun off from|parent company|vendor|provider|"
    r"supplier|manufacturer|company|firm|startup|start-up|brand)\s*[:,(\-–—]?\s*$",
    re.IGNORECASE,
)
ORG_AFTER = re.compile(
    r"^(?:,?\s+(?:a|an|the)\s+(?:subsidiary|company|firm|vendor|provider|supplier|startup|"
    r"division|unit|brand)\b|\s*\((?:now|formerly|previously)\b)",
    re.IGNORECASE,
)
# A model, version or file number right after the phrase, not a count of minutes or a clock.
NUMBER_AFTER = re.compile(
    r"^ v?\d+(?:\.\d+)*(?![\d:/.\-]|\s*(?:x\b|times?\b|min|minutes?\b|hours?\b|hrs?\b|days?\b|"
    r"seconds?\b|secs?\b|[ap]\.?m\b|%))",
    re.IGNORECASE,
)
# A capitalised word and the word right after it (looked ahead, so pairs may overlap).
_MODIFIER_RE = re.compile(r"(?<![\w@./\\-])([A-Z][\w’'\-]*) (?=([A-Za-z][\w\-]*|v?\d))")
PLACE_AFTER = re.compile(r"^,\s+([A-Z][a-z]+)\b")


def thing_words(text: str, is_tech: Callable[[str], bool]) -> frozenset[str]:
    """Lower-cased capitalised words that modify a technology noun somewhere in `text`
    ("Hellman Kubernetes", "Necko APIs"). `is_tech` tells whether a lower-cased word is in the
    caller's technology vocabulary (and is no person's name)."""
    found: set[str] = set()
    for match in _MODIFIER_RE.finditer(text):
        noun = match.group(2).lower()
        if noun in TECH_NOUNS or is_tech(noun) or (noun[-1:].isdigit() and _numbered(text, match)):
            found.add(match.group(1).lower().replace("’", "'"))
    return frozenset(found)


def _numbered(text: str, match: re.Match[str]) -> bool:
    """ "Ariane 5", "Falcon 9": the word is followed by a model number."""
    end = match.end(1)
    return NUMBER_AFTER.match(text[end : end + 40]) is not None


def thing_context(
    before: str, after: str, *, single: bool, weak: bool, is_place: Callable[[str], bool]
) -> bool:
    """True when the words around a candidate say it is a thing. `before` and `after` are the
    text right before and after it; `single` is a one-word candidate, `weak` one with no cue
    of its own (a common given name alone); `is_place` tells a state or country by name."""
    if ORG_BEFORE.search(before) or ORG_AFTER.match(after) or NUMBER_AFTER.match(after):
        return True
    place = PLACE_AFTER.match(after)
    if place and is_place(place.group(1)):
        return True
    if single and DESTINATION_BEFORE.search(before):
        return True
    return weak and bool(PLACE_BEFORE.search(before))


def thing_phrase(head: list[str], tail: list[str], is_tech: Callable[[str], bool]) -> bool:
    """True when the capitalised words trimmed off either end of a candidate show that it is
    part of a place name ("San Jose"), of a Title Case phrase ("Save Page As") or that it
    modifies a technology ("Hellman Kubernetes")."""
    if head and head[-1].lower().rstrip(".") in PLACE_PREFIXES:
        return True
    if not tail:
        return False
    first = tail[0].lower()
    return first in FUNCTION_WORDS or is_tech(first) or first in TECH_NOUNS
