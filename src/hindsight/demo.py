"""A realistic demo workspace: fourteen incidents over the last two quarters.

Dates are relative to today so that the demo always has open, overdue, due-this-week, blocked,
done-but-unverified and verified actions. The content is deterministic for a given day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    EventKind,
    Horizon,
    Impact,
    Incident,
    IncidentStatus,
    Level,
    Milestone,
    PreventionLevel,
    Reference,
    Review,
    ReviewDecision,
    StatusChange,
    TimelineEvent,
    WhyChain,
    WhyStep,
)
from hindsight.domain.policy import default_policy
from hindsight.store import repo
from hindsight.store.repo import Store
from hindsight.workspace import Workspace

PEOPLE = ["Priya Shah", "Marco Rossi", "Aiko Tanaka", "Sam Okafor", "Lena Fischer", "Diego Alvarez"]


@dataclass
class Scenario:
    days_ago: int
    hour: int
    title: str
    severity: str
    services: list[str]
    category: str
    summary: str
    root_cause: str
    resolution: str
    minutes: tuple[int, int, int, int]  # detect, ack, mitigate, resolve (minutes after start)
    events: list[tuple[int, str, str]]  # (minute, kind, text)
    whys: list[str]
    factors: list[tuple[str, str]]
    actions: list[tuple[str, str, str, int, str]]  # title, kind, horizon, due in days, state
    impact: Impact
    went_well: list[str] = field(default_factory=list)
    went_wrong: list[str] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: IncidentStatus = IncidentStatus.PUBLISHED
    restricted: bool = False


SCENARIOS = [
    Scenario(
        170,
        22,
        "Checkout API returned 5xx after connection-pool config push",
        "P1",
        ["checkout-api", "payments"],
        "configuration",
        "A configuration push lowered the checkout database connection pool from 200 to 20; "
        "checkout requests failed for 52 minutes.",
        "The config pipeline accepted a pool size below the service's documented minimum because "
        "config values had no schema validation.",
        "Reverted the config change and restarted checkout-api pods.",
        (4, 7, 41, 52),
        [
            (0, "config_change", "payments-config: db.pool.max_size 200 → 20 (commit 7f3a9c1)"),
            (2, "log", "ERROR acquire connection timeout after 5000ms ×18,244"),
            (4, "alert", "CheckoutHighErrorRate firing: 5xx ratio 38% > 5% for 2m"),
            (7, "chat", "On-call acknowledged the page and opened #inc-checkout"),
            (29, "chat", "Config diff spotted in payments-config history"),
            (41, "config_change", "Revert of 7f3a9c1 applied; pool back to 200"),
            (52, "alert", "CheckoutHighErrorRate resolved"),
        ],
        [
            "Why did checkout fail? Requests timed out waiting for a database connection.",
            "Why were there no connections? The pool maximum was 20 instead of 200.",
            "Why was the pool 20? A config push changed it and nothing rejected the value.",
            "Why was it not rejected? Config values have no schema or range validation in the pipeline.",
        ],
        [
            ("Technology", "No schema validation for service configuration"),
            ("Process", "Config changes skip the canary stage that code deploys use"),
            ("Environment", "Peak evening traffic amplified the pool exhaustion"),
        ],
        [
            (
                "Add JSON-schema validation with ranges to the config pipeline",
                "prevent",
                "short_term",
                -120,
                "verified",
            ),
            (
                "Route config pushes through the canary stage",
                "prevent",
                "long_term",
                -60,
                "verified",
            ),
            (
                "Alert on connection-pool saturation above 80 %",
                "detect",
                "immediate",
                -150,
                "verified",
            ),
        ],
        Impact(
            users_affected=18400,
            users_affected_pct=12.0,
            downtime_minutes=52,
            money_lost=42000,
            sla_breached=True,
            slo="99.9% checkout availability",
            error_budget_consumed_pct=61,
            support_tickets=134,
            customer_facing=True,
        ),
        ["The error-rate alert fired within 4 minutes", "Rollback of config took one command"],
        ["Nobody connected the config push to the errors for 25 minutes"],
        ["Config is code: it needs the same validation and progressive delivery."],
        ["config", "database"],
    ),
    Scenario(
        160,
        14,
        "Search results stale for 3 hours after indexer crash loop",
        "P2",
        ["search-indexer", "search-api"],
        "technical_debt",
        "The search indexer crash-looped on a malformed product record and search results went stale.",
        "The indexer treated one malformed record as fatal because error handling predates the "
        "dead-letter queue used elsewhere.",
        "Skipped the malformed record, deployed a fix that routes bad records to a dead-letter queue.",
        (95, 110, 170, 185),
        [
            (0, "log", "FATAL cannot parse product 88123: unexpected null in price"),
            (1, "log", "k8s BackOff: Back-off restarting failed container indexer ×41"),
            (95, "alert", "SearchIndexLag firing: lag 95m > 30m"),
            (170, "deploy", "search-indexer v2.14.1 deployed with dead-letter handling"),
            (185, "alert", "SearchIndexLag resolved"),
        ],
        [
            "Why were results stale? The indexer stopped processing updates.",
            "Why did it stop? It crashed on every start on the same record.",
            "Why did one record crash it? Parse errors were fatal instead of being dead-lettered.",
        ],
        [
            ("Technology", "Legacy error handling without a dead-letter queue"),
            ("Technology", "Index-lag alert threshold of 30 minutes delayed detection"),
        ],
        [
            (
                "Dead-letter malformed records in the indexer",
                "prevent",
                "short_term",
                -100,
                "verified",
            ),
            ("Alert on indexer restarts > 3 in 10 minutes", "detect", "immediate", -140, "done"),
        ],
        Impact(
            users_affected=52000, downtime_minutes=185, support_tickets=12, customer_facing=True
        ),
        ["Fix was small and well tested"],
        ["Detection took 95 minutes"],
        [],
        ["search"],
    ),
    Scenario(
        150,
        9,
        "Login failures when identity provider certificate expired",
        "P0",
        ["auth-gateway", "web"],
        "security",
        "The SAML signing certificate of the identity provider expired and every login failed for 38 minutes.",
        "Certificate expiry was tracked in a spreadsheet, not monitored, so the renewal was missed.",
        "Rotated the certificate and uploaded the new metadata to the gateway.",
        (3, 5, 33, 38),
        [
            (0, "log", "ERROR SAML assertion signature invalid: certificate expired"),
            (3, "alert", "LoginSuccessRate firing: 0% < 90%"),
            (5, "chat", "Incident declared, auth team paged"),
            (33, "config_change", "New IdP signing certificate uploaded to auth-gateway"),
            (38, "alert", "LoginSuccessRate resolved"),
        ],
        [
            "Why did logins fail? SAML assertions failed signature validation.",
            "Why? The IdP signing certificate had expired.",
            "Why was it not renewed? The renewal reminder lived in a spreadsheet nobody owned.",
            "Why was there no alert? Certificate expiry was not part of monitoring.",
        ],
        [
            ("Process", "Certificate renewals tracked manually"),
            ("Technology", "No expiry monitoring for third-party certificates"),
        ],
        [
            (
                "Monitor certificate expiry with alerts at 30/7/1 days",
                "detect",
                "immediate",
                -140,
                "verified",
            ),
            ("Automate IdP certificate rotation", "prevent", "long_term", 20, "in_progress"),
        ],
        Impact(
            users_affected=240000,
            users_affected_pct=100,
            downtime_minutes=38,
            money_lost=15000,
            sla_breached=True,
            support_tickets=410,
            customer_facing=True,
        ),
        ["Clear runbook for certificate upload"],
        ["Expiry was foreseeable"],
        [],
        ["certificates", "auth"],
    ),
    Scenario(
        138,
        3,
        "Nightly billing job double-charged 312 customers",
        "P1",
        ["billing-batch"],
        "data",
        "A retried billing batch re-ran charges that had already succeeded; 312 customers were charged twice.",
        "The billing job was not idempotent: retries did not check for existing charges.",
        "Refunded duplicate charges and disabled automatic retries until idempotency keys shipped.",
        (240, 250, 300, 600),
        [
            (0, "log", "cron billing-nightly started (attempt 1)"),
            (37, "log", "WARN payment provider timeout; job marked failed"),
            (40, "log", "cron billing-nightly started (attempt 2)"),
            (240, "alert", "Support ticket spike: 'charged twice'"),
            (300, "action", "Automatic retries disabled"),
            (600, "action", "All 312 refunds issued"),
        ],
        [
            "Why were customers charged twice? The job ran twice over the same invoices.",
            "Why? A timeout marked the first attempt failed although charges succeeded.",
            "Why did the retry charge again? Charges carry no idempotency key.",
        ],
        [
            ("Technology", "No idempotency keys on charge requests"),
            ("Process", "Retry policy defined without reviewing side effects"),
        ],
        [
            ("Send idempotency keys with every charge", "prevent", "short_term", -90, "verified"),
            (
                "Reconcile charges against invoices after each batch",
                "detect",
                "short_term",
                -10,
                "blocked",
            ),
        ],
        Impact(
            users_affected=312,
            money_lost=9800,
            support_tickets=188,
            data_loss=False,
            customer_facing=True,
        ),
        ["Refunds completed the same day"],
        ["Detected by customers, not monitoring"],
        [],
        ["billing"],
    ),
    Scenario(
        125,
        16,
        "Image CDN origin overloaded during marketing campaign",
        "P2",
        ["media-cdn", "web"],
        "capacity",
        "A campaign doubled image traffic; the CDN origin saturated and pages loaded without images.",
        "Origin capacity was sized for average load and autoscaling had a fixed maximum of 6 nodes.",
        "Raised the autoscaling ceiling and pre-warmed the CDN cache.",
        (6, 9, 35, 70),
        [
            (0, "metric", "media-origin CPU rose from 45% to 98% at 16:00"),
            (6, "alert", "OriginLatencyHigh firing: p99 4.2s"),
            (35, "config_change", "autoscaling max nodes 6 → 16"),
            (70, "alert", "OriginLatencyHigh resolved"),
        ],
        [
            "Why did images fail? The origin timed out.",
            "Why? It was CPU-saturated at 6 nodes.",
            "Why only 6 nodes? The autoscaling ceiling was never revisited after launch.",
        ],
        [
            ("Process", "Marketing campaigns not shared with SRE capacity planning"),
            ("Technology", "Fixed autoscaling ceiling"),
        ],
        [
            (
                "Add campaign calendar review to weekly capacity planning",
                "prevent",
                "short_term",
                -30,
                "done",
            ),
            ("Load-test origin at 3x peak each quarter", "prevent", "long_term", 45, "planned"),
        ],
        Impact(users_affected=90000, downtime_minutes=70, customer_facing=True, support_tickets=6),
        [],
        ["No heads-up about the campaign"],
        [],
        ["capacity"],
    ),
    Scenario(
        112,
        11,
        "Payments degraded by upstream card processor outage",
        "P1",
        ["payments"],
        "external_dependency",
        "Our card processor had a regional outage; 30 % of card payments failed for 64 minutes.",
        "Payments depend on a single card processor with no automatic failover.",
        "Waited for the processor's recovery; manually routed EU traffic to the backup processor.",
        (2, 4, 40, 64),
        [
            (0, "log", "ERROR processor responded 503 Service Unavailable ×9,812"),
            (2, "alert", "PaymentFailureRate firing: 31%"),
            (4, "chat", "Processor status page confirms regional incident"),
            (40, "config_change", "EU card traffic routed to backup processor"),
            (64, "alert", "PaymentFailureRate resolved"),
        ],
        [
            "Why did payments fail? The processor returned 503.",
            "Why did that affect customers? All card traffic goes to one processor.",
            "Why no failover? Backup routing exists only as a manual runbook step.",
        ],
        [
            ("Environment", "Third-party regional outage"),
            ("Technology", "No automatic processor failover"),
        ],
        [
            (
                "Automatic failover to backup processor on 5xx > 10 %",
                "mitigate",
                "long_term",
                30,
                "in_progress",
            ),
            ("Subscribe alerts to processor status page", "detect", "immediate", -100, "verified"),
        ],
        Impact(
            users_affected=21000,
            downtime_minutes=64,
            money_lost=27000,
            sla_breached=False,
            customer_facing=True,
            support_tickets=57,
        ),
        ["Manual failover worked"],
        ["Failover took 36 minutes"],
        [],
        ["payments", "vendor"],
    ),
    Scenario(
        98,
        20,
        "Kafka consumer lag delayed order emails by 2 hours",
        "P3",
        ["notifications", "kafka"],
        "monitoring_gap",
        "Order confirmation emails were delayed up to two hours because a consumer group stalled.",
        "Consumer lag was not monitored for the notifications group.",
        "Restarted the stalled consumers and added lag alerts.",
        (110, 115, 120, 125),
        [
            (0, "log", "WARN rebalance in progress, group notifications"),
            (110, "chat", "Customer support reports missing order emails"),
            (120, "action", "Consumers restarted"),
            (125, "metric", "Consumer lag fell from 48,000 to 0"),
        ],
        [
            "Why were emails late? Consumers stopped reading.",
            "Why did nobody notice? Lag was not monitored.",
            "Why not? The group was added after the lag dashboards were built.",
        ],
        [("Technology", "Lag alerts only cover older consumer groups")],
        [("Alert on consumer lag for every consumer group", "detect", "short_term", -5, "done")],
        Impact(users_affected=4300, downtime_minutes=125, customer_facing=True),
        [],
        ["Detected by support"],
        [],
        ["kafka"],
        IncidentStatus.IN_REVIEW,
    ),
    Scenario(
        84,
        13,
        "API gateway 502s after Kubernetes node pool upgrade",
        "P2",
        ["api-gateway", "kubernetes"],
        "infrastructure",
        "A node pool upgrade drained nodes faster than pods could reschedule; the gateway returned 502s for 22 minutes.",
        "The node pool upgrade ignored PodDisruptionBudgets because surge settings were misconfigured.",
        "Paused the upgrade and scaled the gateway deployment.",
        (3, 6, 15, 22),
        [
            (-10, "deploy", "Node pool upgrade to 1.29 started (max surge 0, max unavailable 3)"),
            (0, "log", "k8s Killing: Stopping container gateway ×24"),
            (3, "alert", "Gateway5xx firing"),
            (15, "action", "Node pool upgrade paused"),
            (22, "alert", "Gateway5xx resolved"),
        ],
        [
            "Why 502s? Too few gateway pods were running.",
            "Why? Three nodes drained at once.",
            "Why? Upgrade settings allowed 3 unavailable nodes and no surge.",
        ],
        [("Technology", "Upgrade surge settings"), ("Process", "Upgrades run without a checklist")],
        [
            (
                "Set max surge 1 / max unavailable 0 for node upgrades",
                "prevent",
                "immediate",
                -70,
                "verified",
            ),
            ("Write a node-upgrade checklist", "learn", "short_term", -40, "wont_do"),
        ],
        Impact(users_affected=15000, downtime_minutes=22, customer_facing=True),
        ["Quick pause"],
        [],
        [],
        ["kubernetes"],
    ),
    Scenario(
        70,
        8,
        "Database failover caused 9 minutes of write errors",
        "P1",
        ["orders-db", "orders-api"],
        "infrastructure",
        "The primary database host failed; failover took 9 minutes during which writes failed.",
        "The failover health check interval was 60 s with 5 retries, far slower than the 30 s target.",
        "Failover completed automatically; health-check settings were tuned.",
        (1, 3, 9, 9),
        [
            (0, "log", "FATAL primary orders-db-1 unreachable"),
            (1, "alert", "OrdersWriteErrors firing"),
            (9, "log", "orders-db-2 promoted to primary"),
            (9, "alert", "OrdersWriteErrors resolved"),
        ],
        [
            "Why did writes fail? No primary for 9 minutes.",
            "Why so long? Failover waited for 5 failed health checks 60 s apart.",
            "Why those settings? Defaults from the original install were never reviewed.",
        ],
        [
            ("Technology", "Slow failover detection"),
            ("Environment", "Hardware failure of the host"),
        ],
        [
            (
                "Tune failover detection to under 30 s and drill it",
                "mitigate",
                "short_term",
                -3,
                "done",
            ),
            ("Quarterly failover drill", "learn", "long_term", 60, "planned"),
        ],
        Impact(users_affected=6000, downtime_minutes=9, money_lost=4000, customer_facing=True),
        ["Automatic failover worked"],
        [],
        [],
        ["database"],
    ),
    Scenario(
        55,
        17,
        "Leaked staging API key found in public repository",
        "P1",
        ["platform"],
        "security",
        "A staging API key was committed to a public repository and found by a scanner within an hour.",
        "Pre-commit secret scanning was not enforced for all repositories.",
        "Revoked the key and rotated related credentials.",
        (55, 58, 70, 90),
        [
            (0, "deploy", "Commit pushed to public repository"),
            (55, "alert", "Secret scanning alert: API key"),
            (70, "action", "Key revoked"),
            (90, "action", "Related credentials rotated"),
        ],
        [
            "Why was the key public? It was committed to a public repo.",
            "Why was it committed? Secret scanning was optional.",
            "Why optional? Org-wide enforcement was never configured.",
        ],
        [("Process", "Secret scanning not enforced org-wide")],
        [
            (
                "Enforce push protection for secrets in every repository",
                "prevent",
                "immediate",
                -45,
                "verified",
            )
        ],
        Impact(users_affected=0, data_loss=False, customer_facing=False),
        ["Scanner caught it quickly"],
        [],
        [],
        ["security"],
        IncidentStatus.CLOSED,
        True,
    ),
    Scenario(
        40,
        21,
        "Checkout latency spike after feature flag enabled new pricing engine",
        "P2",
        ["checkout-api", "pricing"],
        "deployment",
        "Enabling the new pricing engine flag for all users raised checkout p99 latency to 6 s for 31 minutes.",
        "The flag was enabled for 100 % at once without a progressive rollout or latency guardrail.",
        "Turned the flag off; re-enabled progressively after a cache fix.",
        (5, 8, 24, 31),
        [
            (-2, "config_change", "Feature flag pricing-engine-v2 enabled for 100%"),
            (0, "metric", "checkout p99 latency rose from 350ms to 6.1s at 21:00"),
            (5, "alert", "CheckoutLatencyHigh firing"),
            (24, "config_change", "Feature flag pricing-engine-v2 disabled"),
            (31, "alert", "CheckoutLatencyHigh resolved"),
        ],
        [
            "Why was checkout slow? Pricing calls took seconds.",
            "Why? The new engine had a cold cache.",
            "Why did everyone hit it? The flag went to 100 % at once.",
            "Why? The flag tool allows instant full rollout without guardrails.",
        ],
        [
            ("Process", "No progressive rollout policy for flags"),
            ("Technology", "Cache warm-up missing"),
        ],
        [
            (
                "Require progressive rollout for flags on checkout path",
                "prevent",
                "short_term",
                4,
                "in_progress",
            ),
            ("Latency guardrail that auto-disables flags", "mitigate", "long_term", 50, "planned"),
            ("Look into better caching", "prevent", "short_term", -2, "planned"),
        ],
        Impact(users_affected=11000, downtime_minutes=31, money_lost=6500, customer_facing=True),
        ["Flag off restored service"],
        [],
        [],
        ["feature-flags"],
        IncidentStatus.DRAFTING,
    ),
    Scenario(
        28,
        10,
        "Checkout 5xx after payments-config pool change (repeat)",
        "P2",
        ["checkout-api", "payments"],
        "configuration",
        "Another connection-pool change in payments-config caused checkout errors for 18 minutes.",
        "Config values still lack schema validation for the payments service.",
        "Reverted the config change.",
        (3, 5, 14, 18),
        [
            (-1, "config_change", "payments-config: db.pool.max_size 200 → 25"),
            (0, "log", "ERROR acquire connection timeout ×4,120"),
            (3, "alert", "CheckoutHighErrorRate firing"),
            (14, "config_change", "Revert applied"),
            (18, "alert", "CheckoutHighErrorRate resolved"),
        ],
        [
            "Why errors? Pool exhausted.",
            "Why? Pool size lowered.",
            "Why allowed? Validation only covered the orders service.",
        ],
        [("Technology", "Schema validation rollout incomplete")],
        [
            (
                "Extend config schema validation to payments-config",
                "prevent",
                "immediate",
                2,
                "in_progress",
            ),
            ("Be more careful with config", "prevent", "short_term", 10, "planned"),
        ],
        Impact(
            users_affected=5200,
            downtime_minutes=18,
            money_lost=9000,
            customer_facing=True,
            support_tickets=22,
        ),
        [],
        ["Same failure as five months earlier"],
        [],
        ["config"],
        IncidentStatus.IN_REVIEW,
    ),
    Scenario(
        12,
        2,
        "DNS resolution failures in one availability zone",
        "P2",
        ["kubernetes", "coredns"],
        "infrastructure",
        "CoreDNS pods in one zone ran out of memory; 1 in 3 requests failed to resolve internal names.",
        "CoreDNS memory limits were set before the cluster tripled in size.",
        "Raised memory limits and spread CoreDNS across zones.",
        (7, 12, 28, 40),
        [
            (0, "log", "k8s OOMKilling: Memory cgroup out of memory: Killed process coredns ×14"),
            (7, "alert", "DNSErrorRate firing"),
            (28, "config_change", "CoreDNS memory limit 170Mi → 512Mi"),
            (40, "alert", "DNSErrorRate resolved"),
        ],
        [
            "Why resolution failures? CoreDNS pods were OOM-killed.",
            "Why? Memory limit too low for the cluster's size.",
            "Why? Limits are not reviewed when the cluster grows.",
        ],
        [("Technology", "Static resource limits"), ("Process", "No review of limits on growth")],
        [
            (
                "Autoscale CoreDNS with the cluster-proportional autoscaler",
                "prevent",
                "short_term",
                12,
                "planned",
            ),
            ("Alert on CoreDNS OOM kills", "detect", "immediate", 3, "planned"),
        ],
        Impact(users_affected=8000, downtime_minutes=40, customer_facing=True),
        [],
        [],
        [],
        ["dns", "kubernetes"],
        IncidentStatus.RESOLVED,
    ),
    Scenario(
        2,
        15,
        "Elevated 5xx on the public API",
        "P1",
        ["api-gateway"],
        "deployment",
        "",
        "",
        "",
        (4, 6, 0, 0),
        [
            (-6, "deploy", "api-gateway v5.2.0 deployed"),
            (0, "log", "ERROR upstream connect error ×2,311"),
            (4, "alert", "Gateway5xx firing"),
            (6, "chat", "Incident declared"),
        ],
        [],
        [],
        [],
        Impact(),
        [],
        [],
        [],
        [],
        IncidentStatus.OPEN,
    ),
]


_WHY_PREFIX = re.compile(r"^Why[^?]*\?\s*")  # the scenarios read "Why …? answer"; keep the answer


def _at(base: datetime, minute: int) -> datetime:
    return base + timedelta(minutes=minute)


def _action(
    number: int,
    spec: tuple[str, str, str, int, str],
    incident: Incident,
    today: date,
    people: list[str],
) -> ActionItem:
    title, kind, horizon, due_in, state = spec
    owner = people[number % len(people)]
    verifier = people[(number + 1) % len(people)]
    end = incident.resolved_at or incident.started_at or datetime.now(UTC)
    item = ActionItem(
        number=number, title=title, owner=owner, due=today + timedelta(days=due_in),
        kind=ActionKind(kind), horizon=Horizon(horizon),
        verification="Alert or test demonstrates the fix in a drill",
        prevention_level=PreventionLevel.ENGINEERING if kind != "learn" else PreventionLevel.TRAINING,
        impact=Level.HIGH if kind == "prevent" else Level.MEDIUM,
        effort=Level.MEDIUM, created_at=end + timedelta(hours=20), assigned_at=end + timedelta(hours=20),
        ticket_url=f"https://tracker.example.com/SRE-{1000 + number + int(end.timestamp()) % 900}",
    )  # fmt: skip
    item.history.append(
        StatusChange(at=item.created_at or end, status=ActionStatus.PLANNED, by=owner)
    )
    moment = (item.created_at or end) + timedelta(days=3)
    path = {
        "planned": [],
        "in_progress": [ActionStatus.IN_PROGRESS],
        "blocked": [ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED],
        "done": [ActionStatus.IN_PROGRESS, ActionStatus.DONE],
        "verified": [ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.VERIFIED],
        "wont_do": [ActionStatus.WONT_DO],
    }[state]
    for status in path:
        moment = min(moment + timedelta(days=4), datetime.now(UTC) - timedelta(days=1))
        reason = None
        if status == ActionStatus.BLOCKED:
            reason = "Waiting on the payment provider's reconciliation API access"
        if status == ActionStatus.WONT_DO:
            reason = "Superseded by automated surge settings"
        item.history.append(StatusChange(at=moment, status=status, by=owner, reason=reason))
        item.status = status
        item.status_reason = reason
        if status == ActionStatus.DONE:
            item.done_at = moment
        if status == ActionStatus.VERIFIED:
            item.verified_at = moment
            item.verifier = verifier
            item.evidence = "https://grafana.example.com/d/drill — alert fired in game-day drill"
    return item


def build_demo(today: date | None = None) -> list[Incident]:
    """The demo incidents, dated relative to `today` (default: the current UTC day)."""
    today = today or datetime.now(UTC).date()
    incidents = []
    for n, sc in enumerate(SCENARIOS):
        day = today - timedelta(days=sc.days_ago)
        start = datetime(day.year, day.month, day.day, sc.hour, 0, tzinfo=UTC) + timedelta(
            minutes=7 * n % 50
        )
        people = PEOPLE[n % 3 :] + PEOPLE[: n % 3]
        det, ack, mit, res = sc.minutes
        open_ = sc.status == IncidentStatus.OPEN
        incident = Incident(
            id=f"INC-{start.date().isoformat()}",
            title=sc.title, severity=sc.severity, status=sc.status, summary=sc.summary,
            started_at=start, detected_at=_at(start, det), acknowledged_at=_at(start, ack),
            mitigated_at=None if open_ else _at(start, mit), resolved_at=None if open_ else _at(start, res),
            services=list(sc.services), tags=list(sc.tags), commander=people[0], author=people[1],
            participants=people[:4], impact=sc.impact, root_cause=sc.root_cause,
            root_cause_category=None if open_ else sc.category,
            technical_details=sc.summary, resolution=sc.resolution,
            went_well=list(sc.went_well), went_wrong=list(sc.went_wrong), lessons=list(sc.lessons),
            restricted=sc.restricted,
            references=[Reference("Dashboard", f"https://grafana.example.com/d/{sc.services[0]}")],
        )  # fmt: skip
        if incident.resolved_at and sc.status not in {IncidentStatus.RESOLVED, IncidentStatus.OPEN}:
            incident.drafted_at = incident.resolved_at + timedelta(hours=6 + 9 * (n % 5))
        if sc.status in {IncidentStatus.PUBLISHED, IncidentStatus.CLOSED}:
            incident.published_at = (incident.drafted_at or start) + timedelta(days=2)
        if sc.status == IncidentStatus.CLOSED:
            incident.closed_at = (incident.published_at or start) + timedelta(days=20)
        for minute, kind, text in sc.events:
            incident.timeline.append(
                TimelineEvent(at=_at(start, minute), text=text, kind=EventKind(kind), source="demo",
                              key=kind in {"alert", "deploy", "config_change"})
            )  # fmt: skip
        marks = [(Milestone.STARTED, incident.started_at), (Milestone.DETECTED, incident.detected_at),
                 (Milestone.MITIGATED, incident.mitigated_at), (Milestone.RESOLVED, incident.resolved_at)]  # fmt: skip
        for mark, moment in marks:
            if moment is not None:
                incident.timeline.append(
                    TimelineEvent(at=moment, text=f"Incident {mark.value}", kind=EventKind.MILESTONE,
                                  source="manual", key=True, milestone=mark)
                )  # fmt: skip
        incident.timeline.sort(key=lambda e: e.at)
        if sc.whys:
            answers = [_WHY_PREFIX.sub("", w) for w in sc.whys]
            incident.why_chains.append(
                WhyChain(problem=sc.title, steps=[WhyStep(a) for a in answers])
            )
        incident.factors = [ContributingFactor(c, t) for c, t in sc.factors]
        incident.actions = [
            _action(i + 1, spec, incident, today, people) for i, spec in enumerate(sc.actions)
        ]
        if sc.status in {IncidentStatus.PUBLISHED, IncidentStatus.CLOSED}:
            incident.reviews.append(
                Review(reviewer=people[2], role="SRE lead", decision=ReviewDecision.APPROVED,
                       meeting_date=(incident.drafted_at or start).date() + timedelta(days=1),
                       attendees=people[:4])
            )  # fmt: skip
        incidents.append(incident)
    return incidents


def load_demo(store: Store, workspace: Workspace | None = None) -> int:
    """Add the demo incidents that are not there yet, in one transaction. Returns how many.
    A demo incident is known by its title: its id is dated from the day it was loaded."""
    from hindsight.kb.similar import mark_repeat

    policy = workspace.policy if workspace is not None else default_policy()
    added: list[Incident] = []
    with store.session() as s:
        titles = {row.title for row in repo.list_incidents(s, include_restricted=True)}
        for incident in build_demo():
            if incident.title in titles or repo.incident_exists(s, incident.id):
                continue
            repo.add_incident(s, incident, "demo", action="demo")
            added.append(incident)
        s.flush()
        # repeats are found as `hindsight similar --mark-repeat` finds them, oldest first
        for incident in sorted(
            added, key=lambda i: i.started_at or datetime.min.replace(tzinfo=UTC)
        ):
            if incident.started_at is not None:
                mark_repeat(s, incident.id, policy, "demo")
    return len(added)
