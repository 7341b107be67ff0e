"""Who counts as a person in postmortem prose: given names, roles and groups.

Blame needs a person (or a role or group of people) in the subject's place, so the blame
checks must tell "Priya forgot" from "Terraform failed". Names come from three places: the
incident's own people (participants, commander, author), this list of common given names,
and @handles. Roles ("the on-call engineer") and groups ("the payments team") are matched by
their head noun. "We" is deliberately not a person here: collective ownership is the
blameless way to write, so "we failed to verify" is not flagged as blaming anyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

# Common given names across languages and regions; written for this project.
_GIVEN_NAMES_TEXT = """
    aaron abdul abigail adam adebayo adriana agnieszka ahmed aiden aisha akira alan alberto
    alejandro alex alexander alexandra alexei ali alice alicia amanda amara amelia amir amit
    ana anders andrea andreas andrew andrzej angela anil anita anna anne anton antonio arjun
    arnav astrid ayesha barbara ben benjamin bianca bilal bjorn boris brandon brian bruno
    camila carla carlos carmen caroline catherine cem chen chiara chloe chris christian
    christina claire clara daniel daniela dario david deepa deepak diana diego dimitri dmitri
    dominik elena eli elias elif elise ella emily emma emre enrique eric erik ethan eva fatima
    felix fernando filip finn florian francesca francisco frank freya gabriel gabriela george
    giorgos giulia grace greta gustav hamid hana hannah hans harry hassan heidi helen henrik
    hiroshi hugo ibrahim igor ines ingrid irene isabel isabella ivan jack jacob jake james jan
    jana jane jason javier jennifer jens jessica jin joao joe johan john jonas jorge jose josef
    joseph juan julia julian jun kai karen karim karl katarina kate kenji kevin khalid kim
    klaus kofi kwame lars laura lea leila lena leo leon liam lin linda lisa lucas lucia luis
    luka lukas magnus maja malik marco marcus maria mariana mario mark marta martin mary mateo
    matteo matthew max maya mehmet mei mia michael michal miguel mikael mike milan ming mohamed
    mohammed nadia naomi natalia nathan neha niels nikhil nikolai nina noah nora obi olga
    oliver olivia omar oscar pablo paolo patrick paul pavel pedro peter petra pierre pooja
    priya rafael rahul raj rajesh ravi rebecca ricardo richard rita robert roberto rohan rosa
    ruth ryan sam samir samuel sandra sara sarah sebastian sergei shreya simon sofia sophie
    stefan steve sunil susan sven tanvir tariq thomas tim tobias tom tomas tomás uma valentina
    vera victor vikram wei william xavier yan yara yuki yusuf zainab zara zoe
"""
GIVEN_NAMES = frozenset(_GIVEN_NAMES_TEXT.split())


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """~4,900 given names common in some country (`first_names.txt`, from names-dataset) plus
    the list above: a capitalised word among them is taken for a person with full confidence."""
    try:
        text = (resources.files("hindsight.quality") / "first_names.txt").read_text(
            encoding="utf-8"
        )
    except FileNotFoundError:
        return GIVEN_NAMES
    listed = (line.strip() for line in text.splitlines() if not line.startswith("#"))
    return GIVEN_NAMES | frozenset(name for name in listed if name)


# People at work outside software, as news, inquiries and regulators name them ("the signaller
# failed to …", "a technician had not followed …"); none of them is also the name of a program
# part (a driver, dispatcher, supervisor or worker may be software, so those need a qualifier).
OCCUPATIONS = (
    r"technicians?|pilots?|co-?pilots?|first officers?|captains?|signall?ers?"
    r"|(?:train|bus|lorry|truck|tram|delivery|taxi) drivers?|air traffic controllers?"
    r"|mechanics?|surgeons?|nurses?|doctors?|physicians?|pharmacists?|paramedics?|midwi(?:fe|ves)"
    r"|clerks?|officials?|officers?|staffers?|fore(?:man|men)|inspectors?|electricians?"
    r"|conductors?|crew members?|consultants?|executives?|execs|bosses|boss|auditors?"
    r"|colleagues?|co-?workers?|trainees?|subcontractors?|freelancers?|representatives?"
    r"|maintainers?|moderators?|volunteers?|teachers?|firefighters?|police officers?|caseworkers?"
    r"|social workers?|guards? on duty|tellers?|cashiers?|accountants?|lawyers?|solicitors?"
    # round 20: those that name software too, with the qualifier that makes them people (a
    # worker: blame_clauses.worker_is_a_person)
    r"|(?:911|police|emergency|fire|ambulance|call-?centre|call-?center) (?:dispatchers?|operators?"
    r"|call-?takers?)|(?:shift|site|night|floor|plant|line|store) supervisors?"
)
# Head nouns of roles: a person referred to by what they do.
ROLE_NOUNS = (
    r"engineers?|developers?|devs?|operators?|admins?|administrators?|sysadmins?|dbas?|sres?"
    r"|interns?|contractors?|new hires?|reviewers?|managers?|leads?|testers?|qa|staff|employees?"
    r"|on-?call(?: (?:engineer|person|responder|developer|sre))?|responders?|commanders?"
    r"|analysts?|architects?|guy|person|people|folks|someone|somebody|nobody|he|she|him|her"
    rf"|{OCCUPATIONS}"
)
# Head nouns of groups of people.
GROUP_NOUNS = r"teams?|squad|crew|department|ops|devops|engineering"

_NOT_NAMES = (
    r"(?:The|This|That|These|Those|A|An|It|Its|We|They|Our|Their|There|If|Had|When|Because|Since"
    r"|After|Before|During|While|Once|Then|Root|Primary|Cause|Nothing|No)"
)
# Up to two words before a role's head noun ("the on-call engineer", "our senior DBA"); not a
# verb of saying or finding, nor an article ("Officials said the engineer …" names "the engineer").
_MODIFIER = (
    r"(?:(?!(?:said|says|say|found|finds|concluded|reported|told|claimed|noted|added|the|a|an)\b)"
    r"[\w-]+ ){0,2}"
)
_DETERMINER = r"(?:(?:the|a|an|our|their|that|this|one of the|one|another|every|each) )?"


def names_of(people: Iterable[str | None]) -> list[str]:
    """First names and full names of the incident's people, for the name pattern."""
    found: list[str] = []
    for person in people:
        if not person:
            continue
        cleaned = person.strip().lstrip("@")
        if not cleaned:
            continue
        found.append(cleaned)
        first = cleaned.split()[0]
        if first != cleaned:
            found.append(first)
    return found


@lru_cache(maxsize=64)
def person_pattern(extra_names: frozenset[str] = frozenset()) -> str:
    """A regex fragment (no groups) matching a person, role or group noun phrase."""
    listed = "|".join(sorted((re.escape(n) for n in extra_names), key=len, reverse=True))
    named = rf"(?:(?!{_NOT_NAMES}\b)[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)"  # is_person checks it
    handle = r"@[\w.-]+"
    role = rf"(?i:\b{_DETERMINER}{_MODIFIER}(?:{ROLE_NOUNS})\b(?: (?:on (?:call|shift|duty)))?)"
    group = rf"(?i:\b{_DETERMINER}{_MODIFIER}(?:{GROUP_NOUNS})\b)"
    parts = [p for p in (listed, role, group, handle, named) if p]
    return "(?:" + "|".join(parts) + ")"


_SYSTEM_WORDS_TEXT = """
    alertmanager api argo aws azure cd cdn ci dns docker envoy flux gcp github gitlab grafana
    helm istio it its jenkins k8s kafka kubernetes linux mysql nginx our pagerduty postgres
    postgresql prometheus redis slack ssl terraform that the their there they this tls traefik
    vpn we
"""
_SYSTEM_WORDS = frozenset(_SYSTEM_WORDS_TEXT.split())


_UNNAMELIKE_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ers", "ics", "ware", "ops")


def looks_like_a_name(word: str) -> bool:
    """A capitalised word that could be someone's name: "Gwendolyn", not "CoreDNS" or "Testing".

    Only used where the verb already implies a person ("forgot", "messed up", "should have
    checked"), because product names ("Terraform", "Jenkins") look exactly the same.
    """
    bare = word.removesuffix("'s")
    return (
        re.fullmatch(r"[A-Z][a-zà-ÿ]{2,}", bare) is not None
        and bare.lower() not in _SYSTEM_WORDS
        and not re.fullmatch(_NOT_NAMES, bare)
        and not bare.lower().endswith(_UNNAMELIKE_ENDINGS)
    )


def is_person(
    phrase: str, extra_names: frozenset[str] = frozenset(), *, loose: bool = False
) -> bool:
    """Whether a matched phrase really names a person, role or group (not a system).

    `loose` also accepts any name-like capitalised word (see `looks_like_a_name`).
    """
    words = phrase.replace("'s", "").split()
    if not words:
        return False
    lowered = [w.lower().strip(".,") for w in words]
    if words[-1] == "Teams":
        return False  # the chat product, as in "a post on Teams"
    if phrase.lstrip("@") != phrase or words[-1] == "IT":
        return True
    if any(n.lower() in (" ".join(lowered), lowered[0]) for n in extra_names):
        return True
    while len(lowered) > 2 and lowered[-2] == "on" and lowered[-1] in ("call", "shift", "duty"):
        lowered, words = lowered[:-2], words[:-2]
    last = lowered[-1]
    tail = " ".join(lowered[-2:])
    if re.fullmatch(rf"(?:{ROLE_NOUNS}|{GROUP_NOUNS})", last) or re.fullmatch(ROLE_NOUNS, tail):
        if (
            len(words) >= 2
            and re.fullmatch(r"[A-Z][a-z]+", words[-1])
            and words[-2][:1].isupper()
            and lowered[-2] not in ("the", "a", "an", "our", "their", "this", "that")
        ):
            return False  # "the DropletWorkflow Manager" is software
        if last in ("operator", "operators") and len(words) >= 2:
            before = words[-2]
            if before[:1].isupper() or before.lower() in _SYSTEM_WORDS - {"the", "this", "that"}:
                return False  # "the Postgres operator" is software
        return True
    if words[0][:1].isupper() and lowered[0] in first_names():
        return True
    return loose and len(words) <= 2 and all(looks_like_a_name(w) for w in words)
