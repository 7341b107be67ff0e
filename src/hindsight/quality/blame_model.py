"""A learned second opinion for the blame check: logistic regression over linguistic features.

The rules (`blame.py`, `blame_clauses.py`, `blame_lexicon.py`) miss blame phrased in words they
do not list. This model reads a sentence as `blame_features` does — who is the agent (a name,
pronoun, role, team, vendor, "someone", or a system, or "we") and what is said of them (a
failure, a slip, a verdict on character, an opinion word, "again", accountability, a
counterfactual), plus the words themselves — and weighs it with a logistic regression trained
by scikit-learn on the labelled corpus (tests/data/quality/blame_corpus.jsonl; rebuilt by
`bench/blame_model_train.py`). The weights ship as JSON (`blame_model.json`: one weight per
feature, the decision threshold and the word classes), so scoring is a few dictionary
look-ups and needs neither scikit-learn nor any download.

The threshold is the best F1 on real prose, each sentence scored by a model that never saw it
(leave-one-round-out; the newest round by cross-fitting within it). A finding's confidence is 0.5 at that threshold, rising to 1 at
probability 1, so lint's default minimum (0.5) shows exactly the model's decisions and
`--min-confidence 0.3` shows its guesses too. Figures: docs/blame-labelling.md and
bench/results/blame_model.json.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from hindsight.quality.blame_features import (
    CHARACTER,
    FAIL,
    NEGATIVE,
    SLIP,
    classify,
    features,
    tokens,
)

MODEL_FILE = "blame_model.json"


@dataclass(frozen=True)
class ModelScore:
    """The model's probability that a sentence blames someone, its confidence (0.5 at the
    model's threshold), and the reasons that pushed it up most (strongest first)."""

    probability: float
    evidence: tuple[str, ...]
    threshold: float = 0.5

    @property
    def confidence(self) -> float:
        p, t = self.probability, self.threshold
        if p < t:  # a guess below the threshold stays below lint's default, however it rounds
            return min(0.49, round(0.5 * p / t, 2))
        return round(min(1.0, 0.5 + 0.5 * (p - t) / (1 - t)), 2)


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    intercept: float
    threshold: float
    lexicon: dict[str, str]


@lru_cache(maxsize=1)
def load() -> Model | None:
    """The shipped model, or None when `blame_model.json` is not installed."""
    try:
        raw = (resources.files("hindsight.quality") / MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    return Model(
        {str(k): float(v) for k, v in data["weights"].items()},
        float(data["intercept"]),
        float(data["threshold"]),
        {str(k): str(v) for k, v in data["lexicon"].items()},
    )


# Words that tip a score but explain nothing to a reader; not shown as reasons.
_FUNCTION_WORDS = frozenset(
    str.split(
        "the a an and or of to in on at for by with from as is was are were be been it its "
        "this that he she they his her their our we us did do does had has have not no so"
    )
)


# What a feature means, for the finding's explanation: prefix or feature -> words.
_PREFIXES = {
    "pair:": "agent and what is said of it",
    "subj:": "subject",
    "by:": "passive with a person as the 'by' agent",
    "poss:": "a person's",
    "shape:": "sentence shape",
    "alone:": "no agent before",
    "phrase:": "set phrase",
    "t:": "phrase",
    "b:": "phrase",
    "w:": "word",
    "c:": "word class",
}


def explain(feature: str, words: str) -> str:
    """One reason in a reader's words: `"failed to" (agent and what is said of it: ROLE>FAIL)`."""
    head, _, detail = feature.partition(":")
    prefix = head + ":"
    kind = _PREFIXES.get(prefix, "feature")
    if prefix in ("w:", "b:", "t:"):
        return f'"{words}"' if words else kind
    return f'"{words}" ({kind}: {detail})' if words else f"{kind}: {detail}"


def score(sentence: str) -> ModelScore | None:
    """The model's view of one sentence; None when the weights are not installed."""
    model = load()
    if model is None:
        return None
    found = features(sentence, model.lexicon)
    parts = {f: model.weights[f] for f in found if f in model.weights}
    logit = model.intercept + sum(parts.values())
    probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))
    ranked = sorted(
        (w, f)
        for f, w in parts.items()
        if w > 0 and found[f] and not set(found[f].lower().split()) <= _FUNCTION_WORDS
    )
    evidence: list[str] = []
    for _, feature in reversed(ranked):
        reason = explain(feature, found[feature])
        if reason not in evidence:
            evidence.append(reason)
        if len(evidence) == 3:
            break
    return ModelScore(round(probability, 3), tuple(evidence), model.threshold)


# The word classes that judge what someone did or is: a lapse, a slip, their character, an
# opinion word of negative valence ("again", "yet", "responsibility" judge nothing alone).
JUDGING = frozenset({FAIL, SLIP, CHARACTER, NEGATIVE})


def judging_words(sentence: str) -> tuple[str, ...]:
    """The words of `sentence` that the model's lexicon puts in a judging class ("misjudged",
    "unacceptable", "poor") and that no article ties to a thing: what a finding of the model
    needs besides an agent."""
    model = load()
    if model is None:
        return ()
    words = tokens(sentence)
    classes = classify(words, model.lexicon)
    return tuple(
        w
        for i, (w, cls) in enumerate(zip(words, classes, strict=True))
        if cls in JUDGING and (i == 0 or words[i - 1].lower() not in _DETERMINERS)
    )


# After one of these a judging word describes a thing ("swapped the faulty disk"), not a deed.
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
