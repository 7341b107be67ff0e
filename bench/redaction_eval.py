"""Recall and false positives of the redactor on labelled corpora.

Corpora: detect-secrets' plugin test cases and gitleaks' rule self-tests (secrets), presidio's
synthetic PII sentences (email, phone, IP, card, IBAN; PERSON reported apart, without a
roster), and our own incident-prose corpus (tests/data/share/incident_prose.jsonl: provider
token formats, PII in ops chatter, roster names, internal hosts, and negatives).
Every false positive is listed. Speed is measured over all texts.

Real prose: every PERSON replacement the redactor made on the real DFDS and ICCO postmortems,
labelled person / not a person (tests/data/share/real_prose_person_replacements.jsonl), gives
person-name precision on real text, per half (dev / held-out, split by a hash of the file name).

Usage: python bench/redaction_eval.py [SHARED_DATA_DIR]  → bench/results/redaction.json
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from hindsight.share.redact import Kind, RedactionContext, redact
from hindsight.share.redact_eval import (
    Score,
    read_jsonl,
    score_postmortem,
    score_presidio,
    score_presidio_measured,
    score_presidio_people_with_roster,
    score_prose,
    score_secret_cases,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
PROSE = ROOT / "tests" / "data" / "share" / "incident_prose.jsonl"
POSTMORTEM_DEV = ROOT / "tests" / "data" / "share" / "redaction_postmortem_dev.jsonl"
POSTMORTEM_HELDOUT = ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout.jsonl"
POSTMORTEM_HELDOUT2 = ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout2.jsonl"
POSTMORTEM_HELDOUT3 = ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout3.jsonl"
# Our own second development set (issue 12, round 2): many countries' addresses, identity
# numbers, phones and IBANs made valid by their libraries; its aside part (every fourth row) is
# kept apart and scored by totals only, like a held-out set.
POSTMORTEM_DEV2 = ROOT / "tests" / "data" / "share" / "redaction_postmortem_dev2.jsonl"
POSTMORTEM_DEV2_ASIDE = ROOT / "tests" / "data" / "share" / "redaction_postmortem_dev2_aside.jsonl"
# written after round 2's rules, kept aside the same way (totals only, never listed)
POSTMORTEM_DEV3_ASIDE = ROOT / "tests" / "data" / "share" / "redaction_postmortem_dev3_aside.jsonl"
# Written blind by a third writer (2026-12-05), scored once before reading (secrets 0.879,
# personal data 0.880); development data since (REDACTION_LABELS.md).
POSTMORTEM_DEV7 = ROOT / "tests" / "data" / "share" / "redaction_postmortem_dev7.jsonl"
# Further blind sets, scored once each by the lead after a round of work (totals only, never
# listed). A file not present yet is skipped with a note.
FURTHER_HELDOUT = [
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout4.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout5.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout6.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout8.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout9.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout10.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout11.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout12.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout15.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout16.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout19.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout20.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout23.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout24.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout25.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout26.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout32.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout43.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout44.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout49.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout60.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout61.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout72.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout73.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout77.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_heldout78.jsonl",
    # sealed: never read, never trained on (the name tagger skips them)
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed17.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed18.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed21.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed22.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed31.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed35.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed36.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed37.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed38.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed39.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed40.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed41.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed42.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed45.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed46.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed47.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed48.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed50.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed51.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed52.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed53.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed54.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed55.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed56.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed57.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed58.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed59.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed62.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed63.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed64.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed65.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed66.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed67.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed68.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed69.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed70.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed71.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed74.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed75.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed76.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed79.jsonl",
    ROOT / "tests" / "data" / "share" / "redaction_postmortem_sealed80.jsonl",
]
ISSUE12_BARS = {"secrets": 0.99, "personal_data": 0.97}
REAL_PROSE_LABELS = ROOT / "tests" / "data" / "share" / "real_prose_person_replacements.jsonl"
RESULTS = ROOT / "bench" / "results" / "redaction.json"
BARS = {"secrets": 0.99, "personal_data": 0.95}


def _combined(name: str, scores: list[Score]) -> dict[str, Any]:
    positives = sum(s.positives for s in scores)
    caught = sum(s.caught for s in scores)
    return {
        "name": name,
        "positives": positives,
        "caught": caught,
        "recall": round(caught / positives, 4) if positives else None,
        "false_positive_count": sum(len(s.false_positives) for s in scores),
    }


def main(shared: Path) -> dict[str, Any]:
    started = time.perf_counter()
    texts = 0
    secret_scores: list[Score] = []
    pii_scores: list[Score] = []
    report: dict[str, Any] = {"corpora": {}, "bars": BARS}
    ds = shared / "secrets" / "detect-secrets" / "labeled_cases_DERIVED.jsonl"
    gl = shared / "secrets" / "gitleaks" / "rules_tps_fps_literals_DERIVED.jsonl"
    for name, path in (("detect-secrets", ds), ("gitleaks", gl)):
        if path.exists():
            rows = read_jsonl(path)
            texts += len(rows)
            score = score_secret_cases(name, rows)
            secret_scores.append(score)
            report["corpora"][name] = score.as_dict()
        else:
            report["corpora"][name] = {"skipped": f"{path} not present"}
    presidio = shared / "pii_presidio" / "data" / "synth_dataset_v2.json"
    if presidio.exists():
        rows = json.loads(presidio.read_text(encoding="utf-8"))
        texts += len(rows)
        scores, person, fps = score_presidio(rows)
        pii_scores += scores.values()
        with_roster = score_presidio_people_with_roster(rows)
        pii_scores.append(with_roster)
        report["corpora"]["presidio"] = {
            "measured_not_claimed": score_presidio_measured(rows),
            "types": {k: s.as_dict() for k, s in scores.items()},
            "false_positives": fps.as_dict(),
            "other_labelled_pii_also_redacted": fps.misses,
            "person_with_roster": with_roster.as_dict(),
            "person_without_roster": {
                **person.as_dict(),
                "misses": person.misses[:25],
                "note": "names in prose off the roster: names-dataset given names/surnames "
                "plus context rules (share/redact_people.py)",
            },
        }
    else:
        report["corpora"]["presidio"] = {"skipped": f"{presidio} not present"}
    prose_rows = read_jsonl(PROSE)
    texts += len(prose_rows)
    prose = score_prose(prose_rows)
    report["corpora"]["incident-prose"] = {k: s.as_dict() for k, s in prose.items()}
    secret_scores.append(prose["SECRET"])
    pii_scores += [
        prose[k] for k in ("EMAIL", "PHONE", "IP", "CARD", "IBAN", "PERSON") if k in prose
    ]
    elapsed = time.perf_counter() - started
    report["issue12_postmortem"] = issue12()
    report["real_prose_people"] = real_prose_people(shared)
    report["speed"] = speed()
    secrets = _combined("secrets (all corpora)", secret_scores)
    personal = _combined("personal data (all corpora, roster PERSON only)", pii_scores)
    report["summary"] = {
        "secrets": secrets,
        "personal_data": personal,
        "per_corpus_recall": {s.name: round(s.recall, 4) for s in (*secret_scores, *pii_scores)},
        "secret_false_positives_on_negatives": {
            s.name: {
                "count": f"{len(s.false_positives)}/{s.negatives}",
                "by_reason": dict(Counter(fp.get("why", "other") for fp in s.false_positives)),
            }
            for s in secret_scores
            if s.negatives
        },
        "prose_false_positives": len(prose["false-positives"].false_positives),
        "real_prose_person_precision": {
            half: figures.get("precision")
            for half, figures in report["real_prose_people"].get("halves", {}).items()
        },
        "bars_met": {
            "secrets": bool(secrets["recall"] and secrets["recall"] >= BARS["secrets"]),
            "personal_data": all(s.recall >= BARS["personal_data"] for s in pii_scores),
        },
        "texts": texts,
        "seconds": round(elapsed, 2),
        "texts_per_second": round(texts / elapsed, 1) if elapsed else None,
    }
    return report


def issue12() -> dict[str, Any]:
    """The postmortem set written for issue 12, in two parts that are never mixed up.

    development: dev + heldout1 + heldout3, read and tuned against (misses listed). heldout1 was
    scored twice before being read; heldout3 was written blind by someone who never saw the
    redactor and scored once before anyone read it — those first scores are kept as history.
    held-out: heldout2 and any further blind files (heldout4 …): totals only, never listed, so
    nobody tunes against them. A missing file is skipped with a note."""
    parts = {
        "dev": POSTMORTEM_DEV,
        "dev2": POSTMORTEM_DEV2,
        "dev2_aside": POSTMORTEM_DEV2_ASIDE,
        "heldout1": POSTMORTEM_HELDOUT,
        "heldout2": POSTMORTEM_HELDOUT2,
        "heldout3": POSTMORTEM_HELDOUT3,
        "dev7": POSTMORTEM_DEV7,
    }
    scores = {name: score_postmortem(read_jsonl(path)) for name, path in parts.items()}
    pooled = score_postmortem([row for path in parts.values() for row in read_jsonl(path)])
    held: dict[str, Any] = {}
    for path in (POSTMORTEM_DEV3_ASIDE, *FURTHER_HELDOUT):
        name = path.stem.removeprefix("redaction_postmortem_")
        if not path.exists():
            held[name] = {"skipped": f"{path.name} not present"}
            continue
        entry = score_postmortem(read_jsonl(path)).as_dict(with_misses=False)
        entry.pop("false_positives")
        entry.pop("damaged")
        held[name] = entry
    met = {
        name: {bar: entry[bar]["recall"] >= value for bar, value in ISSUE12_BARS.items()}
        for name, entry in held.items()
        if "skipped" not in entry
    }
    return {
        "bars_on_heldout": ISSUE12_BARS,
        "bars_met_on_heldout": met,
        "development": {
            "files": "dev + dev2 + dev2_aside + heldout1 + heldout2 + heldout3 + dev7 (read and "
            "tuned against; the three heldout files and dev7 were each scored once blind and "
            "dev2_aside was scored by totals only until the end of round 2, then all became "
            "development data)",
            "pooled": _totals(pooled.as_dict()),
            **{name: score.as_dict() for name, score in scores.items()},
        },
        "development_history": {
            "heldout1": {
                "secrets_recall": [0.8261, 1.0, 1.0],
                "personal_data_recall": [0.25, 0.9271, 0.9375],
                "runs": "baseline (before this work), first run, second run; then read and fixed",
            },
            "dev2_aside": {
                "secrets_recall": [0.875, 0.875],
                "personal_data_recall": [0.9091, 0.9455],
                "false_positives": [4, 4],
                "hard_negatives_damaged": [3, 3],
                "runs": "our own, written with dev2 before any rule change and kept aside: "
                "before round 2, and at its end (totals only); then read and fixed",
            },
            "dev7": {
                "secrets_recall": 0.8793,
                "personal_data_recall": 0.8796,
                "false_positives": 39,
                "hard_negatives_damaged": 21,
                "runs": "written blind by a third writer, scored once before anyone read it "
                "(2026-12-05); then read and fixed, so it is development data now",
            },
            "heldout3": {
                "secrets_recall": 0.9516,
                "personal_data_recall": 0.8742,
                "false_positives": 20,
                "hard_negatives_damaged": 3,
                "runs": "written blind, scored once before anyone read it (2026-12-04); then "
                "read and fixed, so it is development data now",
            },
        },
        "heldout": {
            "files": "dev3_aside (our own, written after round 2's rules and kept apart) and "
            "further blind files: totals only, never listed",
            **held,
        },
    }


def _totals(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        key: entry[key]
        for key in ("rows", "secrets", "personal_data", "false_positive_count")
        if key in entry
    } | {"hard_negatives_damaged": entry.get("hard_negatives_damaged")}


def real_prose_people(shared: Path) -> dict[str, Any]:
    """Person-name precision on the real DFDS and ICCO postmortems. Each PERSON replacement is
    looked up in the labels by file and offsets; one the labels do not know (a new rule fired)
    is counted as unlabelled and listed, so that someone labels it. `labelled_people_kept` is
    the share of labelled people that are still redacted. Held-out items are never listed."""
    labels = read_jsonl(REAL_PROSE_LABELS)
    by_place = {(row["source"], row["start"], row["end"]): row for row in labels}
    sources = sorted({row["source"] for row in labels} | set(_real_prose_files(shared)))
    present = [source for source in sources if (shared / source).is_file()]
    if not present:
        return {"skipped": f"no DFDS or ICCO postmortem under {shared}"}
    halves: dict[str, Counter[str]] = {"dev": Counter(), "heldout": Counter()}
    dev_listed: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    started = time.perf_counter()
    for source in present:
        text = (shared / source).read_text(encoding="utf-8")
        for item in redact(text, RedactionContext()).replacements:
            if item.kind is not Kind.PERSON:
                continue
            place = (source, item.start, item.end)
            seen.add(place)
            label = by_place.get(place)
            half = label["half"] if label else real_prose_half(source)
            verdict = "unlabelled" if label is None else "person" if label["person"] else "other"
            halves[half][verdict] += 1
            if half == "dev" and verdict != "person":
                dev_listed.append({"source": source, "value": item.original, "label": verdict})
    elapsed = time.perf_counter() - started
    for row in labels:
        if row["person"] and (shared / row["source"]).is_file():
            kept = (row["source"], row["start"], row["end"]) in seen
            halves[row["half"]]["labelled_people_kept" if kept else "labelled_people_lost"] += 1
    return {
        "files": len(present),
        "seconds_to_redact_all": round(elapsed, 2),
        "halves": {half: _precision(counts) for half, counts in halves.items()},
        "heldout_history": {
            "precision": [0.1304, 0.25, 1.0],
            "runs": "baseline (688119b); first round of rules, frozen on dev and scored once on "
            "the unseen half; second round (places, model numbers), written after the held-out "
            "rows had been read and labelled, so the held-out half no longer counts as unseen",
        },
        "dev_not_people_or_unlabelled": dev_listed,
    }


def _real_prose_files(shared: Path) -> list[str]:
    dfds = shared / "dfds_postmortems"
    icco = shared / "icco_postmortems" / "data"
    files = [p for p in dfds.glob("PM*") if p.is_file()] if dfds.is_dir() else []
    files += sorted(icco.glob("*.md")) if icco.is_dir() else []
    return [str(p.relative_to(shared)) for p in files]


def real_prose_half(source: str) -> str:
    """dev or heldout, by the first byte of the SHA-256 of the file name (fixed before tuning)."""
    name = source.rsplit("/", 1)[-1]
    return "dev" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "heldout"


def _precision(counts: Counter[str]) -> dict[str, Any]:
    replaced = counts["person"] + counts["other"] + counts["unlabelled"]
    labelled = counts["labelled_people_kept"] + counts["labelled_people_lost"]
    return {
        "person_replacements": replaced,
        "people": counts["person"],
        "not_people": counts["other"],
        "unlabelled": counts["unlabelled"],
        "precision": round(counts["person"] / replaced, 4) if replaced else None,
        "labelled_people_kept": f"{counts['labelled_people_kept']}/{labelled}",
    }


def speed(words: int = 5000, repeats: int = 5) -> dict[str, Any]:
    """Seconds to redact a postmortem of `words` words (the development texts repeated), as the
    public view does: one document, one context. The names index is loaded before timing and
    its one-off load is reported apart."""
    from hindsight.quality.person_names import name_index

    name_index.cache_clear()  # time the one-off load a fresh web worker pays
    started = time.perf_counter()
    name_index()
    first_call = time.perf_counter() - started
    redact("warm-up: Ana paged Sven.", RedactionContext())
    texts = [row["text"] for row in read_jsonl(POSTMORTEM_DEV)]
    parts: list[str] = []
    count = 0
    while count < words:
        for text in texts:
            parts.append(text)
            count += len(text.split())
            if count >= words:
                break
    document = "\n\n".join(parts)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        redact(document, RedactionContext())
        timings.append(time.perf_counter() - started)
    return {
        "words": len(document.split()),
        "characters": len(document),
        "seconds_median": round(sorted(timings)[len(timings) // 2], 3),
        "seconds_max": round(max(timings), 3),
        "names_index_load_seconds_once_per_process": round(first_call, 3),
    }


if __name__ == "__main__":
    shared_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED
    result = main(shared_dir)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result["summary"], indent=2))
    print(f"wrote {RESULTS}")
