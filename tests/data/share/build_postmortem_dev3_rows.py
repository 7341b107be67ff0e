"""dev3_aside: 20 excerpts written after round 2's rules, all kept aside (totals only)."""

from __future__ import annotations

from types import ModuleType


def rows(h: ModuleType) -> list[tuple[str, str, list[str]]]:
    out: list[tuple[str, str, list[str]]] = []

    def add(row_id: str, text: str, roster: list[str] | None = None) -> None:
        out.append((row_id, text, roster or []))

    add("T01", f"""## Timeline
⟪09:41⟫ ⟦PERSON:Maximilian Brandt⟧ merged ⟪PR #5521⟫ (feature flag `⟪payouts.v2⟫`).
⟪09:58⟫ Alert `⟪PayoutLatencyHigh⟫` fired; ⟦PERSON:Chiara Lombardi⟧ took IC.
⟪10:04⟫ ⟦PERSON:Chiara⟧ asked ⟦PERSON:Maximilian⟧ to disable the flag; ⟦PERSON:Brandt⟧ did at ⟪10:06⟫.
⟪10:30⟫ Customer ⟦PERSON:Ewa Nowak⟧ called ⟦PHONE:{h.ph("PL", "M", "intl")}⟧ about a missing payout to ⟦IBAN:{h.iban("PL")}⟧.""")

    add("T02", f"""Ops shell history on ⟪jump-01⟫:

    export GITLAB_TOKEN=⟦SECRET:glpat-{h.token(20)}⟧
    curl --header "PRIVATE-TOKEN: ⟦SECRET:glpat-{h.token(20)}⟧" https://gitlab.example.com/api/v4/projects
    PGPASSWORD='⟦SECRET:{h.password(14)}⟧' psql -h ⟪pg-reports⟫ -U analyst -c '\\dt'""")

    add("T03", f"""The claims form attached to ⟪CLM-88120⟫ listed: policy holder ⟦PERSON:Gabriel Mendes⟧, CPF ⟦ID:{h.cpf_number()}⟧, ⟦ADDRESS:Rua das Flores 221, apto 34, Centro, Curitiba - PR, 80020-090⟧, tel ⟦PHONE:{h.ph("BR", "M", "nat")}⟧.""")

    add("T04", f"""We only noticed because ⟦PERSON:Anneke Visser⟧ from the ⟪Rotterdam⟫ office saw her own BSN (⟦ID:{h.bsn_number()}⟧) in the ⟪Kibana⟫ search results. She lives at ⟦ADDRESS:Witte de Withstraat 112, 3012 BT Rotterdam⟧.""")

    add("T05", f"""Summary: a batch job at ⟪02:00 UTC⟫ re-sent ⟪4,812⟫ SMS reminders. Recipients included ⟦PHONE:{h.ph("GB", "M", "intl")}⟧, ⟦PHONE:{h.ph("US", "M", "e164")}⟧ and ⟦PHONE:{h.ph("DE", "M", "00")}⟧. No content beyond the reminder text was exposed. Version ⟪3.9.1⟫, job id ⟪{h.uuid()}⟫.""")

    add("T06", f"""From the vendor call: ⟦PERSON:Rajesh Krishnamurthy⟧ (their SRE lead) and ⟦PERSON:Lindiwe Sithole⟧ (account manager). ⟦PERSON:Rajesh⟧ promised a fix in ⟪v5.2⟫; ⟦PERSON:Lindiwe⟧ will send the RCA by ⟪Friday⟫.""")

    add("T07", f"""The Terraform state in the public bucket contained

    "db_password": "⟦SECRET:{h.password(18)}⟧",
    "⟪db_username⟫": "⟪app⟫",
    "api_token": "⟦SECRET:{h.token(40)}⟧",
    "⟪region⟫": "⟪eu-north-1⟫"
""")

    add("T08", f"""KYC escalation (⟪Mumbai⟫ ops): applicant ⟦PERSON:Sneha Kulkarni⟧, PAN ⟦ID:{h.pan_number()}⟧, Aadhaar ⟦ID:{h.aadhaar_number()}⟧, address ⟦ADDRESS:B-704, Lotus Heights, Andheri East, Mumbai 400069⟧, mobile ⟦PHONE:{h.ph("IN", "M", "nat")}⟧.""")

    add("T09", f"""Chat
[11:02] ⟦PERSON:tbakker⟧: who has access to the payroll share?
[11:03] ⟦PERSON:Ilse de Boer⟧: me and ⟦PERSON:Joost⟧
[11:04] ⟦PERSON:tbakker⟧: ok ⟦PERSON:joost⟧ please check the file from ⟪March⟫
[11:09] ⟦PERSON:Joost Mulder⟧: it has everyone's IBAN, e.g. ⟦IBAN:{h.iban("NL")}⟧""")

    add("T10", f"""The support ticket quoted the customer's French social security number, ⟦ID:{h.nir()}⟧, and his address: ⟦ADDRESS:5 allée des Tilleuls, 44000 Nantes⟧. Agent ⟦PERSON:Manon Girard⟧ closed it as a duplicate of ⟪SUP-9921⟫.""")

    add("T11", f"""Hard negatives: ⟪format: hindsight-postmortem/1⟫, ⟪severity: SEV3⟫, ⟪started: 2026-05-02T22:10:00Z⟫, ⟪commit {h.hexs(40)}⟫, ⟪image sha256:{h.hexs(64)}⟫, ⟪request {h.uuid()}⟫, ⟪OPS-4410⟫, ⟪v12.4.0⟫, ⟪us-west-2⟫, ⟪port 6379⟫, ⟪Redis⟫, ⟪Athena⟫, ⟪Hermes⟫, ⟪Sydney⟫ and ⟪May⟫.""")

    add("T12", f"""During the bridge ⟦PERSON:Oksana Melnyk⟧ read out the break-glass credentials (user ⟪breakglass⟫, password ⟦SECRET:{h.password(15)}⟧) so that ⟦PERSON:Ahmad Karimi⟧ could log in from ⟪Kabul⟫.""")

    add("T13", f"""A Japanese customer, ⟦PERSON:Haruka Inoue⟧, wrote from ⟦EMAIL:haruka.inoue@example.jp⟧: her parcel for ⟦ADDRESS:3-14-1 Kitazawa, Setagaya-ku, Tokyo 155-0031⟧ was sent to a neighbour. Phone ⟦PHONE:{h.ph("JP", "M", "intl")}⟧.""")

    add("T14", f"""German payroll error: ⟦PERSON:Stefanie Hartmann⟧ (Steuer-ID ⟦ID:{h.steuer_id()}⟧, ⟦ADDRESS:Bergstraße 17, 69120 Heidelberg⟧) received ⟦PERSON:Tobias Richter⟧'s payslip; his IBAN ⟦IBAN:{h.iban("DE")}⟧ was on it.""")

    add("T15", f"""Runbook snippet that leaked:

```
ssh deploy@⟪bastion.example.com⟫
sudo -u postgres psql -c "ALTER USER app WITH PASSWORD '⟦SECRET:{h.password(16)}⟧';"
export SENDGRID_API_KEY=⟦SECRET:SG.{h.token(22)}.{h.token(43)}⟧
```""")

    add("T16", f"""US customer ⟦PERSON:Marisol Vega⟧ disputed the charge; her SSN (⟦ID:{h.ssn()}⟧) and driver's license number ⟦ID:{"F" + h._digits(7)}⟧ were uploaded as proof. Mailing address: ⟦ADDRESS:2210 Alder Creek Way, Sacramento, CA 95833⟧.""")

    add("T17", f"""Mentions in the retro doc: thanks to ⟦PERSON:Babajide⟧ for the quick rollback, and to ⟦PERSON:Thu Trang⟧ and ⟦PERSON:Emeka Obi⟧ for the comms. ⟦PERSON:Babajide⟧ also wrote the detection query.""")

    add("T18", f"""Spanish customer: ⟦PERSON:Álvaro Domínguez Ruiz⟧, NIE ⟦ID:{h.nie_number()}⟧, ⟦ADDRESS:Calle de Toledo 62, 2º D, 28005 Madrid⟧, móvil ⟦PHONE:{h.ph("ES", "M", "nat")}⟧, cuenta ⟦IBAN:{h.iban("ES")}⟧.""")

    add("T19", f"""Azure outage notes: the storage connection string

    ⟪DefaultEndpointsProtocol=https⟫;AccountName=⟪prodlogs⟫;AccountKey=⟦SECRET:{h.token(86)}==⟧;⟪EndpointSuffix=core.windows.net⟫

was pasted into ⟪#incident-7712⟫ by ⟦PERSON:Connor Fitzgerald⟧.""")

    add("T20", f"""Australian customer ⟦PERSON:Jasmine Tran⟧ (⟦ADDRESS:Unit 7, 41 Beach Road, Bondi NSW 2026⟧) gave her TFN ⟦ID:{h.tfn()}⟧ and Medicare number ⟦ID:{h._digits(4)} {h._digits(5)} {h._digits(1)}⟧ to the chatbot; mobile ⟦PHONE:{h.ph("AU", "M", "nat")}⟧.""")

    return out
