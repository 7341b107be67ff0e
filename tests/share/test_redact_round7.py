"""Round 7: general forms found on the fifth writer's set (heldout9), in sentences of our own."""

from __future__ import annotations

from hindsight.share.redact import Kind, redact


def _kinds(text: str) -> dict[str, str]:
    return {r.original: r.kind.value for r in redact(text).replacements}


def test_a_teams_webhook_url_goes_whole() -> None:
    url = (
        "https://contoso.webhook.office.com/webhookb2/1b2c3d4e-1111-2222-3333-444455556666@"
        "aa11bb22-cc33-dd44-ee55-ff6677889900/IncomingWebhook/0f1e2d3c4b5a69788796a5b4c3d2e1f0/"
        "77665544-3322-1100-aabb-ccddeeff0011/V2abcDEFghiJKLmnoPQRstuVWXyz0123456789ABCD"
    )
    result = redact(f"The alert now posts to {url} for the on-call channel.")
    assert url not in result.text
    assert "contoso" not in result.text


def test_stripe_documented_test_cards_stay() -> None:
    text = "Checkout retried 4242 4242 4242 4242 and 4000 0000 0000 0002, both as expected."
    assert redact(text).text == text


def test_a_gateway_truncated_pan_stays_and_a_real_card_goes() -> None:
    text = 'refund {"card_mask":"457173******9012"} for card 4556 7375 8689 9855 on file'
    kinds = _kinds(text)
    assert "457173******9012" not in kinds
    assert kinds.get("4556 7375 8689 9855") == Kind.CARD.value


def test_a_number_after_its_scheme_word_goes_when_its_check_holds() -> None:
    text = (
        "The clinic's intake sheet had the patient's SA ID on it, captured as 8001015009087 "
        "by the nurse, and the supplier's CNPJ (listed as 11.444.777/0001-61 in the contract)."
    )
    kinds = _kinds(text)
    assert "8001015009087" in kinds  # Luhn-valid too: it may be called a card
    assert kinds.get("11.444.777/0001-61") == Kind.ID.value


def test_a_scheme_word_in_another_script_and_a_record_key() -> None:
    kinds = _kinds('Пациент: ЕГН 7523169263\n{"identityNumber":"10000000146","city":"Izmir"}')
    assert kinds.get("7523169263") == Kind.ID.value
    assert kinds.get("10000000146") == Kind.ID.value


def test_a_tax_number_with_a_suffix_keeps_the_checked_part() -> None:
    kinds = _kinds("Vendor details: adószám 78522398-1-41, paid monthly.")
    assert kinds.get("78522398") == Kind.ID.value


def test_a_number_failing_the_check_after_a_scheme_word_stays() -> None:
    text = "The CNPJ lookup service timed out; the fix shipped in build 4418207 at noon."
    assert redact(text).text == text


def test_a_national_mobile_in_a_cell_column_of_a_country_the_text_names() -> None:
    text = "| nombre | celular | sede |\n|---|---|---|\n| Ana Torres | 987654321 | Lima |\n"
    assert _kinds(text).get("987654321") == Kind.PHONE.value


def test_a_calling_code_elsewhere_names_the_country_of_a_bare_number() -> None:
    text = "Mobile: +48 512 345 678 (also tried 601234567, nobody picked up)"
    assert _kinds(text).get("601234567") == Kind.PHONE.value


def test_a_number_alone_under_a_signature() -> None:
    text = "Reach me at +30 691 234 5678 or on the office line.\n\nRegards,\nMaria\n2310 555123\n"
    assert _kinds(text).get("2310 555123") == Kind.PHONE.value


def test_oracle_tools_and_jdbc_urls_give_their_password_away() -> None:
    for line, secret in (
        ("impdp admin/Tr4ns!port_77 directory=DUMPS dumpfile=x.dmp", "Tr4ns!port_77"),
        ("url=jdbc:oracle:thin:billing/K3ep.Out-99@//10.1.2.3:1521/BILL", "K3ep.Out-99"),
        ("+ steamcmd +login ci_builder Fjord-Lamp-4410 +quit", "Fjord-Lamp-4410"),
    ):
        assert secret not in redact(line).text, line


def test_an_authorization_signature_scheme_hides_the_signature_not_the_word() -> None:
    text = "Authorization: Signature 9c1f0e2d3b4a59687766554433221100aabbccdd was logged"
    result = redact(text)
    assert "9c1f0e2d3b4a59687766554433221100aabbccdd" not in result.text
    assert "Signature" in result.text


def test_base64_of_a_certificate_stays_even_when_its_body_is_not_valid_der() -> None:
    blob = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM" + "Qx7vZp2Lk9Wm4Rt8Yb3Nc6Hd1Fg5Js0" * 4
    text = f"  ca.crt: {blob}\n"
    assert redact(text).text == text


def test_session_and_csrf_cookies_go_and_analytics_cookies_stay() -> None:
    text = "Cookie: sessionid=Zt81kQm4PxW2rN7vB3cY9dLf; _gid=GA1.2.55; csrftoken=9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    result = redact(text)
    assert "Zt81kQm4PxW2rN7vB3cY9dLf" not in result.text
    assert "9f8e7d6c5b4a39281706f5e4d3c2b1a0" not in result.text
    assert "_gid=GA1.2.55" in result.text


def test_hex_after_a_token_clause_that_ends_in_a_colon() -> None:
    text = "posting the token for the payments API here until vault is back: 5e1d9c0b7a3f48e2b6d0c4a9f1e38b27"
    assert "5e1d9c0b7a3f48e2b6d0c4a9f1e38b27" not in redact(text).text
    kept = "the token rotation commit: 3f9a1c2e7b4d5f60a1b2c3d4e5f60718293a4b5c"
    assert redact(kept).text == kept


def test_a_labelled_passphrase_after_a_credential_word() -> None:
    text = "Contraseña del wifi de la sala: Tomillo-5520. Ticket: NET-4410."
    result = redact(text)
    assert "Tomillo-5520" not in result.text
    assert "NET-4410" in result.text


def test_discord_author_lines_name_their_authors() -> None:
    text = (
        "**Tamsin_Vale** — Today at 21:14\nthe queue is stuck again\n\n"
        "**Priya (Ops lead)** — Today at 21:16\nlooking\n\n"
        "marek_builds — 10:02\nrestarted the worker\n"
    )
    kinds = _kinds(text)
    assert kinds.get("Tamsin_Vale") == Kind.PERSON.value
    assert kinds.get("Priya") == Kind.PERSON.value
    assert kinds.get("marek_builds") == Kind.PERSON.value
    assert "Ops lead" in redact(text).text


def test_user_flags_and_user_words_name_accounts_but_not_service_ones() -> None:
    kinds = _kinds(
        "$ docker login registry.acme.io -u ingrid.solberg -p-stdin\n"
        "$ pg_dump -U backup orders > x.sql\n"
        "Historial del servidor, usuario mfernandez, revisado ayer."
    )
    assert kinds.get("ingrid.solberg") == Kind.PERSON.value
    assert kinds.get("mfernandez") == Kind.PERSON.value
    assert "backup" not in kinds


def test_a_tool_prefix_of_a_handle_is_not_a_given_name() -> None:
    text = "+ curl -u jenkins-ingrid:x https://api.example.com\nJenkins retried the stage."
    assert "Jenkins retried" in redact(text).text


def test_given_and_family_name_columns_in_other_languages() -> None:
    text = (
        "| imię | nazwisko | miasto |\n|---|---|---|\n"
        "| Zofia | Wrzosek | Gdańsk |\n| Bartosz | Kędzia | Poznań |\n"
    )
    kinds = _kinds(text)
    for name in ("Zofia", "Wrzosek", "Bartosz", "Kędzia"):
        assert kinds.get(name) == Kind.PERSON.value, name
    assert "Gdańsk" not in kinds


def test_dotted_handles_of_a_given_name_and_surname_and_checklist_owners() -> None:
    text = (
        "git blame points at m.garcia; the config came from maria.lopez's laptop.\n"
        "- [ ] daniel: rotate the key\n- [x] sofia's dashboard merged\n"
        "Settings: grace.period=30, retry.backoff=2, logging.level=debug, see docs.python.org"
    )
    kinds = _kinds(text)
    for name in ("m.garcia", "maria.lopez", "daniel", "sofia"):
        assert kinds.get(name) == Kind.PERSON.value, name
    result = redact(text).text
    for kept in ("grace.period", "retry.backoff", "logging.level", "docs.python.org"):
        assert kept in result, kept


def _address_of(text: str) -> list[str]:
    return [r.original for r in redact(text).replacements if r.kind is Kind.ADDRESS]


def test_addresses_of_more_formats_go_whole() -> None:
    for text, address in (
        (
            "Envio para Rua da Boavista 88, 3.º Dto., 4050-105 Porto amanhã.",
            "Rua da Boavista 88, 3.º Dto., 4050-105 Porto",
        ),
        (
            "Entrega: Rua Harmonia, 402 - apto 15, Vila Madalena, São Paulo - SP, 05435-000.",
            "Rua Harmonia, 402 - apto 15, Vila Madalena, São Paulo - SP, 05435-000",
        ),
        ("Sede: Via dei Coronari 14, 00186 Roma RM", "Via dei Coronari 14, 00186 Roma RM"),
        (
            "Domicilio: Jr. Ucayali 388, Cercado de Lima 15001",
            "Jr. Ucayali 388, Cercado de Lima 15001",
        ),
        (
            "Cím: 1051 Budapest, Király utca 12. III. em. 7.",
            "1051 Budapest, Király utca 12. III. em. 7.",
        ),
        (
            "Văn phòng: Số 8 Ngõ 12 Phố Hàng Bông, Quận Hoàn Kiếm, Hà Nội",
            "Số 8 Ngõ 12 Phố Hàng Bông, Quận Hoàn Kiếm, Hà Nội",
        ),
    ):
        found = _address_of(text)
        assert any(address in f or (f in address and len(f) >= len(address) - 1) for f in found), (
            text,
            found,
        )


def test_a_letters_dateline_town_and_local_city_names_stay() -> None:
    text = (
        "Cochabamba, 12 de marzo de 2026\n\nSeñores:\n\nYo, Teodoro Mamani, pido la corrección.\n"
        "Canal «SRE Warszawa»: Bartosz Kędzia pisze z Krakowa.\nShe was on leave in Da Nang."
    )
    result = redact(text).text
    for kept in ("Cochabamba, 12 de marzo", "Yo,", "Warszawa", "Da Nang"):
        assert kept in result, (kept, result)
    assert "Teodoro Mamani" not in result


def test_files_given_to_commands_and_hosts_after_a_variable_are_not_mentions() -> None:
    text = (
        "curl -d @payload.json https://api.example.com/v1\n"
        "uri: mongodb+srv://${DB_USER}:${DB_PASS}@cluster-main.ab12c.mongodb.net/app"
    )
    kinds = _kinds(text)
    assert not any(v == Kind.PERSON.value for v in kinds.values()), kinds


def test_a_placeholder_card_holder_is_no_person() -> None:
    text = '{"pan":"4111 1111 1111 1111","holder":"TEST CARD","exp":"12/30"}'
    assert "TEST CARD" in redact(text).text


def test_a_person_noun_in_another_language_before_an_unlisted_full_name() -> None:
    text = "En el registro aparece la paciente Wayta Quispe Condori con dos citas duplicadas."
    assert "Wayta Quispe Condori" not in redact(text).text


def test_surname_comma_given_names_in_capitals_and_log_levels_stay() -> None:
    text = (
        "2026-03-02 WARN rechazo para RUC 20100070970 (titular: FERNÁNDEZ SOTO, CARLOS ALBERTO)\n"
        "levels: ERROR, WARN and INFO, DEBUG are both enabled"
    )
    result = redact(text).text
    assert "FERNÁNDEZ SOTO, CARLOS ALBERTO" not in result
    assert "ERROR, WARN" in result and "INFO, DEBUG" in result


def test_closing_words_in_other_languages_before_a_signature_name() -> None:
    for text in ("> Obrigado, Raimunda\n\nNota interna", "Pozdrawiam,\nGrzegorz\n"):
        result = redact(text).text
        assert "Raimunda" not in result and "Grzegorz" not in result, result
        assert "Obrigado" in result or "Pozdrawiam" in result


def test_in_game_names_and_json_lists_of_players() -> None:
    text = (
        "Please delete my account (in-game name LunaByteQueen) and my data.\n"
        'body: {"party":["ZeroCool_77","mira.plays"],"mode":"ranked","map":"harbor"}'
    )
    kinds = _kinds(text)
    for handle in ("LunaByteQueen", "ZeroCool_77", "mira.plays"):
        assert kinds.get(handle) == Kind.PERSON.value, handle
    assert "ranked" in redact(text).text
