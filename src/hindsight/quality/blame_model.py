"""A learned second opinion for the blame check: logistic regression over word n-grams.

The rules (`blame.py`, `blame_clauses.py`, `blame_lexicon.py`) miss blame phrased in words they
do not know. This model was trained with scikit-learn on the labelled corpus
(tests/data/quality/blame_corpus.jsonl, every round; `bench/blame_model_train.py` rebuilds it)
and exported as plain weights (`blame_model.json`: per n-gram its IDF and coefficient), so it
scores with a few dictionary look-ups and needs neither scikit-learn nor any download at run
time.

It is only asked when the rules found nothing and the sentence has a human agent (a name, role,
team, vendor), and its finding says which words pushed it towards blame. Its probabilities are
over-confident on hard negatives, so a finding's confidence is the probability less
`_OVERCONFIDENCE`: at lint's default minimum (0.5) only sentences the model scores 0.85 or more
are reported. Measured leave-one-round-out (trained without the round it scores,
docs/blame-labelling.md): on round 8, the one round the rules had not been tuned on, it found 11
of the rules' 30 misses and added 4 false positives among 95 hard negatives; on rounds 1-7 it
added 14 false positives among ~620 written hard negatives and none on real postmortem prose.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from hindsight.quality.names import GIVEN_NAMES

MODEL_FILE = "blame_model.json"
# A probability of 0.85 becomes confidence 0.5, lint's default minimum.
_OVERCONFIDENCE = 0.35
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def _split(text: str) -> list[str]:
    """The words of a word list written as one string."""
    return text.split()


# Not shown as evidence: they tip the score but explain nothing to a reader.
_FUNCTION_WORDS = frozenset(
    _split(
        "the an and or of to in on at for by with from as is was are were be been it its this "
        "that name he she they his her their our we us did do does had has have not no so"
    )
)


@dataclass(frozen=True)
class ModelScore:
    """The model's probability that a sentence blames someone, and the n-grams that pushed
    it up most (strongest first)."""

    probability: float
    evidence: tuple[str, ...]

    @property
    def confidence(self) -> float:
        return round(max(0.0, self.probability - _OVERCONFIDENCE), 2)


@dataclass(frozen=True)
class _Weights:
    terms: dict[str, tuple[float, float]]  # n-gram -> (idf, coefficient)
    intercept: float
    ngrams: int


def mask_names(text: str) -> str:
    """Given names become NAME, so the model learns the shape, not the person."""
    return " ".join(
        "NAME" if word[:1].isupper() and word.lower().strip(".,;:!?'’s") in GIVEN_NAMES else word
        for word in text.split()
    )


def ngrams(text: str, upto: int) -> list[str]:
    """Lower-cased word n-grams (1..upto) as scikit-learn's TfidfVectorizer makes them."""
    tokens = _TOKEN.findall(mask_names(text).lower())
    grams = list(tokens)
    for n in range(2, upto + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


@lru_cache(maxsize=1)
def _weights() -> _Weights | None:
    try:
        raw = (resources.files("hindsight.quality") / MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    terms = {term: (float(v[0]), float(v[1])) for term, v in data["terms"].items()}
    return _Weights(terms, float(data["intercept"]), int(data["ngrams"]))


def score(sentence: str) -> ModelScore | None:
    """The model's view of one sentence; None when the weights are not installed."""
    weights = _weights()
    if weights is None:
        return None
    counts: dict[str, int] = {}
    for gram in ngrams(sentence, weights.ngrams):
        if gram in weights.terms:
            counts[gram] = counts.get(gram, 0) + 1
    values = {g: (1.0 + math.log(c)) * weights.terms[g][0] for g, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
    parts = {g: v / norm * weights.terms[g][1] for g, v in values.items()}
    logit = weights.intercept + sum(parts.values())
    probability = 1.0 / (1.0 + math.exp(-logit))
    ranked = sorted(parts.items(), key=lambda kv: -kv[1])
    evidence = tuple(g for g, w in ranked if w > 0 and not set(g.split()) <= _FUNCTION_WORDS)[:3]
    return ModelScore(round(probability, 3), evidence)
