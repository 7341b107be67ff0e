"""Broad blame reading: a human agent plus an evaluative word from an opinion lexicon.

`blame_clauses` knows particular predicates ("forgot", "dropped the ball"). Each new round of
labelled sentences showed blame in words it did not list ("indifference", "lost control",
"kudos to the infra team for ..."), so this layer generalises by word class instead of by
phrase. It reads a sentence as clauses and fires when

- a **human agent** (a name, pronoun, role, team, vendor, "someone"; the agent grammar of
  `blame_clauses`) is the subject of a clause, the `by`-agent of a passive, or the owner of a
  noun ("the platform group's refusal"), and
- what is said of that agent carries a **negative evaluation**: a word the VADER opinion lexicon
  (C.J. Hutto, MIT licence; the `vaderSentiment` package ships it) scores at -1.0 or below, a
  positive word negated ("was not ready"), or a blame noun. Words that in incident prose describe
  systems rather than judge people ("error", "failure", "degraded", "crash", "attack") are left
  out (`_SYSTEM_STATE`), since "Ana investigated the failure" is narrative.

It also reads sarcasm as praise aimed at people for a harmful act ("Kudos to the infra team for
deploying a kernel upgrade during Black Friday") and accountability demands phrased as
sanctions ("should not be allowed near production again", "there need to be consequences").

Confidences are lower than the specific rules' (0.55-0.75): the lexicon word is the evidence,
and the explanation names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hindsight.quality.blame_features import vader_valence


def _split(text: str) -> list[str]:
    """The words of a word list written as one string."""
    return text.split()


@dataclass(frozen=True)
class LexiconVerdict:
    """What the lexicon layer found: kind, who, why (naming the word), confidence 0-1."""

    kind: str
    who: str | None
    reason: str
    confidence: float


@lru_cache(maxsize=1)
def valence() -> dict[str, float]:
    """Word -> mean valence (-4..4) from VADER's lexicon, single lower-case words only, with the
    workplace verdicts it lacks."""
    lexicon = vader_valence()
    scores: dict[str, float] = dict.fromkeys(_WORKPLACE_VERDICTS, -1.5)
    scores.update((w, v) for w, v in lexicon.items() if re.fullmatch(r"[a-z][a-z'-]+", w))
    return scores


# Verdicts on people at work that VADER (built from social-media text) does not score.
_WORKPLACE_VERDICTS = frozenset(
    _split(
        "negligent negligence sloppy unreliable unresponsive inept dismissive complacent "
        "indifferent unhelpful inattentive oblivious unqualified unprepared unfit evasive "
        "blundered bungled botched fumbled wrecked sabotaged stonewalled stonewalling shrugged "
        "dithered dithering procrastinated ghosted flaked bailed disorganized incapable "
        "amateurish half-baked shoddy slapdash haphazard cavalier lax unaccountable uncooperative "
        "obstructive clumsy clumsily sloppily negligently carelessly recklessly lazily "
        "incompetently irresponsibly hastily rashly"
    )
)


def _score(word: str) -> float:
    """A word's valence, trying British spelling and the adjective of an adverb."""
    lexicon = valence()
    if word in lexicon:
        return lexicon[word]
    for variant in (re.sub(r"is(e|ed|ing|ation)$", r"iz\1", word), word.removesuffix("ly")):
        if variant != word and variant in lexicon:
            return lexicon[variant]
    return 0.0


# Negative in a general lexicon, but in incident prose they describe systems, events or
# attackers, not a verdict on a person ("the failure", "errors", "degraded", "the attacker").
_SYSTEM_STATE = frozenset(
    _split(
        "no not never none nothing nobody error errors failure failures failed fail fails failing "
        "critical problem problems problematic loss losses degraded degradation degrading "
        "disruption disruptions disruptive lost lose losing missing blocked block blocking blocks "
        "crash crashed crashes crashing faulty disabling disabled lack lacking severe severely "
        "stuck leak leaks leaked leaking unhealthy attacker attackers attack attacks avoid "
        "avoided avoiding risk risks risky deadlock broken defect defects exhaustion exhausted "
        "exhausting disaster emergency suffered suffering warning warnings stop stopped alarm "
        "alarms erroneous difficult difficulty difficulties overload overloaded discord low lower "
        "isolation isolated delay delayed delays lag panic panics threat threats drained forced "
        "killed kill kills killing unstable pressure drop dropped damage damaged conflict "
        "conflicts conflicting collapse collapsed charges charged negative dead limitation "
        "limitations fire fired firing interrupt interrupted interruption interruptions war "
        "reject rejected rejection cancelled cancel poison poisoned trap starved severed "
        "suspended excluded exploited exploit offending collision accidents accident misleading "
        "inconvenience unfortunately unfortunate unclear suspicious suspect trouble troubles "
        "alone confusion confusing bug bugs doubt doubts hard harder lonely sad sorry worried "
        "worry concern concerned concerns urgent urgency victim victims abort aborted terminate "
        "terminated violation violations stolen steal theft fraud fraudulent crime criminal "
        "hostage ransom bomb dangerous danger harm harmful hurt pain painful worse worst fear "
        "feared tense tension stress stressed strain strained slow slowly outage outages down "
        "downtime broke breaks break breaking breach breaches bad badly poor poorly struggle "
        "struggled struggling weak weakness vulnerable vulnerability destroy destroyed "
        "destruction destructive doom fault faults fatal fatally penalty penalties challenge "
        "challenges cut cuts cutting dump dumped dumping dumps"
    )
)
_MIN_VALENCE = -1.0

# Nouns of a person's failing that the lexicon scores mildly or not at all.
_FAILING_NOUNS = (
    r"(?:indifference|apathy|refusal|reluctance|unwillingness|inability|ignorance|complacency"
    r"|neglect|inaction|inattention|hubris|arrogance|stubbornness|carelessness|sloppiness"
    r"|laziness|negligence|incompetence|recklessness|cluelessness|dithering|foot-dragging"
    r"|silence|absence|failure to|failures|lack of|insistence on|decision to (?:skip|ignore"
    r"|bypass|disable|override|rush|cut|deploy|push|ship)|meddling|interference|blunders?"
    r"|mistakes?|screw-?ups?|mess|fault|oversights?|sabotage|obstruction)"
)

# Praise words used as sarcasm when what is praised is harmful.
_PRAISE = (
    r"(?:kudos|thanks|thank you|hats off|shout-?out|bravo|congrats|congratulations|props"
    r"|well done|nice work|great work|good job|great job|brilliant work|stellar work"
    r"|a round of applause|gold star|medal|award)"
)
# Cues that the praised act harmed: timing or manner that nobody praises sincerely.
_HARMFUL_ACT = re.compile(
    r"\b(?:during (?:the )?(?:black friday|cyber monday|peak|the freeze|a freeze|the launch"
    r"|the sale|business hours|the holidays?|christmas|month-end|quarter-end)|on a friday"
    r"|(?:friday|5 ?pm|late) (?:deploy|push|release|change)|without (?:\w+ ){0,2}?(?:review|testing"
    r"|tests|telling|asking|warning|a backup|approval|checking|notice)|in production|to prod\b"
    r"|untested|unreviewed|again|another (?:outage|incident|page)|at 3 ?am|at 2 ?am|at 4 ?am"
    r"|at peak|peak (?:traffic|hours|load|season)|surprise|unannounced|straight to (?:main|master"
    r"|prod|production)|directly (?:to|on|in) (?:main|master|prod|production)|as (?:he|she|they)"
    r" (?:always )?(?:does|do)"
    r"|(?:for|with) (?:\w+ ){0,3}?(?:down|outage|downtime|pages?)|all (?:night|weekend)"
    r" (?:firefighting|of firefighting))",
    re.IGNORECASE,
)
_RECOVERY_ACT = re.compile(
    r"\b(?:keep\w*|kept|inform\w*|communicat\w*|handl\w*|restor\w*|recover\w*|fix\w*|mitigat\w*|verif\w*|resolv\w*|help\w*|support\w*"
    r"|stay\w* up|cover\w*|jump\w* in|stepp\w* in|coordinat\w*|investigat\w*|debug\w*"
    r"|writ\w*|document\w*|review\w*|patch\w*|roll\w* back|revert\w*|catch\w*|caught|spott\w*"
    r"|found|find\w*|detect\w*|notic\w*|escalat\w*)\b",
    re.IGNORECASE,
)

# Sanctions: what an accountability demand asks to happen to a person.
_SANCTION = re.compile(
    r"\b(?:(?:there (?:need|needs|has|have|must|should) (?:to )?be|we need|i want|(?:i|we) demand)"
    r" (?:\w+ ){0,2}?(?:consequences|repercussions|accountability|a reckoning|disciplinary)"
    r"|(?:revoke|pull|remove|take away) (?:his|her|their|the intern's|[\w-]+['’]s) (?:\w+ )?"
    r"(?:access|rights|privileges|permissions|keys|pager)"
    r"|(?:someone|somebody|whoever)(?: \w+){0,4} (?:has|have|needs?|must|should) to (?:answer"
    r"|pay|go|be (?:fired|punished|held))|accountability for (?:this|what)"
    r"|(?:when|if) (?:it|this) happens again,? (?:\w+ ){0,3}?(?:out|gone|fired))"
    r"|\b(?:named and shamed|(?:will|should|must) be (?:\w+ly )?shamed)",
    re.IGNORECASE,
)

# Rhetorical questions and exclamations aimed at people.
_RHETORIC = re.compile(
    r"\b(?:how (?:hard|difficult) (?:is|was|can) it to|whose (?:\w+ )?idea was (?:it|this|that)"
    r"|what kind of (?:\w+ )?(?:engineer|developer|team|person|admin|vendor|company|manager)s?"
    r" (?:would|does|do|\w+s)\b|(?:have|has) (?:\w+ ){1,3}to thank for (?:this|the|that|our)|who (?:the hell|the heck|the fuck|on earth"
    r"|in their right mind)\b|(?:was|is) (?:apparently |clearly |obviously )?too (?:much|hard"
    r"|difficult) (?:to ask|for (?:him|her|them|the \w+))|what (?:was|were) (?:he|she|they|you)"
    r" (?:even )?thinking|who (?:on earth |the hell |in their right mind )?(?:thought|decided)"
    r" (?:\w+ ){0,6}?(?:was a good idea|would be (?:fine|ok|okay|a good idea)|to)\b"
    r"|who (?:approved|signed off on|merged|reviewed|pushed|shipped|allowed) (?:this|that|it)\b"
    r"[^.?!]*(?:\?!|!)|(?:is|was) (?:he|she|they|anyone|anybody|nobody) (?:even )?(?:awake|paying"
    r" attention|reading|listening|watching)\b|(?:do|does|did) (?:they|he|she|you|these people)"
    r" (?:even )?(?:know|test|read|care|check|understand)\b[^.]*\?|can(?:'t|not) (?:they|he|she"
    r"|you|these people) (?:even )?(?:read|follow|count|test|do)\b"
    r"|(?:do|does|did) (?:they|he|she|you|these people|anyone|anybody|nobody|no one) (?:even"
    r"|ever|actually|bother to) (?:run|try|look|review|build|compile|think|open|bother)\b[^.]*\?"
    r"|how (?:did|does|could|can) (?:this|that|it|something like this|(?:a|an|the|this|that|such"
    r" an?) (?:[\w-]+ ){0,2}?(?:change|patch|commit|pr|pull request|bug|release|code|thing|mistake)"
    r"(?: like (?:this|that))?) (?:\w+ )?(?:pass|get"
    r" through|make it (?:through|past|into)|get past|get merged|get approved|get shipped"
    r"|slip through)\b[^.]*\?)",
    re.IGNORECASE,
)

# Verdicts without a negative word: "Tom is the reason we were down", "against all advice".
_VERDICT_TAIL = (
    r"(?:(?:is|was|are|were) (?:\w+ly )?(?:the (?:\w+ )?(?:reason|cause|source|problem|weak link)"
    r"|why (?:we|the|it|this)|(?:not|never|in no way) (?:ready|fit|qualified|competent|capable"
    r"|suited|trained enough|up to)|out of (?:his|her|their) depth|in over (?:his|her|their)"
    r" heads?|a (?:liability|risk|danger|menace|problem))"
    r"|lost (?:control|track|the plot|(?:his|her|their) (?:head|cool|temper|nerve))"
    r"|(?:went|acted|pushed (?:ahead|on|through)|deployed|proceeded|did it|shipped)"
    r" (?:\w+ ){0,4}?(?:against (?:all |every |the |explicit )?(?:advice|warnings?|guidance"
    r"|instructions|objections)|anyway|regardless)"
    r"|(?:had|has|have) no (?:business|idea|clue|excuse)|knew (?:better|the risks?)"
    r"|should (?:never|not) have been (?:allowed|given|on|in|near|trusted)"
    r"|(?:cost|costs) us (?:\w+ ){0,4}?(?:hours|day|days|customers|revenue|money|data|the)"
    r"|let (?:us|everyone|the team|customers) down|left (?:us|everyone|the team|customers|users)"
    r" (?:in the dark|in|hanging|to|high and dry|stranded)"
    r"|(?:did not|didn't|never|failed to|could not|couldn't) (?:be bothered to )?do (?:his|her"
    r"|their|its) (?:job|jobs|homework|due diligence)"
    r"|(?:is|was) (?:always|constantly|never) )"
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*", text.lower())


def negative_words(text: str) -> list[str]:
    """Words of `text` that evaluate negatively and are not system states."""
    found = []
    words = _words(text)
    for index, word in enumerate(words):
        if word in _SYSTEM_STATE:
            continue
        score = _score(word)
        negated = index > 0 and words[index - 1] in ("not", "never", "no", "hardly")
        if index + 1 < len(words) and words[index + 1] in ("nothing", "none"):
            continue  # "the reviewers missed nothing"
        if score <= _MIN_VALENCE and not negated:
            found.append(word)
        elif score >= 1.5 and word not in _CONTENT:
            denial = _denied_from(words, index)
            if denial is not None:
                found.append(" ".join(words[denial : index + 1]))
    return found


# "were not very good", "are often not particularly helpful": a positive denied of the subject.
# Feelings of contentment: "was not happy about the page" reports a feeling, not a verdict.
_CONTENT = frozenset(
    _split(
        "happy glad pleased thrilled excited comfortable confident sure keen satisfied content "
        "delighted impressed amused proud eager thankful grateful"
    )
)
_INTENSIFIERS = frozenset(
    _split("very that particularly especially terribly overly really so too all")
)
_FREQUENCY = frozenset(_split("often always usually generally really just still simply exactly"))


def _denied_from(words: list[str], index: int) -> int | None:
    """Where the denial of the positive words[index] starts after a copula ("was not (very)
    good" gives the index of "not"), or None when it is not denied so."""
    at = index - 1
    while at >= 0 and words[at] in _INTENSIFIERS:
        at -= 1
    if at < 0 or words[at] not in ("not", "never", "no", "hardly"):
        return None
    denial = at
    at -= 1
    while at >= 0 and words[at] in _FREQUENCY:
        at -= 1
    return denial if at >= 0 and words[at] in _COPULA else None


_COPULA = frozenset({"is", "was", "are", "were", "be", "been", "seemed", "seems", "looked"})


# Feelings are not verdicts: "the on-call engineer was exhausted", "customers were frustrated".
_FEELINGS = frozenset(
    _split(
        "frustrated frustrating frustration tired overwhelmed upset annoyed angry anxious scared "
        "afraid nervous unhappy disappointed disappointing sad stressed confused puzzled "
        "surprised shocked alarmed embarrassed embarrassing sick ill injured complained complaint "
        "complaints complain complaining apologized apologised apologize apologise apology regret "
        "regretted furious mad livid irritated harmed hurt injured hated hate hates disliked "
        "fought fight fighting battled battling felt feel"
    )
)
# What was done to people, not said of them: "validators were jailed", "the admin was phished".
_SUFFERED = frozenset(
    _split(
        "jailed slashed tombstoned banned punished penalised penalized fined sanctioned harassed "
        "attacked doxxed threatened abused targeted hacked scammed robbed phished victimized "
        "victimised bullied insulted"
    )
)
# Reporting and gatekeeping verbs: a person who warns, objects or refuses a risky change is
# doing the job ("Marco warned the release manager", "the SRE team refused the change").
_GATEKEEPING = frozenset(
    _split(
        "warned warn warns denied deny denies criticized criticised criticize criticise argued "
        "argue objected object protested disputed questioned challenged refused refuse declined "
        "vetoed doubted blamed blame blames accused accuse condemned rejected reject opposed "
        "resisted"
    )
)

# Where a clause's own subject stands: sentence start, after punctuation or a conjunction.
_CLAUSE_START = (
    r"(?:^\W*|[,;:(—–-]\s*|\b(?i:and|but|because|since|so|as|then|when|after|yet|until"
    r"|though|although|while|once|that|if|whereas)\s+)"
)
# What ends the predicate of a clause.
_CLAUSE_END = re.compile(
    r"[,;:.!?()—–]|\s(?:because|since|after|when|while|which|so that|until|before|as soon as"
    r"|once|and then|but|whereas|although|though|due to|thanks to|so)\s",
    re.IGNORECASE,
)
_AUX = (
    r"(?:\s+(?:(?:\w+ly|then|also|just|still|again|even|simply|once again|yet again|now|already"
    r"|really|totally|completely|basically|somehow)\b))*"
)


def _predicate(sentence: str, start: int, limit: int = 90) -> str:
    rest = (
        sentence[start : start + limit].rsplit(" ", 1)[0]
        if len(sentence) > start + limit
        else sentence[start:]
    )
    end = _CLAUSE_END.search(rest)
    return rest[: end.start()] if end else rest


_OBJECT_START = frozenset(
    _split("the a an our their its this that these those all some any every each his her my your")
)


def _verb_phrase_words(said: str) -> list[str]:
    """Evaluative words said of the subject: in the verb or its complement ("ignored",
    "was useless", "was not ready"), or strongly negative anywhere in the predicate. In "removed
    misbehaving fileservers" the mild word describes the servers, not the person."""
    words = _words(said)
    head = 0
    linking = False
    while head < len(words) and words[head] in _AUXILIARY:
        linking = linking or words[head] in _COPULA
        head += 1
    complement = head + 1
    while complement < len(words) and words[complement].endswith("ly"):
        complement += 1  # "behaved shamefully", "handled it badly" is caught by the rules
    while (
        linking
        and complement < min(len(words), head + 4)
        and words[complement] not in _OBJECT_START
    ):
        complement += 1
    if head < len(words) and words[head] in _GATEKEEPING:
        return []
    if head + 1 < len(words) and words[head + 1] in ("nothing", "none"):
        return []  # "the reviewers missed nothing"
    start = max(0, head - 1)
    if linking:  # keep the copula: "was not (very) helpful" is read from "was"
        start = min(start, next(i for i, w in enumerate(words[:head]) if w in _COPULA))
    return _evaluative(" ".join(words[start:complement]))


_AUXILIARY = frozenset(
    _split(
        "was were is are has had have did does do been being be not never also just then still "
        "again even simply really so too very"
    )
)


_PASSIVE_BY = (
    r"\b(?:was|were|been|being|got|gets|is|are)\s+(?:\w+ly\s+)?(?:\w+(?:ed|en|wn|t|de)|run|put"
    r"|set|cut|hit|left|made|sent|done)\b[^,;.!?]{0,90}?\bby\s+"
)
_LAPSE_CUE = re.compile(
    r"\b(?:without (?:\w+ ){0,2}?(?:review|reviews|reviewing|testing|tests|a test|approval"
    r"|telling|asking|warning|checking|notice|a backup|permission|looking|reading|a plan)"
    r"|(?:the )?wrong|untested|unreviewed|unapproved|accidentally|mistakenly|inadvertently"
    r"|carelessly|by mistake|despite|against (?:\w+ )?(?:advice|warnings?|guidance|policy)"
    r"|skipp\w*|bypass\w*|ignor\w*|overlook\w*|neglect\w*|forgot\w*|forgotten"
    r"|never (?:\w+ed|tested|run|read)|not (?:tested|reviewed|checked|verified|communicated"
    r"|escalated|read|followed|acknowledged)|too late|left (?:unattended|unanswered|open))\b",
    re.IGNORECASE,
)
_PRAISE_WORDS = (
    r"(?:great|brilliant|stellar|genius|amazing|fantastic|outstanding|superb|impressive"
    r"|spectacular|heroic|masterful|wonderful|excellent|terrific|incredible|awesome|nice"
    r"|stunning|top-notch|world-class|fine)"
)
# Irony that needs no harmful act to be read as mockery.
_IRONY = re.compile(
    r"\bin (?:his|her|their|its|your) (?:infinite |great |boundless )?wisdom\b"
    r"|\b(?:typical|classic|so typical|just like) (?:of )?(?:him|her|them|those \w+)\b"
    r"|\bwhat could (?:possibly )?go wrong\b|\b(?:genius|bright|brilliant) (?:idea|move|plan)"
    r" (?:by|from|of)\b",
    re.IGNORECASE,
)
_SARCASM = re.compile(
    rf"(?i:^\W*(?:{_PRAISE}|{_PRAISE_WORDS} (?:work|job|call|move|effort|performance|idea|plan"
    r"|decision|timing|planning|going)|(?:another|a) (?:truly |really )?"
    rf"{_PRAISE_WORDS} (?:\w+ )?(?:performance|effort|move|decision|idea|call|showing|display"
    r"|job|piece of work|day)|nice of|how (?:nice|thoughtful|kind|considerate|clever)|what a"
    rf" (?:{_PRAISE_WORDS}|great|bright) (?:idea|move|call|plan|decision|job))\b)"
)
_SANCTION_NEEDS_AGENT = re.compile(
    r"\b(?:should|must|ought to)(?:n't| never| not) be (?:on[ -]call|in charge|running|touching"
    r"|owning|deploying)\b"
    r"|\b(?:should|must|needs? to|has to|have to|ought to|will)(?:n't| never| not)?"
    r" (?:be (?:allowed|trusted|let) (?:anywhere )?(?:near|to touch|on|in|to (?:deploy|push|run"
    r"|own|be on|have))|be (?:taken|kicked|pulled|thrown|booted) (?:off|out of|away from)"
    r"|be (?:banned|barred|stripped|suspended|demoted|sacked|let go|written up|terminated"
    r"|penali[sz]ed|sanctioned|made an example|put on (?:a )?(?:pip|performance)|called out)"
    r"|lose (?:\w+ ){0,2}?(?:access|job|jobs|bonus|rights|privileges|pager|on-?call))",
    re.IGNORECASE,
)


# "Nobody was harmed": a negative said of nobody is good news; "you" is the reader.
_NOT_SUBJECTS = frozenset({"you", "nobody", "no one", "no-one"})


def _agent_regex(extra: frozenset[str]) -> str:
    from hindsight.quality.blame_clauses import AGENT

    listed = "|".join(sorted((re.escape(n) for n in extra), key=len, reverse=True))
    return AGENT if not listed else AGENT.replace("(?P<who>", f"(?P<who>(?:{listed})|", 1)


@lru_cache(maxsize=64)
def _patterns(extra: frozenset[str]) -> dict[str, re.Pattern[str]]:
    agent = _agent_regex(extra)
    return {
        "subject": re.compile(rf"{_CLAUSE_START}{agent}(?:,[^,.;]{{1,60}},)?{_AUX}\s+"),
        "by": re.compile(rf"{_PASSIVE_BY}{agent}"),
        "possessive": re.compile(
            rf"\b{agent}['’]s\s+(?:(?:\w+|[\w-]+)\s+){{0,2}}?(?P<noun>{_FAILING_NOUNS}|\w+)\b"
        ),
        "agent": re.compile(rf"\b{agent}"),
        "typical": re.compile(rf"{_TYPICAL}{agent}"),
        "another": re.compile(rf"{_ANOTHER_PRAISED}(?:from|by|courtesy of|for)\s+{agent}"),
        "verdict": re.compile(
            rf"{_CLAUSE_START}{agent}(?:,[^,.;]{{1,60}},)?{_AUX}\s+{_VERDICT_TAIL}"
        ),
    }


def _certainty(match: re.Match[str], sentence: str, extra: frozenset[str]) -> float | None:
    from hindsight.quality.blame_clauses import agent_confidence

    return agent_confidence(match, sentence, extra)


def _best_agent(
    pattern: re.Pattern[str], sentence: str, extra: frozenset[str]
) -> tuple[re.Match[str], float] | None:
    for match in pattern.finditer(sentence):
        sure = _certainty(match, sentence, extra)
        if sure is not None and match.group("who").lower() not in ("you",):
            return match, sure
    return None


def _who(match: re.Match[str]) -> str:
    return " ".join(match.group("who").split())


def _evaluative(text: str) -> list[str]:
    return [w for w in negative_words(text) if w not in _FEELINGS and w not in _SUFFERED]


# Insults: what people call each other in a heated channel. The lexicon scores few of them.
_INSULTS = (
    r"(?:idiots?|morons?|muppets?|clowns?|cowboys?|donkeys?|numpt(?:y|ies)|imbeciles?|fools?"
    r"|amateurs?|jackass(?:es)?|buffoons?|dumbass(?:es)?|dimwits?|bozos?|cretins?|halfwits?"
    r"|dolts?|nitwits?|twits?|pillocks?|plonkers?|nincompoops?|liabilit(?:y|ies)|jokers?"
    r"|disasters?|menaces?|monkeys?|children|toddlers?|hacks?|incompetents?|jokes?|farces?"
    r"|shambles|disgraces?|embarrassments?|bad (?:eggs|apples)|dead ?weight|weak links?)"
)
_INSULT = re.compile(
    r"\b(?:you|he|she|they|(?:is|are|was|were|it) (?:such )?(?:a|an)?)\s*(?:(?:absolute|complete"
    r"|total|utter|bloody|fucking|bunch of|pack of|such an?|an?|real|proper|right|bit of a"
    r"|few)\s+){0,2}"
    rf"{_INSULTS}\b",
    re.IGNORECASE,
)
_TYPICAL = (
    r"(?:^|\W)(?i:classic|typical|vintage|trust|leave it to|count on|thanks a lot,?|cheers,?)"
    r"\s+"
)
_TYPICAL_TRIGGER = re.compile(
    r"\b(?:classic|typical|vintage|trust|leave it to|count on|thanks a lot|cheers|another"
    r"|one more|once again|what an?)\b",
    re.IGNORECASE,
)
# "Another flawless weekend deploy from the growth squad": praise of a deed credited to people.
_ANOTHER_PRAISED = (
    r"(?i:^\W*(?:another|yet another|one more|once again,? an?|what an?)\s+(?:\w+[ -]){0,4}?)"
)
_AGAINST_ADVICE = re.compile(
    r"^\W*despite (?:the |repeated |explicit |clear )?(?:advice|warnings?|objections|pushback)"
    r"(?: (?:from|of|by) [^,]{1,80})?,\s*(?=\S+(?: \S+){0,4} (?:decides?|decided|chose|chooses"
    r"|went ahead|goes ahead|pushed|pushes|insisted|insists)\b)"
    r"|\bagainst (?:all|every|the|explicit|repeated|our|my|their|everyone's|expert"
    r"|(?:the |our |their )?(?:[\w-]+ ){0,2}?[\w-]+['’]s) (?:\w+ )?"
    r"(?:advice|warnings?|guidance|objections|recommendations?|pushback|instructions)"
    r"|\b(?:thought|decided|figured|assumed) (?:that )?[^.;]{0,80}?(?:was|would be) a (?:good"
    r"|great|brilliant|smart|fine) idea",
    re.IGNORECASE,
)


def _insult(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    why = '"{phrase}" is an insult; describe what happened and what made it easy'
    found = _INSULT.search(sentence)
    if found is None:
        return None
    copula = found.group(0).split(" ", 1)[0].lower() in _COPULA
    if copula and not has_human_agent(sentence[: found.start()], extra):
        return None  # "My first project was a disaster": said of a thing
    return _phrase(_INSULT, sentence, "character", why, 0.8)


def _typical(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    if not _TYPICAL_TRIGGER.search(sentence):
        return None
    patterns = _patterns(extra)
    for name in ("typical", "another"):
        found = _best_agent(patterns[name], sentence, extra)
        if found is None:
            continue
        match, sure = found
        if name == "another":
            middle = sentence[: match.start("who")]
            if not any(valence().get(w, 0.0) >= 1.5 for w in _words(middle)):
                continue
        return LexiconVerdict(
            "sarcasm",
            _who(match),
            f'"{sentence[: match.end("who")].strip()}" mocks {_who(match)} for a pattern; '
            "describe the conditions that keep recurring",
            round(0.75 * sure, 2),
        )
    return None


def _phrase_after_agent(
    pattern: re.Pattern[str],
    sentence: str,
    extra: frozenset[str],
    kind: str,
    why: str,
    confidence: float,
) -> LexiconVerdict | None:
    """A verdict from a phrase said after a human agent; `why` gets {phrase} and {who}."""
    found = pattern.search(sentence)
    if found is None:
        return None
    agent = _best_agent(_patterns(extra)["agent"], sentence[: found.start()] + " ", extra)
    if agent is None:
        return None
    who = _who(agent[0])
    text = why.format(phrase=found.group(0), who=who)
    return LexiconVerdict(kind, who, text, round(confidence * agent[1], 2))


def _against_advice(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    why = (
        '"{phrase}" makes {who}\'s judgement the cause; ask what made the choice look '
        "reasonable at the time"
    )
    return _phrase_after_agent(_AGAINST_ADVICE, sentence, extra, "slip", why, 0.75)


def judge_broadly(sentence: str, extra: frozenset[str] = frozenset()) -> LexiconVerdict | None:
    """The broad reading of one sentence (see the module docstring), or None."""
    checks = (
        _sanction,
        _insult,
        _sarcasm,
        _typical,
        _against_advice,
        _verdict,
        _possessive,
        _passive_by,
        _subject,
        _rhetoric,
    )
    for check in checks:
        verdict = check(sentence, extra)
        if verdict is not None:
            return verdict
    return None


def _subject(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    if not _evaluative(sentence):
        return None  # no evaluative word at all: no need to find the subjects
    for match in _patterns(extra)["subject"].finditer(sentence):
        sure = _certainty(match, sentence, extra)
        if sure is None or match.group("who").lower() in _NOT_SUBJECTS:
            continue
        said = _predicate(sentence, match.end())
        words = _verb_phrase_words(said)
        if words:
            return LexiconVerdict(
                "character",
                _who(match),
                f"says {', '.join(repr(w) for w in words[:3])} of {_who(match)} (negative in "
                "an opinion lexicon): a verdict on a person rather than a description of what "
                "happened and what made it possible",
                round(0.65 * sure, 2),
            )
    return None


def _passive_by(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    if " by " not in sentence:
        return None
    found = _best_agent(_patterns(extra)["by"], sentence, extra)
    if found is None:
        return None
    match, sure = found
    clause = sentence[: match.start("who")]
    clause = clause[max(clause.rfind(","), clause.rfind(";"), 0) :]
    words = _evaluative(clause)
    cue = _LAPSE_CUE.search(clause)
    if not words and cue is None:
        return None
    word = words[0] if words else cue.group(0) if cue else ""
    return LexiconVerdict(
        "cause",
        _who(match),
        f'a passive with "by {_who(match)}" and "{word}" makes {_who(match)} the cause; say '
        "what let the step through",
        round(0.7 * sure, 2),
    )


def _possessive(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    if "'s " not in sentence and "’s " not in sentence:
        return None
    for match in _patterns(extra)["possessive"].finditer(sentence):
        sure = _certainty(match, sentence, extra)
        if sure is None:
            continue
        noun = match.group("noun").lower()
        phrase = sentence[match.end("who") : match.end()].lower()
        if re.fullmatch(_FAILING_NOUNS, noun) or _evaluative(phrase):
            return LexiconVerdict(
                "character",
                _who(match),
                f'"{_who(match)}{phrase}" names a person\'s failing as the cause',
                round(0.7 * sure, 2),
            )
    return None


def _verdict(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    found = _best_agent(_patterns(extra)["verdict"], sentence, extra)
    if found is None:
        return None
    match, sure = found
    said = sentence[match.end("who") : match.end()].strip()
    return LexiconVerdict(
        "character",
        _who(match),
        f'"{_who(match)} {said}" passes a verdict on a person',
        round(0.7 * sure, 2),
    )


def _phrase(
    pattern: re.Pattern[str], sentence: str, kind: str, why: str, confidence: float
) -> LexiconVerdict | None:
    """A verdict from a phrase that blames on its own; `why` gets the phrase as {phrase}."""
    found = pattern.search(sentence)
    if found is None:
        return None
    return LexiconVerdict(kind, None, why.format(phrase=found.group(0).strip()), confidence)


def _sarcasm(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    irony = _phrase(
        _IRONY, sentence, "sarcasm", '"{phrase}" is irony aimed at people; say what happened', 0.75
    )
    if irony is not None:
        return irony
    praise = _SARCASM.search(sentence)
    if praise is None:
        return None
    rest = sentence[praise.end() :]
    act = re.search(r"\b(?:for|on)\s+(?P<act>[^.;]*)", rest, re.IGNORECASE)
    what = act.group("act") if act else rest
    if _RECOVERY_ACT.search(what):
        return None
    harmful = _HARMFUL_ACT.search(what) or re.search(
        r"\b(?:down|outage|broke|broken|breaking|deleted|wiped|dropped|took|taking|brought"
        r"|bringing|lost|losing|crash\w*|pag\w+ everyone|woke|disabl\w+|weekend|friday"
        r"|good idea|great idea)\b",
        what,
        re.IGNORECASE,
    )
    if harmful is None:
        return None
    found = _best_agent(_patterns(extra)["agent"], sentence, extra)
    who = _who(found[0]) if found else None
    return LexiconVerdict(
        "sarcasm",
        who,
        f'praise ("{praise.group(0).strip()}") for "{harmful.group(0)}" is sarcasm aimed at '
        "people; say what happened and what made it possible",
        0.75,
    )


def _sanction(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    alone = '"{phrase}" asks for a sanction; a postmortem asks what to change'
    standalone = _phrase(_SANCTION, sentence, "accountability", alone, 0.8)
    if standalone is not None:
        return standalone
    why = '"{phrase}" asks for a sanction against {who}; a postmortem asks what to change'
    return _phrase_after_agent(_SANCTION_NEEDS_AGENT, sentence, extra, "accountability", why, 0.8)


def _rhetoric(sentence: str, extra: frozenset[str]) -> LexiconVerdict | None:
    why = '"{phrase}" is a rhetorical reproach aimed at people; ask what made it easy'
    return _phrase(_RHETORIC, sentence, "character", why, 0.7)


def has_human_agent(sentence: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a person, role, team or vendor (not "you", not "we") is named in `sentence`.

    A capitalised word that only looks like a name does not count ("How I Broke ..." in a
    title): the learned model gated by this must not fire on Title Case or product names.
    """
    for match in _patterns(extra)["agent"].finditer(sentence):
        sure = _certainty(match, sentence, extra)
        if sure is not None and sure >= 0.8 and match.group("who").lower() != "you":
            return True
    return False
