"""The guard: findings the blame layers would report on sentences that do not blame anyone.

Real postmortem prose is mostly people and systems doing their work, so what a blame layer
sees ("the network team ... faulty switch", "thanks to everyone who ...", "should have a
way to ...") is often a shape of blame without its sense. The guard reads the whole sentence
once a layer has fired and clears the finding when:

- the agent is a system or component ("the deploy job"), the customer on their own side, or an
  imperative verb that looks like a name ("Fix incorrectly serialized hash");
- what the agent did is the fix or a discovery ("replaced the faulty switch"), a wrong guess
  while diagnosing, or a step of the documented process;
- what the agent lacked is a condition, not a verdict ("did not have access", "was handling two
  incidents", "did not anticipate"), or the absence has a reason of life ("because she was sick");
- the same sentence names the system gap ("..., which our validation did not catch", "because
  both clusters had the same name", "the rack labels were swapped");
- a vendor's service failed ("Cloudflare failed to serve traffic"), or the cause is a provider's
  work ("caused by the DNS provider's maintenance"), or a thing people made ("the fix introduced
  by the team caused ...");
- blame is denied ("it was not anyone's fault", "this is not about blaming");
- the words are a title, a heading, a field line ("Owner: ...") or a question asking for input;
- it thanks, credits or praises people ("Huge thanks to everyone who jumped on the bridge",
  "due to the project manager's experience", "our hero, the on-call engineer"), unless harm in
  the same breath makes the praise sarcasm;
- "should have" is followed by a thing to own, not a deed ("should have members in two time
  zones"), or "should have been" by a patient ("should have been automatically retried");
- it reports a feeling ("Marta felt terrible about the outage");
- (round 12) it is a first-person-singular self-report naming nobody else ("I forgot to bump
  the version"), the agent is an attacker or fraudster, "they" stands for things named just
  before, or blame is quoted and rejected ("did nothing wrong", "unfairly blamed", "I don't
  blame the on-call engineer").
- (round 13) it talks about blame without blaming (`blame_talk`: a fault denied for a role,
  blame culture as the topic, a sanction doubted or supposed), thanks the reader, infers an
  unknown agent from traces ("apparently someone reset the branch"), or the model's only people
  are "we" with its roles or those affected ("how many users installed it").

The learned model, which has no rule behind its guess, also needs more than a question or a
fragment of a few words. `cleared(sentence, who, learned=...)` returns the name of the guard
that applies, or None; the milder human-error and be-careful findings are not guarded.
"""

from __future__ import annotations

import re

from hindsight.quality.blame_clauses import worker_is_a_person
from hindsight.quality.blame_lexicon import has_human_agent
from hindsight.quality.blame_model import judging_words
from hindsight.quality.blame_talk import talk_about_blame

_LAPSE = re.compile(
    r"\b(?:forg[eo]t\w*|fail(?:ed|s)? to|neglect\w*|ignor\w*|overlook\w*|mistaken\w*|accidental\w*"
    r"|inadvertent\w*|careless\w*|negligen\w*|sloppy|reckless\w*|incompeten\w*|wrong(?:ly)?"
    r"|blam\w*|fault|mistake\w*|without (?:testing|review|telling|checking|asking)"
    r"|should(?:n't| not)? have|again|as usual|of course|bother\w*|lazy|useless|clueless"
    r"|caused|breaking|broke (?:prod|production|the build|everything|it)|took down|ruin\w*"
    r"|too (?:late|slow|early|soon|long)|at once|instead of|without|despite|even though|never"
    r"|responsible for (?:the |this |that )?(?:\w+ )?(?:error|outage|mistake|downtime|mess"
    r"|breach)|(?:bear|take|carry)s? (?:\w+ ){0,2}?responsibility)\b",
    re.IGNORECASE,
)

# The head of an agent that is software, a machine or a process, not a person.
_SYSTEM_HEAD = re.compile(
    r"^(?:system|service|server|script|job|cron(?:job)?|pipeline|scheduler|controller|daemon|bot"
    r"|automation|process|tool|tooling|cluster|node|pod|container|deploy(?:ment)?|release"
    r"|config(?:uration)?|database|db|cache|proxy|balancer|router|switch|firewall|api|library"
    r"|client|code|migration|workflow|alert(?:ing)?|monitor(?:ing)?|check|probe|operator"
    r"|queue|worker|instance|replica|primary|app(?:lication)?|platform|build|test suite|runner)s?$",
    re.IGNORECASE,
)
# "kubernetes operator", "the Postgres operator": software named like a role.
_SOFTWARE_BEFORE_ROLE = re.compile(
    r"\b(?:kubernetes|k8s|helm|postgres\w*|mysql|redis|kafka|terraform|ansible|cert-manager"
    r"|argo\w*|flux)\b",
    re.IGNORECASE,
)
# Attackers, thieves and fraudsters: a security narrative, not a blame-culture question.
_ADVERSARY = re.compile(
    r"\b(?:attackers?|hackers?|threat actors?|bad actors?|malicious (?:actors?|users?|parties"
    r"|party|contributors?|maintainers?|insiders?)|criminals?|thie(?:f|ves)|scammers?"
    r"|fraudsters?|phishers?|exploiters?|adversar(?:y|ies)|intruders?|impostors?|imposters?)$",
    re.IGNORECASE,
)
# An adversary as the sentence's subject: "The attacker carelessly reused a wallet".
_ADVERSARY_SUBJECT = re.compile(
    r"^\W*(?:(?:the|an?|this|that|one|another|each) )?(?:[\w-]+ )?(?:attackers?|hackers?"
    r"|threat actors?|bad actors?|criminals?|thie(?:f|ves)|scammers?|fraudsters?|phishers?"
    r"|exploiters?|adversar(?:y|ies)|intruders?|impostors?|imposters?)\b",
    re.IGNORECASE,
)
# A report in the first person singular: "I forgot to renew the domain", "My bad, I pushed ...",
# "At 14:02, I ran ..." ("When I joined, the team had ..." is about the team).
_SELF_REPORT = re.compile(
    r"^\W*(?!(?i:when|if|after|because|as|since|while|once|until|before|although|though)\b)"
    r"(?:[^,.;]{1,40},\s*|(?:[\w'’:-]+ ){1,4}?)?(?:I|I['’](?:ve|d|m|ll))\b(?! (?:want|expect"
    r"|demand|need|wonder|hope|wish|think|believe|guess|suspect|bet|can't believe|cannot believe)\b)",
)
# "they" that stands for things named just before: "Unexplained outages, even if they are on
# staging, ...", "the alerts fired, but they were routed to an old channel".
_THEY_ARE_THINGS = re.compile(
    r"\b(?:outages|incidents|alerts|alarms|errors|failures|issues|bugs|tests|jobs|builds"
    r"|requests|changes|deploys|deployments|services|servers|nodes|pods|metrics|logs|tickets"
    r"|releases|upgrades|queries|checks|backups|certificates|keys|tokens|disks|hosts|machines"
    r"|files|packages|dependencies|messages|emails|pages|reports|warnings|patches|updates)\b"
    r"(?:,? (?:\w+ ){0,3}?(?:if|when|as|because|though|although|since|unless|until|once"
    r"|while|but|and|so))? they\b",
    re.IGNORECASE,
)
# Words addressed to the readers: "sorry everyone", "thanks all".
_VOCATIVE = re.compile(
    r"\b(?:sorry|thanks|thank you|apologies|hi|hey|hello),?\s+(?:everyone|everybody|all|folks"
    r"|team|y'all)\b",
    re.IGNORECASE,
)
# "we architects and cloud developers": the first person plural with the roles it stands for.
# (The word between is an adjective, not a verb: "we asked engineers" keeps its engineers.)
_WE_ROLES = re.compile(
    r"\b(?:we|us)(?: (?:all|both))? (?:(?![\w-]+ed\b|(?:told|saw|made|got|sent|gave|let|had|left"
    r"|took|met|paid|put|kept|found|heard|tell|ask|need|want|help|pay|call|page|thank)\b)[\w-]+ )?"
    r"[\w-]+s(?: and (?:[\w-]+ )?[\w-]+s)?\b"
)
_AFFECTED = re.compile(
    r"\bhow many (?:more |other )?(?:people|users|customers|clients|folks|developers|visitors"
    r"|downstream users|installs)\b",
    re.IGNORECASE,
)
_OTHERS = re.compile(
    r"\b(?:who|whoever|whose|you|your|he|she|they|them|their|his|her|someone|somebody|nobody"
    r"|no one|anyone|people|guys?|folks)\b",
    re.IGNORECASE,
)
_CUSTOMER = re.compile(
    r"^(?:(?:a|an|the|some|several|many|few|one|two|our|their|affected|individual|end)\s+)*"
    r"(?:customers?|users?|clients?|subscribers?|tenants?|visitors?|merchants?|end users?)$",
    re.IGNORECASE,
)

# What a person does to end or study an incident; said of a person it is not blame.
_REPAIR_VERB = (
    r"(?:replaced|repaired|restored|fixed|mitigated|reverted|rolled back|recovered|resolved"
    r"|patched|isolated|drained|quarantined|identified|diagnosed|found|traced|tracked down"
    r"|spotted|caught|noticed|discovered|investigated|cleaned up|corrected|rebuilt|re-?enabled"
    r"|failed over|swapped out|escalated|contained|flagged|reported|confirmed"
    r"|broke (?:the|this|that|it|them)? ?(?:\w+ ){0,3}?(?:down|into|up|apart)\b"
    r"|broke the (?:dependency|link|cycle|loop|deadlock|tie|news|silence))"
)
_AFTER_AGENT_REPAIR = re.compile(
    rf"^(?:,[^,]{{1,60}},)?\s+(?:(?:quickly|promptly|then|also|immediately|eventually|later"
    rf"|manually|successfully|finally|\w+ly)\s+)?{_REPAIR_VERB}\b",
    re.IGNORECASE,
)
_LACK = re.compile(
    r"^\s+(?:(?:was|were) (?:handling|juggling|working on|covering|busy|overloaded|alone|the only"
    r"|new to|unfamiliar|stretched|on (?:leave|holiday|vacation))"
    r"|(?:did not|didn't|does not|doesn't|do not|don't) (?:have|exist)|had no|have no|has no"
    r"|lacked|being (?:down|unavailable|unreachable|offline|overloaded|degraded|broken|slow|full)"
    r"|lack|(?:was|were) (?:unable|not able) to|could not|couldn't|cannot|can't|had (?:limited|"
    r"no) (?:access|visibility|insight))\b",
    re.IGNORECASE,
)
_CARELESS_LACK = re.compile(
    r"\b(?:bother\w*|be bothered|care|cared|ignore\w*|be trusted|do (?:their|his|her) job"
    r"|clue|idea|sense|business|interest|understanding|respect|regard|excuse|discipline"
    r"|joke|farce|shambles|ridiculous|pathetic|useless|embarrass\w*|disgrace\w*|organi[sz]e a"
    r"|follow\w* (?:the )?(?:runbook|process|checklist|instructions))\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:(?:not|never|isn't|wasn't|n't) (?:\w+ ){0,2}?(?:anyone|anybody|someone|any one|a "
    r"person|an individual|one person)(?:'s|’s) (?:fault|mistake|failing|error)"
    r"|no(?:body| one|-one)(?:'s|’s) (?:fault|mistake)"
    r"|(?:nobody|no one|no-one|no individual|no single person|no person) (?:is|was|should be|"
    r"can be) (?:to blame|at fault|blamed)"
    r"|(?:not|never|isn't|wasn't) (?:about|a question of) (?:who|which (?:person|engineer)|blam\w*"
    r"|finding (?:a|someone|who))|(?:was|were|is|are) not (?:blamed|at fault|to blame)"
    r"|(?:easy|tempting|natural) to (?:say|conclude|blame|think|assume)|do not name individuals"
    r"|without (?:blaming|pointing fingers)|not (?:to )?(?:assign|apportion) blame"
    r"|(?:don't|do not|didn't|did not|can't|cannot|won't|wouldn't|would not|not) (?:\w+ )?blame"
    r" (?:the|him|her|them|anyone|anybody|any|our|their|this|that)"
    r"|did (?:absolutely )?nothing wrong|(?:has|have|had) done nothing wrong|no wrongdoing"
    # round 22: "It was wrong to pin the blame solely on a utility worker"
    r"|(?:wrong|unfair|unjust|a mistake|too easy) to (?:pin|put|lay|place|heap|point) (?:the |all"
    r" the |any )?(?:blame|finger)|(?:wrong|unfair|unjust) to (?:blame|single out|scapegoat)"
    r"|(?:unfairly|wrongly|falsely|wrongfully|unjustly) (?:blamed|accused|singled out|criticised"
    r"|criticized)|(?:not|isn't|wasn't) (?:his|her|their|your|my) fault"
    r"|(?:disagreed|disputed|rejected|refuted|denied) (?:\w+ )?(?:with )?(?:the |this |that"
    r" |these |those )?(?:claims?|accusations?|allegations?|blame|characteri[sz]ation)"
    r"|(?:nobody|no one|no-one) (?:\w+ ){0,4}?agreed|(?:which|that) (?:is|was) (?:simply )?"
    r"(?:not true|untrue|false|unfair)|the (?:\w+ )?(?:disagreed|pushed back)"
    r"|blameless(?:ly)?)\b",
    re.IGNORECASE,
)
# A title in quotes: "the ticket was titled '...'", 'a thread called "..."'.
_QUOTED_TITLE = re.compile(
    r"\b(?:titled|entitled|named|(?<!so-)called|labell?ed|subject(?: line)?(?: was| read)?|headline"
    r"|title(?: of [^\"“]{1,40})?(?: was| read)?|heading)\s*:?\s*[\"“'‘][^\"”’']{3,}[\"”'’]",
    re.IGNORECASE,
)
_QUESTION_FOR_INPUT = re.compile(
    r"^\W*(?:can|could|would|will|do|does|did|should|was|were|is|are|has|have|who (?:owns|is the owner"
    r"|can|could|should|will)|what|how|when|where|which|please)\b",
    re.IGNORECASE,
)
_REPROACH = re.compile(
    r"\b(?:why|hell|heck|seriously|nobody|no one|never|keep|keeps|again|bother\w*|even|ever"
    r"|really|how many times|how come|who the|whose idea|thought it was|on earth"
    r"|in the world)\b",
    re.IGNORECASE,
)
_PRAISE = re.compile(
    r"^\W*(?:(?:a |an )?(?:huge|big|special|many|sincere|heartfelt|massive|warm|great|enormous"
    r"|our)\s+)*(?:thanks|thank you|kudos|hats off|shout-?outs?|props|credit|gratitude"
    r"|appreciation|well done|great (?:job|work)|good (?:job|work)|nice (?:job|work))\b"
    r"|\b(?:our|my) (?:\w+ )?(?:thanks|gratitude|appreciation) (?:go|goes|went)\b"
    r"|\b(?:we (?:thank|appreciate)|(?:are|am) grateful|did (?:a |an )?(?:great|excellent|fantastic"
    r"|amazing|terrific) (?:job|work))\b",
    re.IGNORECASE,
)
_PRAISED_FOR = re.compile(
    r"\bwho\s+(?:\w+ly\s+)?(?:\w+ed|answered|took|kept|stayed|spent|gave|made|ran|wrote|found"
    r"|caught|came|stepped|worked)\b(?! (?:down|up the|everything|prod|production))"
    r"|\bfor (?:their|his|her|your|all (?:the|their)) (?:\w+ )?(?:reports?|contributions?|feedback"
    r"|disclosures?|patience|work|help|efforts?|support|time|fixes|analysis)\b"
    r"|\b(?:who|for|that)\s+(?:(?:quickly|promptly|tirelessly|calmly|also|all)\s+)?(?:jump\w*|help\w*"
    r"|work\w*|respond\w*|join\w*|stay\w*|step\w*|pitch\w*|assist\w*|support\w*|cover\w*"
    r"|dropp\w* everything|came in|coordinat\w*|communicat\w*|keep\w*|kept|investigat\w*"
    r"|handl\w*|debugg\w*|diagnos\w*|fix\w*|restor\w*|recover\w*|catch\w*|caught|spott\w*"
    r"|notic\w*|find\w*|found|escalat\w*|document\w*|writ\w*|wrote|patience|understanding"
    r"|(?:their|the|his|her|your|all the) (?:quick|fast|rapid|hard|tireless|great|excellent"
    r"|patient|swift)?\s*(?:work|response|help|effort|support|patience|understanding|analysis"
    r"|investigation|diagnosis))\b",
    re.IGNORECASE,
)
_PRAISE_SPOILED = re.compile(
    r"\b(?:took down|taking down|broke|breaking|break|ruin\w*|yet another|another|surprise"
    r"|again|black friday|peak|during the|at \d|3 ?a\.?m|pushing|deploying|disabling|without"
    r"|good idea|straight to|on a friday|decided|surprise|unannounced|deleting|dropping)\b",
    re.IGNORECASE,
)
# "should have" before a participle judges a deed ("should have checked"); before anything else
# it asks for a thing to own ("should have members in different time zones", "a way to").
_SHOULD_HAVE = re.compile(
    r"\bshould(?:n't| not| never| also| always)? have (?:\w+ly )?(?P<next>[\w'-]+)", re.IGNORECASE
)
_IRREGULAR_PARTICIPLES = frozenset(
    [
        "been",
        "done",
        "known",
        "seen",
        "caught",
        "run",
        "made",
        "taken",
        "told",
        "gone",
        "kept",
        "left",
        "put",
        "set",
        "sent",
        "spent",
        "built",
        "brought",
        "thought",
        "found",
        "given",
        "chosen",
        "let",
        "read",
        "led",
        "held",
        "met",
        "paid",
        "said",
        "sold",
        "shut",
        "split",
        "spread",
        "stood",
        "struck",
        "taught",
        "understood",
        "won",
        "wound",
        "withdrawn",
        "woken",
        "hit",
        "cut",
        "dealt",
        "felt",
        "heard",
        "lost",
        "meant",
        "sought",
        "shot",
        "slept",
        "fought",
        "bought",
        "become",
        "begun",
        "come",
        "drunk",
        "rung",
        "sung",
        "swum",
    ]
)
# A patient, not an agent: "downstream actions should have been automatically corrected".
_SHOULD_HAVE_BEEN_DONE = re.compile(
    r"\bshould(?:n't| not)? have been (?:\w+ly )?(?!(?:given|allowed|trusted|hired|let|put"
    r"|promoted|fired|sacked|removed|punished|disciplined|held|told|warned|aware|more|less"
    r"|there|on)\b)\w+(?:ed|en|wn|t)\b(?! by\b)",
    re.IGNORECASE,
)


def _participle(word: str) -> bool:
    low = word.lower()
    return low in _IRREGULAR_PARTICIPLES or bool(re.search(r"(?:ed|en|wn)$", low))


def _should_have_a_thing(sentence: str) -> bool:
    found = list(_SHOULD_HAVE.finditer(sentence))
    if not found:
        return False
    if any(m.group("next").lower() == "been" for m in found):
        return (
            all(m.group("next").lower() == "been" for m in found)
            and bool(_SHOULD_HAVE_BEEN_DONE.search(sentence))
            and not _HUMAN_SUBJECT.match(sentence)
        )
    return not any(_participle(m.group("next")) for m in found)


_HUMAN_SUBJECT = re.compile(
    r"^\W*(?:the |a |an |our |their )?(?:[\w-]+ ){0,2}?(?i:engineers?|developers?|admins?|operators?"
    r"|he|she|they|team|staff|reviewers?|contractors?|interns?|managers?|dbas?|sres?)\b"
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_MINOR = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "by",
        "with",
        "from",
        "vs",
        "via",
        "as",
        "is",
        "are",
        "was",
        "were",
        "its",
        "our",
    ]
)


def _heading(sentence: str) -> bool:
    """A title or heading: short, no closing punctuation, and in Title Case."""
    text = sentence.strip()
    if not text or text[-1] in ".!?\"”'’)":
        return False
    words = _WORD.findall(text)
    if not 1 <= len(words) <= 12:
        return False
    content = [w for w in words if w.lower() not in _MINOR]
    capital = sum(w[0].isupper() for w in content)
    return bool(content) and capital >= max(2, round(0.75 * len(content)))


_POSTMODIFIER = re.compile(
    r"\s+(?:who|that|which|on|from|in|of|at|for|responsible|running|behind|with)\b.*$", re.I
)


# "The developer did not know the flag was shared, because it was not documented."
_SYSTEM_EXPLAINS = re.compile(
    r"\b(?:because|since|as) (?:it|this|that|there|the [\w-]+(?: [\w-]+)?) (?:was|were|is|had|has)"
    r" (?:not|never|no|nowhere|n't)\b(?: \w+)?"
    r"|\b(?:because|since|as) (?:nothing|no (?:alert|warning|documentation|doc|runbook|test"
    r"|check|one)|the (?:ui|tool|console|docs?|documentation|runbook) (?:did not|didn't|gave no"
    r"|showed no))\b",
    re.IGNORECASE,
)
# Not knowing what only hindsight shows: "our team did not anticipate that traffic would double".
_UNFORESEEN = re.compile(
    r"^\s+(?:did not|didn't|could not|couldn't|had no way to) (?:anticipate|foresee|predict"
    r"|expect)\b",
    re.IGNORECASE,
)
_LEADING_SUBJECT = re.compile(
    r"^\W*(?:[\w -]{1,30}:\s*)?(?:(?:the|a|an|our|their|some|several|two|three|many) )?"
    r"(?:[\w'’-]+ ){0,3}?"
    r"(?i:team|teams|engineers?|developers?|staff|people|users?|customers?|operators?|admins?"
    r"|sres?|ops|support|responders?|on-?call(?: engineers?)?|we|they|dbas?|leads?|managers?)\b"
    r"|(?!(?:The|A|An|Our|Their|Some|This|That|It|There)\b)[A-Z][a-z]+(?=\s)",
)


# The same sentence names the system gap that let the slip through: "..., which our validation
# did not catch", "because the pipeline picked the latest tag", "and the tool accepted it".
_SYS = (
    r"(?:the|our|both|its|their|a|an|no|any)\s+(?:[\w-]+\s+){0,3}?(?:validation|checks?|tests?"
    r"|tool|tooling|pipeline|ci|cli|ui|console|system|alerts?|alerting|monitoring|dashboard|linter"
    r"|review|process|script|config\w*|automation|docs?|documentation|runbook|clusters?|servers?"
    r"|names?|defaults?|flag|prompt|safeguards?|guard ?rails?|mailbox|list|channel|diff|api|job"
    r"|importer|parser|validator|loader|scheduler|compiler|checker|exporter|uploader|installer"
    r"|labels?|tags?|buttons?|form|wizard|audit|internal review)s?"
)
_GAP_NAMED = re.compile(
    rf"(?:,\s*(?:which|that)\s+(?:{_SYS}|nothing|no one|nobody)\s+(?:did not|didn't|failed to"
    rf"|could not|couldn't|never|does not|doesn't)\s+(?:catch|detect|flag|block|prevent|stop|warn"
    rf"|notice|show)"
    rf"|\b(?:and|but|;)\s+{_SYS}\s+(?:did not|didn't|failed to|never|does not|doesn't|accepted"
    rf"|allowed|let|silently|happily)\b"
    rf"|[,;]\s*(?:nothing|no alert|no check|no warning)\s+(?:alerted|warned|caught|fired|flagged)"
    rf"|\b(?:because|since|as|due to)\s+(?:{_SYS}|it|both|nothing|there (?:was|were) no)\b"
    rf"|\bwithout (?:any |a )?(?:confirmation|prompt|safety net|safeguards?|guard ?rails?"
    rf"|safety (?:check|mechanism|interlock)s?|protection)\b"
    rf"|,?\s*(?:which|that) (?:was|were|had been) (?:sent|routed|posted|buried|hidden|filtered|lost)"
    rf"|,\s*(?:which|that)\s+{_SYS}\s+(?:silently |happily |still )?(?:accepted|allowed|let through"
    rf"|passed|approved)"
    rf"|[;,]\s*(?:the|both|its|their) (?:[\w-]+ ){{0,2}}(?:labels?|names?|tags?|docs?|documentation"
    rf"|runbook|ui|buttons?|hosts?|servers?|racks?|cables?) (?:were|was|are|is|had been) (?:swapped"
    rf"|wrong|missing|mislabell?ed|identical|unlabell?ed|outdated|out of date|confusing|ambiguous"
    rf"|similar)"
    rf"|,\s*as did (?:we|our|the) \w+"
    rf")",
    re.IGNORECASE,
)
_SLIP_EXCUSABLE = re.compile(
    r"\b(?:because|since|as) (?:he|she|they|the (?:engineer|developer|operator|admin|team)\w*)\b",
    re.IGNORECASE,
)
# Not knowing is a condition of the work: "the engineers did not realise the migration would
# lock the table". Not seeing is one when it was early or hidden.
_UNAWARE = re.compile(
    r"^\s+(?:(?:just|simply|really|still|honestly|genuinely|probably|clearly) )?"
    r"(?:(?:did not|didn't|could not|couldn't|does not|doesn't|do not|don't) (?:know|realis\w*"
    r"|realiz\w*|be aware)"
    r"(?! (?:the |how )(?:importance|significance|value|need|risks?|dangers?|important|basics))|(?:was|were)"
    r" (?:not|un)aware|had no (?:idea|way of knowing|knowledge)(?= (?:that|of|about|whether)))\b"
    r"|^\s+(?:did not|didn't|could not|couldn't) (?:see|notice|spot|receive|get|hear)\b[^.;]*"
    r"\b(?:at first|initially|until|because|since|as)\b",
    re.IGNORECASE,
)
# A vendor's service not working: "Cloudflare failed to serve traffic", "the DNS provider failed
# to propagate the change". Its people omitting a duty stay blame ("failed to notify us").
_SERVICE_FAILED = re.compile(
    r"^\s+(?:\w+ly )?(?:failed to|did not|didn't|could not|couldn't|was unable to|were unable to)"
    r" (?:serve|propagate|route|resolve|process|deliver|load|boot|start|connect|replicate|sync"
    r"|authenticate|scale|handle|return|respond to (?:requests|queries|traffic)|accept|forward"
    r"|become (?:ready|available|healthy|reachable)|come (?:up|back)|appear|reach (?:a )?ready)\b",
    re.IGNORECASE,
)
_VENDOR_HEAD = re.compile(
    r"(?:vendors?|providers?|isps?|cdns?|hosts?|clouds?|registrars?|carriers?|compan(?:y|ies)"
    r"|[A-Z][\w.-]+)$"
)
_DISCOVERY = re.compile(
    r"^\s+(?:\w+ly )?(?:discovered|found|noticed|spotted|stumbled|learned|came across)\b", re.I
)
_DUE_TO_STATE = re.compile(
    r"\b(?:due to|because of)\s+[^,;.]{1,40}?\s+being\s+(?:in|on|at|out|away|busy|new|off"
    r"|unavailable|unreachable|offline|on leave|on holiday|on vacation)\b",
    re.IGNORECASE,
)
_RECOMMENDATION = re.compile(
    r"\bshould(?: not| never)? have to\b|\bshould have been (?:shown|warned|paged|alerted|notified"
    r"|prompted|able)\b"
    r"|(?<!they )(?<!he )(?<!she )\bshould(?: not| never)? be able to\b|\b(?:needs?|needed) (?:a way|access|tooling|an? "
    r"(?:alert|tool|dashboard))\b",
    re.IGNORECASE,
)


# What still belongs to the agent phrase: "the SRE on call", "an engineer on the DNS team".
_AGENT_TAIL = re.compile(
    r"^\s+(?:on|from|in|of|at)(?: the| our| their)? (?:[\w-]+ ){0,2}?(?:team|call|duty|shift"
    r"|rotation|side|desk|staff)\b(?=\s)",
    re.IGNORECASE,
)
# A wrong guess while diagnosing: "an engineer mistakenly believed the traffic drop was due to
# an ISP issue". A wrong belief that made the incident ("incorrectly assumed symmetry") stays.
_DIAGNOSIS = re.compile(
    r"^\s+(?:\w+ly )?(?:(?:incorrectly|wrongly|mistakenly|initially|at first) )?(?:believed|assumed"
    r"|thought|suspected|concluded|guessed)(?: at first| initially)? (?:that )?(?:the|this|it)"
    r" (?:[\w-]+ ){0,2}?(?:issue|problem|cause|drop|outage|incident|spike|errors?|traffic|failure"
    r"|latency|alert|symptoms?|it) (?:was|were|came|had) (?:due to|caused by|in|from|on|related"
    r"|a|an|the)\b",
    re.IGNORECASE,
)
# A person doing what the process asked: "following the normal process", "as documented".
_BY_THE_BOOK = re.compile(
    r"\b(?:following|per|according to|as (?:described|documented|required|instructed) (?:in|by))"
    r" (?:the |our |a )?(?:normal |standard |documented |usual |agreed |approved |established )?"
    r"(?:process|procedure|runbook|playbook|checklist|instructions|documentation)\b"
    r"|\bas documented\b|\bas (?:the |our |their )?(?:policy|process|procedure|runbook|playbook"
    r"|rules?|code of conduct|docs?|documentation|instructions|checklist|guide) (?:allows|allowed"
    r"|requires|required|says|said|prescribes|prescribed|permits|expects|instructed|described"
    r"|told (?:him|her|them))\b"
    r"|\b(?:reduced|lowered|cut|saved|avoided|prevented|limited|protected|kept|contained"
    r"|mitigated|stabili[sz]ed|shed|eased)\b[^.;]{0,40}\bby not \w+ing\b",
    re.IGNORECASE,
)


# "Owner: John (platform team)", "AI-3: Sarah to document ...": a field naming who does what.
_FIELD_LABEL = re.compile(
    r"^\W*(?:owners?|assignees?|dri|contacts?|responders?|incident commander|ic|scribe|reporter|participants|attendees|author"
    r"|reviewers?|on-?call|team|status|due(?: date)?)\s*(?:\(\w+\))?\s*:",
    re.IGNORECASE,
)
# "Thanks to John's quick thinking, the failover took only two minutes": credit for a good end.
_THANKS_TO = re.compile(
    r"^\W*(?:(?:special|many|huge|big|sincere|heartfelt|a big|a huge) )?(?:thanks|thank you|due"
    r"|owing|credit) to\b",
    re.IGNORECASE,
)
_GOOD_OUTCOME = re.compile(
    r"\b(?:detected|caught|noticed|spotted|recovered|restored|resolved|mitigated|avoided|prevented"
    r"|limited|contained|only|quick\w*|fast|swift\w*|within|in time|no (?:data|customer)"
    r"|vigilance|thinking|diligence|hard work|effort|experience|expertise"
    # round 22: "Thanks to Priya, the rollback was completed in ten minutes"
    r"|completed|finished|fixed|saved|back up|back online|working again|around the clock"
    r"|tirelessly|who (?:have |has |had )?(?:been )?(?:work|help|support|stay|jump)\w*)\b",
    re.IGNORECASE,
)
_BAD_OUTCOME = re.compile(
    r"\b(?:lost|down|outage|broke\w*|failed|incompeten\w*|lazi\w*|lazy|genius|brilliant|ruin\w*"
    r"|wasted|another|again|yet|careless\w*|mess|decision to|idea)\b",
    re.IGNORECASE,
)


def _head(who: str) -> str:
    """The head noun of an agent phrase: "engineer" in "the engineer who wrote the script"."""
    words = _POSTMODIFIER.sub("", who).split()
    return words[-1] if words else ""


def _agent_is_not_a_person(who: str, sentence: str) -> bool:
    if _CUSTOMER.match(_POSTMODIFIER.sub("", who)):
        return True
    if re.match(
        r"(?i)(?:whoever|some(?:one|body)|any(?:one|body)|nobody|no one|every(?:one|body))\b", who
    ):
        return False
    head = _head(who)
    if head.lower() in {"operator", "operators", "agent", "agents"}:
        return bool(_SOFTWARE_BEFORE_ROLE.search(who))
    if head.lower() in {"worker", "workers"}:  # "a worker at Telecity", not "the run's worker"
        return not worker_is_a_person(who, sentence)
    return bool(_SYSTEM_HEAD.search(head)) and not re.search(
        r"\b(?:team|people|folks|engineers?|staff|owner|owners|admins?)\b", who, re.IGNORECASE
    )


def _after_agent(sentence: str, who: str) -> str | None:
    at = sentence.find(who)
    if at < 0:
        at = sentence.lower().find(who.lower())
    return None if at < 0 else sentence[at + len(who) :]


def cleared(sentence: str, who: str | None, *, learned: bool = False) -> str | None:
    """The guard that clears a person-blame finding on `sentence`, or None if it stands.

    `learned` marks a finding of the learned model, which has no rule behind it: it stands only
    with a word of lapse or reproach in the sentence.
    """
    found = _sentence_guard(sentence)
    if found is not None:
        return found
    if (
        who in (None, "I")
        and _SELF_REPORT.match(sentence)
        and not _OTHERS.search(sentence)
        and not has_human_agent(_VOCATIVE.sub("", sentence))
    ):
        return "a self-report"
    if (who is not None and _ADVERSARY.search(_POSTMODIFIER.sub("", who))) or (
        who is None
        and _ADVERSARY_SUBJECT.match(sentence)
        and not has_human_agent(_ADVERSARY_SUBJECT.sub("", sentence))
    ):
        return "an adversary"
    if (
        (who is None or who.lower() == "they")
        and _THEY_ARE_THINGS.search(sentence)
        and not has_human_agent(re.sub(r"(?i)\bthey\b", "it", sentence))
    ):
        return "they are things"
    if learned and not has_human_agent(_AFFECTED.sub("it", _WE_ROLES.sub("we", sentence))):
        # "things that we architects need to pay attention to": collective; "who knows how
        # many people downloaded the broken release": those affected, counted
        return "we, or those affected"
    if learned and _GENERIC_PEOPLE.search(sentence):
        # "Every developer will eventually break something in production", "If people fear
        # punishment, they hide problems": a truth about people in general, no one judged
        return "people in general"
    if learned and not (
        _LAPSE.search(sentence) or _REPROACH.search(sentence) or judging_words(sentence)
    ):
        # the model has no rule behind it: without one word of lapse or reproach (the guard's
        # own or a judging word of the model's lexicon: "misjudged", "unacceptable"), a person
        # as agent ("The technician swapped the disk") is all it saw
        return "no word of lapse or reproach"
    if who is not None and _IMPERATIVE_START.match(sentence) and who in _IMPERATIVES:
        return "an imperative"
    if who is None:
        subject = _LEADING_SUBJECT.match(sentence)
        who = subject.group(0).strip(" \t\"'“(") if subject else None
    elif _agent_is_not_a_person(who, sentence):
        return "not a person"
    elif re.search(
        rf"(?i)\b{re.escape(who)} and (?:I|me)\b|\b(?:I|me) and {re.escape(who)}\b", sentence
    ):
        return "we"  # "a co-worker and I … didn't notice": the writer is one of them
    after = _after_agent(sentence, who) if who else None
    if who is None or after is None:
        return None
    return _predicate_guard(sentence, who, after)


# People in general as the subject of a habit or a truth (round 19).
_GENERIC_PEOPLE = re.compile(
    r"\b(?:every|any|all|most|many) (?:\w+ )?(?:developers?|engineers?|people|humans?|operators?"
    r"|admins?|sres?|programmers?|teams?)\b,? (?:\w+ly )?(?:will|can|may|might|make|makes|do|does"
    r"|has|have|needs?|get|gets|break|breaks)\b"
    r"|\b(?:if|when|once|because) (?:people|humans|engineers|developers|employees|staff)"
    r" (?:fear|are afraid|feel|expect|worry|think|believe|know)\b"
    r"|\b(?:assume|assumes|assuming|accept|accepts|accepting) (?:that )?(?:people|humans|developers"
    r"|engineers|operators) (?:will|do|can) (?:make|break)\b",
    re.IGNORECASE,
)


def _sentence_guard(sentence: str) -> str | None:
    """Guards that read the sentence as a whole: denial, title, question, thanks, advice."""
    if _DENIAL.search(sentence):
        return "denial"
    talk = talk_about_blame(sentence)
    if talk is not None:
        return talk
    if _FIELD_LABEL.match(sentence):
        return "a field"
    if _HERO.search(sentence) and not _BAD_OUTCOME.search(sentence):
        return "praise"
    if _GOOD_RESULT.search(sentence) and not _LAPSE.search(sentence):
        return "the fix"
    if (
        _THANKS_TO.match(sentence)
        and _GOOD_OUTCOME.search(sentence)
        and not _BAD_OUTCOME.search(sentence)
    ):
        return "praise"
    if _heading(sentence) or _QUOTED_TITLE.search(sentence):
        return "title"
    if (
        sentence.rstrip().endswith("?")
        and _QUESTION_FOR_INPUT.match(sentence)
        and not _REPROACH.search(sentence)
        and not _LAPSE.search(sentence)
    ):
        return "question"
    praise = _PRAISE.search(sentence)
    if (
        praise
        and _PRAISED_FOR.search(sentence, praise.end())
        and not _PRAISE_SPOILED.search(sentence, praise.end())
    ):
        return "praise"
    if _CREDIT.search(sentence) and not _BAD_OUTCOME.search(sentence):
        return "credit"
    if _CAUSE_IS_A_THING.search(sentence):
        return "the cause is a thing"
    if _SAFE_PLACE.search(sentence) and not _LAPSE.search(sentence):
        return "the right place"
    if _PERSONAL_REASON.search(sentence) and not _VERDICT_WORDS.search(sentence):
        return "a personal reason"
    if _RECOMMENDATION.search(sentence) or _DUE_TO_STATE.search(sentence):
        return "a condition"
    if _BY_THE_BOOK.search(sentence) and not _VERDICT_WORDS.search(sentence):
        return "by the book"
    if _should_have_a_thing(sentence) and not _LAPSE_BUT_SHOULD.search(sentence):
        return "should have a thing"
    if _FEELING.match(sentence):
        return "a feeling"
    return None


_LAPSE_BUT_SHOULD = re.compile(
    r"\b(?:forg[eo]t\w*|fail(?:ed|s)? to|neglect\w*|ignor\w*|careless\w*|negligen\w*|again"
    r"|as usual|bother\w*|accountable|fault)\b",
    re.IGNORECASE,
)
# "Marta felt terrible about the outage": a feeling, not a verdict.
_FEELING = re.compile(
    r"^\W*(?:[\w'’-]+ ){1,4}?(?:(?:felt|feels|feel) (?:\w+ )?(?:terrible|awful|bad|sorry|upset"
    r"|guilty|devastated|gutted|embarrassed|ashamed|horrified|sick)\b(?! at\b)|(?:was|were|is|are)"
    r" (?:\w+ )?(?:sorry|upset|devastated|gutted|embarrassed|ashamed|horrified|mortified)"
    r" (?:about|that|for|when|after|by)\b)",
    re.IGNORECASE,
)
# "largely due to the project manager's experience": credit, not cause of a failure.
_CREDIT = re.compile(
    r"\b(?:due to|thanks to|because of|owing to)\s+(?:[\w'’-]+\s+){0,4}?(?:experience|expertise"
    r"|leadership|quick thinking|hard work|efforts?|diligence|vigilance|skill|help|dedication"
    r"|persistence|guidance|support)\b",
    re.IGNORECASE,
)


# "did not attend because she was sick": absence with a reason of life, not a lapse.
_PERSONAL_REASON = re.compile(
    r"\b(?:because|since|as|due to|owing to)\s+(?:of\s+)?(?:(?:he|she|they|we|I) (?:was|were|had"
    r" been|had) |(?:a|an|his|her|their) )?(?:sick|ill|unwell|(?:doctor|dentist|medical|hospital)"
    r"(?:'s)? appointment|on (?:holiday|vacation|leave|sick"
    r" leave|parental leave|a plane|a flight)|(?:family|medical|personal) (?:emergency|reasons?"
    r"|matters?)|in hospital|bereave\w*|out of (?:the )?office|off (?:work|sick|duty)|travell?ing"
    r"|illness|injur\w*)\b",
    re.IGNORECASE,
)


# "the fix introduced by the team caused a second outage": the subject of "caused" is the fix.
_MADE_BY = re.compile(
    r"\b(?:\w+(?:ed|en|wn)|made|built|set|put|sent|brought|run) by (?:the |our |their |a |an )?"
    r"[\w' -]{1,40}$",
    re.IGNORECASE,
)
_THING_CAUSED = re.compile(r"^\s+(?:caused|triggered|led to|resulted in|broke)\b", re.IGNORECASE)


# "caused by the DNS provider's maintenance": the cause is the provider's work, not a failing.
_CAUSE_IS_A_THING = re.compile(
    r"\b(?:caused by|due to|because of|triggered by)\s+(?:the |a |an |our |their )?(?:[\w-]+ ){0,2}?"
    r"(?:provider|vendor|supplier|partner|isp|host|registrar|team|department|company)['’]s"
    r" (?:\w+ )?(?:maintenance|upgrade|migration|outage|incident|rollout|release|deploy\w*"
    r"|change|update|failover|network|infrastructure|systems?|service|platform|api)\b",
    re.IGNORECASE,
)


# Secrets put where they belong: "pushed the API keys to the secrets manager".
_SAFE_PLACE = re.compile(
    r"\b(?:to|in|into) (?:the |a |our )?(?:secrets? ?manager|vault|key ?vault|kms|secret store"
    r"|password manager|parameter store)\b",
    re.IGNORECASE,
)


# Action items and commit titles start with a verb that looks like a name: "Fix incorrectly
# serialized hash", "Show muted alerts". (Verbs that are also given names are left out.)
_IMPERATIVES = frozenset(
    re.findall(
        r"\w+",
        "Fix Show Add Update Remove Make Ensure Use Set Move Check Create Allow Enable Disable "
        "Document Review Investigate Improve Implement Migrate Monitor Rename Replace Run Skip "
        "Stop Test Write Bump Refactor Revert Drop Handle Ignore Keep Log Merge Hide Display "
        "Return Avoid Prevent Reduce Increase Limit Restrict Validate Verify Consider "
        "Introduce Deprecate Correct Clarify Clean Split Switch Expose Require Reject Retry "
        "Restore ",
    )
)
_IMPERATIVE_START = re.compile(r"^\W*(?:\[[^\]]*\]\s*|#?\d+:\s*|[\w -]{1,20}:\s+)?[A-Z][a-z]+\b")


# "The operator restarted the primary, which cleared the stuck connections."
_GOOD_RESULT = re.compile(
    r"(?:,|—|-)\s*which (?:\w+ )?(?:made (?:things|it|everything) (?:\w+ )?better|fixed|resolved"
    r"|restored|mitigated|stopped the (?:errors|bleeding|outage)|cleared|recovered|brought (?:\w+ )?back)"
    r"\b",
    re.IGNORECASE,
)
_HERO = re.compile(
    r"\b(?:our|the|a true|real) (?:unsung )?(?:hero|heroes|heroine|mvp|star)\b", re.I
)


def _predicate_guard(sentence: str, who: str, after: str) -> str | None:
    """Guards that read what is said of the agent (`after` is the text after it)."""
    after = _AGENT_TAIL.sub("", after, count=1)
    if _MADE_BY.search(sentence[: len(sentence) - len(after)]) and _THING_CAUSED.match(after):
        return "a thing caused it"
    if _DIAGNOSIS.match(after):
        return "a diagnosis"
    if (_AFTER_AGENT_REPAIR.match(after) and not _LAPSE.search(after)) or _DISCOVERY.match(after):
        return None if " but " in after else "the fix"
    if _UNAWARE.match(after) and not _VERDICT_WORDS.search(after):
        return "a condition"
    if _SERVICE_FAILED.match(after) and _VENDOR_HEAD.search(_head(who)):
        return "a service failed"
    if _GAP_NAMED.search(after) and not (
        _VERDICT_WORDS.search(sentence) or _SLIP_EXCUSABLE.search(after)
    ):
        return "the system gap is named"
    if (_LACK.match(after) or _UNFORESEEN.match(after)) and not _CARELESS_LACK.search(after):
        return "a condition"
    explained = _SYSTEM_EXPLAINS.search(after)
    if explained and not _VERDICT_WORDS.search(sentence) and " by " not in after[explained.end() :]:
        return "the system explains it"
    return None


_VERDICT_WORDS = re.compile(
    r"\b(?:careless\w*|negligen\w*|sloppy|reckless\w*|incompeten\w*|lazy|useless|clueless"
    r"|bother\w*|as usual|again|of course|should(?:n't| not)? have|accountable|fault|despite"
    r"|even though|although|know (?:better|what (?:he|she|they|you) (?:was|were|are) doing)"
    r"|know how to)\b",
    re.IGNORECASE,
)
