"""Fit the weights of the sentence-choice signals on the dev split.

    python -m eval.fit_sentences --dataset eval/datasets/dev.jsonl --data-dir KB

Method: for every answerable single-turn question of the dataset, the knowledge base is searched as the
answerer does (top_k passages); every usable sentence of those passages becomes one example, labelled 1
when it contains an expected source's evidence phrase (whitespace ignored, traditional → simplified) and 0
otherwise. A logistic regression (scikit-learn, L2, C=1, balanced classes) is fitted on the six signals of
``assistant.answer.scoring.Signals``; its coefficients are the ``w_*`` fields of ``AnswerTuning`` (the
intercept is dropped: it does not change the order of sentences). The script prints the fitted weights and,
for the current and the fitted weights, the share of questions whose best-scored sentence is labelled 1.
Only dev may be used: never point it at a test split.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.answer.scoring import IdfTable, SentenceScorer, Signals
from assistant.service import build_service
from assistant.settings import build_settings
from assistant.sentvec import SentenceVectors
from eval.dataset import load_dataset, normalize

FIELDS = ("w_coverage", "w_semantic", "w_retrieval", "w_rank", "w_type", "w_definition")


def _examples(dataset: Path, data_dir: Path) -> list[tuple[str, list[Signals], list[int]]]:
    service = build_service(build_settings(data_dir))
    snapshot = service.retriever.index.current()
    settings = service.settings
    vectors = SentenceVectors(service.retriever.embedder, settings.cache_dir, settings.embed_batch_size)
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
    pointwise = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(x, y)
    # pairwise: within a question, (evidence sentence − other sentence) → 1 and the reverse → 0
    pairs, targets = [], []
    for _, signals, labels in examples:
        pos = [np.array(s.vector()) for s, label in zip(signals, labels) if label]
        neg = [np.array(s.vector()) for s, label in zip(signals, labels) if not label]
        for p in pos:
            for n in neg:
                pairs += [p - n, n - p]
                targets += [1, 0]
    pairwise = LogisticRegression(C=1.0, fit_intercept=False, max_iter=1000).fit(np.array(pairs), np.array(targets))
    fitted = pairwise.coef_[0]
    # the pairwise weights order sentences; the pointwise intercept, rescaled, keeps scores on a probability scale
    scale = float(np.dot(fitted, fitted)) ** 0.5 / max(float(np.dot(pointwise.coef_[0], pointwise.coef_[0])) ** 0.5, 1e-9)
    model = pointwise
    current = build_settings(args.data_dir).answer_tuning
    before = np.array([getattr(current, f) for f in FIELDS])
    print(json.dumps({
        "questions": len(examples), "sentences": int(len(y)), "positives": int(y.sum()),
        "fitted": {f: round(float(w), 3) for f, w in zip(FIELDS, fitted)},
        "intercept": round(float(model.intercept_[0]) * scale, 3),
        "pointwise": {f: round(float(w), 3) for f, w in zip(FIELDS, pointwise.coef_[0])},
        "top1_pointwise_weights": round(_top1(examples, pointwise.coef_[0]), 3),
        "top1_current_weights": round(_top1(examples, before), 3),
        "top1_fitted_weights": round(_top1(examples, fitted), 3),
    }, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
