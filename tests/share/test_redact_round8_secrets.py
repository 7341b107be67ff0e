"""Round 8: secrets in device configs, in a fetching command's output and in storage-key tables,
and values beside a secret's name that are not secrets. Every value here is made up."""

from __future__ import annotations

from hindsight.share.redact import Kind, redact


def _secrets(text: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind is Kind.SECRET}


# --- values under a secret-named key that are not secrets --------------------------------------


def test_an_ssh_public_key_as_a_key_setting_stays() -> None:
    keys = [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH3kq8vTzW1pQmR7yLd0cXe5fGa2bN9uJ4sK6oV8tYwZ",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7mX2pQ9vR4tL1kZ8wN3yH6bJ5dF0gS2aE7cU9iO4 ops@bastion",
        "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPq7Xr2m",
    ]
    for key in keys:
        text = f"changed: [web-3] => (item={{'user': 'deploy', 'key': '{key}'}})"
        assert _secrets(text) == set(), key
        assert f"authorized_key: {key}" in redact(f"authorized_key: {key}").text


def test_a_password_next_to_a_public_key_still_goes() -> None:
    text = (
        "- {user: ops, key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH3kq8vTzW1pQmR7yLd0cXe5fGa2bN9u', "
        "password: 'Vq4!mZr8Lp2x'}"
    )
    assert _secrets(text) == {"Vq4!mZr8Lp2x"}


def test_an_age_public_key_stays() -> None:
    text = "recipient_key: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"
    assert _secrets(text) == set()


def test_durations_and_sizes_under_secret_names_stay() -> None:
    text = (
        "vault:\n  tokenTTL: 72h\n  tokenMaxAge: 1h30m\n  secret_max_age: 45d\n"
        "  token_ttl: 7200\n  secretCacheSize: 64Mi\n  password_lifetime: 90d\n"
        "$ vault token lookup\ntoken_duration   336h\ntoken_accessor   Qm3vT8zLr2WcXa9Ke5JpN0Ud\n"
    )
    assert _secrets(text) == set()


def test_a_token_beside_its_ttl_still_goes() -> None:
    text = "auth:\n  token: 'Tk9w2LmQzX7rV4pB8sYe'\n  tokenTTL: 24h\n"
    assert _secrets(text) == {"Tk9w2LmQzX7rV4pB8sYe"}


def test_an_analytics_cookie_stays_and_the_session_cookie_goes() -> None:
    text = (
        "Cookie: _ga=GA1.1.2093847561.1711122233; _gid=GA1.1.5566778899.1711122233; "
        "sessid=Wq8zR2mT5vXk9LpN3sYb7cJd4fHg6QaE"
    )
    assert _secrets(text) == {"Wq8zR2mT5vXk9LpN3sYb7cJd4fHg6QaE"}


def test_a_cookie_header_led_by_a_session_pair_still_goes() -> None:
    text = "HTTP_COOKIE = 'sessionid=Zp4kW9rTq2LmX7vB3nYc8dFh; csrftoken=9b1c7e2a4d6f8a0c3e5b7d9f1a2c4e6b'"
    found = _secrets(text)
    assert any("Zp4kW9rTq2LmX7vB3nYc8dFh" in v for v in found)
    assert any("9b1c7e2a4d6f8a0c3e5b7d9f1a2c4e6b" in v for v in found)


def test_encrypted_values_of_eyaml_and_sops_stay() -> None:
    eyaml = "ENC[PKCS7,MIIBiQYJKoZIhvcNAQcDoIIBejCCAXYCAQAxggEhMIIBHQIBADAFMAACAQEwDQYJKoZIhvcN]"
    sops = (
        "ENC[AES256_GCM,data:q8Zt3Lw9vR2k,iv:Xm4pQ7nB1sYc0dFh2jKl5aZ8=,tag:Ue6rT1yH3wQ==,type:str]"
    )
    text = f"app::db::password: {eyaml}\ndb_password: {sops}\n"
    assert _secrets(text) == set()
    assert eyaml in redact(text).text and sops in redact(text).text


def test_an_instrumentation_key_connection_string_stays() -> None:
    value = (
        "InstrumentationKey=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d;"
        "IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/"
    )
    text = f'{{"ApplicationInsights": {{"ConnectionString": "{value}"}}}}'
    assert redact(text).text == text


def test_a_storage_connection_string_still_goes() -> None:
    key = "Qm9yWx3LpT7vK2nR8sZa4cFd6hJb0eGt1uYi5oPq9wErTyUiOpAsDfGhJkLzXcVbNmQwErTyUiOp12345678=="
    text = f'"Blobs": "DefaultEndpointsProtocol=https;AccountName=stx;AccountKey={key}"'
    assert key not in redact(text).text


def test_terraform_labels_and_kubectl_value_sources_are_names() -> None:
    text = (
        "  # google_secret_manager_secret.billing_api will be created\n"
        '  + resource "google_secret_manager_secret" "billing_api" {\n'
        "Environment:\n"
        "  API_TOKEN:  <set to the key 'api-token' in secret 'billing-creds'>  Optional: false\n"
    )
    assert _secrets(text) == set()


# --- network device configs ---------------------------------------------------------------------


def test_ios_running_config_secrets_go_and_the_rest_stays() -> None:
    text = (
        "hostname edge-rtr-07\n"
        "enable secret 9 $9$Vq3kPz8LmR2tXw$Yb7nC4dFh1jKs6aE0gUi9oLp3qWr5tZx8cVb2nMk4Lj\n"
        "username netops privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\n"
        "username backup password 7 094F471A1A0A4B5C\n"
        "snmp-server community Tr4ffic!Mon RO 55\n"
        "snmp-server community public RO\n"
        "snmp-server host 10.20.30.40 version 2c Wq9#trapKey\n"
        "snmp-server host 10.20.30.41 version 3 priv snmpuser\n"
        "tacacs-server host 10.20.30.50 key 7 13061E010803557878\n"
        "aaa group server tacacs+ TAC\n"
        " server-private 10.20.30.51 key Kx7!pLm2Qz\n"
        "tacacs server TAC-2\n"
        " address ipv4 10.20.30.52\n"
        " key 7 0236124B0A1C02\n"
        "interface GigabitEthernet0/1\n"
        " ip ospf message-digest-key 1 md5 7 045802150C2E1D1C\n"
        "access-list 101 permit ip any any\n"
        "line vty 0 4\n"
        " password 7 1511021F07257A767B\n"
        "router bgp 65010\n"
        " neighbor 10.20.30.60 password Bg9p!Peer\n"
        "ip ssh version 2\n"
    )
    found = _secrets(text)
    for value in (
        "$9$Vq3kPz8LmR2tXw$Yb7nC4dFh1jKs6aE0gUi9oLp3qWr5tZx8cVb2nMk4Lj",
        "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0",
        "094F471A1A0A4B5C",
        "Tr4ffic!Mon",
        "Wq9#trapKey",
        "13061E010803557878",
        "Kx7!pLm2Qz",
        "0236124B0A1C02",
        "045802150C2E1D1C",
        "1511021F07257A767B",
        "Bg9p!Peer",
    ):
        assert value in found, value
    out = redact(text).text
    for kept in (
        "GigabitEthernet0/1",
        "access-list 101 permit ip any any",
        "ip ssh version 2",
        "snmp-server community public RO",
        "version 3 priv snmpuser",
        "line vty 0 4",
        "router bgp 65010",
    ):
        assert kept in out, kept


def test_juniper_secrets_go() -> None:
    text = (
        'set system radius-server 10.9.8.7 secret "$9$hK7vL8xNb2-dYgoJ"\n'
        "set snmp community N3tW4tch authorization read-only\n"
        "protocols {\n    bgp {\n        group peers {\n"
        '            authentication-key "$9$Pq5z3CtO1hSeX-dw2aZGi"; ## SECRET-DATA\n'
        "        }\n    }\n}\n"
        'root-authentication {\n    encrypted-password "$6$aB3dE$Qw8rT5yU2iO9pL"; ## SECRET-DATA\n}\n'
    )
    assert {
        "$9$hK7vL8xNb2-dYgoJ",
        "N3tW4tch",
        "$9$Pq5z3CtO1hSeX-dw2aZGi",
        "$6$aB3dE$Qw8rT5yU2iO9pL",
    } <= _secrets(text)


def test_prose_about_device_keys_stays() -> None:
    text = (
        "We rotated the tacacs-server key after the audit; the secret 5 hashes were fine.\n"
        "  password rotation is tracked in NET-88.\n"
        'kubectl get secret "db-creds" -n payments\n'
    )
    assert _secrets(text) == set()


# --- the output of a command that fetches a secret ---------------------------------------------


def test_a_fetched_secret_on_the_next_line_goes() -> None:
    cases = [
        ("$ vault kv get -field=db_password kv/billing/api", "Lr7#vTq2Wz9pXk"),
        ("$ vault read -field=token auth/approle/login", "s3kR7pQ9vLx2Mn4b"),
        (
            "$ kubectl get secret app-creds -o jsonpath='{.data.password}' | base64 -d",
            "hunter-Q7z!x2",
        ),
        (
            "$ aws secretsmanager get-secret-value --secret-id prod/ledger --query SecretString "
            "--output text",
            "Zx8!kPq3Rw7tLm",
        ),
        ("$ gcloud secrets versions access latest --secret=smtp-relay", "Ng5$wQ2zLp8rTx"),
        (
            "PS C:\\> az keyvault secret show --vault-name kv-ops -n sftp --query value -o tsv",
            "Yv4%mK9pWq2sLz",
        ),
    ]
    for command, value in cases:
        text = f"{command}\n{value}\n$ echo done\ndone\n"
        found = _secrets(text)
        assert value in found, command
        assert redact(text).text.startswith(command), command  # the prompt and command stay
        assert "$ echo done\ndone" in redact(text).text


def test_output_of_a_non_secret_field_or_plain_decode_stays() -> None:
    text = (
        "$ vault kv get -field=owner kv/billing/api\nplatform-team-7\n"
        "$ vault read -field=token_ttl auth/token/roles/ci\n768h\n"
        "$ echo aGVsbG8= | base64 -d\nhello\n"
        "$ kubectl get secret app-tls -o jsonpath='{.data.tls\\.crt}' | base64 -d | head -1\n"
        "-----BEGIN CERTIFICATE-----\n"
        "$ gcloud secrets versions access 3 --secret=sa-key\n"
        '{"type": "service_account", "project_id": "ops-7"}\n'
    )
    assert _secrets(text) == set()


# --- storage account keys in tables -------------------------------------------------------------

_KEY1 = "pQ3vX8rT2mL9kW4zN7bY1cF6hJ0dS5aG" * 2 + "eU2iO8qR4tY6wE1rT3yU5i" + "=="
_KEY2 = "Zm4nB7vC2xL9kJ3hG6fD1sA8pO5iU0yT" * 2 + "rE9wQ2aS4dF6gH8jK1lZ3x" + "=="


def test_storage_key_rows_of_a_table_go() -> None:
    assert len(_KEY1) == 88
    text = (
        "$ az storage account keys list -g rg-ops -n stopslogs -o table\n"
        "KeyName    Permissions    Value\n"
        "---------  -------------  " + "-" * 88 + "\n"
        f"key1       FULL           {_KEY1}\n"
        f"key2       FULL           {_KEY2}\n"
    )
    assert {_KEY1, _KEY2} <= _secrets(text)


def test_sha512_digests_and_certificates_of_the_same_length_stay() -> None:
    text = (
        f'  resolved "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"\n'
        f"  integrity sha512-{_KEY1}\n"
        f"checksum sha512:{_KEY2}\n"
        f"digest: {_KEY1}\n"
        "-----BEGIN CERTIFICATE-----\n"
        f"key1 {_KEY2}\n"
        "-----END CERTIFICATE-----\n"
    )
    assert _secrets(text) == set()
