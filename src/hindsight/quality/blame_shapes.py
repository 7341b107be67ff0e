"""Shapes of blame found in fresh real postmortem prose that the agent grammar does not reach.

Real retros written outside the project (blogs, vendor complaints, student project reviews)
blame in shapes where the agent is not the grammatical subject before a lapse verb:

- a dependency's silence: "Still no word from Rackspace", "we have yet to hear back from the
  vendor" (the vendor is often a product name the name lists do not know);
- a share of a group that did not do its part: "Not all team members attended meetings";
- people called a bad lot: "a few bad eggs who sour the whole team";
- support that cannot be reached: "getting through to their support team was almost impossible";
- scorn for an excuse: "whatever their excuse".

`judge_shapes(sentence)` returns the first shape found as a `Verdict`, or None. The guard
(`blame_guard.cleared`) still applies to what it finds.
"""

from __future__ import annotations

import re

from hindsight.quality.blame_clauses import Verdict

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
    return None
