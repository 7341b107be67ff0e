"""Train the blame model (src/hindsight/quality/blame_model.json) and measure it leave-one-round-out.

Needs scikit-learn (a dev dependency); the shipped model is plain weights, so the linter does
not. The model is TF-IDF over word 1-2-grams (given names masked as NAME, sublinear tf) and a
class-balanced logistic regression, trained on every round of
tests/data/quality/blame_corpus.jsonl.

Leave-one-round-out: for each round k, a model trained on the other rounds scores round k, and
we count what it adds to the rules (sentences the rules do not flag, that have a human agent,
and that the model scores at or above 0.85, i.e. confidence 0.5). On rounds the rules were
tuned on, "added true positives" is near zero by construction; the useful figures there are
the added false positives. Writes bench/results/blame_model.json.

    .venv/bin/python bench/blame_model_train.py            # train, measure, write the model
    .venv/bin/python bench/blame_model_train.py --measure  # only measure
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from hindsight.quality.blame import check_sentence
from hindsight.quality.blame_lexicon import has_human_agent
from hindsight.quality.blame_model import mask_names

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "quality" / "blame_corpus.jsonl"
MODEL = ROOT / "src" / "hindsight" / "quality" / "blame_model.json"
RESULTS = ROOT / "bench" / "results" / "blame_model.json"
NGRAMS = 2
THRESHOLD = 0.85


def fit(texts: list[str], labels: list[bool]) -> tuple[TfidfVectorizer, LogisticRegression]:
    vectorizer = TfidfVectorizer(ngram_range=(1, NGRAMS), min_df=2, sublinear_tf=True)
    matrix = vectorizer.fit_transform([mask_names(t) for t in texts])
    model = LogisticRegression(C=4, class_weight="balanced", max_iter=2000)
    model.fit(matrix, labels)
    return vectorizer, model


def leave_one_round_out(rows: list[dict[str, Any]]) -> dict[str, Any]:
    flagged = [
        (h := check_sentence(str(r["text"]), learned=False)) is not None and h.confidence >= 0.5
        for r in rows
    ]
    agent = [has_human_agent(str(r["text"])) for r in rows]
    result: dict[str, Any] = {}
    for k in sorted({str(r["round"]) for r in rows}):
        train = [i for i, r in enumerate(rows) if str(r["round"]) != k]
        test = [i for i, r in enumerate(rows) if str(r["round"]) == k]
        vectorizer, model = fit(
            [rows[i]["text"] for i in train], [rows[i]["label"] != "none" for i in train]
        )
        probs = model.predict_proba(
            vectorizer.transform([mask_names(rows[i]["text"]) for i in test])
        )[:, 1]
        added = {"tp": 0, "fp_written": 0, "fp_real": 0}
        alone = {"tp": 0, "fp": 0, "fn": 0}
        for i, p in zip(test, probs, strict=True):
            positive = rows[i]["label"] != "none"
            if p >= THRESHOLD:
                alone["tp" if positive else "fp"] += 1
            elif positive:
                alone["fn"] += 1
            if p >= THRESHOLD and agent[i] and not flagged[i]:
                if positive:
                    added["tp"] += 1
                else:
                    added["fp_real" if rows[i]["source"] != "written" else "fp_written"] += 1
        positives = sum(rows[i]["label"] != "none" for i in test)
        missed = sum(rows[i]["label"] != "none" and not flagged[i] for i in test)
        rules_fp = sum(rows[i]["label"] == "none" and flagged[i] for i in test)
        tp = positives - missed + added["tp"]
        fp = rules_fp + added["fp_written"] + added["fp_real"]
        result[f"round_{k}"] = {
            "sentences": len(test),
            "positives": positives,
            "rules_missed": missed,
            "rules_false_positives": rules_fp,
            "model_added_to_rules": added,
            "model_alone": alone,
            "rules_plus_model": {
                "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
                "recall": round(tp / positives, 3) if positives else 0.0,
            },
        }
    return result


def export(rows: list[dict[str, Any]]) -> None:
    vectorizer, model = fit([r["text"] for r in rows], [r["label"] != "none" for r in rows])
    coefficients = model.coef_[0]
    terms = {
        term: [round(float(vectorizer.idf_[index]), 3), round(float(coefficients[index]), 3)]
        for term, index in sorted(vectorizer.vocabulary_.items())
    }  # every term: the vector's length needs the IDF of all of them
    content = {
        "about": "blame model: TF-IDF word 1-2-grams + logistic regression, trained by "
        "bench/blame_model_train.py on tests/data/quality/blame_corpus.jsonl",
        "sentences": len(rows),
        "ngrams": NGRAMS,
        "intercept": round(float(model.intercept_[0]), 4),
        "terms": terms,
    }
    MODEL.write_text(
        json.dumps(content, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def check_export(rows: list[dict[str, Any]]) -> None:
    """The exported weights score like scikit-learn (the linter's pure-Python scorer)."""
    from hindsight.quality import blame_model

    blame_model._weights.cache_clear()
    vectorizer, model = fit([r["text"] for r in rows], [r["label"] != "none" for r in rows])
    sample = [str(r["text"]) for r in rows[::50]]
    expected = model.predict_proba(vectorizer.transform([mask_names(t) for t in sample]))[:, 1]
    for text, p in zip(sample, expected, strict=True):
        got = blame_model.score(text)
        assert got is not None and abs(got.probability - p) < 0.01, (text, p, got)


FIRST_NAMES = ROOT / "src" / "hindsight" / "quality" / "first_names.txt"
# Given names that are also names of software a postmortem talks about.
SOFTWARE_NAMES = frozenset(
    str.split(
        "cassandra aurora athena ruby maria luigi django celery presto hadoop spark kafka redis "
        "jenkins sentry consul vault nomad envoy argo flux helm loki tempo mimir thanos stella "
        "dask ray kong traefik caddy harbor"
    )
) | frozenset(  # months, days and places that are also given names
    str.split(
        "april jun june july august sunday monday friday georgia washington virginia santiago "
        "victoria carolina regina afghan china india paris london sydney austin dallas houston "
        "phoenix denver madison lincoln jackson lima"
    )
)


def write_first_names() -> None:
    """Given names ranked in the top 100 of some country (names-dataset, MIT), not English
    words: the blame check counts these as people, like its own short list."""
    from english_words import get_english_words_set

    from hindsight.quality.person_names import name_index

    english = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    names = sorted(
        name
        for name, rank in name_index().first.items()
        if rank <= 100
        and name.isalpha()
        and name.isascii()
        and len(name) >= 3
        and name not in english
        and name not in SOFTWARE_NAMES
    )
    header = (
        "# Given names ranked in the top 100 of some country in names-dataset (MIT licence,"
        " philipperemy/name-dataset), minus English words and software names;"
        " written by bench/blame_model_train.py --names\n"
    )
    FIRST_NAMES.write_text(header + "\n".join(names) + "\n", encoding="utf-8")


def main() -> int:
    if "--names" in sys.argv:
        write_first_names()
        return 0
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    if "--measure" not in sys.argv:
        export(rows)
        check_export(rows)
    figures = {"threshold": THRESHOLD, "leave_one_round_out": leave_one_round_out(rows)}
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
