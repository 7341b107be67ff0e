"""Does sentence meaning from static word embeddings help the blame model on unseen projects?

Compares, in the protocols of bench/blame_model_train.py (same corpus, same sample weights,
same class balance, same threshold rules), four learned models:

- `features`: the shipped model (logistic regression over `blame_features`, CONFIG);
- `embed`: a logistic regression over the sentence's mean word embedding alone (C = 1);
- `features+embed`: both, the embedding columns appended to the feature columns;
- `features+clause`: the features, the sentence embedding and the embedding of the clause around
  the first person word (two tokens before it to eight after it; zeros when it names no one);
- `embed:BLOCKS:c=C:scale=S` and `features+embed:BLOCKS:c=C:scale=S`: any of the blocks
  `sentence`, `clause`, `sentence_idf`, `clause_idf` (IDF-weighted means), comma-separated.

Embeddings are WordLlama's `l2_supercat` 256-d token vectors (the `wordllama` wheel, MIT, ships
them with the tokenizer), mean-pooled over a text's tokens and scaled to unit length. They are
read straight from the wheel with `tokenizers` and `safetensors`: `WordLlama.load()` of
wordllama 0.4.0.post1 looks for its tokenizer in a `tokenizer/` folder while the wheel has
`tokenizers/`, so it downloads it from the Hugging Face hub (with networking blocked it raises
FileNotFoundError); `WordLlama.load(cache_dir=<the package folder>, disable_download=True)` finds
both files. Importing `wordllama` also calls `logging.basicConfig(level=INFO)`.

Protocols (real = DFDS, ICCO and round 10's other projects; written = ours):

- round 10 leave-one-repository-out: each of round 10's projects scored by a model trained on
  everything else; threshold as the bench chooses it (best F1 over all those scores pooled), and
  also a nested one (for each project, the best F1 over the other projects' scores);
- leave-one-round-out, pooled over rounds, each round at a threshold chosen by an inner
  leave-one-round-out without it (`nested` of the bench), real and written apart.

Not shipped (docs/blame-labelling.md, "Round 12"): wordllama is not a project dependency;
install it by hand (`pip install wordllama`, which brings tokenizers and safetensors) to rerun.
Needs scikit-learn. Merges its figures into bench/results/blame_embed_experiment.json; the
embeddings are cached in /tmp. All four variants take about 15 minutes on one core.

    .venv/bin/python bench/blame_embed_experiment.py [variant ...]   # default: the four above
    .venv/bin/python bench/blame_embed_experiment.py --quick [variant ...]  # one LORO pass
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import blame_model_train as bench

from hindsight.quality.blame_features import HUMAN, classify, tokens

RESULTS = bench.ROOT / "bench" / "results" / "blame_embed_experiment.json"
CACHE = Path("/tmp/blame_embed_cache.npz")
Rows = bench.Rows
Scores = dict[int, float]
Predictor = Callable[[Sequence[int]], np.ndarray]
Trainer = Callable[[Sequence[int]], Predictor]


def wordllama_files() -> tuple[Path, Path]:
    """The tokenizer and 256-d weights shipped inside the wordllama wheel (not imported)."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or spec.origin is None:
        raise SystemExit("wordllama is not installed")
    root = Path(spec.origin).parent
    return (
        root / "tokenizers" / "l2_supercat_tokenizer_config.json",
        root / "weights" / "l2_supercat_256.safetensors",
    )


def embedder(idf_texts: list[str] | None = None) -> Callable[[list[str]], np.ndarray]:
    """Mean of the token vectors, unit length (WordLlama's `embed(norm=True)`); with
    `idf_texts`, each token weighted by its inverse document frequency over those texts (so
    "the", "was" and punctuation count for little)."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    tokenizer_file, weights_file = wordllama_files()
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with safe_open(str(weights_file), framework="np", device="cpu") as f:
        table = np.ascontiguousarray(f.get_tensor("embedding.weight").astype(np.float32))
    idf = np.ones(table.shape[0], dtype=np.float32)
    if idf_texts:
        df = np.zeros(table.shape[0], dtype=np.float32)
        for enc in tokenizer.encode_batch(idf_texts, add_special_tokens=False):
            df[np.unique(enc.ids)] += 1
        idf = np.log((len(idf_texts) + 1) / (df + 1)).astype(np.float32)

    def embed(texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
        for k, enc in enumerate(tokenizer.encode_batch(texts, add_special_tokens=False)):
            if enc.ids:
                w = idf[enc.ids]
                v = (table[enc.ids] * w[:, None]).sum(axis=0) / max(float(w.sum()), 1e-9)
                out[k] = v / max(float(np.linalg.norm(v)), 1e-9)
        return out

    return embed


def clause(text: str, lexicon: dict[str, str]) -> str:
    """Two tokens before the first person word to eight after it; "" when there is none."""
    words = tokens(text)
    classes = classify(words, lexicon)
    for i, cls in enumerate(classes):
        if cls in HUMAN:
            return " ".join(words[max(0, i - 2) : i + 9])
    return ""


def embeddings(rows: Rows, lexicon: dict[str, str]) -> dict[str, np.ndarray]:
    """Sentence and clause embeddings, plain means and IDF-weighted (cached in /tmp)."""
    texts = [str(r["text"]) for r in rows]
    if CACHE.exists():
        saved = np.load(CACHE, allow_pickle=False)
        if saved["sentence"].shape[0] == len(rows):
            return {k: saved[k] for k in saved.files}
    clauses = [clause(t, lexicon) for t in texts]
    plain, weighted = embedder(), embedder(texts)
    found = {
        "sentence": plain(texts),
        "clause": plain(clauses),
        "sentence_idf": weighted(texts),
        "clause_idf": weighted(clauses),
    }
    np.savez(CACHE, **found)  # type: ignore[arg-type]
    return found


def weights(rows: Rows, index: Sequence[int], cfg: bench.Config) -> list[float]:
    weight = {"written": 1.0, "dfds": cfg.real_weight, "icco": cfg.real_weight}
    return [weight.get(bench.family(rows[i]), cfg.other_weight) for i in index]


def trainer(
    rows: Rows,
    feats: bench.Feats | None,
    dense: np.ndarray | None,
    scale: float,
    c: float,
    cfg: bench.Config = bench.CONFIG,
) -> Trainer:
    """Logistic regression over the bench's features (if any) and `dense` columns times
    `scale` (if any); the same weights, balance and feature filter as the bench."""

    def train(index: Sequence[int]) -> Predictor:
        vectorizer: DictVectorizer | None = None
        blocks: list[Any] = []
        if feats is not None:
            docs = bench._select(feats, index, cfg)
            counts: dict[str, int] = {}
            for doc in docs:
                for k in doc:
                    counts[k] = counts.get(k, 0) + 1
            docs = [
                {
                    k: v
                    for k, v in d.items()
                    if counts[k] >= cfg.min_count or k.startswith("phrase:")
                }
                for d in docs
            ]
            vectorizer = DictVectorizer()
            blocks.append(vectorizer.fit_transform(docs))
        if dense is not None:
            blocks.append(sparse.csr_matrix(dense[list(index)] * scale))
        matrix = sparse.hstack(blocks, format="csr")
        labels = [bench.positive(rows[i]) for i in index]
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
        model.fit(matrix, labels, sample_weight=weights(rows, index, cfg))

        def predict(test: Sequence[int]) -> np.ndarray:
            parts: list[Any] = []
            if vectorizer is not None and feats is not None:
                parts.append(vectorizer.transform(bench._select(feats, test, cfg)))
            if dense is not None:
                parts.append(sparse.csr_matrix(dense[list(test)] * scale))
            return np.asarray(model.predict_proba(sparse.hstack(parts, format="csr"))[:, 1])

        return predict

    return train


def out_of_fold(
    rows: Rows, train: Trainer, index: Sequence[int], group: Callable[[dict[str, Any]], str]
) -> Scores:
    scores: Scores = {}
    for g in sorted({group(rows[i]) for i in index}):
        test = [i for i in index if group(rows[i]) == g]
        rest = [i for i in index if group(rows[i]) != g]
        scores.update(zip(test, train(rest)(test).tolist(), strict=True))
    return scores


def by_round(r: dict[str, Any]) -> str:
    return str(r["round"])


def repository(r: dict[str, Any]) -> str:
    return str(r["source"]).split("/")[0]


def figure(rows: Rows, scores: Scores, threshold: float, part: str) -> dict[str, Any]:
    mine = {
        i: p
        for i, p in scores.items()
        if (bench.family(rows[i]) == "written") == (part == "written")
    }
    c = bench.counts(rows, mine, threshold)
    return {**c, **bench.pr(c)}


def leave_one_repository_out(rows: Rows, train: Trainer) -> dict[str, Any]:
    """Round 10's projects, each scored by a model that never read it."""
    latest = [i for i, r in enumerate(rows) if by_round(r) == bench.LATEST]
    scores: Scores = {}
    for repo in sorted({repository(rows[i]) for i in latest}):
        test = [i for i in latest if repository(rows[i]) == repo]
        held = set(test)
        rest = [i for i in range(len(rows)) if i not in held]
        scores.update(zip(test, train(rest)(test).tolist(), strict=True))
    real = {i: p for i, p in scores.items() if bench.family(rows[i]) != "written"}
    pooled_t = bench.choose_threshold(rows, real, bench.f_one)
    # nested: each project at the threshold chosen on the other projects' scores
    nested = {"tp": 0, "fp": 0, "fn": 0}
    chosen: dict[str, float] = {}
    for repo in sorted({repository(rows[i]) for i in real}):
        others = {i: p for i, p in real.items() if repository(rows[i]) != repo}
        mine = {i: p for i, p in real.items() if repository(rows[i]) == repo}
        t = bench.choose_threshold(rows, others, bench.f_one)
        chosen[repo] = t
        for k, v in bench.counts(rows, mine, t).items():
            nested[k] += v
    return {
        "threshold_bench": pooled_t,
        "real_at_bench_threshold": figure(rows, scores, pooled_t, "real"),
        "real_at_0.88": figure(rows, scores, 0.88, "real"),
        "real_nested": {**nested, **bench.pr(nested)},
        "nested_thresholds": chosen,
        "written": figure(rows, scores, pooled_t, "written"),
        "curve": {str(t): figure(rows, scores, t, "real") for t in (0.5, 0.7, 0.8, 0.9, 0.95)},
    }


def leave_one_round_out(rows: Rows, train: Trainer) -> dict[str, Any]:
    """Each round scored by a model trained on the others, at an inner-LORO threshold."""
    everything = range(len(rows))
    pooled = {"real": {"tp": 0, "fp": 0, "fn": 0}, "written": {"tp": 0, "fp": 0, "fn": 0}}
    rounds: dict[str, Any] = {}
    for g in sorted({by_round(r) for r in rows}):
        test = [i for i in everything if by_round(rows[i]) == g]
        rest = [i for i in everything if by_round(rows[i]) != g]
        threshold = bench.choose_threshold(rows, out_of_fold(rows, train, rest, by_round))
        scores = dict(zip(test, train(rest)(test).tolist(), strict=True))
        rounds[g] = {"threshold": threshold}
        for part, total in pooled.items():
            c = figure(rows, scores, threshold, part)
            rounds[g][part] = c
            for k in total:
                total[k] += c[k]
        print(g, rounds[g], flush=True)
    return {"rounds": rounds, "pooled": {p: {**c, **bench.pr(c)} for p, c in pooled.items()}}


def quick(rows: Rows, train: Trainer) -> dict[str, Any]:
    """One LORO pass (no nesting) at the pooled best-F0.5 threshold: for choosing C and scale."""
    scores = out_of_fold(rows, train, range(len(rows)), by_round)
    t = bench.choose_threshold(rows, scores)
    real = [i for i in scores if bench.family(rows[i]) != "written"]
    return {
        "t": t,
        "real": figure(rows, scores, t, "real"),
        "written": figure(rows, scores, t, "written"),
        "real_average_precision": round(
            float(
                average_precision_score(
                    [bench.positive(rows[i]) for i in real], [scores[i] for i in real]
                )
            ),
            3,
        ),
    }


def main(argv: list[str]) -> int:
    started = time.monotonic()
    rows = bench.load()
    lexicon = bench.word_classes(bench.vader_valence())
    feats = bench.featurize(rows, lexicon)
    e = embeddings(rows, lexicon)
    cfg = bench.CONFIG
    variants: dict[str, Trainer] = {
        "features": trainer(rows, feats, None, 1.0, cfg.c),
        "embed": trainer(rows, None, e["sentence"], 1.0, 1.0),
        "features+embed": trainer(rows, feats, e["sentence"], 1.0, cfg.c),
        "features+clause": trainer(
            rows, feats, np.hstack([e["sentence"], e["clause"]]), 1.0, cfg.c
        ),
    }
    for arg in argv:  # e.g. embed:sentence_idf,clause:c=3:scale=1 or features+embed:...
        head, _, spec = arg.partition(":")
        if head in ("embed", "features+embed") and spec:
            blocks, c, scale = spec.split(":")
            dense = np.hstack([e[b] for b in blocks.split(",")])
            variants[arg] = trainer(
                rows,
                feats if head == "features+embed" else None,
                dense,
                float(scale.split("=")[1]),
                float(c.split("=")[1]),
            )
    chosen = [a for a in argv if a in variants] or list(variants)
    out: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name in chosen:
        t0 = time.monotonic()
        if "--quick" in argv:
            result = {"quick": quick(rows, variants[name])}
        else:
            result = {
                "leave_one_repository_out_round_10": leave_one_repository_out(rows, variants[name]),
                "leave_one_round_out": leave_one_round_out(rows, variants[name]),
            }
        result["seconds_quick" if "--quick" in argv else "seconds"] = round(
            time.monotonic() - t0, 1
        )
        out.setdefault(name, {}).update(result)
        print(name, json.dumps(result), flush=True)
        RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print("total", round(time.monotonic() - started, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
