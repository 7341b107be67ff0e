"""The linguistic features the learned blame model reads (`blame_model.py`), cheap and spaCy-free.

A sentence blames when a *who* (a person, pronoun, role, team, vendor, "someone") is the agent of
something said against them. Words are put in classes (who they are, what is said), and the model
sees both the words and the classes: "the DBA team dropped the ball" and "AWS support was
useless" share `TEAM`/`VENDOR` + `NEGATIVE`, so a phrasing nobody labelled still lands near the
ones that were. Features:

- words and word pairs (given names masked as NAME), and class n-grams ("ROLE FAIL");
- the class of the sentence's subject (its first agent before the first verb-like class word);
- agent → predicate pairs inside one clause ("ROLE>FAIL", "SYSTEM>FAIL", "WE>SLIP"), negated
  predicates, passive "by" agents, possessives ("Carl's negligence"), hedges, questions.

`features(sentence, lexicon)` returns each feature with the words that made it, so a finding
can say why it fired. The word classes of open lists (an opinion lexicon's negative words) are
stored with the model (`blame_model.json`, "lexicon"), so scoring needs no other package;
`word_classes()` builds them for training.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources

from hindsight.errors import HindsightError
from hindsight.quality.names import first_names


def _split(text: str) -> list[str]:
    return text.split()


# Who: the agent classes. HUMAN are the ones blame can be about.
NAME, PRONOUN, THEY, WE, YOU, ROLE, TEAM, VENDOR, SOMEONE, SYSTEM, ENTITY = _split(
    "NAME PRONOUN THEY WE YOU ROLE TEAM VENDOR SOMEONE SYSTEM ENTITY"
)
HUMAN = frozenset({NAME, PRONOUN, THEY, ROLE, TEAM, VENDOR, SOMEONE, YOU})
# What is said: the predicate classes.
FAIL, SLIP, CHARACTER, NEGATIVE, POSITIVE, REPEAT, ACCOUNT, COUNTERFACTUAL = _split(
    "FAIL SLIP CHARACTER NEGATIVE POSITIVE REPEAT ACCOUNT COUNTERFACTUAL"
)
HEDGE, NOT, CAUSE, CARE, HUMAN_ERROR, FIX, THANKS, TIME, MODAL = _split(
    "HEDGE NOT CAUSE CARE HUMAN_ERROR FIX THANKS TIME MODAL"
)
PREDICATES = frozenset(
    {FAIL, SLIP, CHARACTER, NEGATIVE, REPEAT, ACCOUNT, COUNTERFACTUAL, CAUSE, HUMAN_ERROR}
)
# ENTITY: a capitalised word that is no given name: a company ("Sun's omission") or a product
# ("Terraform failed"); the model learns which way its pairs lean.
AGENTS = HUMAN | {WE, SYSTEM, ENTITY}


def _words(text: str) -> frozenset[str]:
    return frozenset(_split(text))


# Hand-made classes: closed lists, and the workplace vocabulary a general lexicon lacks.
CLOSED_CLASSES: dict[str, frozenset[str]] = {
    PRONOUN: _words("he she him her his hers himself herself"),
    THEY: _words("they them their theirs themselves"),
    WE: _words("we us our ours ourselves"),
    YOU: _words("you your yourself yourselves"),
    ROLE: _words(
        "engineer engineers developer developers dev devs operator operators admin admins "
        "administrator administrators sysadmin sysadmins dba dbas sre sres intern interns "
        "contractor contractors hire hires reviewer reviewers manager managers lead leads tester "
        "testers qa staff employee employees on-call oncall responder responders commander "
        "analyst analysts architect architects guy guys person people folks technician "
        "technicians programmer programmers coder coders author owner owners maintainer "
        "maintainers colleague colleagues coworker coworkers personnel worker workers member "
        "members designer individual individuals human humans teammate teammates boss cto ceo "
        "director directors executive executives expert specialist specialists consultant "
        "consultants officer officers rep representative representatives agent agents "
        "supervisor supervisors crew dispatcher technologist technologists builder builders "
        "shipbuilder"
    ),
    TEAM: _words(
        "team teams squad squads department departments ops devops engineering management "
        "leadership org organisation organization organisations organizations group groups "
        "division company companies firm staffers board folks"
    ),
    VENDOR: _words(
        "vendor vendors provider providers supplier suppliers partner partners isp carrier "
        "carriers third-party outsourcer aws amazon google microsoft azure cloudflare akamai "
        "fastly oracle ibm github atlassian stripe salesforce support"
    ),
    SOMEONE: _words("someone somebody nobody noone whoever anyone anybody everyone everybody"),
    SYSTEM: _words(
        "system systems service services server servers script scripts job jobs database "
        "databases db cluster clusters config configuration deployment pipeline process "
        "alert alerts monitor monitoring tool tooling automation code bug software network disk "
        "node nodes host hosts container containers pod pods api application app load balancer "
        "cache queue scheduler controller daemon agent proxy router switch firmware hardware "
        "component components module library migration update patch release version certificate "
        "dns cdn storage instance instances vm machine machines terraform kubernetes it flag "
        "feature routine controller generator generators device devices chip chips"
    ),
    FAIL: _words(
        "fail failed fails failing fails forgot forget forgets forgotten neglect neglected "
        "neglecting neglects miss missed misses ignore ignored ignores ignoring overlook "
        "overlooked overlooking omit omitted skip skipped skipping bothered bother refused "
        "failure lapse lapses oversight oversights negligence delay delayed slow ball dropped "
        "drop slept sleep unannounced unapproved unauthorized unauthorised without omission "
        "omissions inadequate inadequately insufficient insufficiently poor poorly downplay "
        "downplayed unprioritised unprioritized deprioritised deprioritized"
    ),
    SLIP: _words(
        "mistakenly accidentally inadvertently wrongly incorrectly erroneously wrong bad typo "
        "typos fat-fingered fat-finger mistake mistakes misconfigured misconfiguration untested "
        "unreviewed improperly improper mistyped misread misjudged misunderstood mishandled "
        "botched broke break breaking messed screwed blunder blundered assumed assumption "
        "careless faulty incorrect unintended unintentionally"
    ),
    CHARACTER: _words(
        "careless carelessness lazy laziness sloppy sloppiness negligent reckless recklessness "
        "incompetent incompetence clueless arrogant arrogance useless pathetic liability "
        "irresponsible irresponsibly unprofessional amateur amateurish inept stupid idiot idiots "
        "idiotic dumb moron morons muppet clown clowns cowboy cowboys rogue hopeless lousy "
        "terrible awful horrible disgraceful shameful embarrassing unacceptable inexcusable "
        "indifference complacent complacency dismissive unreliable unresponsive unqualified "
        "unfit unprepared oblivious lax cavalier shoddy"
    ),
    REPEAT: _words(
        "again usual typical typically always classic predictably yet another repeatedly"
    ),
    ACCOUNT: _words(
        "accountable accountability responsible responsibility fired fire firing consequences "
        "consequence blame blamed blaming fault faults punished punish punishment disciplined "
        "discipline disciplinary answer reprimand reprimanded sacked demoted culpable"
    ),
    # "should" etc. are COUNTERFACTUAL only before "have" (see `classify`), else MODAL
    COUNTERFACTUAL: _words("should could would"),
    HEDGE: _words(
        "may might possibly perhaps likely unlikely probably appears appeared seems seemed "
        "apparently suspect suspected believe believed think thought unclear"
    ),
    NOT: _words("not no never n't nothing none neither nor cannot"),
    CAUSE: _words(
        "caused cause causing causes due because result resulted resulting led triggered "
        "trigger root reason responsible thanks"
    ),
    CARE: _words("careful vigilant attention aware diligent diligence double-check"),
    FIX: _words(
        "restored restore fixed fix mitigated mitigate recovered recover resolved resolve "
        "rolled reverted revert rollback repaired"
    ),
    THANKS: _words("kudos congrats congratulations bravo props bravo hats"),
}
# Opinion words below this VADER valence count as NEGATIVE, above the positive one as POSITIVE.
NEGATIVE_VALENCE = -1.0
POSITIVE_VALENCE = 1.5
# Negative in a general lexicon but, in incident prose, about systems, events or attackers.
SYSTEM_STATE = _words(
    "error errors failure failures failed fail failing crash crashed crashes outage outages "
    "down downtime degraded problem problems issue issues broken bug bugs attack attacked "
    "attacker attackers threat loss lost lose risk risks alarm alarms warning warnings alert "
    "alerts critical severe emergency panic killed kill kills dead died die stopped stop block "
    "blocked blocking fatal fault faults leak leaked pressure stuck hang hung lack limit limited "
    "miss missed missing disaster damage damaged corrupt corrupted abuse abusive fraud victim "
    "victims hack hacked hacker hackers malicious exploit exploited unable impossible delayed "
    # operations verbs an opinion lexicon reads as feelings or violence
    "drain drained draining drains purge purged abort aborted aborting terminate terminated "
    "evict evicted evicting reject rejected deny denied dump dumped flush flushed destroy "
    "destroyed shoot shot hit hits trap trapped fire fired firing strike struck"
)


def word_classes(valence: Mapping[str, float]) -> dict[str, str]:
    """Word -> class for every word the model puts in a class: the closed lists above, then
    the opinion lexicon's negative and positive words (VADER, shipped in `vaderSentiment`)."""
    classes: dict[str, str] = {}
    for word, score in valence.items():
        if word in SYSTEM_STATE or not re.fullmatch(r"[a-z][a-z'-]+", word):
            continue
        if score <= NEGATIVE_VALENCE:
            classes[word] = NEGATIVE
        elif score >= POSITIVE_VALENCE:
            classes[word] = POSITIVE
    for name, words in CLOSED_CLASSES.items():
        for word in words:
            classes[word] = name
    return dict(sorted(classes.items()))


def vader_valence() -> dict[str, float]:
    """VADER's lexicon (word -> mean valence). A missing package stops the check with an error:
    without the lexicon the blame rules and the model would quietly give other findings."""
    try:
        text = (resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise HindsightError(
            "the blame check needs the lexicon of the vaderSentiment package, which is not "
            "installed here; install the project's dependencies again (`make install`, or "
            "`pip install vaderSentiment`)"
        ) from exc
    fields = (line.split("\t") for line in text.splitlines())
    return {f[0]: float(f[1]) for f in fields if len(f) >= 2}


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d:.]*|[,;:?!()\"]")
_TIMESTAMP = re.compile(r"\d{1,2}:\d{2}|\d{4}")
_CLAUSE_BREAK = frozenset({",", ";", ":", "(", ")", "which", "that", "who"})
_STARTERS = frozenset({"the", "a", "an", "this", "that", "it", "its", "if", "when", "there"})
_MAX_GAP = 8  # tokens between an agent and what is said of it


def tokens(sentence: str) -> list[str]:
    """Words and clause punctuation; "didn't" becomes "did n't", "Carl's" "Carl 's"."""
    out: list[str] = []
    for raw in _TOKEN.findall(sentence.replace("’", "'")):
        low = raw.lower()
        if low.endswith("n't") and len(low) > 3:
            out += [raw[:-3], "n't"]
        elif low.endswith("'s") and len(low) > 2:
            out += [raw[:-2], "'s"]
        else:
            out.append(raw.strip("'"))
    return [t for t in out if t]


def classify(words: list[str], lexicon: Mapping[str, str]) -> list[str | None]:
    """Each token's class, or None. A capitalised given name (not first in the sentence unless
    it is followed by a verb-ish word) is NAME; an @handle is NAME; a timestamp is TIME."""
    names = first_names()
    out: list[str | None] = []
    for i, word in enumerate(words):
        low = word.lower()
        if word[:1].isupper() and low not in _STARTERS and low in names:
            out.append(NAME)
        elif _TIMESTAMP.fullmatch(word):
            out.append(TIME)
        elif (
            word[:1].isupper()
            and low not in lexicon
            and (i > 0 or (len(words) > 1 and words[1] == "'s"))
        ):
            out.append(ENTITY)
        else:
            cls = lexicon.get(low)
            if cls is None and low.endswith("ly") and len(low) > 5:
                cls = lexicon.get(low[:-2])
                cls = cls if cls in (NEGATIVE, CHARACTER, SLIP) else None
            out.append(cls)
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        if low == "no" and following in ("one", "body"):
            out[-1] = SOMEONE
        elif out[-1] == COUNTERFACTUAL and (
            following not in ("have", "not", "'ve") or words[i + 2 : i + 3] == ["helped"]
        ):
            out[-1] = MODAL  # "the team should monitor …", "X could have helped": no verdict
        elif low == "had" and (i == 0 or words[i - 1] == ","):
            out[-1] = COUNTERFACTUAL  # "Had the intern not …"
    return out


def _add(found: dict[str, str], name: str, evidence: str) -> None:
    found.setdefault(name, evidence)


def _pairs(words: list[str], classes: list[str | None], found: dict[str, str]) -> None:
    """Agent -> predicate pairs within one clause, "by"-agents and possessives."""
    for i, cls in enumerate(classes):
        if cls not in AGENTS:
            continue
        negated = False
        for j in range(i + 1, min(len(words), i + 1 + _MAX_GAP)):
            if words[j].lower() in _CLAUSE_BREAK or classes[j] in AGENTS:
                break
            if classes[j] == NOT:
                negated = True
            elif classes[j] in PREDICATES or classes[j] in (POSITIVE, CARE, FIX):
                span = " ".join(words[i : j + 1])
                _add(found, f"pair:{cls}>{classes[j]}", span)
                if cls in HUMAN:
                    _add(found, f"pair:HUMAN>{classes[j]}", span)
                    if negated:
                        _add(found, f"pair:HUMAN>not>{classes[j]}", span)
        if negated:
            _add(found, f"pair:{cls}>not", " ".join(words[i : i + 4]))
            if cls in HUMAN:
                _add(found, "pair:HUMAN>not", " ".join(words[i : i + 4]))
        if cls in HUMAN and i > 0 and words[i - 1].lower() == "by":
            _add(found, f"by:{cls}", f"by {words[i]}")
            if any(c in PREDICATES for c in classes[:i]):
                _add(found, "by:HUMAN+predicate", " ".join(words[max(0, i - 4) : i + 1]))
        if cls in HUMAN and i + 1 < len(words) and words[i + 1] == "'s":
            nxt = classes[i + 2] if i + 2 < len(words) else None
            _add(found, f"poss:{cls}", f"{words[i]}'s")
            if nxt is not None:
                _add(found, f"poss:HUMAN's>{nxt}", " ".join(words[i : i + 3]))


def _orphans(words: list[str], classes: list[str | None], found: dict[str, str]) -> None:
    """Predicates with no agent before them in their clause ("the flag failed to apply" has
    one only if "flag" were known): "alone:FAIL" lets the model discount a bare failure word."""
    for j, cls in enumerate(classes):
        if cls not in PREDICATES:
            continue
        agent = None
        for i in range(j - 1, max(-1, j - 1 - _MAX_GAP), -1):
            if words[i].lower() in _CLAUSE_BREAK:
                break
            if classes[i] in AGENTS:
                agent = classes[i]
                break
        if agent is None:
            _add(found, f"alone:{cls}", words[j])


def _subject(words: list[str], classes: list[str | None]) -> tuple[str, str] | None:
    """The first agent before the first predicate-like word: the clause's likely subject."""
    for i, cls in enumerate(classes[:12]):
        if cls in AGENTS:
            return cls, words[i]
        if cls in PREDICATES and cls != COUNTERFACTUAL:
            return None
    return None


# Set phrases of the milder finding, and their neighbours in real prose.
_PHRASES = {
    "human-error": re.compile(
        r"(?<!not )(?<!no )(?<!never )\b(?:human|operator|operational|manual|user|pilot"
        r"|personnel|staff|deployment|procedural|configuration) (?:error|mistake|slip)s?\b"
        r"(?! (?:message|rate|code|log|count|budget|handling|page|response|output)s?\b)",
        re.IGNORECASE,
    ),
    "try-harder": re.compile(
        r"(?<!not to )(?<!not )\b(?:be|being|become) (?:more |very |extra )?(?:better|careful"
        r"|cautious|vigilant|aware|diligent|attentive|thorough)\b|\bpay (?:more|closer)"
        r" attention\b|\bdouble-check\b|\bmore carefully\b",
        re.IGNORECASE,
    ),
    # a counterfactual about a remedy, not a person: "an incident manager could have helped"
    "remedy": re.compile(
        r"\b(?:could|would|might) (?:also )?have (?:helped|been (?:useful|helpful|better|easier"
        r"|nice|good|quicker|faster))\b",
        re.IGNORECASE,
    ),
    # a sentence that rejects blame: "this was not human error", "is never a root cause"
    "rejects-blame": re.compile(
        r"\b(?:not|never|isn't|wasn't|no longer)\b[^.;]{0,30}\b(?:human error|operator error"
        r"|root cause|blame|(?:anyone|someone|their|his|her)'s fault)"
        r"|\b(?:not|never|instead of|rather than)\b[^.;]{0,20}\b(?:be|being|to be|asking"
        r"|telling) [^.;]{0,20}\b(?:careful|vigilant|cautious|attentive)",
        re.IGNORECASE,
    ),
}


def features(sentence: str, lexicon: Mapping[str, str]) -> dict[str, str]:
    """Feature name -> the words of `sentence` that made it (for explaining a finding)."""
    words = tokens(sentence)
    classes = classify(words, lexicon)
    shown = [c if c is not None else w.lower() for w, c in zip(words, classes, strict=True)]
    found: dict[str, str] = {}
    for i, word in enumerate(shown):
        raw = words[i]
        _add(found, f"w:{word}", raw)
        if i + 1 < len(shown):
            pair = f"{word} {shown[i + 1]}"
            _add(found, f"b:{pair}", f"{raw} {words[i + 1]}")
        if i + 2 < len(shown) and (classes[i] or classes[i + 1] or classes[i + 2]):
            _add(found, f"t:{word} {shown[i + 1]} {shown[i + 2]}", " ".join(words[i : i + 3]))
        if classes[i] is not None:
            _add(found, f"c:{classes[i]}", raw)
            if classes[i] not in (NAME, TIME):
                _add(found, f"w:{raw.lower()}", raw)
    subject = _subject(words, classes)
    if subject is not None:
        _add(found, f"subj:{subject[0]}", subject[1])
    _pairs(words, classes, found)
    _orphans(words, classes, found)
    humans = sum(c in HUMAN for c in classes)
    _add(found, f"humans:{min(humans, 3)}", "")
    for name, pattern in _PHRASES.items():
        match = pattern.search(sentence)
        if match:
            _add(found, f"phrase:{name}", match.group(0))
    if "?" in words:
        _add(found, "shape:question", "?")
    if "!" in words:
        _add(found, "shape:exclamation", "!")
    if words and words[0].lower() in ("if", "had"):
        _add(found, "shape:conditional", words[0])
    return found
