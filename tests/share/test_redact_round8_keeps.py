"""Round 8: harmless text that must come through — a product's version in a user agent, the
English "via", job titles under a signature in Spanish."""

from __future__ import annotations

from hindsight.share.redact import redact


def test_a_four_part_version_after_a_product_is_no_ip_address() -> None:
    text = '"GET / HTTP/1.1" 200 "Mozilla/5.0" "Telegram/10.3.2.7" from 198.18.7.21'
    result = redact(text)
    assert "Telegram/10.3.2.7" in result.text
    assert "198.18.7.21" not in result.text


def test_a_node_path_keeps_its_ip_address_redacted() -> None:
    text = "Node:             aks-pool3-1234-vmss00000a/10.12.4.9"
    assert "10.12.4.9" not in redact(text).text


def test_english_via_before_a_product_is_no_street() -> None:
    text = "Paged via Prometheus Alertmanager\n02:14 IST the on-call acknowledged."
    assert redact(text).text == text


def test_an_italian_via_with_its_number_is_still_a_street() -> None:
    text = "Spedire a Via Camillo Benso 14, 10123 Torino."
    assert "Via Camillo Benso 14" not in redact(text).text


def test_a_spanish_job_title_under_a_signature_is_no_name() -> None:
    text = "Cordialmente,\nLuz Marina Ocampo\nJefe Administrativa\n"
    result = redact(text)
    assert "Jefe Administrativa" in result.text
    assert "Luz Marina Ocampo" not in result.text
