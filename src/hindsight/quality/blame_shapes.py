"""Shapes of blame found in fresh real postmortem prose that the agent grammar does not reach.

Real retros written outside the project (blogs, vendor complaints, student project reviews)
blame in shapes where the agent is not the grammatical subject before a lapse verb:

- a dependency's silence: "Still no word from Rackspace", "we have yet to hear back from the
  vendor" (the vendor is often a product name the name lists do not know);
- a share of a group that did not do its part: "Not all team members attended meetings";
- people called a bad lot: "a few bad eggs who sour the whole team";
- support that cannot be reached: "getting through to their support team was almost impossible";
- scorn for an excuse: "whatever their excuse".

Round 12 added the shapes of issue threads, provider news and chain incident reports
(`judge_conduct`): a provider acting against its customer without warning, verdicts on
conduct ("an inappropriate attitude"), blame shifting, people who only complain or do not help,
scare-quoted roles ("this 'expert'"), "your change broke it", "stop pushing", "they don't care",
a dependency's silence in hindsight ("had they informed us"), not following the rules given,
slips at work with the agent far from the verb or in a "by" phrase, omissions given as the
cause ("due to not backing up"), and community groups that did not take part.

`judge_shapes(sentence)` returns the first shape found as a `Verdict`, or None. The guard
(`blame_guard.cleared`) still applies to what it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hindsight.quality.blame_clauses import _ROLE, _ROLE_PHRASE, Verdict

_SILENCE = re.compile(
    r"\b(?:still no|no|never heard|(?:have|has|had) yet to hear|(?:have|has) not heard)"
    r" (?:a |any )?(?:(?:word|reply|update|news|anything|back)(?: \w+){0,2}? from"
    r" (?P<who>(?:the |our |their )?(?!(?:DNS|API|DB|NTP|LDAP|SMTP|HTTPS?|TCP|UDP|TLS|SSL|VPN|CI"
    r"|S3|IP|ICMP)\b)(?:[A-Z][\w&.'’-]*(?: (?:&|and) )?)+)"
    r"|(?:word|response|reply|answer|update|news|anything|back)(?: \w+){0,2}? from"
    r" (?P<role>(?:the |our |their )?(?:vendor|provider|supplier|support|host|registrar|isp"
    r"|partner|contractor|landlord|agency)s?(?: team)?))",
)
_SOME_DID_NOT = re.compile(
    r"^\W*not (?:all|every|everyone|everybody)(?: of)?(?: the| our)? (?P<who>(?:[\w-]+ ){0,2}?"
    r"(?:members?|engineers?|developers?|people|staff|students?|contributors?|participants?"
    r"|reviewers?|teams?))\b (?:\w+ ){0,2}?(?:attended|helped|contributed|did (?:their|his|her|any)"
    r"|came|showed up|took part|kept|followed|responded|replied|participated|completed|finished"
    r"|delivered|read|tested|reviewed|communicated|pulled|pitched in|bothered)\b",
    re.IGNORECASE,
)
_BAD_LOT = re.compile(
    r"\b(?:a few|some|the|one|a couple of|couple of|our|their) (?:bad (?:eggs|apples)|rotten apples"
    r"|weak links?|dead ?weight)\b",
    re.IGNORECASE,
)
_UNREACHABLE = re.compile(
    r"\b(?:getting through to|reaching|contacting|getting hold of|talking to) (?:their|the|its"
    r"|our)? ?(?:[\w-]+ ){0,2}?(?P<who>support(?: team| desk| staff)?|vendor|provider|helpdesk"
    r"|help desk|account manager|sales team)\b (?:\w+ ){0,2}?(?:was|is|proved|remained)"
    r" (?:\w+ )?(?:impossible|a nightmare|hopeless|futile|pointless|a joke)\b",
    re.IGNORECASE,
)
_EXCUSE_SCORN = re.compile(
    r"\bwhatever (?P<who>their|his|her|your) (?:excuse|reason)s?\b|\b(?:of|with|more|usual|same)"
    r" (?P<who3>their|his|her) excuses\b|\bso-called (?P<who4>(?:[\w-]+ ){0,2}?(?:support|experts?"
    r"|engineers?|team|professionals?|seniors?|developers?|admins?|managers?|leadership))\b|\b(?:however|how) cheap"
    r" (?P<who2>they|he|she) (?:are|is|were|was)\b",
    re.IGNORECASE,
)


# Shapes that blame whoever the subject is (anyone but "we"): "abandoned their responsibilities",
# "the mess they created", "they were bad at billing", "conveniently leaves out".
_ANY_AGENT = re.compile(
    r"(?i:\babandon(?:ed|s|ing)? (?:their|his|her|its) (?:failed \w+|responsibilit\w+|users|customers"
    r"|community|duties|posts?|promises?|investors)\b"
    r"|\bthe mess (?:they|he|she|you) (?:had )?(?:created|made|left|caused)\b"
    r")|\b(?i:they|he|she) (?i:(?:were|was|are|is) (?:\w+ )?(?:bad|terrible|awful"
    r"|hopeless|useless|rubbish|clueless) at)\b(?! (?:first|the (?:start|beginning)))"
    r"|(?i:\bconveniently (?:\w+ )?(?:leaves? out|left out|omit\w*|forg[eo]t\w*|ignor\w*|neglect\w*"
    r"|skip\w*|fail\w*|blam\w*))"
    r"|\b(?i:caused|triggered|worsened|made worse) by (?:the )?(?:[A-Z][\w&.-]*\s){1,4}(?:'s )?"
    r"(?i:efforts?|actions?|decisions?|choices?|mismanagement|handling|negligence|greed"
    r"|incompetence|stewardship)\b"
    r"|\b(?:[A-Z][\w&.-]*\s(?:&\s|and\s)?){1,4}(?:'s |’s )?(?i:refusal|failure|inability"
    r"|unwillingness) to (?i:engage|communicate|pay|refund|listen|acknowledge|disclose|notify"
    r"|apologi[sz]e|cooperate|explain|admit)\b"
    r"|(?i:\b(?:their|his|her) idea of (?:support|service|help|testing|communication|customer"
    r" service|a fix|urgent) is"
    r"|\bcould(?:n't| not) organi[sz]e a\b|\b(?:shown|showed|show) (?:no|little) interest in"
    r"|\b(?:ran|run|running) (?:the|it|this|our|their) (?:\w+ )?into the ground"
    r"|\b(?:no one|nobody|none of them)\b[^.]{0,40}\bknows? what (?:they|he|she|you) (?:are|is"
    r"|was|were) doing"
    r"|\bso-called (?:fix|improvement|upgrade|solution|patch|expert)"
    r"|\b(?:they|he|she|manager|support|vendor|provider|team|company|contractor|owners?"
    r"|founders?|maintainers?|developers?|devs) (?:has|have) gone (?:very |completely |totally )?"
    r"(?:quiet|silent|dark|missing)\b)"
    r"|(?i:\bthanks for nothing\b|^\W*who (?:the hell |on earth )?(?:approved|wrote|merged|shipped"
    r"|signed off on|deployed|built) (?:this|that|these) (?:\w+ )?(?:garbage|crap|junk|mess|rubbish"
    r"|disaster|nonsense)\b)"
    r"|(?i:^\W*despite (?:the |repeated |explicit |clear )?(?:advice|warnings?|objections|pushback"
    r"|concerns)\b[^.]{0,160}?\b(?:decides?|decided|chose|chooses|went ahead|goes ahead"
    r"|pressed on|insisted)\b)",
)


# What was done to us, the customer: "I was passed from pillar to post by their support".
_DONE_TO_US = re.compile(
    r"\b(?:I|we) (?:was|were|got|kept getting) (?:passed|bounced) (?:from pillar to post|around"
    r"|back and forth|between)|\bpassed from pillar to post"
    r"|\bpromised (?:call-?back|fix|update|response|reply|refund)\b[^.;]{0,40}\bnever (?:came"
    r"|arrived|happened|materiali[sz]ed|showed)"
    r"|\b(?:their|the vendor's|the provider's|the host's) status page (?:\w+ly )?(?:showed|reported"
    r"|said|claimed) (?:all|everything)[^.;]{0,40}"
    r"\b(?:while|but|although|even though)\b"
    r"|\b(?:took|take|taking) (?:our|my|the) money and\b",
    re.IGNORECASE,
)

# A sentence about software: "The script conveniently skips unchanged files".
_SYSTEM_SUBJECT = re.compile(
    r"(?:^|,\s*)(?:the|a|an|our|this|each|its)\s+(?:[\w-]+\s+){0,2}?(?:script|service|tool|job"
    r"|system|scheduler|bot|pipeline|code|process|server|api|app|library|function|query|cron"
    r"|controller|worker|automation|algorithm|client|daemon|cluster|node|database|proxy)s?\b",
    re.IGNORECASE,
)


def judge_shapes(sentence: str) -> Verdict | None:
    """A verdict for one of the shapes above, or None."""
    found = _ANY_AGENT.search(sentence)
    if (
        found
        and not re.search(r"\b(?:we|our|I|my)\b", sentence[: found.start()][-40:])
        and not _SYSTEM_SUBJECT.search(sentence[: found.end()])
    ):
        return Verdict(
            "character",
            None,
            f'"{found.group(0)}" passes a verdict on people; describe what they did and what'
            " made it likely",
            0.65,
        )
    found = _DONE_TO_US.search(sentence)
    if found:
        return Verdict(
            "lapse",
            None,
            f'"{found.group(0)}" blames the provider for how it treated you; describe response'
            " times and what you needed instead",
            0.6,
        )
    found = _SILENCE.search(sentence)
    if found:
        who = (found.group("who") or found.group("role")).strip()
        return Verdict(
            "lapse",
            who,
            f'"{found.group(0)}" blames {who} for its silence; describe what the missing word'
            " cost and what would have made the dependency's state visible",
            0.6,
        )
    found = _SOME_DID_NOT.search(sentence)
    if found:
        return Verdict(
            "lapse",
            found.group("who"),
            f'"{found.group(0)}" points at the members who did not pull their weight; describe'
            " what made taking part hard or optional",
            0.7,
        )
    found = _BAD_LOT.search(sentence)
    if found:
        return Verdict(
            "character",
            None,
            f'"{found.group(0)}" judges people as a bad lot instead of describing what happened',
            0.75,
        )
    found = _UNREACHABLE.search(sentence)
    if found:
        return Verdict(
            "character",
            found.group("who"),
            f'"{found.group(0)}" is a verdict on {found.group("who")}; describe the response'
            " times and what you needed",
            0.7,
        )
    found = _EXCUSE_SCORN.search(sentence)
    if found:
        return Verdict(
            "character",
            found.group("who") or found.group("who2") or found.group("who3") or found.group("who4"),
            f'"{found.group(0)}" scorns people instead of describing what they did',
            0.7,
        )
    return judge_conduct(sentence)


# --- shapes of community threads, vendor news and chain incident reports (round 12) ----------

# Who may be the agent of the shapes below: a role, team or vendor phrase, a pronoun, or a
# capitalised name (companies: "Google", "the CA").
_DEPENDENCY = (
    r"(?:(?:the|our|their|a|an) )?(?:[\w-]+ )?(?:carriers?|hosts?|hosting compan(?:y|ies)"
    r"|registrars?|telcos?|upstream(?: maintainers| project| developers)?|cloud providers?"
    r"|datacenters?|data centers?|colos?|landlords?)"
)
_WHO = (
    rf"(?P<who>(?i:{_ROLE_PHRASE}|{_DEPENDENCY})\b|(?i:they|he|she)"
    rf"|(?:the |The )?(?!(?:We|I|Our|My|Us|It|Its|This|That|There|These|Those|The|A|An|If|When"
    r"|While|But|And|So|Then|Had|Have|Has)\b)(?-i:[A-Z][\w&.'’-]+)(?: (?-i:[A-Z][\w&.'’-]+)){0,2})"
)
# First person before the shape: a self-report or the reader's own side ("we shut down ...",
# "our team"); "our provider" is not our side.
_OWN_SIDE = re.compile(
    r"\b(?:we|us|I)\b|\b(?:our|my) (?:own )?(?:team|engineers?|staff|side|company|org\w*"
    r"|people|folks|developers?|admins?|ops)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Shape:
    """One shape: its pattern, the kind of verdict, the reason (with {found}) and confidence."""

    pattern: re.Pattern[str]
    kind: str
    reason: str
    confidence: float
    own_side_clears: bool = True
    # A cheap test that must pass before the pattern is tried (the agent grammar is slow).
    trigger: re.Pattern[str] | None = None


# The rest of one clause: no new subject ("that", "which", "noticed that ...") in between.
_SAME_CLAUSE = (
    r"(?:(?!\b(?:that|which|who|because|until|after|noticed|found|saw|discovered|realised"
    r"|realized|learned|by)\b)[^.;])"
)
# Not after an auxiliary of the passive: "the database was accidentally deleted" names nobody.
_NOT_PASSIVE = r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )(?<!\bis )(?<!\bare )(?<!\bgot )"
# Conduct named as a topic, not a verdict: "our policy forbids unprofessional behaviour".
_CONDUCT_TOPIC = re.compile(
    r"\b(?:polic(?:y|ies)|code of conduct|guidelines?|rules?|forbid\w*|prohibit\w*|bans?|report"
    r"\w*|tolerat\w*|against|no|not|avoid\w*|prevent\w*|discourag\w*|moderat\w*)\b[^.;]{0,40}$",
    re.IGNORECASE,
)

_CONDUCT_SHAPES = (
    # A provider acting against its customer without warning: "shut down the customer's
    # application without warning", "turning off a critical service in a no-warnings-given way".
    _Shape(
        re.compile(
            r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )"
            r"\b(?:shut(?:ting|s)? (?:\w+ ){0,6}?down|turn(?:ed|ing|s)? (?:\w+ ){0,6}?off"
            r"|switch(?:ed|ing|es)? (?:\w+ ){0,6}?off|cut(?:ting|s)? off|suspend(?:ed|ing|s)?"
            r"|terminat(?:ed|ing|es)|delet(?:ed|ing|es)|disabl(?:ed|ing|es)|block(?:ed|ing|s)"
            r"|bann(?:ed|ing)|revok(?:ed|ing|es)|pull(?:ed|ing|s)? the plug on|froze|freez(?:es|ing)"
            r"|lock(?:ed|ing|s)? (?:\w+ ){0,3}?out)\b"
            r"(?=[^.;]{0,60}?\b(?:(?:customer|client|user)(?:s|['’]s|s['’])?|our|my|critical"
            r"|production|business-critical)\b)"
            r"[^.;]{0,120}?(?:\bwithout (?:any |prior |advance |much |a |an |the slightest )?"
            r"(?:warning|notice|notification|explanation|heads-up)\b|\bno[- ]warnings?[- ]given\b"
            r"|\bwith(?:out)? no (?:warning|notice)\b)",
            re.IGNORECASE,
        ),
        "lapse",
        '"{found}" blames the provider for acting without warning; describe the notice you'
        " needed and what depended on it",
        0.65,
    ),
    # Verdicts on conduct: "an inappropriate attitude", "this unprofessional behaviour".
    _Shape(
        re.compile(
            r"\b(?:inappropriate|unacceptable|toxic|hostile|rude|dismissive|condescending"
            r"|arrogant|disrespectful|unprofessional|passive-aggressive|entitled|childish|abusive"
            r"|insulting|obnoxious|belligerent|patronising|patronizing)\s+(?:attitude|behaviou?r"
            r"|conduct|tone|manner|remarks?|comments?|demeanou?r)s?\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" is a verdict on people\'s conduct; describe what was said and done',
        0.7,
    ),
    # Reproach for shifting blame: "doubling down on the blame shifting", "passed the buck".
    _Shape(
        re.compile(
            r"(?<!\bnot )(?<!\bwithout )(?<!\bno )\b(?:blame[- ]shifting|shift(?:ed|ing|s)? (?:the"
            r" )?blame|pass(?:ed|ing|es)? the buck|(?:attempt|tried|trying|effort)s? to (?:blame"
            r" (?:this|it|that|the \w+) on|shift (?:the )?blame|deflect))\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" reproaches people for deflecting blame; describe the disagreement and the'
        " evidence instead",
        0.65,
    ),
    # Reproach of people who only complain and do not help: "ONLY complaining", "Stop
    # complaining", "with no one pitching in", "not doing anything helpful".
    _Shape(
        re.compile(
            r"\b(?:stop|quit|only|instead of|rather than|nothing but"
            r"|all (?:they|you|he|she) (?:ever )?(?:do|did|does) is) (?:whin(?:e|ing)"
            r"|complain(?:ing)?|moan(?:ing)?|bitch(?:ing)?|rant(?:ing)?|grip(?:e|ing)"
            r"|shout(?:ing)? at|yell(?:ing)? at)\b"
            r"|\b(?:no one|nobody|no-one|none of (?:them|you|us)) (?:\w+ )?(?:pitch(?:ing|ed|es)? in"
            r"|help(?:ing|ed|s)? out|lift(?:ing|ed|s)? a finger|bother(?:ing|ed|s)? to)\b"
            r"|\bnot (?:doing|providing|offering|contributing|giving) (?:anything|any(?: \w+)?)"
            r" (?:helpful|useful|constructive|productive)\b"
            r"|\bnot (?:providing|offering|giving|contributing) any (?:constructive|useful|real"
            r"|actual) (?:help|feedback|input|fix|patch)\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" reproaches people for not helping; describe what help was needed and how to'
        " ask for it",
        0.65,
    ),
    # Sarcasm through scare quotes: "a server this 'expert' destroyed".
    _Shape(
        re.compile(
            r"\b(?:this|that|the|these|those|our|their|his|her|so-called) [\"'‘“](?P<who>experts?"
            r"|professionals?|specialists?|consultants?|engineers?|seniors?|genius(?:es)?"
            r"|admins?|sysadmins?|pros?|gurus?|wizards?|support)[\"'’”]"
            r"(?=\s+(?:who|had|has|was|were|is|are|did|didn't|never|just|then|[a-z]+ed)\b"
            r"|[,.;:!?]|$)",
            re.IGNORECASE,
        ),
        "sarcasm",
        '"{found}" mocks people\'s skill; describe what they did and what it cost',
        0.65,
    ),
    # Screwing up as the reason for anger: "pissed at a vendor for screwing up".
    _Shape(
        re.compile(
            rf"\b{_WHO} for (?:screwing|messing|fouling|cocking|mucking|stuffing|effing|fucking)"
            r" (?:it |things |this |that |everything |(?:\w+ )?\w+ )?up\b",
        ),
        "lapse",
        '"{found}" blames {who} for the failure; describe what went wrong and what would catch it',
        0.65,
        trigger=re.compile(r"\bfor \w+ing (?:\w+ )?up\b"),
    ),
    # A person's change as the cause, in the second or third person: "your last release broke
    # every downstream project", "his refactor took down the importer".
    _Shape(
        re.compile(
            r"\b(?:your|his|her) (?:\w+ )?(?:release|change|commit|pr|pull request|patch|update"
            r"|upgrade|merge|refactor(?:ing)?|push|deploy(?:ment)?|rewrite|script|migration|edit)s?"
            r" (?:\w+ ){0,2}?(?:broke|breaks|has broken|have broken|took down|takes down|caused"
            r"|wiped|deleted|corrupted|brought down|regressed)\b(?! (?:nothing|no)\b)",
            re.IGNORECASE,
        ),
        "slip",
        '"{found}" makes a person\'s change the cause; describe the change and the check that'
        " would have caught it",
        0.65,
    ),
    # Imperative reproach: "Stop pushing untested changes to master".
    _Shape(
        re.compile(
            r"(?:^\W*|[,;:!]\s+|\b(?:or|but|then)\s+)(?:(?:just|seriously|so|now|guys),? )?"
            r"(?:stop|quit) (?:\w+ly )?(?:pushing|merging|breaking|deploying|shipping|ignoring"
            r"|closing|committing|force-pushing|releasing|tagging)\b"
            r"|\b(?:refrain|restrain) from doing (?:so|that|this) (?:again|in the future)\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" reproaches people; describe what the change broke and the check to add',
        0.65,
    ),
    # Not caring about the people affected: "the devs clearly don't care about older distros".
    _Shape(
        re.compile(
            rf"\b{_WHO}(?: \w+){{0,2}}? (?:\w+ly |just |simply )?(?i:don't|do not|doesn't|does not"
            r"|didn't|did not|never|couldn't|could not) (?:really |even |seem to |appear to )?"
            r"(?i:care|give a damn|give a (?:shit|toss|hoot)) (?i:about|for|that|if|whether)\b",
        ),
        "character",
        '"{found}" is a verdict on {who}\'s attitude; describe what was asked and what happened',
        0.65,
        trigger=re.compile(r"\b(?:care|give a)\b", re.IGNORECASE),
    ),
    # A dependency's silence in hindsight: "Had they informed us, we would have ...", "if the
    # vendor had told us".
    _Shape(
        re.compile(
            rf"(?:(?:^|[,;:(\"“] ?)(?i:had)|\b(?i:if)) {_WHO} (?:(?i:had) )?(?:\w+ly )?"
            r"(?i:informed|told|notified|warned|alerted|contacted|called|emailed|updated"
            r"|let us know|communicated with)"
            r"(?i: (?:us|me|customers|users|anyone|their customers|the \w+))\b",
        ),
        "counterfactual",
        '"{found}" blames {who} in hindsight for not telling you; describe the notice you needed'
        " and how the dependency's state could have been seen",
        0.7,
    ),
    # An omission of a dependency in the passive: "was not fundamentally improved by the
    # providers", "had never been disclosed by the vendor".
    _Shape(
        re.compile(
            r"\b(?:was|were|has|have|had)(?: been)? (?:not|never)(?: been)?(?: \w+ly)?"
            r" (?:fixed|addressed|resolved|patched|communicated|disclosed|announced"
            r"|acknowledged|documented|shared|escalated|investigated|repaired)"
            r" (?:\w+ ){0,3}?by (?:the |its |their )?(?:[\w-]+ )?(?P<who>vendors?|providers?"
            r"|suppliers?|isps?|hosts?|registrars?|carriers?|contractors?|partners?"
            r"|maintainers?|manufacturers?|telcos?|operators?)\b",
            re.IGNORECASE,
        ),
        "lapse",
        '"{found}" blames {who} for an omission; describe what the dependency promised and how'
        " its state was visible",
        0.65,
    ),
    # Not following the rules given: "Validators did not perform the best practices", "can't
    # follow guidelines", "never adhered to the documented procedure".
    _Shape(
        re.compile(
            rf"\b{_WHO}(?: [^.;]{{1,60}}? (?:and|but|yet)(?: then)?)? (?:\w+ly )?"
            r"(?i:did not|didn't|do not|don't|does not|doesn't|failed to"
            r"|never|can't|cannot|could not|couldn't|won't|would not|wouldn't|refused to)"
            r"(?i: even)? (?i:follow|perform|apply|observe|adhere to|stick to|comply with|respect"
            r"|carry out|implement) (?i:the |basic |simple |their own |our |any |standard"
            r" |documented |published |recommended |required )*(?:[\w-]+ )?(?i:best practices?"
            r"|guidelines?|instructions?|procedures?|rules|requirements|recommendations?"
            r"|recommended steps|steps|polic(?:y|ies)|runbooks?|playbooks?|checklists?)\b",
        ),
        "lapse",
        '"{found}" blames {who} for not following the rules; ask what made the rules hard to'
        " follow or easy to skip",
        0.7,
        trigger=re.compile(
            r"\b(?:practices?|guidelines?|instructions?|procedures?|rules|requirements"
            r"|recommendations?|steps|polic(?:y|ies)|runbooks?|playbooks?|checklists?)\b",
            re.IGNORECASE,
        ),
    ),
    # A slip made while at work, the agent left out or far from the verb: "while troubleshooting
    # accidentally pushed a change", "a GitLab engineer working late to resolve a replication
    # issue accidentally ran rm -rf".
    _Shape(
        re.compile(
            r"\b(?i:while|whilst|when) (?:troubleshooting|investigating|debugging|fixing"
            r"|responding|cleaning up|migrating|trying to|working on|attempting to)\b"
            rf"{_SAME_CLAUSE}{{0,80}}?"
            rf"{_NOT_PASSIVE}(?<!\bwe )(?<!\bI )(?<!\bit )\b(?:accidentally|mistakenly|inadvertently"
            r"|unintentionally|erroneously) (?:\w+ed|ran|sent|set|put|wrote|made|took|hit|cut"
            r"|left|brought)\b"
            rf"|\b(?i:{_ROLE_PHRASE}),? (?:[a-z]+ing|who (?:was|were) [a-z]+ing)\b"
            rf"{_SAME_CLAUSE}{{0,100}}?{_NOT_PASSIVE}"
            r"\b(?:accidentally|mistakenly|inadvertently|unintentionally|erroneously)"
            r" (?:\w+ed|ran|sent|set|put|wrote|made|took|hit|cut|left|brought)\b",
        ),
        "slip",
        '"{found}" makes a person\'s slip the cause; describe the guard rail that was missing',
        0.65,
        trigger=re.compile(
            r"\b(?:accidentally|mistakenly|inadvertently|unintentionally|erroneously)\b",
            re.IGNORECASE,
        ),
    ),
    # A slip in the passive with the person named: "an inadvertent misconfiguration of the
    # service by Google operators", "the accidental deletion of the volume by an engineer".
    _Shape(
        re.compile(
            r"\b(?:inadvertent|accidental|mistaken|erroneous|careless|unintended) (?:[\w-]+ ){0,2}?"
            r"(?:misconfiguration|configuration|change|deletion|removal|push|deploy(?:ment)?"
            r"|command|edit|update|entry|input|action|shutdown|restart)s?\b"
            rf"(?: (?:of|to|on|in|for)(?: [\w().-]+){{1,6}}?)?,? by (?i:{_ROLE_PHRASE})",
        ),
        "slip",
        '"{found}" makes a person\'s slip the cause; describe the guard rail that was missing',
        0.7,
    ),
)
_PARTY = (
    r"(?:a|an|the|our|their|one of (?:our|their|the)) (?:[\w-]+ )?(?P<who>vendors?|providers?"
    r"|suppliers?|registrars?|hosts?|hosting (?:company|provider)|partners?|contractors?"
    r"|resellers?|landlords?|carriers?)"
)
_PROVIDER_SHAPES = (
    # Round 13: a provider's act against its customer given as the cause: "the outage was caused
    # by our registrar suspending the domain".
    _Shape(
        re.compile(
            rf"\b(?:caused by|due to|because of|(?:the )?result of|triggered by) {_PARTY}\s+"
            r"(?:\w+ly )?(?:suspending|terminating|deleting|disabling|blocking|revoking|cancell?ing"
            r"|closing|shutting down|locking|withdrawing|pulling|not renewing|failing to|refusing"
            r"|forgetting)\b",
            re.IGNORECASE,
        ),
        "lapse",
        '"{found}" makes the {who}\'s act the cause; describe the dependency and the notice or'
        " safeguard that was missing",
        0.65,
        own_side_clears=False,
    ),
    # Round 13: an error made by a provider: "an administrative error made by one of our
    # suppliers", "a billing mistake on the part of the hosting company".
    _Shape(
        re.compile(
            r"\b(?:errors?|mistakes?|oversights?|blunders?|slip-?ups?|screw-?ups?)\s+(?:made |committed"
            rf" )?(?:by|on the part of) {_PARTY}\b",
            re.IGNORECASE,
        ),
        "slip",
        '"{found}" makes the {who}\'s mistake the cause; describe the dependency and what would'
        " have caught it",
        0.65,
        own_side_clears=False,
    ),
    # Round 13: reproach that others should do more: "companies that rely on it could and should
    # do more", "the maintainers need to do better" (not "we should do better": collective).
    _Shape(
        re.compile(
            r"(?<!\bwe )(?<!\bI )(?<!\bus )\b(?:could and should|should and could|should|ought"
            r" to|need to|needs to|must) (?:really )?(?:do|be doing|have done) (?:a lot |much |far"
            r" |way |a bit |a little )?(?:more|better)(?= *(?:to\b|than\b|[.,;!]|$))",
            re.IGNORECASE,
        ),
        "lapse",
        '"{found}" reproaches people for not doing enough; name the safeguard that was missing',
        0.6,
        trigger=re.compile(r"\b(?:more|better)\b"),
    ),
)
# Who an organisation's verdict names: its board, bosses, management, staff or the company.
_ORG_OWNER = r"(?:[A-Z][\w&.'’-]+(?:'s|’s)? )"
_ORG_PEOPLE = (
    r"(?i:board(?: members)?|bosses|management|executives|leadership|directors|company|bank"
    r"|firm|operator|provider|carrier|airline|staff)"
)
# Who is blamed in a news report's object: a role or organisation, or a proper name.
_BLAMED = (
    rf"(?i:{_ROLE_PHRASE}|(?:the|its|their) (?:[\w-]+ )?(?:compan(?:y|ies)|firm|bank|airline"
    r"|insurer|retailer|carrier|hospital|trust|council|regulator|government|ministry|board"
    r"|authority|operator|provider|vendor|contractor|management))"
    r"|(?-i:(?:(?:Ms|Mr|Mrs|Dr)\.? )?[A-Z][\w&.'’-]+(?: [A-Z][\w&.'’-]+){0,2})"
)
_MORE_SHAPES = (
    # Round 20: the fault given to a person by a possessive pronoun: "it was his fault", "their
    # own mistake", "your negligence" (not "my"/"our": a writer's own slip is described; not
    # "its": a part's fault; not when denied: "wasn't their fault", "through no fault of").
    _Shape(
        re.compile(
            r"(?<!\bnot )(?<!n't )(?<!\bno )(?<!\bnever )(?<!\bnot all )(?<!\bnot entirely )"
            r"(?<!\bnot really )(?<!\bnot just )\b(?P<who>his|her|their|your)"
            r" (?:own |entire |whole )?(?:fault|mistake|negligence|carelessness|incompetence"
            r"|blunder|screw-?up|stupidity|laziness)\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" makes a person the cause; describe what made the slip possible',
        0.75,
        own_side_clears=False,
        trigger=re.compile(
            r"\b(?:his|her|their|your) (?:own |entire |whole )?(?:fault|mistake|negligen|careless"
            r"|incompeten|blunder|screw|stupid|lazi)",
            re.IGNORECASE,
        ),
    ),
    # Round 20: people named as culprits by what they do: "as one of the culprits explains",
    # "the offenders owe him a case of wine" (a culprit that is a thing: "the culprit was a
    # stale cache" has no verb of a person).
    _Shape(
        re.compile(
            r"\b(?:the|one of the|two of the|both|all) (?P<who>culprits?|offenders?|perpetrators?"
            r"|guilty part(?:y|ies))\b,? (?:\w+ )?(?:explains?|explained|said|says|admitted|admits"
            r"|owes?|apologi[sz]ed|confessed|wrote|told|claims?|claimed)\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" calls people culprits; describe what was done and what allowed it',
        0.7,
        own_side_clears=False,
    ),
    # Round 20: impunity said of people: "they got away with it".
    _Shape(
        re.compile(
            r"\b(?P<who>they|he|she|you|managers?|bosses|executives?) got away with\b", re.I
        ),
        "character",
        '"{found}" says people escaped a sanction; describe what made the act possible',
        0.65,
        own_side_clears=False,
    ),
    # Round 13: an omission in the passive with the people named: "the change had not been
    # reviewed by the team", "the report was never answered by the maintainers".
    _Shape(
        re.compile(
            r"\b(?:had|has|have|was|were)(?:n't| not| never) (?:been )?(?:\w+ly )?(?:identified"
            r"|noticed|reviewed|tested|checked|caught|spotted|read|approved|communicated|announced"
            r"|escalated|updated|documented|acted on|addressed|answered|seen|triaged|followed"
            # round 19: "was never renewed by the security team", "were not acted upon by …"
            r"|renewed|rotated|patched|acted upon|followed up|investigated|verified|tested)"
            r" by (?:the |their |a |an |any )?(?:[\w-]+ )?(?P<who>team|engineers?|staff|maintainers?"
            r"|developers?|reviewers?|owners?|admins?|operators?|support|on-?call|anyone|anybody"
            r"|members?|vendors?|providers?)\b",
            re.IGNORECASE,
        ),
        "lapse",
        '"{found}" makes an omission by the {who} the cause; describe what made it easy to miss',
        0.6,
    ),
    # Round 13: a person did what was not meant to happen: "you merged a branch that wasn't
    # supposed to be merged", "he deployed a build that was not meant for production".
    _Shape(
        re.compile(
            r"\b(?P<who>you|he|she|they)\s+(?:\w+ly )?(?:merged|pushed|deployed|released|shipped"
            r"|tagged|ran|applied|deleted|closed|published|committed|enabled|disabled)\s+(?:\w+ )"
            r"{0,3}?(?:that|which) (?:wasn't|was not|weren't|were not|isn't|is not|shouldn't have"
            r" been|should not have been) (?:supposed|meant|ready|approved|allowed)\b",
            re.IGNORECASE,
        ),
        "lapse",
        '"{found}" makes the {who} the cause; describe the check that let it through',
        0.65,
    ),
    # Round 13: scorn said to people: "shame on you", "shame on them".
    _Shape(
        re.compile(
            r"(?<!\bno )\bshame on (?:you|them|him|her|(?:the|those|these) [\w-]+)\b", re.IGNORECASE
        ),
        "character",
        '"{found}" shames people; describe what was done and what it caused',
        0.7,
    ),
    # Round 14: verdicts on an organisation's people in news and regulators' reports: "the
    # board underestimated the scope", "the board were too optimistic", "the bank did not give
    # sufficient consideration to …", "the provider struggled to communicate".
    _Shape(
        re.compile(
            rf"\b(?P<who>(?:the |its |their |{_ORG_OWNER})?(?:\w+ )?{_ORG_PEOPLE})\b(?: \w+){{0,2}}?"
            r" (?:underestimated|misjudged|ignored the|neglected|overlooked|(?:was|were) (?:too|overly)"
            r" (?:optimistic|complacent|confident|slow)|(?:did not|didn't|failed to|struggled to|was"
            r" slow to|were slow to) (?:give|put|ask|consider|prepare|communicate|notice|plan"
            r"|anticipate|understand|acknowledge|challenge|check|test|follow|heed|act))\b",
        ),
        "lapse",
        '"{found}" is a verdict on the {who}; describe the decision, what was known then and'
        " what made the risk hard to see",
        0.6,
    ),
    # Round 14: blame reported: "bosses slammed for complacency", "sysadmin fingered for …
    # crash", "set to be criticised for failing to prepare", "faulted over the outage".
    _Shape(
        re.compile(
            r"\b(?:slammed|criticised|criticized|fingered|faulted|censured|rebuked|castigated"
            r"|lambasted|blasted|scapegoated|grilled|savaged) (?:for|over)\b"
            # round 18, Australian and British news: "copped a parliamentary bashing for",
            # "was in the firing line from senators for", "to take the brunt of criticism"
            r"|\bcop(?:ped|s|ping)? (?:a |an )?(?:\w+ )?(?:bashing|serve|grilling|roasting"
            r"|hammering|spray|earful)\b|\bin the firing line\b"
            r"|\b(?:take|took|takes|taking|bear|bore|bears|bearing) (?:the )?(?:brunt of (?:the )?)?"
            r"(?:criticism|blame)\b",
            re.IGNORECASE,
        ),
        "lapse",
        '"{found}" reports blame on people; say what the review found about the system',
        0.6,
        own_side_clears=False,
    ),
    # Round 17: blame reported in news in its own idioms, with the blamed one in the object:
    # "accused the airline of ignoring warnings", "has faced sharp criticism over", "came under
    # fire for", "criticised Ms X's explanations", "deflected responsibility", "blamed the bank
    # for", "held the operator responsible", "pointed the finger at management".
    _Shape(
        re.compile(
            r"\baccus(?:e|es|ed|ing) (?:both )?(?:[\w'’-]+ ){0,5}?of (?:[\w-]+ ){0,2}?(?:fail\w*"
            r"|ignor\w*|neglect\w*|negligen\w*|incompeten\w*|mismanag\w*|mislead\w*|downplay\w*"
            r"|hiding|covering|cover-?ups?|delay\w*|complacen\w*|cutting corners|not doing"
            r"|sitting on|lying|reckless\w*|botch\w*|mishandl\w*|abandon\w*|stonewall\w*)\b"
            r"|\b(?:faced?|facing|drew|drawn|draws?|attract\w*|(?:came|come|comes|coming|is|was"
            r"|were|are) under) (?:\w+ ){0,2}?(?:criticism|fire|scrutiny|flak|backlash|condemnation"
            r"|censure) (?:for|over|of (?:its|their|his|her) (?:handling|response|conduct|failure"
            r"|decision))\b"
            # round 18: "the fault was on Delta's side", "the blame lies with the contractor"
            rf"|\b(?:fault|blame) (?:was|is|lies|lay|rests|rested) (?:squarely |firmly )?(?:on"
            rf"|with) (?P<faulted>(?!(?:us|our|we|me|my|the system|nobody|no one)\b)(?:{_BLAMED}))"
            rf"|\b(?:criticis|criticiz)(?:e|es|ed|ing) (?:both )?(?P<who>{_BLAMED})(?:['’]s| for\b| over\b)"
            r"|\bdeflect\w* (?:the )?(?:responsibility|blame)\b|\bpass(?:ed|ing|es)? the buck\b"
            r"|\bpoint\w* (?:the |an accusing )?fingers? at\b"
            rf"|\bblam(?:e|es|ed|ing) (?P<blamed>{_BLAMED}) for\b"
            rf"|\b(?:held|hold|holds|holding|found|finds|deemed) (?P<held>{_BLAMED})"
            r" (?:(?:\w+ly|fully|partly|jointly) )?(?:liable|responsible|culpable|negligent|guilty"
            r"|accountable)\b"
            # round 19: "the task force placed much of the blame for the blackout on FirstEnergy"
            r"|\b(?:plac|put|lay|laid|pin|pinn|heap|lump|shift)\w* (?:\w+ of )?(?:the )?(?:blame"
            r"|responsibility|fault)(?: (?:for|over) [^,.;]{1,60}?)? (?:squarely |firmly )?on"
            rf" (?P<placed>(?!(?:us|our|we|me|my|the system|nobody|no one)\b)(?:{_BLAMED}))"
        ),
        "accountability",
        '"{found}" reports blame on people; say what the review found about the system',
        0.6,
        own_side_clears=False,
    ),
    # Round 17: a question that is a reproach, not a 5-whys step: "Why was a junior running raw
    # scripts in production anyway?", "Why the hell are they doing a test at shift change?",
    # "What were they thinking", "how hard can it be for someone to check …".
    _Shape(
        re.compile(
            r"^\W*why (?:the hell|on earth|in the world|the fuck|tf|even) (?:[\w'’-]+ ){0,12}?[\w'’-]+\W*\?"
            rf"|^\W*why (?:was|were|is|are|did|does|do|would|should|could) (?P<who>{_BLAMED}|they|he|she)"
            r" (?:[\w'’-]+ ){0,12}?(?:anyway|even|at all|in the first place|again)\W*[?!]"
            r"|\bwhat (?:the hell )?(?:were|was) (?:they|he|she|you|the \w+) (?:even )?thinking\b"
            # round 18: a why-not put to "you" is an accusation, not a 5-whys step ("Why didn't
            # you test it?"); a hunt for the culprit ("So, who pushed the bad config?"); "what on
            # earth were you doing between 8am and 2pm?"
            r"|(?:^|[.!?:\"“]\s*)(?:so,? |and |but )?why (?:didn't|did not|don't|do not|haven't"
            r"|have not|hadn't|wasn't|weren't|couldn't|could not|wouldn't|would not) you\b[^?.!]{0,80}\?"
            r"|(?:^|[.!?:\"“]\s*)(?:so,? |and |ok,? |okay,? )?who (?:the hell |on earth )?(?:pushed"
            r"|broke|deployed|merged|approved|shipped|caused|wrote|committed|signed off on|did) "
            r"(?:this|that|it|the (?:bad|broken|faulty|buggy|wrong) [\w-]+)\W*\?"
            r"|\bwhat (?:on earth|the hell|in the world) (?:were|was|are|is) (?:they|he|she|you"
            r"|the \w+) doing\b"
            r"|\bhow (?:hard|difficult) (?:can|could|is) it (?:be )?(?:\W*\w+ \w+\W* )?for (?:someone|somebody"
            r"|anyone|them|him|her|a \w+|the \w+) to\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" asks a question that reproaches someone; ask what made it reasonable then',
        0.6,
        own_side_clears=False,
    ),
    # Round 18: verdicts in idiom, said of whoever did it: "the outsourcers were out of their
    # depth", "Sabadell had cut corners", "turned a blind eye", "lacked common sense".
    _Shape(
        re.compile(
            r"\b(?:was|were|is|are|seemed|seems|got|being|been) (?:completely |totally |clearly "
            r"|way |well |utterly |hopelessly )?out of (?:their|his|her|its|our) depth\b"
            r"|\b(?:cut|cutting|cuts) corners\b(?! (?:is|was) (?:not|never))"
            r"|\b(?:turned|turning|turns|turn) a blind eye\b"
            r"|\b(?:lacked|lacks|lacking) [“\"'‘]?(?:basic |any |the most basic )?(?:common sense|competence"
            r"|judge?ment|professionalism|accountability)\b"
            r"|\b(?:rolled|rolls|rolling) the dice\b"
            r"|\bswept (?:\w+ ){1,3}?under the (?:rug|carpet)\b"
            r"|\b(?:(?:glaring|complete|total|utter|shocking|appalling) |(?:its|their|his|her)"
            r" (?:\w+ )?)lack of (?:quality control"
            r"|attention to detail|competence|oversight|care|diligence|professionalism|judge?ment)\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" is a verdict on people; describe what was done and what made it possible',
        0.6,
        own_side_clears=False,
    ),
    # Round 18: a faulty release put out by whoever ships it. Only people and vendors release
    # updates, so a capitalised name as the subject is enough: "CrowdStrike pushed a faulty
    # software update", "the vendor has shipped a broken patch again".
    _Shape(
        re.compile(
            rf"(?:^|[,;:]\s+|\b(?:after|when|because|since|time|until) )(?P<who>(?!(?:We|I|It|This|That|These|Those|You|Our|Its)\b)(?![\w-]*[Bb]ot\b)"
            rf"(?:{_BLAMED})|they|he|she)"
            r" (?:(?:has|had|have) )?(?:\w+ly |again |once again )?(?:pushed|shipped|released"
            r"|rolled out|issued|sent out|published|put out) (?:out )?(?:a |an |the |another )?"
            r"(?:faulty|buggy|botched|defective|flawed|broken|untested) (?:[\w-]+ ){0,2}?"
            r"(?:updates?|patch(?:es)?|releases?|versions?|builds?|firmware|drivers?|content"
            r"|config\w*|files?)\b"
        ),
        "slip",
        '"{found}" makes the release its author\'s fault; ask what should have stopped it',
        0.6,
    ),
    # Round 17: a verdict folded into the noun phrase: "a hamfisted worker", "utterly
    # dysfunctional management", "the hapless contractor"; and people called names: "a nitwit
    # that did not account for …", "the loonies causing it".
    _Shape(
        re.compile(
            r"\b(?:ham-?fisted|hapless|bumbling|feckless|dysfunctional|slimy|manipulative|greedy"
            r"|clumsy|dim-?witted|brain-?dead|useless|incompetent|inept|clueless|negligent|lazy"
            r"|shitty|crappy|idiotic|moronic|pathetic|worthless|terrible|awful|horrible"
            r"|careless|sloppy|reckless|arrogant|hopeless|lousy|rogue|cowboy)"
            rf" (?P<who>(?:[\w-]+ )?{_ROLE})\b"
            r"|\b(?:a|an|the|some|that|this|these|those) (?:\w+ )?(?P<insult>idiots?|morons?|muppets?"
            r"|clowns?|numpt(?:y|ies)|imbeciles?|buffoons?|dumbass(?:es)?|dimwits?|bozos?|cretins?"
            r"|halfwits?|dolts?|nitwits?|pillocks?|plonkers?|nincompoops?|loon(?:y|ies|s)?|lunatics?)"
            r" (?:who|that|at|in|on|from|causing|responsible|behind|[a-z]+ed)\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" is a verdict on people; describe what was done and what made it possible',
        0.65,
        own_side_clears=False,
    ),
    # Round 14: a person's slip named as such: "a staffer made the critical error", "the
    # engineer made a costly mistake"; and referred back: "worse than the initial mistake".
    _Shape(
        re.compile(
            r"\b(?P<who>(?:a|an|the|one|that|this) (?:\w+ )?(?:staffer|employee|engineer|admin"
            r"|sysadmin|administrator|operator|technician|developer|intern|contractor|manager"
            r"|chief)|he|she)\b (?:\w+ ){0,2}?made (?:a|an|the) (?:\w+ )?(?:error|mistake|blunder"
            r"|misjudgement|misjudgment)\b"
            r"|\b(?:than|after|before|of|from) the (?:initial|original|first|critical|costly|same)"
            r" (?:mistake|blunder|oversight|slip)\b",
            re.IGNORECASE,
        ),
        "lapse",
        '"{found}" makes a person\'s slip the cause; describe what made the slip possible',
        0.6,
    ),
    # Round 14: sanctions and guesses at a culprit: "we have taken action with that particular
    # employee", "was not authorised to do what he did", "I bet it was a developer".
    _Shape(
        re.compile(
            r"\b(?:taken|take|took|taking) (?:disciplinary )?action (?:against|with) (?:that|the"
            r"|this) (?:particular )?(?P<who>employee|engineer|person|individual|staff member"
            r"|worker)\b"
            r"|\bnot authori[sz]ed (?:\w+ ){0,2}?to do what (?:he|she|they) did\b"
            r"|\bbut (?:not|wasn't|was not|weren't|were not) (?:authori[sz]ed |allowed |permitted )?"
            r"(?:\w+ ){0,2}?to do what (?:he|she|they) did\b"
            r"|\bI bet (?:it was|they were) (?:a|an|the|some) (?:\w+ )?(?:developer|engineer"
            r"|intern|admin|manager|junior|contractor|dev)\b",
            re.IGNORECASE,
        ),
        "accountability",
        '"{found}" looks for someone to hold to account; describe what the system allowed',
        0.6,
        own_side_clears=False,
    ),  # Round 14: the reader made the cause in a thread: "you've basically broken every version
    # of X"; an act called a bad thing to do: "is kind of a shitty thing to do".
    _Shape(
        re.compile(
            r"\byou(?:'ve| have)? (?:\w+ ){0,2}?(?:broken|broke|ruined|wrecked|trashed)\b"
            r"|\b(?:is|was) (?:\w+ ){0,2}?(?:shitty|irresponsible|reckless|unprofessional"
            r"|inexcusable|negligent|idiotic|disgraceful|selfish) (?:thing to do|move"
            r"|behaviou?r|of (?:him|her|them|you))\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" is a verdict on a person; describe what was done and what it broke',
        0.6,
    ),
    # Round 19: a sanction reported with its reason, the sanctioned one in the object: "the ICO
    # fined airline Cathay Pacific £500,000 for failing to protect …", "slammed the provider
    # for leaving customers in the dark", "faulted managers for a culture that …".
    _Shape(
        re.compile(
            r"\b(?:fined|penali[sz]ed|sued|censured|reprimanded|sanctioned|slammed|faulted|blasted"
            r"|lambasted|rebuked|punished|chastised|berated|scolded|castigated)"
            rf" (?:both )?(?:[a-z]+ )?(?P<who>{_BLAMED})(?: [\w£$€.,()-]+){{0,4}}? (?:for|over)"
            r" (?:(?:its|their|his|her) )?(?:fail\w*|not|never|neglect\w*|ignor\w*|leaving|allowing"
            r"|letting|breach\w*|violat\w*|mishandl\w*|poor|inadequate|lax|negligen\w*|careless\w*"
            r"|sloppy|a culture|the (?:outage|breach|blunder|mistake|failures?|errors?|lapses?|mess"
            r"|incident|data loss))\b"
        ),
        "accountability",
        '"{found}" reports a sanction for a lapse; say what the review found about the system',
        0.6,
        own_side_clears=False,
        trigger=re.compile(
            r"(?i)\b(?:fined|penali[sz]ed|sued|censured|reprimanded|sanctioned|slammed|faulted|blasted"
            r"|lambasted|rebuked|punished|chastised|berated|scolded|castigated)\b"
        ),
    ),
    # Round 19: the lapse as a noun owned by its organisation or person, as regulators and news
    # write it: "the airline's failure to secure its systems", "the inability of FirstEnergy to
    # recognise …", "Uber's poor handling of its breach". Only duties people have (a program's
    # "failure to start" is not one).
    _Shape(
        re.compile(
            rf"(?:\b(?P<who>{_BLAMED})(?:'s|’s|’|') (?:\w+ )?(?:failures?|inability|refusal"
            rf"|unwillingness|neglect) to|\b(?:failure|inability|refusal) of (?P<of>{_BLAMED}) to)"
            r" (?:\w+ly )?(?:secure|protect|notify|disclose|inform|warn|report|patch|follow|comply"
            r"|act|communicate|train|implement|address|investigate|ensure|take (?:\w+ )?(?:steps"
            r"|action|measures)|conduct|safeguard|encrypt|heed|prepare|plan|recogni[sz]e|identify"
            r"|enforce|supervise|oversee|disclose|tell|consult|install (?:\w+ )?(?:updates|patches))\b"
            rf"|\b(?P<poor>{_BLAMED})(?:'s|’s|’|') (?:poor|careless|sloppy|inadequate|negligent"
            r"|botched|shoddy|lax|abysmal|disastrous|woeful|reckless|inept|incompetent)"
            r" (?:handling|management|oversight|response|security|planning|communication"
            r"|decision-making|practices|controls|judge?ment)\b"
        ),
        "lapse",
        '"{found}" makes a lapse its owner\'s; describe what made the duty hard to carry out',
        0.6,
        own_side_clears=False,
        trigger=re.compile(
            r"(?i)\b(?:failures?|inability|refusal|unwillingness|neglect) (?:of|to)\b|(?:'s|’s|') (?:poor|careless"
            r"|sloppy|inadequate|negligent|botched|shoddy|lax|abysmal|disastrous|woeful|reckless|inept"
            r"|incompetent) "
        ),
    ),
    # Round 19: rules broken, as regulators and news say it: "the company violated FCC rules",
    # "found the nurses in breach of the Code", "this was done contrary to FPL's standard
    # procedures", "the company's violation of the FCC's guidelines".
    _Shape(
        re.compile(
            rf"\b(?P<who>{_BLAMED}|they|he|she) (?:had |has |have )?(?:\w+ly )?(?:violated"
            r"|flouted|contravened|transgressed|disregarded|circumvented|bypassed|ignored) (?:\w+ ){0,3}?"
            r"(?:rules|regulations|laws?|requirements|guidelines|procedures?|polic(?:y|ies)|protocols?"
            r"|codes?|safety checks?|safeguards?|controls)\b"
            rf"|\b(?:found|finds|deemed|held) (?P<found>{_BLAMED}) (?:to be )?(?:in breach|in violation)"
            r" of\b"
            r"|\b(?:done|acted|carried out|performed|made|worked) (?:\w+ )?(?:contrary to|in breach of"
            r"|in violation of|against) (?:[\w'’-]+ ){0,2}?(?:standard |established |approved )?"
            r"(?:procedures?|polic(?:y|ies)|practices?|rules|instructions|protocols?|guidelines)\b"
            rf"|\b(?P<violator>{_BLAMED})(?:'s|’s) (?:\w+ )?(?:violations?|breach(?:es)?) of (?:the )?"
            r"(?:[\w'’-]+ ){0,3}?(?:rules|regulations|laws?|requirements|guidelines|code|procedures?)\b"
        ),
        "lapse",
        '"{found}" makes breaking a rule the cause; ask what made the rule hard to follow',
        0.6,
        own_side_clears=False,
        trigger=re.compile(
            r"(?i)\b(?:violat\w+|flouted|contravened|transgressed|disregarded|circumvented|bypassed"
            r"|ignored|in breach|contrary to|breach(?:es)? of|against)\b"
        ),
    ),
    # Round 19: an act done without leave, said of a person: "a field engineer … disabled two
    # levels of protection without authorization".
    _Shape(
        re.compile(
            rf"\b(?P<who>(?i:{_ROLE_PHRASE})|[Hh]e|[Ss]he|[Tt]hey)\b[^.;]{{0,120}}? without"
            r" (?:any |proper |prior |the necessary |formal )?(?:authori[sz]ation|permission|approval"
            r"|sign-?off|telling anyone|checking with anyone)\b"
        ),
        "slip",
        '"{found}" makes acting without leave the cause; ask what let the step run unchecked',
        0.6,
        trigger=re.compile(
            r"(?i)\bwithout (?:any |proper |prior |the necessary |formal )?(?:authori[sz]ation|permission"
            r"|approval|sign-?off|telling|checking)"
        ),
    ),
    # Round 19: a person's want of knowledge as the cause ("with his lack of knowledge of the
    # plant electrical controls"); a cover-up ("paid the perpetrator to keep the hack under
    # wraps"); and a sanction carried out ("the CEO fired him").
    _Shape(
        re.compile(
            r"\b(?:his|her|their) (?:\w+ )?lack of (?:knowledge|understanding|experience|expertise"
            r"|awareness|training|skill|skills|competence|familiarity)\b",
            re.IGNORECASE,
        ),
        "character",
        '"{found}" makes a person\'s want of knowledge the cause; ask what would have told them',
        0.6,
        own_side_clears=False,
    ),
    _Shape(
        re.compile(
            r"\b(?:keep|kept|keeping|keeps) (?:\w+ ){0,3}?under wraps\b"
            r"|\bcovered up (?:the |its |their |his |her )?(?:\w+ )?(?:breach|incident|hack"
            r"|outage|leak|mistake|error|failure|problem)\b"
            rf"|(?<!\bnot )(?<!n't )\b(?:fired|sacked|suspended|disciplined|dismissed|axed) (?P<who>him|her"
            rf"|them|the (?:[\w-]+ )?{_ROLE})\b(?! (?:up|off|back|on)\b)",
            re.IGNORECASE,
        ),
        "accountability",
        '"{found}" makes a person the cause or the one to punish; describe what the system allowed',
        0.6,
        own_side_clears=False,
    ),
)
# An omission given as the cause of what happened to people: "validators got jailed ... due
# to not backing up the signing state", "lost funds because of never verifying the address"
# ("by not retrying" is more often a method than a lapse, so it does not count).
_OMISSION_CAUSE = re.compile(
    rf"\b(?i:{_ROLE_PHRASE}|they|he|she)\b[^.;]{{0,120}}?(?P<said>\b(?i:due to|because of"
    r"|as a result of) (?:(?i:not|never|failing to|forgetting to|neglecting to) )(?:properly )?"
    r"(?!(?:having|being|knowing|getting|receiving)\b)[a-z]+ing\b(?: (?:up|out|over|in))?)",
)
_OMISSION_TRIGGER = re.compile(
    r"\b(?:due to|because of|as a result of) (?:not|never|failing|forgetting|neglecting)\b",
    re.IGNORECASE,
)
# Groups of a community that did not take part: "Validators were not active during the
# upgrade", "Not all validators were active to update the binary".
_ABSENT_GROUP = re.compile(
    r"^\W*(?:(?:not all|only (?:a few|some|half|a minority|\d+ ?%?)(?: of)?|many|most|some"
    r"|several) (?:of )?(?:the |our )?)?(?P<who>(?:[\w-]+ )?(?:validators|node operators"
    r"|operators|miners|stakers|delegators|relayers|maintainers|members|reviewers|owners"
    r"|volunteers|participants|contributors))"
    r" (?:were|was) (?:not |never )?(?:\w+ly )?(?:in)?(?:active|online|present|available"
    r"|responsive|reachable|around|upgraded|ready) (?:during|for|at|when|to|in time|on time)\b",
    re.IGNORECASE,
)


# Software that acts on its own: "the kernel OOM killer terminated ...".
_MACHINE_BEFORE = re.compile(
    r"\b(?:kernel|killer|instances?|autoscaler|scheduler|rule|policy|lifecycle|bot|watchdog"
    r"|health ?check|cron(?:job)?|job|script|automation|controller)\b",
    re.IGNORECASE,
)


def judge_conduct(sentence: str) -> Verdict | None:
    """A verdict for one of the round-12 shapes (conduct, providers, communities), or None."""
    for shape in (*_CONDUCT_SHAPES, *_PROVIDER_SHAPES, *_MORE_SHAPES):
        if shape.trigger is not None and not shape.trigger.search(sentence):
            continue
        found = shape.pattern.search(sentence)
        if found is None:
            continue
        if shape.own_side_clears and _OWN_SIDE.search(sentence[: found.start()][-25:]):
            continue
        if _SYSTEM_SUBJECT.search(sentence[: found.start()][-60:]) or _MACHINE_BEFORE.search(
            sentence[: found.start()][-40:]
        ):
            continue
        if shape.kind == "character" and _CONDUCT_TOPIC.search(sentence[: found.start()]):
            continue
        who = found.groupdict().get("who")
        who = " ".join(who.split()) if who else None
        text = " ".join(found.group(0).split())
        reason = shape.reason.format(found=text, who=who or "people")
        return Verdict(shape.kind, who, reason, shape.confidence)
    found = _OMISSION_CAUSE.search(sentence) if _OMISSION_TRIGGER.search(sentence) else None
    if found and not _OWN_SIDE.search(sentence[: found.start()][-25:]):
        return Verdict(
            "lapse",
            None,
            f'"{found.group("said")}" makes an omission by people the cause; ask what made the'
            " step easy to skip",
            0.6,
        )
    found = _ABSENT_GROUP.search(sentence)
    if (
        found
        and re.search(r"\b(?:not|never|inactive|only)\b", found.group(0), re.IGNORECASE)
        and not re.search(r"\b(?:because|since|as|due to)\b", sentence[found.end() :], re.I)
    ):
        who = found.group("who")
        return Verdict(
            "lapse",
            who,
            f'"{found.group(0)}" points at the {who} who did not take part; describe what made'
            " taking part hard or optional",
            0.65,
        )
    return None
