"""Postal addresses and identity numbers (passports, national ids, tax and social-security
numbers, driver's licences).

Addresses are anchored on a street: a house number before an English street type ("42
Larkspur Lane", "1600 Amphitheatre Pkwy"), a street word before the name in Romance, Slavic
and other languages ("Calle de Alcalá 187", "rue de la République", "ul. Marszałkowska 84"),
or a German/Dutch/Nordic compound ("Kruppstraße 121"). The address then grows over the
comma-separated parts that follow while they look like flat numbers, districts, postcodes,
towns, states and countries, so the postcode and town go with it.

Identity numbers have no common shape, so they need a word that says what they are
("passport no.", "DNI", "PESEL", "SSN" …) a few words before them; a few formats are
distinctive enough alone (US SSN 123-45-6789, Brazilian CPF, Mexican CURP, Indian PAN).
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TypeVar

from hindsight.share.redact import Kind, Span

_L = r"[^\W\d_]"  # a letter of any script
_CAP = rf"(?:[A-ZÀ-ÞĀ-ŽА-ЯЁΑ-ΩΆ-Ώ]{_L}*(?:['’\-]{_L}+)*)"
STREET_TYPES_AFTER = (
    r"street|st|road|rd|avenue|ave|av|lane|ln|drive|dr|boulevard|blvd|parkway|pkwy|way|court|"
    r"ct|place|pl|terrace|ter|close|crescent|cres|highway|hwy|square|sq|row|mews|grove|gardens|"
    r"gdns|walk|hill|circle|cir|trail|trl|plaza|alley|broadway|esplanade|quay|wharf|parade|"
    r"loop|point|pike|circuit|heights|view|green|park|crossing|commons|estate|embankment|marg|salai"
)
STREET_WORDS_BEFORE = (
    r"calle|c/|avenida|avda\.?|av\.|avenue|rua|r\.|rue|boulevard|bd|bvd|allée|chemin|impasse|quai|"
    r"route|cours|square|"
    r"place|via|viale|piazza|corso|largo|vicolo|plaza|paseo|pg\.|passeig|carrer|travessa|"
    r"praça|ul\.|ulica|al\.|aleja|os\.|pl\.|utca|út|calea|strada|str\.|bulevardul|ulitsa|"
    r"prospekt|sokak|sokağı|caddesi|cad\.|cd\.|mahallesi|odos|rruga|ulice|trg|cesta|plac|"
    r"aleje|rynek|skwer|náměstí|nám\.|piazzale|rambla|ronda|travesía|camino|carretera|alameda|"
    r"estrada|largo|beco|viela|jalan|jl\.|ул\.|улица|пр\.|проспект|пер\.|переулок|наб\.|"
    r"бульвар|шоссе|пл\.|площадь|вул\.|вулиця|οδός|οδ\.|λεωφόρος|λεωφ\.|jr\.|jirón|jiron|"
    r"psje\.|pasaje|prolongación|mz\.|manzana|calzada|calz\.|circuito|cto\.|privada|priv\.|"
    r"cerrada|andador|bulevar|blvd\.?|p\.zza|p\.za|v\.le|c\.so|l\.go|v\.lo|"
    # round 23: Catalan "avinguda", Papiamento "kaya", Maltese "triq", Romanian "bd.", the
    # Croatian and Bosnian locative "u ulici"
    r"avinguda|avgda\.|kaya|triq|bd\.|ulici|mtaa\s+wa|barabara\s+ya"
)
STREET_COMPOUND = (
    r"straße|strasse|str\.|weg|gasse|platz|allee|damm|ring|ufer|chaussee|steig|pfad|"
    r"straat|laan|gracht|kade|plein|singel|dreef|vej|gade|gatan|vägen|gata|veien|gate|"
    r"katu|tie|utca|ulica"
)
HOUSE = (
    r"\d{1,5}[A-Za-z]?(?:[\-/]\d{1,5}[A-Za-z]?)?(?:/\d{1,3}[A-Za-z]?)?"  # "88/3/14": stair, door
)
ENGLISH_STREET = re.compile(
    rf"(?<![\w\-/.:]){HOUSE},?\s+(?:{_CAP}\s+){{0,3}}{_CAP}\s+(?i:{STREET_TYPES_AFTER})\.?(?!\w)"
    r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)(?![\w]))?"
)
ROMANCE_STREET = re.compile(
    rf"(?<![\w])(?!via\s)(?i:{STREET_WORDS_BEFORE})\s*(?:(?:de|del|de la|de los|das|dos|da|do|di|della|"
    rf"dei|degli|delle|dello|dal|du|des|de l'|la|le|les|al|el)\s+)*(?:{_CAP}|\d{{1,2}}\s+de\s+{_CAP})"
    rf"(?:\s+(?:(?:de|del|la|da|do|dos|di|della|du|des|y|e|i|od)\s+)?{_CAP}){{0,4}},?\s+(?:nº\s*|nr\.?\s*|n\.?\s*|#\s*)?{HOUSE}"
)
ROMANCE_STREET_NUMBER_FIRST = re.compile(
    rf"(?<![\w\-/.:])(?<!\d )(?<!\d-){HOUSE},?\s+(?i:{STREET_WORDS_BEFORE})\s+(?:(?:de|del|de la|du|des|de l'|"
    rf"la|le|les|da|do|di|della)\s+|[dl]['’])*{_CAP}(?:\s+{_CAP}){{0,3}}"
)
# Hungarian, Turkish, Nordic and Dutch street words written apart from the name:
# "Váci utca 18", "İstiklal Caddesi No: 45", "Nørre Voldgade 12".
NAME_THEN_STREET = re.compile(
    rf"(?<![\w])(?:{_CAP}(?:\s+{_CAP}){{0,2}}|\d{{1,5}}\.)\s+(?i:utca|u\.|tér|út|útja|körút|caddesi|cad\.|"
    rf"sokak|sokağı|sk\.|sok\.|cd\.|bulvarı|vej|gade|gata|gatan|gate|gaten|vei|veien|plass|vägen|katu|tie|"
    rf"straat|laan|weg|ulica|cesta|g\.|gatvė|al\.|pr\.|iela|bulvāris|gatve|tn\.?|tänav|mnt\.?|maantee|pst\.?|puiestee|"
    rf"strasse|straße|str\.|gasse|allee|platz)\s+(?:(?i:no)[:.]?\s*)?{HOUSE}(?![\w])"
)
_TOWN_WORD = r"[A-ZÀ-ÞĀ-ŽĐƠƯẠ-Ỹ][a-zà-ÿā-žßơưạ-ỹ'’]+(?:-[A-ZÀ-ÞĀ-Ž]?[a-zà-ÿā-žßơưạ-ỹ'’]+)*(?![\w])"
# Japanese block addresses: "1-2-3 Shibuya, Shibuya-ku", "5 Chome-2-1 Ginza, Chuo City".
# Singapore/Malaysia blocks and Gulf/South Asian numbered streets: "Blk 123 Toa Payoh Lorong 1",
# "Villa 14, Street 23", "No. 42, 3rd Cross"
NUMBERED_STREET = re.compile(
    # Colombian grid addresses: "Carrera 7 # 71-21", "Calle 26 No. 13-19"
    rf"(?<![\w])(?:(?i:carrera|cra\.?|calle|cl\.?|avenida|diagonal|transversal|tv\.?|dg\.?)\s+"
    rf"\d{{1,3}}[A-Z]?(?:\s+(?:bis|(?i:sur|norte|este|oeste)|[A-Z]))*\s*(?:#|(?i:no\.?)|N[°º])\s*\d{{1,3}}[A-Z]?-\d{{1,3}}|"
    rf"(?i:blk|block)\s+\d{{1,4}}[A-Z]?\s+{_CAP}(?:\s+{_CAP}){{0,3}}(?:\s+\d{{1,3}})?|"
    rf"(?i:villa|house|building|bldg\.?|plot|no\.?)\s*\d{{1,5}}[A-Z]?,\s+(?:(?i:street|st\.?|road|"
    rf"rd\.?|lane|sector|block|area|zone)\s+\d{{1,4}}[A-Za-z]?|\d{{1,3}}(?:st|nd|rd|th)\s+{_CAP}(?:\s+{_CAP})?)|"
    # round 23: a lot, plot or house in a neighbourhood, as West and Central African addresses
    # are written ("Lot 45, Cocody Riviera 3", "carré 1234, Cotonou"); a Malagasy lot
    # ("Lot II M 45 Bis Antanimena")
    rf"(?i:lot|lote|plot|parcelle|carré|villa|house)\s*(?:n[°º]\s*)?\d{{1,5}}[A-Z]?,\s+"
    rf"(?:(?i:quartier|cité|zone|area|sector|block)\s+)?{_CAP}(?:\s+{_CAP}){{0,3}}(?:\s+\d{{1,3}})?|"
    rf"(?i:lot)\s+[IVX]{{1,4}}\s?[A-Z]{{0,2}}\s?\d{{1,4}}(?:\s?(?i:bis|ter))?(?:\s+{_CAP})?)(?![\w])"
)
# Vietnamese addresses: "Số 12 Ngõ 45 Phố Huế", "25 Đường Lê Lợi", "Số 7 Hẻm 12 đường Trần Phú"
VIETNAMESE_STREET = re.compile(
    rf"(?<![\w])(?:(?i:số)[ \t]+)?\d{{1,4}}[A-Z]?(?:/\d{{1,4}})?[ \t]+"
    rf"(?:(?i:ngõ|ngách|hẻm|kiệt)[ \t]+\d{{1,4}}[A-Z]?(?:/\d{{1,4}})?[ \t]+)*"
    rf"(?i:phố|đường|đ\.)[ \t]+{_TOWN_WORD}(?:[ \t]+{_TOWN_WORD}){{0,4}}"
)
# Vietnamese addresses by their ward and district: "27 đường số 9, KDC Him Lam, Phường Tân
# Hưng, Quận 7, TP.HCM", "Ấp 3, Xã Tân Thạnh Đông, Huyện Củ Chi, TP. Hồ Chí Minh"
_VN_NAME = r"(?:\d{1,3}|[A-ZĐ][^\W\d_]*(?:[ \t][A-ZĐ][^\W\d_]*){0,3})"
VIETNAMESE_ADDRESS = re.compile(
    rf"(?<![\w/])(?:(?:(?i:số)[ \t]+)?\d{{1,4}}[A-Z]?(?:/\d{{1,4}}[A-Z]?)*[ \t]+[^,\n\"]{{2,40}}?"
    rf"|(?:Ấp|Thôn|Xóm|Khu phố|Tổ)[ \t]+[^,\n\"]{{1,25}}?)"
    rf"(?:,[ \t]*[^,\n\"]{{2,30}}?){{0,2}},[ \t]*(?:Phường|P\.|Xã|Thị trấn)[ \t]*{_VN_NAME},[ \t]*"
    rf"(?:Quận|Q\.|Huyện|Thị xã|TX\.|Thành phố|TP\.)[ \t]*{_VN_NAME}"
    rf"(?:,[ \t]*(?:TP\.?[ \t]*|Thành phố[ \t]+|Tỉnh[ \t]+)?(?:[A-ZĐ][^\W\d_]*(?:[ \t][A-ZĐ][^\W\d_]*){{0,3}}))?"
)
# Korean road addresses: "서울특별시 강남구 테헤란로 152, 12층"; Chinese: "北京市朝阳区建国路88号"
HANGUL_ADDRESS = re.compile(
    r"(?:[가-힣]+(?:특별시|광역시|특별자치시|도|시)\s+)?[가-힣]+(?:구|군|시)\s+[가-힣0-9]+(?:로|길)"
    r"\s*\d{1,5}(?:-\d{1,4})?(?:,?\s*\d{1,3}층)?(?:\s*\d{1,4}호)?(?:[ \t]*\(\d{5}\))?"
)
# Japanese addresses in kanji: "東京都渋谷区渋谷2-21-1", "〒150-0002 東京都渋谷区渋谷2丁目21-1"
JAPANESE_KANJI_ADDRESS = re.compile(
    r"(?:〒\s?\d{3}-\d{4}\s*)?[\u4e00-\u9fff]{1,3}[都道府県][\u4e00-\u9fff]{1,6}[区市町村郡]"
    r"[\u4e00-\u9fff\u3040-\u30ff]{0,8}\d{1,4}(?:(?:丁目|番地?|号|[-ー−の])\d{0,4}){1,4}"
)
# simplified and traditional (Taiwan, Hong Kong): "北京市朝阳区建国路88号", "807高雄市三民區建工路415號",
# "台北市大安區復興南路一段390號3樓" — a postcode, a road's section (一段), lane and alley numbers
HAN_ADDRESS = re.compile(
    r"(?:\d{3,6})?[\u4e00-\u9fff]{2,8}(?:省|市|縣)[\u4e00-\u9fff]{0,12}(?:区|區|县|縣|市|鄉|鎮)"
    r"[\u4e00-\u9fff0-9]{1,20}?(?:路|街|道|巷)(?:[一二三四五六七八九十]段)?"
    r"(?:\d{1,4}[巷弄])*\d{1,5}[号號](?:之\d{1,3})?"
    r"(?:[\u4e00-\u9fff0-9\-]{0,12}室|\d{1,3}(?:樓|楼|层|層|F)(?:之\d{1,3})?)?"
)
JAPANESE_BLOCK = re.compile(
    rf"(?<![\w\-])(?!\d{{4}}-\d\d-\d\d)\d{{1,3}}(?:[ \t]*Chome)?(?:-\d{{1,4}}){{1,3}}[ \t]+"
    rf"{_TOWN_WORD},[ \t]*{_TOWN_WORD}(?:[\- ](?:ku|shi|cho|machi|gun|City|Ward))"
)
UNIT_BEFORE = re.compile(
    rf"(?:(?:(?i:flat|apt\.?|apartment|unit|suite|villa|house|building|bldg\.?)\s+\w{{1,5}}"
    # a floor first: "3rd Floor, 80 Feet Road", "Tầng 9, 26 Nguyễn Văn Linh", "Level 12, 1 Martin Pl"
    rf"|\d{{1,3}}(?:st|nd|rd|th)[ \t]+(?i:floor)|(?i:floor|level|tầng|lầu)[ \t]+\d{{1,3}}),?\s+"
    rf"(?:{_CAP}(?:\s+{_CAP}){{0,2}},\s+)?|(?i:no\.?)\s*"
    # round 23: "House 45, Samora Machel Avenue", "Calle 50, Edificio Global Plaza"
    rf"|(?i:house|villa|plot|lot|calle|carrera|avenida|rue|via|street|road)[ \t]+"
    # the neighbourhood first: "Col. Escalón, Calle El Mirador #4521", "Brgy. Poblacion, …"
    rf"|(?i:col\.|colonia|barrio|bairro|quartier|brgy\.|barangay|urb\.|urbanizaci[óo]n)[ \t]+"
    rf"{_CAP}(?:[ \t]+{_CAP}){{0,2}},[ \t]+)$"
)
POSTCODE_TOWN_BEFORE = re.compile(rf"(?<![\w\-.])\d{{4,5}}[ \t]+{_TOWN_WORD},[ \t]*$")
COMPOUND_STREET = re.compile(
    rf"(?<![\w])(?:[A-ZÀ-ÞĀ-Ž]{_L}*(?:er|e|es|en)\s+)?[A-ZÀ-ÞĀ-Ž]{_L}*(?i:{STREET_COMPOUND})\s+{HOUSE}(?!\w)"
)
# The parts after a street: "3º B", "m. 15", "Bela Vista", "São Paulo - SP", "01310-200",
# "Bristol BS8 1TH", "CA 94043", "Surry Hills NSW 2010", "Portugal".
POSTCODE = (
    r"(?:(?:LT|LV|MD|AD|FO|EE|HR|BA|ME|MC|SM|LI|BB|BE|KY|CY|SI)-?\d{3,5}|\d{4}-\d{3}|\d{5}-\d{3,4}|\d{6}|[A-Z]\d{4}[A-Z]{3}|\d{3}-\d{4}|\d{2}-\d{3}|\d{3}\s\d{2}|\d{5}|"
    r"\d{4}(?:\s?[A-Z]{2}(?![\w]))?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)"
    r"(?![\w\-])"
)
# a town may be "Kadıköy/İstanbul", "Polanco V Secc", "Al Barsha 2"
_TOWN_PART = rf"(?:{_TOWN_WORD}(?:/{_TOWN_WORD})?|[IVX]{{1,4}}(?![\w]))"
# "Madrid on Friday", "Oslo in March": a day or a month after a particle is no part of the town
NOT_AFTER_PARTICLE = (
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)(?![\w]))"
)
TOWN = (
    rf"(?:(?:St|Ste|Mt)\.[ \t]+)?{_TOWN_WORD}(?:/{_TOWN_WORD})?(?:[ \t]+(?:(?:am|an|der|de|sur|upon|on|del|da|do|im|in)"
    rf"[ \t]+{NOT_AFTER_PARTICLE})?{_TOWN_PART}){{0,3}}(?:[ \t]+(?:\d{{1,2}}|[NSKVCØ]|[NS][VØ])(?![\w\-.,]\d|\w))?"
)
# flats, floors and doors: "apto 72", "4º B", "3r 2a", "piso 6 B", "m. 15", "#08-456", "D:6"
UNIT = (
    r"(?i:apto\.?|apt\.?|apartment|flat|suite|unit|m\.|lok\.|piso|puerta|esc\.|floor|dpto\.?|"
    r"depto\.?|app\.?|appartement|whg\.?|etage|étage|bloco|bloque|blk|block|villa|d|daire|kat|"
    r"oficina|of\.|int\.|interior|torre|cj\.|conj\.|sala|lgh\.?|scala|interno|int|"
    r"ap\.|casa|edificio|кв\.|корп\.|porte|bt)"
    r"(?![\w])[ \t]*[:.#]?[ \t]*\d{1,5}[A-Za-z]?(?:[ \t]+[A-Z](?![\w]))?|#\d{1,3}-\d{1,5}|"
    r"\d{1,2}(?:r|n|t|er|e|o|a)[ \t]+\d{1,2}(?:a|ª|º|o)(?![\w])|"
    # Indian localities: "Koramangala 4th Block", "2nd Stage", "5th Cross", "Sector 62"
    r"\d{1,2}(?:st|nd|rd|th)[ \t]+(?i:block|stage|phase|cross|main)(?![\w])|"
    r"(?i:sector|phase)[ \t]+\d{1,3}[A-Z]?(?![\w])|"
    r"(?:\d{1,2}\.|st\.)[ \t]*(?i:th|tv|mf|sal)\.?(?![\w])"  # Danish floor and side: "2. tv"
)
ADDRESS_PART = re.compile(
    rf"[ \t]*(?:,|[\-–](?=[ \t])|\.(?=[ \t]+(?:[IVX]{{1,4}}\.[ \t]*)?(?i:em\.|emelet|fszt)))?[ \t]*(?:{UNIT}|(?:{POSTCODE})(?:[ \t]+(?:{TOWN}|[A-Z]{{2,4}}(?![\w])))?"
    rf"(?:[ \t]+[A-Z]{{2}}(?![\w]))?|"
    rf"(?i:col\.|colonia|bairro|barrio|district|quartier|no:?|quận|huyện|phường|xã|thị xã)\s*"
    rf"(?:{TOWN}|\d{{1,5}})|"
    rf"{TOWN}(?:\s*-\s*[A-Z]{{2}})?"
    rf"(?:\s+(?:[A-Z]{{2,3}}\s+)?(?:{POSTCODE}))?|"
    rf"\d{{1,3}}\.?\s*[ºª°]\s*(?:[A-Z](?![\w])|(?i:izquierda|derecha|izq(?:da)?|dcha|der|dr|esq|dto|frente|fte)(?![\w])\.?|{_TOWN_WORD})?|"
    rf"(?:[IVX]{{1,4}}\.|\d{{1,2}}\.)?[ \t]*(?i:em\.|emelet|fszt\.|ajtó)[ \t]*(?:\d{{1,3}}\.?)?|"
    rf"[A-Z]{{2}}\s+(?:{POSTCODE}))"
)
NOT_A_PLACE = re.compile(
    r"^\s*,?\s*(?:and|or|the|who|which|was|were|is|are|(?i:tel|phone|mobile|fax|email|e-mail|"
    r"carte|card|pesel|dni|ssn|passport|signed|asked|his|her|their|our|contact))\b"
)


def _extend(text: str, end: int, limit: int = 5) -> int:
    """Grow an address over the comma-separated parts that follow it."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    for _ in range(limit):
        match = ADDRESS_PART.match(text, end, line_end)  # an address ends with its line
        if match is None or NOT_A_PLACE.match(match.group()):
            break
        if not re.search(r"\w", match.group()):
            break
        end = match.end()
    return end


# "Address: …", "lives at …", "ship to …": what follows, up to the end of the sentence,
# when it has a house number and a town or postcode part.
ADDRESS_CUE = re.compile(
    r"(?i)\b(?:(?:home|postal|mailing|street|delivery|billing|shipping|registered)\s+address|"
    r"address|adresse|lieferadresse|anschrift|dirección|direccion|domicilio|indirizzo|"
    r"endereço|morada|adres|adress|lives at|living at|resides at|residing at|"
    r"ship(?:ped)? to|deliver(?:ed)? to)\s*[:\-–]?\s*"
)
CUED_ADDRESS = re.compile(
    rf"(?:(?i:no\.?)\s*)?{HOUSE}[ ,]+[^\n,.;()\[\]]{{3,50}}(?:,[ ]*[^\n,;()\[\]]{{2,40}}?){{1,3}}"
    rf"(?=[.;)\n]\s|[.;)]?$|\s+(?:and|was|is|for|but|which|who)\b|"
    rf"\s+(?:at|on|by|since|until|before|after)\s+\d)"
)


def _cued_addresses(text: str) -> Iterator[Span]:
    for cue in ADDRESS_CUE.finditer(text):
        match = CUED_ADDRESS.match(text, cue.end())
        if match is None:
            continue
        value = match.group().rstrip(" ,")
        if not re.search(rf"(?:{POSTCODE})\b|,\s*{_TOWN_WORD}", value):
            continue
        yield Span(
            match.start(),
            match.start() + len(value),
            Kind.ADDRESS,
            "address-cued",
            value.lower(),
            confidence=0.85,
        )


def address_spans(text: str) -> Iterator[Span]:
    yield from _cued_addresses(text)
    for rule, regex in (
        ("address-street", ENGLISH_STREET),
        ("address-street", ROMANCE_STREET),
        ("address-street", ROMANCE_STREET_NUMBER_FIRST),
        ("address-street", COMPOUND_STREET),
        ("address-street", NAME_THEN_STREET),
        ("address-block", JAPANESE_BLOCK),
        ("address-street", NUMBERED_STREET),
        ("address-street", HANGUL_ADDRESS),
        ("address-street", VIETNAMESE_STREET),
        ("address-street", VIETNAMESE_ADDRESS),
        ("address-street", HAN_ADDRESS),
        ("address-street", JAPANESE_KANJI_ADDRESS),
    ):
        for match in regex.finditer(text):
            end = _extend(text, match.end())
            start = match.start()
            unit = UNIT_BEFORE.search(text, max(0, start - 60), start)
            if unit is not None:
                start = unit.start()
            town = POSTCODE_TOWN_BEFORE.search(text, max(0, start - 50), start)
            if town is not None:  # "1062 Budapest, Andrássy út 61": the town written first
                start = town.start()
            value = text[start:end].rstrip(" ,-")
            has_more = end > match.end()
            confidence = 0.95 if has_more else 0.8
            yield Span(
                start, start + len(value), Kind.ADDRESS, rule, value.lower(), confidence=confidence
            )


# --- identity numbers ---------------------------------------------------------------------

ID_WORDS = (
    r"passport(?:\s+(?:no\.?|number|nr\.?|num(?:ber)?|#|id))?|passeport|pasaporte|passaporto|"
    r"reisepass(?:nummer|nr\.?)?|paszport|paspoort(?:nummer)?|passaporte|passnummer|ausweis(?:nummer)?|"
    r"旅券番号|旅券|여권번호|여권|护照号码?|burgerservicenummer|sofi-?nummer|identiteitskaart|"
    r"rijbewijs(?:nummer)?|führerschein(?:nummer)?|permis\s+de\s+conduire|carnet|"
    r"num[ée]ro\s+(?:fiscal|d'identification|d'identité|d'assurance\s+sociale)|personalausweisnr\.?|"
    r"documento(?:\s+de\s+identidad)?|n[uú]mero\s+de\s+documento|citizen\s+card|"
    r"tax\s+(?:file\s+)?number|social\s+insurance(?:\s+(?:no\.?|number))?|"
    r"kimlik\s+numaras[ıi]|identity\s+no\.?|cuil|cuit|nss|dui|nid|cin|inn|инн|снилс|"
    r"паспорт(?:а)?|серия\s+и\s+номер|hộ\s+chiếu|cccd|cmnd|sss|umid|philhealth|kra\s+pin|"
    r"ghana\s+card|carta\s+d'identit[àa]|n[uú]mero\s+de\s+identificaci[óo]n|"
    r"identificaci[óo]n\s+oficial|c[ée]dula\s+de\s+ciudadan[ií]a|"
    r"national\s+id(?:entity)?(?:\s+card)?(?:\s+(?:no\.?|number))?|"
    r"id\s+card(?:\s+(?:no\.?|number))?|identity\s+(?:card|number|document)(?:\s+(?:no\.?|number))?|"
    r"personalausweis(?:es|nummer)?|carte\s+d'identit[ée]|cni|dni|nie|nif|cif|steuer-?id|"
    r"steueridentifikationsnummer|tax\s+id(?:entification)?(?:\s+(?:no\.?|number))?|tin|itin|"
    r"ein|ssn|social\s+security(?:\s+(?:no\.?|number))?|sozialversicherungsnummer|"
    r"(?:num[ée]ro\s+de\s+)?s[ée]curit[ée]\s+sociale|nir|tfn|abn|ppsn?|bvn|nin|ird|nhi|"
    r"mykad|jmbg|ahv(?:-nr\.?)?|avs|svnr|insz|rijksregisternummer|kennitala|isikukood|tckn|"
    r"resident\s+id(?:entity)?(?:\s+(?:card|no\.?|number))?|id\s+(?:no\.?|number)|"
    r"document\s+(?:no\.?|number)|identification\s+(?:no\.?|number)|身份证(?:号码?)?|"
    r"주민등록번호|외국인등록번호|マイナンバー|個人番号|insee|codice\s+fiscale|aadhaar|aadhar|pan|"
    r"cpf|cnpj|rg|curp|rfc|sin|nino|national\s+insurance(?:\s+(?:no\.?|number))?|bsn|"
    r"pesel|nip|regon|personnummer|personnr|f[øo]dselsnummer|cpr(?:-?nummer)?|henkilötunnus|hetu|"
    r"rodné\s+číslo|emso|egn|cnp|oib|amka|afm|tc\s+kimlik(?:\s+no)?|kimlik|nric|fin|hkid|"
    r"emirates\s+id|iqama|my\s*number|mynumber|resident\s+registration(?:\s+number)?|rrn|"
    r"driver'?s?\s+licen[cs]e(?:\s+(?:no\.?|number))?|driving\s+licen[cs]e(?:\s+(?:no\.?|number))?|"
    r"licen[cs]e\s+(?:no\.?|number)|dl\s+(?:no\.?|number)|medicare(?:\s+(?:no\.?|number))?|"
    r"nhs\s+(?:no\.?|number)|health\s+insurance\s+(?:no\.?|number)|voter\s+id|ktp|nik|cédula|"
    r"cedula|rut|run|dpi|cui|ci|teudat\s+zehut|mispar\s+zehut|sv-?nr\.?|vsnr|"
    r"versicherungsnummer|nuban|clabe|cbu|kontonummer|rekeningnummer|"
    r"bank\s+account(?:\s+(?:no\.?|number))?|n[uú]mero\s+de\s+(?:cuenta|conta)|"
    r"num[ée]ro\s+de\s+compte|conto\s+corrente|cnic|nicop|steuernummer|utr|niss|nit|ruc|nuss|"
    r"n[uú]mero\s+de\s+(?:la\s+)?seguridad\s+social|ic\s+(?:no\.?|number)|qid|civil\s+id|"
    r"رقم\s+الهوية|الرقم\s+الوطني|иин|рнокпп|іпн|npwp|chi\s+(?:no\.?|number)|asmens\s+kodas|"
    r"personas\s+kods|huduma(?:\s+namba)?|clave\s+de\s+elector|ine|rib|"
    # health-plan members, bank accounts written short, and the Turkish and Nordic passport
    r"member(?:\s+id|\s+(?:no\.?|number))?|memberid|subscriber(?:\s+id)?|subscriberid|"
    r"policy\s+(?:no\.?|number)|mrn|acct|a/c|account\s+(?:no\.?|number|#)|account(?=\s*:)|"
    r"pasaport|passi|patente(?:\s+di\s+guida)?|num[ée]ro\s+de\s+permis|"
    # more schemes by their own names: North Macedonia's EMBG and EDB, Albania's NIPT/NUIS,
    # Tanzania's NIDA, the Philippines' PhilSys (PSN) and Pag-IBIG, Australia's Centrelink CRN,
    # Morocco's ICE and CNSS, the Faroes' P-tal, students' numbers; "personal number" in
    # Albanian and Georgian, "national code" in Persian, "national card" in Arabic
    r"embg|ембг|јмбг|edb|едб|nipt|nuis|nida|philsys(?:\s+(?:no\.?|number))?|psn|"
    r"pag-?ibig(?:\s+mid)?|crn|ice|cnss|p-?tal|student\s+(?:no\.?|number|id)|"
    r"rhif\s+myfyriwr|matrikelnummer|numri\s+personal|personal\s+no\.?|"
    r"პირადი\s+ნომერი|کد\s+ملی|شماره\s+ملی|(?:رقم\s+)?(?:ال|لل|بال)بطاقة\s+الوطنية(?:\s+رقم)?|"
    # Russia's SNILS written in Latin letters, Belarus's UNP, Kyrgyzstan's PIN and Mongolia's
    # register number in Cyrillic, "national code", a register number, Tanzania's NSSF, a social
    # card (Armenia), a driver's licence cut short (DRIVER_LIC), Albanian "Nr. personal"
    r"snils|унп|unp|пин|регистрийн\s+дугаар|рд|national\s+code|register\s+(?:no\.?|nr\.?|number)|"
    r"nssf|soc(?:ial)?\s+card|driver\s+lic|nr\.?\s+personal|id\s+doc|sv-?nummer|c\.i\.|"
    # India's health account number (also as a JSON key, "abhaNumber") and Aadhaar in Devanagari
    r"abha\s*(?:no\.?|number|num)?|आधार(?:\s+(?:नंबर|संख्या))?|"
    # Norway's "fnr", Vietnam's CCCD, the Ghana Card, Swahili "kitambulisho", a US provider's
    # NPI, a Canadian personal health number, "personal number"
    r"fnr|cccd|so\s+cccd|ghana\s*card(?:\s+(?:no\.?|number))?|kitambulisho|npi|phn|"
    r"health\s*(?:card\s*)?(?:no\.?|number)|personal\s+number|vkn|"
    r"(?:income\s+)?tax\s+ref(?:erence)?(?:\s+(?:no\.?|number))?|"
    # Vietnam's citizen identity card and its predecessor, Afghanistan's tazkira, Ethiopia's
    # Fayda national id (in Ethiopic a prefix may be joined to it: "የፋይዳ"). The tazkira only
    # with the Persian kaf: Arabic "تذكرة" is a ticket
    r"căn\s+cước(?:\s+công\s+dân)?|chứng\s+minh(?:\s+nhân\s+dân)?|tazkira|tazkera|تذکره|"
    r"fayda|ፋይዳ|"
    # round 22: Zambia's NRC and TPIN, Pakistan's NTN, Peru's interbank code (CCI) and Chilean
    # and Peruvian account words, Hungary's TAJ and personal tax id, Hungarian and Polish words
    # for a bank account, Bangladesh's national id card in Bengali
    r"nrc(?:\s+no\.?)?|tpin|ntn|cci|cuenta\s+interbancaria|c[óo]digo\s+de\s+cuenta\s+interbancaria|"
    r"cuenta\s+(?:corriente|vista|rut|de\s+ahorros?)|taj(?:\s+sz[áa]m)?|"
    r"ad[óo]azonos[íi]t[óo](?:\s+jel)?|(?:bank)?sz[áa]mlasz[áa]m|nr\s+rachunku|rachunek|nrb|"
    r"jaty[i]?o\s+porichoy\s*potro|জাতীয়\s+পরিচয়\s*পত্র(?:\s+নম্বর)?|এনআইডি(?:\s+নম্বর)?|"
    # round 22, from python-stdnum's list of numbers that name a person whose names no cue read
    # (a company's tax number is public, so those are left out): Cuba's carné / número de
    # identidad, Finland's veronumero, a NIC written with "No."
    r"carn[ée]\s+de\s+identidad|n[úu]mero\s+de\s+identidad|veronumero|nic\s+(?:no\.?|number|nr\.?)|"
    # round 23, the identity papers of countries no earlier rule named, from each scheme's own
    # name (python-stdnum's list, the issuing offices' names): Arabic national, civil and
    # personal numbers, passports and driving licences; the Balkans' identity cards, passports
    # and licences; francophone Africa's CNIB, NNI, NIU, IFU and voter cards, New Caledonia's
    # CAFAT; Lusophone BI; Central America's DIP and driving licences; the Caribbean's NIB, TRN,
    # NIS, BIR and NRN; Rwanda's indangamuntu, Madagascar's karapanondro; Lithuanian, Estonian,
    # Moldovan, Russian, Turkmen and Maltese papers; Andorra's NRT and passaport, San Marino's
    # ISS, Liechtenstein's PEID, Timor's voter card, Curaçao's sedula
    r"رقم\s+التعريف(?:\s+الوطني)?|(?:رقم\s+)?(?:ال)?جواز(?:\s+(?:ال)?سفر)?|kad\s+pengenalan|الرقم\s+المدني|"
    r"الرقم\s+الشخصي|(?:رقم\s+)?البطاقة\s+(?:الشخصية|الموحدة|المدنية)|رقم\s+(?:السجل|القيد)(?:\s+المدني)?|"
    r"بطاقة\s+(?:ال)?هوية|(?:رقم\s+)?رخصة\s+(?:ال)?(?:قيادة|سياقة)|رقم\s+الضمان\s+الاجتماعي|"
    r"civil\s+(?:no\.?|number|card)|"
    r"li[čc]n[ae]\s+kart[ae]|osobn[ae]\s+iskaznic[ae]|putovnic[ae]|paso[šs](?:a)?|"
    r"voza[čc]k[ae]\s+dozvol[ae]|mati[čc]ni\s+broj|"
    r"cnib|nni|niu|ifu|carte\s+d'[ée]lecteur|cafat|num[ée]ro\s+d'identification(?:\s+nationale?)?|"
    r"num[ée]ro\s+personnel\s+d'identification|carte\s+(?:consulaire|de\s+r[ée]sident)|titre\s+de\s+s[ée]jour|"
    r"bi|bilhete\s+de\s+identidade|carta\s+de\s+condu[çc][ãa]o|"
    r"dip|documento\s+de\s+identidad\s+personal|licencia\s+de\s+(?:conducir|conducci[óo]n|manejo)|"
    r"nib|trn|nis|bir|national\s+registration(?:\s+(?:no\.?|number))?|"
    r"indangamuntu|karapanondro|"
    r"paso\s+numeris|pasas|asmens\s+tapatyb[ėe]s\s+(?:kortel[ėe]s?|kort\.)|vairuotojo\s+pa[žz]ym[ėe]jim\w*|"
    r"passi\s+number|id-kaardi(?:\s+number)?|juhiloa(?:\s+number)?|"
    r"idnp|cod\s+personal|buletin(?:\s+de\s+identitate)?|permis\s+de\s+conducere|"
    r"полис(?:\s+омс)?|водительское\s+удостоверение|удостоверени[ея]\s+личности|"
    r"личный\s+номер|идентификационный\s+номер|загранпаспорт|"
    r"pasport|[şs]ahsyýetnama|[şs][əe]xsiyy[əe]t\s+v[əe]siq[əe]si|karta\s+tal-identit[àa]|"
    r"nrt|passaport|iss|peid|kartaun\s+eleitor[áa]l|sedula|"
    # and a bank account's number in the same languages
    r"رقم\s+الحساب(?:\s+البنكي)?|الحساب\s+البنكي|حساب\s+رقم|broj\s+ra[čc]una|[žz]iro\s+ra[čc]un|"
    r"s[ąa]skaitos\s+numeris|s[ąa]skaita|arvelduskonto|kontonumber|nr\.?\s+cont|cont\s+bancar|"
    r"hesap\s+no|nomor\s+rekening|no\.?\s+rek\.?|namba\s+ya\s+akaunti|номер\s+сч[её]та|"
    r"лицевой\s+сч[её]т|рахунок|рахунку|данс(?:ны)?\s+дугаар|"
    # Afrikaans identity, passport and account numbers, Estonian driving licence, Russian
    # "personal code" (Estonia, Latvia), an Arabic card number, work and residence permits
    r"id[\s\-]?nommer|identiteitsnommer|paspoortnommer|rekeningnommer|juhiluba|личный\s+код|"
    r"رقم\s+البطاقة|work\s+permit(?:\s+(?:no\.?|number))?|residence\s+permit(?:\s+(?:no\.?|number))?|"
    # round 25: "national no.", an income tax number, Malaysia's EPF (KWSP) and SOCSO numbers
    r"national\s+(?:no\.?|number)|income\s+tax(?:\s+(?:no\.?|number))?|cukai|kwsp|epf|socso|perkeso"
)
# a field's name may end in a word for "number": ird_number, Führerschein-Nr., SV-Nummer, NSSF Na.
ID_SUFFIX = r"(?:[_\-](?:nr|no|num|number|nummer|code)\.?|[ \t]+na\.)?"
# A licence or registration of a business, not of a person: "trade licence no. CN-4418290".
BUSINESS_BEFORE = re.compile(
    r"(?i)(?:trade|business|company|commercial|operating|liquor|vat|gst|import|export|facility|"
    r"organi[sz]ation|hospital|clinic|practice)[ \t]+$"
)
# words of a cue may be joined as in a record key: tc_kimlik_no, my_number, national-id
_ID_KEY_WORDS = ID_WORDS.replace(r"\s+", r"[\s_\-]+").replace(r"\s*", r"[\s_]*")
# Japanese and Chinese run words together: a cue may follow a kana or a kanji directly
ID_CONTEXT = re.compile(
    rf"(?i)(?<![^\W\u3040-\u30ff\u4e00-\u9fff\u1200-\u137f]|-)(?:{_ID_KEY_WORDS}){ID_SUFFIX}"
    r"(?![\w-]|[가-힣])"
)
# what may stand between the word and the number: "no.", "(e.g.", "number is", "for a US"; an
# aside in brackets, but not the number itself in brackets ("የፋይዳ ቁጥሬን (8378 8730 …)")
ID_GAP = re.compile(
    r"(?i)(?:\s*(?:[:#=№]|(?:no|nr|br|n[°º]|n\.[°º])\.?(?!\w)|(?:broj|numeris|numéro|número|номер)(?!\w)|(?:number|num|is|was|of|the|card|ቁጥ\w*)(?!\w)|"
    r"\((?!(?:\d[ .\-/]?){8,}\))[^()\n]{1,30}\)|\(?e\.g\.?,?|\()\s*){0,4}\s*"
)
# a Hong Kong identity card's check digit is written in brackets: R780790(1); a Mongolian
# register number starts with two Cyrillic capitals: УП94031712
ID_VALUE = re.compile(
    r"(?<![\w.\-])(?:[А-ЯЁӨҮ]{2}(?=\d{8}))?[A-Z0-9]{1,24}(?:[ .\-/][A-Z0-9]{1,12}){0,7}"
    r"(?:\([0-9A]\))?(?![\w\-*]|\.\d)"
)
# formats distinctive enough without a word before them
STANDALONE_IDS = (
    ("us-ssn", re.compile(r"(?<![\w\-.:/])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w\-])"), 0.8),
    ("br-cpf", re.compile(r"(?<![\w.\-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w\-])"), 0.95),
    ("mx-curp", re.compile(r"\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b"), 0.95),
    ("in-pan", re.compile(r"\b[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]\b"), 0.9),
    # an Indian UPI payment address (a bank's handle, no domain) or an ABHA health address
    ("in-upi", re.compile(
        r"(?<![\w.\-@])[A-Za-z0-9][\w.\-]{1,60}@(?:ok(?:hdfcbank|axis|sbi|icici)|ybl|ibl|axl|paytm|"
        r"upi|apl|yapl|fbl|jio|airtel|freecharge|pthdfc|ptaxis|ptsbi|ptyes|wa(?:hdfcbank|axis|sbi|"
        r"icici)|abfspay|ikwik|idfcbank|kotak|hdfcbank|sbi|icici|axisbank|indus|abdm|sbx)(?![\w.\-@])"
    ), 0.9),
)  # fmt: skip
# Korean resident registration number YYMMDD-SNNNNNN (a real birth date, sex digit 1-8)
# Macau's resident identity card (BIR): seven digits and a bracketed check digit, "5215301(2)"
MO_BIR = re.compile(r"(?<![\w\-(])[1578]\d{6}\(\d\)(?![\w\-])")
# a Russian, Kyrgyz or Mongolian bank account after its word: "счёт 40817810938160925712"
CIS_ACCOUNT = re.compile(r"(?i)(?<![\w])(?:сч[её]т|р/с|данс)[ \t:№]*(?P<v>\d{10,20})(?![\w\-])")
KR_RRN = re.compile(r"(?<![\w\-])\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-[1-8]\d{6}(?![\w\-])")
# Chinese resident identity number: region, birth date, sequence, ISO 7064 MOD 11-2 check
CN_RIC = re.compile(
    r"(?<![\w\-])[1-8]\d{5}(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"\d{3}[\dX](?![\w\-])"
)
TRAVEL_DOCUMENT = re.compile(r"(?<![\w/])[PIAC]/[A-Z]{3}/(?P<v>[A-Z0-9]{5,12})/")
# a labelled line: "SIN on file (shown unmasked …): 648 607 562" — the number after the colon
# (within one sentence: "his SIN can be changed. Callback: (867) 525-9749" gives no number)
LABEL_VALUE = re.compile(r"(?:[^\n.!?]|[.!?](?!\s)){0,80}?:[ \t]*")


# formats with a check character, distinctive enough without a label once the check holds
ES_DNI = re.compile(r"(?<![\w\-.])(?:\d{8}|[XYZ]\d{7})-?[A-Z](?![\w\-])")
FR_NIR = re.compile(
    r"(?<![\w\-.])[12] ?\d\d ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d\d|2[AB]) ?\d{3} ?\d{3} ?\d\d"
    r"(?![\w\-])"
)
IT_CODICE_FISCALE = re.compile(r"\b[A-Z]{6}\d\d[A-EHLMPRST]\d\d[A-Z]\d{3}[A-Z]\b")
UK_NINO = re.compile(
    r"(?<![\w\-])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d\d ?\d\d ?\d\d ?"
    r"[A-D](?![\w\-])"
)


def es_dni_ok(value: str) -> bool:
    """The check letter of a Spanish DNI or NIE (X/Y/Z stand for 0/1/2)."""
    compact = value.replace("-", "")
    number = "XYZ".index(compact[0]) if compact[0] in "XYZ" else None
    digits = (str(number) + compact[1:-1]) if number is not None else compact[:-1]
    return "TRWAGMYFPDXBNJZSQVHLCKE"[int(digits) % 23] == compact[-1]


def fr_nir_ok(value: str) -> bool:
    """The two-digit key of a French social-security number (97 - number mod 97)."""
    compact = value.replace(" ", "")
    body = compact[:13].replace("2A", "19").replace("2B", "18")
    return 97 - int(body) % 97 == int(compact[13:])


def cn_ric_ok(value: str) -> bool:
    """The check character of an 18-character Chinese resident identity number."""
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = sum(int(c) * w for c, w in zip(value[:17], weights, strict=True))
    return "10X98765432"[total % 11] == value[17].upper()


def _id_value_ok(value: str) -> bool:
    """A number, or a document code of letters and digits ("MT4NLMTP8", "4806532GA")."""
    digits = sum(c.isdigit() for c in value)
    compact = re.sub(r"[ .\-/]", "", value)
    if not 5 <= len(compact) <= 24 or digits == 0:
        return False
    code = " " not in value and 6 <= len(compact) <= 12 and compact.isupper()
    return (digits >= 3 and digits >= len(compact) // 3) or code


MX_RFC = re.compile(r"[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}")
TICKET_KEY = re.compile(r"[A-Z][A-Z0-9]{1,9}-\d{1,6}")
ISO_TIMESTAMP = re.compile(
    r"(?:19|20)\d\d-[01]\d-[0-3]\d(?:[T ][0-2]\d(?::\d\d){1,2}(?:[.,]\d+)?(?:Z|[+\-]\d\d:?\d\d)?)?"
)


def _inside_timestamp(text: str, start: int, end: int) -> bool:
    for stamp in ISO_TIMESTAMP.finditer(text, max(0, start - 30), min(len(text), end + 30)):
        if stamp.start() <= start and end <= stamp.end():
            return True
    return False


def _labelled_id(text: str, word: str, position: int, opening: int | None = None) -> Span | None:
    """The identity number right after the word (a few words on at most), in the bracket that
    follows it ("her BSN (123456782)"), or after the colon that ends the word's label ("SIN on
    file (…): 648 607 562") when the word cannot be an ordinary one (an acronym in capitals, or
    a longer term: not "run", "pin", "tin")."""
    starts = [position] if opening is None else [opening, position]
    label = LABEL_VALUE.match(text, position)
    distinctive = (word.isupper() and len(word) > 2) or len(word) > 5
    if label is not None and label.end() > position and distinctive:
        starts.append(label.end())
    for begin in starts:
        # allow the number a few words on ("passport number (e.g. 533187942 for a US passport")
        stop = min(
            (i for i in (text.find("|", begin), text.find("\n", begin)) if i >= 0), default=-1
        )
        for candidate in ID_VALUE.finditer(
            text, begin, begin + 60 if stop < 0 else min(stop, begin + 60)
        ):
            if candidate.start() - begin > 14:
                break  # too far from the word that announced it
            if TICKET_KEY.fullmatch(candidate.group()):
                continue  # SEC-311, OPS-7712: a ticket, not a person's number
            if _inside_timestamp(text, candidate.start(), candidate.end()):
                break  # 2026-09-26T09:41: a time stamp (and its parts), not a person's number
            value = candidate.group().rstrip(" .-/")
            if re.fullmatch(r"[A-Z]{2,8}/\d+(?:\.\d+)*", value):
                continue  # "id-card.pdf HTTP/1.1": a protocol's version, not a number
            if _id_value_ok(value) and not re.fullmatch(r"(?:19|20)\d\d", value):
                start = candidate.start()
                return Span(start, start + len(value), Kind.ID, "id-number", value, confidence=0.9)
    return None


LIST_NEXT = re.compile(r"[ \t]*(?:,|;|/|,?[ \t]+(?:and|or|und|et|y|e)[ \t]+)[ \t]*")


def _listed_ids(text: str, first: Span) -> Iterator[Span]:
    """Numbers listed after the first one under the same word: "passport numbers X, Y and Z"."""
    end = first.end
    shape = re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", text[first.start : first.end]))
    for _ in range(5):
        joint = LIST_NEXT.match(text, end)
        value = ID_VALUE.match(text, joint.end()) if joint else None
        if value is None or TICKET_KEY.fullmatch(value.group()):
            return
        found = value.group().rstrip(" .-/")
        if abs(len(found) - len(shape)) > 3 or not _id_value_ok(found):
            return
        if re.search(r"(?:19|20)\d\d-[01]\d-[0-3]\d", found):
            return  # "member X123, DOB 1961-04-12": a birth date, not the next number
        yield Span(value.start(), value.start() + len(found), Kind.ID, "id-number", found, 0.85)
        end = value.start() + len(found)


# Cue words that are also ordinary words ("run #88213", "ein Fehler", "dpi"): they count only
# written as the acronym (RUN, PAN, SIN, NIE).
ACRONYM_ONLY = frozenset(
    [
        "run",
        "rut",
        "pan",
        "sin",
        "tin",
        "fin",
        "ein",
        "nie",
        "ci",
        "dpi",
        "cui",
        "rg",
        "nik",
        "nin",
        "nss",
        "dui",
        "nid",
        "cin",
        "inn",
        "sss",
        "utr",
        "nit",
        "ruc",
        "ine",
        "rib",
        "qid",
        "psn",
        "edb",
        "ice",
        "crn",
        # round 23
        "bi",
        "dip",
        "nib",
        "trn",
        "nis",
        "bir",
        "nni",
        "niu",
        "ifu",
        "iss",
        "nrt",
    ]
)
# acronyms that are also English words: in a table header too they count only in capitals
ENGLISH_ACRONYMS = frozenset(["run", "pan", "sin", "tin", "fin", "ci", "rg", "ine", "ice"])


def _sg_nric_ok(value: str) -> bool:
    """The check letter of a Singapore NRIC/FIN (S, T: citizens; F, G: foreigners)."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(value[1:8], weights, strict=True))
    total += 4 if value[0] in "TG" else 0
    letters = "JZIHGFEDCBA" if value[0] in "ST" else "XWUTRQPNMLK"
    return letters[total % 11] == value[8]


@lru_cache(maxsize=1)
def _checked_ids() -> tuple[tuple[str, re.Pattern[str], Callable[[str], bool], float], ...]:
    """Identity numbers whose shape and check digits (python-stdnum) make them safe to hide
    without a word before them: Swiss AHV, German tax id, Aadhaar, Finnish HETU, Swedish
    personnummer, Belgian national number, Singapore NRIC, Chilean RUT, Malaysian NRIC and
    Pakistani CNIC as written with their hyphens, the Czech and Slovak birth number with its slash; and in a record's field (between ; , | or
    tab) the national numbers of ten to thirteen digits that carry a birth date and a check
    (`record_id_ok`)."""
    from stdnum.be import nn
    from stdnum.ch import ssn
    from stdnum.cl import rut
    from stdnum.cz import rc
    from stdnum.de import idnr
    from stdnum.fi import hetu
    from stdnum.in_ import aadhaar
    from stdnum.my import nric
    from stdnum.pk import cnic
    from stdnum.se import personnummer

    field = r"(?:(?<=[;,|\t])|(?<=[;,|\t] ))\d{10,13}(?= ?[;,|\t])"

    return (
        ("ch-ahv", re.compile(r"(?<![\w.\-])756\.\d{4}\.\d{4}\.\d{2}(?![\w\-]|\.\d)"), ssn.is_valid, 1.0),
        ("de-steuer-id", re.compile(r"(?<![\w\-])(?<!\d )\d{2} \d{3} \d{3} \d{3}(?![\w\-]| \d)"), idnr.is_valid, 0.9),
        # eleven bare digits as a field of a record ("Megan Hunter;10413069867;DE95 …")
        ("de-steuer-id", re.compile(r"(?<=[;,|\t])[ \t]?\d{11}(?=[ \t]?[;,|\t])"), idnr.is_valid, 0.85),
        ("in-aadhaar", re.compile(r"(?<![\w\-])(?<!\d )[2-9]\d{3} \d{4} \d{4}(?![\w\-]| \d)"), aadhaar.is_valid, 0.85),
        ("fi-hetu", re.compile(r"(?<![\w\-])\d{6}[\-+A]\d{3}[0-9A-Y](?![\w\-])"), hetu.is_valid, 0.95),
        ("se-personnummer", re.compile(r"(?<![\w\-])\d{6}[\-+]\d{4}(?![\w\-])"), personnummer.is_valid, 0.85),
        ("be-national-number", re.compile(r"(?<![\w\-.])\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}(?![\w\-]|\.\d)"), nn.is_valid, 0.95),
        ("sg-nric", re.compile(r"\b[STFG]\d{7}[A-Z]\b"), _sg_nric_ok, 0.95),
        ("cl-rut", re.compile(r"(?<![\w.\-])\d{1,2}\.\d{3}\.\d{3}-[\dkK](?![\w\-])"), rut.is_valid, 0.95),
        ("my-nric", re.compile(r"(?<![\w\-])\d{6}-\d{2}-\d{4}(?![\w\-])"), nric.is_valid, 0.9),
        ("pk-cnic", re.compile(r"(?<![\w\-])\d{5}-\d{7}-\d(?![\w\-])"), cnic.is_valid, 0.9),
        # a Czech or Slovak birth number as written, with its slash ("610221/4514")
        ("cz-birth-number", re.compile(r"(?<![\w/\-.])\d{6}/\d{4}(?![\w/\-]|\.\d)"), rc.is_valid, 0.9),
        ("id-in-record", re.compile(field), record_id_ok, 0.85),
        # round 22: a Taiwanese national id (letter, 1 or 2, eight digits, weighted check); a
        # Hungarian giro account (two or three blocks of eight, each block's last digit a
        # 9-7-3-1 check); a Zambian NRC as printed ("305117/10/1"); a Polish account number
        # (NRB: 26 digits whose check is the IBAN's with "PL" before them)
        ("tw-national-id", re.compile(r"(?<![\w\-])[A-Z][12]\d{8}(?![\w\-])"), _taiwan_id_ok, 0.9),
        ("hu-giro-account", re.compile(r"(?<![\w\-])\d{8}-\d{8}(?:-\d{8})?(?![\w\-])"), hu_giro_ok, 0.9),
        ("zm-nrc", re.compile(r"(?<![\w/\-.])\d{6}/\d{2}/[1-3](?![\w/\-]|\.\d)"), _always, 0.85),
        ("pl-nrb", re.compile(r"(?<![\w\-])\d{2}(?: ?\d{4}){6}(?![\w\-]| \d)"), pl_nrb_ok, 0.9),
        # round 23: the former Yugoslav master citizen number (JMBG; EMŠO in Slovenia), still
        # the personal number of Bosnia, Montenegro, Serbia and North Macedonia: a birth date
        # (DDMMYYY), a region, a serial and a mod-11 check
        ("yu-jmbg", re.compile(r"(?<![\w\-.])\d{13}(?![\w\-]|\.\d)"), jmbg_ok, 0.85),
        # the Estonian isikukood and the Lithuanian asmens kodas (one scheme: sex and century,
        # YYMMDD, a serial, a two-pass mod-11 check), born in the 1900s or 2000s
        ("baltic-personal-code", re.compile(r"(?<![\w\-.])[3-6]\d{10}(?![\w\-]|\.\d)"), baltic_code_ok, 0.85),
        # Kyrgyzstan's personal number (ПИН/ИНН): sex, DDMMYYYY of birth, five digits
        ("kg-pin", re.compile(r"(?<![\w\-.])[12]\d{13}(?![\w\-]|\.\d)"), kg_pin_ok, 0.8),
        # Mongolia's register number: two Cyrillic letters (the place of registration), YYMMDD
        # (a month past 20 for those born from 2000) and two digits
        ("mn-register", re.compile(r"(?<![\w])[А-ЯЁӨҮ]{2}\d{8}(?![\w])"), mn_register_ok, 0.9),
    )  # fmt: skip


def baltic_code_ok(value: str) -> bool:
    from stdnum.ee import ik

    return ik.is_valid(value)


def _real_birth_date(year: int, month: int, day: int) -> bool:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1910, 1, 1) <= born <= datetime.date.today()


def kg_pin_ok(value: str) -> bool:
    return _real_birth_date(int(value[5:9]), int(value[3:5]), int(value[1:3]))


def mn_register_ok(value: str) -> bool:
    year, month, day = int(value[2:4]), int(value[4:6]), int(value[6:8])
    if month > 20:
        return _real_birth_date(2000 + year, month - 20, day)
    return _real_birth_date(1900 + year, month, day)


def jmbg_ok(value: str) -> bool:
    """A JMBG whose birth year is a real one (1900 to this decade) and whose check holds."""
    from stdnum.si import emso

    year = int(value[4:7])
    return (year >= 900 or year <= 30) and emso.is_valid(value)


def _always(value: str) -> bool:
    return True


def _taiwan_id_ok(value: str) -> bool:
    from hindsight.share.redact_national_ids import taiwan_id_valid

    return taiwan_id_valid(value)


def hu_giro_ok(value: str) -> bool:
    """A Hungarian domestic account (giro) number: 2×8 or 3×8 digits; the first block (bank and
    branch) and the rest each end in a check digit, weights 9, 7, 3, 1 repeated, sum ≡ 0 mod 10.
    An all-zero third block is common ("…-00000000") and passes."""
    blocks = value.split("-")
    first, rest = blocks[0], "".join(blocks[1:])
    if len(set(value.replace("-", ""))) < 3:
        return False  # "11111111-11111111": a placeholder

    def ok(digits: str) -> bool:
        weights = (9, 7, 3, 1) * 6
        return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 10 == 0

    return ok(first) and ok(rest)


def pl_nrb_ok(value: str) -> bool:
    """A Polish NRB: 26 digits that pass the IBAN check with "PL" before them."""
    from stdnum import iban

    digits = value.replace(" ", "")
    return len(digits) == 26 and iban.is_valid("PL" + digits)


# "Bank: Shinhan, account 110-482-771903", "Zenith Bank a/c 0123456789": an account number
# with a bank named before it on the line (not a cloud account: that has no bank).
BANK_ACCOUNT = re.compile(
    r"(?i)(?<![\w-])(?:account|acct\.?|a/c)(?=\s*(?:no\.?|nr\.?|number|#|:)?\s*\d)"
)
BANK_WORD = re.compile(
    r"(?i)\b(?:bank|banco|banque|banca|bankas|sparkasse|sort\s+code|routing\s+(?:no|number|#)|"
    r"aba|bsb|ifsc|swift|bic|"
    # round 22: money paid into it ("Zanaco account 0123456789012 for salary")
    r"salary|salaries|payroll|wages|refund|deposit(?:ed)?|credited|debited|payout|remittance)\b"
)
# a cloud's account is not a bank's, whatever else the line says
CLOUD_WORD = re.compile(r"(?i)\b(?:aws|amazon|gcp|azure|cloud|tenant|subscription|iam|arn)\b")


def _bank_accounts(text: str) -> Iterator[re.Match[str]]:
    for match in BANK_ACCOUNT.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        near = text[max(line_start, match.start() - 60) : min(line_end, match.end() + 60)]
        if BANK_WORD.search(near) and not CLOUD_WORD.search(near):
            yield match


RECORD_KEY_AFTER = re.compile(r"[\"'][ \t]*:")


def _record_key(text: str, match: re.Match[str]) -> bool:
    """The cue is the quoted key of a JSON or YAML field (`"rut": "…"`): a field's name, not
    the word; `run=48213` in a CI log stays a run."""
    before = text[match.start() - 1 : match.start()]
    if before in ("?", "&") and text.startswith("=", match.end()):
        return True  # a URL's query parameter: "/api/factures?cin=AB208847"
    return before in ('"', "'") and bool(RECORD_KEY_AFTER.match(text, match.end()))


def record_id_ok(value: str) -> bool:
    """A national number with a birth date and check digits (python-stdnum): Bulgarian EGN (10
    digits); Turkish TC Kimlik, Polish PESEL, Norwegian fødselsnummer, Estonian isikukood,
    Lithuanian asmens kodas, Greek AMKA (11); Romanian CNP, South African ID (13)."""
    from stdnum.bg import egn
    from stdnum.ee import ik
    from stdnum.gr import amka
    from stdnum.lt import asmens
    from stdnum.no import fodselsnummer
    from stdnum.pl import pesel
    from stdnum.ro import cnp
    from stdnum.tr import tckimlik
    from stdnum.za import idnr

    checks = {
        10: (egn.is_valid,),
        11: (tckimlik.is_valid, pesel.is_valid, fodselsnummer.is_valid, ik.is_valid,
             asmens.is_valid, amka.is_valid),
        13: (cnp.is_valid, idnr.is_valid),
    }  # fmt: skip
    return any(check(value) for check in checks.get(len(value), ()))


CI_WORDS_AFTER = re.compile(r"(?i)[ \t]+(?:run|job|build|pipeline|check|step|workflow)s?\b")
BRACKET_AFTER_WORD = re.compile(r"(?i)(?:[ \t]+(?:no\.?|nr\.?|number|#))?[ \t]*\(")


# Header of a record column holding identity numbers ("name;steuer_id;iban", "| SSN |").
ID_COLUMN = re.compile(
    r"(?=[^\n]{2,40}$)(?:"  # a header cell is short: longer cells fail at once
    r"(?i:steuer[_\- ]?id|tax[_\- ]?(?:id|code)|nhi|tin|ssn|sin|nino|ni[_\- ]?(?:no|number)|national[_\- ]?id|"
    r"id[_\- ]?(?:no|number|nr)|bsn|cpf|dni|nie|nif|nir|pesel|aadhaar|pan|curp|rfc|ahv|tfn|idnr|"
    r"personnummer|codice[_\- ]?fiscale|passport(?:[_\- ]?(?:no|number))?|social[_\- ]security"
    r"(?:[_\- ]?(?:no|number))?|"
    # a person's bank account where there is no IBAN (a payroll file, a refund list): not a
    # bare "account", which may hold a cloud account id or a user name
    r"(?:bank|salary|payroll|beneficiary|payee|customer|receiving)[_\- ]?(?:account|acct|a/c)"
    r"(?:[_\- ]?(?:no\.?|number|num|nr))?|account[_\- ]?(?:no\.?|number|num|nr)|acct[_\- ]?(?:no|num|number)|"
    r"a/c(?:[_\- ]?no\.?)?|bsb|số[ _]tài[ _]khoản|stk|계좌(?:번호)?|ird(?:[_\- ]?(?:no|number))?|"
    r"(?:super[_\- ]?)?member[_\- ]?(?:no|number)|abha(?:[_\- ]?(?:no|number))?)"
    # any cue word of ID_CONTEXT (CNP, tckn, tc_kimlik_no, a CSV's "cin" …); acronyms that are
    # English words only in capitals, so a CI table's "run" column stays a run
    rf"|(?!(?i:{'|'.join(sorted(ENGLISH_ACRONYMS))}){ID_SUFFIX}$)(?i:(?:{_ID_KEY_WORDS}){ID_SUFFIX})"
    # an identity document's number: "num_doc", "nro_documento", "doc_no", "doc"
    r"|(?i:(?:num|nro|n|no|numero|número|nr)[_. ]?(?:doc|documento|dokument)|"
    r"doc(?:umento|ument)?(?:[_ ]?(?:no|nr|num|number|numero|número|id))?)"
    rf"|(?:{'|'.join(sorted(w.upper() for w in ACRONYM_ONLY))}))"
)


def column_id_spans(text: str) -> Iterator[Span]:
    """Values under a header naming an identity number, in a CSV or table, an SQL INSERT or a
    fixed-width report: what the header says is an id is one, whatever its check digits."""
    for start, value in table_cells(text, ID_COLUMN):
        if nz_nhi_ok(value) or (
            len(re.sub(r"\D", "", value)) >= 6 and re.fullmatch(r"[\w.\-/ ]{6,24}", value)
        ):
            yield Span(start, start + len(value), Kind.ID, "id-column", value, 0.9)


NHI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, no O


def nz_nhi_ok(value: str) -> bool:
    """A New Zealand National Health Index number of the first format (AAANNNC): three letters,
    three digits and a mod-11 check digit."""
    if not re.fullmatch(r"[A-HJ-NP-Z]{3}\d{4}", value):
        return False
    weights = (7, 6, 5, 4, 3, 2)
    values = [NHI_LETTERS.index(c) + 1 for c in value[:3]] + [int(c) for c in value[3:6]]
    remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return remainder != 0 and (11 - remainder) % 10 == int(value[6])


# the rules of a psql result ("---+---") and a Markdown table ("|---|:--|"), never a blank line
DELIMITED_RULES = re.compile(
    r"[ \t]*-{3,}(?:\+-+)+[ \t]*|[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?)?[ \t]*"
)
T = TypeVar("T")


def table_cells(text: str, named: re.Pattern[str]) -> Iterator[tuple[int, str]]:
    """(offset, value) of every cell under a header cell matching `named`, in any table shape
    read here: delimited (CSV, Markdown, psql), an SQL INSERT, a fixed-width report with a rule
    of dashes, or a report aligned by spaces."""
    yield from column_cells(text, named)
    yield from ((start, value) for start, value, _ in sql_cells(text, named))
    yield from fixed_width_cells(text, named)
    yield from aligned_cells(text, named)


def delimited_rows(
    text: str, header_of: Callable[[str], tuple[str, int, T] | None], rules: re.Pattern[str]
) -> Iterator[tuple[int, str, list[tuple[int, int]], T]]:
    """(line offset, line, cell spans, the header's reading) of every row of every delimited
    table in `text` (CSV with ; , or tab, a Markdown or psql table): the one reader of that shape.

    A line `header_of` reads as a header (its delimiter, its number of cells and what the caller
    makes of it) starts a table; rows with as many cells follow; lines matching `rules` (the
    `+---+`, `|---|` and `---+---` rules of drawn tables) are passed over; any other row ends
    the table and may start the next."""
    header: tuple[str, int, T] | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if rules.fullmatch(body):
            offset += len(line)
            continue
        if header is not None:
            delimiter, count, reading = header
            cells = split_cells(body, delimiter)
            if len(cells) != count:
                header = None
            else:
                yield offset, body, cells, reading
        if header is None:
            header = header_of(body)
        offset += len(line)


def column_cells(
    text: str, named: re.Pattern[str], header_ok: Callable[[list[str]], bool] | None = None
) -> Iterator[tuple[int, str]]:
    """(offset, value) of every non-empty cell under a header cell matching `named`, in a
    delimited block (CSV with ; , or tab, or a Markdown table) of equal-length rows; a header
    must also pass `header_ok` when one is given."""

    def header_of(body: str) -> tuple[str, int, list[int]] | None:
        for delimiter in (";", "\t", "|", ","):
            cells = [body[a:b] for a, b in split_cells(body, delimiter)]
            columns = [i for i, c in enumerate(cells) if named.fullmatch(c.strip())]
            if len(cells) >= 3 and columns and (header_ok is None or header_ok(cells)):
                return delimiter, len(cells), columns
        return None

    for offset, body, spans, columns in delimited_rows(text, header_of, DELIMITED_RULES):
        for column in columns:
            raw = body[spans[column][0] : spans[column][1]]
            if value := raw.strip():
                yield offset + spans[column][0] + raw.index(value), value


# INSERT INTO t (id, full_name, …) VALUES (1, 'Ana Lima', …), (2, 'Rui Costa', …);
SQL_INSERT = re.compile(
    r"(?is)\bINSERT[ \t]+INTO[ \t]+[\w.\"`]+[ \t]*\((?P<cols>[^)]{1,400})\)[ \t\n]*VALUES[ \t\n]*"
)
SQL_ROW = re.compile(r"\((?P<row>(?:'(?:[^'\n]|'')*'|[^()'\n])*)\)")
# a string may carry a prefix: N'…' (SQL Server's national strings), E'…' (PostgreSQL escapes)
SQL_CELL = re.compile(r"[ \t]*(?:[NnEe]?'(?P<s>(?:[^'\n]|'')*)'|(?P<bare>[^,']+))")


def sql_cells(text: str, named: re.Pattern[str]) -> Iterator[tuple[int, str, bool]]:
    """(offset, value, quoted) of every cell of an SQL INSERT's rows under a column whose name
    matches `named`; NULLs are left out."""
    for match in SQL_INSERT.finditer(text):
        columns = [c.strip().strip('"`') for c in match.group("cols").split(",")]
        wanted = {i for i, c in enumerate(columns) if named.fullmatch(c)}
        if not wanted:
            continue
        position = match.end()
        while (row := SQL_ROW.match(text, position)) is not None:
            for index, cell in enumerate(SQL_CELL.finditer(row.group("row"))):
                if index not in wanted:
                    continue
                if cell.group("s"):
                    yield row.start("row") + cell.start("s"), cell.group("s"), True
                elif cell.group("bare") and cell.group("bare").strip().upper() != "NULL":
                    value = cell.group("bare").strip()
                    start = row.start("row") + cell.start("bare") + cell.group("bare").index(value)
                    yield start, value, False
            tail = re.match(r"[ \t]*,[ \t\n]*", text[row.end() : row.end() + 40])
            if tail is None:
                break
            position = row.end() + tail.end()


# the rule under a fixed-width report's header (sqlcmd, SQL*Plus, `docker ps`-like tools):
# one run of dashes a column, "------  ---------------  -----"
DASH_RULE = re.compile(r"[ \t]*-{2,}(?:[ \t]+-{2,}){2,}[ \t]*")


# a header of a report aligned by spaces with no rule under it: "Name    IRD number    Bank account"
ALIGNED_HEADER_CELL = re.compile(r"\S+(?: \S+)*")
UPPER_HEADER_CELL = re.compile(r"\S+")
HEADER_NAME = re.compile(r"[^\W\d][^\d\n]{0,30}")


def aligned_cells(text: str, named: re.Pattern[str]) -> Iterator[tuple[int, str]]:
    """(offset, value) of every cell under a header cell matching `named` in a report whose
    columns are aligned by runs of spaces (no rule of dashes): the cell must start where its
    header starts; rows run until a blank line."""
    if "   " not in text:
        return
    lines = text.splitlines(keepends=True)
    starts = list(itertools.accumulate([0] + [len(line) for line in lines[:-1]]))
    for number, line in enumerate(lines[:-1]):
        header = line.rstrip("\r\n")
        if "  " not in header:
            continue
        cells = list(ALIGNED_HEADER_CELL.finditer(header))
        # a header in capitals may also be one word a column, however narrow: "AGE SEX MOBILE"
        words = list(UPPER_HEADER_CELL.finditer(header)) if header == header.upper() else []
        if len(cells) < 3 or not all(HEADER_NAME.fullmatch(c.group()) for c in cells):
            continue
        if not words and any(
            c.start() > 0 and header[c.start() - 2 : c.start()] != "  " for c in cells
        ):
            continue  # words of a sentence, not columns
        wanted = sorted({c.start() for c in [*cells, *words] if named.fullmatch(c.group())})
        if not wanted or DASH_RULE.fullmatch(lines[number + 1].rstrip("\r\n")):
            continue
        for row in range(number + 1, len(lines)):
            body = lines[row].rstrip("\r\n")
            if not body.strip():
                break
            for column in wanted:
                if column >= len(body) or body[column] == " ":
                    continue
                if column > 0 and body[column - 1] != " ":
                    continue
                cell = ALIGNED_HEADER_CELL.match(body, column)
                if cell is not None:
                    yield starts[row] + column, cell.group()


def fixed_width_cells(text: str, named: re.Pattern[str]) -> Iterator[tuple[int, str]]:
    """(offset, value) of every cell under a header cell matching `named` in a fixed-width
    report: the header line, a rule of dashes whose runs give the columns, rows until a blank
    line."""
    if "--" not in text:
        return
    lines = text.splitlines(keepends=True)
    starts = list(itertools.accumulate([0] + [len(line) for line in lines[:-1]]))
    for number in range(1, len(lines)):
        rule = lines[number].rstrip("\r\n")
        if not DASH_RULE.fullmatch(rule):
            continue
        bounds = [m.span() for m in re.finditer(r"-+", rule)]
        header = lines[number - 1]
        wanted = [
            (s, e if k + 1 == len(bounds) else bounds[k + 1][0])
            for k, (s, e) in enumerate(bounds)
            if named.fullmatch(
                header[s : (e if k + 1 == len(bounds) else bounds[k + 1][0])].strip()
            )
        ]
        for row in range(number + 1, len(lines)):
            body = lines[row].rstrip("\r\n")
            if not body.strip() or DASH_RULE.fullmatch(body):
                break
            for s, e in wanted:
                raw = body[s:e]
                value = raw.strip()
                if value and " " not in value.strip():
                    yield starts[row] + s + raw.index(value), value


def split_cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of every cell's content in one line of a delimited table, quotes left out
    (`"17 Tūī Street, Frankton"` is one cell); a doubled quote stays inside."""
    cells: list[tuple[int, int]] = []
    i, n = 0, len(line)
    while i <= n:
        lead = i
        while lead < n and line[lead] == " ":
            lead += 1  # no slicing: a 200 KB JSON line stays one linear pass
        if lead < n and line[lead] == '"':
            j = lead + 1
            while True:
                j = line.find('"', j)
                if j < 0:
                    j = n
                    break
                if line.startswith('""', j):
                    j += 2
                    continue
                break
            cells.append((lead + 1, j))
            k = line.find(delimiter, j)
        else:
            k = line.find(delimiter, i)
            k = n if k < 0 else k
            cells.append((i, k))
        i = n + 1 if k < 0 else k + 1
    return cells


def id_spans(text: str) -> Iterator[Span]:
    """Identity numbers, but not a payment provider's documented test card under a "pan" label
    or column (the card rules keep those)."""
    from hindsight.share.redact_pii import documented_test_card

    for span in _id_spans(text):
        if not documented_test_card(re.sub(r"\D", "", text[span.start : span.end])):
            yield span


# A retail bank named right before a number: the number is an account ("카카오뱅크 3333-26-5258799",
# "급여계좌 우리 1002-827-762014", "TK … (ACB 80813202)", "HDFC a/c 50100234567812"). Korean,
# Vietnamese, Indian, Philippine and Malaysian banks; the number has 8 to 16 digits.
NAMED_BANK = (
    r"(?:KB|NH|IBK|SC)?(?:국민|신한|우리|하나|농협|기업|카카오뱅크|토스뱅크|케이뱅크|제일|씨티|"
    r"우체국|새마을금고|신협|수협|부산|대구|경남|광주|전북|제주)(?:은행)?|"
    r"Vietcombank|VCB|Techcombank|TCB|ACB|BIDV|VietinBank|MB[ ]?Bank|VPBank|TPBank|Sacombank|"
    r"Agribank|SHB|HDBank|VIB|OCB|Eximbank|MSB|SeABank|HDFC|ICICI|SBI|Axis|Kotak|BDO|BPI|"
    r"Metrobank|UnionBank|Maybank|CIMB|Public\s+Bank|RHB|GCash|Maya"
)
# any bank by what its name says it is: "Sampath Bank 1605563821", "Commercial Bank …", "Maybank"
ANY_BANK = r"(?:[A-Z][\w&'’\-]*[ \t]){1,3}Bank|[A-Z][a-z]{2,}bank"
NAMED_BANK_ACCOUNT = re.compile(
    rf"(?<![\w-])(?:{NAMED_BANK}|{ANY_BANK})(?:[ \t]+(?:Bank|bank|a/c|A/C|account|acct\.?|#))?[ \t]*[:#]?"
    r"[ \t]*(?P<v>\d{2,6}(?:-\d{2,7}){1,3}|\d{8,16}|\d{4}(?:[ ]\d{3,4}){2,3})(?![\w-]|[ ]\d)"
)


def _named_bank_accounts(text: str) -> Iterator[Span]:
    for match in NAMED_BANK_ACCOUNT.finditer(text):
        if 8 <= len(re.sub(r"\D", "", match["v"])) <= 16:
            yield Span(match.start("v"), match.end("v"), Kind.ID, "bank-account", match["v"], 0.8)


# a record key that ends in a scheme's name: "payee_nin", "citizen_hn", "customer_cpf"
SUFFIXED_ID_KEY = re.compile(
    r"(?i)[\"']?[a-z]+_(?:nin|ssn|sin|cpf|dni|nie|nik|nric|curp|cnic|bvn|pesel|bsn|hn|phn|nhi|"
    r"mrn|passport(?:_no)?|national_id|id_number|tax_id|tin)[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"(?P<v>[A-Z0-9][A-Z0-9\-/ ]{4,24}[A-Z0-9])(?=[\"',}\s]|$)"
)


# HL7 v2: the patient's identifier (PID-3, "E4236233^^^LHPMRN^MR") and a clinician as an
# XCN ("2369459187^PATEL^RAJ^K^^^MD": an NPI, then family, given and middle name)
HL7_PATIENT_ID = re.compile(
    r"(?m)^PID\|[^|\n]*\|[^|\n]*\|(?P<v>[A-Z0-9][A-Z0-9\-]{4,19})(?=[\^|~])"
)
HL7_CLINICIAN = re.compile(
    r"(?m)(?<=\|)(?P<v>\d{5,15})\^(?P<name>[A-Z][A-Z'\-]+\^[A-Z][A-Z'\-]+(?:\^[A-Z]\b)?)"
    r"(?=[\^|~\n]|$)"
)


# a person's record in an API path: /api/v2/members/XQH884102637/claims, /v2/students/240177652/
PERSON_PATH_ID = re.compile(
    r"/(?:members|students|patients|citizens|beneficiaries|policyholders|insured)/"
    r"(?P<v>[A-Z]{0,4}\d{6,16})(?=[/?#\s\"']|$)"
)


# any key of a record, a query or an XML attribute, written in any case style ("idNumber",
# "kyc_cin", "nid", "passportNo", "numeroDocumento"), whose words name a person's identity number
KEY_VALUE = re.compile(
    r"(?<![\w\-])[\"']?(?P<key>[A-Za-z][A-Za-z_\-]{1,40})[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"(?P<v>[A-Z0-9][A-Z0-9\-./ ]{4,22}[A-Z0-9])(?=[\"',}&;)\]<>\s]|/>|$)"
)
KEY_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-zà-ÿ]+")
IDENTITY_KEY_WORDS = frozenset(
    [
        "nin",
        "ssn",
        "sin",
        "cpf",
        "dni",
        "nie",
        "nik",
        "nric",
        "curp",
        "cnic",
        "bvn",
        "pesel",
        "bsn",
        "cin",
        "nid",
        "cni",
        "cedula",
        "cédula",
        "passport",
        "pasaporte",
        "passaporte",
        "reisepass",
        "passeport",
        "egn",
        "jmbg",
        "oib",
        "emso",
        "amka",
        "aadhaar",
        "aadhar",
        "tfn",
        "ird",
        "nino",
        "svnr",
        "idnp",
        "isikukood",
        "personnummer",
        "hetu",
        "kennitala",
        "cnp",
        "sss",
        "nas",
        "nic",
        "ktp",
        "hkid",
        "mykad",
        "iqama",
        "nida",
    ]
)
IDENTITY_KEY_PAIRS = frozenset(
    [
        ("id", "number"),
        ("id", "no"),
        ("id", "nr"),
        ("id", "card"),
        ("national", "id"),
        ("personal", "id"),
        ("personal", "code"),
        ("personal", "number"),
        ("citizen", "id"),
        ("identity", "number"),
        ("identity", "card"),
        ("document", "number"),
        ("doc", "number"),
        ("doc", "no"),
        ("numero", "documento"),
        ("nro", "documento"),
        ("num", "documento"),
        ("tax", "id"),
        ("social", "security"),
        ("driver", "license"),
        ("driver", "licence"),
        ("driving", "licence"),
        ("licence", "number"),
        ("license", "number"),
    ]
)


def identity_key(key: str) -> bool:
    """A record key or column header whose words name a person's identity number."""
    words = [w.lower() for w in KEY_WORD.findall(key)]
    if any(w in IDENTITY_KEY_WORDS for w in words):
        return True
    return any(pair in IDENTITY_KEY_PAIRS for pair in itertools.pairwise(words))


def _keyed_ids(text: str) -> Iterator[Span]:
    """Ids in a person's API path and under a record key ending in a scheme's name or whose
    words name an identity number."""
    for match in PERSON_PATH_ID.finditer(text) if "/" in text else ():
        yield Span(match.start("v"), match.end("v"), Kind.ID, "path-id", match["v"], 0.8)
    for match in SUFFIXED_ID_KEY.finditer(text) if "_" in text else ():
        if sum(c.isdigit() for c in match["v"]) >= 5:
            yield Span(match.start("v"), match.end("v"), Kind.ID, "id-key", match["v"], 0.85)
    for match in KEY_VALUE.finditer(text) if ("=" in text or ":" in text) else ():
        value = match["v"]
        if not identity_shaped(value):
            continue
        if identity_key(match["key"]):
            yield Span(match.start("v"), match.end("v"), Kind.ID, "id-key", value, 0.85)


def identity_shaped(value: str) -> bool:
    """Five digits or more, at least half the value, and no date."""
    digits = sum(c.isdigit() for c in value)
    return digits >= 5 and digits * 2 >= len(value) and not DATE_LIKE.fullmatch(value)


DATE_LIKE = re.compile(r"\d{4}[-./]\d\d[-./]\d\d.*|\d\d[-./]\d\d[-./]\d{4}.*")


def _hl7_spans(text: str) -> Iterator[Span]:
    if "^" not in text or not re.search(r"(?m)^(?:MSH|PID|PV1)\|", text):
        return
    for match in HL7_PATIENT_ID.finditer(text):
        if any(c.isdigit() for c in match["v"]):
            yield Span(match.start("v"), match.end("v"), Kind.ID, "hl7-id", match["v"], 0.9)
    for match in HL7_CLINICIAN.finditer(text):
        yield Span(match.start("v"), match.end("v"), Kind.ID, "hl7-id", match["v"], 0.9)
        name = match["name"]
        yield Span(match.start("name"), match.end("name"), Kind.PERSON, "hl7-name", name, 0.9)


def _id_spans(text: str) -> Iterator[Span]:
    from hindsight.share.redact_national_ids import scheme_checked_id_spans, written_id_spans

    yield from column_id_spans(text)
    yield from written_id_spans(text)
    yield from _hl7_spans(text)
    yield from _keyed_ids(text)
    yield from _named_bank_accounts(text)
    yield from scheme_checked_id_spans(text)
    for match in [*ID_CONTEXT.finditer(text), *_bank_accounts(text)]:
        word = re.sub(rf"(?i){ID_SUFFIX}$", "", match.group()) or match.group()
        if word.lower() in ACRONYM_ONLY and not (word.isupper() or _record_key(text, match)):
            continue
        if word.lower() in ACRONYM_ONLY and CI_WORDS_AFTER.match(text, match.end()):
            continue  # "CI run #48213", "CI job 7731": a build, not a cédula
        if BUSINESS_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            continue
        gap = ID_GAP.match(text, match.end())
        bracket = BRACKET_AFTER_WORD.match(text, match.end())
        found = _labelled_id(
            text, word, gap.end() if gap else match.end(), bracket.end() if bracket else None
        )
        if found is not None and word.lower() == "rfc" and not MX_RFC.fullmatch(found.key):
            continue  # "RFC 3164/5424" is a standard, not a Mexican tax id
        if found is not None:
            yield found
            yield from _listed_ids(text, found)
    for match in TRAVEL_DOCUMENT.finditer(text):
        yield Span(match.start("v"), match.end("v"), Kind.ID, "travel-document", match["v"])
    for match in MO_BIR.finditer(text):
        yield Span(match.start(), match.end(), Kind.ID, "mo-bir", match.group(), confidence=0.85)
    for match in CIS_ACCOUNT.finditer(text):
        yield Span(match.start("v"), match.end("v"), Kind.ID, "bank-account", match["v"], 0.85)
    for match in KR_RRN.finditer(text):
        yield Span(match.start(), match.end(), Kind.ID, "kr-rrn", match.group(), confidence=0.9)
    for rule, regex, check in (
        ("cn-ric", CN_RIC, cn_ric_ok),
        ("es-dni", ES_DNI, es_dni_ok),
        ("fr-nir", FR_NIR, fr_nir_ok),
        ("it-codice-fiscale", IT_CODICE_FISCALE, None),
        ("uk-nino", UK_NINO, None),
    ):
        for match in regex.finditer(text):
            if check is None or check(match.group()):
                yield Span(match.start(), match.end(), Kind.ID, rule, match.group())
    for rule, regex, valid, confidence in _checked_ids():
        for match in regex.finditer(text):
            if valid(match.group()):
                yield Span(match.start(), match.end(), Kind.ID, rule, match.group(), confidence)
    for rule, regex, confidence in STANDALONE_IDS:
        for match in regex.finditer(text):
            yield Span(
                match.start(), match.end(), Kind.ID, rule, match.group(), confidence=confidence
            )
