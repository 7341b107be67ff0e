"""Train the learned blame model (src/hindsight/quality/blame_model.json) and measure it honestly.

Needs scikit-learn (a dev dependency); the shipped model is plain weights, so the linter does
not. Features are `hindsight.quality.blame_features` (words, word classes, agent -> predicate
pairs, subject class, passives, possessives); the model is a class-balanced logistic
regression over their presence, trained on every round of tests/data/quality/blame_corpus.jsonl.

Nothing is tuned on the data it is scored on:

- **leave-one-round-out** (LORO): for each round k, a model trained on the other rounds scores
  round k, at a threshold chosen by an inner leave-one-round-out over those other rounds only;
- **leave-one-source-family-out** (LOFO): the same with the families DFDS, ICCO and written
  (sentences we wrote) in place of rounds — training without ICCO and scoring ICCO is the
  nearest the corpus has to "real prose from elsewhere";
- the shipped threshold is the best F0.5 on real sentences each scored by a model that did not
  see it: leave-one-round-out, except round 10 (the newest, in the shipped model's training:
  real prose of other projects), scored leave-one-REPOSITORY-out — each project's sentences by
  a model that never read that project, the situation of prose from an unseen project.

Figures are for the model alone (every sentence it scores at or above the threshold) and for
the linter as a whole (`check_sentence`: the rules, then the model where they found nothing —
the rules' share is in-sample, they were tuned on every round). Writes
bench/results/blame_model.json.

    .venv/bin/python bench/blame_model_train.py            # measure, train, write the model
    .venv/bin/python bench/blame_model_train.py --quick    # config search: no model written
    .venv/bin/python bench/blame_model_train.py --no-nested  # write the model, skip the figures
    .venv/bin/python bench/blame_model_train.py --score F  # score a labelled JSONL file as-is
    .venv/bin/python bench/blame_model_train.py --names    # rebuild first_names.txt
"""

from __future__ import annotations

import json
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from hindsight.quality.blame_features import features, vader_valence, word_classes

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "quality" / "blame_corpus.jsonl"
MODEL = ROOT / "src" / "hindsight" / "quality" / "blame_model.json"
RESULTS = ROOT / "bench" / "results" / "blame_model.json"
FIRST_NAMES = ROOT / "src" / "hindsight" / "quality" / "first_names.txt"


@dataclass(frozen=True)
class Config:
    """What the model is trained with; chosen by the leave-one-out figures, never a test set."""

    c: float = 0.3  # inverse L2 strength
    real_weight: float = 1.5  # weight of a real (DFDS/ICCO) sentence relative to a written one
    other_weight: float = 8.0  # weight of real prose from other projects (round 10)
    min_count: int = 3  # a feature seen in fewer training sentences is dropped
    drop: tuple[str, ...] = ()  # feature-name prefixes left out
    # Value given to the features that read the grammar (classes, pairs, subject, passives …)
    # rather than the words: above 1 they are regularised less, so they carry more weight.
    structure: float = 2.0


WORD_FEATURES = ("w:", "b:")


CONFIG = Config()
Rows = list[dict[str, Any]]
Feats = list[dict[str, str]]


def family(row: dict[str, Any]) -> str:
    """written (by us), dfds, icco, or other (round 10: other projects' published postmortems)."""
    source = str(row["source"])
    if source == "written":
        return "written"
    head = source.split("_", 1)[0]
    return head if head in ("dfds", "icco") else "other"


def positive(row: dict[str, Any]) -> bool:
    return row["label"] != "none"


def load(path: Path = CORPUS) -> Rows:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def featurize(rows: Rows, lexicon: dict[str, str]) -> Feats:
    return [features(str(r["text"]), lexicon) for r in rows]


def value(name: str, cfg: Config) -> float:
    return 1.0 if name.startswith(WORD_FEATURES) else cfg.structure


def _select(feats: Feats, index: Sequence[int], cfg: Config) -> list[dict[str, float]]:
    return [
        {k: value(k, cfg) for k in feats[i] if not (cfg.drop and k.startswith(cfg.drop))}
        for i in index
    ]


@dataclass
class Fitted:
    vectorizer: DictVectorizer
    model: LogisticRegression
    cfg: Config

    def predict(self, feats: Feats, index: Sequence[int]) -> np.ndarray:
        matrix = self.vectorizer.transform(_select(feats, index, self.cfg))
        return np.asarray(self.model.predict_proba(matrix)[:, 1])


def fit(rows: Rows, feats: Feats, index: Sequence[int], cfg: Config) -> Fitted:
    docs = _select(feats, index, cfg)
    counts: dict[str, int] = {}
    for doc in docs:
        for k in doc:
            counts[k] = counts.get(k, 0) + 1
    # set phrases are kept however rare: each was written for a shape of sentence
    docs = [
        {k: v for k, v in d.items() if counts[k] >= cfg.min_count or k.startswith("phrase:")}
        for d in docs
    ]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(docs)
    labels = [positive(rows[i]) for i in index]
    weight = {"written": 1.0, "dfds": cfg.real_weight, "icco": cfg.real_weight}
    weights = [weight.get(family(rows[i]), cfg.other_weight) for i in index]
    model = LogisticRegression(C=cfg.c, class_weight="balanced", max_iter=3000)
    model.fit(matrix, labels, sample_weight=weights)
    return Fitted(vectorizer, model, cfg)


def out_of_fold(
    rows: Rows,
    feats: Feats,
    index: Sequence[int],
    group: Callable[[dict[str, Any]], str],
    cfg: Config,
) -> dict[int, float]:
    """Each sentence of `index` scored by a model trained on the other groups of `index`."""
    scores: dict[int, float] = {}
    for g in sorted({group(rows[i]) for i in index}):
        test = [i for i in index if group(rows[i]) == g]
        train = [i for i in index if group(rows[i]) != g]
        fitted = fit(rows, feats, train, cfg)
        scores.update(zip(test, fitted.predict(feats, test).tolist(), strict=True))
    return scores


def counts(rows: Rows, scores: dict[int, float], threshold: float) -> dict[str, int]:
    tp = fp = fn = 0
    for i, p in scores.items():
        if p >= threshold:
            tp += positive(rows[i])
            fp += not positive(rows[i])
        else:
            fn += positive(rows[i])
    return {"tp": tp, "fp": fp, "fn": fn}


def pr(c: dict[str, int]) -> dict[str, float]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def f_half(c: dict[str, int]) -> float:
    """F0.5: precision weighs twice as much as recall."""
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return 1.25 * tp / (1.25 * tp + 0.25 * fn + fp) if tp else 0.0


def f_one(c: dict[str, int]) -> float:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return 2 * tp / (2 * tp + fn + fp) if tp else 0.0


def choose_threshold(
    rows: Rows, scores: dict[int, float], measure: Callable[[dict[str, int]], float] = f_half
) -> float:
    """The threshold with the best F0.5 on real sentences (the prose the linter meets; real
    prose is ~97 % blameless, so a false positive costs more trust than a miss), the highest
    of those within 0.01 of the best (written sentences decide only when no real one is
    scored)."""
    real = {i: p for i, p in scores.items() if family(rows[i]) != "written"}
    pool = real if any(positive(rows[i]) for i in real) else scores
    grid = [round(float(t), 2) for t in np.arange(0.3, 0.96, 0.01)]
    value = {t: measure(counts(rows, pool, t)) for t in grid}
    best = max(value.values())
    return max(t for t in grid if value[t] >= best - 0.01)


def nested(
    rows: Rows, feats: Feats, group: Callable[[dict[str, Any]], str], cfg: Config
) -> dict[str, Any]:
    """Leave one group out; the threshold for it from an inner leave-one-round-out without it."""
    everything = range(len(rows))
    result: dict[str, Any] = {}
    pooled: dict[str, dict[str, int]] = {}
    for g in sorted({group(r) for r in rows}):
        test = [i for i in everything if group(rows[i]) == g]
        train = [i for i in everything if group(rows[i]) != g]
        threshold = choose_threshold(
            rows, out_of_fold(rows, feats, train, lambda r: str(r["round"]), cfg)
        )
        scores = dict(zip(test, fit(rows, feats, train, cfg).predict(feats, test), strict=True))
        entry: dict[str, Any] = {"sentences": len(test), "threshold": threshold}
        for part in ("real", "written"):
            mine = {
                i: p
                for i, p in scores.items()
                if (family(rows[i]) == "written") == (part == "written")
            }
            if not mine:
                continue
            c = counts(rows, mine, threshold)
            entry[part] = {**c, **pr(c)}
            total = pooled.setdefault(part, {"tp": 0, "fp": 0, "fn": 0})
            for k in total:
                total[k] += c[k]
        result[g] = entry
    result["pooled"] = {part: {**c, **pr(c)} for part, c in pooled.items()}
    return result


LATEST = "10"  # the newest round: real prose from other projects, scored once before reading
_FOLD_KEYS: dict[str, Callable[[dict[str, Any]], str]] = {
    "by_sentence": lambda r: str(r["text"]),
    "by_repository": lambda r: str(r["source"]).split("/")[0],
}


def cross_fit_scores(
    rows: Rows, feats: Feats, round_id: str, key: str, cfg: Config, folds: int = 4
) -> dict[int, float]:
    """One round split in `folds` (by sentence or by repository; `folds` 0 = one part per
    repository, i.e. leave-one-repository-out); each part scored by a model trained on
    everything else, the round's other parts included: how the shipped model (which has that
    round in its training) does on sentences like it — for leave-one-repository-out, on prose
    of a project it has never read, the situation of the next blind round."""
    keys = sorted({_FOLD_KEYS[key](r) for r in rows if str(r["round"]) == round_id})
    part = {
        i: keys.index(_FOLD_KEYS[key](r))
        if folds == 0
        else zlib.crc32(_FOLD_KEYS[key](r).encode()) % folds
        for i, r in enumerate(rows)
        if str(r["round"]) == round_id
    }
    scores: dict[int, float] = {}
    for k in range(folds or len(keys)):
        test = [i for i, f in part.items() if f == k]
        train = [i for i in range(len(rows)) if part.get(i) != k]
        if test:
            scores.update(zip(test, fit(rows, feats, train, cfg).predict(feats, test), strict=True))
    return scores


def cross_fit(rows: Rows, scores: dict[str, dict[int, float]], threshold: float) -> dict[str, Any]:
    """The cross-fit figures at the shipped threshold and at a few others (the curve)."""
    out: dict[str, Any] = {"threshold": threshold}
    for name, found in scores.items():
        for kind in ("real", "written"):
            mine = {
                i: p
                for i, p in found.items()
                if (family(rows[i]) == "written") == (kind == "written")
            }
            c = counts(rows, mine, threshold)
            out[f"{name}_{kind}"] = {**c, **pr(c)}
            out[f"{name}_{kind}_curve"] = {
                str(t): pr(counts(rows, mine, t)) for t in (0.5, 0.6, 0.7, 0.8, 0.9)
            }
    return out


def quick(rows: Rows, feats: Feats, cfg: Config) -> dict[str, Any]:
    """Config search: out-of-fold scores by round and by family at one pooled threshold."""
    out: dict[str, Any] = {}
    every = list(range(len(rows)))
    for name, group in (("round", lambda r: str(r["round"])), ("family", family)):
        scores = out_of_fold(rows, feats, every, group, cfg)
        t = choose_threshold(rows, scores)
        real = {i: p for i, p in scores.items() if family(rows[i]) != "written"}
        written = {i: p for i, p in scores.items() if family(rows[i]) == "written"}
        out[name] = {
            "t": t,
            "real": pr(counts(rows, real, t)) | counts(rows, real, t),
            "written": pr(counts(rows, written, t)),
        }
    return out


def export(
    rows: Rows, feats: Feats, lexicon: dict[str, str], threshold: float, cfg: Config
) -> None:
    fitted = fit(rows, feats, range(len(rows)), cfg)
    coefficients = fitted.model.coef_[0]
    weights = {
        name: round(float(coefficients[index]) * value(name, cfg), 4)
        for name, index in sorted(fitted.vectorizer.vocabulary_.items())
        if abs(coefficients[index] * value(name, cfg)) >= 0.002
    }
    content = {
        "about": "learned blame model: logistic regression over the features of "
        "hindsight.quality.blame_features (present = 1), trained by bench/blame_model_train.py "
        "on tests/data/quality/blame_corpus.jsonl; threshold chosen leave-one-round-out",
        "sentences": len(rows),
        "config": cfg.__dict__,
        "threshold": threshold,
        "intercept": round(float(fitted.model.intercept_[0]), 4),
        "weights": weights,
        "lexicon": lexicon,
    }
    MODEL.write_text(json.dumps(content, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    check_export(rows, feats, fitted)


def check_export(rows: Rows, feats: Feats, fitted: Fitted) -> None:
    """The shipped weights score like scikit-learn (the linter's pure-Python scorer)."""
    from hindsight.quality import blame_model

    blame_model.load.cache_clear()
    sample = list(range(0, len(rows), 37))
    expected = fitted.predict(feats, sample)
    for i, p in zip(sample, expected, strict=True):
        got = blame_model.score(str(rows[i]["text"]))
        assert got is not None and abs(got.probability - p) < 0.02, (rows[i]["text"], p, got)


def linter(rows: Rows) -> dict[str, Any]:
    """The whole check (`check_sentence` at lint's default minimum) on the corpus, in-sample."""
    from hindsight.quality.blame import DEFAULT_MIN_CONFIDENCE, check_sentence

    out: dict[str, Any] = {}
    for part in ("real", "written"):
        c = {"tp": 0, "fp": 0, "fn": 0}
        for r in rows:
            if (family(r) == "written") != (part == "written"):
                continue
            hit = check_sentence(str(r["text"]))
            flagged = hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE
            c["tp"] += flagged and positive(r)
            c["fp"] += flagged and not positive(r)
            c["fn"] += not flagged and positive(r)
        out[part] = {**c, **pr(c)}
    return out


def score_file(path: Path) -> dict[str, Any]:
    """A labelled JSONL file scored by the shipped model and by the whole linter, as they are."""
    from hindsight.quality import blame_model
    from hindsight.quality.blame import DEFAULT_MIN_CONFIDENCE, check_sentence

    rows = load(path)
    model = {"tp": 0, "fp": 0, "fn": 0}
    whole = {"tp": 0, "fp": 0, "fn": 0}
    for r in rows:
        view = blame_model.score(str(r["text"]))
        hit = check_sentence(str(r["text"]))
        for c, flagged in (
            (model, view is not None and view.confidence >= DEFAULT_MIN_CONFIDENCE),
            (whole, hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE),
        ):
            c["tp"] += flagged and positive(r)
            c["fp"] += flagged and not positive(r)
            c["fn"] += not flagged and positive(r)
    return {
        "file": path.name,
        "sentences": len(rows),
        "positives": sum(positive(r) for r in rows),
        "model_alone": {**model, **pr(model)},
        "linter": {**whole, **pr(whole)},
    }


def write_first_names() -> None:
    """Given names ranked in the top 100 of some country (names-dataset, MIT), not English
    words: the blame check counts these as people, like its own short list."""
    from english_words import get_english_words_set

    from hindsight.quality.person_names import name_index

    software = set(
        str.split(
            "cassandra aurora athena ruby maria luigi django celery presto hadoop spark kafka redis "
            "jenkins sentry consul vault nomad envoy argo flux helm loki tempo mimir thanos stella "
            "dask ray kong traefik caddy harbor april jun june july august sunday monday friday "
            "georgia washington virginia santiago victoria carolina regina afghan china india paris "
            "london sydney austin dallas houston phoenix denver madison lincoln jackson lima"
        )
    )
    english = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    names = sorted(
        name
        for name, rank in name_index().first.items()
        if rank <= 100
        and name.isalpha()
        and name.isascii()
        and len(name) >= 3
        and name not in english
        and name not in software
    )
    header = (
        "# Given names ranked in the top 100 of some country in names-dataset (MIT licence,"
        " philipperemy/name-dataset), minus English words and software names;"
        " written by bench/blame_model_train.py --names\n"
    )
    FIRST_NAMES.write_text(header + "\n".join(names) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if "--names" in argv:
        write_first_names()
        return 0
    if "--score" in argv:
        print(json.dumps(score_file(Path(argv[argv.index("--score") + 1])), indent=2))
        return 0
    started = time.monotonic()
    rows = load()
    lexicon = word_classes(vader_valence())
    feats = featurize(rows, lexicon)
    if "--quick" in argv:
        print(json.dumps(quick(rows, feats, CONFIG)))
        return 0
    skip = "--no-nested" in argv
    by_round = {} if skip else nested(rows, feats, lambda r: str(r["round"]), CONFIG)
    by_family = {} if skip else nested(rows, feats, family, CONFIG)
    # Every sentence scored by a model that did not see it: its round left out, except the
    # newest round, which the shipped model is trained on: cross-fitted within the round.
    loro = out_of_fold(rows, feats, range(len(rows)), lambda r: str(r["round"]), CONFIG)
    fitted = {key: cross_fit_scores(rows, feats, LATEST, key, CONFIG) for key in _FOLD_KEYS}
    fitted["each_repository"] = cross_fit_scores(rows, feats, LATEST, "by_repository", CONFIG, 0)
    # The shipped threshold: the best F1 on round 10's real prose, each project's sentences
    # scored by a model that never read that project (prose from elsewhere is what the check
    # misses; F0.5 over every real round let DFDS/ICCO, which the rules already cover, pick a
    # threshold at which the model finds almost nothing outside them).
    outside = {i: p for i, p in fitted["each_repository"].items() if family(rows[i]) != "written"}
    threshold = choose_threshold(rows, outside, f_one)
    figures_f_half = choose_threshold(rows, loro | fitted["each_repository"])
    figures = {
        "config": CONFIG.__dict__,
        "threshold": threshold,
        "threshold_by_f_half_on_every_real_round": figures_f_half,
        "leave_one_round_out": by_round,
        "leave_one_family_out": by_family,
        "round_10_cross_fit": cross_fit(rows, fitted, threshold),
        "seconds": round(time.monotonic() - started, 1),
    }
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    export(rows, feats, lexicon, threshold, CONFIG)
    figures["linter_in_sample"] = linter(rows)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
