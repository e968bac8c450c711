"""Fit the weights of the sentence-choice signals on the dev split.

    python -m eval.fit_sentences --dataset eval/datasets/dev.jsonl --data-dir KB

Method: for every answerable single-turn question of the dataset, the knowledge base is searched as the
answerer does (top_k passages); every usable sentence of those passages becomes one example, labelled 1
when it contains an expected source's evidence phrase (whitespace ignored, traditional → simplified) and 0
otherwise. Logistic regressions (scikit-learn, L2) are fitted on the six signals of
``assistant.answer.scoring.Signals``: pairwise (differences of an evidence sentence and another sentence of
the same question, no intercept) and pointwise (balanced classes), for each C of ``GRID``, each reported with
its top-1 (share of questions whose best-scored sentence holds the evidence). The weights in use are the
pairwise fit at C=1 with the pointwise intercept rescaled to their norm. Top-1 barely separates the fits
(0.725–0.758 against 0.750 for the former hand-set weights), so two candidates were run end to end with
``python -m eval run`` on dev: pairwise C=1 gave grounded answers 0.903, pointwise C=0.01 (best top-1) 0.897.
Only dev may be used: never point it at a test split.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.answer.scoring import IdfTable, SentenceScorer, Signals
from assistant.service import build_service
from assistant.sentvec import SentenceVectors
from assistant.settings import build_settings
from eval.dataset import load_dataset, normalize

GRID = (0.01, 0.1, 1.0, 10.0)  # inverse L2 strengths whose top-1 is printed
CHOSEN_C = 1.0
FIELDS = ("w_coverage", "w_semantic", "w_retrieval", "w_rank", "w_type", "w_definition")


def _examples(dataset: Path, data_dir: Path) -> list[tuple[str, list[Signals], list[int]]]:
    service = build_service(build_settings(data_dir))
    snapshot = service.retriever.index.current()
    settings = service.settings
    vectors = SentenceVectors.for_settings(service.retriever.embedder, settings)
    scorer = SentenceScorer(service.tokenizer, IdfTable(snapshot, service.tokenizer), settings.answer_tuning, vectors)
    out = []
    for q in load_dataset(dataset):
        if not q.answerable or q.history or not q.expected_sources:
            continue
        result = service.search(q.question)
        signals = scorer.signals(q.question, result.hits, result.query_vector)
        labels = []
        for s in signals:
            hit = result.hits[s.rank]
            text = normalize(s.sentence.text)
            labels.append(int(any(hit.document.source.endswith(src.file) and normalize(src.evidence) in text
                                  for src in q.expected_sources)))
        if any(labels):
            out.append((q.id, signals, labels))
    return out


def _top1(examples: list[tuple[str, list[Signals], list[int]]], weights: np.ndarray) -> float:
    hits = 0
    for _, signals, labels in examples:
        scores = [float(np.dot(weights, s.vector())) for s in signals]
        hits += labels[int(np.argmax(scores))]
    return hits / len(examples) if examples else 0.0


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    examples = _examples(args.dataset, args.data_dir)
    x = np.array([s.vector() for _, signals, _ in examples for s in signals])
    y = np.array([label for _, _, labels in examples for label in labels])
    # pairwise examples: within a question, (evidence sentence − other sentence) → 1 and the reverse → 0
    pairs, targets = [], []
    for _, signals, labels in examples:
        pos = [np.array(s.vector()) for s, label in zip(signals, labels) if label]
        neg = [np.array(s.vector()) for s, label in zip(signals, labels) if not label]
        for p in pos:
            for n in neg:
                pairs += [p - n, n - p]
                targets += [1, 0]
    fits = []
    for c in GRID:
        point = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(x, y)
        pair = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(np.array(pairs), np.array(targets))
        fits.append(("pointwise", c, point.coef_[0], float(point.intercept_[0])))
        fits.append(("pairwise", c, pair.coef_[0], None))
    scored = [(round(_top1(examples, w), 3), kind, c, w, b) for kind, c, w, b in fits]
    point = next(f for f in scored if f[1] == "pointwise" and f[2] == CHOSEN_C)
    pair = next(f for f in scored if f[1] == "pairwise" and f[2] == CHOSEN_C)
    # the pairwise weights order sentences; the pointwise intercept, rescaled to their norm, keeps scores on a
    # probability scale (the answer composer compares scores by ratio)
    scale = float(np.linalg.norm(pair[3]) / max(np.linalg.norm(point[3]), 1e-9))
    best = (pair[0], "pairwise", CHOSEN_C, pair[3], point[4] * scale)
    current = build_settings(args.data_dir).answer_tuning
    before = np.array([getattr(current, f) for f in FIELDS])
    print(json.dumps({
        "questions": len(examples), "sentences": int(len(y)), "positives": int(y.sum()),
        "grid_top1": [{"model": k, "C": c, "top1": t, "weights": [round(float(v), 3) for v in w]} for t, k, c, w, _ in scored],
        "chosen": {"model": best[1], "C": best[2], "top1": best[0],
                   "fitted": {f: round(float(w), 3) for f, w in zip(FIELDS, best[3])}, "w_bias": round(best[4], 3)},
        "top1_current_weights": round(_top1(examples, before), 3),
    }, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
