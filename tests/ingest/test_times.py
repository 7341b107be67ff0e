"""Time parsing: every way logs write an instant lands on the same UTC moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from hindsight.ingest.times import epoch_from_number, implausible, iso_epoch, parse_time

moments = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))


@given(moments, st.sampled_from(["s", "ms", "us", "ns", "iso_z", "iso_offset", "iso_naive"]))
def test_any_time_format_parses_to_the_same_instant(moment: datetime, style: str) -> None:
    epoch = moment.timestamp()
    paris = ZoneInfo("Europe/Paris")
    value: object
    if style == "s":
        value = int(epoch) if moment.microsecond == 0 else epoch
    elif style == "ms":
        value = round(epoch * 1000)
    elif style == "us":
        value = round(epoch * 1_000_000)
    elif style == "ns":
        value = str(round(epoch * 1000) * 1_000_000)
    elif style == "iso_z":
        value = moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    elif style == "iso_offset":
        value = moment.astimezone(timezone(timedelta(hours=-5))).isoformat()
    else:
        value = moment.astimezone(paris).replace(tzinfo=None).isoformat(sep=" ")
    parsed = parse_time(value, paris)
    assert parsed is not None
    assert abs(parsed - epoch) < 1e-3 or (style == "iso_naive" and _ambiguous(moment, paris))


def _ambiguous(moment: datetime, zone: ZoneInfo) -> bool:
    local = moment.astimezone(zone).replace(tzinfo=None)
    return (
        local.replace(tzinfo=zone, fold=0).utcoffset()
        != local.replace(tzinfo=zone, fold=1).utcoffset()
    )


def test_epoch_units_are_told_apart_by_magnitude() -> None:
    assert epoch_from_number(1765838820) == 1765838820
    assert epoch_from_number(1765838820123) == 1765838820.123
    assert epoch_from_number(1765838820123456) == 1765838820.123456
    assert abs(epoch_from_number(1765838820123456789) - 1765838820.123456789) < 1e-6


def test_iso_variants() -> None:
    want = datetime(2025, 12, 15, 22, 47, 3, 123000, tzinfo=UTC).timestamp()
    assert iso_epoch("2025-12-15T22:47:03.123Z") == want
    assert iso_epoch("2025-12-15 22:47:03,123") == want
    assert iso_epoch("2025-12-15T23:47:03.123+01:00") == want
    assert iso_epoch("2025-12-15T23:47:03.123+0100") == want
    assert abs(iso_epoch("2025-12-15T17:47:03.123077559-05:00") - want - 0.000077559) < 1e-5  # type: ignore[operator]
    assert iso_epoch("not a time") is None


def test_implausible_times_are_named() -> None:
    now = datetime(2025, 12, 16, tzinfo=UTC).timestamp()
    assert implausible(datetime(1999, 1, 1, tzinfo=UTC).timestamp(), now) == "before 2000"
    assert implausible(now + 30 * 86400, now) == "in the future"
    assert implausible(now - 3600, now) is None
