"""Talk about blame that is not blame: what people say *about* blaming, quoting it or supposing it.

Threads, blogs and postmortems discuss blame culture in the words of blame ("not blaming people
when systems fail", "customers would demand repercussions against employees"), quote what they
reject ('all I read in "we'll fire the guy who did it" is ...'), design for slips in general
("even if someone makes a mistake"), and state that people err ("mistakes happen", "no one's
perfect"). Round 13 (a fourth blind labeller) labels all of these `none`.

Two entry points, both cheap regular expressions:

- `talk_about_blame(sentence)` names the reason a whole sentence is talk about blame, or None;
- `without_talk(sentence)` returns the sentence with quoted passages, suppositions about an
  unnamed person's slip and statements of human fallibility blanked out, so that a finding
  which stood only on those words can be dropped (the caller checks the rest again).
"""

from __future__ import annotations

import re

_PERSON_WORD = (
    r"(?:individual|person|people|human|humans|engineer|operator|developer|employee|staff"
    r"|user|team|member|admin|administrator|guy|woman|man|one)s?"
)
# "this isn't the engineer's fault", "it isn't the fault of the individual".
_FAULT_DENIED = re.compile(
    r"(?:\bnot|n't|\bnever) (?:really |actually |just |simply )?(?:the|a|an|any|this|that|one)"
    r" (?:[\w-]+ ){0,2}?[\w-]+(?:'s|’s) (?:fault|mistake|failing)\b"
    rf"|(?:\bnot|n't|\bnever) (?:really |actually |just |simply )?(?:the |a )?(?:fault|mistake"
    rf"|failing) of (?:the |an? |any |one |this |that |a single )?(?:[\w-]+ )?{_PERSON_WORD}\b",
    re.IGNORECASE,
)
# Blame culture as the topic: "not blaming people when systems fail", "instead of firing anyone".
_NOT_BLAMING = re.compile(
    r"\b(?:not|never|without|instead of|rather than|stop|avoid) (?:\w+ )?(?:blaming|punishing"
    r"|firing|shaming|scapegoating|finger[- ]pointing at) (?:the )?(?:people|individuals?|persons?"
    r"|engineers?|employees?|staff|humans?|anyone|anybody|someone|somebody|operators?"
    r"|developers?|whoever)\b",
    re.IGNORECASE,
)
# The speaker dislikes a demand for blame: "what bothered me is that customers would demand
# repercussions against employees".
_DISLIKE = re.compile(
    r"\b(?:bother(?:s|ed)? me|annoy(?:s|ed) me|frustrat(?:es|ed) me|upset(?:s)? me|i (?:hate|dislike"
    r"|detest|can't stand|cannot stand)|what i (?:hate|dislike|don't like)|i don't like)\b",
    re.IGNORECASE,
)
_SANCTION_WORD = re.compile(
    r"\b(?:blam\w*|repercussions?|consequences?|punish\w*|fir(?:e|ed|ing)|sack(?:ed|ing)?"
    r"|scapegoat\w*|finger[- ]pointing|disciplin\w*|reprimand\w*)\b",
    re.IGNORECASE,
)
# A sanction doubted, disowned or supposed: "I doubt the person involved will have any negative
# consequences", "never meant for anybody to get fired", "if they were X they would be fired".
_SANCTION_DOUBTED = re.compile(
    r"\b(?:doubt|don't think|do not think|don't expect|do not expect|never meant|didn't mean"
    r"|did not mean|no one (?:will|would|is going to) (?:be|get))\b[^.;]{0,60}?\b(?:fired|sacked"
    r"|punished|disciplined|blamed|consequences|repercussions)\b"
    r"|\bif\b[^.;]{0,60}?\b(?:would|might|could) (?:probably |likely |surely )?(?:be|get|have"
    r" been) (?:fired|sacked|punished|disciplined|blamed)\b"
    # the writer's own fear of it: "Am I going to be fired?", "I thought I'd get sacked"
    r"|\b(?:am I|will I|would I|are we|will we|I'm|I am|I'd|I would|we're|we'd)"
    r" (?:going to |gonna |about to |really )?(?:be|get|getting|being) (?:fired|sacked"
    r"|punished|disciplined|blamed)\b"
    # round 19: a sanction ruled out: "a technician won't be disciplined for the accident"
    r"|\b(?:won't|will not|would not|wouldn't|will never|was not|wasn't|were not|weren't|is not"
    r"|isn't|are not|aren't) (?:be |being |been |get |getting )?(?:fired|sacked|punished"
    r"|disciplined|blamed)\b"
    # round 20: others' fear of it ("I hope they wouldn't be thinking that they could be fired"),
    # and a report that says it is not for disciplinary use
    r"|\b(?:think\w*|worr(?:y|ied|ying)|afraid|scared|fear\w*|terrified|anxious)\b (?:that )?"
    r"(?:they|he|she|you|someone|people|engineers?|staff|employees?) (?:could|would|might|will|may)"
    r" (?:be|get) (?:fired|sacked|punished|disciplined|blamed)\b"
    r"|\bnot (?:\w+ ){0,2}(?:for|in) (?:use in |the context of |use in the context of )?(?:\w+,? ){0,3}"
    r"(?:or )?(?:disciplinary|punitive)\b",
    re.IGNORECASE,
)
# Thanks and appreciation addressed to the reader, with no harm named in the same breath.
_THANKS = re.compile(
    r"^\W*(?:(?:as (?:always|ever)|once again|again),? )?(?:thank you|thanks(?! to)|we (?:really |greatly"
    r" |truly )?appreciate|(?:we are|we're|i am|i'm) (?:very |truly )?grateful)\b",
    re.IGNORECASE,
)
_HARM = re.compile(
    r"\b(?:broke|break\w*|took down|taking down|ruin\w*|delet\w*|dropp\w*|outage|downtime|wiped"
    r"|nothing|not|never|another|surprise|peak|during|without|friday|at \d)\b",
    re.IGNORECASE,
)
# Words addressed to the thread's readers: "To anyone who wants to reply about X, please ...".
_TO_READERS = re.compile(
    r"^\W*(?:to|for) (?:anyone|anybody|everyone|those|people|all of you|folks) (?:who|that)"
    r" (?:wants?|plans?|intends?|is going|are going|might want)\b[^.]*\bplease\b",
    re.IGNORECASE,
)
# An unknown agent inferred from traces: "apparently someone force-pushed", "someone must have".
_INFERRED_SOMEONE = re.compile(
    r"\b(?:apparently|presumably|evidently|seemingly|must have been|seems?(?: like| that)?|looks?"
    r" like|i guess|i assume|i suspect|probably|meaning)\b,? (?:[\w-]+ ){0,2}?(?:someone"
    r"|somebody)\b|\b(?:someone|somebody) (?:must|might|may|probably) have\b",
    re.IGNORECASE,
)
_SLIP_WORD = re.compile(
    r"\b(?:accidental\w*|mistaken\w*|inadvertent\w*|by mistake|forg[eo]t\w*|careless\w*"
    r"|neglect\w*|wrong\w*|without (?:asking|telling|checking|review)|again)\b",
    re.IGNORECASE,
)


def talk_about_blame(sentence: str) -> str | None:
    """Why `sentence` as a whole talks about blame without blaming, or None."""
    if _FAULT_DENIED.search(sentence) or _NOT_BLAMING.search(sentence):
        return "blame denied"
    dislike = _DISLIKE.search(sentence)
    if dislike and _SANCTION_WORD.search(sentence, dislike.end()):
        return "blame disliked"
    if _SANCTION_DOUBTED.search(sentence):
        return "a sanction doubted or supposed"
    if _THANKS.match(sentence) and not _HARM.search(sentence):
        return "thanks"
    if _TO_READERS.match(sentence):
        return "a request to readers"
    if _INFERRED_SOMEONE.search(sentence) and not _SLIP_WORD.search(sentence):
        return "an unknown agent inferred"
    return None


# A quoted promise or plan, weighed by the writer: 'all I read in "we're going to fire the guy
# who did it" is ...', 'confirmed that the account "will not be suspended again"'. (A quoted
# accusation, "Lena broke it again", is reported blame and stays.)
_QUOTED = re.compile(
    r"[\"“][^\"“”]{0,40}?\b(?:we(?:'re| are) going to|we(?:'ll| will)|(?:will|would) not be|won't be"
    r"|to make sure|so that)\b[^\"“”]*[\"”]",
    re.IGNORECASE,
)
# A supposed slip of nobody in particular, to design for: "even if someone makes a mistake".
_SUPPOSED_SLIP = re.compile(
    r"\b(?:even if|even when|so that if|in case|whenever|if ever)\s+(?:someone|somebody|anyone"
    r"|anybody|a person|people|humans?|an? (?:[\w-]+ )?(?:engineer|operator|developer|user"
    r"|admin|human))\s+(?:\w+\s+)?(?:makes?|made|make|does|did|fat[- ]fingers?)\s+(?:a |an )?"
    r"(?:\w+ )?(?:mistakes?|errors?|typos?|slips?|something wrong)\b",
    re.IGNORECASE,
)
# Human fallibility stated as a fact of life: "mistakes happen", "people are imperfect beings".
_FALLIBLE = re.compile(
    r"\b(?:mistakes|errors|accidents|slips) (?:will |do |can )?happen\b"
    r"|\b(?:no ?one|nobody|no-one)(?:'s|’s| is) perfect\b"
    r"|\b(?:people|humans|we|everyone|everybody|engineers) (?:are|is) (?:all )?(?:only )?"
    r"(?:imperfect(?: beings)?|fallible|human)\b"
    r"|\b(?:people|humans|everyone|everybody|we all) (?:make|makes) mistakes\b"
    r"|\bto err is human\b",
    re.IGNORECASE,
)


def without_talk(sentence: str) -> str:
    """`sentence` with quotations, supposed slips and statements of fallibility blanked out."""
    for pattern in (_QUOTED, _SUPPOSED_SLIP, _FALLIBLE):
        sentence = pattern.sub(" ", sentence)
    return " ".join(sentence.split())


# "human error" or "be more careful" mentioned as a term, not given as this incident's cause or
# asked of its people (a fifth blind labeller's blog and forum prose, round 17, labels these
# `none`): quoted on its own ('Human Error', is a label …; vague actions ("Be more careful") are
# rejected), unless a cause is attributed to the quotation ("blamed it on 'human error'");
# said of incidents in general ("most of the time when the media reports …", "it is very easy
# to ascribe an event to human error", "Human error is best described as …"); or offered as
# one answer to a question ("What is it, user error or computer error?").
_OPEN_QUOTE = re.compile(r"[\"'“‘«]\s*(?:root cause:\s*)?$", re.IGNORECASE)
_CLOSE_QUOTE = re.compile(r"^s?[\"'”’»]")
_ATTRIBUTED = re.compile(
    r"\b(?:due to|caused by|because of|blamed?(?: \w+)? on|attribut\w* (?:\w+ )?to"
    r"|put (?:[\w-]+ ){0,3}?down to|result of|(?:was|is|were) (?:simply |just |ultimately )?(?:an? )?|cit\w+|said)\W*$",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"\b(?:most of the time|in most cases|more often than not|often|usually|typically"
    r"|frequently|rarely|seldom|generally|in general|tends? to|all too easy|(?:very |too |so )?easy"
    r" to (?:ascribe|blame|call|say|label|attribute|write)|ascrib\w+|to call (?:something|it|an?"
    r" \w+)|(?:is|are) (?:best |usually |often )?(?:described|defined) as|a label|deal with)\b",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(
    r"\bor\b[^?]*\?\s*$|^\W*(?:is|was|could|can|might) (?:it|this|that)\b[^?]*\?\s*$", re.I
)


def term_mentioned(sentence: str, start: int, end: int) -> str | None:
    """Why the phrase at `sentence[start:end]` is mentioned rather than used, or None."""
    before = sentence[:start]
    opened = _OPEN_QUOTE.search(before)
    if (
        opened
        and _CLOSE_QUOTE.match(sentence[end:])
        and not _ATTRIBUTED.search(before[: opened.start()])
    ):
        return "the term quoted"
    if _GENERIC.search(sentence):
        return "said of incidents in general"
    if _ALTERNATIVE.search(sentence):
        return "a question"
    return None
