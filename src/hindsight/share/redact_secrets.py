"""Secret detectors: provider token formats, private keys, credentials in URLs, commands and config
lines, JWTs, and high-entropy values in assignments.

Our own rules come first (written from each provider's documented token format); the regex
plugins of detect-secrets run as a second opinion. A rule marks only the secret value, so
`password = hunter2!` becomes `password = [SECRET]` and the sentence stays readable.
The bias is recall: a false alarm costs a reviewer one glance, a miss costs a leaked key.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from hindsight.share.redact import Kind, Span

# --- provider token formats -----------------------------------------------------------------
# (rule name, regex). Group "v", when present, is the secret; otherwise the whole match.
PROVIDER_RULES: list[tuple[str, str]] = [
    (
        "aws-access-key-id",
        r"\b(?:A3T[A-Z0-9]|AKIA|ABIA|ACCA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b",
    ),
    ("aws-bedrock-api-key", r"\bABSK[A-Za-z0-9+/]{100,}={0,2}"),
    ("gcp-api-key", r"\bAIza[0-9A-Za-z_\-]{35}(?![\w\-])"),
    # Alibaba Cloud AccessKey ids (LTAI + 12–20, most often "LTAI5t…"), Tencent Cloud SecretIds
    ("alibaba-access-key-id", r"\bLTAI[A-Za-z0-9]{12,20}\b"),
    ("tencent-secret-id", r"\bAKID[A-Za-z0-9]{32}\b"),
    ("gcp-oauth-client-secret", r"\bGOCSPX-[A-Za-z0-9_\-]{28}\b"),
    ("gcp-oauth-token", r"\bya29\.[0-9A-Za-z_\-]{20,}"),
    ("gcp-refresh-token", r"(?<![\w/])1//0[0-9A-Za-z_\-]{30,}"),
    (
        "azure-ad-client-secret",
        r"(?<![\w~.])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}(?![\w~.\-])",
    ),
    (
        "azure-storage-key",
        r"(?i)\b(?:AccountKey|SharedAccessKey)\s*=\s*(?P<v>[A-Za-z0-9+/]{40,}={0,2})",
    ),
    ("azure-sas-signature", r"[?&]sig=(?P<v>[A-Za-z0-9%+/=]{30,})"),
    # presigned URLs of S3, GCS and others: the signature is the credential
    (
        "url-signature",
        r"(?i)[?&](?:x-amz-signature|x-goog-signature|signature|x-amz-security-token)="
        r"(?P<v>[A-Za-z0-9%+/=_\-]{16,})",
    ),
    # the `sign` of an open-platform API call (Taobao/Tmall, JD, Alipay, Pinduoduo): an MD5,
    # HMAC or SHA hash of the call with the app secret
    (
        "url-sign",
        r"[?&]sign=(?P<v>[A-Fa-f0-9]{32}|[A-Fa-f0-9]{40}|[A-Fa-f0-9]{64})(?![\w])",
    ),
    ("github-token", r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b"),
    ("digitalocean-token", r"\bdo[opr]_v1_[a-f0-9]{64}\b"),
    (
        "ssh-keygen-passphrase",
        r"\bssh-keygen\b[^\n|;&]*?\s-[NP][ \t]+[\"']?(?P<v>[^\s\"'-][^\s\"']{3,})",
    ),
    ("github-fine-grained-pat", r"\bgithub_pat_[A-Za-z0-9_]{60,255}\b"),
    (
        "gitlab-token",
        # a routable token ends in a dot, two characters of version and seven of check
        r"\bgl(?:pat|dt|ptt|rt|cbt|imt|agent|oas|soat|ft|ffct|wt|sa)-[A-Za-z0-9_\-]{20,}"
        r"(?:\.[0-9a-z]{9}\b)?",
    ),
    ("gitlab-runner-registration", r"\bGR1348941[A-Za-z0-9_\-]{20,}"),
    ("slack-token", r"\bxox[abposre]-(?:\d-)?\d{5,}-[0-9A-Za-z]{6,}(?:-[0-9A-Za-z]+)*"),
    ("slack-config-token", r"\bxoxe\.xox[bp]-\d-[A-Za-z0-9]{40,}"),
    ("slack-app-token", r"\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+"),
    (
        "slack-webhook",
        r"(?i)(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+\-]{20,}",
    ),
    ("stripe-secret-key", r"\b(?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{10,}"),
    # DISCORD: a Discord webhook URL goes whole; its last part is the token that lets anyone
    # post, and writers label the URL or its id with the token
    (
        "discord-webhook",
        r"(?i)(?:https?://)?(?:ptb\.|canary\.)?discord(?:app)?\.com/api/(?:v\d+/)?webhooks/\d{17,20}/"
        r"[A-Za-z0-9_\-]{60,80}",
    ),
    # Razorpay's live key id (writers and the dashboard treat the pair as one credential)
    ("razorpay-key", r"\brzp_live_[A-Za-z0-9]{14}\b"),
    ("stripe-webhook-secret", r"\bwhsec_[A-Za-z0-9]{24,}"),
    # Twilio: SK… names an API key; AC… is the Account SID, an identifier (see PUBLIC_IDS)
    ("twilio-key", r"\bSK[0-9a-fA-F]{32}\b"),
    ("sendgrid-api-key", r"\bSG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{16,64}"),
    ("npm-token", r"\bnpm_[A-Za-z0-9]{36}\b"),
    ("npm-auth-token", r"_auth(?:Token)?\s*=\s*(?P<v>[^\s\"'$][^\s\"']{5,})"),
    ("pypi-token", r"\bpypi-Ag[A-Za-z0-9_\-]{50,}"),
    (
        "openai-api-key",
        r"\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{16,}T3BlbkFJ[A-Za-z0-9_\-]{16,}",
    ),
    ("openai-project-key", r"\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}"),
    ("anthropic-api-key", r"\bsk-ant-[a-z]+\d{2}-[A-Za-z0-9_\-]{80,}"),
    ("huggingface-token", r"\b(?:hf_|api_org_)[A-Za-z0-9]{34}\b"),
    ("mailchimp-api-key", r"\b[0-9a-f]{32}-us\d{1,2}\b"),
    ("mailgun-api-key", r"\bkey-[0-9a-f]{32}\b"),
    ("shopify-token", r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b"),
    ("square-token", r"\bsq0(?:atp|csp|idp)-[0-9A-Za-z_\-]{20,}"),
    ("square-access-token", r"\bEAAA[A-Za-z0-9_\-]{56,}"),
    ("facebook-access-token", r"\bEAA[A-Za-z0-9]{90,}"),
    ("telegram-bot-token", r"(?<![\w:])\d{8,10}:AA[0-9A-Za-z_\-]{33}\b"),
    ("discord-bot-token", r"\b[MNO][A-Za-z\d_\-]{23,25}\.[A-Za-z\d_\-]{6}\.[A-Za-z\d_\-]{27,}"),
    ("vault-token", r"\bhv[sbr]\.[A-Za-z0-9_\-]{24,}"),
    ("terraform-cloud-token", r"\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,}"),
    ("grafana-token", r"\b(?:glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})"),
    ("sentry-token", r"\b(?:sntrys_eyJ[A-Za-z0-9+/=_]{50,}|sntryu_[a-f0-9]{64})"),
    ("databricks-token", r"\bdapi[a-f0-9]{32}(?:-\d)?\b"),
    ("newrelic-key", r"\bNR(?:AK|II|JS|RA)-[A-Za-z0-9]{27,}"),
    ("doppler-token", r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}"),
    ("pulumi-token", r"\bpul-[a-f0-9]{40}\b"),
    ("postman-key", r"\bPMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}\b"),
    ("atlassian-token", r"\bATATT3[A-Za-z0-9_\-=]{100,}"),
    ("linear-key", r"\blin_api_[A-Za-z0-9]{40}\b"),
    ("notion-token", r"\b(?:ntn_\d{11}[A-Za-z0-9]{32,36}|secret_[A-Za-z0-9]{43})\b"),
    ("flyio-token", r"\b(?:fo1_[\w\-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})"),
    ("onepassword-token", r"\bops_eyJ[A-Za-z0-9+/]{100,}={0,3}"),
    (
        "onepassword-secret-key",
        r"\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b",
    ),
    ("sourcegraph-token", r"\bsgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}\b"),
    ("heroku-api-key", r"\bHRKU-[A-Za-z0-9_\-]{40,}"),
    ("age-secret-key", r"\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b"),
    ("okta-token", r"\b00[A-Za-z0-9_\-]{40}\b(?=.{0,40}(?i:okta))"),
    (
        "sidekiq-credentials",
        r"(?i)\bBUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM\s*[:=]\s*[\"']?(?P<v>[A-Za-z0-9]{8}:[A-Za-z0-9]{8})",
    ),
    ("facebook-app-token", r"\b\d{15,16}\|[A-Za-z0-9_\-]{27}\b"),
    ("intra42-client-secret", r"\bs-s4t2(?:ud|af)-[a-f0-9]{64}\b"),
    (
        "sumologic-access-id",
        r"(?i)sumo[\w.]*access_?id[\"']?\s*[:=]\s*[\"']?(?P<v>su[A-Za-z0-9]{12})\b",
    ),
    (
        "datadog-key",
        r"(?i)\b(?:datadog|dd)[ _\-]?(?:api|app(?:lication)?)[ _\-]?key\b[^\n]{0,12}?(?P<v>\b[a-f0-9]{32,40}\b)",
    ),
    ("docker-hub-pat", r"\bdckr_(?:pat|oat)_[A-Za-z0-9_\-]{20,}"),
    (
        "registry-login-password",
        r"(?i)\b(?:docker|podman|buildah|helm|oras|skopeo)\s+(?:registry\s+)?login\b[^\n]*?\s(?:-p|--password)[ =](?P<v>[^\s\"'$][^\s\"']{3,})",
    ),
    (
        "mysql-password",
        r"\bmysql(?:dump|admin|sh|import|check|binlog)?\b[^\n]*?\s-p(?P<q>[\"']?)"
        r"(?P<v>[^\s\"'$-][^\s\"']{3,})",
    ),
    ("scalingo-token", r"\btk-us-[A-Za-z0-9_\-]{48}"),
    # an Okta API token after its scheme anywhere, not only in an Authorization header
    ("okta-ssws-token", r"\bSSWS[ \t]+(?P<v>00[A-Za-z0-9_\-]{40})(?![\w\-])"),
    # mosquitto_sub/pub/rr take the broker password as -P
    (
        "mosquitto-password",
        r"\bmosquitto_(?:sub|pub|rr)\b(?:[^\n|;&]|\\\r?\n)*?\s-P[ \t]+(?P<q>[\"']?)(?P<v>[^\s\"']{4,})",
    ),
    # Mercado Pago access tokens: APP_USR- (production) or TEST-, the application id, a date,
    # 32 hex characters and the user id (developers' "credentials" page)
    ("mercadopago-access-token", r"\b(?:APP_USR|TEST)-\d{10,19}-\d{6}-[a-f0-9]{32}-\d{6,12}\b"),
    # more documented prefixes: Tailscale keys, Discord and Teams webhooks, Airtable, Figma,
    # Supabase, PlanetScale, Netlify, Groq, Replicate, Perplexity, xAI, RubyGems, NuGet,
    # Flutterwave, Dynatrace, Contentful, Mapbox secret, Bitbucket app passwords, JFrog,
    # Brevo, Resend, LangSmith, Pinecone, Plaid, Braintree, Shippo, Firebase server keys, and
    # the legacy sk-… keys of OpenAI-compatible APIs
    ("tailscale-key", r"\btskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}"),
    # a Teams webhook URL is the credential itself (tenant and connector ids included): the
    # whole URL goes, as a Discord webhook's does (DISCORD above)
    (
        "teams-webhook",
        r"(?:https?://)?[\w\-]*\.webhook\.office\.com/webhookb2/[A-Za-z0-9@\-/]{60,}",
    ),
    ("airtable-token", r"\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b"),
    ("figma-token", r"\bfig[dou]_[A-Za-z0-9_\-]{40,}"),
    ("supabase-token", r"\b(?:sbp_[a-f0-9]{40}\b|sb_secret_[A-Za-z0-9_\-]{20,})"),
    ("planetscale-token", r"\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_\-=.]{32,64}"),
    ("netlify-token", r"\bnfp_[A-Za-z0-9]{36,}"),
    ("groq-api-key", r"\bgsk_[A-Za-z0-9]{48,52}\b"),
    ("replicate-token", r"\br8_[A-Za-z0-9]{37}\b"),
    ("perplexity-api-key", r"\bpplx-[A-Za-z0-9]{48}\b"),
    ("xai-api-key", r"\bxai-[A-Za-z0-9]{70,90}\b"),
    ("rubygems-api-key", r"\brubygems_[a-f0-9]{48}\b"),
    ("nuget-api-key", r"\boy2[a-z0-9]{43}\b"),
    ("flutterwave-secret-key", r"\bFLWSECK(?:_TEST)?-[a-zA-Z0-9]{32}-X\b"),
    ("dynatrace-token", r"\bdt0[a-z]\d{2}\.[A-Z0-9]{24}\.[A-Z0-9]{64}\b"),
    ("contentful-token", r"\bCFPAT-[A-Za-z0-9_\-]{43}\b"),
    ("mapbox-secret-token", r"\bsk\.eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,}"),
    ("bitbucket-app-password", r"\bATBB[A-Za-z0-9]{28,}\b"),
    ("jfrog-api-key", r"\bAKCp[A-Za-z0-9]{69}\b"),
    ("brevo-api-key", r"\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}\b"),
    ("resend-api-key", r"\bre_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}\b"),
    ("langsmith-api-key", r"\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b"),
    ("pinecone-api-key", r"\bpcsk_[A-Za-z0-9]{5,}_[A-Za-z0-9]{40,}"),
    (
        "plaid-access-token",
        r"\baccess-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
    ),
    ("braintree-access-token", r"access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}"),
    ("shippo-token", r"\bshippo_(?:live|test)_[a-f0-9]{40}\b"),
    ("firebase-server-key", r"\bAAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{100,}"),
    ("legacy-sk-api-key", r"\bsk-(?:[A-Za-z0-9]{48}|[a-f0-9]{32})\b"),
    # Toss Payments secret keys (live_sk_…, test_gsk_…); Mollie API keys: live_ or test_ and 30
    # letters and digits, mixed case
    ("toss-secret-key", r"\b(?:live|test)_g?sk_[A-Za-z0-9]{20,}"),
    ("vault-init-unseal-key", r"\bUnseal Key \d+:[ \t]*(?P<v>[A-Za-z0-9+/]{40,}={0,2})"),
    ("yandex-iam-token", r"\bt1\.[A-Za-z0-9_\-]{40,}\.[A-Za-z0-9_\-]{40,}"),
    ("yandex-oauth-token", r"\by0_[A-Za-z0-9_\-]{50,}"),
    (
        "aws-secret-after-key-id",
        r"\b(?:AKIA|ASIA)[0-9A-Z]{16}[ \t]*[/:,|][ \t]*(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])",
    ),
    (
        "mollie-api-key",
        r"\b(?:live|test)_(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*\d)"
        r"[A-Za-z0-9]{30}\b",
    ),
]

# --- structural rules -------------------------------------------------------------------------

PEM_RE = re.compile(
    r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"
    r"(?:.*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|[^\n\"']*(?:\n[A-Za-z0-9+/=:\- ]+)*)",
    re.DOTALL,
)
PUTTY_RE = re.compile(r"PuTTY-User-Key-File-\d:.*?Private-MAC: [0-9a-f]+", re.DOTALL)

URL_CREDENTIALS_RE = re.compile(
    r"(?i)\b[a-z][a-z0-9+.\-]{0,20}://(?P<user>[^\s:/@'\"<>]{0,128}):"
    r"(?P<v>[^\s@/'\"<>]{1,256}(?:@+[^\s@/'\"<>]+)*@*)@[\w.\-\[]"
)  # the password may hold '@' ("…:Q1SG#u@@pg-01"): the last '@' before the host ends it
CURL_USER_RE = re.compile(
    r"(?:\s-u|--user)\s+['\"]?(?P<user>[^\s:'\"]{0,128})['\"]?:['\"]?(?P<v>[^\s'\"]{1,256})"
)
CURL_TOKEN_AS_USER_RE = re.compile(r"(?:\s-u|--user)\s+['\"]?(?P<v>[^\s:'\"]{8,256}):['\"\s]")
AUTH_HEADER_RE = re.compile(
    r"(?i)(?:\bauthorization|\bx-api-key|\bapi-?key|\bx-auth-token|\bprivate-token|\bapi-token"
    r"|\bx-[a-z]+-api-?key|(?<![\w-])token)\s*[\"']?[ \t]*:[ \t]*"
    r"(?:(?:bearer|basic|token|api-token|digest|sso-key|apikey|signature|hmac|geniekey|ssws|"
    r"splunk|key|klaviyo-api-key|dsn)\s+)?"
    r"(?!(?:bearer|basic|token|digest|signature|hmac|geniekey|ssws|splunk|key)\b)(?P<v>[A-Za-z0-9\-._~+/=:!@#%^&*]{6,})"
)
BEARER_RE = re.compile(r"(?i)\b(?:bearer|basic)\s+(?P<v>[A-Za-z0-9\-._~+/]{16,}=*)")
JWT_RE = re.compile(
    r"\beyJ[A-Za-z0-9_\-]{5,}={0,2}\.[A-Za-z0-9_\-]{4,}={0,2}(?:\.[A-Za-z0-9_\-+/=]*)?"
)
# The word for a password in the languages incident chat and tickets are written in, with the
# inflections seen ("lösenordet", "паролем", "şifresi"): one list for every rule that looks for
# a password named in prose (the direct "password: X", a value a few words on, a chat window).
# Scripts written without spaces take particles, so they stand apart, with no word boundary.
PASSWORD_WORDS = (
    r"password|passphrase|passwd|passcode|pwd|passwort|kennwort|contraseña|clave|mdp|"
    r"mot[ \t]+de[ \t]+passe|senha|wachtwoord|hasło|hasła|lösenord(?:et)?|adgangskode(?:n)?|"
    r"passord(?:et)?|salasana|heslo|jelszó|geslo|parol[aăe]?|şifre(?:si|sini|niz|nizi|m|mi)?|"
    r"lykilorð(?:ið)?|lozinka(?:ta)?|лозинка(?:та)?|пароль|пароля|паролем|парол[іи]?|κωδικός|"
    r"mật[ \t]+khẩu|kata[ \t]+sandi|nywila|нууц[ \t]+үг|პაროლი(?:ა)?|գաղտնաբառ(?:ը)?|סיסמה|"
    r"كلمة[ \t]+(?:المرور|السر)|رمز(?:[ \t]+عبور)?|पासवर्ड|"
    # Swahili, Lithuanian, Estonian, Catalan, Basque, Galician, Turkish without its
    # letters, Bengali, Kyrgyz/Kazakh, Ukrainian, Malay, Tagalog, Albanian
    r"nenosiri|neno[ \t]+la[ \t]+siri|slaptažod(?:is|į|žio)|parool(?:i)?|contrasenya|"
    r"pasahitza|contrasinal|sifre(?:si)?|পাসওয়ার্ড|গোপন[ \t]+নম্বর|кирүү[ \t]+сөзү|құпия[ \t]+сөз|"
    r"гасло|kata[ \t]+laluan|fjalëkalim(?:i)?|"
    # an access code given to log in ("Code d'accès : 7741-Zr-Saiss")
    r"code[ \t]+d['’]acc[èe]s|c[óo]digo[ \t]+de[ \t]+acceso|codice[ \t]+d['’]accesso|zugangscode|"
    r"kod[ \t]+dost[ęe]pu|toegangscode|access[ \t]+code"
)
PASSWORD_WORDS_UNSPACED = r"รหัส|비밀번호|비번|パスワード|密码|密碼"
# Chat prose: "the temp password was Spring2024!" — only values mixing letters with digits/symbols.
PROSE_PASSWORD_RE = re.compile(
    r"(?i)\b(?:password|passphrase|passcode|pin|secret|api key|token)\s+"
    r"(?:(?:for|of|on)\s+(?:the\s+|our\s+|their\s+|a\s+)?(?:[\w\-]+\s+){1,3}?)?"
    r"(?:(?:was|is|has\s+been|had\s+been|got|now)\s+)?(?:was|is|=|:|"
    r"(?:set|changed|reset|rotated|updated)(?:\s+(?:today|yesterday|again|earlier|this\s+morning))?"
    r"\s+to|to|of)\s+[\"'`]?(?P<v>(?=[^\s\"'`]*[A-Za-z])(?=[^\s\"'`]*[\d!@#$%^&*+=?])[^\s\"'`]{6,})"
)
# "was given the password &3HZyqn2K2CcSH": no verb, so the value must mix three of lower case,
# upper case, digits and symbols to count.
PROSE_PASSWORD_DIRECT_RE = re.compile(
    rf"(?i)(?:\b(?:{PASSWORD_WORDS})(?![\w\-]|\.\w)|{PASSWORD_WORDS_UNSPACED})"
    r"(?:\s+(?:is|was|now|ist|war|es|est|é|è|jest|är|er|on|была|был)(?=[\s:,=]))*\s*[:,=]?\s*[\"'`]?"
    r"(?P<v>[^\s\"'`]{8,64})"
)
# the word for a key, token or secret in other languages ("la clé `AQEv…`", "klucz CRC
# Przelewy24 (1d03…)", "시크릿 키", "토큰") and keys named by their use ("HMAC key"); CJK words
# take particles, so they have no end boundary. After these only a generated value counts.
KEY_WORD_CUE = (
    r"(?:(?<![\w\-])(?:(?:hmac|signing|signature|webhook|crc|merchant|admin|rest[ \-]api|server|"
    r"private|master)[ \-]key|clé|cle|klucz(?:a|em)?|sleutel|schlüssel|chave|chiave|ключ|токен|секрет|"
    r"anahtar(?:ı|i)?|kulcs|klíč|kľúč|ključ|cheie|κλειδί|nyckel(?:n)?|nøgle(?:n)?|nøkkel(?:en)?|"
    r"avain|võti|atslēga|raktas)(?![\w\-])|"
    r"(?:키|토큰|시크릿|密钥|秘钥|密鑰|金鑰|令牌|トークン|シークレット|キー|مفتاح|מפתח))"
)
KEY_WORD_CUE_RE = re.compile("(?i)" + KEY_WORD_CUE)
# A credential named earlier in the same sentence, its value a few words on: "the passphrase
# was sent over Signal and was o=xU%…", "who has the dashboard creds? the shared one is m9f…",
# "WPA2 key: 6.-M2…", "basic auth is `admin:Cag…`". Only password-shaped or generated words count.
NEARBY_CUE_RE = re.compile(
    rf"(?i)(?:(?<![\w\-])(?:clave[ \t]+de[ \t]+acceso|{PASSWORD_WORDS}|pw|creds|credentials?|"
    r"zugangsdaten|anmeldedaten|identifiants|credenciales|credenciais|"
    r"token|api[ \-]key|secret|access[ \-]key|app[ \-]?s?key|nwk[ \-]?s?key|"
    r"basic[ \-]auth|psk|pre-?shared[ \-]key|(?:wpa[23]?|wi-?fi|wlan|wireless)[ \-]"
    r"(?:key|passphrase|password))"
    # "password-ը" (an Armenian article after a Latin word); "the cert pass is …"
    r"(?![\w\-])|(?<![\w\-])password(?=-[^\W\d_A-Za-z])|"
    r"(?<![\w\-])(?:secret|access|api|private|client|app|master|signing)Key(?![\w\-])|(?<![\w\-])pass(?=[ \t]+(?:is|was|ist)\b)|"
    + PASSWORD_WORDS_UNSPACED
    + "|"
    + KEY_WORD_CUE
    + ")"
)
NEARBY_TOKEN_RE = re.compile(r"[^\s\"'`(),;]+")
SENTENCE_END_RE = re.compile(r"\n|[.!?](?=\s+[A-Z])")
# A long random token standing alone in prose or a log ("the value 9fJx…Q of DEPLOY_KEY").
STANDALONE_TOKEN_RE = re.compile(r"(?<![\w/+=.\-])[A-Za-z0-9]{32,128}(?![\w/+=.\-])")
CLI_FLAG_RE = re.compile(
    r"(?i)(?<![\w-])--?(?:password|passwd|pass|token|api-key|apikey|secret|client-secret|auth-token|access-key|secret-key|[a-z]+-api-key)"
    r"(?:=|\s+)[\"']?(?P<v>[^\s\"'$<{][^\s\"']{3,})"
)

# Any long flag whose name says it carries a secret: --db-password x, --client-secret=x,
# --vault-token x (but not --password-file, --token-ttl, --password-stdin).
LONG_FLAG_RE = re.compile(
    r"(?i)(?<![\w-])--(?P<flag>(?:[a-z0-9][a-z0-9_.\-]*?)?(?:password|passwd|passphrase|pass|pwd|"
    r"secret|token|api-?key|auth-?key|access-?key|secret-?key|private-?key|account-?key|"
    r"sas-?token|connection-?string|credentials?)"
    r"[a-z0-9_.\-]*)(?:=|[ \t]+)(?P<q>[\"']?)(?P<v>[^\s\"'$<{-][^\s\"']{3,})"
)
NOT_A_SECRET_FLAG = re.compile(
    r"(?i)(?:file|path|dir|stdin|env|name|id|ttl|length|len|type|expiry|expires|prompt|"
    r"policy|header|url|uri|helper|command|cmd|source|store|mode|format|reset|rotation|count)$"
)
# Commands that take a password or token through a short flag or a fixed argument position.
COMMAND_SECRET_RULES: list[tuple[str, str]] = [
    (
        "cli-short-flag-secret",
        r"(?i)\b(?:redis-cli|keydb-cli)\b[^\n|;&]*?\s-a[ \t]+[\"']?(?P<v>[^\s\"']{4,})",
    ),
    (
        "cli-short-flag-secret",
        r"\b(?:sshpass|7z|7za)\b[^\n|;&]*?\s-p[ \t]*[\"']?(?P<v>[^\s\"'-][^\s\"']{3,})",
    ),
    (
        "cli-short-flag-secret",
        r"\b(?:sqlcmd|bcp|zip|unzip)\b[^\n|;&]*?\s-P[ \t]*[\"']?(?P<v>[^\s\"'-][^\s\"']{3,})",
    ),
    (
        "cli-short-flag-secret",
        r"\bldap\w+\b[^\n|;&]*?\s-w[ \t]+[\"']?(?P<v>[^\s\"']{4,})",
    ),
    (
        "cli-short-flag-secret",
        r"\b(?:az|mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|docker|podman|"
        r"nerdctl|buildah|skopeo|helm|oras|crane|cf|oc|rabbitmqadmin|wget|ftp|lftp)\b"
        r"[^\n|;&]*?\s-p[ \t]+[\"']?(?P<v>[^\s\"'$-][^\s\"']{3,})",
    ),
    (
        "cli-short-flag-secret",
        r"\bsmbclient\b[^\n|;&]*?\s-U[ \t]+[\"']?[^\s%\"']+%(?P<v>[^\s\"']{3,})",
    ),
    ("openssl-pass", r"-pass(?:in|out)?[ \t]+[\"']?pass:(?P<v>[^\s\"']{3,})"),
    (
        "keytool-pass",
        r"-(?:storepass|keypass|srcstorepass|deststorepass)[ \t]+[\"']?(?P<v>[^\s\"']{4,})",
    ),
    (
        "htpasswd-password",
        r"\bhtpasswd(?=[^\n|;&]*\s-\w*b)(?:[ \t]+-\w+)*[ \t]+\S+[ \t]+\S+[ \t]+[\"']?"
        r"(?P<v>[^\s\"']{3,})",
    ),
    (
        "rabbitmq-password",
        r"\brabbitmqctl\s+(?:add_user|change_password)\s+\S+\s+[\"']?(?P<v>[^\s\"']{3,})",
    ),
    (
        "cli-setting-secret",
        r"(?i)\b(?:configure|config(?::set)?|configset|set-secret)\s+(?:set\s+)?(?:--\S+\s+)*"
        r"(?P<key>[\w.\-/:]*(?:secret|token|password|passwd|_key|credential)[\w.\-]*)"
        r"[ \t]+[\"']?(?P<v>[^\s\"'$<{-][^\s\"']{5,})",
    ),
    (
        "cli-secret-body",
        r"\bsecret\s+set\s+\S+\s+(?:--body|-b)[ =][\"']?(?P<v>[^\s\"'$-][^\s\"']{3,})",
    ),
    (
        "echo-to-login",
        r"\becho\s+(?:-n\s+)?[\"']?(?P<v>[^\s\"'|$][^\s\"'|]{3,})[\"']?\s*\|\s*"
        r"(?:sudo\s+)?\w+\s+(?:registry\s+)?login\b[^\n]*--password-stdin",
    ),
    ("net-user-password", r"(?i)\bnet\s+user\s+[^\s/]+\s+[\"']?(?P<v>[^\s\"'/*][^\s\"']{3,})"),
    (
        "here-string-secret",
        r"(?i)\b(?:secret|password|passwd|login|token)\b[^\n]*?<<<\s*[\"']?(?P<v>[^\s\"']{4,})",
    ),
    ("vault-login", r"\bvault\s+login\s+(?!-)(?P<v>[^\s\"'$<]{8,})"),
    (
        "openssl-key",
        r"\bopenssl\s+(?:enc|aes\S*|des\S*)\b[^\n|;&]*?\s-k[ \t]+[\"']?(?P<v>[^\s\"'$-][^\s\"']{3,})",
    ),
    (
        "net-use-password",
        r"(?i)\bnet\s+use\b[^\n|;&]*?/user:\S+[ \t]+[\"']?(?P<v>[^\s\"'/*$][^\s\"']{3,})",
    ),
    (
        "prose-credential-pair",
        r"(?i)\b(?:log\s?in|logged\s+in|sign\s?in|signed\s+in|credentials?|creds|account)(?:\s+|:)"
        r"(?:with|as|is|are|was|were|:)?\s*[\"'`]?[\w.\-@]{2,40}[\"'`]?\s*[/:]\s*[\"'`]?"
        r"(?P<v>(?=[^\s\"'`]*[A-Za-z])(?=[^\s\"'`]*[\d!@#$%^&*+=?])[^\s\"'`]{6,})",
    ),
    ("sqlplus-password", r"\bsqlplus\s+(?:-s\s+)?\w+/(?P<v>[^\s@/\"']{3,})@"),
    # Oracle's tools take user/password as their first word (expdp system/pw schemas=…), and a
    # JDBC thin URL carries it before the host (jdbc:oracle:thin:app/pw@//db:1521/SVC)
    (
        "oracle-tool-password",
        r"\b(?:sqlplus|expdp|impdp|exp|imp|rman|sqlldr|dgmgrl|sqlcl)\s+(?:-[sSL]\s+)?"
        r"(?!-)[\w$#]+/(?P<v>[^\s@/\"']{3,})(?=[@\s]|$)",
    ),
    ("jdbc-oracle-password", r"(?i)\bjdbc:oracle:(?:thin|oci):[\w$#]+/(?P<v>[^\s@/\"']{3,})@"),
    # steamcmd +login USER PASSWORD
    ("steamcmd-password", r"\+login[ \t]+[\w.\-]+[ \t]+(?P<v>[^\s+\"'$][^\s\"']{3,})"),
    # passwords given by a short flag or a fixed position: PuTTY's -pw, ipmitool and
    # mosquitto's -P, cqlsh -p, FreeRDP's /p:, MinIO's `mc alias set NAME URL ACCESS SECRET`
    (
        "putty-password",
        r"\b(?:plink|pscp|psftp|putty)\b[^\n|;&]*?\s-pw[ \t]+[\"']?(?P<v>[^\s\"'$-][^\s\"']{3,})",
    ),
    (
        "short-flag-password",
        r"\b(?:ipmitool|mosquitto_pub|mosquitto_sub|mosquitto_rr|cqlsh|rdesktop)\b[^\n|;&]*?"
        r"\s-[Pp][ \t]+[\"']?(?P<v>[^\s\"'$-][^\s\"']{3,})",
    ),
    ("rdp-password", r"\b[xw]freerdp\b[^\n|;&]*?\s[/-]p:[\"']?(?P<v>[^\s\"']{4,})"),
    (
        "minio-client-secret",
        r"\bmc\s+(?:alias|config\s+host)\s+(?:set|add)\s+\S+\s+https?://\S+\s+\S+\s+[\"']?"
        r"(?P<v>[^\s\"'$-][^\s\"']{5,})",
    ),
    # a setting and its value apart, as command arguments: rclone's `secret_access_key VALUE`
    (
        "spaced-setting",
        r"(?i)(?<![\w.\-])(?P<key>[\w.\-]*_(?:secret|password|passwd|token|api_?key|access_?key)"
        r"[\w.\-]*|(?:secret|password|passwd|token|api_?key|access_?key)_[\w.\-]+)[ \t]+"
        r"(?P<v>[A-Za-z0-9+/=_\-]{16,})(?![\w+/=\-])",
    ),
    # one-time-password seeds (base32) and recovery codes named as such
    (
        "otp-seed",
        r"(?i)\b(?:totp|otp|2fa|mfa|authenticator)[ \t]+(?:seed|secret|key)\b[^\n]{0,20}?"
        r"(?<![A-Za-z0-9])(?P<v>(?-i:[A-Z2-7]{16,64}))(?![A-Za-z0-9])",
    ),
    (
        "recovery-code",
        r"(?i)\b(?:recovery|backup|break-?glass)[ \t]+codes?\b[^\n]{0,20}?"
        r"(?<![\w-])(?P<v>[A-Za-z0-9]{4,6}(?:-[A-Za-z0-9]{4,6}){1,4})(?![\w-])",
    ),
    # SNMP community strings are passwords: snmpd.conf directives and net-snmp's -c flag
    (
        "snmp-community",
        r"(?im)^[ \t]*(?:ro|rw)community6?[ \t]+(?P<v>[^\s\"'#]{4,})"
        r"|^[ \t]*com2sec6?[ \t]+\S+[ \t]+\S+[ \t]+(?P<c2s>[^\s\"'#]{4,})"
        r"|\bsnmp(?:walk|bulkwalk|get|getnext|bulkget|set|table|trap|status|netstat)\b"
        r"[^\n|;&]*?\s-c[ \t]*(?P<flag>[^\s\"'$-][^\s\"']{3,})",
    ),
    # Redis AUTH [user] password: in MONITOR output ("AUTH" "default" "…") and at a prompt
    (
        "redis-auth",
        r"(?m)\"AUTH\"(?:[ \t]+\"[^\"\n]*\")?[ \t]+\"(?P<v>[^\"\n]{4,})\"[ \t]*$"
        r"|(?:^|>[ \t]*|\bredis-cli\b[^\n]*?[ \t])AUTH[ \t]+(?:[^\s\"']+[ \t]+)?[\"']?"
        r"(?P<cli>[^\s\"']{4,})[\"']?[ \t]*$",
    ),
    # a secret echoed into an option that wants a file: --vault-password-file <(echo 'x')
    (
        "echo-into-secret-option",
        r"(?i)--?[\w\-]*(?:pass(?:word)?|secret|token|key)[\w\-]*(?:=|[ \t]+)<\(\s*"
        r"(?:echo|printf)\s+(?:-n\s+)?[\"']?(?P<v>[^\s\"')]{4,})",
    ),
    # Vault unseal key shares typed on the command line
    (
        "vault-unseal-key",
        r"\bvault\s+operator\s+unseal\s+(?:-\S+\s+)*[\"']?(?P<v>[A-Za-z0-9+/]{20,}={0,2})",
    ),
    # a secret echoed into a file named for one: echo 'x' > ~/.vault_pass
    (
        "echo-into-secret-file",
        r"(?i)\b(?:echo|printf)\s+(?:-n\s+)?(?P<q>[\"']?)(?P<v>[^\s\"'|>$][^\s\"'|>]{5,})(?P=q)"
        r"\s*>>?\s*[^\s|;&]*(?:pass|secret|token|key|cred|pwd)[^\s|;&]*",
    ),
    # PowerShell: ConvertTo-SecureString "x" -AsPlainText (a password typed into a script)
    (
        "powershell-plaintext-secret",
        r"(?i)\bConvertTo-SecureString\s+(?:-String\s+)?(?P<q>[\"'])(?P<v>[^\"'\n]{4,})(?P=q)"
        r"(?=[^\n]*-AsPlainText)",
    ),
    # Python HTTP clients' basic auth: auth=("user", "password"), HTTPBasicAuth("user", "pw")
    (
        "basic-auth-tuple",
        r"(?:\b(?i:[a-z_]*auth)\s*=\s*\(|\b(?:HTTPBasicAuth|BasicAuth|HTTPDigestAuth)\()"
        r"\s*[\"'][^\"'\n]*[\"']"
        r"\s*,\s*(?:password\s*=\s*)?(?P<q>[\"'])(?P<v>[^\"'\n]{4,})(?P=q)",
    ),
    # a URL query parameter named for a credential: ?key=6DA8…, &access_token=…
    (
        "url-query-key",
        r"(?i)[?&](?:key|api_?key|apikey|access_?token|auth_?token|token|secret|client_secret)"
        r"=(?P<v>[A-Za-z0-9_\-.~%+/]{16,})",
    ),
    # an environment table with aligned columns: "HANEUL_P4PASSWD    a80*5IU1P+1STA"
    (
        "aligned-setting",
        r"(?m)^[ \t]*(?P<key>[A-Z][A-Z0-9_]*(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY)"
        r"[A-Z0-9_]*)[ \t]{2,}(?P<v>[^\s\"'`]{6,})[ \t]*$",
    ),
    # the key id of a service-account key file is half the credential ("private_key_id": "2d68…")
    ("private-key-id", r"[\"']private_key_id[\"']\s*:\s*[\"'](?P<v>[0-9a-fA-F]{32,64})[\"']"),
    # prose that names the credential before its value: "auth token 9ef1d3…", "API key is sk_…"
    (
        "prose-named-token",
        r"(?i)\b(?:auth(?:entication)?|api|access|secret|bearer|refresh|session|master)[ _\-]"
        r"(?:token|key|secret)s?\s+(?:(?:for|of)\s+(?:the\s+|our\s+|their\s+)?[\w\-]+\s+)?"
        r"(?:(?:is|was|=|:)\s*)?[\"'`]?"
        r"(?P<v>(?=[A-Za-z0-9_\-]*\d)(?=[A-Za-z0-9_\-]*[A-Za-z])[A-Za-z0-9_\-]{20,})",
    ),
]
# Kubernetes / ECS environment entries: the name says secret, the value sits on the next line
# ("- name: DB_PASSWORD\n  value: …") or in the same object ({"name": …, "value": …}).
ENV_ENTRY = (
    r"(?i)[\"']?(?:name|key)[\"']?\s*[:=]\s*[\"']?(?P<key>[A-Za-z0-9_.\-]*KEYWORD[A-Za-z0-9_.\-]*)"
    r"[\"']?\s*,?\s*\n?\s*[\"']?value[\"']?\s*[:=]\s*(?P<q>[\"']?)(?P<v>[^\s\"'$<{][^\s\"']{3,})"
)
# Placeholder user:password pairs documented as defaults, never a leak.
DEFAULT_CREDENTIALS = frozenset(
    {("guest", "guest"), ("user", "pass"), ("user", "password"), ("username", "password"),
     ("test", "test"), ("admin", "admin"), ("foo", "bar"), ("root", "root")}
)  # fmt: skip

# Names of settings that hold a secret; matched inside longer names (DB_PASSWORD, my_api_key).
SECRET_KEYWORD = (
    r"(?:pass(?!port|enger)(?:word|wd|phrase)?|pwd|secrete?|api_?key|apikey|auth_?key|access_?key|app_?key"
    r"|private_?key|priv_?key|client_?key|service_?key|account_?key|db_?key|database_?key"
    r"|master_?key|signing_?key|encryption_?key|token|credentials?|contrase(?:ñ|n)a|auth_?token"
    r"|sas_?token|dsn|connection_?string|cookie|session_?key|psk|pre_?shared_?key"
    r"|snmp_?community|community_?string"
    r"|pay_?hash_?key|hash_?iv|(?<=[_.\-])pin(?![A-Za-z])|pin_?code"
    r"|(?<=[_.\-])pw(?![A-Za-z])|psw|pepper|llave|shared_?sec(?![A-Za-z]))"  # LDAP_BIND_PW, SMSC_PSW, TOTP_PEPPER, LlaveWS  # hsm_pin, sim.pin, pin_code; not Kenya's KRA "PIN"  # the HashKey/HashIV a payment gateway (ECPay, NewebPay) issues
)
_KEY = rf"(?P<key>[A-Za-z0-9_.\-]{{0,40}}?{SECRET_KEYWORD}[A-Za-z0-9_.\-]{{0,40}})"
_OP = r"(?:[ \t]*(?:\[\d*\])?[ \t]*(?:===|!==|==|!=|:::=|::=|:=|\?=|=>|=|:|<-)[ \t]*|[ \t]+(?=[\"'`]))"
_QUOTED = r"@?(?:\"(?P<dq>[^\"\n]+)\"|'(?P<sq>[^'\n]+)'|`(?P<bq>[^`\n]+)`)"
_BARE = r"(?P<bare>[^\s\"'`;]+)"
KEYWORD_RE = re.compile(rf"(?i)(?<![A-Za-z0-9_.\-]){_KEY}[\"']?{_OP}(?:{_QUOTED}|{_BARE})")
REVERSED_RE = re.compile(rf"(?i){_QUOTED}\s*(?:===|!==|==|!=)\s*{_KEY}")
# HEROKU_KEY = "…", hubspotKey: "…": a name ending in "key" holds a secret when the value is random
# and so does a setting named after a SaaS vendor (sourcegraph: …, PAGERDUTY_INTEGRATION: …).
VENDORS = (
    r"(?:sourcegraph|heroku|hubspot|snyk|sonar|datadog|newrelic|sentry|pagerduty|opsgenie|"
    r"cloudflare|digitalocean|linode|vercel|netlify|circleci|bitbucket|okta|auth0|algolia|mapbox|"
    r"segment|mixpanel|rollbar|bugsnag|launchdarkly|twilio|sendgrid|mailgun|postmark|plaid|"
    r"braintree|adyen|paypal|square|shopify|messagebird|intercom|zendesk|airtable|contentful)"
)
NAMED_KEY_RE = re.compile(
    rf"(?i)(?<![A-Za-z0-9_.\-])(?P<key>[A-Za-z0-9_.\-]{{0,40}}?key|[A-Za-z0-9_.\-]{{0,20}}?{VENDORS}"
    rf"[A-Za-z0-9_.\-]{{0,30}})[\"']?{_OP}(?:{_QUOTED}|{_BARE})"
)
# names of keys that index data rather than unlock anything
DATA_KEY = re.compile(
    r"(?i)(?:idempotency|cache|partition|sort|primary|foreign|row|object|dedup\w*|lookup|"
    r"map|hash|index|composite|unique|natural|surrogate|shard|request|trace|bucket|group|message|"
    r"event|correlation|range|cluster|dict|table|column|registry|lock|hotkey|hot)[_.\-]?key$"
)
ARGUMENT_RE = re.compile(rf"(?i)[\"']{_KEY}[\"']\s*,\s*{_QUOTED}")  # getenv("api_token", "…")

# A setting whose name ends like this names or describes a secret, it does not hold one.
NOT_A_SECRET_KEY = re.compile(
    r"(?i)(?:_|-|\.|^)(?:id|ids|name|names|file|path|dir|url|uri|ttl|type|length|len|count|"
    r"timeout|expiry|expires|expiration|expires_in|max|min|version|ref|policy|provider|enabled|"
    r"hint|header|field|prefix|format|rotation|rotated|label|mode|hash|size|limit|strategy|"
    r"source|location|store|manager|reset|changed|age|endpoint|host|port|user|username|"
    r"required|valid|invalid|error|errors|usage|scope|scopes|accessor|duration|lifetime|interval|"
    r"period|seconds|secs|minutes|mins|hours|days)$"
    r"|^(?:max|min|num|n)_|_tokens?_used$|tokens$|^token_?type$|public|pub_?key|pubkey"
    r"|^(?:existing|external|use|ref|from)[_\-]?secrets?$"  # Helm: existingSecret names a k8s Secret
    r"|instrumentation_?key$"  # Application Insights: an identifier Microsoft says is public
)
# The id of an access key or a key file is half the credential, as AWS's AKIA… id is: writers
# label `ncloud_access_key_id = YNHF…` and `serviceAccountKeyId: bc42…` with the secret (only
# a generated value counts: `access_key_id: default` stays).
CREDENTIAL_KEY_ID = re.compile(
    r"(?i)(?:access|secret|private|service_?account|signing|api)_?key_?id$"
)
GENERATED_ID = re.compile(
    r"(?![^\s]*(?i:example))(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[A-Za-z0-9+/=_\-]{16,64}"
)  # not AWS's documented AKIAIOSFODNN7EXAMPLE
# the same endings in camelCase: credentialsId, TokenFile, secretName
NOT_A_SECRET_CAMEL = re.compile(
    r"[a-z0-9](?:Id|Ids|Name|File|Path|Dir|Url|Uri|Type|Length|Count|Timeout|Expiry|Version|Ref|"
    r"Policy|Provider|Enabled|Header|Field|Prefix|Format|Label|Mode|Hash|Size|Limit|Source|"
    r"Location|Store|Manager|Endpoint|Host|Port|User|Username|Variable|Secrets|TTL|Ttl|Age|"
    r"Lifetime|Duration|Interval|Period|Seconds|Accessor)$"
)
PLACEHOLDER = re.compile(
    r"^(?:\$\{?[\w.:\-=\s]*\}?|\$\{.*\}|\$\(.*|`.*|\{[A-Za-z_]+\}|\{\{.*\}\}|<[^>]*>|%[sd]|\*+|[xX]+|\.+|#+|-+|_+|"
    r"\[[A-Z_\- 0-9]*\]|(?i:null|nil|none|undefined|true|false|yes|no|on|off|empty|redacted|masked|"
    r"hidden|removed|required|optional|string|str|bytes|int|bool|env|secret|token|guest|changeme|"
    r"change_me|\(sensitive.*|\(known after apply.*|"
    r"your[_\-].*|<redacted>|os\.environ.*|process\.env.*|getenv.*|env\(.*)|\.\.\.|…|"
    r"[A-Z][A-Z0-9]*_[A-Z0-9_]+|[a-z]+(?:\.[a-z_]+)+\(.*|[a-z_]+\(.*\)?)$"
)
WORDISH = re.compile(r"^[a-z]{2,14}(?:[ _\-][a-z]{2,14}){0,3}$")
# Prose like "token: expired" or "login: failed" describes a credential, it does not hold one.
STATUS_WORDS = frozenset(
    [
        "expired",
        "rotated",
        "revoked",
        "changed",
        "reset",
        "invalid",
        "wrong",
        "incorrect",
        "missing",
        "required",
        "set",
        "unset",
        "ok",
        "valid",
        "leaked",
        "compromised",
        "stale",
        "old",
        "new",
        "empty",
        "disabled",
        "enabled",
        "locked",
        "unlocked",
        "failed",
    ]
)
WEAK_KEY = re.compile(r"(?i)token|auth|login|session|cookie|credential|dsn|sas|community")
STRONG_KEY = re.compile(r"(?i)pass|pwd|secret|key|contrase")

# key = value where value is long and random-looking (entropy in bits per character)
ASSIGNMENT_RE = re.compile(
    r"(?P<key>[A-Za-z_][\w.\-]{1,60})[\"']?[ \t]*(?::::=|::=|:=|\?=|=>|=|:)(?!//)[ \t]*[\"'`]?"
    r"(?P<v>[A-Za-z0-9+=_\-.~][A-Za-z0-9+/=_\-.~]{19,})[\"'`]?"
)
NOT_SECRET_CONTEXT = re.compile(
    r"(?i)(?:commit|sha\d*|md5|chksum|digest|hash|checksum|revision|rev|etag|trace|span|request|req|"
    r"correlation|uuid|guid|image|version|build|run|job|pod|node|cluster|region|zone|"
    r"host|url|uri|path|file|dir|name|title|service|namespace|bucket|table|topic|queue|"
    r"release|tag|branch|ref|id|ids|arn|public|pub_?key|publickey|https?|cursor|(?<![a-z])ray)"
    r"(?:_|-|\.|$)|(?:Id|Name|Url|Path)$"
)


AWS_RESOURCE_ID = re.compile(
    r"(?:ami|i|sg|vpc|subnet|vol|snap|eni|igw|rtb|acl|nat|eipalloc|lt|tgw|pcx|vpce|fs|db|cluster)"
    r"-[0-9a-f]{8,17}"
)


def shannon_entropy(value: str) -> float:
    counts = Counter(value)
    total = len(value)
    return -sum(c / total * math.log2(c / total) for c in counts.values())


def _looks_random(value: str, min_length: int = 20, *, hex_ok: bool = False) -> bool:
    core = value.rstrip("=")
    if "=" in core:  # base64 pads only at the end; "a==b" is an expression, not a key
        return False
    if "." in core:  # dotted identifiers (pkg.Class.Member, v1.2.3) unless one part is random
        return any(_looks_random(part, min_length=max(min_length, 16)) for part in core.split("."))
    if all(
        re.fullmatch(r"[a-z]{2,16}|\d{1,4}", chunk)
        for chunk in re.split(r"[/_\-:.]", core)
        if chunk
    ):
        return False  # words and small numbers: hindsight-postmortem/1, api-v2/orders
    chunks = re.split(r"[_\-:]", core)
    if len(chunks) > 1 and max(map(len, chunks)) < 12 and not re.fullmatch(r"[0-9a-fA-F\-]+", core):
        return False  # snake/kebab words: some-build-name-2024
    if len(core) < min_length or (
        re.fullmatch(r"[\w\-]+(?:\.[\w\-]+)+", core) and not re.search(r"\d", core)
    ):
        return False
    if not (re.search(r"\d", core) and re.search(r"[A-Za-z]", core)):
        return False
    if re.fullmatch(r"[0-9a-fA-F\-]+", core):
        # bare hex is usually a digest (commit, checksum, ETag); hex secrets are caught by name
        return hex_ok and shannon_entropy(core) >= 3.0 and len(core) >= 32
    return shannon_entropy(core) >= min(3.6, math.log2(len(core)) - 0.5)


def _group(match: re.Match[str]) -> tuple[int, int]:
    for name in ("v", "dq", "sq", "bq", "bare", "c2s", "flag", "cli"):
        if name in match.re.groupindex and match.group(name) is not None:
            return match.start(name), match.end(name)
    return match.start(), match.end()


def _credible(value: str) -> bool:
    """A configured value that could be a real secret (not a placeholder or variable)."""
    value = value.strip()
    if len(value) < 4 or PLACEHOLDER.match(value) or not re.search(r"\w", value):
        return False
    if value.lower() in STATUS_WORDS:
        return False
    if re.fullmatch(r"[\d.,:\- ]+", value):  # numbers, durations, sizes
        return False
    if FILLER.fullmatch(value) or PUBLIC_IDS.fullmatch(value):
        return False  # TEST-0000…-000000: a documented shape zeroed out; a public identifier
    if ENCRYPTED_VALUE.fullmatch(value) or DURATION_OR_SIZE.fullmatch(value):
        return False
    return not re.fullmatch(r"[\[(]?(?:SECRET|[A-Z]+-\d+)[\])]?", value)


# A token's documented shape, in three or more groups, with its random part zeroed or crossed
# out (`TEST-0000000000000000-000000-0000…`): a placeholder.
FILLER = re.compile(r"(?:[A-Za-z]+[_\-])?[0xX*]{4,}(?:[_\-.][0xX*]{4,}){2,}")
# Identifiers that look random but are public: a Twilio Account SID (AC + 32 hex) names an
# account as a user name does (its auth token is the secret); Stripe's publishable keys and
# Mapbox's public tokens are meant to ship in web pages.
PUBLIC_IDS = re.compile(
    r"AC[0-9a-f]{32}|pk_(?:live|test)_[A-Za-z0-9]{10,}|pk\.eyJ[\w\-]+\.[\w\-]+"
    r"|(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d{3}|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)"
    r"@openssh\.com)[ \t]+AAAA[A-Za-z0-9+/]{20,}={0,3}(?:[ \t]+[^\s\"']{1,100})?"
    r"|age1[02-9ac-hj-np-z]{58}"
)
# ciphertext a tool keeps in the open by design: hiera-eyaml's ENC[PKCS7,…], sops'
# ENC[AES256_GCM,data:…,iv:…,tag:…,type:str] (the closing bracket may have been trimmed)
ENCRYPTED_VALUE = re.compile(r"ENC\[(?:PKCS7|GPG|AES256_GCM|[A-Z][A-Z0-9_]{2,15}),[^\]\s]+\]?")
# a duration or a size (768h, 30d, 1h30m, 512Mi, 10GB): what a `token_ttl` holds, not a secret
DURATION_OR_SIZE = re.compile(
    r"(?i)(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|sec|secs|m|min|mins|h|hr|hrs|d|w|y|mo))+"
    r"|\d+(?:\.\d+)?(?:[KMGTP]i?B?|[kmgtp]b)"
)


# Words that name a secret without holding one: a Terraform block's labels (`resource
# "azurerm_key_vault_secret" "app"`: a type and a resource name) and kubectl's note of where a
# value comes from (`<set to the key 'token' in secret 'app-secrets'>`).
HCL_BLOCK_LABELS = re.compile(r"(?m)^[ \t~+\-/]*(?:resource|data|module|output|variable)[ \t]+\"$")
KUBECTL_VALUE_FROM = re.compile(r"<set to the key '[^'\n]*' (?:in|of) (?:secret|config map) '")
# cookies set by analytics scripts: an anonymous visitor id (GA1.2.<random>.<time>), no session
ANALYTICS_COOKIE = re.compile(
    r"(?:_ga(?:_\w+)?|_gid|_gat(?:_\w+)?|_gcl_\w+|__utm[a-z]|_fbp|_fbc|_hj\w+|_uet[sv]id|_clck|"
    r"_clsk|ajs_(?:anonymous|user)_id|_pk_(?:id|ses)\.\w+)="
)


# commands whose `--secret NAME` or `secret NAME` names a stored secret: gcloud's secret manager,
# kubectl and oc acting on a Secret object
SECRET_STORE_COMMAND = re.compile(
    r"(?i)\bgcloud[ \t]+(?:beta[ \t]+)?secrets\b|\b(?:kubectl|oc)\b[^\n|;&]*?[ \t](?:get|describe|"
    r"delete|edit|patch|label|annotate|create(?:[ \t]+secret[ \t]+\w+)?)[ \t]+(?:secrets?[ \t/]*)?[\"']?$"
)


def _names_a_stored_secret(text: str, match: re.Match[str]) -> bool:
    line_start = text.rfind("\n", 0, match.start()) + 1
    return SECRET_STORE_COMMAND.search(text, line_start, _group(match)[0]) is not None


def _names_not_holds(text: str, match: re.Match[str], value: str) -> bool:
    """The keyword names a secret, but the value beside it is not one (see the patterns above),
    or it is a cookie header led by an analytics cookie (the session pairs have their own rule),
    or a connection string with no credential in it (Application Insights' InstrumentationKey
    and IngestionEndpoint)."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    if re.fullmatch(r"(?i)-*secrets?", match.group("key")) and _names_a_stored_secret(text, match):
        return True
    if text[match.start() - 1 : match.start()] == '"' and HCL_BLOCK_LABELS.search(
        text, line_start, match.start()
    ):
        return True
    if KUBECTL_VALUE_FROM.search(text, max(line_start, match.start() - 80), match.end()):
        return True
    if re.search(r"(?i)cookie", match.group("key")):  # `a=1; b=2` is cookies, not a connection
        return ANALYTICS_COOKIE.match(value) is not None
    return _connection_string_without_secret(value)


def _keyword_spans(text: str) -> Iterator[Span]:
    for regex in (KEYWORD_RE, REVERSED_RE, ARGUMENT_RE):
        for match in regex.finditer(text):
            key = match.group("key")
            key_id = CREDENTIAL_KEY_ID.search(key) is not None
            if (NOT_A_SECRET_KEY.search(key) or NOT_A_SECRET_CAMEL.search(key)) and not key_id:
                continue
            if not _keyword_at_boundary(key):
                continue
            start, end = _group(match)
            value = text[start:end]
            if key_id and not GENERATED_ID.fullmatch(value.rstrip(".,;:)]'\"`")):
                continue
            if _names_not_holds(text, match, value):
                continue
            if regex is ARGUMENT_RE and re.match(r"[\"']?\s*:", text[end : end + 4]):
                continue  # {"name": "API_KEY", "value": …}: the next JSON key, not a value
            if "bare" in regex.groupindex and match.group("bare") is not None:
                if match.start() > 0 and text[match.start() - 1] in "?&":  # a URL query string
                    value = value.split("&", 1)[0]
                value = value.rstrip(".,;:)]'\"`")
                end = start + len(value)
                if re.match(r"<[^<>\n]{0,60}>", text[start:]):
                    continue  # API_KEY=<your key here>: a placeholder with spaces
                if WORDISH.match(value) and (
                    value.lower() in STATUS_WORDS
                    or (WEAK_KEY.search(key) and not STRONG_KEY.search(key))
                ):
                    continue
            if not _credible(value) or _known_default(text, key, value, start):
                continue
            if WORDISH.match(value) and NEXT_ASSIGNMENT.match(text, end):
                continue  # FortiGate "Invalid password : server = 10.1.2.3": a key, not a value
            url = URL_USERINFO.match(value)
            if url is not None and url.group("user") and not url.group("pw"):
                start, end = start + url.start("user"), start + url.end("user")  # a DSN's key
            yield Span(start, end, Kind.SECRET, "keyword-assignment")


NEXT_ASSIGNMENT = re.compile(r"[ \t]+[=:][ \t]+\S")
URL_USERINFO = re.compile(r"[a-z][a-z0-9+.\-]*://(?:(?P<user>[^\s:/@]*)(?P<pw>:[^\s/@]*)?@)?")


def _known_default(text: str, key: str, value: str, position: int) -> bool:
    """A value set in the open by design: SNMP's `public` community, a password equal to the
    user name set next to it (MinIO's minioadmin/minioadmin, postgres/postgres), or a URL that
    carries no credential (`SENTRY_DSN=https://public@o0.ingest.sentry.io/0`, a search URL
    after `$JIRA_TOKEN`)."""
    if "community" in key.lower() and value.lower() in ("public", "private"):
        return True
    url = URL_USERINFO.match(value)
    if url is not None:
        user = url.group("user")
        return not (url.group("pw") or (user and _looks_random(user, 16, hex_ok=True)))
    near = text[max(0, position - 300) : position + 300]
    user_value = rf"(?i)(?:user|username|login)[\"']?\s*[:=]\s*[\"']?{re.escape(value)}(?![\w\-])"
    return re.search(user_value, near) is not None


def _keyword_at_boundary(key: str) -> bool:
    """`db_password`, `dbPassword`, `PGPASSWORD` hold secrets; `jsonwebtoken`, `author` do not."""
    if key.isupper():
        return True
    for found in re.finditer(SECRET_KEYWORD, key, re.IGNORECASE):
        start = found.start()
        if (
            start == 0
            or key[start - 1] in "_.-"
            or (key[start - 1].islower() and key[start].isupper())
        ):
            return True
    return False


CURL_PLACEHOLDER_PAIRS = {
    ("user", "pass"),
    ("user", "password"),
    ("username", "password"),
    ("test", "test"),
}


def _named_key_spans(text: str) -> Iterator[Span]:
    for match in NAMED_KEY_RE.finditer(text):
        key = match.group("key")
        if (
            NOT_A_SECRET_KEY.search(key)
            or NOT_A_SECRET_CAMEL.search(key)
            or DATA_KEY.search(key)
            or re.search(r"(?i)pub", key)
        ):
            continue
        start, end = _group(match)
        value = text[start:end].rstrip(".,;:)]'\"`")
        # a store's or merchant's key of twelve to fifteen characters: "CMI_STORE_KEY: "GbtM…""
        mixed = bool(re.fullmatch(r"(?=.*\d)(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9]{12,15}", value))
        short = mixed and key.lower().endswith("key")
        if (
            _looks_random(value, min_length=12 if short else 16, hex_ok=True)
            and _credible(value)
            and not _known_default(text, key, value, start)
        ):
            url = URL_USERINFO.match(value)
            if url is not None and url.group("user") and not url.group("pw"):
                yield Span(start + url.start("user"), start + url.end("user"), Kind.SECRET,
                           "named-key-assignment")  # fmt: skip
            elif url is None or url.group("pw"):
                yield Span(start, start + len(value), Kind.SECRET, "named-key-assignment")


# Keys of the providers' own documentation (AKIAIOSFODNN7EXAMPLE, …EXAMPLEKEY): never a leak.
DOCUMENTED_EXAMPLE = re.compile(r"EXAMPLE(?:KEY)?$")
# ~/.pgpass lines: host:port:database:user:password, the password last.
PGPASS_RE = re.compile(
    r"(?m)^[ \t]*[\w.\-*\[\]]+:(?:\d{2,5}|\*):[\w.\-*]+:(?P<user>[\w.\-*@]+):(?P<v>[^\s:]{4,})[ \t]*$"
)


def _provider_spans(text: str) -> Iterator[Span]:
    """Tokens in a provider's documented format, but not its documented example values."""
    lowered = text.lower()
    for rule, regex in _compiled_rules():
        if not _hinted(rule, lowered):
            continue
        for match in regex.finditer(text):
            start, end = _group(match)
            value = text[start:end]
            if end > start and not DOCUMENTED_EXAMPLE.search(value) and not FILLER.fullmatch(value):
                yield Span(start, end, Kind.SECRET, rule)


def _regex_spans(text: str) -> Iterator[Span]:
    yield from _provider_spans(text)
    for match in PEM_RE.finditer(text):
        yield Span(match.start(), match.end(), Kind.SECRET, "private-key")
    for match in PUTTY_RE.finditer(text):
        yield Span(match.start(), match.end(), Kind.SECRET, "private-key")
    for rule, regex in (
        ("url-password", URL_CREDENTIALS_RE),
        ("curl-user-password", CURL_USER_RE),
        ("cli-flag-secret", CLI_FLAG_RE),
        ("prose-password", PROSE_PASSWORD_RE),
        ("authorization-header", AUTH_HEADER_RE),
        ("pgpass-line", PGPASS_RE),
        ("bearer-token", BEARER_RE),
    ):
        for match in regex.finditer(text):
            value = match.group("v").rstrip(".,;)]'\"`\\")
            if rule == "curl-user-password" and (
                value[:1] in "$[<"
                or value.startswith("{{")
                or re.fullmatch(r"\{[A-Za-z_]+\}", value)
                or ((match.group("user") or "").lower(), value.lower()) in CURL_PLACEHOLDER_PAIRS
            ):
                continue
            if rule == "prose-password" and re.fullmatch(r"[^\W\d_]+[?!.,;:]+", value):
                continue  # "the secret was rotated??": a word and its punctuation
            if rule in ("url-password", "pgpass-line") and match.group("user") == value:
                continue  # postgres:postgres, the password set to the user name: a default
            if (
                rule == "url-password"
                and (
                    (match.group("user") or "").lower(),
                    value.lower(),
                )
                in DEFAULT_CREDENTIALS
            ):
                continue
            if rule == "cli-flag-secret" and _names_a_stored_secret(text, match):
                continue
            if _credible(value):
                yield Span(match.start("v"), match.start("v") + len(value), Kind.SECRET, rule)
    yield from _command_spans(text)
    yield from _unlabelled_spans(text)
    for match in CURL_TOKEN_AS_USER_RE.finditer(text):  # curl -u "$TOKEN:" (token, no password)
        if _looks_random(match.group("v"), min_length=8):
            yield Span(match.start("v"), match.end("v"), Kind.SECRET, "curl-user-token")
    for match in JWT_RE.finditer(text):
        if _jwt_header_ok(match.group()) or ".eyJ" in match.group():
            yield Span(match.start(), match.end(), Kind.SECRET, "jwt")
    for match in ASSIGNMENT_RE.finditer(text):
        if NOT_SECRET_CONTEXT.search(match.group("key")):
            continue
        if AWS_RESOURCE_ID.fullmatch(match.group("v")):
            continue  # ami-0abcd1234ef567890, i-0abc…: names of resources, not credentials
        if _inside_ciphertext(text, match.start()):
            continue  # the iv and tag of sops' ENC[AES256_GCM,data:…,iv:…,tag:…]
        value = match.group("v")
        if (
            _looks_random(value)
            and not harmless_base64(value)
            and not PUBLIC_IDS.fullmatch(value)
            and not _public_material(text, match.start("v"))  # "clé publique WireGuard : …"
        ):
            yield Span(match.start("v"), match.end("v"), Kind.SECRET, "high-entropy-assignment")


def _inside_ciphertext(text: str, position: int) -> bool:
    opening = text.rfind("ENC[", max(0, position - 4000), position)
    return (
        opening >= 0
        and ENCRYPTED_VALUE.match(text, opening) is not None
        and not re.search(r"[\]\s]", text[opening:position])
    )


def _classes(value: str) -> int:
    """How many of lower case, upper case, digits and other characters `value` mixes."""
    return (
        any(c.islower() for c in value)
        + any(c.isupper() for c in value)
        + any(c.isdigit() for c in value)
        + any(not c.isalnum() for c in value)
    )


PUBLIC_ON_LINE = re.compile(
    r"(?i)public|pub_?key|ssh-(?:rsa|ed25519|dss)|ecdsa-sha2|fingerprint|"
    r"publique|p[úu]blic[ao]|pubblic[ao]|publiczn|öffentlich|openbare|offentlig|julkinen|"
    r"публичн|открыт|공개|公钥|公開|公匙"
)  # "public" in the languages of the key words above
PUBLIC_BLOCK = re.compile(
    r"-----(?P<edge>BEGIN|END) (?:PGP PUBLIC KEY BLOCK|CERTIFICATE|PUBLIC KEY)"
)


def _public_material(text: str, position: int) -> bool:
    """Inside a public key or certificate block, or on a line that says it holds a public key:
    random-looking, and meant to be shared."""
    line_start = text.rfind("\n", 0, position) + 1
    if PUBLIC_ON_LINE.search(text, line_start, position):
        return True
    edges = list(PUBLIC_BLOCK.finditer(text, max(0, position - 20000), position))
    return bool(edges) and edges[-1].group("edge") == "BEGIN"


def password_shaped(value: str) -> bool:
    """A word that reads as a chosen or generated password: mixed case with digits, and either
    a symbol other than a word joiner or a random look (`m9fPwQkN5N^h4Lt`, `vQc2lmh2ZOFxVS`) —
    not a version, a file or host name, a ticket or a CamelCase word."""
    if not 8 <= len(value) <= 64 or "://" in value or value[0] in "$<{[/":
        return False
    if not (any(c.islower() for c in value) and any(c.isupper() for c in value)):
        return False
    if not any(c.isdigit() for c in value) and _classes(value) < 4:
        return False
    if any(not c.isalnum() and c not in "._-/:@" for c in value):
        return shannon_entropy(value) >= 2.5
    return _looks_random(value, min_length=8) and sum(c.isdigit() for c in value) >= 2


BASE64_RE = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_\-]{16,}={0,2}")


def harmless_base64(value: str) -> bool:
    """Base64 of data rather than of a credential: a public certificate (a kubeconfig's
    certificate-authority-data), a pagination cursor (`{"offset":48215}`), a flag list
    (`enable_new_cart=true`). A password in a Kubernetes Secret decodes to a random word, a
    private key to its PEM header, a basic-auth value to user:password: those stay secrets."""
    if not BASE64_RE.fullmatch(value):
        return False
    if value.startswith("LS0tLS1CRUdJTi"):  # "-----BEGIN": judge by the PEM header line alone
        first = base64.b64decode(value[:64]).decode("utf-8", "replace").split("\n", 1)[0]
        return "PRIVATE" not in first and len(value) > 96
    head = value if len(value) <= 96 else value[:96]
    head = head.rstrip("=")[: len(head.rstrip("=")) // 4 * 4]
    try:
        decoded = base64.b64decode(head, altchars=b"-_" if re.search(r"[-_]", head) else None)
        plain = decoded.decode("utf-8")
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return False
    if not plain or not all(c.isprintable() or c in "\n\r\t" for c in plain):
        return False
    if plain.startswith("-----BEGIN"):
        return "PRIVATE" not in plain.split("\n", 1)[0] and len(value) > 96
    if len(value) > 96 or re.fullmatch(r"[^:\s]+:[^:\s]+", plain):
        return False
    words = re.split(r"[\s\"'{}\[\],:=&;]+", plain)
    return not any(password_shaped(w) or _looks_random(w, min_length=12) for w in words)


def _nearby_named_spans(text: str) -> Iterator[Span]:
    for cue in NEARBY_CUE_RE.finditer(text):
        if text[cue.start() - 1 : cue.start()] in ("[", "<", "{", "$"):
            continue  # [PASSWORD], <password>, ${PASSWORD}: a placeholder names no value
        stop = SENTENCE_END_RE.search(text, cue.end(), cue.end() + 90)
        end = stop.start() if stop else min(len(text), cue.end() + 90)
        for token in NEARBY_TOKEN_RE.finditer(text, cue.end(), end):
            if token.start() == cue.end():
                if len(token.group()) > 1 and token.group()[0] in "=:":
                    break  # password=…: an assignment, the keyword rules read it
                continue
            value, start = token.group().rstrip(".:\\"), token.start()  # "…\\": an escaped quote
            if "://" in value:
                continue  # a URL: its credentials have their own rule
            if re.match(r"[A-Za-z_][\w.\-]{2,}=.", value):
                continue  # replicaCount=3: another setting
            pair = re.match(r"[\w.\-@]{2,40}:(?=.)", value)
            if pair and re.match(r"\d{1,2}:\d\d(?!\d)", value):
                continue  # "14:02=request_id=": a time of day, not user:password
            if pair:  # user:password
                value, start = value[pair.end() :], start + pair.end()
            generated = (
                generated_secret(value)
                and not _digest_between(text, cue.end(), start)
                and not _public_material(text, start)
            )
            if KEY_WORD_CUE_RE.fullmatch(cue.group()):
                found = generated  # "klucz CRC Przelewy24 (1d03…)": not the company's name
            else:
                found = (
                    password_shaped(value)
                    or _label_value(text, cue.end(), start, value)
                    or _named_token(text, cue, start, value)
                    or generated
                    or _introduced_passphrase(text, cue.end(), start, value)
                )
            if found and _credible(value):
                yield Span(start, start + len(value), Kind.SECRET, "prose-password")
                break


# "Clave del candado del rack: 7391-Alerce": the credential's label ends in a colon and the
# value after it mixes letters and digits (a passphrase need not look random to be one)
LABEL_GAP = re.compile(r"[^\n:=\d]{0,40}:[ \t]*[\"'`]?")
LABEL_VALUE = re.compile(r"(?=[^\s]*[^\W\d_])(?=[^\s]*\d)[\w!@#$%^&*+=?.\-]{6,64}")


# a label that names a digest or an identifier, not the credential: "token rotation commit:"
DIGEST_WORDS = re.compile(
    r"(?i)\b(?:commit|sha\d*|digest|hash|checksum|fingerprint|id|ids|version|build|image|"
    r"request|trace|etag|md5|ticket|issue|pr|run|job)\b"
)


# what a token, a key or a secret issued by a service looks like when it is not password-shaped:
# 32 hex digits or more (Twilio's Auth Token), a UUID (a Consul ACL or Vault token)
TOKEN_SHAPED = re.compile(
    r"[0-9a-fA-F]{32,64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
)


WORD_OR_NUMBER = re.compile(r"(?:[A-Z]?[a-z]+)+|[A-Z]+|\d+")  # OpenShift, AWS, 2231


def generated_secret(value: str) -> bool:
    """A value a machine or a password manager made: 12 characters or more drawn from three
    classes of upper case, lower case, digits and symbols with high entropy
    (`UdVmQU?HlA*?o-Vdt*+P`, `9Y3UFGLq….2pZIGe.dsu8…`), or 32 hex digits or more that are not
    all one case of a few characters. Not a path, URL, e-mail address, version or UUID."""
    if not 12 <= len(value) <= 512 or re.search(r"://|^[/~.$]|@[\w\-]+\.\w|[<>{}\[\]()]", value):
        return False  # a URL, path, variable, e-mail address or template (`ActivityRecord{<*>`)
    if re.search(r"\\[nrt]|\\$", value):
        return False  # an escaped string literal running on ("authentication\n#RUN", "…d08\\")
    if re.fullmatch(r"[0-9a-fA-F]{32,128}", value):
        return shannon_entropy(value) >= 3.0 and len(set(value.lower())) > 8
    if re.fullmatch(r"[A-Z2-7]{16,64}={0,6}", value):  # base32: a one-time-password seed
        return sum(c.isdigit() for c in value) >= 3 and shannon_entropy(value) >= 3.5
    if TOKEN_SHAPED.fullmatch(value) or re.fullmatch(r"v?\d+(?:[.\-]\w+)+", value):
        return False
    if all(WORD_OR_NUMBER.fullmatch(c) for c in re.split(r"[\-_./!#:]+", value) if c):
        return False  # words and numbers: ansible-infra!2231, GHSA-x-0142, AWS.SharedIniFile
    if re.fullmatch(r"(?:[A-Za-z][a-z]+[/_.\-])+[\w.\-]+", value):
        return False  # words joined by separators: pkg/name.yaml, some_setting.name
    return _classes(value) >= 3 and shannon_entropy(value) >= 3.5


def _digest_between(text: str, cue_end: int, start: int) -> bool:
    return DIGEST_WORDS.search(text, max(cue_end, start - 24), start) is not None


def _named_token(text: str, cue: re.Match[str], start: int, value: str) -> bool:
    """A token named earlier in the sentence ("your Auth Token … (edef5baa…)", "the ACL token,
    which was only in her notes: 52508bf2-…"), the words right before it naming no digest or id
    ("commit 4e1d…", "request id 1b7e…")."""
    if not re.fullmatch(
        r"(?i)token|secret|api[ \-]key|access[ \-]key|app[ \-]?s?key|nwk[ \-]?s?key", cue.group()
    ):
        return False
    return TOKEN_SHAPED.fullmatch(value) is not None and not DIGEST_WORDS.search(
        text[max(cue.end(), start - 20) : start]
    )


# words joined into a passphrase, with a capital and a digit: Wattle-Kookaburra-7731, pAr0t-Sevan-2024
JOINED_PASSPHRASE = re.compile(
    r"(?=[^\s]*\d)(?=[^\s]*[A-Z])(?=[^\s]*[a-z])[A-Za-z0-9]+(?:[\-_!#+][A-Za-z0-9]+){1,4}[!#?]?"
)
# four or more lower-case words joined by dashes (a generated diceware passphrase)
DICEWARE = re.compile(r"[a-z]{3,10}(?:-[a-z]{3,10}){3,7}")
INTRODUCER = re.compile(r"(?i)(?:\b(?:is|was|ist|war|es|est|to)|[:,=→])[ \t]*[\"'`]?$")


def _introduced_passphrase(text: str, cue_end: int, start: int, value: str) -> bool:
    """A passphrase of joined words right after what introduces a value ("pass is …",
    "… password-ը դեռ հինն է, …"), not a host, a ticket or a version."""
    if not 10 <= len(value) <= 60 or not (
        JOINED_PASSPHRASE.fullmatch(value) or DICEWARE.fullmatch(value)
    ):
        return False
    gap = text[cue_end:start]
    if "\n" in gap or not INTRODUCER.search(gap) or DIGEST_WORDS.search(gap):
        return False
    return _credible(value) and not re.fullmatch(r"[A-Z][A-Za-z]*-\d+(?:-\d+)*", value)


def _header_cell(text: str, match: re.Match[str]) -> bool:
    """The cue is a cell of a delimited header line and its value is on the next line."""
    if "\n" not in text[match.start() : match.start("v")]:
        return False
    line_start = text.rfind("\n", 0, match.start()) + 1
    line = text[line_start : text.find("\n", match.start())]
    return ":" not in line and any(line.count(d) >= 1 for d in (",", ";", "\t", "|"))


def _label_value(text: str, cue_end: int, start: int, value: str) -> bool:
    gap = LABEL_GAP.fullmatch(text, cue_end, start)
    if gap is None or not LABEL_VALUE.fullmatch(value) or DIGEST_WORDS.search(gap.group()):
        return False
    return not re.fullmatch(r"[A-Z][A-Z0-9]+-\d+|[\d:.\-]+[a-z]{0,3}|v?\d+(?:\.\d+)+\S*", value)


def _unlabelled_spans(text: str) -> Iterator[Span]:
    """Secrets with no key or flag before them: a password named in prose without a verb, and
    long random tokens (three character classes, high entropy) standing alone."""
    yield from _nearby_named_spans(text)
    for match in PROSE_PASSWORD_DIRECT_RE.finditer(text):
        value = match.group("v").rstrip(".,;:)]'\"`")
        if _header_cell(text, match):
            continue  # "user,password\nbob,…": a CSV header, its column has its own rule
        if text[match.start() - 1 : match.start()] in ("?", "&"):
            value = value.split("&", 1)[0]  # ?user=x&password=y&useSSL=true: a URL query
        if len(value) >= 8 and _classes(value) >= 3 and _credible(value):
            yield Span(
                match.start("v"), match.start("v") + len(value), Kind.SECRET, "prose-password"
            )
    for match in STANDALONE_TOKEN_RE.finditer(text):
        value = match.group()
        if re.search(r"(?i)(?:sha\d*|md5|digest|fingerprint)[:=\s]$", text[: match.start()][-12:]):
            continue  # SHA256:oUO4wPHU… is a key fingerprint, public by design
        if value.startswith("eyJ"):
            continue  # base64 JSON: a JWT's header alone is no secret; whole JWTs have a rule
        if _public_material(text, match.start()) or PUBLIC_IDS.fullmatch(value):
            continue
        if harmless_base64(value):
            continue
        if (
            _classes(value) == 3
            and sum(c.isdigit() for c in value) >= 4
            and (shannon_entropy(value) >= 4.1)
        ):
            yield Span(match.start(), match.end(), Kind.SECRET, "random-token")


CONNECTION_PART = re.compile(r"([A-Za-z][\w ]{1,40})=([^;]*)")
# the parts of a connection string that carry a credential (AccountKey, SharedAccessKey,
# Password …); an Application Insights InstrumentationKey is an identifier, not one of them
SECRET_PART = re.compile(
    r"(?i)(?:account|shared ?access|access|secret|client ?secret|api|auth)[ _]?(?:key|signature|"
    r"secret|token)$|^(?:password|pwd|pass|secret|token|sig|signature)$"
)


def _connection_string_without_secret(value: str) -> bool:
    """`Key=Value;Key=Value` whose keys name no credential."""
    parts = [p for p in value.split(";") if p.strip()]
    if len(parts) < 2:
        return False
    pairs = [CONNECTION_PART.fullmatch(p.strip()) for p in parts]
    return all(pairs) and not any(SECRET_PART.search(m.group(1)) for m in pairs if m)


@lru_cache(maxsize=1)
def _env_entry_re() -> re.Pattern[str]:
    return re.compile(ENV_ENTRY.replace("KEYWORD", SECRET_KEYWORD))


@lru_cache(maxsize=1)
def _command_rules() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(regex)) for name, regex in COMMAND_SECRET_RULES]


def _command_spans(text: str) -> Iterator[Span]:
    """Secrets passed to commands: flags, fixed argument positions, piped into a login."""
    for match in LONG_FLAG_RE.finditer(text):
        if NOT_A_SECRET_FLAG.search(match.group("flag")) or _names_a_stored_secret(text, match):
            continue
        value = match.group("v")
        if not match.group("q"):
            value = value.rstrip(".,;)]")
        if _credible(value) and not WORDISH.match(value):
            yield Span(
                match.start("v"), match.start("v") + len(value), Kind.SECRET, "cli-flag-secret"
            )
    for match in _env_entry_re().finditer(text):
        key = match.group("key")
        if NOT_A_SECRET_KEY.search(key) or NOT_A_SECRET_CAMEL.search(key):
            continue
        value = match.group("v").rstrip(".,;)]'\"`")
        if _connection_string_without_secret(value):
            continue  # InstrumentationKey=<uuid>;IngestionEndpoint=…: identifiers and endpoints
        if _credible(value) and not (WORDISH.match(value) and not STRONG_KEY.search(key)):
            yield Span(match.start("v"), match.start("v") + len(value), Kind.SECRET, "env-entry")
    lowered = text.lower()
    for rule, regex in _command_rules():
        if not _hinted(rule, lowered):
            continue
        for match in regex.finditer(text):
            if "key" in regex.groupindex and NOT_A_SECRET_KEY.search(match.group("key")):
                continue
            start, end = _group(match)
            value = text[start:end].rstrip(".,;)]'\"`")
            if rule == "snmp-community" and value.lower() in ("public", "private"):
                continue  # the documented defaults of every SNMP agent
            if rule == "spaced-setting" and not _looks_random(value, min_length=16):
                continue
            if rule in ("url-query-key", "aligned-setting") and not generated_secret(value):
                continue
            if _credible(value):
                yield Span(start, start + len(value), Kind.SECRET, rule)


def _jwt_header_ok(token: str) -> bool:
    head = token.split(".", 1)[0]
    try:
        decoded = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
        json.loads(decoded.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return False
    return True


@lru_cache(maxsize=1)
def _compiled_rules() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(regex)) for name, regex in PROVIDER_RULES]


# Text (lower-cased) that a rule cannot match without: the rule's regex is skipped on a text
# that holds none of its hints, which keeps the many token formats cheap on prose.
RULE_HINTS: dict[str, tuple[str, ...]] = {
    "gcp-api-key": ("aiza",),
    "alibaba-access-key-id": ("ltai",),
    "tencent-secret-id": ("akid",),
    "url-sign": ("sign=",),
    "gcp-oauth-client-secret": ("gocspx-",),
    "gcp-oauth-token": ("ya29.",),
    "gcp-refresh-token": ("1//0",),
    "azure-ad-client-secret": ("q~",),
    "azure-storage-key": ("accountkey", "sharedaccesskey"),
    "azure-sas-signature": ("sig=",),
    "github-token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    "digitalocean-token": ("_v1_",),
    "ssh-keygen-passphrase": ("ssh-keygen",),
    "github-fine-grained-pat": ("github_pat_",),
    "gitlab-runner-registration": ("gr1348941",),
    "slack-token": ("xox",),
    "slack-config-token": ("xoxe.",),
    "slack-app-token": ("xapp-",),
    "slack-webhook": ("hooks.slack.com",),
    "discord-webhook": ("webhooks/",),
    "razorpay-key": ("rzp_live_",),
    "stripe-webhook-secret": ("whsec_",),
    "sendgrid-api-key": ("sg.",),
    "npm-token": ("npm_",),
    "npm-auth-token": ("_auth",),
    "pypi-token": ("pypi-ag",),
    "openai-api-key": ("t3blbkfj",),
    "openai-project-key": ("sk-",),
    "anthropic-api-key": ("sk-ant-",),
    "huggingface-token": ("hf_", "api_org_"),
    "mailchimp-api-key": ("-us",),
    "mailgun-api-key": ("key-",),
    "shopify-token": ("shp",),
    "square-token": ("sq0",),
    "square-access-token": ("eaaa",),
    "facebook-access-token": ("eaa",),
    "telegram-bot-token": (":aa",),
    "vault-token": ("hvs.", "hvb.", "hvr."),
    "terraform-cloud-token": (".atlasv1.",),
    "grafana-token": ("glc_", "glsa_"),
    "sentry-token": ("sntry",),
    "databricks-token": ("dapi",),
    "newrelic-key": ("nrak-", "nrii-", "nrjs-", "nrra-"),
    "doppler-token": ("dp.",),
    "pulumi-token": ("pul-",),
    "postman-key": ("pmak-",),
    "atlassian-token": ("atatt3",),
    "linear-key": ("lin_api_",),
    "notion-token": ("ntn_", "secret_"),
    "onepassword-token": ("ops_eyj",),
    "onepassword-secret-key": ("a3-",),
    "sourcegraph-token": ("sgp_",),
    "heroku-api-key": ("hrku-",),
    "age-secret-key": ("age-secret-key-1",),
    "okta-token": ("okta",),
    "sidekiq-credentials": ("contribsys",),
    "facebook-app-token": ("|",),
    "intra42-client-secret": ("s-s4t2",),
    "sumologic-access-id": ("sumo",),
    "docker-hub-pat": ("dckr_",),
    "registry-login-password": ("login",),
    "mysql-password": ("mysql",),
    "okta-ssws-token": ("ssws",),
    "mosquitto-password": ("mosquitto_",),
    "scalingo-token": ("tk-us-",),
    "mercadopago-access-token": ("app_usr-", "test-"),
    "tailscale-key": ("tskey-",),
    "teams-webhook": ("webhook.office",),
    "airtable-token": ("pat",),
    "figma-token": ("fig",),
    "supabase-token": ("sbp_", "sb_secret_"),
    "planetscale-token": ("pscale_",),
    "netlify-token": ("nfp_",),
    "groq-api-key": ("gsk_",),
    "replicate-token": ("r8_",),
    "perplexity-api-key": ("pplx-",),
    "xai-api-key": ("xai-",),
    "rubygems-api-key": ("rubygems_",),
    "nuget-api-key": ("oy2",),
    "flutterwave-secret-key": ("flwseck",),
    "dynatrace-token": ("dt0",),
    "contentful-token": ("cfpat-",),
    "mapbox-secret-token": ("sk.eyj",),
    "bitbucket-app-password": ("atbb",),
    "jfrog-api-key": ("akcp",),
    "brevo-api-key": ("xkeysib-",),
    "resend-api-key": ("re_",),
    "langsmith-api-key": ("lsv2_",),
    "pinecone-api-key": ("pcsk_",),
    "plaid-access-token": ("access-",),
    "braintree-access-token": ("access_token$",),
    "shippo-token": ("shippo_",),
    "firebase-server-key": (":apa91b",),
    "legacy-sk-api-key": ("sk-",),
    "toss-secret-key": ("live_", "test_"),
    "vault-init-unseal-key": ("unseal key",),
    "yandex-iam-token": ("t1.",),
    "yandex-oauth-token": ("y0_",),
    "aws-secret-after-key-id": ("akia", "asia"),
    "mollie-api-key": ("live_", "test_"),
    "vault-unseal-key": ("unseal",),
    "echo-into-secret-file": ("echo", "printf"),
    "basic-auth-tuple": ("auth",),
    "url-query-key": ("key=", "token=", "secret="),
    "aligned-setting": ("pass", "pwd", "secret", "token", "key"),
    # command rules
    "snmp-community": ("community", "com2sec", "snmp"),
    "redis-auth": ("auth",),
    "putty-password": ("-pw",),
    "short-flag-password": ("ipmitool", "mosquitto_", "cqlsh", "rdesktop"),
    "rdp-password": ("freerdp",),
    "minio-client-secret": ("mc",),
    "otp-seed": ("totp", "otp", "2fa", "mfa", "authenticator"),
    "recovery-code": ("recovery", "backup", "break"),
    "spaced-setting": ("secret", "password", "passwd", "token", "key"),
}


def _hinted(rule: str, lowered: str) -> bool:
    hints = RULE_HINTS.get(rule)
    return hints is None or any(hint in lowered for hint in hints)


@lru_cache(maxsize=1)
def _detect_secrets_plugins() -> list[Any]:
    """The regex plugins of detect-secrets (keyword/entropy/IP ones are covered by our rules)."""
    try:
        from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    except ImportError:  # pragma: no cover - declared dependency
        return []
    skip = {
        "KeywordDetector",
        "Base64HighEntropyString",
        "HexHighEntropyString",
        "IPPublicDetector",
    }
    plugins: list[Any] = []
    classes: list[Any] = list(get_mapping_from_secret_type_to_class().values())
    for cls in classes:
        if cls.__name__ in skip:
            continue
        try:
            plugins.append(cls())
        except TypeError:
            continue
    return plugins


def _windows(line: str, size: int = 1000) -> Iterator[tuple[int, str]]:
    """Overlapping windows of a long line (some plugin regexes are quadratic on long input);
    any token up to size/2 characters lies whole in one window."""
    if len(line) <= size:
        yield 0, line
        return
    for start in range(0, len(line), size // 2):
        yield start, line[start : start + size]
        if start + size >= len(line):
            return


def _plugin_spans(text: str) -> Iterator[Span]:
    offset = 0
    for whole in text.splitlines(keepends=True):
        for shift, line in _windows(whole):
            yield from _plugin_line(line, offset + shift)
        offset += len(whole)


# detect-secrets plugins whose regex has no word boundary ("TODAYINASIAASACK…" is not a key)
UNBOUNDED_PLUGINS = frozenset({"AWSKeyDetector"})


def _plugin_line(line: str, offset: int) -> Iterator[Span]:
    if len(line.strip()) < 8:
        return
    for plugin in _detect_secrets_plugins():
        unbounded = type(plugin).__name__ in UNBOUNDED_PLUGINS
        for value in set(plugin.analyze_string(line)):
            value = value.strip(" \t\"'=:")
            if len(value) < 6 or DOCUMENTED_EXAMPLE.search(value) or PUBLIC_IDS.fullmatch(value):
                continue
            for found in re.finditer(re.escape(value), line):
                before = line[found.start() - 1 : found.start()]
                after = line[found.end() : found.end() + 1]
                if unbounded and (before.isalnum() or after.isalnum()):  # inside a longer word
                    continue
                yield Span(
                    offset + found.start(),
                    offset + found.end(),
                    Kind.SECRET,
                    f"detect-secrets:{type(plugin).__name__}",
                )


def secret_spans(text: str) -> list[Span]:
    """Every secret finding in `text` (may overlap; `redact.resolve` merges them)."""
    from hindsight.share.redact_secret_cues import cue_secret_spans
    from hindsight.share.redact_secret_outputs import output_secret_spans

    return [
        *_regex_spans(text),
        *_keyword_spans(text),
        *_named_key_spans(text),
        *_plugin_spans(text),
        *cue_secret_spans(text),
        *output_secret_spans(text),
    ]


def known_secret_spans(text: str, values: Iterable[str]) -> list[Span]:
    """Repeats of secrets already found elsewhere in the document, wherever they appear."""
    spans = []
    for value in values:
        if len(value) < 6:
            continue
        for found in re.finditer(re.escape(value), text):
            spans.append(Span(found.start(), found.end(), Kind.SECRET, "repeat-of-secret"))
    return spans
