"""Who is the agent of a sentence, and what is said of them: the clause-level blame check.

`blame.py` holds the older, narrower rules (a person before a blame verb). This module reads a
sentence as *agent + what is said of the agent*:

- the **agent** is a noun phrase naming people: a name, a pronoun ("he", "she"), a role
  ("the on-call engineer", "a technician"), a team ("the DBA team", "ops"), a vendor or its
  people ("AWS support", "Stripe's engineers", "the provider"), or someone indefinite
  ("someone", "nobody", "whoever"). "We" is never an agent (collective ownership is how
  blameless postmortems are written), and neither is a system or component;
- **what is said** is one of a few kinds: a lapse or omission ("forgot", "dropped the ball",
  "did not escalate"), a slip given as the cause ("mistakenly wiped", "deployed the wrong
  version"), a verdict on character ("was useless", "X's arrogance"), repetition as reproach
  ("as usual", "once again"), sarcasm ("Great job, ops"), a demand for accountability ("should
  be held accountable", "heads should roll") or a counterfactual about the person.

Each kind has a confidence: how often a sentence of that shape blamed someone in the labelled
development split (`tests/data/quality/blame_corpus.jsonl`, see docs/blame-labelling.md). A
name the checker does not know ("Zanele", but also "Popcount") lowers it, because product and
company names look exactly like given names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hindsight.quality.names import OCCUPATIONS, first_names, looks_like_a_name


@dataclass(frozen=True)
class Verdict:
    """What the clause check found: the kind of blame, who, why, and how sure it is (0–1)."""

    kind: str
    who: str | None
    reason: str
    confidence: float


# --- agents --------------------------------------------------------------------------------

_DET = (
    r"(?:(?:the|a|an|our|their|his|her|its|one of the|one of our|some of the|some|two|several"
    r"|that|this|every|each|any|all the|all|another|both) )"
)
_ROLE = (
    r"(?:engineers?|developers?|devs|programmers?|coders?|operators?|admins?|administrators?"
    r"|sysadmins?|techs?|dbas?|sres?|interns?|contractors?|new hires?"
    r"|juniors?|seniors?|reviewers?|approvers?|managers?|leads?|architects?|analysts?|authors?"
    r"|personnel|staff(?: members?)?|employees?|team members?|members? of (?:the )?[\w-]+ team"
    r"|responders?|commanders?|owners?|folks|guys|people|person|individuals?"
    r"|support(?: desk| team| engineers?| staff| lead| agents?)?|vendors?|providers?|isps?"
    r"|(?:helpdesk|help desk|service desk)(?: agents?)?|scientists?|(?:hosting|cloud|telecom|security|consulting) compan(?:y|ies)"
    r"|suppliers?|partners?|teams?|squad|groups?|procurement|finance|legal|marketing|sales|hr|leadership|facilities|compliance|infosec|crews?|orgs?|organi[sz]ations?|divisions?|ops|on-?call operations|devops|qa|management|department|experts?"
    r"|on-?call(?: engineer| person| developer| sre| responder)?|ctos?|ceos?|cios?|vps?"
    r"|directors?|testers?|deployers?|agenc(?:y|ies)|msps?|nocs?|socs?|landlords?"
    r"|builders?|cleaners?|investors?|stewards?|registrars?|(?:group |team )?members?"
    r"|teammates?|team-mates?|classmates?|customer (?:service|care)|account managers?|co-?founders?|founders?|scrum ?masters?|tas?|tutors?"
    r"|instructors?|professors?|mentors?|coordinators?"
    r"|validators|node operators?|stakers|delegators|miners|relayers"
    # people at work in news and forum prose (round 17): "a worker accidentally shut down …",
    # "his boss insisted …", "the officials failed to …", "the higher-ups didn't want …"
    r"|workers?(?! (?:nodes?|process\w*|pools?|threads?|queues?|pods?|instances?|counts?))"
    # round 22: a driver of a vehicle (a device driver is software: driver_is_a_person)
    r"|drivers?"
    r"|supervisors?|exec|dispatchers?|specialists?|newbies?|noobs?|rookies?|apprentices?"
    r"|higher[- ]ups|guy|reps?"
    # the people at work that the core rules know too (names.OCCUPATIONS): pilots, signallers, …
    rf"|{OCCUPATIONS})"
)
# Organisations as agents of an omission, as news and regulators write them ("the bank failed
# to test …", "the FCA fined the firm for failing to …"): only a definite one, as a subject.
_ORGANISATION = (
    r"(?:the|this|that|its|our|their) (?:[\w'’.-]+ ){0,2}?(?:compan(?:y|ies)|firms?|banks?"
    r"|airlines?|insurers?|retailers?|lenders?|telcos?|carriers?|hospitals?|trusts?|councils?"
    r"|regulators?|governments?|ministr(?:y|ies)|authorit(?:y|ies)|business(?:es)?|startups?"
    r"|utilit(?:y|ies)"
    r"|employers?|board)(?= (?:\w+ly )?(?:had|has|have|was|were|is|are|did|does|do|failed|neglected"
    r"|ignored|waited|delayed|chose|decided|knew|never|didn't|hasn't|hadn't|wasn't"
    # concealment (round 21): "the company lied about the breach", "the bank downplayed …"
    r"|lied|misled|downplayed|concealed|hid|withheld|covered|mishandled|botched"
    r"|weren't|isn't|aren't|should|could|would|must|kept|left|took|let|allowed|for failing|for not)\b)"
)
# A role or team with up to three modifiers: "the on-call engineer", "the storage vendor's
# engineer", "Knight's personnel", "An S3 team member", "AWS support", "Google Cloud support".
_ROLE_PHRASE = rf"(?:{_DET}?(?:[\w'’.-]+ ){{0,3}}?{_ROLE})\b"
_INDEFINITE = r"(?:someone|somebody|nobody|no one|no-one|anyone|anybody|everyone|everybody|whoever)"
_PRONOUN = r"(?:he|she|they|you)"
_POSTMOD = (
    r"(?: (?:on|from|in|of) (?:the |our |their )?(?:[\w-]+ ){0,2}?(?:team|rota|rotation|call"
    r"|duty|shift|side|department|desk|group)\b| responsible(?= (?!for\b)[a-z]+)"
    r"| (?:of|behind) (?:the |our |this |that )?(?:[\w-]+ )?(?:repo|repository|project|service"
    r"|system|code|codebase|module|package|crate|library|protocol|product|app|site|website)\b"
    r"| responsible for (?:the |this )?[\w-]+(?: [\w-]+){0,2}?(?= (?:should|did|didn't|failed|forgot"
    r"|never|must|needs))| responsible for (?:the |this )?(?:[\w-]+ ){0,3}?"
    r"(?:system|service|code|change|release|deploy\w*|rollout|mess|outage|incident)\b"
    r"| at (?-i:[A-Z][\w-]+)(?= )| at the (?:vendor|provider|agency|partner|msp|isp)\b"
    r"| in charge(?: of (?:the )?[\w-]+)?| (?!(?:during|using|including|according)\b)[a-z]+ing (?:(?:the|a|an|our) [\w-]+|(?![a-z]+ed\b)[\w-]+)"
    # a participle phrase of its own (round 18): "an engineer executing a routine maintenance
    # command on the S3 subsystem mistyped …"; it stops before a finite verb or a clause.
    r"(?: (?:\([^()\n]{1,60}\)|(?:a|an|the|our|their|his|her|its|some|each|every) [\w-]+|(?!(?:that|which|who|and"
    r"|but|or|when|while|because|so|then|saw|said|says|thought|was|were|is|are|had|has|did"
    r"|[a-z]+ed)\b)[\w-]+)){0,12}?)?"
)

AGENT = (
    rf"(?P<who>(?i:(?:whoever|the (?:person|people|one|guy|engineer|developer|team|folks|admin"
    rf"|contractor)s? (?:who|that)) (?:[\w-]+ ){{0,4}}?[\w-]+"
    rf"|{_INDEFINITE}|{_PRONOUN}|{_ORGANISATION}|{_ROLE_PHRASE})"
    rf"|(?!(?:But|And|So|Or|Yet|Then|Also|However|Frankly|Honestly|Clearly|Apparently|Meanwhile"
    rf"|Instead|Unfortunately|Luckily|Obviously|Sadly|Surely|Who|What|Why|How|When|Where|Which)\b)(?P<name>[A-Z][a-zà-ÿ]+(?:-?[A-Z][a-zà-ÿ]+)?(?: [A-Z][a-zà-ÿ]+)?))\b(?!-[a-z])"
    rf"(?i:{_POSTMOD})"
)
# What may stand between the agent and its verb: an aside in commas (", as usual,"), a
# relative clause (", who are supposed to be experts,"), or adverbs.
_GAP = (
    r"(?:,[^,.;]{1,60},)?(?: (?:who|that) [^,.;]{1,50},)?(?: (?:we|they|you) \w+(?: to| with)?)?"
    r"(?: [^.;:]{1,140}? (?:but|and then|yet|and))?"
    # the slip told in a phrase after the first verb (round 18): "shut down a number of ISPs
    # after accidentally knocking out five ports"
    r"(?: [^.;:]{1,100}? (?:after|by|while|when)(?= (?:accidentally|mistakenly|inadvertently"
    r"|carelessly|wrongly|incorrectly|erroneously) \w+ing\b))?"
    r"\s+(?:(?:\w+ly|then|also|just|still|again|even|simply|once again|yet again|now|already"
    r"|(?:has|have|had)(?= (?:\w+ )?(?:caused|broken|ignored|missed|forgotten|left|failed|cut"
    r"|released|pushed|shipped)\b)) )*"
)

# Words that look like agents but are not people in this sense.
_NOT_AGENT = re.compile(
    r"\b(?:attackers?|hackers?|threat actors?|actors?|criminals?|thie(?:f|ves)|malware"
    r"|operators? of)$",
    re.IGNORECASE,
)
_TECH_ROLE_BEFORE = re.compile(
    r"(?:\b(?:kubernetes|k8s|postgres|database|prometheus|the [A-Z]\w+|an? [A-Z]\w+)\s+operators?$)",
    re.IGNORECASE,
)

# --- what is said of the agent ---------------------------------------------------------------

_DUTY_VERBS = (
    r"(?:check|test|verify|validate|escalate|notify|communicate|tell|inform|warn|follow|read|review"
    r"|update|answer|respond|react|designate|include|understand|consider|wait|document|bother"
    r"|look|notice|monitor|act|ask|report|renew|rotate|reply|show up|care|listen|pay attention"
    r"|double-check|confirm|remove|reconnect|copy|deploy|restart|apply|run|catch|think|provide"
    r"|give|share|send|explain|call|triage|fix|prioriti[sz]e|handle|investigate|patch|acknowledge"
    r"|honou?r|respect|keep|deliver|notify|warn|adopt|implement|act on|turn up|contribute"
    r"|participate|attend|show up|do (?:their|his|her|any) (?:part|share|work|job)"
    # duties of care in regulators' findings (round 19): "did not protect personal data",
    # "did not routinely install updates", "failed to safeguard …"
    r"|install|protect|secure|safeguard|encrypt|enforce|disclose|train|supervise"
    # round 22: duties in inquiry reports ("the driver did not control the speed", "did not
    # ensure the line was clear", "had not observed the signal")
    r"|ensure|control|maintain|inspect|isolate|assess|observe|obey|comply|heed"
    r"|(?:identify|detect)(?! (?:that|whether|which|what|how|why|if)\b)"
    r"|address|plan|manage|stop)"
)
# round 22: a lapse told in the passive, the one who did it named after "by" ("grossly
# underestimated by the trust", "weren't promptly informed of the outage by their carrier")
_PASSIVE_LAPSE = (
    r"(?:(?:overlooked|ignored|neglected|mishandled|botched|bungled|underestimated|disregarded"
    r"|dismissed|downplayed|covered up|mismanaged)|(?:wasn't|weren't|was not|were not"
    r"|hadn't been|had not been|haven't been|have not been|never been) (?:\w+ly )?(?:informed"
    r"|notified|told|warned|consulted|updated)\b[^.;]{0,40}?) by"
)
# (kind, pattern after the agent, reason, confidence for a known person; names the checker does
# not know get less). `general` patterns also fit systems ("the parser incorrectly assumed"), so
# an unknown capitalised word in front of them is not enough.
_AFTER_AGENT: list[tuple[str, str, str, float, bool]] = [
    (
        "lapse",
        r"(?:forgot|forgets|forgotten|neglected|neglects|drop(?:ped|ping|s) the ball|slept through"
        r"|(?:hadn't|haven't|hasn't|had not|have not|has not|never) got(?:ten)? (?:a)?round to \w+ing"
        r"|(?:had |has |have )?failed (?:those|the|their|its|our|his|her) (?:\w+ )?(?:accused"
        r"|customers|users|victims|patients|clients|staff|employees|members|public|community"
        r"|families|passengers|residents|consumers|taxpayers|subpostmasters)\b"
        r"|dragged (?:their|his|her|its|our) feet|sat on|botched|bungled|messed up|screwed up|blew it"
        r"|fumbled|rubber-stamped|panicked|was nowhere to be found|were nowhere to be found"
        r"|(?:couldn't|could not|can't|cannot|didn't|did not|never) (?:be )?bother(?:ed)?"
        r"|bothered to|thought it was (?:fine|ok|okay|a good idea)"
        r"|(?:had|has|have) no (?:clue|idea)|refused to|lied|overruled|overrode|pressured"
        # "rushed the review", not "rushed to the centre", "rushed back", "rushed to fix it"
        r"|rushed(?! (?:to|into|over|back|out|in|off|home|there|here|around|through the (?:door|doors|building|streets?))\b)"
        r"|had no business|screwed (?:us|them|over)|left (?:us )?(?:with )?a mess|left (?:it|them|things|everything|the \w+|(?:his|her|their) \w+) (?:in )?(?:a (?:\w+ )?mess|shambles|ruins|broken|half-finished)"
        r"|(?:decided|opted) to (?:skip|ignore|bypass|disable|cut|rush)|went back to (?:sleep|bed)"
        r"|assumed, (?:wrongly|incorrectly|mistakenly),"
        r"|pushed (?:the |his |her |their )?(?:team|everyone|engineers|us|them) to"
        r"|\w+ed (?:far |much |way )?too (?:late|slowly)|introduced (?:a|the) (?:\w+ )?(?:bug|regression)"
        r"|(?:merged|approved|reviewed) (?:it|the change|the pr|the pull request) (?:himself|herself"
        r"|themselves)|chose to (?:keep|hide|ignore|downplay|conceal|skip)|downplayed|covered (?:it )?up"
        # concealment as conduct: "misled customers", "concealed the flaw", "withheld the report"
        r"|misled|concealed|withheld|hid (?!behind\b|under\b|in\b)(?:the|its|their|his|her|this|that) \w+"
        r"|went (?:silent|dark|missing|quiet)|failed (?:miserably|badly)|(?:somehow )?managed"
        r" to (?:delete|drop|wipe|break|take down|destroy|corrupt|lose|crash)"
        r"|(?:was|were|is|are) too (?:slow|late|careless|lazy|sloppy) (?:to|in)"
        r"|can(?:'t|not| not) be trusted|did (?:a |an )?(?:terrible|awful|poor|bad|lousy|sloppy"
        r"|horrible|shoddy) job|(?:delivered|wrote|shipped|produced) (?:\w+ )?(?:garbage|junk|crap|half-finished|half-baked"
        r"|unfinished|sloppy"
        r"|rubbish|shoddy)"
        r"|made (?:things|everything|it|matters) worse|(?:approved|merged|reviewed) (?:her|his|their)"
        r" own|took (?:\w+ ){1,3}to (?:even )?(?:acknowledge|respond|answer|reply|react|notice|tell"
        r"|inform|notify|alert|warn|disclose|let (?:\w+ ){1,4}?know"
        r"|update (?:the )?(?:regulators?|customers|users|us|the public|authorities|ministers?))"
        # round 18: a delay in telling those who needed to know, as regulators report it
        r"|waited (?:(?:until|till) (?:the )?(?:next|following|\d|morning|afternoon|evening|late"
        r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:\w+ ){0,2}?(?:hours|days"
        r"|weeks|months))[^.;]{0,40}? (?:to|before) (?:tell\w*|inform\w*|notify\w*"
        r"|alert\w*|warn\w*|disclos\w*|let\w* (?:\w+ ){1,5}?know)"
        r"|took (?:\w+ ){1,3}to even \w+|went rogue|went off-script|cowboyed|winged it"
        r"|(?:\w+ly )?abandon(?:ed|s)? (?:their|his|her|its|the) (?:\w+ )?(?:responsibilit\w+|users?"
        r"|customers?|community|project|experiment|posts?|duties|team)"
        r"|told (?:customers|users|us|everyone|the \w+) (?:that )?(?:everything|all|it) (?:was|is)"
        r" (?:fine|ok|okay|under control|resolved|working)\b(?=[^.;]{0,60}\b(?:while|when|but|even"
        r" though|although)\b)"
        r"|only (?:showed|turned) up (?:for|at|to) (?:the )?(?:final|last|demo|presentation|end|deadline"
        r"|graded)|walked away(?! from (?:the|his|her|their) (?:keyboard|desk|laptop|screen))|left (?:\w+ ){0,3}?to (?:clean up|pick"
        r" up the pieces|deal with)|rug(?:ged|-pulled| pulled)|vanished with|stopped (?:answering"
        r"|responding to|replying to) (?:emails|messages|calls|the phone|us|customers|our \w+"
        r"|questions)|stopped showing up|refused (?:a|our|any|the) (?:refund|request|help|credit"
        r"|compensation)|blamed (?:everyone|everybody|others|anyone) (?:but|except|else)"
        r"|(?:chose|decided) to do nothing|took no (?:action|steps|measures|notice)\b"
        r"|kept (?:quiet|silent|mum) about|left (?:no|zero) (?:documentation|docs|notes|handover"
        r"|comments|instructions|runbook|trace)\b|ummed and (?:arr?|ah)ed|(?:after|despite) promising"
        r"|did (?:almost |virtually |next to |basically )nothing|(?:disappeared|ran off|absconded"
        r"|made off) with|left (?:the |our |their |his |her )?[\w-]+ in (?:a|an) (?:terrible|horrible"
        r"|awful|sorry|poor|appalling|dreadful) (?:state|condition|shape)"
        r"|let (?:our |the |their |his |her )?(?:[\w-]+ ){0,2}?(?:lapse|expire|rot|slide)"
        r"(?! (?:as planned|on purpose|intentionally|deliberately|as intended))"
        r"|(?:have|has) yet to (?:respond|reply|answer|acknowledge|apologi[sz]e|explain)"
        r"|(?:(?:have|has)(?:,[^,.;]{1,40},)? )?(?:repeatedly|consistently|routinely) (?:missed"
        r"|ignored|failed|broke|blew)"
        r"|(?:did not|didn't|failed to|never) (?:realis|realiz|appreciat|understand|grasp|recogni[sz])"
        r"\w* (?:the )?(?:importance|significance|value|need|risks?|dangers?)"
        r"|\w+\b[^.;]{0,80}?,? (?:despite (?:promising|assuring|guaranteeing)|after (?:promising"
        r"|assuring|guaranteeing)(?: (?:us|customers|everyone))?(?: that)? (?:they|he|she|it)"
        r" (?:would|will)(?:n't| not| never))"
        r"|(?:ignored|disregarded) (?:\w+ ){0,3}?(?:risk|register|advice|recommendations?|concerns?"
        r"|feedback|requirements?|findings?|polic(?:y|ies)|process|procedures?|runbook|guidance"
        r"|instructions?|warnings?|alerts?|pages?|reports?|tickets?|emails?|messages?|linter|freeze"
        r"|alarms?|signals?|errors?|logs?|dashboards?|graphs?|metrics?|red flags?|comments?"
        r"|suggestions?|requests?|questions?|issues?|pull requests?|prs?|complaints?)"
        r"|(?:caused|triggered|started) (?:the |an |this |that |\w+ )?(?:\w+ ){0,3}?(?:outages?"
        r"|incidents?|failures?|data loss|downtime)|told (?:nobody|no one|no-one|anyone)"
        r"|keeps? (?:\w+ing)|kept (?:\w+ing)|(?:has|have) (?:broken|messed up) \w+ again"
        r"|did it (?:again|anyway)|made (?:a|an|another) (?:\w+ )?(?:mistake|typo|blunder|slip"
        r"|error)|made (?:a|an|another) (?:[\w-]+ )?(?:mistake|typo|blunder|slip|error)"
        r"|turned off (?:his|her|their) (?:phone|pager|notifications)|left (?:the|his|her|their) (?:pager|phone) (?:at home|behind)"
        r"|promised (?:\w+ ){0,4}?(?:without (?:asking|checking)|(?:they|he|she) (?:had no way|could not|couldn't))"
        r"|made (?:a|an|another) (?:terrible|bad|poor|wrong|awful|stupid|dumb) (?:call"
        r"|decision|choice)|gave (?:\w+ )*?(?:false|wrong|bad|incorrect|misleading) \w+)",
        "says {who} failed or slipped, instead of describing what made it easy to do",
        0.9,
        False,
    ),
    (
        "lapse",
        r"(?:failed to \w+|fails to \w+|failed (?:\w+ly )?at \w+ing|(?:didn't|did not|never|hadn't|had not|won't|would not"
        r"|wouldn't|don't|doesn't|do not|does not|haven't|hasn't|have not|has not) (?:even |yet )?(?:properly |bother to |(?!immediately\b)[a-z]+ly )?"
        rf"{_DUTY_VERBS}\b|did nothing\b|never (?:\w+ed|ran|read|wrote|did|told|saw|took|gave|made)\b)",
        "says {who} did not do what was expected, instead of asking why the system let it pass",
        0.85,
        True,
    ),
    (
        "lapse",
        r"(?:missed|ignored|overlooked|muted|skipped|dismissed) (?:the |an? |three |two |all |every"
        r"|their |his |her |our )?(?:[\w-]+ ){0,2}?(?:alerts?|pages?|warnings?|signs?|regression"
        r"|errors?|reports?|step|checks?|checklist|review|tests?|notice|emails?|messages?"
        r"|tickets?|escalation|capacity warnings?|obvious)|(?:missed|overlooked|ignored) (?:that|the fact)"
        r"|(?:haven't|hasn't|have not|has not) (?:yet |even |still )?(?:adopted|implemented|fixed|responded"
        r"|replied|acknowledged|followed|read|updated|patched|addressed|acted on)\b"
        # round 22: an omission told in the pluperfect, as reports tell it ("the contractor
        # had not isolated the circuit", "Virgin Media had not updated the firmware")
        r"|(?:hadn't|had not) (?:yet |even |still |properly |adequately |fully )?(?:adopted|implemented"
        r"|fixed|responded|replied|acknowledged|followed|read|updated|patched|addressed|acted on"
        r"|tested|checked|verified|applied|installed|renewed|rotated|encrypted|secured|notified"
        r"|informed|told|warned|reported|disclosed|reviewed|monitored|maintained|inspected"
        r"|enabled|trained|documented|escalated|isolated|replaced|upgraded|backed up|slowed"
        r"|consulted|assessed|audited|considered|completed|carried out|performed)\b",
        "says {who} missed or ignored a signal, instead of asking why it was easy to miss",
        0.85,
        True,
    ),
    (
        "lapse",
        r"(?:completely |totally )?missed (?:the|a|an|all|every|two|three) ",
        "says {who} missed something, instead of asking why it was easy to miss",
        0.75,
        True,
    ),
    (
        "slip",
        r"(?:set up|configured|built|wrote|sized|designed|deployed|installed|handled|implemented|coded|tuned|wired) (?:\w+ ){1,3}?"
        r"(?:incorrectly|wrongly|badly|poorly|improperly|carelessly|wrong)\b",
        "makes {who}'s work the cause instead of what would have caught the mistake",
        0.8,
        True,
    ),
    (
        "slip",
        r"(?:ran|deleted|restarted|rebooted|wiped|dropped|applied|pushed|deployed|killed|removed"
        r"|pulled|replaced|targeted|pointed)\b[^,.;]{0,50}\binstead of (?:the|a|an)\b",
        "makes {who}'s slip the cause instead of what made the two targets easy to confuse",
        0.8,
        True,
    ),
    (
        "slip",
        r"(?:dropped|deleted|wiped|truncated|destroyed) (?:the |a |an |every |all )?(?!(?:old|unused"
        r"|temporary|temp|test|stale|staging|obsolete|deprecated|empty|dev|spare)\b)(?:[\w-]+ )?"
        r"(?:table|database|db|bucket|volume|zone|backups?|cluster|collection)\b"
        r"|disabled (?:the |all |our )?(?:backups?|monitoring|alerts?|alerting|rate limiter|safety \w+"
        r"|health checks?|two-factor \w+|2fa|audit log\w*)",
        "makes {who}'s destructive step the cause instead of the missing guard rail",
        0.7,
        True,
    ),
    (
        "slip",
        r"(?:accidentally|mistakenly|inadvertently|carelessly|wrongly|incorrectly|erroneously"
        r"|blindly|recklessly|predictably|irresponsibly|negligently|foolishly|sloppily|unthinkingly)"
        r" \w+",
        "makes {who}'s slip the cause instead of the missing guard rail",
        0.85,
        True,
    ),
    (
        "slip",
        r"(?:deployed|pushed|shipped|released|ran|merged|approved|applied|typed|entered|copied"
        r"|pasted|edited|changed|configured|pointed|selected|picked|restarted|rebooted|deleted"
        r"|dropped|wiped|killed|removed|pulled|unplugged|replaced|installed|uploaded|used|chose"
        r"|set|put|sent|wrote|made|gave|left|brought|targeted|executed|truncated|upgraded"
        r"|reverted|promoted|committed|rolled out|tagged|keyed in|typed in|clicked|pressed|hit"
        r"|clobbered|trampled|hard-?coded|gave out|leaked|posted|published|made|wrote|connected|plugged"
        r"|wired|routed|implemented|assigned|scheduled)"
        r" (?:\w+ ){0,4}?(?:the wrong|a wrong"
        r"|an? (?:untested|unreviewed|bad|broken|buggy|faulty|incorrect|invalid|stale|old|unapproved"
        r"|unannounced|unauthori[sz]ed|misconfigured|half-finished|half-baked)\b|inefficient |a (?:crash|regression|bug)\b"
        r"|(?:untested|unreviewed|broken|buggy|faulty|bad|errant|erroneous|incorrect|wrong) "
        r"|the healthy|the decommissioned"
        r"|the production (?:token|bucket|database|db|table|cluster|data|server|credentials|keys?"
        r"|secrets?|passwords?)|(?:the |a |an )?(?:[\w'-]+ )?(?:passwords?|credentials|secret keys?|(?i:api keys?)"
        r"|access keys?|tokens|private keys?|shared config)\b"
        r"|with (?:a|the) (?:bad|wrong|broken|incorrect) )",
        "makes {who}'s action the cause instead of the missing check that let it through",
        0.8,
        True,
    ),
    (
        "slip",
        r"(?:mis(?:read|judged|interpreted|typed|diagnosed|calculated|configured|labell?ed"
        r"|handled)|left (?:the |a |an |their |his |her |our )?(?:[\w-]+ ){0,3}?(?:on|enabled"
        r"|open|public|unlocked|exposed|running)(?: in production| in prod| overnight| for\b|,| to the (?:internet|world|public))"
        r"|overwrote (?:every|all|the entire|the whole)|(?:under|over)estimated"
        r"|got (?:the |an? |their |his |her |its |some |one )?(?:[\w-]+ ){0,2}?wrong\b)",
        "makes {who}'s slip the cause instead of the missing guard rail",
        0.8,
        True,
    ),
    (
        "slip",
        r"(?:(?:broke|destroyed|corrupted|trashed|nuked|took down|brought down|wiped|blew away)"
        r" (?:the |our |all |every |production|prod\b|login|checkout|\w+)"
        r"|(?:took|brought|knocked) (?:the |our )?\w+ down)",
        "makes {who} the one who broke it, instead of the conditions that let the change through",
        0.8,
        True,
    ),
    (
        "slip",
        r"(?:\w+ed|ran|wrote|took|made|shipped|pushed|deployed|approved|merged|went|did|changed|reset"
        r"|cut|put|set|shut|let|hit)"
        r"\b[^,.;]{0,60}?\b(?:without (?:asking|telling|warning|notifying|informing|looking"
        r"|any verification|verifying|verification|consent|notice|confirming|an audit|any audit"
        r"|auditing|a security review|any (?:checks?|warning"
        r"|notice)"
        r"|reading|testing|checking|review(?:ing)?|any review|a review|approval|waiting|running"
        r"|consulting|understanding|a backup|backups|taking a backup|a rollback plan|a plan"
        r"|supervision|oversight|permission)"
        r"|with no (?:canary|review|testing|tests|backup|rollback plan|approval|warning|notice"
        r"|staged rollout|change window)\b"
        r"|by (?:skipping|ignoring|bypassing|not \w+ing|forgetting)|even though (?:the )?(?:[\w-]+ )?(?:tests?|checks?|ci|builds?|canary|alerts?|review\w*) (?:was|were|had)"
        r"|before (?:confirming|checking|verifying|testing|the (?:code )?review (?:was|had))|(?i:without a where clause)|and did it anyway|instead of investigating|after being told not to"
        r"|to (?:avoid|skip|bypass|dodge) (?:the )?(?:\w+ )?(?:review|tests?|checks?|approval|queue"
        r"|ci|process|freeze)|despite (?:the |being |repeated |multiple )?(?:\w+ ){0,2}?(?:warn"
        r"|fail|object|concern|test|alert|told|advice)\w*)",
        "makes {who}'s shortcut the cause; ask why the process allowed the step to be skipped",
        0.85,
        True,
    ),
    (
        "slip",
        r"(?:released|shipped|deployed|pushed|wrote|built|rolled out|ran) (?:a |an |the )?(?:[\w-]+ ){0,2}?"
        r"(?:version|release|build|query|change|update|script|config\w*|job|migration) that"
        r" (?:crashed|locked|broke|deleted|wiped|took down|brought down|corrupted|leaked|double-charged"
        r"|overloaded|filled|dropped|truncated)\b"
        r"|committed (?:\w+ ){0,2}?(?:secrets?|credentials|passwords?|api keys?|tokens?) to"
        r"|(?:\w+ed|ran|wrote|made|took|chose|built)\b[^.;]{0,120}?(?:,|—|-) which made (?:things"
        r"|matters|it|everything|the (?:outage|incident|problem)) (?:much |far |even )?worse\b"
        r"|(?:\w+ed|ran|wrote|made|took|chose|built)\b[^.;]{0,60}?, which (?:caused|triggered|started"
        r"|led to) (?:the |this |an? )?(?:\w+ )?(?:outage|incident|data loss|downtime)\b",
        "makes {who}'s change the cause instead of the missing check that let it through",
        0.8,
        True,
    ),
    (
        "character",
        r"(?:is|was|are|were|has been|have been|seems?|seemed|looked) (?:\w+ly |so |too |just )?"
        r"(?:useless|unhelpful|incompetent|careless|negligent|clueless|lazy|sloppy|reckless"
        r"|hopeless|pathetic|a liability|a joke|asleep at the wheel|inexperienced|arrogant"
        r"|worthless|unreachable|nowhere to be found|missing in action|a bunch of amateurs"
        r"|absent|awol|unresponsive|no help|of no help"
        r"|amateurs|slow and unhelpful|can't be trusted|cannot be trusted|out of (?:his|her|their)"
        r" depth|a waste of time|a disaster"
        r"|to blame|at fault|responsible for (?:this|the|that) (?:outage|incident|mess|failure"
        r"|data loss|downtime|problem|breach)|the (?:root )?(?:cause|problem))\b",
        "passes a verdict on {who} instead of describing actions and conditions",
        0.9,
        False,
    ),
    (
        "belief",
        r"(?:incorrectly|wrongly|mistakenly|falsely|naively|blindly) (?:assumed|believed|thought"
        r"|concluded|expected|decided|trusted)",
        "says {who} believed the wrong thing, instead of what made the belief reasonable",
        0.85,
        True,
    ),
    (
        "counterfactual",
        r"(?:should(?:n't| not| never)? have|should've|ought(?: not)? to have|could (?:\w+ly )?have"
        r" (?:prevented"
        r"|avoided|caught|stopped|spotted|noticed|known|seen)|would have (?:seen|caught|noticed"
        r"|avoided|prevented|known))\b",
        "judges with hindsight what {who} should have done",
        0.85,
        True,
    ),
    (
        "accountability",
        r"(?:should|must|needs? to|has to|have to|will) (?:be (?:held accountable|fired|punished"
        r"|disciplined|removed|named|reprimanded|(?:\w+ )?shamed|asked (?:some )?(?:hard|tough"
        r"|difficult|serious) questions)|face (?:the )?consequences|answer for"
        r"|explain (?:themselves|himself|herself)"
        # round 22: "the CTO should resign", "should get the sack", "should lose his job"
        r"|(?:definitely |probably |really )?(?:resign|step down|be (?:sacked|let go|demoted"
        r"|suspended)|get (?:the )?(?:sack|boot|axe|chop|shitcan)|lose (?:their|his|her) jobs?))",
        "demands that {who} answer for the failure; a postmortem asks what to change instead",
        0.95,
        False,
    ),
]

# After "due to <agent>": the agent must not be a modifier ("due to a telecom provider outage").
_NOT_A_MODIFIER = r"(?=\s*(?:[,.;:)!?]|$| (?:who|that|which|and|but|in|on|at|during|while|when|for|to|by|with|from|after|before|not|\w+ing)\b))"

# Patterns where the agent comes after: "caused by Bongani", "the fault of the DBA".
_BEFORE_AGENT: list[tuple[str, str, str, float, str]] = [
    (
        "cause",
        r"(?:caused|broken|brought down|taken down|started|triggered|introduced|botched|bungled"
        r"|messed up|screwed up|mishandled|ruined|rushed) by|traced (?:directly |back )?to"
        r"|stemmed from|originated (?:with|from)|^blame |^shame on "
        r"|root cause: ",
        "attributes the failure to {who} rather than to the system",
        0.8,
        _NOT_A_MODIFIER,
    ),
    (
        "cause",
        r"(?:due to|because of|blamed? on|the fault of|fault lies with|blame (?:for (?:\w+ ){1,3})?"
        r"(?:lies|rests) (?:\w+ )?with|is (?:entirely |all |squarely )?on|on the part of|the (?:\w+ )?failure of|courtesy of|['’]s (?:all |entirely |squarely )?on"
        r"|thanks to|(?:root )?cause (?:was|is) (?:identified as )?|trigger was)",
        "attributes the failure to {who} rather than to the system",
        0.75,
        _NOT_A_MODIFIER,
    ),
    (
        "counterfactual",
        r"(?:\b(?:if only|if|unless) (?=[^,.;]{0,60}\bhad\b)|(?:^|[,;:] )had )",
        "judges with hindsight what {who} should have done",
        0.85,
        r"(?: had(?:n't| not)?| not| never| just| only|'d)? (?:\w+ )?\w+(?:ed|en|wn|ne|t)\b",
    ),
    (
        "slip",
        r"^instead of \w+ing [^,]{1,60},",
        "makes what {who} did the cause instead of what made it the easy path",
        0.75,
        r" \w+",
    ),
    (
        "cause",
        r"\bit (?:was|is) ",
        "attributes the failure to {who} rather than to the system",
        0.8,
        r" (?:who|that) (?:\w+ )?(?:left|broke|forgot|deleted|caused|pushed|ignored|missed|dropped"
        r"|wiped|messed|screwed|botched)\b",
    ),
    (
        "cause",
        r"\b(?:outages?|incidents?|failures?|problems?|mess) (?:that )?",
        "attributes the failure to {who} rather than to the system",
        0.8,
        r" (?:has |have |had )?(?:caused|triggered|started|created)\b",
    ),
    (
        "accountability",
        r"(?:hold|held|holding) ",
        "demands that {who} answer for the failure; a postmortem asks what to change instead",
        0.9,
        r" accountable",
    ),
    (
        # round 22: a lapse in the passive with a person after "by" ("ignored by management")
        "lapse",
        _PASSIVE_LAPSE,
        "says {who} failed or slipped, instead of describing what made it easy to do",
        0.8,
        _NOT_A_MODIFIER,
    ),
    (
        # round 22: others' accusation, as news reports it ("accused GTR of not being
        # transparent", "criticised the trust for …", "fined the firm for failing to …")
        "lapse",
        r"(?:accused|accusing|accuses|critici[sz]ed|criticising|criticizing|slammed|blasted"
        r"|condemned|fined|censured|reprimanded|sanctioned|penali[sz]ed|sued) ",
        "reports that {who} is blamed for the failure; describe what made it possible",
        0.75,
        r" (?:of|for) (?:not |failing|failures?|neglect\w*|ignoring|misleading|breach\w*|poor"
        r"|serious|repeated|its|their|his|her|being|having|mishandling|lying|a lack|lack)\b",
    ),
]

# Said of a person's qualities through a possessive: "Ingrid's sloppy review".
_POSSESSIVE_FAULT = (
    r"(?:carelessness|negligence|sloppiness|incompetence|arrogance|stubbornness|laziness"
    # "oversight" right after the possessive: "Optus's infrastructure oversight" is supervision
    r"|mistake|fault|failure to|(?<=['’]s )oversight|blunder|typo|poor judg(?:e)?ment"
    r"|bad (?:call|decision)|(?:sloppy|careless|reckless|ridiculous|lazy|stupid|dumb|genius|brilliant) \w+|inexperience"
    r"|lack of (?:care|attention|diligence|monitoring|communication|testing|oversight|planning)"
    r"|(?:repeated |operational |continued )?failures\b|operational (?:issues|problems)|bug\b|(?:\w+ ){1,2}(?:was|were|is|are) (?:\w+ly |so |just )?"
    r"(?:pathetic|useless|unhelpful|hopeless|a joke|incompetent|careless|sloppy|inadequate"
    r"|unacceptable|negligent)|omission|neglect|indecision|inaction|inattention|hesitation"
    r"|so-called \w+|refusal|overreaction|doing|(?:incorrect|wrong|bad|faulty|broken) \w+"
    r"|(?:poor|bad) (?:planning|judg\w+|decisions?"
    r"|communication|work)|(?:rushed|botched|shoddy|half-baked|hasty|untested) \w+"
    r"|(?:\w+ ){1,2}(?:was|were|is) (?:a waste of time|a disaster|worthless))"
)

# An organisation's failings through a possessive ("FirstEnergy's operational failures", "AECL's
# incident response was inadequate"): company names are not in the names index, so any
# capitalised word or acronym is taken, with less confidence, for these strong nouns only.
_ORG_FAULT = re.compile(
    r"\b(?P<who>(?:[A-Z][a-z]+|[A-Z]{2,6}|[A-Z][a-z]+[A-Z][a-z]+))['’]s (?:\w+ )?"
    r"(?:failure to|(?:repeated |operational |continued |many )?failures\b|operational (?:issues|problems)"
    r"|negligence|incompetence|carelessness|lack of (?:communication|oversight|planning|monitoring"
    r"|care|diligence)|(?:\w+ ){1,2}(?:was|were|is|are) (?:\w+ly )?(?:inadequate|negligent"
    r"|incompetent|unacceptable|careless))"
)

# An organisation changing things under its customers without telling them ("GCP deployed an
# unannounced change", "Azure published a breaking change ... without warning them").
_ORG_UNANNOUNCED = re.compile(
    r"\b(?P<who>(?:[A-Z][a-z]+|[A-Z]{2,6}|[A-Z][a-z]+[A-Z][a-z]+)(?: [A-Z][a-z]+){0,2}"
    r"(?: \([A-Z]{2,6}\))?) (?:\w+ly )?(?:deployed|published|pushed|made|rolled out|released"
    r"|shipped|changed)\b[^.;]{0,80}?(?:\bunannounced\b|\bwithout (?:any )?(?:prior )?(?:warning"
    r"|notice|notifying|telling|informing))"
)

# Standalone shapes that blame without a verb after the agent.
# round 22: what mock praise is for ("Nice work, IT, now nobody can log in")
_HARM_DONE = r"nobody|no one|can't|cannot|locked out|bricked|bricks|wiped|deleted|lost"

_STANDALONE: list[tuple[str, re.Pattern[str], str, float, bool]] = [
    (
        "accountability",
        re.compile(
            r"\b(?:held accountable|hold \w+(?: \w+){0,3} accountable|be fired|get fired"
            r"|face (?:the )?consequences|answer for|heads? (?:should|will|must|need to) roll"
            r"|disciplin(?:ed|ary)|explain (?:themselves|himself|herself)|removed from the on-?call"
            r"|(?:find out|know|identify) who (?:did|is responsible|was responsible|signed off"
            r"|approved|broke|caused)|who (?:signed off|approved) (?:on )?(?:this|that|deploying)(?=[^.]*!)"
            r"|name and shame|must be identified|did it anyway|(?:was|were|(?:'ve|have|had|'d) been) told (?:\w+ )?not to"
            r"|should (?:be named|lose (?:\w+ ){0,2}access|be blamed|be shamed)|(?:be )?held (?:personally )?"
            r"responsible|take responsibility for this"
            # round 19: not a regulator's power to do so ("equipped to hold firms to account")
            r"|(?<!equipped to )(?<!able to )(?<!powers to )(?<!power to )hold \w+(?: \w+){0,3} to account)\b",
            re.IGNORECASE,
        ),
        "demands that someone answer for the failure; a postmortem asks what to change instead",
        0.9,
        False,
    ),
    (
        "sarcasm",
        re.compile(
            rf"^(?:great|brilliant|nice|awesome|fantastic|excellent|stellar|amazing|superb|wonderful"
            r"|outstanding|good) (?:job|work|move|going|call)\b(?=.*\b(?:down|offline|broke|break"
            rf"|outage|ruin|again|another|taking|three|rollbacks?|{_HARM_DONE})\b)"
            r"|^(?:well done|kudos|bravo|thanks|congratulations|congrats"
            r"|thank you|way to go)\b,?(?=.*\b(?:down|offline|broke|break|outage|ruin|again|another"
            rf"|taking|yet|missing|miss|{_HARM_DONE})\b)|^great, |^nice of\b|^typical(?: of)?\b"
            r"|^classic \w+ move\b|\bthanks to [\w\s-]{1,30}'s"
            r" (?:genius|brilliant|great|clever|bright)\b|\bso-called (?:experts?|engineers?)\b"
            r"|\b(?:half a brain|any common sense)\b|\bno idea what (?:they|he|she) (?:are|is)"
            r" doing\b",
            re.IGNORECASE,
        ),
        "sarcasm or contempt aimed at people; say what happened and what made it possible",
        0.85,
        False,
    ),
    (
        "character",
        re.compile(
            r"\b(?:a|any) (?:competent|decent|good|half-decent|reasonable|sane|responsible|careful"
            r"|real) (?:\w+ )?(?:engineer|developer|dba|admin|sre|operator|person|team|professional)"
            r" would\b|\b(?:want|need|give me|tell me) the name of\b",
            re.IGNORECASE,
        ),
        "measures people against an imagined better person; describe what made the step easy",
        0.85,
        False,
    ),
    (
        "lapse",
        re.compile(
            # not a body that oversees ("the oversight board"), nor cover that ran out ("the
            # lapse in monitoring coverage") (round 22)
            r"^(?:this|that|the) (?:oversight(?! (?:board|committee|bod(?:y|ies)|function|role"
            r"|responsibilit\w*|mechanisms?|process\w*|authorit\w*|panel|group|framework|regime"
            r"|arrangements?|of (?:the|a|an|its|their)\b))|blunder|lapse(?! (?:in|of) (?:the |our |its"
            r" |their )?(?:[\w-]+ )?(?:monitoring|coverage|certificates?|certs?|domains?"
            r"|licen[cs]es?|subscriptions?|insurance|registrations?|contracts?|support|alerting"
            r"|service|connectivity|time))|slip-up)\b",
            re.IGNORECASE,
        ),
        "calls it someone's oversight; describe what made the step easy to miss",
        0.6,
        False,
    ),
    (
        # round 22: a failure that only people commit, told as a noun, as inquiries write it:
        # "a basic failure of oversight by the board", "a serious failure by the trust to
        # protect patients", "the failure to act on the warnings was inexcusable"
        "lapse",
        re.compile(
            r"\bfailures? (?:of (?:oversight|leadership|management|governance|supervision"
            r"|duty|care)\b|by (?:the |its |their )?(?:[\w-]+ ){0,3}?(?:board|management|trust"
            r"|council|company|bank|firm|staff|team|agency|regulator|government|contractors?"
            r"|operators?|providers?|vendors?|leadership|executives?|directors?|managers?"
            r"|employees?|engineers?|officials?|(?-i:[A-Z][\w&-]+)) (?:to|in)\b|to (?:act|respond) on (?:the |its |their )?"
            r"(?:[\w-]+ )?(?:warnings?|advice|concerns?|recommendations?|reports?|complaints?"
            r"|alerts?|findings?|red flags?)"
            # "failures in how the water company managed its works" (round 22)
            r"|in how (?:the |its |their )?(?:[\w-]+ ){0,3}?(?:compan(?:y|ies)|trusts?|councils?"
            r"|banks?|firms?|operators?|providers?|utilit(?:y|ies)|board|management|government"
            r"|(?-i:[A-Z][\w&-]+))(?: (?:and|&) (?:[\w-]+ ){0,3}?(?-i:[A-Z][\w&-]+))?"
            r" (?:managed|operated|maintained|ran"
            r"|handled|(?:has|have|had) (?:managed|operated|maintained|run|handled))\b)"
            # a regulator's list item with its subject in the line before ("Failed to ensure
            # that discharges … occur only in exceptional circumstances") (round 22)
            r"|^(?:failed|failing) to (?:ensure that|comply with|invest in|safeguard|supervise"
            r"|act on)\b",
            re.IGNORECASE,
        ),
        "calls it a failure of the people in charge; describe what made it possible",
        0.65,
        False,
    ),
    (
        # round 22: the same passive with an organisation after "by", which is no agent of
        # the clause rules ("underestimated by the trust", "by their carrier")
        "lapse",
        re.compile(
            rf"\b{_PASSIVE_LAPSE} (?:the|their"
            r"|its|our|his|her) (?:[\w-]+ )?(?:trusts?|carriers?|compan(?:y|ies)|firms?|banks?"
            r"|councils?|utilit(?:y|ies)|board|providers?|vendors?|hospitals?|authorit(?:y|ies)"
            r"|agenc(?:y|ies)|government|ministry|regulators?|insurers?|airlines?|operators?"
            r"|employers?|landlords?|school|university|management|contractors?)\b",
            re.IGNORECASE,
        ),
        "says an organisation failed or slipped, instead of describing what made it easy to do",
        0.75,
        False,
    ),
    (
        # round 22: who is named as the one to blame ("The guy to blame is the CTO"), and a
        # person's slip pointed back to ("This mistake hindered a prompt response")
        "cause",
        re.compile(
            r"\b(?:the )?(?:one|ones|person|people|guy|guys|party|parties|culprits?) (?:to blame"
            r"|responsible) (?:is|was|are|were|here is|here was)\b(?! (?:not|no)\b)"
            r"|^(?:this|that) (?:mistake|blunder|misjudg(?:e)?ment|error of judg(?:e)?ment)\b"
            r"(?= (?:\w+ )?(?:led|caused|hindered|delayed|meant|cost|allowed|resulted|left"
            r"|turned|made|prevented|exposed|triggered))",
            re.IGNORECASE,
        ),
        "attributes the failure to someone rather than to the system",
        0.7,
        False,
    ),
    (
        # round 22: people let go for what happened ("one worker has been fired, and two more
        # suspended, for triggering rotating blackouts"; "people who were fired for $100
        # mistakes"), and organisations fined for their failings ("will be fined £168m for
        # failing to manage …")
        "accountability",
        re.compile(
            # not a fear or a hypothesis ("If the dude prior got fired for a simple mistake …")
            r"^(?!.*\b(?:if|whether|unless|afraid|worried|fear(?:ed|s)?|scared)\b).*?"
            r"\b(?:been|was|were|got|get|gets|be) (?:fired|sacked|dismissed|let go|walked out"
            r"|suspended|disciplined)\b(?:[^.;]{0,50}?)? (?:for|after) (?:\w+ing|(?:the|a|an|his"
            r"|her|their|\$?[\d,.]+) (?:\w+ )?(?:mistakes?|errors?|outages?|incidents?|blunders?"
            r"|failures?|slips?))\b",
            re.IGNORECASE,
        ),
        "reports people punished for the failure; a postmortem asks what to change instead",
        0.75,
        False,
    ),
    (
        # the passive only: the active form names who was fined (blame_shapes)
        "accountability",
        re.compile(
            r"\b(?:be|been|was|were|being|is|are) (?:fined|penali[sz]ed|censured|sanctioned"
            r"|prosecuted)\b[^.;]{0,80}?\bfor (?:failing"
            r"|not|failures?|neglect\w*|ignoring|misleading|mishandling|poor|serious|repeated)\b",
            re.IGNORECASE,
        ),
        "reports an organisation punished for its failings; a postmortem asks what to change",
        0.6,
        False,
    ),
    (
        # round 22: the rhetorical question at people ("Why did they wait?", "Did they think it
        # was going to get better on its own?", "Are they ever going to learn?")
        "sarcasm",
        re.compile(
            r"^(?:and |but |so )?(?:why (?:on earth |the hell )?(?:did|didn't|would|wouldn't|do|don't"
            r"|does|doesn't) (?:they|he|she|you)(?: (?:not|even|ever|just))? (?:wait|delay|ignore"
            r"|bother|skip|let|allow|think|assume|choose|decide|merge|push|ship|release|deploy"
            r"|approve|sit)\b|did (?:they|he|she|you) (?:really |honestly |seriously )?think\b"
            r"|(?:are|is|will) (?:they|he|she|you) ever (?:going to |gonna )?learn)[^?]{0,100}\?$",
            re.IGNORECASE,
        ),
        "a rhetorical question at people; say what happened and what made it possible",
        0.7,
        False,
    ),
    (
        # round 22: mock praise for whoever did it ("whoever approved this deploy on a Friday
        # deserves a medal")
        "sarcasm",
        re.compile(
            r"\b(?:whoever|someone|somebody|the (?:genius|person|guy|team|people|folks|engineer"
            r"|developer)s? (?:who|that))\b[^.;!?]{0,80}\b(?:deserves?|gets?|should get) (?:a|an)"
            r" (?:medal|award|raise|promotion|prize|trophy|pay rise|bonus|gold star|cookie)\b",
            re.IGNORECASE,
        ),
        "sarcasm or contempt aimed at people; say what happened and what made it possible",
        0.85,
        False,
    ),
]

_NOBODY = re.compile(
    r"(?:^|(?<=, )|(?<=; )|(?<=and )|(?<=but )|(?<=because )|(?<=since )|(?<=Since )"
    r"|(?<=Because )|(?<=so )|(?<=why did )|(?<=Why did ))"
    r"(?i:nobody|no one|no-one)(?: (?:on|from|in) (?:the |our )?[\w-]+(?: [\w-]+){0,2}?)?"
    r" (?:even )?(?:reviewed|checked|tested|verified|read|answered|responded|escalated|monitored"
    r"|followed|looked at|look at)\b|"
    r"\b(?i:why) (?:did(?:n't)? (?:nobody|no one|no-one|anyone|anybody)|didn't (?:the|our) [\w-]+"
    r" (?:team|engineers?|on-?call))\b|"
    rf"\b(?i:nobody|no one|no-one)(?i:{_POSTMOD}) (?:thought|bothered|cared|remembered) to\b"
)

_REPEAT = re.compile(
    r"\b(?:as usual|as always|once again|yet again|true to form|predictably|of course,"
    r"|the (?:second|third|fourth|fifth|nth) time|(?:did|does|do) it again|same (?:mistake|error"
    r"|thing) as|courtesy of|here we go again|for the umpteenth time)",
    re.IGNORECASE,
)
_RECOVERY = re.compile(
    r"\b(?:to (?:restore|mitigate|recover|resolve|stop|fix|unblock|allow)|restor\w+|mitigat\w+"
    r"|roll(?:ed)? ?back|revert\w*)\b",
    re.IGNORECASE,
)
# "Nobody could reach the host while DNS was down": the reason given is the system. A motive
# ("because a demo was more important to him") is not.
_SYSTEM_REASON = re.compile(
    r"\b(?:because|since|as) (?:the|a|an|its|our|their)\b(?![^.;]{0,60}\b(?:to (?:him|her|them)"
    r"|more important|wanted|preferred|felt like|was in a hurry|could(?:n't| not) be bothered"
    r"|convenien\w*|lazy|easier for (?:him|her|them)))",
    re.IGNORECASE,
)


# A compiled check: (kind, trigger, full pattern, reason, confidence, general). The trigger is
# the cheap part (the predicate alone); the full pattern with the agent is tried only after it.
_Check = tuple[str, re.Pattern[str], re.Pattern[str], str, float, bool]


@lru_cache(maxsize=64)
def _compiled(extra: frozenset[str]) -> tuple[list[_Check], list[_Check], _Check]:
    listed = "|".join(sorted((re.escape(n) for n in extra), key=len, reverse=True))
    agent = AGENT if not listed else AGENT.replace("(?P<who>", f"(?P<who>(?:{listed})|", 1)
    after = [
        (
            kind,
            re.compile(rf"\b(?:{pat})"),
            re.compile(rf"\b{agent}{_GAP}(?P<said>{pat})"),
            why,
            conf,
            general,
        )
        for kind, pat, why, conf, general in _AFTER_AGENT
    ]
    before_texts = _BEFORE_AGENT
    before = [
        (
            kind,
            re.compile(rf"(?i:\b{pat})"),
            re.compile(rf"(?i:\b{pat})\s*{agent}(?i:{tail})"),
            why,
            conf,
            False,
        )
        for kind, pat, why, conf, tail in before_texts
    ]
    fault = rf"['’]s (?:\w+ )?(?i:{_POSSESSIVE_FAULT})\b"
    possessive = (
        "character",
        re.compile(fault),
        re.compile(rf"\b{agent}{fault}"),
        "calls it {who}'s fault or failing",
        0.9,
        False,
    )
    return after, before, possessive


@lru_cache(maxsize=1)
def _agent_only() -> re.Pattern[str]:
    return re.compile(rf"\b{AGENT}")


# "the Celery worker", "a background worker": a worker process, not a person at work.
_SOFTWARE_WORKER = re.compile(
    r"(?i)\b(?:celery|sidekiq|resque|rq|gunicorn|uwsgi|puma|unicorn|background|async|queue|job"
    r"|production|prod|staging|oom|kernel|pool|fleet|spot|node|pod|container|process|run"
    r"|build|web|api|cron|batch|kafka|consumer|ingest\w*|cloudflare|durable|service|thread"
    r"|k8s|kubernetes|spark|dask|ray|airflow|temporal|bull|faktory|que|delayed)\b"
)
# A worker is a person when the sentence says so: a person's pronoun, a slip only people make,
# hands, a job title's words ("a hamfisted worker … when he started pulling plugs").
_WORKER_IS_HUMAN = re.compile(
    r"(?i)\b(?:he|she|his|her|him|himself|herself|accidentally|mistakenly|inadvertently"
    r"|by mistake|hands?|employees?|staff|fired|sacked|disciplined|shift|unplugg\w*|pull\w* "
    r"(?:the )?plugs?|(?<=['’]s )(?:mistake|fault|negligence|carelessness|blunder))\b"
)


# round 20: the trade or the place that makes a worker a person: "the maintenance worker"
_HUMAN_WORKER = re.compile(
    r"(?i)\b(?:maintenance|construction|utility|rail|railway|track|factory|warehouse|plant|night"
    r"|council|hospital|care|healthcare|field|contract|agency|temp|dock|postal|line|site|farm"
    r"|mine|office|public|government|city|county|state|federal|hotel|airport|ground) workers?$"
)


# round 22: a driver is a person in a sentence about a vehicle and none about software
_VEHICLE = re.compile(
    r"(?i)\b(?:trains?|vehicles?|cars?|bus(?:es)?|lorr(?:y|ies)|trucks?|trams?|vans?|taxis?"
    r"|speed|brakes?|braking|road|junction|crossing|curve|bend|derail\w*|collisions?|crash\w*"
    r"|passengers?|pedestrians?|signals? at danger|platform|overtak\w*|licen[cs]e)\b"
)
_DEVICE = re.compile(
    r"(?i)\b(?:device|kernel|gpu|nvidia|cuda|jdbc|odbc|database|db|printer|usb|network|nic"
    r"|storage|csi|graphics|display|audio|firmware|module|version|install\w*|load\w*|update\w*"
    r"|selenium|chrome|web|mongo\w*|postgres\w*|mysql|python|java|node|\.so|\.sys|\.dll)\b"
)


def driver_is_a_person(who: str, sentence: str) -> bool:
    """A "driver" is people only in a sentence about a vehicle, with no software word."""
    return not _DEVICE.search(sentence) and _VEHICLE.search(sentence) is not None


def worker_is_a_person(who: str, sentence: str) -> bool:
    """A "worker" is people only when the sentence says so, and no software word comes with it."""
    if _SOFTWARE_WORKER.search(who):
        return False
    return bool(_HUMAN_WORKER.search(who) or _WORKER_IS_HUMAN.search(sentence))


def agent_confidence(match: re.Match[str], sentence: str, extra: frozenset[str]) -> float | None:
    """How sure we are that the matched agent is people (None: it is not)."""
    who = " ".join(match.group("who").split())
    if _NOT_AGENT.search(who):
        return None
    head = who.split()[-1]
    if head.lower() in ("lead", "leads") and sentence[match.end("who") :].startswith(" to "):
        return None  # "an adjacent service lead to ...": the verb (a typo for "led")
    if len(who.split()) > 1 and re.fullmatch(r"[A-Z][a-z]+", head) and match.group("name") is None:
        return None  # "the DropletWorkflow Manager", "Content Validator": a product
    if re.search(r"(?i)\b(?:shortage|lack|number|dozens|hundreds|thousands|millions) of\b", who):
        return None  # "due to a shortage of drivers": how many people, not who did it
    before = sentence[: match.start("who")]
    if _TECH_ROLE_BEFORE.search(before + who):
        return None
    if head.lower() in ("worker", "workers") and not worker_is_a_person(before + who, sentence):
        return None  # "the production workers", "the run's worker": processes
    if head.lower() in ("driver", "drivers") and not driver_is_a_person(before + who, sentence):
        return None  # "the JDBC driver", "the driver failed to load": software
    name = match.group("name")
    if name is None or name in extra or (name.split()[0] in extra):
        if who.lower() == "they":
            return 0.8
        return 1.0
    if _ORGANISATION_NAME.search(name):
        return _organisation_certainty(match)
    first = name.split()[0]
    if first.lower() in first_names():
        return 1.0
    if first.endswith("ly") and " " not in name:
        return None  # "Accidentally destroyed production …": an adverb opening the sentence
    if looks_like_a_name(first.split("-")[0]):
        return 0.75 if " " not in name else 0.5  # "Content Validator" is more often a product
    return None


# round 22: an organisation by its name, known by its last word ("Barnet Council", "Thames
# Water", "Crown Resorts", "Heathrow Airport Ltd"); words that also end product names ("Group",
# "Services", "Health", "Office", "Board") are left out
_ORGANISATION_NAME = re.compile(
    r" (?:Council|Rail|Railways?|Water|Airlines?|Airways|Bank|Resorts?|Ltd|Limited|Inc|Corp"
    r"|Corporation|Trust|Authority|Police|Constabulary|Energy|Airport|Healthcare|Telecoms?"
    r"|Ministry|Department|Agency|Commission|University|College|Hospital|Insurance|Holdings"
    r"|Communications|Broadband|Utilities|Government|Company|Media|Electric)$"
)
# what an organisation is expected to do, so "failed to" + one of these is an omission of its own
# ("Thames Water did not report the spills"), not a service that failed ("failed to load")
_ORGANISATION_DUTY = re.compile(
    rf"(?:{_DUTY_VERBS}|prevent|repair|replace|upgrade|invest|prepare|hire|staff|oversee"
    r"|audit|consult|collect|compensate|refund|apologi[sz]e|meet|learn)\b"
)


def _organisation_certainty(match: re.Match[str]) -> float:
    """A named organisation is people at work when what follows is one of its duties."""
    said = match.groupdict().get("said") or ""
    verb = re.match(r"(?:failed|fails|failing) to (\w+)", said)
    if verb is not None and not _ORGANISATION_DUTY.match(verb.group(1)):
        return 0.6
    return 1.0


_DEPENDENCY = re.compile(r"(?:vendors?|providers?|partners?|suppliers?|isps?|they)$", re.IGNORECASE)


# The main clause of a counterfactual that blames: the harm would not have happened.
PREVENTED = (
    r"\b(?:would(?:n't| not| never)? have (?:been )?(?:much |far |a lot )?(?:prevented|avoided|caught|stopped|happened"
    r"|occurred|reached|shipped|merged|noticed|known|seen|been fine|shorter|gone on|dragged on"
    r"|continued|lasted|taken|recovered|ended|finished)|wouldn't be|would not be|none of this"
    r"|would still (?:be|have)|never (?:have )?(?:happened|reached"
    r"|merged)|could have been (?:avoided|prevented)|would have (?:been )?(?:fine|ok|okay)"
    r"|would(?:n't| not| never) have|\bonly\b.{0,40}\bwould have|(?:he|she|they|we) would have \w+ed)"
)

_PREVENTED_RE = re.compile(PREVENTED, re.IGNORECASE)


def _blames_in_hindsight(sentence: str) -> bool:
    """ "If X had ..., the outage would have been avoided" (or "If only X had ...")."""
    return sentence.lower().startswith("if only") or _PREVENTED_RE.search(sentence) is not None


_COORDINATED_MODIFIER = re.compile(
    r" (?:and|or|/) (?:[\w-]+ ){1,2}?(?:issues|problems|bugs|failures|outages|errors|limits)\b"
)

_EVERYONE = frozenset({"anyone", "anybody", "everyone", "everybody"})


def _vague_cause(match: re.Match[str]) -> bool:
    """ "Due to an infrastructure provider" names a dependency, not a culprit; "they" is vague."""
    return _DEPENDENCY.search(match.group("who")) is not None


def _who(match: re.Match[str]) -> str:
    return " ".join(match.group("who").split())


def _said_is_system_recovery(kind: str, said: str, sentence: str) -> bool:
    breaking = re.match(r"(?:broke|took (?:\w+ )?down|brought (?:\w+ )?down)", said, re.I)
    return kind == "slip" and breaking is not None and bool(_RECOVERY.search(sentence))


class _Strongest:
    """Keeps the most confident verdict seen so far."""

    def __init__(self) -> None:
        self.best: Verdict | None = None

    def consider(self, kind: str, who: str | None, reason: str, confidence: float) -> None:
        if self.best is None or confidence > self.best.confidence:
            text = reason.format(who=who or "someone")
            self.best = Verdict(kind, who, text, round(confidence, 2))


def _after_agent_certainty(
    kind: str, match: re.Match[str], sentence: str, extra: frozenset[str], general: bool
) -> float | None:
    """How sure an agent-then-predicate match is, or None when it is no blame after all."""
    certainty = agent_confidence(match, sentence, extra)
    if certainty is None:
        return None
    if kind == "counterfactual" and _who(match).lower() in _EVERYONE:
        return None  # "anyone could have seen it": about visibility, not a person
    if _said_is_system_recovery(kind, match.group("said"), sentence):
        return None
    if kind in ("lapse", "character") and _SYSTEM_REASON.search(sentence[match.end() :]):
        certainty -= 0.5
    if certainty < 1.0 and general:
        certainty -= 0.1
    if certainty < 1.0 and match.start("said") - match.end("who") > 40:
        certainty -= 0.2  # an unknown name far from the verb is a weak guess
    return certainty


def _agent_then_predicate(
    sentence: str, extra: frozenset[str], checks: list[_Check], found: _Strongest
) -> None:
    for kind, trigger, pattern, why, conf, general in checks:
        if not trigger.search(sentence):
            continue
        for match in pattern.finditer(sentence):
            certainty = _after_agent_certainty(kind, match, sentence, extra, general)
            if certainty is not None:
                found.consider(kind, _who(match), why, conf * certainty)
                break


def _predicate_then_agent(
    sentence: str, extra: frozenset[str], checks: list[_Check], found: _Strongest
) -> None:
    for kind, trigger, pattern, why, conf, _ in checks:
        if not trigger.search(sentence):
            continue
        for match in pattern.finditer(sentence):
            certainty = agent_confidence(match, sentence, extra)
            if certainty is None or (kind != "counterfactual" and _vague_cause(match)):
                continue
            if kind == "counterfactual" and not _blames_in_hindsight(sentence):
                continue
            if match.group(0).lower().startswith("thanks to") and sentence[
                match.end() :
            ].startswith(" for "):
                continue  # "Thanks to Jake for staying up": gratitude (sarcasm is read elsewhere)
            if _COORDINATED_MODIFIER.match(sentence, match.end()):
                continue  # "due to Consul and BoltDB issues": two products naming the issues
            found.consider(kind, _who(match), why, conf * certainty)
            break


def _possessive_fault(
    sentence: str, extra: frozenset[str], check: _Check, found: _Strongest
) -> None:
    kind, trigger, pattern, why, conf, _ = check
    if trigger.search(sentence):
        for match in pattern.finditer(sentence):
            certainty = agent_confidence(match, sentence, extra)
            if certainty is not None:
                found.consider(kind, _who(match), why, conf * certainty)
                break
    if found.best is None:
        org = _ORG_FAULT.search(sentence) or _ORG_UNANNOUNCED.search(sentence)
        if org is not None:
            found.consider("character", org.group("who"), "calls it {who}'s failing", 0.6)


def _without_agent(sentence: str, extra: frozenset[str], found: _Strongest) -> None:
    """Shapes that blame with no agent before the verb: standalone phrases, "nobody", "again"."""
    for kind, pattern, why, conf, _ in _STANDALONE:
        if pattern.search(sentence):
            found.consider(kind, None, why, conf)
    nobody = _NOBODY.search(sentence)
    if nobody:
        sure = 0.85 if not _SYSTEM_REASON.search(sentence[nobody.end() :]) else 0.45
        found.consider(
            "lapse", None, "says nobody did what was expected; ask why it relied on someone", sure
        )
    if _REPEAT.search(sentence) and found.best is None:
        for match in _agent_only().finditer(sentence):
            certainty = agent_confidence(match, sentence, extra)
            if certainty is not None and (match.group("name") is None or certainty == 1.0):
                found.consider(
                    "repetition",
                    _who(match),
                    '"{who}" plus "as usual / again" reproaches people for a pattern; '
                    "describe the conditions that keep recurring",
                    0.8,
                )
                break


def judge(sentence: str, extra: frozenset[str] = frozenset()) -> Verdict | None:
    """The strongest blame found in one sentence by agent + predicate, or None."""
    after, before, possessive = _compiled(extra)
    found = _Strongest()
    _agent_then_predicate(sentence, extra, after, found)
    _predicate_then_agent(sentence, extra, before, found)
    _possessive_fault(sentence, extra, possessive, found)
    _without_agent(sentence, extra, found)
    return found.best
