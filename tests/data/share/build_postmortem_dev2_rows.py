"""The hand-written excerpts of redaction_postmortem_dev2 (see build_postmortem_dev2.py)."""

from __future__ import annotations

from types import ModuleType


def rows(h: ModuleType) -> list[tuple[str, str, list[str]]]:  # noqa: PLR0915 - one long list
    out: list[tuple[str, str, list[str]]] = []

    def add(row_id: str, text: str, roster: list[str] | None = None) -> None:
        out.append((row_id, text, roster or []))

    add(
        "N01",
        f"""⟪format: hindsight-postmortem/1⟫
⟪id: INC-5120⟫
⟪severity: SEV1⟫

## Summary
At ⟪2026-04-02T06:14:09Z⟫ the payout batch for the Netherlands sent 212 transfers twice. The duplicate run was started by ⟦PERSON:Femke Jansen⟧ from a laptop that still had the old cron entry. One affected customer, ⟦PERSON:Sander Bakker⟧, wrote in from ⟦ADDRESS:Prinsengracht 263-1, 1016 GV Amsterdam⟧ and gave his BSN ⟦ID:{h.bsn_number()}⟧ and account ⟦IBAN:{h.iban("NL")}⟧ so that finance could match the reversal.""",
    )

    add(
        "N02",
        f"""Timeline (all times UTC)
⟪08:02⟫ PagerDuty fired `⟪orders-db-replica-lag⟫` for ⟪ap-southeast-2⟫.
08:04 ⟦PERSON:Nguyễn Văn An⟧ acked and looped in ⟦PERSON:Thandiwe Mokoena⟧.
08:11 ⟦PERSON:Thandiwe⟧: replica `⟪orders-db-2⟫` is 41 minutes behind, WAL volume full.
08:15 ⟦PERSON:An⟧ resized the volume from 500 GiB to 1 TiB (⟪CHG-88231⟫).
08:39 lag back to zero; ⟦PERSON:Mokoena⟧ closed the page.""",
    )

    add(
        "N03",
        f"""To reproduce, the on-call ran

    curl -u deploy-bot:⟦SECRET:{h.password(16)}⟧ https://artifacts.example.org/api/v2/releases/⟪2.31.0⟫

then rotated the credential. The same password had also been exported in the CI job as `REGISTRY_PASSWORD`.""",
    )

    add(
        "N04",
        f"""Customer contact log (ticket ⟪SUP-40217⟫)
Name: ⟦PERSON:Margaret O'Sullivan⟧
Address: ⟦ADDRESS:14 Griffith Avenue, Drumcondra, Dublin 9, D09 K2P3⟧
Phone: ⟦PHONE:{h.ph("IE", "M", "nat")}⟧
PPSN: ⟦ID:{h.ppsn()}⟧
She was charged twice for order ⟪#7781203⟫ and asked for a callback after 5pm.""",
    )

    add(
        "N05",
        f"""The support macro pasted the whole KYC record into the public status thread:
"⟦PERSON:Rahul Deshpande⟧, PAN ⟦ID:{h.pan_number()}⟧, Aadhaar ⟦ID:{h.aadhaar_number()}⟧, mobile ⟦PHONE:{h.ph("IN", "M", "intl")}⟧, ⟦ADDRESS:Flat 302, Sai Residency, 14th Cross Road, Indiranagar, Bengaluru 560038⟧".
The thread was hidden after ⟪17 minutes⟫.""",
    )

    add(
        "N06",
        f"""## Root cause
Version ⟪v4.7.0⟫ of `⟪ledger-writer⟫` read `⟪DB_PASSWORD⟫` from the environment, and the Helm chart set it with

    helm upgrade ledger ./chart --set auth.password=⟦SECRET:{h.password(18)}⟧ --set ⟪replicaCount=3⟫

which ended up in the release history visible to every namespace admin.""",
    )

    add(
        "N07",
        f"""Chat export, #inc-payments-br

[10:02] ⟦PERSON:joao.pereira⟧: cliente ligou de novo, ⟦PHONE:{h.ph("BR", "M", "nat")}⟧
[10:03] ⟦PERSON:ana.lima⟧: qual o CPF?
[10:03] ⟦PERSON:joao.pereira⟧: ⟦ID:{h.cpf_number()}⟧, nome ⟦PERSON:Luiz Fernando Barbosa⟧
[10:05] ⟦PERSON:ana.lima⟧: ok, estorno feito para o endereço ⟦ADDRESS:Rua Augusta 1508, apto 72, Consolação, São Paulo - SP, 01304-001⟧""",
        ["Ana Lima"],
    )

    add(
        "N08",
        f"""The fix shipped in ⟪release 2026.14.2⟫ (commit ⟪{h.hexs(40)}⟫). The image digest is ⟪sha256:{h.hexs(64)}⟫ and the run id ⟪{h.uuid()}⟫. Nothing personal was logged; the request ids such as ⟪req_{h.token(20)}⟫ are random.""",
    )

    add(
        "N09",
        f"""Our German payroll export included ⟦PERSON:Jürgen Schäfer⟧'s Steuer-ID ⟦ID:{h.steuer_id()}⟧ and his Personalausweis number ⟦ID:{h.personalausweis()}⟧. He lives at ⟦ADDRESS:Lindenstraße 42, 10969 Berlin⟧ and can be reached on ⟦PHONE:{h.ph("DE", "M", "intl")}⟧ or at the office, ⟦PHONE:{h.ph("DE", "F", "nat")}⟧.""",
    )

    add(
        "N10",
        f"""What went well: ⟦PERSON:Aoife Brennan⟧ spotted the anomaly in ⟪Grafana⟫ before any customer did, and ⟦PERSON:Kwame Mensah⟧ had the runbook open within two minutes. ⟦PERSON:Kwame⟧ later said the alert was "the first useful one this quarter". ⟪Cassandra⟫ and ⟪Kafka⟫ both held up.""",
    )

    add(
        "N11",
        f"""Config that leaked (from `⟪values-prod.yaml⟫`):

```yaml
⟪format: app-config/2⟫
database:
  host: pg-main.prod.svc
  user: ledger
  password: "⟦SECRET:{h.password(20)}⟧"
  ⟪pool_size: 40⟫
stripe:
  secret_key: ⟦SECRET:sk_live_{h.token(24)}⟧
⟪token_ttl: 3600⟫
⟪password_min_length: 12⟫
```""",
    )

    add(
        "N12",
        f"""The refund was wired to ⟦IBAN:{h.iban("ES")}⟧ instead of ⟦IBAN:{h.iban("PT", False)}⟧. The customer, ⟦PERSON:María José Fernández⟧ (DNI ⟦ID:{h.dni_number()}⟧), lives at ⟦ADDRESS:Calle de Alcalá 187, 4º B, 28009 Madrid⟧ and her husband ⟦PERSON:Íñigo Etxeberria⟧ holds an NIE, ⟦ID:{h.nie_number()}⟧.""",
    )

    add(
        "N13",
        f"""Slack, #sre-apac
[03:12] ⟦PERSON:haruto.sato⟧: seeing 502s from ⟪ap-northeast-1⟫ edge
[03:14] ⟦PERSON:Ji-hoon Park⟧: confirmed, ⟪Envoy⟫ restarts on ⟪v1.29.4⟫
[03:15] ⟦PERSON:haruto.sato⟧: ⟦PERSON:@wei.zhang⟧ can you check the ⟪Tokyo⟫ LB?
[03:21] ⟦PERSON:wei.zhang⟧: done, drained ⟪lb-tyo-3⟫""",
    )

    add(
        "N14",
        f"""## Impact
About ⟪1,240,000 requests⟫ failed between ⟪14:02⟫ and ⟪14:47 UTC⟫ (port ⟪8443⟫ on the ⟪eu-west-1⟫ ALB). ⟪Athena⟫ queries for the report ran from ⟪2026-03-14⟫ to ⟪2026-03-15⟫. See ⟪JIRA-4412⟫ and ⟪CVE-2024-3094⟫ for background; ⟪PR #8812⟫ has the fix.""",
    )

    add(
        "N15",
        f"""A Canadian customer, ⟦PERSON:Geneviève Tremblay⟧, was shown another user's tax slip. The slip carried the other person's SIN, ⟦ID:{h.sin_number()}⟧, and address, ⟦ADDRESS:350 Bloor St W, Toronto, ON M5S 1W9⟧. Ms ⟦PERSON:Tremblay⟧ called us from ⟦PHONE:{h.ph("CA", "M", "intl")}⟧.""",
    )

    add(
        "N16",
        f"""For the record, the bastion history showed

    export AWS_ACCESS_KEY_ID=⟦SECRET:AKIA{h.token(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}⟧
    export AWS_SECRET_ACCESS_KEY=⟦SECRET:{h.token(40)}⟧
    aws s3 sync s3://⟪backups-eu⟫ /mnt/restore --region ⟪eu-central-1⟫

run by ⟦PERSON:Oleksandr Kovalenko⟧ at ⟪02:44⟫.""",
    )

    add(
        "N17",
        f"""An engineer in the ⟪Lagos⟫ office, ⟦PERSON:Chukwuemeka Obi⟧, shared a screenshot that contained the customer's phone ⟦PHONE:{h.ph("NG", "M", "nat")}⟧ and NIN ⟦ID:{h._digits(11)}⟧. ⟦PERSON:Obi⟧ deleted it after ⟦PERSON:Folasade Adeyemi⟧ pointed it out.""",
    )

    add(
        "N18",
        f"""UK customer complaint (⟪CASE-20931⟫): ⟦PERSON:Gareth Pritchard⟧, ⟦ADDRESS:Flat 2, 17 Kingsley Road, Leeds LS6 2AB⟧, NI number ⟦ID:{h.nino()}⟧, phone ⟦PHONE:{h.ph("GB", "M", "nat")}⟧. Card ending ⟪4242⟫ was charged £49.00 twice.""",
    )

    add(
        "N19",
        f"""The French partner's callback was configured as

    https://api_{h.token(10).lower()}:⟦SECRET:{h.token(22)}⟧@hooks.partner-fr.example.net/v1/notify

and their contact, ⟦PERSON:Benoît Lefèvre⟧ (⟦PHONE:{h.ph("FR", "M", "nat")}⟧), works from ⟦ADDRESS:45 avenue Jean Jaurès, 69007 Lyon⟧.""",
    )

    add(
        "N20",
        f"""Names mentioned in the retro: ⟦PERSON:Wojciech Zieliński⟧ (DB), ⟦PERSON:Ingrid Solberg⟧ (network), ⟦PERSON:Tariq Haddad⟧ (IC) and ⟦PERSON:Lucía Navarro⟧ (comms). ⟦PERSON:Wojciech⟧ proposed the lock timeout; ⟦PERSON:Ingrid⟧ disagreed.""",
    )

    add(
        "N21",
        f"""Mexican merchant onboarding failed validation for ⟦PERSON:Alejandro Ruiz Cárdenas⟧: CURP ⟦ID:{h.curp_number()}⟧, tel. ⟦PHONE:{h.ph("MX", "M", "intl")}⟧, domicilio ⟦ADDRESS:Av. Insurgentes Sur 1602, Col. Crédito Constructor, 03940 Ciudad de México⟧.""",
    )

    add(
        "N22",
        f"""Hard negatives from the incident doc:
- ⟪format: hindsight-postmortem/1⟫
- ⟪schema: runbook/3⟫
- ⟪build 20260314.3⟫
- ⟪trace_id=4bf92f3577b34da6a3ce929d0e0e4736⟫
- ⟪region: us-east-2⟫
- ⟪api_key_header: X-Api-Key⟫
- ⟪retries: 5⟫
- ⟪Order 100234987 shipped⟫
- ⟪Hermes⟫ and ⟪Apollo⟫ are our internal queue and gateway.""",
    )

    add(
        "N23",
        f"""Docker credentials were passed on the command line in the deploy script:

    docker login registry.example.com -u ci-publisher -p ⟦SECRET:dckr_pat_{h.token(27)}⟧

and a personal token was in the clone URL:

    git clone https://oauth2:⟦SECRET:glpat-{h.token(20)}⟧@gitlab.example.com/payments/ledger.git""",
    )

    add(
        "N24",
        f"""Japan support escalated a case from ⟦PERSON:Yuki Tanaka⟧ (〒153-0063) whose registered address is ⟦ADDRESS:2-11-3 Meguro, Meguro-ku, Tokyo⟧; her My Number ⟦ID:{h.my_number_jp()}⟧ had been stored in a free-text field. Phone: ⟦PHONE:{h.ph("JP", "M", "nat")}⟧.""",
    )

    add(
        "N25",
        f"""Incident commander ⟦PERSON:Mehmet Yılmaz⟧ handed over to ⟦PERSON:Elif Demir⟧ at ⟪18:00⟫. The affected Turkish customer's TC Kimlik No ⟦ID:{h.tc_kimlik()}⟧ was in the request log next to ⟦PHONE:{h.ph("TR", "M", "intl")}⟧ and IBAN ⟦IBAN:{h.iban("TR")}⟧.""",
    )

    add(
        "N26",
        f"""Australian payroll: ⟦PERSON:Liam O'Connor⟧, TFN ⟦ID:{h.tfn()}⟧, ⟦ADDRESS:Unit 4, 22 Smith Street, Fitzroy VIC 3065⟧, mobile ⟦PHONE:{h.ph("AU", "M", "nat")}⟧. The file sat in the ⟪sydney-reports⟫ bucket for ⟪9 days⟫.""",
    )

    add(
        "N27",
        f"""The HTTP capture attached to the ticket contained

    GET /v1/accounts/me HTTP/1.1
    Host: ⟪api.example.com⟫
    Authorization: Bearer ⟦SECRET:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI{h.token(30)}.{h.token(43, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")}⟧
    X-Api-Key: ⟦SECRET:{h.hexs(32)}⟧
    ⟪User-Agent: okhttp/4.12.0⟫""",
    )

    add(
        "N28",
        f"""Italian customer record: ⟦PERSON:Giuseppe Esposito⟧, codice fiscale ⟦ID:{h.codice_fiscale()}⟧, ⟦ADDRESS:Via Roma 45, 20121 Milano⟧, cell. ⟦PHONE:{h.ph("IT", "M", "nat")}⟧, IBAN ⟦IBAN:{h.iban("IT")}⟧.""",
    )

    add(
        "N29",
        f"""We rely on ⟪Jenkins⟫, ⟪Ruby⟫ 3.3, ⟪Django⟫ and ⟪Victoria⟫ Metrics. ⟪Mercury⟫ is the name of the settlement service; ⟪Georgia⟫ is a region code in our tax table, and ⟪Jordan⟫ is a country we ship to. None of these are people. The owner of the service is ⟦PERSON:Sipho Ndlovu⟧.""",
    )

    add(
        "N30",
        f"""Polish subsidiary: customer ⟦PERSON:Katarzyna Wójcik⟧, PESEL ⟦ID:{h.pesel_number()}⟧, adres ⟦ADDRESS:ul. Marszałkowska 84/92 m. 15, 00-514 Warszawa⟧, tel. ⟦PHONE:{h.ph("PL", "M", "nat")}⟧, konto ⟦IBAN:{h.iban("PL")}⟧.""",
    )

    add(
        "N31",
        f"""Restoring the replica required

    PGPASSWORD=⟦SECRET:{h.password(15)}⟧ pg_dump -h 10.0.0.12 -U replicator ledger > /tmp/ledger.sql
    redis-cli -h cache-1 -a '⟦SECRET:{h.password(12)}⟧' FLUSHDB

(⟪redis 7.2.4⟫, ⟪postgres 15.6⟫).""",
        [],
    )

    add(
        "N32",
        f"""Nordic payroll dump, as pasted into #help-data by ⟦PERSON:Björn Håkansson⟧:
- ⟦PERSON:Astrid Lindgren-Berg⟧, personnummer ⟦ID:{h.personnummer_se()}⟧, ⟦ADDRESS:Drottninggatan 53, 111 21 Stockholm⟧
- ⟦PERSON:Ola Nordmann⟧, fødselsnummer ⟦ID:{h.fodselsnummer_no()}⟧, ⟦PHONE:{h.ph("NO", "M", "intl")}⟧
- ⟦PERSON:Aino Virtanen⟧, henkilötunnus ⟦ID:{h.hetu_fi()}⟧, ⟦IBAN:{h.iban("FI")}⟧""",
    )

    add(
        "N33",
        f"""US escalation: ⟦PERSON:DeShawn Carter⟧ of ⟦ADDRESS:8823 Old Orchard Rd, Apt 3B, Columbus, OH 43215⟧ reported that his SSN ⟦ID:{h.ssn()}⟧ appeared on someone else's invoice. He asked us to call ⟦PHONE:{h.ph("US", "M", "nat")}⟧; his wife ⟦PERSON:Tamika⟧ answered instead.""",
    )

    add(
        "N34",
        f"""Follow-up owners: ⟦PERSON:Priya Natarajan⟧ (alerting), ⟦PERSON:Callum McLeod⟧ (runbook), ⟦PERSON:Siobhán Ní Bhriain⟧ (comms). Due ⟪2026-05-01⟫. Tracked in ⟪OPS-1123⟫, ⟪OPS-1124⟫ and ⟪OPS-1125⟫.""",
        ["Priya Natarajan"],
    )

    add(
        "N35",
        f"""Swiss customer: ⟦PERSON:Reto Brunner⟧, AHV-Nr. ⟦ID:{h.ahv()}⟧, ⟦ADDRESS:Bahnhofstrasse 21, 8001 Zürich⟧, ⟦PHONE:{h.ph("CH", "M", "intl")}⟧, ⟦IBAN:{h.iban("CH")}⟧. Belgian branch: ⟦PERSON:Lotte Peeters⟧, ⟦ADDRESS:Rue Neuve 45, 1000 Bruxelles⟧, ⟦IBAN:{h.iban("BE")}⟧.""",
    )

    add(
        "N36",
        f"""A Kubernetes secret was created by hand during the incident:

    kubectl create secret generic ledger-db --from-literal=username=ledger --from-literal=password=⟦SECRET:{h.password(16)}⟧ -n ⟪payments⟫

The manifest `⟪ledger-db.yaml⟫` was later committed with `⟪stringData.password: ${{DB_PASSWORD}}⟫`.""",
    )

    add(
        "N37",
        f"""Delivery partner in South Africa: driver ⟦PERSON:Thabo Mahlangu⟧ (ID ⟦ID:{h.za_id()}⟧) delivered to ⟦ADDRESS:12 Long Street, Cape Town, 8001⟧ at ⟪16:40⟫ SAST. Dispatcher ⟦PERSON:Naledi Khumalo⟧ called him on ⟦PHONE:{h.ph("ZA", "M", "nat")}⟧.""",
    )

    add(
        "N38",
        f"""In the war room ⟦PERSON:Ngozi⟧ and ⟦PERSON:Aleksandra⟧ paired on the failover while ⟦PERSON:Hiroshi⟧ kept the status page current. Later ⟦PERSON:Aleksandra⟧ wrote the timeline. The vendor, ⟪Equinix⟫, confirmed the power event in ⟪FR5⟫.""",
    )

    add(
        "N39",
        f"""Chinese marketplace seller ⟦PERSON:Li Na⟧ uploaded a scan with her resident ID ⟦ID:{h.ric_number()}⟧ and passport ⟦ID:{h.passport("CN")}⟧. Contact: ⟦PHONE:{h.ph("CN", "M", "intl")}⟧.""",
    )

    add(
        "N40",
        f"""Secrets in flags we found in the shell history of ⟪bastion-2⟫:

    mysql --user=admin --password=⟦SECRET:{h.password(14)}⟧ -h ⟪db.internal⟫
    sshpass -p '⟦SECRET:{h.password(11)}⟧' ssh ops@⟪10.20.0.4⟫
    openssl pkcs12 -export -in cert.pem -passout pass:⟦SECRET:{h.password(13)}⟧ -out bundle.p12
    vault login -method=userpass username=ops password=⟦SECRET:{h.password(15)}⟧""",
    )

    add(
        "N41",
        f"""Passports scanned into the shared drive (found by the DLP sweep on ⟪2026-02-19⟫):
US passport ⟦ID:{h.passport("US")}⟧ (⟦PERSON:Emily Johnson⟧), UK passport number ⟦ID:{h.passport("GB")}⟧ (⟦PERSON:Oliver Hughes⟧), Reisepass ⟦ID:{h.passport("DE")}⟧ (⟦PERSON:Lukas Becker⟧), passeport n° ⟦ID:{h.passport("FR")}⟧ (⟦PERSON:Camille Rousseau⟧), Indian passport ⟦ID:{h.passport("IN")}⟧ (⟦PERSON:Ananya Iyer⟧).""",
    )

    add(
        "N42",
        f"""Dutch support note: klant ⟦PERSON:Daan de Vries⟧, ⟦ADDRESS:Kerkstraat 12a, 3511 LK Utrecht⟧, tel ⟦PHONE:{h.ph("NL", "M", "nat")}⟧, burgerservicenummer ⟦ID:{h.bsn_number()}⟧. Terugbetaling naar ⟦IBAN:{h.iban("NL", False)}⟧.""",
    )

    add(
        "N43",
        f"""Phones collected in the outage survey (international format):
⟦PHONE:{h.ph("KE", "M", "intl")}⟧ (Nairobi), ⟦PHONE:{h.ph("EG", "M", "intl")}⟧ (Cairo), ⟦PHONE:{h.ph("AE", "M", "intl")}⟧ (Dubai), ⟦PHONE:{h.ph("SG", "M", "intl")}⟧ (Singapore), ⟦PHONE:{h.ph("KR", "M", "intl")}⟧ (Seoul), ⟦PHONE:{h.ph("AR", "M", "intl")}⟧ (Buenos Aires).""",
    )

    add(
        "N44",
        f"""The same survey, national formats as customers typed them: ⟦PHONE:{h.ph("US", "F", "dots")}⟧, ⟦PHONE:{h.ph("GB", "F", "nat")}⟧, ⟦PHONE:{h.ph("FR", "F", "nat")}⟧, ⟦PHONE:{h.ph("ES", "M", "nat")}⟧, ⟦PHONE:{h.ph("PT", "M", "nat")}⟧, ⟦PHONE:{h.ph("JP", "F", "nat")}⟧, ⟦PHONE:{h.ph("AU", "F", "nat")}⟧.""",
    )

    add(
        "N45",
        f"""## Lessons
The webhook secret `⟦SECRET:whsec_{h.token(32)}⟧` was committed to ⟪infra-config⟫ at ⟪a3f9e1c⟫. The Slack webhook ⟦SECRET:https://hooks.slack.com/services/T{h.token(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}/B{h.token(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}/{h.token(24)}⟧ was also in the same file.""",
    )

    add(
        "N46",
        f"""Email thread forwarded into the doc:

> From: ⟦PERSON:Chen Jing⟧ <⟦EMAIL:chen.jing@example-customer.cn⟧>
> Hi, I am ⟦PERSON:Chen Jing⟧, my account was debited twice. Please call me at ⟦PHONE:{h.ph("CN", "M", "nat")}⟧ or write to my colleague ⟦PERSON:Zhou Xiaoming⟧.""",
    )

    add(
        "N47",
        f"""⟪Tyler⟫, ⟪Texas⟫ and ⟪Paris⟫, ⟪Ontario⟫ both had outages; our ⟪Austin⟫ and ⟪Sydney⟫ POPs were fine. Customer ⟦PERSON:Jackson Reyes⟧ of ⟪Tyler⟫ complained on social media and ⟦PERSON:Madison Clark⟧ from our support team answered.""",
    )

    add(
        "N48",
        f"""Brazilian merchant payout: ⟦PERSON:Francisca Oliveira dos Santos⟧, CPF ⟦ID:{h.cpf_number(False)}⟧, endereço ⟦ADDRESS:Av. Paulista, 1578, Bela Vista, São Paulo - SP, 01310-200⟧, celular ⟦PHONE:{h.ph("BR", "M", "intl")}⟧, IBAN ⟦IBAN:{h.iban("BR")}⟧.""",
    )

    add(
        "N49",
        f"""Chat
[21:40] ⟦PERSON:svetlana.ivanova⟧: rollback done
[21:41] ⟦PERSON:kofi.boateng⟧: thx. ⟦PERSON:@svetlana.ivanova⟧ pls share the query
[21:44] ⟦PERSON:svetlana.ivanova⟧: select * from payouts where status = 'stuck' -- ⟪412 rows⟫
[21:47] ⟦PERSON:Kofi Boateng⟧: closing ⟪INC-7781⟫""",
    )

    add(
        "N50",
        f"""The Terraform run printed the variable because it was not marked sensitive:

    terraform apply -var 'db_password=⟦SECRET:{h.password(17)}⟧' -var ⟪'instance_count=4'⟫

and the npm publish step had `//registry.npmjs.org/:_authToken=⟦SECRET:npm_{h.token(36)}⟧` in `.npmrc`.""",
    )

    add(
        "N51",
        f"""Spanish-speaking customers in the sample: ⟦PERSON:Joaquín Herrera⟧ (⟦ADDRESS:C/ de Balmes 145, 08008 Barcelona⟧), ⟦PERSON:Ximena Quispe⟧ (Lima, ⟦PHONE:{h.ph("PE", "M", "intl")}⟧), ⟦PERSON:Camila Rojas⟧ (Santiago, ⟦PHONE:{h.ph("CL", "M", "intl")}⟧).""",
    )

    add(
        "N52",
        f"""⟪## Action items⟫
| Owner | Item | Ticket |
|---|---|---|
| ⟦PERSON:Ravi Shankar⟧ | Mask PAN in logs | ⟪SEC-311⟫ |
| ⟦PERSON:Olga Petrova⟧ | Rotate ⟪Vault⟫ root token | ⟪SEC-312⟫ |
| ⟦PERSON:Tomás Ó Briain⟧ | Add DLP on support macros | ⟪SEC-313⟫ |""",
    )

    add(
        "N53",
        f"""The storage vendor's engineer, ⟦PERSON:Hamid Rezaei⟧, asked for remote access and was given the break-glass password ⟦SECRET:{h.password(14)}⟧ over the phone bridge (⟦PHONE:{h.ph("GB", "F", "intl")}⟧, PIN ⟪482913#⟫).""",
    )

    add(
        "N54",
        f"""Greek and Czech customers affected: ⟦PERSON:Dimitrios Papadopoulos⟧, ⟦IBAN:{h.iban("GR")}⟧, ⟦PHONE:{h.ph("GR", "M", "intl")}⟧; ⟦PERSON:Tereza Nováková⟧, ⟦IBAN:{h.iban("CZ")}⟧, ⟦PHONE:{h.ph("CZ", "M", "intl")}⟧.""",
    )

    add(
        "N55",
        f"""From the vendor postmortem we were sent: "⟪Channel File 291⟫ caused the crash; ⟪Falcon⟫ sensors on ⟪Windows⟫ hosts were affected. ⟪Customer Support⟫ and ⟪Engineering⟫ worked through the weekend." We added nothing personal here.""",
    )

    add(
        "N56",
        f"""The hotel booking that an engineer expensed was attached to the incident by mistake: guest ⟦PERSON:Sophie Wagner⟧, ⟦ADDRESS:Mariahilfer Straße 77, 1060 Wien⟧, passport ⟦ID:{h.passport("NL")}⟧, card ⟦CARD:4539 1488 0343 6467⟧.""",
    )

    add(
        "N57",
        f"""Local dev credentials in the ticket:

```
DATABASE_URL=postgres://app:⟦SECRET:{h.password(16)}⟧@localhost:5432/app
SENTRY_DSN=https://⟦SECRET:{h.hexs(32)}⟧@o12345.ingest.sentry.io/⟪4504{h._digits(12)}⟫
⟪LOG_LEVEL=debug⟫
⟪PORT=8080⟫
```""",
    )

    add(
        "N58",
        f"""People who joined the bridge: ⟦PERSON:Fatima Al-Zahra⟧, ⟦PERSON:Abdullah bin Rashid⟧, ⟦PERSON:Nurul Aisyah binti Ahmad⟧, ⟦PERSON:Bui Thi Hoa⟧ and ⟦PERSON:Sergei⟧ from the DBA team.""",
    )

    add(
        "N59",
        f"""Korean user report: ⟦PERSON:김민준⟧ (⟦PERSON:Kim Min-jun⟧) sent a photo of his resident registration number ⟦ID:{h.rrn()}⟧ and ⟦PHONE:{h.ph("KR", "M", "nat")}⟧. His address: ⟦ADDRESS:서울특별시 강남구 테헤란로 152⟧.""",
    )

    add(
        "N60",
        f"""Singapore office move, ⟪2026-06⟫: new address ⟦ADDRESS:Blk 456 Ang Mo Kio Ave 10, #08-1234, Singapore 560456⟧ for the employee ⟦PERSON:Tan Wei Ling⟧ (NRIC ⟦ID:{h.nric()}⟧, mobile ⟦PHONE:{h.ph("SG", "M", "nat")}⟧).""",
    )

    add(
        "N61",
        f"""Settings that merely name secrets (must stay): ⟪secret_ref: vault/payments/db⟫, ⟪--password-stdin⟫, ⟪password_file: /run/secrets/db⟫, ⟪AWS_REGION=eu-west-1⟫, ⟪key_id: 4⟫, ⟪api_version: 2024-06-01⟫, ⟪client_id: web-frontend⟫.""",
    )

    add(
        "N62",
        f"""The fraud team noted that ⟦PERSON:Ayesha Siddiqui⟧ (⟦PHONE:{h.ph("PK", "M", "intl")}⟧) and ⟦PERSON:Tanvir Hossain⟧ (⟦PHONE:{h.ph("BD", "M", "intl")}⟧) used the same device. Their shipping address, ⟦ADDRESS:House No. 45, Sector 21, Gurugram, Haryana 122016⟧, is a warehouse.""",
    )

    add(
        "N63",
        f"""We rotated the Twilio and SendGrid keys after the leak: ⟦SECRET:SK{h.hexs(32)}⟧ and ⟦SECRET:SG.{h.token(22)}.{h.token(43)}⟧. The GitHub token ⟦SECRET:ghp_{h.token(36)}⟧ belonged to ⟦PERSON:Marcus Lindqvist⟧.""",
    )

    add(
        "N64",
        f"""Call notes: "Hi, this is ⟦PERSON:Agnieszka⟧ from billing, I'm calling about the double charge. You can reach me on ⟦PHONE:{h.ph("PL", "F", "intl")}⟧." Customer ⟦PERSON:Hendrik Visser⟧ replied from ⟦PHONE:{h.ph("NL", "M", "e164")}⟧.""",
    )

    add(
        "N65",
        f"""Driving licence checks failed for two couriers: UK licence ⟦ID:{h.driving_licence_uk()}⟧ (⟦PERSON:Connor Walsh⟧) and Steuer-ID ⟦ID:{h.steuer_id()}⟧ for ⟦PERSON:Anja Krüger⟧, who lives at ⟦ADDRESS:Am Waldrand 7, 50667 Köln⟧.""",
    )

    add(
        "N66",
        f"""What went wrong: the ⟪Phoenix⟫ cluster in ⟪us-west-2⟫ ran out of IPs because subnet 10.40.0.0/22 was too small. ⟪Autoscaler⟫ kept retrying every ⟪30s⟫. ⟪Node 14⟫ was cordoned. ⟪Hermes⟫ retried ⟪3,200⟫ messages.""",
    )

    add(
        "N67",
        f"""Portuguese and Irish refunds: ⟦PERSON:Inês Carvalho⟧, ⟦ADDRESS:Rua do Ouro 120, 1100-063 Lisboa⟧, ⟦IBAN:{h.iban("PT")}⟧; ⟦PERSON:Ciarán Byrne⟧, ⟦IBAN:{h.iban("IE")}⟧, ⟦PHONE:{h.ph("IE", "M", "intl")}⟧.""",
    )

    add(
        "N68",
        f"""Chat excerpt
14:03 <⟦PERSON:mfernandez⟧> deploy of ⟪checkout v3.2.0⟫ started
14:06 <⟦PERSON:oadebayo⟧> errors spiking, rolling back
14:09 <⟦PERSON:mfernandez⟧> ok. ⟦PERSON:Oluwaseun⟧ can you page ⟦PERSON:Chidi⟧?""",
    )

    add(
        "N69",
        f"""Scandinavian and Baltic IBANs in the batch file: ⟦IBAN:{h.iban("SE")}⟧, ⟦IBAN:{h.iban("NO")}⟧, ⟦IBAN:{h.iban("DK", False)}⟧, ⟦IBAN:{h.iban("LT")}⟧, ⟦IBAN:{h.iban("EE")}⟧, ⟦IBAN:{h.iban("LV")}⟧.""",
    )

    add(
        "N70",
        f"""Our ⟪Cassandra⟫ ring lost quorum. ⟦PERSON:Grace Liu⟧ and ⟦PERSON:Will Turner⟧ restarted two nodes; ⟦PERSON:Will⟧ noted that the ⟪JVM⟫ heap was set to ⟪31g⟫. We will grant ⟪read-only⟫ access to the analytics team so they can mark the affected rows.""",
    )

    add(
        "N71",
        f"""Azure CLI and GCP commands in the runbook (with real values, sadly):

    az login --service-principal -u ⟪{h.uuid()}⟫ -p ⟦SECRET:{h.token(34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789~._-")}⟧ --tenant ⟪{h.uuid()}⟫
    gcloud auth activate-service-account --key-file=⟪sa.json⟫""",
    )

    add(
        "N72",
        f"""Customer in ⟪Vienna⟫: ⟦PERSON:Florian Gruber⟧, ⟦IBAN:{h.iban("AT")}⟧, ⟦PHONE:{h.ph("AT", "M", "nat")}⟧. Customer in ⟪Luxembourg⟫: ⟦PERSON:Claire Schmit⟧, ⟦IBAN:{h.iban("LU")}⟧, ⟦PHONE:{h.ph("LU", "M", "intl")}⟧.""",
    )

    add(
        "N73",
        f"""The on-call wrote in the doc: "I ran `redis-cli --pass ⟦SECRET:{h.password(14)}⟧ INFO` from my laptop, sorry". The doc also lists ⟪ticket #4471⟫, ⟪build #1882⟫ and ⟪PR !203⟫.""",
    )

    add(
        "N74",
        f"""An insurance partner in ⟪France⟫ received ⟦PERSON:Hélène Dubois⟧'s numéro de sécurité sociale ⟦ID:{h.nir()}⟧ by email. We asked ⟦PERSON:Hélène⟧ to confirm her address: ⟦ADDRESS:12 rue des Lilas, 69003 Lyon⟧.""",
    )

    add(
        "N75",
        f"""US West team: ⟦PERSON:Kiana Kealoha⟧ (Honolulu), ⟦PERSON:Diego Alvarado⟧ (⟦PHONE:{h.ph("US", "M", "intl")}⟧), ⟦PERSON:Ashley Nguyen⟧. Office: ⟦ADDRESS:500 W Madison St, Suite 1200, Chicago, IL 60661⟧.""",
    )

    add(
        "N76",
        f"""Before the fix, `⟪hindsight share⟫` printed `⟪format: hindsight-postmortem/1⟫`, ⟪version: 4.12.3⟫ and the SHA ⟪{h.hexs(40)}⟫; none of this may be changed. ⟪UUID {h.uuid()}⟫ is a request id. Timestamps ⟪2026-03-14 09:21:44+00:00⟫ and ⟪1710408104⟫ stay.""",
    )

    add(
        "N77",
        f"""Chat (Teams export)
[Mon 09:12] ⟦PERSON:Adebayo Ogunleye⟧: who changed the DNS TTL?
[Mon 09:13] ⟦PERSON:Rosa Martínez⟧: me, sorry, it was in ⟪CHG-5512⟫
[Mon 09:15] ⟦PERSON:Adebayo Ogunleye⟧: ok, ⟦PERSON:Rosa⟧ please revert; ⟦PERSON:Ikechukwu⟧ will verify""",
    )

    add(
        "N78",
        f"""Indian customer support transcript: "My name is ⟦PERSON:Lakshmi Venkataraman⟧, my PAN is ⟦ID:{h.pan_number()}⟧ and Aadhaar ⟦ID:{h.aadhaar_number()}⟧. I stay at ⟦ADDRESS:No. 42, 3rd Cross, Jayanagar, Bengaluru 560011⟧." Agent ⟦PERSON:Suresh⟧ copied it into ⟪CRM-90112⟫.""",
    )

    add(
        "N79",
        f"""Secrets in URLs from the proxy log:
⟪GET⟫ https://api.partner.example/v2/orders?access_token=⟦SECRET:{h.token(40)}⟧&⟪page=2⟫
⟪GET⟫ https://files.example.net/export.csv?X-Amz-Signature=⟦SECRET:{h.hexs(64)}⟧&⟪X-Amz-Expires=300⟫
and a MongoDB URI mongodb+srv://reporting:⟦SECRET:{h.password(15)}⟧@cluster0.abcd1.mongodb.net/⟪reports⟫""",
    )

    add(
        "N80",
        f"""Heads-up from ⟦PERSON:Zanele Dlamini⟧: the laptop of ⟦PERSON:Pieter van der Merwe⟧ was stolen in ⟪Johannesburg⟫; it had a local copy of the KYC export including ID ⟦ID:{h.za_id()}⟧ and passport ⟦ID:{h.passport("AU")}⟧.""",
    )

    # --- second batch, written before any of the first was fixed: harder phrasing ----------
    add("N81", f"""⟦PERSON:Marguerite Okonkwo-Hale⟧ joined at 14:20 and immediately asked why nobody had paged the storage team. ⟦PERSON:Okonkwo-Hale⟧ then took over as IC and ran the bridge until ⟪15:05⟫.""")

    add("N82", f"""The courier left the parcel at ⟦ADDRESS:1187 Sycamore Ridge Trace, Franklin, TN 37064⟧ instead of next door. The recipient's neighbour, ⟦PERSON:Beverly Huckabee⟧, signed for it.""")

    add("N83", f"""Her documento nacional de identidad (⟦ID:{h.dni_number()}⟧) and her carnet de conducir were visible in the attachment. The customer's number, ⟦PHONE:{h.ph("ES", "M", "00")}⟧, also appeared in the subject line.""")

    add("N84", f"""The export row read: ⟦PERSON:Kowalczyk⟧;⟦PERSON:Zofia⟧;⟦ADDRESS:ul. Piotrkowska 104, 90-926 Łódź⟧;⟦PHONE:{h.ph("PL", "M", "nat")}⟧;⟦ID:{h.pesel_number()}⟧""")

    add("N85", f"""We shipped the replacement router to the customer's home in ⟪Leeds⟫ — ⟦ADDRESS:Rose Cottage, 3 Church Lane, Horsforth, Leeds LS18 5LA⟧ — and ⟦PERSON:Nigel Attwood⟧ confirmed receipt the next day.""")

    add("N86", f"""A screenshot in ⟪#general⟫ showed a tax form with the taxpayer identification number ⟦ID:{h.ssn().replace("-", "")}⟧ and the name ⟦PERSON:Brandon Kowalski⟧. ⟦PERSON:Brandon⟧ was unaware until ⟦PERSON:Shauna⟧ told him.""")

    add("N87", f"""⟦PERSON:Yusuf Abdi⟧ said the storefront in ⟪Minneapolis⟫ was still taking orders offline. The store is at ⟦ADDRESS:2930 Chicago Ave S, Minneapolis, MN 55407⟧; the manager's cell is ⟦PHONE:{h.ph("US", "M", "nat")}⟧.""")

    add("N88", f"""The password for the shared ops mailbox was changed to ⟦SECRET:{h.password(13)}⟧ and announced in the channel, which is how it ended up in this document. The mailbox itself, ⟪ops-shared⟫, is still in use.""")

    add("N89", f"""Personalausweisnummer ⟦ID:{h.personalausweis()}⟧ und Anschrift ⟦ADDRESS:Schillerstr. 8, 04109 Leipzig⟧ des Kunden ⟦PERSON:Matthias Köhler⟧ standen im Klartext im Log; Rückruf unter ⟦PHONE:{h.ph("DE", "F", "nat")}⟧.""")

    add("N90", f"""The Dutch courier ⟦PERSON:Jeroen⟧ delivered to ⟦ADDRESS:Van Baerlestraat 92-1, 1071 BB Amsterdam⟧; the customer, ⟦PERSON:Sanne van den Berg⟧, had asked for ⟦ADDRESS:Overtoom 301, 1054 HW Amsterdam⟧.""")

    add("N91", f"""When ⟦PERSON:Ikaika⟧ and ⟦PERSON:Mele⟧ reviewed the migration they missed the missing index; ⟦PERSON:Mele⟧ wrote the postmortem draft and ⟦PERSON:Ikaika⟧ the remediation plan.""")

    add("N92", f"""Passport details (from the visa letter request): surname ⟦PERSON:OKAFOR⟧, given names ⟦PERSON:CHIAMAKA GRACE⟧, document no. ⟦ID:{h.passport("NG")}⟧, expiry ⟪2031-08-14⟫.""")

    add("N93", f"""⟦PERSON:Sadia Rahman⟧ lives in ⟪London⟫ at ⟦ADDRESS:Flat 9, 41 Whitechapel Road, London E1 1DU⟧. Her UK driving licence number is ⟦ID:{h.driving_licence_uk()}⟧.""")

    add("N94", f"""On the call ⟦PERSON:Pradeep⟧ read out the customer's Aadhaar as ⟦ID:{h.aadhaar_number().replace(" ", "")}⟧ and her mobile as ⟦PHONE:{h.ph("IN", "M", "nat")}⟧; both were in the recording transcript.""")

    add("N95", f"""Retro attendees (in order of speaking): ⟦PERSON:Chioma⟧, ⟦PERSON:Bartholomew⟧, ⟦PERSON:Yevgenia⟧, ⟦PERSON:Tadashi⟧, ⟦PERSON:Ifeoma⟧. ⟦PERSON:Tadashi⟧ owns the follow-up on retries.""")

    add("N96", f"""Australian customer: ⟦PERSON:Matilda Henderson⟧ of ⟦ADDRESS:17 Wattle Grove, Surry Hills NSW 2010⟧, Medicare number ⟦ID:{h._digits(4)} {h._digits(5)} {h._digits(1)}⟧, phone ⟦PHONE:{h.ph("AU", "M", "intl")}⟧.""")

    add("N97", f"""Japanese customer complaint forwarded by ⟦PERSON:Sakura Yamamoto⟧: the parcel for ⟦PERSON:Takeshi Kobayashi⟧ went to ⟦ADDRESS:5-7-2 Ginza, Chuo-ku, Tokyo 104-0061⟧; passport ⟦ID:{h.passport("JP")}⟧ was in the customs note.""")

    add("N98", f"""A French contractor, ⟦PERSON:Théo Moreau⟧, pushed `.env` with `⟪SMTP_HOST=smtp.example.fr⟫` and `SMTP_PASS=⟦SECRET:{h.password(12)}⟧`. ⟦PERSON:Moreau⟧ lives at ⟦ADDRESS:8 boulevard Haussmann, 75009 Paris⟧ per the contract in the same repo.""")

    add("N99", f"""The mistaken SEPA transfer went out to ⟦IBAN:{h.iban("FR")}⟧ (not ours). Reversal requested from ⟦IBAN:{h.iban("DE")}⟧ by ⟦PERSON:Henrike Vogt⟧ in treasury; the counterparty bank in ⟦IBAN:{h.iban("HR")}⟧ acknowledged.""")

    add("N100", f"""Canadian support: ⟦PERSON:Étienne Gagnon⟧, ⟦ADDRESS:1250 Rue Sainte-Catherine O, Montréal, QC H3G 1P1⟧, NAS ⟦ID:{h.sin_number()}⟧, ⟦PHONE:{h.ph("CA", "F", "nat")}⟧.""")

    add("N101", f"""We called Mr ⟦PERSON:Adeyemi⟧ back on ⟦PHONE:{h.ph("NG", "M", "intl")}⟧. ⟦PERSON:Adeyemi⟧ said his wife ⟦PERSON:Bisola⟧ had already disputed the charge.""")

    add("N102", f"""Bank details in the supplier form: account holder ⟦PERSON:Rashid Al Mansouri⟧, IBAN ⟦IBAN:{h.iban("AE")}⟧, Emirates ID ⟦ID:784-{h._digits(4)}-{h._digits(7)}-{h._digits(1)}⟧, ⟦PHONE:{h.ph("AE", "M", "nat")}⟧, ⟦ADDRESS:Villa 14, Street 23, Al Barsha 2, Dubai⟧.""")

    add("N103", f"""The load test used ⟪user_00042⟫ to ⟪user_09999⟫ accounts; ⟪k6 v0.49.0⟫ generated ⟪12,000 rps⟫. Tokens in the test were `⟪test-token⟫`. No real person is named here, but ⟪Georgia⟫, ⟪Virginia⟫ and ⟪Dakota⟫ appear as ⟪AWS⟫ region nicknames.""")

    add("N104", f"""⟦PERSON:Valentina Greco⟧ (Milano) wrote: "il mio numero è ⟦PHONE:{h.ph("IT", "M", "nat")}⟧, abito in ⟦ADDRESS:Corso Buenos Aires 33, 20124 Milano⟧". ⟦PERSON:Greco⟧'s codice fiscale was ⟦ID:{h.codice_fiscale()}⟧.""")

    add("N105", f"""In the CLI the key was given positionally:

    stripe login --api-key ⟦SECRET:rk_live_{h.token(24)}⟧
    heroku config:set ⟪NODE_ENV=production⟫ API_SECRET=⟦SECRET:{h.token(32)}⟧ -a checkout-prod
    htpasswd -b -c /etc/nginx/.htpasswd admin ⟦SECRET:{h.password(12)}⟧""")

    add("N106", f"""The Turkish warehouse team (⟦PERSON:Ayşe Kaya⟧, ⟦PERSON:Emre Çelik⟧) shipped from ⟦ADDRESS:İstiklal Caddesi No: 45, 34430 Beyoğlu/İstanbul⟧.""")

    add("N107", f"""Notes from the on-call handover: ⟦PERSON:Declan⟧ is off sick, ⟦PERSON:Precious⟧ covers nights, and ⟦PERSON:Nomvula⟧ has the pager until Friday. Escalate to ⟦PERSON:Hannelore Bauer⟧ if ⟪Patroni⟫ flaps again.""")

    add("N108", f"""The identity check passed with passport number ⟦ID:{h.passport("IT")}⟧ (Italian) and failed with ⟦ID:{h.passport("ES")}⟧ (Spanish) because the OCR read the second as a date. The operator, ⟦PERSON:Nuno Sequeira⟧, overrode it.""")

    add("N109", f"""Irish phone numbers in the call log: ⟦PHONE:{h.ph("IE", "F", "nat")}⟧ (⟪Cork⟫ office), ⟦PHONE:{h.ph("GB", "M", "00")}⟧ (UK roaming), ⟦PHONE:{h.ph("US", "F", "intl")}⟧ (New York).""")

    add("N110", f"""Brazilian customer ⟦PERSON:Thiago Nascimento⟧ reported the leak; his RG ⟦ID:{h._digits(2)}.{h._digits(3)}.{h._digits(3)}-{h._digits(1)}⟧ and CPF ⟦ID:{h.cpf_number()}⟧ were visible to ⟦PERSON:Rafaela Souza⟧'s account.""")

    add("N111", f"""The GitHub Actions log printed `::add-mask::` too late; the value ⟦SECRET:{h.token(40)}⟧ of `⟪secrets.DEPLOY_KEY⟫` is visible in run ⟪#88213⟫ of workflow ⟪deploy.yml⟫.""")

    add("N112", f"""⟦PERSON:Kateryna Bondarenko⟧ and ⟦PERSON:Andriy Shevchuk⟧ from the ⟪Kyiv⟫ office handled the Ukrainian customer, whose phone ⟦PHONE:{h.ph("UA", "M", "intl")}⟧ and IBAN ⟦IBAN:{h.iban("UA")}⟧ were in the ticket.""")

    return out
