"""Builds incident_prose.jsonl: ops chatter with labelled secrets, personal data and names.

Secret values follow each provider's documented token format and are random (seeded), so no
real credential is in the file. Run `python tests/data/share/build_prose_corpus.py` to rebuild;
the output is committed so the tests and the benchmark do not depend on this script.
Each row: {"id", "text", "roster", "patterns", "expect": [{"kind", "value"}]}. Every occurrence
of an expected value must be redacted; any other replacement counts as a false positive.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

R = random.Random(20251125)
UP = string.ascii_uppercase
LOW = string.ascii_lowercase
DIG = string.digits
ALNUM = UP + LOW + DIG
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"


def rand(chars: str, n: int) -> str:
    return "".join(R.choice(chars) for _ in range(n))


def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + rand(DIG, length - len(prefix) - 1)
    for check in DIG:
        digits = body + check
        total = 0
        for i, c in enumerate(reversed(digits)):
            v = int(c) * (2 if i % 2 else 1)
            total += v - 9 if v > 9 else v
        if total % 10 == 0:
            return digits
    raise AssertionError


def iban(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    check = 98 - number % 97
    return f"{country}{check:02d}{bban}"


def spaced(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


PATTERNS = {
    "internal_hosts": [
        r"[a-z0-9-]+\.(internal|corp|svc\.cluster\.local)\b",
        r"\b[a-z0-9-]+\.acme-int\.net\b",
    ],
    "customer_ids": [r"\bcus_[A-Za-z0-9]{8,}\b", r"\bACCT-\d{6}\b"],
}

SECRETS = {
    "aws_key_id": lambda: "AKIA" + rand(UP + "234567", 16),
    "aws_secret": lambda: rand(B64, 40),
    "gcp_api_key": lambda: "AIza" + rand(URLSAFE, 35),
    "gcp_oauth_secret": lambda: "GOCSPX-" + rand(URLSAFE, 28),
    "gcp_token": lambda: "ya29." + rand(URLSAFE, 120),
    "azure_client_secret": lambda: rand(ALNUM, 3) + rand(DIG, 1) + "Q~" + rand(ALNUM + "_.~-", 34),
    "azure_storage_key": lambda: rand(B64, 86) + "==",
    "github_pat": lambda: "ghp_" + rand(ALNUM, 36),
    "github_fine": lambda: "github_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59),
    "github_oauth": lambda: "gho_" + rand(ALNUM, 36),
    "gitlab_pat": lambda: "glpat-" + rand(URLSAFE, 20),
    "slack_bot": lambda: f"xoxb-{rand(DIG, 12)}-{rand(DIG, 13)}-{rand(ALNUM, 24)}",
    "slack_user": lambda: f"xoxp-{rand(DIG, 11)}-{rand(DIG, 11)}-{rand(DIG, 12)}-{rand(HEX, 32)}",
    "slack_webhook": lambda: (
        f"https://hooks.slack.com/services/T{rand(UP + DIG, 8)}/B{rand(UP + DIG, 10)}/{rand(ALNUM, 24)}"
    ),
    "stripe_live": lambda: "sk_live_" + rand(ALNUM, 99),
    "stripe_restricted": lambda: "rk_live_" + rand(ALNUM, 24),
    "stripe_webhook": lambda: "whsec_" + rand(ALNUM, 32),
    "twilio_key": lambda: "SK" + rand(HEX, 32),
    "twilio_token": lambda: rand(HEX, 32),
    "sendgrid": lambda: "SG." + rand(URLSAFE, 22) + "." + rand(URLSAFE, 43),
    "npm": lambda: "npm_" + rand(ALNUM, 36),
    "pypi": lambda: "pypi-AgEIcHlwaS5vcmc" + rand(URLSAFE, 70),
    "openai": lambda: "sk-proj-" + rand(URLSAFE, 20) + "T3BlbkFJ" + rand(URLSAFE, 20),
    "openai_new": lambda: "sk-proj-" + rand(URLSAFE, 64),
    "anthropic": lambda: "sk-ant-api03-" + rand(URLSAFE, 93) + "AA",
    "datadog_api": lambda: rand(HEX, 32),
    "datadog_app": lambda: rand(HEX, 40),
    "vault": lambda: "hvs." + rand(URLSAFE, 90),
    "hf": lambda: "hf_" + rand(ALNUM, 34),
    "mailgun": lambda: "key-" + rand(HEX, 32),
    "shopify": lambda: "shpat_" + rand(HEX, 32),
    "grafana": lambda: "glsa_" + rand(ALNUM, 32) + "_" + rand(HEX, 8),
    "password": lambda: rand(ALNUM, 10) + R.choice("!#%&*") + rand(ALNUM, 4),
    "jwt_header": lambda: "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9",
}


def jwt() -> str:
    payload = "eyJzdWIiOi" + rand(URLSAFE, 60)
    return f"{SECRETS['jwt_header']()}.{payload}.{rand(URLSAFE, 43)}"


def pem(kind: str) -> str:
    body = "\n".join(rand(B64, 64) for _ in range(6)) + "\n" + rand(B64, 20) + "=="
    return f"-----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----"


FIRST = [
    "Priya",
    "Mateo",
    "Chen",
    "Amara",
    "Lukas",
    "Sofia",
    "Kwame",
    "Hana",
    "Diego",
    "Ingrid",
    "Tariq",
    "Yuki",
]
LAST = [
    "Natarajan",
    "Morales",
    "Wei",
    "Okafor",
    "Brandt",
    "Lindqvist",
    "Mensah",
    "Sato",
    "Ferreira",
    "Haugen",
    "Rahman",
    "Tanaka",
]


def person() -> tuple[str, str]:
    first, last = R.choice(FIRST), R.choice(LAST)
    return f"{first} {last}", f"{first[0].lower()}{last.lower()}"


def phone() -> str:
    return R.choice(
        [
            lambda: f"+1 {rand('23456789', 1)}{rand(DIG, 2)} 555 {rand(DIG, 4)}",
            lambda: f"({rand('23456789', 1)}{rand(DIG, 2)}) 555-{rand(DIG, 4)}",
            lambda: f"+44 20 7946 {rand(DIG, 4)}",
            lambda: f"+49 30 {rand(DIG, 8)}",
            lambda: f"+33 1 {rand(DIG, 2)} {rand(DIG, 2)} {rand(DIG, 2)} {rand(DIG, 2)}",
            lambda: f"{rand('23456789', 1)}{rand(DIG, 2)}-555-{rand(DIG, 4)}",
        ]
    )()


def public_ip() -> str:
    return R.choice(["203.0.113.", "198.51.100.", "192.0.2."]) + str(R.randint(1, 254))


def private_ip() -> str:
    return f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def ipv6() -> str:
    return f"2001:db8:{R.randint(1, 0xFFFF):x}::{R.randint(1, 0xFFFF):x}"


def card() -> str:
    value = R.choice(
        [
            lambda: luhn_complete("4", 16),
            lambda: luhn_complete("51", 16),
            lambda: luhn_complete("37", 15),
        ]
    )()
    return R.choice(
        [value, spaced(value), "-".join(value[i : i + 4] for i in range(0, len(value), 4))]
    )


def make_iban() -> str:
    value = R.choice(
        [
            lambda: iban("DE", rand(DIG, 18)),
            lambda: iban("GB", rand(UP, 4) + rand(DIG, 14)),
            lambda: iban("FR", rand(DIG, 23)),
            lambda: iban("NL", rand(UP, 4) + rand(DIG, 10)),
        ]
    )()
    return R.choice([value, spaced(value)])


def email(name: str | None = None) -> str:
    local = (
        (name or R.choice(["ops", "jane.doe", "m.klein", "billing-team", "k.ito"]))
        .lower()
        .replace(" ", ".")
    )
    return f"{local}@{R.choice(['example.com', 'acme.io', 'customer-mail.net', 'gmail.com'])}"


ROWS: list[dict] = []


def row(text: str, expect: list[tuple[str, str]], roster: list[str] | None = None) -> None:
    ROWS.append(
        {
            "id": f"P{len(ROWS) + 1:03d}",
            "text": text,
            "roster": roster or [],
            "patterns": PATTERNS,
            "expect": [{"kind": k, "value": v} for k, v in expect],
        }
    )


def secret_rows() -> None:
    s = SECRETS
    v = s["aws_key_id"]()
    row(
        f"14:07 deploy-bot: rollback failed, CI log shows AWS_ACCESS_KEY_ID={v} exported in plain text",
        [("SECRET", v)],
    )
    v1, v2 = s["aws_key_id"](), s["aws_secret"]()
    row(
        f"[default]\naws_access_key_id = {v1}\naws_secret_access_key = {v2}\nregion = eu-west-1",
        [("SECRET", v1), ("SECRET", v2)],
    )
    v = s["gcp_api_key"]()
    row(
        f"The maps widget kept failing because the browser key {v} hit its daily quota.",
        [("SECRET", v)],
    )
    v = s["gcp_oauth_secret"]()
    row(f'oauth client rotated; old client_secret: "{v}" must be revoked', [("SECRET", v)])
    v = s["gcp_token"]()
    row(
        f"curl -H 'Authorization: Bearer {v}' https://storage.googleapis.com/upload",
        [("SECRET", v)],
    )
    v = s["azure_client_secret"]()
    row(f"AZURE_CLIENT_SECRET={v} was committed to the infra repo at 09:12", [("SECRET", v)])
    v = s["azure_client_secret"]()
    row(f"(use the client secret: {v})", [("SECRET", v)])
    v = s["azure_storage_key"]()
    row(
        f"DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey={v};EndpointSuffix=core.windows.net",
        [("SECRET", v)],
    )
    for key in ("github_pat", "github_fine", "github_oauth"):
        v = s[key]()
        row(
            f"Someone pasted {v} into #deploys while debugging the release workflow.",
            [("SECRET", v)],
        )
    v = s["gitlab_pat"]()
    row(f"git clone https://oauth2:{v}@gitlab.com/acme/platform.git", [("SECRET", v)])
    v = s["slack_bot"]()
    row(f'SLACK_BOT_TOKEN: "{v}"', [("SECRET", v)])
    v = s["slack_user"]()
    row(
        f"The alert relay used a personal token {v} that expired when its owner left.",
        [("SECRET", v)],
    )
    v = s["slack_webhook"]()
    row(
        f"Alertmanager receiver posted to {v} which was disabled",
        [("SECRET", v.split("hooks.slack.com/", 1)[1])],
    )
    v = s["stripe_live"]()
    row(
        f"payments-worker crashed: stripe.error.AuthenticationError: Invalid API Key provided: {v}",
        [("SECRET", v)],
    )
    v = s["stripe_restricted"]()
    row(f"restricted key {v} lacked the charges:write permission", [("SECRET", v)])
    v = s["stripe_webhook"]()
    row(f"STRIPE_WEBHOOK_SECRET={v}", [("SECRET", v)])
    v1, v2 = s["twilio_key"](), s["twilio_token"]()
    row(
        f"sms-gateway config: TWILIO_API_KEY={v1} TWILIO_AUTH_TOKEN={v2}",
        [("SECRET", v1), ("SECRET", v2)],
    )
    v = s["sendgrid"]()
    row(
        f"Email delivery stopped; the SendGrid key {v} had been revoked by the vendor.",
        [("SECRET", v)],
    )
    v = s["npm"]()
    row(f"//registry.npmjs.org/:_authToken={v}", [("SECRET", v)])
    v = s["pypi"]()
    row(f"twine upload used password {v} from the runner env", [("SECRET", v)])
    v = s["openai"]()
    row(f"The summarizer job logged its key on startup: OPENAI_API_KEY={v}", [("SECRET", v)])
    v = s["openai_new"]()
    row(f"new project key {v} was issued at 16:20", [("SECRET", v)])
    v = s["anthropic"]()
    row(f"anthropic client init with api_key='{v}'", [("SECRET", v)])
    v = s["datadog_api"]()
    row(f"DD_API_KEY={v} dd-agent failed to submit metrics (403)", [("SECRET", v)])
    v = s["datadog_app"]()
    row(f"the Datadog application key {v} was shared in the incident doc", [("SECRET", v)])
    v = s["vault"]()
    row(f"VAULT_TOKEN={v} vault kv get secret/payments", [("SECRET", v)])
    v = s["hf"]()
    row(f"model pull failed, HF token {v} rate limited", [("SECRET", v)])
    v = s["mailgun"]()
    row(f"mailgun api key {v} still active after offboarding", [("SECRET", v)])
    v = s["shopify"]()
    row(f"Shopify sync used access token {v}", [("SECRET", v)])
    v = s["grafana"]()
    row(f"grafana service account token {v} found in dashboard JSON", [("SECRET", v)])
    for kind in ("RSA ", "EC ", "OPENSSH ", ""):
        v = pem(kind)
        row(f"The debug bundle contained the TLS key:\n{v}\nand the chain.", [("SECRET", v)])
    v = s["password"]()
    row(
        f"psql connection failed: postgres://checkout_app:{v}@db-primary.corp:5432/orders",
        [("SECRET", v), ("HOST", "db-primary.corp")],
    )
    v = s["password"]()
    row(
        f"redis://:{v}@cache-01.acme-int.net:6379/0 refused connections",
        [("SECRET", v), ("HOST", "cache-01.acme-int.net")],
    )
    v = s["password"]()
    row(f"mongodb+srv://reporting:{v}@cluster0.mongodb.net/analytics", [("SECRET", v)])
    v = s["password"]()
    row(f"spring.datasource.password={v}", [("SECRET", v)])
    v = s["password"]()
    row(f'  password: "{v}"', [("SECRET", v)])
    v = s["password"]()
    row(f"export PGPASSWORD='{v}' && pg_dump orders", [("SECRET", v)])
    v = s["password"]()
    row(f"mysql -u root --password={v} -h 127.0.0.1", [("SECRET", v), ("IP", "127.0.0.1")])
    v = s["password"]()
    row(f"curl -u admin:{v} https://grafana.example.com/api/health", [("SECRET", v)])
    v = jwt()
    row(f'2025-03-02T10:14:07Z WARN auth rejected token="{v}" reason=expired', [("SECRET", v)])
    v = jwt()
    row(f"Authorization: Bearer {v}", [("SECRET", v)])
    v = rand(ALNUM, 40)
    row(f'signing_salt = "{v}"', [("SECRET", v)])
    v = rand(B64, 44)
    row(f"SESSION_SECRET_KEY_BASE: {v}", [("SECRET", v)])
    v = rand(ALNUM, 32)
    row(f"x-api-key: {v}", [("SECRET", v)])
    v = s["password"]()
    v = s["password"]()
    row(
        f"For the drill the temporary admin password was {v} and it is still valid, please rotate.",
        [("SECRET", v)],
    )
    v = "Spring" + rand(DIG, 4) + "!"
    row(f"Vendor support reset the console password to {v} over the phone.", [("SECRET", v)])
    v = rand(B64, 28) + "=="
    row(
        f"kubectl get secret db -o yaml showed\ndata:\n  password: {v}\n  username: YXBwdXNlcg==",
        [("SECRET", v)],
    )
    v = s["password"]()
    row(
        f'{{"level":"error","msg":"login failed","password":"{v}","user":"svc-report"}}',
        [("SECRET", v)],
    )
    v = rand(HEX, 32)
    row(f"GET /v1/export?api_key={v}&format=csv 200 1532ms", [("SECRET", v)])
    v = "dckr_pat_" + rand(URLSAFE, 27)
    row(f"docker login -u ci -p {v} registry.example.com", [("SECRET", v)])
    v = s["password"]()
    row(f"runbook said: mysql -u root -p{v} orders", [("SECRET", v)])
    v = s["password"]()
    row(
        f"Server=tcp:sql01.corp,1433;Database=orders;User Id=app;Password={v};",
        [("SECRET", v), ("HOST", "sql01.corp")],
    )
    v = s["password"]()
    row(
        f"The rotated password was posted as 'db_pass = {v}' in the channel; we rotated it again. Do not reuse {v}.",
        [("SECRET", v)],
    )


def pii_rows() -> None:
    for _ in range(8):
        e = email()
        row(
            f"Support ticket #{R.randint(40000, 49999)} from {e}: checkout kept spinning after payment.",
            [("EMAIL", e)],
        )
    for _ in range(8):
        p = phone()
        row(
            R.choice(
                [
                    "Bridge line {p}, PIN in the invite.",
                    "Customer asked us to call back on {p} after the outage.",
                    "Escalated to the vendor's NOC at {p}.",
                    "Phone: {p}",
                ]
            ).format(p=p),
            [("PHONE", p)],
        )
    for _ in range(6):
        ip = public_ip()
        row(
            f"WAF blocked {R.randint(2000, 90000):,} requests from {ip} during the spike",
            [("IP", ip)],
        )
    for _ in range(4):
        ip = private_ip()
        row(f"upstream connect error to {ip}:8080 (connection refused)", [("IP", ip)])
    for _ in range(3):
        ip = ipv6()
        row(f"client {ip} retried 400 times in one minute", [("IP", ip)])
    for _ in range(6):
        c = card()
        row(
            R.choice(
                [
                    "A customer pasted their card number {c} into the chat widget.",
                    "payment log leaked pan={c} before masking was fixed",
                    "Refund issued for card {c}.",
                ]
            ).format(c=c),
            [("CARD", c)],
        )
    for _ in range(5):
        i = make_iban()
        row(
            R.choice(
                [
                    "Payout to IBAN {i} failed twice.",
                    "SEPA batch rejected for account {i} (invalid BIC).",
                ]
            ).format(i=i),
            [("IBAN", i)],
        )
    e, p = email("dana.whitfield"), phone()
    row(f"Affected customer Dana (contact {e}, {p}) lost two orders.", [("EMAIL", e), ("PHONE", p)])


def roster_rows() -> None:
    for _ in range(10):
        (full, handle), (full2, handle2) = person(), person()
        first, last = full.split()
        first2 = full2.split()[0]
        text = R.choice(
            [
                f"{first} rolled back the release while @{handle2} watched the error rate.",
                f"Incident commander {full} paged {first2} at 02:14; {first2} acknowledged at 02:19.",
                f"{handle} merged the fix; {full2} verified it in staging.",
                f"Per {last}, the cache warm-up takes 12 minutes. @{handle2} agreed.",
            ]
        )
        expect = []
        for value in (full, full2, first, first2, last, f"@{handle2}", handle):
            if value in text and not any(value in e and value != e for _, e in expect):
                expect.append(("PERSON", value))
        row(text, expect, roster=[full, handle, full2, handle2])
    row(
        "Thanks @sam.okoro and @ines for the quick bisect.",
        [("PERSON", "@sam.okoro"), ("PERSON", "@ines")],
        roster=["sam.okoro"],
    )


def internal_rows() -> None:
    row(
        "Grafana at https://grafana.acme-int.net/d/k8s/pods?var-ns=checkout showed the spike",
        [("URL", "https://grafana.acme-int.net/d/k8s/pods?var-ns=checkout")],
    )
    row(
        "payments.payments.svc.cluster.local timed out after 30s",
        [("HOST", "payments.payments.svc.cluster.local")],
    )
    row("The batch host etl-07.internal ran out of disk.", [("HOST", "etl-07.internal")])
    v = "cus_" + rand(ALNUM, 14)
    row(f"Only one tenant ({v}) saw duplicate charges.", [("CUSTOMER", v)])
    row(
        "ACCT-204981 and ACCT-204982 were migrated first.",
        [("CUSTOMER", "ACCT-204981"), ("CUSTOMER", "ACCT-204982")],
    )
    row("ssh jump.corp then kubectl -n checkout logs deploy/checkout", [("HOST", "jump.corp")])


def negative_rows() -> None:
    """Ops text with nothing to redact: every replacement here is a false positive."""
    for text in [
        "At 14:02 UTC p99 latency on checkout-api rose from 120 ms to 4 500 ms; error rate 12.5%.",
        f"Deployed commit {rand(HEX, 40)} (v2.31.0) to prod-eu-1 at 2024-03-05 14:10.",
        f"request_id=7c9e6679-7425-40de-944b-e07fc1f77f0a trace_id={rand(HEX, 32)} took 3.2s",
        f"image: ghcr.io/acme/checkout@sha256:{rand(HEX, 64)}",
        "The token bucket limit was set to 5000 req/s; session timeout = 30m; max_tokens: 4096",
        "Pod checkout-7d9f8b6c5-x2k4j OOMKilled (exit 137); restarted 14 times in 20 minutes.",
        "Customers saw HTTP 503 for 47 minutes; 12,430 orders failed; refunds of 3 250 EUR.",
        "PagerDuty incident Q1W2E3R4T5Y6U7 acknowledged; Jira OPS-4821; ticket #48213.",
        "Build 2024.03.05.1 failed; version 10.4.12.7; port 8443; ulimit 65535; 2147483647 overflow.",
        "We rotated the API key and invalidated all sessions; the password policy now requires MFA.",
        "Error: invalid password for user 'reporting' (SQLSTATE 28P01)",
        "token: expired",
        "The JWT validation library rejected tokens signed with the old key.",
        "Runbook step 4: verify `kubectl get pods -n payments` shows 12/12 Running.",
        "Disk usage reached 97% on the volume; we expanded it from 500 GiB to 1 TiB.",
        "The CDN (api.stripe.com and github.com were reachable) returned 200 for static assets.",
        "Between 2024-11-02 09:15 and 09:58 UTC, 4.2% of logins failed.",
        "kafka consumer lag peaked at 1,204,332 messages on partition 7 of orders.v2.",
        "Alert CheckoutHighErrorRate fired at 22:04 and resolved at 22:52.",
        "SELECT count(*) FROM orders WHERE created_at > now() - interval '1 hour'; -- 88213 rows",
        "We moved the cron from 00:00 to 00:30 to avoid the backup window (00:05–00:25).",
        "The feature flag checkout.new_pricing was at 25% rollout.",
        f'etag "{rand(HEX, 32)}" mismatched between replicas',
        "Throughput recovered to 1 850 rps after the HPA scaled to 24 replicas.",
        "docker pull registry.example.com/acme/worker:2024.11.3 took 4m12s",
        "Follow the guide at https://docs.example.com/runbooks/checkout#rollback for the rollback.",
        "We use RFC 1918 ranges internally; the VPC CIDR did not change.",
        "The error budget for the quarter is 99.9% availability; we consumed 38% of it.",
        "2025-01-14T03:12:45.123Z INFO worker-3 processed batch 5521 in 842ms",
        "Action A3: add a canary stage for config pushes (owner: platform team).",
        "The outage could reach 1 200 000 users; call volume rose to 3 400 per hour.",
        "We called the vendor at 09:14 and they confirmed; ticket number 4412 9981.",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7kq2 is the bastion's public key.",
        "GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} is injected by the runner.",
        "password rotation is now automated; token TTL reduced to 15 minutes.",
        "Set DB_PASSWORD from the vault path secret/data/orders (no literal values in git).",
        "Orders table grew by 2 340 112 rows overnight; vacuum took 1 204 seconds.",
        "Call the on-call manager through PagerDuty, not by phone.",
        "retry storm: idempotency_key: 4f3a2b1c-0d9e-4f7a-8b5c-4d3e2f1a0b9c was reused 40 times",
        "cache_key=orders:v2:eu-west-1:2024-11-03 evicted early; primary_key: tenant_id",
        "kms_key_id: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        f"checksum: {rand(HEX, 40)} matched the release manifest",
        "Grafana panel 'p99 by route' showed /api/v2/orders at 2.4 s; see the ADR 0042.",
    ]:
        row(text, [])


secret_rows()
pii_rows()
roster_rows()
internal_rows()
negative_rows()

out = Path(__file__).with_name("incident_prose.jsonl")
with out.open("w", encoding="utf-8") as handle:
    for item in ROWS:
        handle.write(json.dumps(item, ensure_ascii=False) + "\n")
print(f"wrote {len(ROWS)} rows to {out}")
