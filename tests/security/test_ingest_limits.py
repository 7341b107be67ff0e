"""Hostile input to ingest and import (issue 18, points 1, 6, 8 and 11): each point reproduced,
each refusal one line naming the file (and line), never a traceback or a frozen process."""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from pathlib import Path

import httpx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hindsight import safeyaml
from hindsight.cli.main import app
from hindsight.domain.policy import load_policy
from hindsight.errors import InvalidInput
from hindsight.ingest import columnar, condense, templates
from hindsight.ingest.condense import Aggregate
from hindsight.ingest.evidence import clean_stale
from hindsight.ingest.records import ParseOptions, Source
from hindsight.limits import MAX_LINE_CHARS, STALE_TEMP_SECONDS, TRUNCATED_MARK
from hindsight.store.repo import Store
from hindsight.timeutil import parse_duration
from hindsight.workspace import Workspace
from tests.conftest import TEST_DATA
from tests.ingest.conftest import INCIDENT, cli_ws  # noqa: F401  (fixture)
from tests.ingest.helpers import state
from tests.ingest.test_columnar import by_lines, chunks_of
from tests.web.conftest import Server, editor, new_incident, server  # noqa: F401  (fixtures)

runner = CliRunner()
FRONT_MATTER_DOC = TEST_DATA / "render" / "handwritten-frontmatter.md"

# The patterns as they were: the reference the linear-time forms must agree with (on inputs
# short enough for backtracking not to matter).
OLD_SHAPE = re.compile(r"[0-9a-fA-F]*[0-9][0-9a-fA-F]*")
OLD_QUANTITY = re.compile(
    r"<?[-+]?\d+(?:\.\d+)?\s?(?:ms|us|ns|s|secs?|seconds?|mins?|minutes?|h|hours?|[KMGT]i?B|bytes)\b"
)


def ingest(path: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["ingest", INCIDENT, str(path), *extra])
    return result.exit_code, result.output  # (stderr mixed in)


def one_line_failure(output: str, name: str) -> str:
    """The ✗ line naming `name`; fails when the output holds a traceback."""
    assert "Traceback" not in output and "Error:" not in output.replace("error:", ""), output
    lines = [line for line in output.splitlines() if line.startswith("✗")]
    assert len(lines) == 1 and name in lines[0], output
    return lines[0]


# --- point 1: linear-time shaping, and the per-line cap ---------------------------------------


hexish = st.text(alphabet="0123456789abcdefABCDEFgxz .:-_é", max_size=40)


@settings(max_examples=400, deadline=None)
@given(message=hexish)
def test_linear_shape_replaces_the_runs_the_old_pattern_did(message: str) -> None:
    assert condense.SHAPE.sub("0", message) == OLD_SHAPE.sub("0", message)


@settings(max_examples=100, deadline=None)
@given(messages=st.lists(hexish, min_size=1, max_size=20))
def test_shape_is_the_same_with_polars(messages: list[str]) -> None:
    import polars as pl

    theirs = pl.Series(messages).str.replace_all(condense.SHAPE_PATTERN, "0").to_list()
    assert [condense.SHAPE.sub("0", m) for m in messages] == theirs


@settings(max_examples=400, deadline=None)
@given(message=st.text(alphabet="0123456789.-+< smhKMGTiBytesbyte", max_size=30))
def test_linear_quantity_mask_matches_what_the_old_one_did(message: str) -> None:
    quantity = templates._MASKS[11][0]
    assert quantity.sub("<QTY>", message) == OLD_QUANTITY.sub("<QTY>", message)


@pytest.mark.parametrize("run", ["ea", "1", "a1-", "1 ", "<1"])
def test_shaping_and_masking_a_megabyte_line_finishes(run: str) -> None:
    """Quadratic before: a 100 KB digit-less hex run took 43 s to shape; 200 KB never ended."""
    line = run * (2**20 // len(run)) + "!"
    assert condense.SHAPE.sub("0", line)
    assert templates.mask(line[:MAX_LINE_CHARS])


def test_a_long_line_is_cut_marked_and_reported(cli_ws: tuple[Workspace, Store]) -> None:  # noqa: F811
    workspace, store = cli_ws
    path = workspace.root / "long.log"
    long_message = "ea" * 150_000  # 300 KB of hex letters: never finished before
    path.write_text(
        f"2025-12-15T22:47:03Z ERROR api: {long_message}\n2025-12-15T22:47:04Z INFO api: ok\n",
        encoding="utf-8",
    )
    code, output = ingest(path)
    assert code == 0, output
    assert "1 message longer than 64 KiB was cut" in output and "long.log:1" in output
    with store.session():
        incident = store.get(INCIDENT)
    cut = [e for e in incident.timeline if e.text.startswith("ERROR ea")]
    assert len(cut) == 1 and cut[0].detail.get("truncated") is True
    blobs = list((workspace.evidence_dir).glob("*/*"))
    assert any(long_message in b.read_text(encoding="utf-8") for b in blobs)  # kept whole


@pytest.mark.parametrize("format_name", ["jsonl", "text"])
def test_columnar_and_line_readers_cut_alike(format_name: str, tmp_path: Path) -> None:
    big = "c464" + "ea" * (MAX_LINE_CHARS // 2 + 10)
    if format_name == "jsonl":
        row = '{{"ts":"2025-12-15T22:00:0{s}.000Z","level":"ERROR","service":"a","msg":"{m}"}}'
    else:
        row = "2025-12-15T22:00:0{s}.000Z ERROR a: {m}"
    lines = [row.format(s=i % 10, m=big if i % 3 == 2 else f"short {i}") for i in range(12)]
    path = tmp_path / f"x.{format_name}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = ParseOptions()
    with chunks_of(MAX_LINE_CHARS):
        found = columnar.aggregate(format_name, Source(path, "x"), options, 0.0)
    assert found is not None
    expected = by_lines(format_name, path, options, 0.0)
    assert state(found) == state(expected)
    assert found.truncated == 4
    assert any(g[5].endswith(TRUNCATED_MARK) for g in found.groups.values())


def test_fused_readers_cut_as_add_all_does(tmp_path: Path) -> None:
    from hindsight.ingest import jsonl

    big = "x" * (MAX_LINE_CHARS + 5)
    path = tmp_path / "x.jsonl"
    path.write_text(
        json.dumps({"ts": "2025-12-15T22:00:01Z", "level": "info", "msg": big}) + "\n",
        encoding="utf-8",
    )
    fused = Aggregate()
    jsonl.aggregate(Source(path, "x"), ParseOptions(), fused)
    assert state(fused) == state(by_lines("jsonl", path, ParseOptions(), 0.0))
    assert fused.truncated == 1


# --- point 6: YAML alias bombs and deep nesting -----------------------------------------------

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (BOMB, "aliases expand to more than"),
        ("a: " + "[" * 5000 + "]" * 5000, "nested deeper than"),
        ("a: " + "{a: " * 300 + "1" + "}" * 300, "nested deeper than"),
        ("\n".join("  " * i + "a:" for i in range(200)) + " 1", "nested deeper than"),
        ("- " * 300 + "x", "nested deeper than"),
        ("a: &a [*a]", "an alias inside its own anchor"),
        ("a: &a 1\nb: [" + ",".join(["*a"] * 2000) + "]", "more than 1,000 aliases"),
    ],
)
def test_yaml_bombs_and_deep_nesting_are_refused_before_they_are_built(
    text: str, problem: str
) -> None:
    with pytest.raises(safeyaml.YAMLLimitError) as caught:
        safeyaml.load(text)
    assert problem in str(caught.value.problem)
    assert isinstance(caught.value, yaml.YAMLError)  # callers that report bad YAML report it


def test_ordinary_yaml_with_anchors_still_loads() -> None:
    text = "defaults: &d {owner: sre, due: 2025-12-31}\nfirst: *d\nsecond: {<<: *d, owner: db}\n"
    assert safeyaml.load(text)["second"] == {"owner": "db", "due": safeyaml.load("2025-12-31")}


def _with_front_matter(extra: str, path: Path) -> Path:
    base = FRONT_MATTER_DOC.read_text(encoding="utf-8")
    end = base.index("\n---", 4)
    path.write_text(base[:end] + "\n" + extra + base[end:], encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (BOMB.replace("a: &a", "aa: &a"), "aliases expand to more than 100,000 values"),
        ("extra: " + "[" * 3000 + "]" * 3000, "nested deeper than 50 levels"),
    ],
)
def test_markdown_import_refuses_a_bomb_in_front_matter(
    extra: str, said: str, workspace: Path
) -> None:
    path = _with_front_matter(extra, workspace / "bomb.md")
    result = runner.invoke(app, ["import", str(path)])
    output = result.output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert said in output and "bomb.md:" in output


def test_policy_file_with_a_bomb_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"policy.yaml: not valid YAML at line \d+"):
        load_policy(path)


# --- point 8: one line, exit 2, instead of tracebacks -----------------------------------------

DEEP = 3000


@pytest.mark.parametrize(
    ("name", "document", "format_name"),
    [
        (
            "am.json",
            '{"receiver":"x","status":"firing","alerts":[{"startsAt":"2025-12-15T22:00:00Z",'
            '"labels":' + '{"a":' * DEEP + "1" + "}" * DEEP + "}]}",
            "alertmanager",
        ),
        ("k8s.json", '{"kind":"EventList","items":[' + "[" * DEEP + "]" * DEEP + "]}", "k8s"),
        (
            "prom.json",
            '{"status":"success","data":{"resultType":"matrix","result":['
            + "[" * DEEP
            + "]" * DEEP
            + "]}}",
            "prometheus",
        ),
        ("pd.json", '{"log_entries":[' + "[" * DEEP + "]" * DEEP + "]}", "pagerduty"),
        ("shallow-but-deep.json", '{"log_entries":[' + "[" * 150 + "]" * 150 + "]}", "pagerduty"),
    ],
)
@pytest.mark.parametrize("forced", [False, True])
def test_deeply_nested_json_is_one_line_with_exit_2(
    name: str,
    document: str,
    format_name: str,
    forced: bool,
    cli_ws: tuple[Workspace, Store],  # noqa: F811
) -> None:
    workspace, _ = cli_ws
    path = workspace.root / name
    path.write_text(document, encoding="utf-8")
    code, output = ingest(path, *(["--format", format_name] if forced else []))
    assert code == 2, output
    line = one_line_failure(output, name)
    if forced:
        assert "nested deeper than 100 levels" in line and "line 1" in line


def test_csv_field_over_the_limit_names_file_and_line(cli_ws: tuple[Workspace, Store]) -> None:  # noqa: F811
    workspace, _ = cli_ws
    path = workspace.root / "big.csv"
    path.write_text(
        "time,level,message\n2025-12-15T22:47:03Z,INFO,ok\n"
        f"2025-12-15T22:47:04Z,ERROR,{'x' * 200_000}\n",
        encoding="utf-8",
    )
    code, output = ingest(path, "--format", "csv")
    assert code == 2, output
    line = one_line_failure(output, "big.csv:3")
    assert "131,072 characters" in line


def test_truncated_gzip_is_one_line_with_exit_2(cli_ws: tuple[Workspace, Store]) -> None:  # noqa: F811
    workspace, store = cli_ws
    data = (TEST_DATA / "ingest" / "checkout.jsonl.gz").read_bytes()
    path = workspace.root / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    code, output = ingest(path)
    assert code == 2, output
    assert "truncated or corrupt" in one_line_failure(output, "cut.jsonl.gz")
    small = workspace.root / "cut-small.log.gz"
    small.write_bytes(gzip.compress(b"2025-12-15T22:47:03Z INFO a: b\n" * 50)[:-12])
    code, output = ingest(small)
    assert code == 2 and "truncated or corrupt" in one_line_failure(output, "cut-small.log.gz")
    with store.session():
        assert store.get(INCIDENT).timeline == []  # nothing half-stored


@pytest.mark.parametrize(
    ("field", "value"),
    [("downtime_minutes", "9" * 400), ("users_affected", "9" * 30), ("money_lost", "1e400")],
)
def test_huge_numbers_in_front_matter_are_warned_not_a_traceback(
    field: str, value: str, workspace: Path
) -> None:
    path = _with_front_matter(f"impact:\n  {field}: {value}", workspace / "huge.md")
    result = runner.invoke(app, ["import", str(path)])
    output = result.output
    assert result.exit_code == 0, output
    assert f"impact '{field}'" in output and "huge.md:1" in output


def test_huge_durations_are_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="too long a duration"):
        parse_duration("9" * 30 + " days")
    with pytest.raises(InvalidInput, match="too long a duration"):
        parse_duration("9" * 5000 + ":00")


def test_web_upload_of_an_unreadable_file_is_a_4xx_json_error(
    server: Server,  # noqa: F811
    editor: httpx.Client,  # noqa: F811
) -> None:
    inc = new_incident(editor)
    deep = '{"kind":"EventList","items":[' + "[" * DEEP + "]" * DEEP + "]}"
    response = editor.post(
        f"/api/incidents/{inc['id']}/evidence?format=k8s",
        files={"file": ("deep.json", deep.encode())},
    )
    assert 400 <= response.status_code < 500, response.text
    error = response.json()["error"]
    assert "deep.json" in error["message"] and "nested deeper" in error["message"]
    assert error["field"] == "file"


# --- point 11: kill -9 leftovers ---------------------------------------------------------------


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_stale_temporary_files_and_upload_folders_are_removed(tmp_path: Path) -> None:
    evidence, uploads = tmp_path / "evidence", tmp_path / "uploads"
    evidence.mkdir()
    (uploads / "old").mkdir(parents=True)
    (uploads / "fresh").mkdir()
    old_upload = uploads / "old" / "app.log"
    old_upload.write_text("x")
    (uploads / "fresh" / "app.log").write_text("x")
    stale, live = evidence / ".incoming-abc", evidence / ".incoming-def"
    stale.write_bytes(b"partial")
    live.write_bytes(b"being written")
    blob = evidence / "ab" / ("ab" + "0" * 62)
    blob.parent.mkdir()
    blob.write_bytes(b"kept")
    for path in (stale, old_upload, uploads / "old", blob):
        _age(path, STALE_TEMP_SECONDS + 60)
    assert clean_stale(evidence, uploads) == 2
    assert not stale.exists() and live.exists() and blob.exists()
    assert not (uploads / "old").exists() and (uploads / "fresh").exists()


def test_the_next_ingest_cleans_leftovers(cli_ws: tuple[Workspace, Store]) -> None:  # noqa: F811
    workspace, _ = cli_ws
    workspace.evidence_dir.mkdir(parents=True, exist_ok=True)
    leftover = workspace.evidence_dir / ".incoming-killed"
    leftover.write_bytes(b"x" * 1000)
    _age(leftover, STALE_TEMP_SECONDS + 1)
    code, output = ingest(TEST_DATA / "ingest" / "access.log")
    assert code == 0, output
    assert not leftover.exists()
