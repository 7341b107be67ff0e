"""Postal addresses found from their end: a postcode with its town, walked back to the house.

Street rules (`redact_identity`) need a street word ("Lane", "Calle", "-straße"); many
addresses have none ("Am Waldrand 7", "Overtoom 301", "1187 Sycamore Ridge Trace", "Flat 302,
Sai Residency, 14th Cross Road"). What they all have is a postal tail: a postcode and a town
in one of the shapes countries print ("50667 Köln", "1054 HW Amsterdam", "Leeds LS18 5LA",
"Franklin, TN 37064", "Fitzroy VIC 3065", "Bengaluru 560038", "Toronto, ON M5S 1W9").

From the tail the address is walked back over the comma-separated parts before it on the same
line while each part looks like an address part (capitalised words, a house or flat number,
"No.", "14th Cross"). To keep precision an address must hold a house number in a part before
the tail: a postcode and a town alone ("in 50667 Köln") are a place, not someone's home.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from hindsight.share.redact import Kind, Span
from hindsight.share.redact_identity import (
    NOT_AFTER_PARTICLE,
    STREET_COMPOUND,
    STREET_TYPES_AFTER,
    STREET_WORDS_BEFORE,
)

_UP = "A-ZÀ-ÞĀ-ŽȘȚА-ЯЁΑ-ΩΆ-Ώ"  # Latin (with Romanian comma letters), Cyrillic and Greek capitals
_LOW = "a-zà-ÿā-žșțßа-яёα-ωά-ώ'’"
_TOWN_WORD = rf"(?:['’]s-)?[{_UP}][{_LOW}]+(?:-[{_UP}]?[{_LOW}]+)*"  # 's-Hertogenbosch
_TOWN = (
    rf"{_TOWN_WORD}(?:/{_TOWN_WORD})?(?:[ \t]+(?:(?:am|an|der|de|del|la|es|sur|upon|on|im|in)[ \t]+"
    rf"{NOT_AFTER_PARTICLE})?"
    rf"{_TOWN_WORD}){{0,2}}(?:[ \t]+(?:\d{{1,2}}|[{_UP}])(?![\w\-]))?"  # Praha 1, København K
)
# the states, provinces and territories printed before a postcode
REGION_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|"
    "GU|VI|AS|MP|"  # the US territories: Guam, the Virgin Islands, American Samoa, the Marianas
    "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|NSW|VIC|QLD|SA|TAS|ACT"
)
UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}"
TAIL = re.compile(
    # postcode, then town: DE/FR/ES/IT 12345, NL 1234 AB, AT/CH/BE 1234, SE/CZ 123 45,
    # PL 12-345, PT 1234-567, and the "D-"/"A-" country prefix
    rf"(?<![\w\-.:/])(?:[A-Z]{{1,2}}-)?(?:\d{{5,7}}|\d{{4}}[ ]?[A-Z]{{2}}|\d{{4}}|\d{{3}}[ ]\d{{2}}|"
    rf"\d{{2}}-\d{{3}}|\d{{4}}-\d{{3}}|[A-Z]\d{{4}}(?:[A-Z]{{3}})?|AZ[ ]?\d{{4}})[ \t]+{_TOWN}(?![\w\-])"
    # town (or state), then postcode: UK, India/Singapore PIN, Eircode
    rf"|(?<![\w\-])[{_UP}][{_LOW}]+(?:[ \t]+[{_UP}][{_LOW}]+)?[ \t]+(?:{UK_POSTCODE}|\d{{6}}|"
    rf"[A-Z]\d{{2}}[ ]?[A-Z0-9]{{4}})(?![\w\-])"
    # a known city, then a bare postcode: "Nairobi 00100", "Москва, 125009"
    rf"|(?<![\w\-])(?P<city>{_TOWN_WORD}(?:[ \t]+{_TOWN_WORD}){{0,2}}),?[ \t]+(?:\d{{4,7}}|\d{{3}}-\d{{4}})(?![\w\-])"
    # a postcode distinctive enough to stand alone after a comma: Eircode, UK, Canada
    rf"|(?<=,[ ])(?:〒\d{{3}}-?\d{{4}}|[ACDEFHKNPRTVWXY]\d[\dW][ ]?[\dACDEFHKNPRTVWXY]{{4}}|{UK_POSTCODE}|"
    r"[A-Z]\d[A-Z][ ]\d[A-Z]\d)(?![\w\-])"
    # a three-digit postcode after the street's comma: Iceland "220 Hafnarfjörður", "FO-100"
    rf"|(?<=,[ ])(?:FO-)?\d{{3}}[ \t]+{_TOWN_WORD}(?![\w\-])"
    # state code and ZIP / postcode: US, Canada, Australia
    rf"|(?<![\w\-])(?:{REGION_CODES})[ \t]+(?:\d{{5}}(?:-\d{{4}})?|\d{{4}}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d)"
    r"(?![\w\-])"
)
_NUMBER = re.compile(
    r"#?\d{1,5}[A-Za-z]?(?:[\-/](?:\d{1,5}[A-Za-z]?|[A-Z](?![\w\-])))*|\d{1,3}(?:st|nd|rd|th)|[A-Z]{1,2}-\d{1,5}[A-Za-z]?|"
    r"\d{1,4}-(?:gil|ga|ro|beon-gil)|"  # Korean road numbers: "44-gil"
    r"\d{1,5}-?(?:I{1,3}|hs|huis|bis|ter)|"  # Dutch floors and suffixes: "123-II", "12bis"
    r"\d{1,2}-ch[oō]me(?:-\d{1,4}){0,2}|"  # Japanese blocks: "2-chōme-3-1"
    r"\d{1,2}[ºª°]|"  # Portuguese and Spanish floors: "2º"
    r"n[º°]\d{1,5}[A-Za-z]?|"  # French numbers: "Rue 7301 n°22"
    r"One|Two|Three"  # "One Beacon Street"
)
BARE_HOUSE_NUMBER = re.compile(r"(?:^|[ \t])(\d{1,5}[A-Za-z]?)[ \t]*$")
NUMBER_LABEL = re.compile(r"(?i)\b(?:no|nr|n°|nº)\.?$")
# the floor and side of a flat, after the house: "3. th.", "st. tv." (Danish), "2º Esq." (Portuguese)
FLOOR_TOKEN = re.compile(r"(?i)\d{1,2}\.|th\.|tv\.|mf\.|st\.|sal|esq\.?|dto\.?|dt\.?|etg\.?|r/c")
# street words written in lower case inside a street name: "Karl Johans gate 22", "Váci utca 18"
LOWER_STREET_WORDS = frozenset(
    [
        "gate",
        "gata",
        "gatan",
        "gaten",
        "vei",
        "veien",
        "vegen",
        "vej",
        "vejen",
        "allé",
        "plass",
        "torg",
        "utca",
        "út",
        "útja",
        "ulica",
        "ul.",
        "straat",
        "laan",
        "weg",
        "gasse",
        "pr.",  # Lithuanian prospektas: "Gedimino pr. 27"
        "g.",  # Lithuanian gatvė: "Pylimo g. 4"
        "pl.",  # Lithuanian plentas: "Raudondvario pl. 101"
        "al.",  # Polish aleja: "Jerozolimskie al. 12" (also written "al. Jerozolimskie")
        "str.",
        "iela",
        "küçəsi",
        "prospekti",
        "bus",  # Belgian boxes after the house number: "Kerkstraat 12 bus 3", "112 bte 4"
        "bte",
        "boîte",
    ]
)
_WORD = re.compile(rf"[{_UP}][{_LOW}A-Z]*(?:['’\-.][{_UP}{_LOW}]+)*\.?|[{_UP}]{{2,4}}")
PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "le",
        "les",
        "du",
        "des",
        "da",
        "do",
        "dos",
        "das",
        "di",
        "della",
        "van",
        "von",
        "der",
        "den",
        "am",
        "an",
        "im",
        "in",
        "zum",
        "zur",
        "auf",
        "of",
        "the",
        "y",
        "e",
        "i",
        "sur",
    ]
)
UNIT_WORDS = re.compile(
    r"(?i)^(?:no[.:]?|nº|n°|#|flat|apt\.?|unit|house|villa|suite|plot|blk|box|office|shop|ap\.|bl\.|"
    r"sc\.|et\.|sector|sektor|piso|depto\.?|dpto\.?|andar|étage|stock|top|д\.|кв\.|корп\.|"
    r"стр\.|ул\.|пр\.|οδός|mənzil|бр\.|вх\.|влез|ет\.|ап\.|стан|lot|nyumba|hyrja|kati|"
    r"pallati|shkalla)$"
)
HOUSE_NAMES = re.compile(
    r"(?i)\b(?:cottage|house|farm|lodge|barn|mill|hall|manor|villa|residency|apartments|towers|"
    r"court|building|mansions?|heights|enclave|complex|society|nagar)$"
)


ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)")


def _address_part(piece: str) -> tuple[int, bool] | None:
    """Where the address part starts in `piece` (its longest tail of address-like words) and
    whether it holds a house number; None when no such tail has a capitalised word."""
    kept: list[tuple[int, str]] = []  # (start, token), right to left
    for token in reversed(list(re.finditer(r"\S+", piece))):
        value = token.group()
        ok = (
            _NUMBER.fullmatch(value)
            or _WORD.fullmatch(value)
            or UNIT_WORDS.match(value)
            or (value.lower() in PARTICLES and kept)
            or (value in LOWER_STREET_WORDS and kept)
            or (re.fullmatch(r"[A-Z]\d{1,3}", value) and UNIT_WORDS.match(piece.split()[0]))
            or (FLOOR_TOKEN.fullmatch(value) and len(piece.split()) <= 2)
            or (re.fullmatch(r"\d{1,5}\.", value) and kept)  # Turkish "1443. Cad."
        )
        if not ok or len(kept) >= 7:
            break
        kept.append((token.start(), value))
    while kept and kept[-1][1] in PARTICLES:
        kept.pop()  # a part does not start with "of" or "in"
    # "84th" in "1025 W 84th Street #221" names the street; it is no third number
    numbers = sum(
        1 for _, value in kept if _NUMBER.fullmatch(value) and not ORDINAL.fullmatch(value)
    )
    words = len(kept) - numbers
    house_code = len(kept) == 1 and bool(re.search(r"[A-Za-z\-/]", kept[0][1]))  # "B-12, …"
    if (not words and not house_code) or numbers > 2:
        return None
    return kept[-1][0], numbers > 0


def _walk_back(text: str, tail_start: int) -> int | None:
    """The start of the address ending in the tail at `tail_start`, or None without a house
    number before the tail."""
    line_start = text.rfind("\n", 0, tail_start) + 1
    cursor = tail_start
    parts: list[tuple[int, bool, str]] = []  # (start, has a number, text)
    for _ in range(7):
        boundary = max(text.rfind(mark, line_start, cursor) for mark in ',;:("“·')
        while (
            boundary > line_start
            and text[boundary] == ":"
            and NUMBER_LABEL.search(text, max(line_start, boundary - 4), boundary)
        ):  # "Cad. No: 22/7": the colon belongs to the house number
            boundary = max(text.rfind(mark, line_start, boundary) for mark in ',;:("“')
        piece_start = boundary + 1 if boundary >= line_start else line_start
        piece = text[piece_start:cursor]
        if cursor == tail_start:
            piece = re.sub(r"[ \t]+in[ \t]+$", " ", piece)  # "Goethestraße 12 in 60313 Frankfurt"
        if not piece.strip():
            if cursor == tail_start and boundary >= line_start and text[boundary] in ",·":
                cursor = boundary  # "Am Waldrand 7, 50667 Köln": the tail is a part of its own
                continue
            break
        found = _address_part(piece)
        bare = BARE_HOUSE_NUMBER.search(piece)
        if found is None and parts and bare is not None:
            found = (bare.start(1), True)  # "15, Jong-ro 1-gil, …"
        if found is None:
            break
        offset, numbered = found
        parts.append((piece_start + offset, numbered, piece[offset:].strip()))
        whole = not piece[:offset].strip()
        if not whole or boundary < line_start or text[boundary] not in ",·":
            break  # the part began mid-piece, or after a ":" or ";": the address starts here
        cursor = boundary
    with_number = [
        i for i, (_, has_number, part) in enumerate(parts) if has_number and _house_part_ok(part)
    ]
    if not with_number:
        return None
    last = with_number[-1]
    if last + 1 < len(parts) and (
        HOUSE_NAMES.search(parts[last + 1][2])
        or UNIT_WORDS.match(parts[last + 1][2].split()[0])
        or STREET_LEAD.match(parts[last + 1][2])
    ):
        last += 1  # "Rose Cottage, 3 Church Lane, …", "ул. Тверская, д. 7, …", "Rr. Teuta, Nr. 5"
    return parts[last][0]


# a street named before its house number, in a part of its own: "Rruga Sami Frashëri, Nr. 20"
# or the estate, quarter or zone it lies in: "Cdla. Kennedy Norte, Mz. 108 …", "Cité El Khadra, …"
STREET_LEAD = re.compile(
    rf"(?i)(?:{STREET_WORDS_BEFORE}|rr\.|mtaa[ ]wa|cdla\.|ciudadela|urb\.|urbanizaci[oó]n|"
    r"col\.|colonia|barrio|zona|brgy\.|barangay|cit[ée]|quartier|aldea|cant[oó]n|caser[ií]o|lotissement|"
    r"r[ée]sidence|douar|derb)[ \t]+\S"
)


def _ordinary(word: str) -> bool:
    """An English word, a stop word or a product name, and not a place: "Edition", "Pods"."""
    from hindsight.share.redact_people import blocked_word, place_word, plain_word

    bare = word.rstrip(".")
    return not place_word(bare) and (plain_word(bare) or blocked_word(bare))


def _town_ok(tail: str) -> bool:
    """After a bare number postcode, the town's first word is a place or no ordinary word
    ("10000 Pods" is a count)."""
    if not re.match(r"(?:[A-Z]{1,2}-)?[A-Z]?\d", tail) or re.match(r"\d{4}[ ]?[A-Z]{2}\b", tail):
        return True  # "Leeds LS18 5LA", "TN 37064": the postcode's shape is evidence enough
    words = re.findall(rf"[{_UP}][{_LOW}]+", tail)
    return not words or not _ordinary(words[0])  # no town at all: "D09 K2P3" alone


def _house_part_ok(part: str) -> bool:
    """A part holding the house number: English order (number first: "1187 Sycamore Ridge
    Trace") or a name that is not just ordinary words ("Overtoom 301", not "Sprint 12")."""
    if re.match(r"\d|(?:One|Two|Three)[ ]", part) or STREET_OPENERS.match(part):
        return True
    words = re.findall(rf"[{_UP}][{_LOW}A-Z]+", part)
    return not words or any(not _ordinary(word) for word in words)


# What opens a street name: a unit word, or a preposition of German/Dutch street names
# ("Am Waldrand 7", "Im Winkel 3", "An der Alster 1", "Op de Kamp 4").
STREET_OPENERS = re.compile(
    r"(?i:no\.?|nº|n°|#|flat|apt\.?|apartment|unit|house|villa|suite|ste\.?|plot|blk|room|floor|"
    r"office|shop|ap\.|bl\.|sc\.|et\.|sector|sektor|piso|depto\.?|dpto\.?|andar|étage|stock|top|"
    r"level|building|block|tower|lot|p\.?\s?o\.?\s+box)\s|"
    r"(?:Am|An|Im|Auf|Zum|Zur|Unter|Hinter|Vor|Op|Aan|In)\s+(?:de[mnr]?\s+)?[A-ZÄÖÜ]"
)


# a street word in the address before a town and a bare postcode: "Rothschild Blvd 22, …"
STREET_WORD = re.compile(
    rf"(?i)\b(?:{STREET_TYPES_AFTER}|{STREET_WORDS_BEFORE})(?!\w)|-(?:ro|gil|daero)\b|"
    rf"\w(?:{STREET_COMPOUND})\b|(?<!\w)(?:rr\.|rruga|mtaa[ ]wa)[ \t]"
)
# a post-office box and its town: "PO Box 1188, Stellenbosch, 7599", "P.O. Box 48120-00100,
# Nairobi", "Postbus 2217, 9700 CE Groningen"
PO_BOX = re.compile(
    r"(?<![\w.])(?i:p\.?[ ]?o\.?[ ]?box|post(?:bus|fach|boks)|apartado(?:[ ]postal)?|caixa[ ]postal|"
    r"case[ ]postale|boîte[ ]postale|casilla|(?-i:(?:\d{2}[ ])?BP))[ \t]+\d{1,6}(?:-\d{4,5})?,?[ \t]+"
    rf"(?:(?:\d{{4,5}}(?:[ ]?[A-Z]{{2}})?|[A-Z]-\d{{4,5}})[ \t]+)?(?P<town>{_TOWN})"
    rf"(?:,[ \t]+{_TOWN}){{0,2}}"  # "PO Box 5042, Lambton Quay, Wellington 6145"
    r"(?:,?[ \t]+\d{4,6}(?![\w\-]))?(?![\w\-])"
)
COUNTRY_AFTER = re.compile(
    rf",?[ \t]+(?P<name>[{_UP}][{_LOW}A-Z.]+(?:[ \t]+[{_UP}][{_LOW}]+){{0,2}})(?![\w\-])"
)


def country_end(text: str, end: int) -> int:
    """Past the country that closes an address (", France", ", USA"), if one does."""
    from hindsight.share.redact_people import place_word

    found = COUNTRY_AFTER.match(text, end)
    if found is None:
        return end
    name = found.group("name").rstrip(".")
    short = name.replace(".", "") in ("USA", "US", "UK", "UAE")
    return found.end() if short or place_word(name.replace(" ", "")) or _country(name) else end


# the town before a state and ZIP on a line of its own: "Salem, "
TOWN_BEFORE_STATE = re.compile(rf"[ \t]*{_TOWN_WORD}(?:[ \t]+{_TOWN_WORD}){{0,2}},[ \t]*")


@lru_cache(maxsize=1)
def _world_towns() -> frozenset[str]:
    """The names, and other names, of the world's towns of 15,000 people or more, folded."""
    from hindsight.share.redact_people import world_cities

    names: set[str] = set()
    for city in world_cities():
        names.add(city["name"].lower())
        names.update(other.lower() for other in city.get("alternatenames") or ())
    return frozenset(names)


def _world_town(name: str) -> bool:
    return name.lower() in _world_towns()


def _country(name: str) -> bool:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - declared dependency
        return False
    try:
        return pycountry.countries.lookup(name) is not None
    except LookupError:
        return False


# a locality on a line of its own between the street and the town: "Katugastota,"
PLACE_LINE = re.compile(rf"[ \t]*{_TOWN_WORD}(?:[ \t]+{_TOWN_WORD}){{0,3}}[ \t]*,[ \t]*")


def _lines_above(text: str, start: int) -> int:
    """An address printed as a block: the street line(s) above a postcode-and-town line, over
    a locality's line ("No. 221/B, Temple Road," / "Katugastota," / "Kandy 20800"), and a
    street that is the last part of a longer line ("Lotissement Al Massira, Rue 14, N° 27")."""
    result = cursor = start
    for _ in range(3):
        line_start = text.rfind("\n", 0, cursor) + 1
        if text[line_start:cursor].strip() or line_start == 0:
            break
        above = text.rfind("\n", 0, line_start - 1) + 1
        line = text[above : line_start - 1]
        found = _address_part(line)
        if found is not None and not line[: found[0]].strip() and found[1] and _house_part_ok(line):
            result = cursor = above + found[0]
            continue
        walked = _walk_back(text, line_start - 1)
        if walked is not None and walked >= above:
            return walked
        if PLACE_LINE.fullmatch(line) and result == start:
            cursor = above + len(line) - len(line.lstrip())
            continue  # kept only if a street with its number stands above it
        break
    return result


def _tails(text: str) -> Iterator[re.Match[str]]:
    """Every postal tail, also one that starts inside a street and number read as a town and a
    bare postcode ("Rue 7301" in "Rue 7301 n°22, 1003 Tunis")."""
    position = 0
    while (tail := TAIL.search(text, position)) is not None:
        yield tail
        position = tail.start() + 1 if tail.group("city") else tail.end()


def postal_address_spans(text: str) -> Iterator[Span]:
    found = list(_postal_and_box_spans(text))
    yield from found
    for span in labelled_address_spans(text):
        # an address after "lives at" that the postal reader already took stays as it took it
        if span.rule != "address-residence" or not any(
            f.start < span.end and span.start < f.end for f in found
        ):
            yield span
    yield from structured_address_spans(text)


def _postal_and_box_spans(text: str) -> Iterator[Span]:
    from hindsight.share.redact_people import place_word

    for tail in _tails(text):
        start = _walk_back(text, tail.start())
        if not _town_ok(tail.group()) and (
            start is None or not STREET_WORD.search(text, start, tail.start())
        ):
            continue  # "Kerkweg 12, 9000 Gent": a street word vouches for a town that is a word
        city = tail.group("city")
        if city and not (
            place_word(city.replace(" ", ""))
            or (_world_town(city) and not _ordinary(city.split()[0]))
            or re.match(r"[А-ЯЁΑ-Ω]", city)
            or (start is not None and STREET_WORD.search(text, start, tail.start()))
            or (start is not None and re.search(r"\d{7}$", tail.group()))
        ):
            continue  # a bare number after a word is a postcode only after a city or a street
        if start is None:
            line_start = text.rfind("\n", 0, tail.start()) + 1
            town = text[line_start : tail.start()]
            if town.strip() and not TOWN_BEFORE_STATE.fullmatch(town):
                continue
            start = _lines_above(text, line_start if town.strip() else tail.start())
            start = tail.start() if start == line_start else start
            if start == tail.start():
                continue
        elif start == text.rfind("\n", 0, start) + 1:
            start = _lines_above(text, start)
        end = country_end(text, tail.end())
        value = text[start:end]
        yield Span(start, end, Kind.ADDRESS, "address-postal", value.lower(), 0.9)
    for box in BOX_AT_END.finditer(text):
        start = _places_before(text, box.start())
        if start < box.start():
            yield Span(
                start,
                box.end(),
                Kind.ADDRESS,
                "address-po-box",
                text[start : box.end()].lower(),
                0.85,
            )
    for box in PO_BOX.finditer(text):
        if _ordinary(box.group("town").split()[0]):
            continue  # "PO Box 12 Delivery": no town
        end = country_end(text, box.end())
        start = _walk_back(text, box.start())
        start = _places_before(text, box.start()) if start is None else start
        yield Span(start, end, Kind.ADDRESS, "address-po-box", text[start:end].lower(), 0.9)


# a part of an address without a house number, before a post-office box: "Quartier Taouyah",
# "Commune de Ratoma", "Avenue de la République", "Immeuble Sabou", "Rue 218 Bè Kpota"
PLACE_LEAD_WORDS = frozenset([
    "maison", "quartier", "commune", "secteur", "immeuble", "avenue", "rue", "route", "boulevard",
    "cité", "lot", "plot", "zone", "sector", "barrio", "bairro"
])  # fmt: skip
PLACE_PARTICLES = frozenset(["de", "du", "des", "la", "le", "el", "del", "da", "do", "of", "d'"])


def _place_piece(piece: str) -> bool:
    words = piece.split()
    if not 1 <= len(words) <= 6 or _ordinary(words[-1].rstrip(".")):
        return False
    if not (words[0][:1].isupper() or words[0].lower() in PLACE_LEAD_WORDS):
        return False
    return all(
        w[:1].isupper()
        or w.isdigit()
        or w.lower() in PLACE_PARTICLES
        or w.lower() in PLACE_LEAD_WORDS
        for w in words
    )


def _places_before(text: str, start: int) -> int:
    """The start of the comma-separated places before a post-office box on its line (up to
    four), each a place's or a street's name; `start` where none is. A clause before a dash or
    a colon is left out ("Sabou Énergie SA — Immeuble Sabou, …")."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].rstrip(" \t")[-1:] != ",":
        return start
    cursor = text.rfind(",", line_start, start)
    found = start
    for _ in range(4):
        piece_start = max(text.rfind(",", line_start, cursor) + 1, line_start)
        piece = text[piece_start:cursor]
        for mark in ("— ", "– ", ": "):
            if mark in piece:
                piece_start += piece.rfind(mark) + len(mark)
                piece = text[piece_start:cursor]
        if not _place_piece(piece.strip(" \t")):
            break
        found = piece_start + len(piece) - len(piece.lstrip(" \t"))
        if piece_start <= line_start or text[piece_start - 1] != ",":
            break
        cursor = piece_start - 1
    return found


# a post-office box that ends its line with no town after it: "…, Conakry, BP 3412"
BOX_AT_END = re.compile(r"(?<![\w.])(?:\d{2}[ ])?BP[ \t]+\d{1,6}(?=[ \t]*(?:\n|$|[.;]))")


# A labelled address in the languages the line-start label rule (`redact_pii`) does not read, or
# mid-line: "Ünvan: …", "Адреса: ул. …", "Anwani: Mtaa wa …", "住址 Address: …", "хаяг: …".
ADDRESS_LABEL = re.compile(
    r"(?i)(?<![\w@.\-])(?:(?:home|postal|mailing|billing|shipping|delivery|residential|"
    r"registered|business|correspondence)[ \t]+)?"
    r"(?P<label>address|adres|adresse|adresa|anschrift|dirección|direccion|domicilio|endereço|"
    r"morada|indirizzo|địa chỉ|osoite|cím|διεύθυνση|адрес|адреса|адрас|хаяг|ünvan|anwani|"
    r"heimilisfang|نشانی|آدرس|العنوان|عنوان|მისამართი|հասցե|住址|地址|주소|住所|correspondence"
    # round 19: more languages' words for it (Slovene/Croatian, Malay/Indonesian, Uzbek/Tajik,
    # Catalan, Tagalog, Hungarian, Czech, Baltic, Hebrew, Hindi, Urdu, Bengali, Tamil, Thai,
    # Amharic)
    r"|naslov|alamat|manzil|manzili|direcció|adreça|tirahan|lakcím|bydliště|adresas|adrese"
    r"|aadress|כתובת|पता|پتہ|ঠিকানা|முகவரி|ที่อยู่\w*|አድራሻ"
    # round 22: Romanian "domiciliu" (a residence), Polish "adres zamieszkania" reads as adres
    r"|domiciliu|domiciliul|reședința|resedinta)"
    r"(?P<rest>(?:[ \t]+(?:e|de|na|ya|del|of|[^\W\d_]{2,12})){0,2})[ \t]*[:：՝፦፡][ \t]*"
)
# Where someone lives, said in a sentence: "he lives at House No. 17, Oxford Street, Osu",
# "domiciliado en Av. Juan Pablo II N° 2560", "القاطن بـ …", "Naishi Mtaa wa Uhuru, Nyumba
# Na. 12" (round 19). What follows is read like a labelled address.
RESIDENCE_CUE = re.compile(
    r"(?i)(?<![\w@.\-])(?:(?:lives|living|resides|residing|resident|domiciled|staying) at"
    r"|(?:domiciliad[oa]|residente|reside|vive|habita|con domicilio) en"
    r"|(?:residente|domiciliad[oa]|morador[a]?|mora|reside) (?:em|na|no|nos|nas)"
    r"|(?:demeurant|domicilié[e]?|habitant|habite|résidant) (?:à|au|aux|en)?"
    r"|(?:residente|domiciliat[oa]|abita) (?:a|in)|wohnhaft(?: in)?|wohnt in"
    r"|zamieszka[łl][aey]? (?:w|przy|na)|mieszka(?:m)? (?:w|przy|na)"
    r"|wonende te|woonachtig (?:te|aan|op)|beralamat di|tinggal di|nakatira sa"
    r"|ikamet eden|(?:ni|a|wa)?naishi|القاطن(?:ة)? ب(?:ـ)?|الساكن(?:ة)? ب(?:ـ)?"
    r"|مقيم(?:ة)? في|يسكن في|تسكن في)[ \t]+"
)
# who else calls a value an address: a network, a mailbox, a wallet
NOT_POSTAL_BEFORE = re.compile(
    r"(?i)(?:\b(?:ip|mac|e-?mail|mail|remote|bind|listen|server|host|web|wallet|contract|memory|"
    r"base|return|reply|from|to|node|peer|bluetooth|hardware|physical|virtual|public|private|"
    r"multicast|broadcast|gateway|ipv[46]|sender|recipient|client|socket|source|destination|"
    r"local|proxy|device|network|link)[ \t_\-]*)$"
)
# a comma part that is no longer the address: a phone, a mail, an id, a new label
LABEL_PART_STOP = re.compile(
    r"(?i)^(?:tel|tél|phone|mobile|cell|fax|e-?mail|утас|тел|телефон|simu|namba|sími|"
    r"id|nid|tin|рд)\b|[@:]|://|^(?!(?:کد[ \u200c]پستی|postcode|zip|plz|cep|cp)\b).*\d{7,}"
)
# where the sentence or a clause after the address begins (a full stop is checked apart for
# abbreviations); "y" and "e" join two streets of a corner ("Av. Amazonas N39-123 y José …")
LABEL_VALUE_STOP = re.compile(
    r"\.(?=\s)|[ \t]{3,}| / |[ \t]\(|[ \t]+(?:and|but|who|which|where|und|et|ve|va)[ \t]|"
    r"[ \t]+(?:y|e)[ \t]+(?=[a-z])"
)
ABBREVIATION_END = re.compile(r"(?:^|[\s,(„\"'])[^\W\d_]{1,4}\.$")


def _label_value(text: str, start: int) -> tuple[int, int] | None:
    """The address after a label at `start`: up to the end of the line or of the sentence (a
    full stop after a word longer than an abbreviation like "ул.", "Rr.", "Nr."), cut before a
    comma part that holds a phone number, a mail or another label."""
    while text.startswith("\\n", start):
        start += 2  # a JSON string's escaped line break after the label
    line_end = min(
        (
            found
            for mark in ("\n", "\\n", '"')
            if (found := text.find(mark, start, start + 300)) >= 0
        ),
        default=min(len(text), start + 300),
    )  # the line ends, or the JSON string that holds it; an address is a few hundred
    # characters at most (reading to the end of a long line for every cue on it made a line of
    # 20,000 "lives at" take minutes)
    end = start
    for part in re.finditer(r"[^,،、;|]+", text[start:line_end]):
        piece = part.group()
        if LABEL_PART_STOP.search(piece.strip()):
            break
        cut = len(piece)
        for stop in LABEL_VALUE_STOP.finditer(piece):
            if stop.group() == "." and ABBREVIATION_END.search(piece[: stop.end()]):
                continue
            cut = stop.start()
            break
        end = start + part.start() + len(piece[:cut].rstrip(" \t."))
        if cut < len(piece):
            break
    return (start, end) if end > start else None


def _prose_address_length(value: str) -> int:
    """How much of what follows "lives at" is the address: the sentence goes on after it in a
    part that starts with a small letter and holds no number (", and asked for a refund")."""
    end = 0
    for part in re.finditer(r"[^,،]+", value):
        words = part.group().split()
        if end and words and words[0][:1].islower() and not re.search(r"\d", part.group()):
            break
        end = part.end()
    return len(value[:end].rstrip(" ,،"))


def _place_like(value: str) -> bool:
    """A value after "lives at" that reads as a place: a capitalised or non-Latin word, and no
    path, file name or host."""
    if re.match(r"[/~.$\\]", value) or re.search(r"/[a-z_.-]{2,}|\.[a-z]{2,4}\b|://", value):
        return False
    return re.search(r"(?<![\w.])(?:[A-ZÀ-Þ][^\W\d_]{2,}|[^\W\d_a-zA-Zà-ÿ]{2,})", value) is not None


def labelled_address_spans(text: str) -> Iterator[Span]:
    cues = [
        label
        for label in ADDRESS_LABEL.finditer(text)
        if not NOT_POSTAL_BEFORE.search(text, max(0, label.start() - 20), label.start())
    ]
    cues += RESIDENCE_CUE.finditer(text)
    for label in cues:
        found = _label_value(text, label.end())
        if found is None:
            continue
        start, end = found
        value = text[start:end]
        if label.re is RESIDENCE_CUE:
            end = start + _prose_address_length(value)
            value = text[start:end]
            if not _place_like(value):
                continue  # "the state lives at /var/lib/etcd": where data lives, not people
        parts = [p for p in re.split(r"[,،、]", value) if p.strip()]
        if not re.search(r"[^\W\d_]{3}", value) or "://" in value:
            continue
        if re.fullmatch(r"[\d.:/\-\s\[\]]+|(?:[0-9a-fA-F]{1,4}:){2,}.*|0x[0-9a-fA-F]+.*", value):
            continue  # an IP or MAC address, a time, a memory address
        if re.search(r"\d", value) and not re.search(r"(?<![^\W\d_])\d", value):
            continue  # "Connection reset by peer,E116": a number only inside a code
        if not re.search(r"\d", value) and (
            len(parts) < 3 or any(part.strip()[0].islower() for part in parts)
        ):
            continue  # "Address: see below"; three named places are a rural address
        if len(value) < 8 or not re.search(r"[ ,،]", value):
            continue
        rule = "address-residence" if label.re is RESIDENCE_CUE else "address-label"
        yield Span(start, end, Kind.ADDRESS, rule, value.lower(), 0.85)


# A Korean road address: province or city, district, road and building number, then the
# building's dong and flat (ho), the neighbourhood in brackets and the postcode:
# "서울특별시 마포구 월드컵북로 396, 102동 1504호 (상암동) 03925"
KOREAN_ROAD_ADDRESS = re.compile(
    r"(?<![가-힣])(?:[가-힣]{1,10}(?:특별시|광역시|특별자치시|특별자치도|도|시)[ \t]+)?"
    r"(?:[가-힣]{1,10}(?:시|군|구)[ \t]+){1,3}(?:[가-힣]{1,10}(?:읍|면)[ \t]+)?"
    r"[가-힣0-9]{1,15}(?:로|길)[ \t]*\d{1,5}(?:-\d{1,5})?(?![\d\-])"
    r"(?:,?[ \t]*\d{1,4}동)?(?:,?[ \t]*\d{1,5}호)?(?:[ \t]*\([가-힣0-9]{1,10}(?:동|가|리)\))?"
    r"(?:[ \t]+\d{5}(?![\d\-]))?"
)
# the flat, block, building, office or floor after a post-Soviet street and house: ", кв. 12"
_CYRILLIC_UNITS = (
    r"(?:,[ \t]*(?:кв\.|корп\.|к\.|стр\.|оф\.|офис|эт\.)[ \t]*\d{1,5}[А-Яа-я]?(?![\w\-]))*"
)
# A Russian, Belarusian or Kyrgyz address written postcode first:
# "105064, г. Москва, ул. Земляной Вал, д. 9, кв. 12", "220030, г. Мінск, вул. Кірава, 4-17"
CYRILLIC_POSTCODE_FIRST = re.compile(
    r"(?<![\w\-])\d{6},[ \t]*(?:(?:г\.|гор\.|с\.|пос\.|пгт)[ \t]*)?[А-ЯЁІЎ][\w\-]+"
    r"(?:,[ \t]*(?:ул\.|вул\.|пр\.|пр-т|просп\.|пер\.|пл\.|б-р|бул\.|наб\.|ш\.|мкр\.?)[ \t]*"
    r"[А-ЯЁІЎ0-9«\"][^,\n]{1,40})"
    r"(?:,[ \t]*(?:д\.|дом)?[ \t]*\d{1,5}[А-Яа-я]?(?:[/\-]\d{1,5}[А-Яа-я]?)?(?![\w\-]))"
    + _CYRILLIC_UNITS
)
# The same street written without the postcode, in a sentence or after the town: "ул. Ленина,
# д. 5", "г. Минск, пр-т Независимости, д. 58, кв. 12", "вул. Янкі Купалы, 17" (round 23)
CYRILLIC_STREET = re.compile(
    r"(?<![\w\-])(?:(?:г\.|гор\.)[ \t]*[А-ЯЁІЎ][\w\-]+,[ \t]*)?"
    r"(?:ул\.|улица|вул\.|вуліца|вулиця|пр\.|пр-т|пр-кт|просп\.|проспект|пер\.|пл\.|б-р|бул\.|"
    r"бульвар|наб\.|ш\.|шоссе|мкр\.?|микрорайон)[ \t]*[А-ЯЁІЎ0-9«\"„“][^,\n]{1,40}?"
    r",?[ \t]*(?:д\.|дом)?[ \t]*\d{1,5}[А-Яа-я]?(?:[/\-]\d{1,5}[А-Яа-я]?)?(?![\w\-.]|\.\d)"
    + _CYRILLIC_UNITS
)
# An address in Arabic or Persian script: a street word, its name, and at least one part that
# names a building, a floor, a flat or a plate number ("شارع عزمي، بناية الحسن، الطابق الثاني",
# "خیابان شریعتی، کوچه یاس، پلاک ۱۴، واحد ۳"), the town written first or last (round 23)
_AR_WORD = r"[^\s،,.:;()\[\]\n]+"
_AR_BUILDING = (
    r"(?:بناية|بناء|مبنى|عمارة|منزل|فيلا|فيلّا|بيت|رقم|الطابق|طابق|شقة|مجمع|بلوك|مربع|قطعة|"
    r"پلاک|واحد|طبقه|کوچه|زقاق|کد\s+پستی|ص\.\s?ب\.?|صندوق\s+بريد)"
)
ARABIC_ADDRESS = re.compile(
    rf"(?<![^\s،,(\[:])(?:(?:حي|منطقة)[ \t]+)?(?:{_AR_WORD}[،,][ \t]*)?"
    r"(?:شارع|طريق|جادة|زقاق|حي|نهج|زنقة|درب|خیابان|کوچه|بلوار|میدان|بزرگراه)"
    rf"[ \t]+{_AR_WORD}(?:[ \t]+{_AR_WORD}){{0,3}}"
    rf"(?:[،,][ \t]*{_AR_BUILDING}[ \t]*{_AR_WORD}(?:[ \t]+{_AR_WORD}){{0,2}}){{1,5}}"
)
# An address in an HL7 v2 segment (PID-11, NK1-4): street^other^city^state^postcode
HL7_ADDRESS = re.compile(
    r"(?<=\|)(?P<v>\d[^|^\n]{3,60}\^[^|^\n]{0,30}\^[^|^\n]{2,40}\^[^|^\n]{0,30}\^"
    r"[A-Z0-9][A-Z0-9 \-]{2,9})(?=[|^~\n]|$)"
)
HL7_SEGMENT = re.compile(r"(?m)^(?:PID|NK1|GT1|IN1|PV1|ORC|MSH)\|")


def structured_address_spans(text: str) -> Iterator[Span]:
    """Addresses whose own order marks them: Korean road addresses, the post-Soviet postcode
    first, HL7's caret-separated components."""
    if re.search(r"[가-힣]", text):
        for match in KOREAN_ROAD_ADDRESS.finditer(text):
            value = match.group()
            yield Span(match.start(), match.end(), Kind.ADDRESS, "address-postal", value, 0.9)
    for match in CYRILLIC_POSTCODE_FIRST.finditer(text):
        value = match.group()
        yield Span(match.start(), match.end(), Kind.ADDRESS, "address-postal", value.lower(), 0.9)
    if re.search(r"[\u0600-\u06ff]", text):
        for match in ARABIC_ADDRESS.finditer(text):
            value = match.group()
            yield Span(match.start(), match.end(), Kind.ADDRESS, "address-street", value, 0.85)
    if re.search(r"[А-Яа-яЁёІіЎў]", text):
        for match in CYRILLIC_STREET.finditer(text):
            value = match.group()
            yield Span(
                match.start(), match.end(), Kind.ADDRESS, "address-street", value.lower(), 0.85
            )
    if "^" in text and HL7_SEGMENT.search(text):
        for match in HL7_ADDRESS.finditer(text):
            value = match.group("v")
            yield Span(match.start(), match.end(), Kind.ADDRESS, "address-hl7", value.lower(), 0.9)


# --- an address's edges that its readers stop short of ------------------------------------------

# A line that is only a town and its postcode, with or without a state: "Brighton, MA 02135",
# "Melbourne VIC 3000", "Toronto, ON M2N 6K1", "30-523 Kraków".
# (a suburb in capitals, as Australia Post prints it: "RAILWAY ESTATE QLD 4810")
_TOWN_OR_CAPS = rf"(?:{_TOWN_WORD}|(?!(?:{REGION_CODES})\b)[A-Z][A-Z'’\-]{{2,}})"
TOWN_LINE_HEAD = re.compile(rf"[ \t]*(?:{_TOWN_OR_CAPS}(?:[ \t]+{_TOWN_OR_CAPS}){{0,2}},?[ \t]+)?")
LINE_END = re.compile(r"[ \t,.]*(?:\n|$)")


REGION_AFTER = re.compile(rf",[ \t]*{_TOWN_WORD}(?:[ \t]+{_TOWN_WORD}){{0,2}}")
LINE_BREAK_AFTER = re.compile(r"[ \t,]*\n")
SEPARATOR = re.compile(r"[ \t,]*")


def town_line_end(text: str, end: int) -> int:
    """Past the next line when the address ends its line and that line is its town and postcode
    alone: a block address whose street line carries a label or a unit ("Mailing address: 742
    Evergreen Terrace" / "Springfield, IL 62704"), which the block reader does not climb to;
    up to two localities' lines may stand between ("Flat 3-B, Block 12," / "Gulshan-e-Iqbal," /
    "Karachi 75300"), and the region may follow ("7750000 Ñuñoa, Región Metropolitana")."""
    gap = LINE_BREAK_AFTER.match(text, end)
    if gap is None:
        return end
    line_start = gap.end()
    for _ in range(2):
        line_end = text.find("\n", line_start)
        if line_end < 0 or not PLACE_LINE.fullmatch(text, line_start, line_end):
            break
        line_start = line_end + 1
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start > 60:
        return end
    closing = _postcode_block_end(text, line_start)
    if closing is not None:
        return closing
    coded = TOWN_CODE_LINE.match(text, line_start, line_end)
    if coded is not None and LINE_END.match(text, coded.end()):
        return _region_line_end(text, coded.end())
    head = TOWN_LINE_HEAD.match(text, line_start, line_end)
    tail = TAIL.match(text, head.end() if head else line_start, line_end)
    if tail is None and head is not None and head.end() > line_start:
        tail = TAIL.match(text, line_start, line_end)  # "30-523 Kraków": the tail is the line
    if tail is None:
        return end
    town = re.sub(
        r"^[\W\d_]+|[\W\d_]+$", "", re.sub(r"\b[A-Z]{1,2}\d\w*|\d[\d\-]*", "", tail.group())
    )
    if not _town_ok(tail.group()) and not _world_town(town):
        return end  # "40400 Shah Alam": a town of the world, though "shah" is a word
    closed = tail.end()
    region = REGION_AFTER.match(text, closed, line_end)
    if region is not None and LINE_END.match(text, region.end()):
        closed = region.end()
    if not LINE_END.match(text, closed):
        return end
    return _region_line_end(text, country_end(text, closed))


# a state and its postcode after a town in capitals: "RAILWAY ESTATE" + " QLD 4810"
STATE_CODE_AFTER = re.compile(
    rf"[ \t]+(?:{REGION_CODES})[ \t]+(?:\d{{5}}(?:-\d{{4}})?|\d{{4}}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d)(?![\w\-])"
)
# a block that ends on its postcode alone: "Pinheiros — São Paulo/SP" / "05407-002"
LOOSE_PLACE_LINE = re.compile(
    rf"[ \t]*{_TOWN_WORD}(?:[ \t]*(?:[—–/,\-][ \t]*|[ \t]+)(?:{_TOWN_WORD}|[A-Z]{{2}}|de|do|da|dos|das|del))"
    r"{0,6}[ \t,]*"
)
POSTCODE_LINE = re.compile(
    rf"[ \t]*(?:CEP[ \t:]*)?(?:\d{{5}}-\d{{3}}|\d{{4,6}}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d|{UK_POSTCODE})[ \t]*(?=\n|$)"
)


def _postcode_block_end(text: str, line_start: int) -> int | None:
    """Past one or two lines of places and the postcode's own line under them, or None."""
    cursor = line_start
    for _ in range(2):
        line_end = text.find("\n", cursor)
        if line_end < 0 or not LOOSE_PLACE_LINE.fullmatch(text, cursor, line_end):
            return None
        postcode = POSTCODE_LINE.match(text, line_end + 1)
        if postcode is not None:
            return postcode.end()
        cursor = line_end + 1
    return None


# a town and a parish's or district's letter code: "Paget PG 04", "St. George's GE 05"
TOWN_CODE_LINE = re.compile(
    rf"[ \t]*(?:St\.?[ ])?{_TOWN_WORD}(?:[ \t]+{_TOWN_WORD}){{0,2}},?[ \t]+[A-Z]{{2}}[ ]?\d{{2}}(?![\w\-])"
)
LONE_PLACE_LINE = re.compile(
    rf"\n[ \t]*(?P<p>{_TOWN_WORD}(?:[ \t]+{_TOWN_WORD}){{0,2}})[ \t]*(?=\n|$)"
)


def _region_line_end(text: str, end: int) -> int:
    """Past a state, province or country on the line under the town ("Selangor", "Canada")."""
    gap = SEPARATOR.match(text, end)  # always matches, if only the empty string
    lone = LONE_PLACE_LINE.match(text, gap.end() if gap else end)
    if lone is None:
        return end
    from hindsight.share.redact_people import place_word

    name = lone.group("p")
    known = place_word(name.replace(" ", "")) or _country(name) or _subdivision(name)
    return lone.end() if known else end


@lru_cache(maxsize=1)
def _subdivisions() -> frozenset[str]:
    """The names of the world's states, provinces and regions (ISO 3166-2, by pycountry)."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - declared dependency
        return frozenset()
    return frozenset(s.name.lower() for s in pycountry.subdivisions)


def _subdivision(name: str) -> bool:
    return name.lower() in _subdivisions()


# After the street, the floor, the district and the town up to a postcode that closes the line:
# "Av. Paulista 1578, 12º andar, Bela Vista, São Paulo - SP, 01310-200".
_PLACE_WORD = rf"(?:[{_UP}][{_LOW}A-Z.'’\-]*|de|do|da|dos|das|del|la|le|el|di|du|[\u0621-\u064a\u0671-\u06d3]+)"
_PLACE_PART = rf"{_PLACE_WORD}(?:[ \t]+{_PLACE_WORD}){{0,3}}"
CHAIN_TO_POSTCODE = re.compile(
    r"(?:[ \t]+(?i:andar|piso|floor|étage|etage|stock|og|sala|conj\.?))?"
    rf"(?:[ \t]*[,،\-–][ \t]*{_PLACE_PART}){{0,5}}[ \t]*[,،\-–]?[ \t]*(?:CEP|C\.P\.|CP)?[ \t]?"
    rf"(?P<code>\d{{5}}-\d{{3}}|\d{{5,7}}|\d{{2}}-\d{{3}}|\d{{3}}[ ]\d{{2}}|\d{{4}}|{UK_POSTCODE}|"
    r"[A-Z]{2}[ ]\d{2}|"  # a parish's code: "Warwick WK 04", "Hamilton HM 10"
    r"[A-Z]\d[A-Z][ ]?\d[A-Z]\d)(?![\w\-])"
)


CHAIN_END = re.compile(r"[ \t]*(?:[.;)\n·|\"'”»]|$|,[ \t]|[ \t](?:and|or|y|et|und|e|o)[ \t])")


def chain_end(text: str, end: int) -> int:
    """Past the places that follow an address to a postcode ending its line or sentence."""
    found = CHAIN_TO_POSTCODE.match(text, end)
    if found is None or not CHAIN_END.match(text, found.end()):
        return end
    code = found.group("code")
    if re.fullmatch(r"(?:19|20)\d\d", code):
        return end  # a year, not a postcode
    return country_end(text, found.end())


# A building named before the street address: "Mirage Tower 2, Chiromo Road", "Kingsley House,".
BUILDING_BEFORE = re.compile(
    r"(?:(?i:aras|tingkat|level|floor|piso|andar|étage|etage)[ \t]+\w{1,4},[ \t]*)?"
    rf"(?:(?:[{_UP}][{_LOW}A-Z'’\-]+[ \t]+){{1,3}}(?:Tower|Towers|House|Building|Bldg\.?|Plaza|"
    r"Centre|Center|Court|Complex|Heights|Mall|Arcade|Chambers|Mansions?|Apartments|Residency|"
    r"Estate|Park|Place)"
    # the building's word first: "Menara Sejahtera,", "Wisma Atria,", "Edificio Torre Sol,"
    rf"|(?:Menara|Wisma|Bangunan|Torre|Edificio|Edif\.|Immeuble|Résidence|Gebäude)"
    rf"(?:[ \t]+[{_UP}][{_LOW}A-Z'’\-]+){{1,3}})[ \t]*,?[ \t]*$"
)
