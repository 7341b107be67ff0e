"""Root-cause category: suggested from the incident's words and timeline, confirmed by a person.

The categories are `ROOT_CAUSE_CATEGORIES` (configuration, deployment, capacity, external
dependency, monitoring gap, process gap, technical debt, infrastructure, security, data). The
suggestion weighs the words of the root cause and the why chains most, then the summary, title,
technical details and contributing factors, then the timeline; the change-suspect ranking adds
its top suspect's kind, and the strongest evidence signals (k8s_signals.py) theirs. Each suggestion carries the reason, so a reviewer can see why.
"""

from __future__ import annotations

import re
from collections import defaultdict

from hindsight.domain.model import ROOT_CAUSE_CATEGORIES, Incident
from hindsight.errors import InvalidInput

# (category, pattern, weight). Phrases that settle the question weigh more than single words.
RULES: tuple[tuple[str, str, float], ...] = (
    ("configuration", r"misconfigur\w*|(properly|incorrectly|wrongly) configur\w*|config(uration)? (change|push|error|mistake|file|update)|wrong (setting|value|parameter)|incorrect (setting|value|config\w*)", 3.0),
    ("configuration", r"\bconfig\w*|\breconfigur\w*|\bsettings?\b|\bparameters?\b|feature flags?|\btoggle|\btypo\b|\byaml\b|\bbgp\b|\broute (table|map|leak)|\bacl\b|\bttl\b|\bthreshold|\bdns (record|entry|change)", 1.0),
    ("configuration", r"\bchang(e|es|ed|ing)\b", 0.5),
    ("deployment", r"\b(bad|faulty|broken) (deploy\w*|release|build|rollout)|\brolled back\b|\brollback\b|\bnew version\b|code (change|push)|software (update|upgrade|release)", 3.0),
    ("deployment", r"\bdeploy\w*|\breleas(e|ed|ing)\b|\broll(ed|ing)? ?out\b|\bcanary\b|\bupgrad\w*|\bpatch(ed|es)?\b|\bhotfix\b|\bcommit\b|\bci/?cd\b|\bpipeline\b|\bbuild\b|\bbug\b|\bautomat\w*|\bscript\w*|\btool(ing)?\b", 1.0),
    ("capacity", r"\bcapacity\b|\boverload\w*|out of memory|\boom\w*|no space left|disk (was )?full|too many connections|thundering herd|retry storm|resource exhaustion|\bexhaust\w*|saturat\w*", 3.0),
    # Load and latency are usually symptoms, so single words weigh little.
    ("capacity", r"\bload\b|\btraffic\b|\bspike\b|\bsurge\b|\bthrottl\w*|rate.?limit\w*|\bscal(e|ing|ed)\b|\bautoscal\w*|\bqueue\w*|\bbacklog\b|\bcpu\b|\bmemory\b|\bquota\b|\bcontention\b|\bdemand\b", 0.5),
    ("external_dependency", r"third[- ]party|\bvendor\b|(upstream|external|cloud) (provider|dependency|service)|provider('s)? (outage|incident)|status page|\bisp\b|\bcdn provider\b", 3.0),
    ("external_dependency", r"\bupstream\b|\bprovider\b|\bdependenc(y|ies)\b|\bexternal\b|\bpartner\b|\bsupplier\b|\bcarrier\b", 1.0),
    ("monitoring_gap", r"(no|missing|lack of|without) (alert|monitoring|metric|visibility|observability)\w*|alert(s|ing)? (did not|didn't|failed to) (fire|trigger)|went unnoticed|detected (late|by customers)|blind spot", 3.0),
    ("monitoring_gap", r"\bmonitor(ing)?\b|\balert(ing)?\b|\bobservability\b|\bdashboard\b|\bdetect(ion|ed)?\b|\bpag(ed|ing)\b", 0.5),
    ("process_gap", r"human error|operator error|manual (step|change|process|operation)|without (review|approval)|(no|missing|unclear|outdated) (runbook|procedure|checklist|process)|change management|wrong (server|host|environment|command)", 3.0),
    ("process_gap", r"\bprocess\b|\bprocedure\b|\brunbook\b|\bchecklist\b|\breview\b|\bapproval\b|\bmanual(ly)?\b|\boperator\b|\bengineer\b|\bcommunicat\w*|\bhandoff\b|\btraining\b|\bdocumentation\b|\bmaintenance\b|\bhuman\b|\bcommand\b|\bmistake\b|\bmistakenly\b|\baccidental\w*", 1.0),
    ("technical_debt", r"technical debt|tech debt|\blegacy\b|\bdeprecated\b|end of life|race condition|latent bug|design (flaw|limitation)|known issue|leap (second|year|day)|\bdaylight saving|year 2038|integer overflow", 3.0),
    ("technical_debt", r"\bbug\b|\bedge case\b|\bworkaround\b|hard-?coded|\boverflow\b|\bdeadlock\b|\btime ?zone\b|\bclock\b|\bdate\b|\btimestamp\b|\bcalendar\b|\bntp\b|\btimeouts?\b|\bretr(y|ies)\b|\bmemory leak\b|\bcache\b|\bcode\b|\bsoftware\b", 0.5),
    ("infrastructure", r"\bhardware\b|power (loss|outage|failure)|\bdata ?cent(er|re)\b|fib(er|re) cut|disk failure|network (partition|outage|failure)|\bgenerator\b|\bcooling\b|\bups\b|availability zone|\bdatacenter\b", 3.0),
    # Components say where it broke, not why: they weigh little.
    ("infrastructure", r"\bnetwork\w*|\bswitch(es)?\b|\brouter\w*|\bhosts?\b|\bservers?\b|\bnodes?\b|\brack\b|\bstorage\b|\bdisks?\b|\bcluster\b|\bregion\b|\bzone\b|\binstances?\b|\bvms?\b|\bhypervisor\b|\bkernel\b|\bec2\b|\bs3\b|\bebs\b|\bpower\b|\bfacility\b|\blinks?\b|\bcables?\b|\bload balancer\w*|\bcloud\b", 0.5),
    ("security", r"\bddos\b|\bbreach\w*|\bvulnerab\w*|\bexploit\w*|\bmalicious\b|\bcompromis\w*|\bphishing\b|\bunauthori[sz]ed\b|\bintrusion\b|\bhack(ed|er|ers)?\b|\bransomware\b|\bcve-\d+|leaked? (token|credential|key|secret|password)|\bmalware\b|\battack\w*", 3.0),
    ("security", r"\bsecurity\b|\btokens?\b|\bcredentials?\b|\bpasswords?\b|\bsecrets?\b|\baccess key\b|\bprivate key\b|\bencrypt\w*|\bauth(entication|orization)?\b|\bcertificate\w*|\bssl\b|\btls\b|\bleak\w*|\bpermissions?\b|\bspam\b|\babuse\b", 1.0),
    ("data", r"data (corruption|loss|migration|integrity)|\bcorrupt\w*|schema (change|migration)|(deleted|dropped|truncated) (the )?(rows|table|database|data)|replication lag|\bbad data\b|\bmalformed\b|inconsistent data", 3.0),
    # A database is a component, not a cause: only words about the data itself count.
    ("data", r"\bdata\b|\bschema\b|\brecords?\b|\bbackfill\w*|\bduplicat\w*|\bencoding\b|\bmigration\b|\bdeleted\b", 0.5),
)  # fmt: skip
_COMPILED = [(c, re.compile(p, re.I), w) for c, p, w in RULES]

SUSPECT_CATEGORY = {
    "deploy": "deployment",
    "config_change": "configuration",
    "feature_flag": "configuration",
    "infrastructure": "infrastructure",
    "scheduled_job": "capacity",
}

ALIASES = {
    "config": "configuration",
    "config-change": "configuration",
    "deploy": "deployment",
    "release": "deployment",
    "external": "external_dependency",
    "dependency": "external_dependency",
    "third_party": "external_dependency",
    "monitoring": "monitoring_gap",
    "process": "process_gap",
    "tech_debt": "technical_debt",
    "infra": "infrastructure",
    "hardware": "infrastructure",
    "infrastructure/hardware": "infrastructure",
}


def check_category(value: str) -> str:
    """The canonical category for `value` ("External dependency" → external_dependency)."""
    key = re.sub(r"[\s-]+", "_", value.strip().lower())
    key = ALIASES.get(key, ALIASES.get(value.strip().lower(), key))
    if key not in ROOT_CAUSE_CATEGORIES:
        raise InvalidInput(
            f"unknown root-cause category {value!r}; valid: {', '.join(ROOT_CAUSE_CATEGORIES)}",
            field="root_cause_category",
        )
    return key


def set_category(incident: Incident, value: str) -> str:
    incident.root_cause_category = check_category(value)
    return incident.root_cause_category


def _sources(incident: Incident) -> list[tuple[str, str, float]]:
    """(where, text, weight) of every piece of prose worth reading."""
    out = [
        ("root cause", incident.root_cause, 3.0),
        ("title", incident.title, 1.5),
        ("summary", incident.summary, 1.5),
        ("technical details", incident.technical_details, 1.0),
        ("resolution", incident.resolution, 0.5),
    ]
    for chain in incident.why_chains:
        if chain.steps:
            out.append(("why chain root cause", chain.steps[-1].answer, 3.0))
            out += [("why chain", s.answer, 1.0) for s in chain.steps[:-1]]
    out += [(f"{f.category} factor", f.text, 1.0) for f in incident.factors]
    out += [
        ("timeline", e.text, 0.3) for e in incident.timeline[:400] if e.key or e.kind.value != "log"
    ]
    out += [("tags", " ".join(incident.tags), 1.0)]
    return [(w, t, weight) for w, t, weight in out if t]


def suggest_category(
    incident: Incident, *, use_suspects: bool = True
) -> list[tuple[str, float, str]]:
    """Categories ranked by evidence, as (category, score 0–1, reason); empty when nothing fits.

    Scores are shares of the total evidence, so they sum to 1 over the list.
    """
    scores: dict[str, float] = defaultdict(float)
    hits: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for where, text, weight in _sources(incident):
        for category, pattern, rule_weight in _COMPILED:
            found = {m.group(0).lower() for m in pattern.finditer(text)}
            if found:
                scores[category] += weight * rule_weight * (1 + 0.25 * (len(found) - 1))
                for term in sorted(found):
                    if term not in hits[category][where]:
                        hits[category][where].append(term)
    if use_suspects and incident.timeline:
        from hindsight.analysis.suspects import rank_suspects

        report = rank_suspects(incident)
        top = report.top
        if top is not None:
            category = SUSPECT_CATEGORY[top.kind]
            boost = 6.0 if top.confidence == "strong" else 3.0
            scores[category] += boost
            hits[category]["change suspects"].append(
                f"top suspect is a {top.kind.replace('_', ' ')}"
            )
        for hypothesis in report.hypotheses[:3]:
            if hypothesis.source == "signal" and hypothesis.category:
                scores[hypothesis.category] += 4.0 * hypothesis.score
                hits[hypothesis.category]["evidence signals"].append(hypothesis.title[:60])
    total = sum(scores.values())
    if not total:
        return []
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], ROOT_CAUSE_CATEGORIES.index(kv[0])))
    result = []
    for category, score in ranked:
        reason = "; ".join(
            f"{where}: {', '.join(repr(t) for t in terms[:4])}"
            for where, terms in hits[category].items()
        )
        result.append((category, round(score / total, 3), reason))
    return result
