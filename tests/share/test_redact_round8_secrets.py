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
