"""Which entry does a question belong to? A linear classifier over the vectors of the entries' question phrasings.

The nearest phrasing (the dense score) says how close a question comes to one way of asking; the classifier weighs
all of an entry's phrasings at once and learns which directions of the vector space set it apart from the others.
Its probability is added to the ranking score (WEIGHT) and is a feature of the decision models (`clf`).

Trained on the knowledge base alone (no evaluation question) at every index build, about 10 s for 12,500 phrasings
on two cores, and stored with the index version. Entries count equally however many phrasings they have
(class_weight "balanced"): unweighted, a new entry an editor writes with one phrasing per language got 0.01 for its
own question and was never answered; weighted, 0.86. Chosen on the fitting pool (`dev` + `cal` + `fresh`), 2026-12-04:
- right entry first (retrieval@1), dense + lexical alone -> with the classifier at WEIGHT 0.1: the pool 352 -> 365
  of 416 (unweighted 369), the team's own set 517 -> 528 of 566;
- good outcomes in nested cross-validation on the pool (3 x 5 folds, models and bands fitted inside each fold):
  81.3% without the classifier, 82.0% with it (balanced, or halfway to balanced with the square root of the
  weights; unweighted 82.3%, and 83.5% on the content of an hour before: differences of this size are noise between
  content versions);
- nearest class centroids instead of a classifier: 352 -> 360 on the pool.
The figures on the held-out splits are in the README.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

C = 10.0  # inverse regularisation (unweighted, pool retrieval@1): 1 gave 353, 100 gave 367, 10 gave 369
WEIGHT = 0.1  # unweighted, pool retrieval@1: 0.02 gave 364, 0.05 366, 0.1 369, 0.2 364
MAX_ITER = 300
CLASS_WEIGHT = "balanced"
FILE = "classifier.npz"


def settings() -> dict:
    """What the trained weights depend on besides the phrasings: a change rebuilds the index."""
    return {"C": C, "class_weight": CLASS_WEIGHT, "max_iter": MAX_ITER}


class EntryClassifier:
    """Softmax probabilities of the entries for a query vector (numpy only: no scikit-learn at query time)."""

    def __init__(self, classes: list[str], coef: np.ndarray, intercept: np.ndarray):
        self.classes = list(classes)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.column = {eid: i for i, eid in enumerate(self.classes)}

    def probabilities(self, vec: np.ndarray) -> np.ndarray:
        """Probability of each class, in the order of `classes`."""
        z = self.coef @ np.asarray(vec, dtype=np.float32) + self.intercept
        z = np.exp(z - z.max())
        return z / z.sum()

    def of(self, vec: np.ndarray, ids=None, probs: np.ndarray | None = None) -> dict[str, float]:
        """Probability per entry id: of every entry, or only of `ids` (0.0 for an id the classifier does not know);
        `probs`: this vector's probabilities when the caller has them already."""
        probs = self.probabilities(vec) if probs is None else probs
        if ids is None:
            return dict(zip(self.classes, (float(p) for p in probs)))
        return {eid: float(probs[self.column[eid]]) if eid in self.column else 0.0 for eid in ids}

    def save(self, path: Path) -> None:
        np.savez(path, classes=np.array(self.classes), coef=self.coef, intercept=self.intercept)

    @classmethod
    def load(cls, path: Path) -> "EntryClassifier":
        with np.load(path, allow_pickle=False) as data:
            return cls([str(c) for c in data["classes"]], data["coef"], data["intercept"])


def training_set(rows: list[dict], vectors: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """What the classifier learns from: the vectors of an index's question phrasings (rows of kind "q") and their
    entry ids. The index build trains on it; the workspace refits on the live index's."""
    q_rows = [i for i, r in enumerate(rows) if r["kind"] == "q"]
    return np.asarray(vectors)[q_rows], [rows[i]["entry"] for i in q_rows]


def train(vectors: np.ndarray, labels: list[str]) -> EntryClassifier | None:
    """Multinomial logistic regression of entry ids on phrasing vectors; None when there are fewer than two entries
    (nothing to tell apart)."""
    classes = sorted(set(labels))
    if len(classes) < 2:
        return None
    from sklearn.linear_model import LogisticRegression  # build time only

    column = {eid: i for i, eid in enumerate(classes)}
    y = np.array([column[label] for label in labels])
    model = LogisticRegression(C=C, max_iter=MAX_ITER, class_weight=CLASS_WEIGHT).fit(np.asarray(vectors, dtype=np.float32), y)
    if len(classes) == 2:  # scikit-learn keeps one row for a binary problem: make it a two-way softmax
        coef = np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2])
        intercept = np.array([-model.intercept_[0] / 2, model.intercept_[0] / 2])
    else:
        coef, intercept = model.coef_, model.intercept_
    return EntryClassifier(classes, coef, intercept)


def refit_with(live: EntryClassifier, vectors: np.ndarray, labels: list[str], entry_id: str,
               entry_vectors: np.ndarray, max_iter: int = 50) -> EntryClassifier:
    """The live classifier refitted with one entry's phrasings replaced by `entry_vectors` (a draft in the workspace
    preview, new or edited): warm-started from the live weights, so it takes a few seconds rather than a full
    training (on the real base: 3.9 s, and 0.86 for a new draft's own question where a full training gives 0.84).
    `vectors`/`labels`: the live phrasings and their entries."""
    from sklearn.linear_model import LogisticRegression  # workspace only

    keep = [i for i, label in enumerate(labels) if label != entry_id]
    x = np.vstack([np.asarray(vectors, dtype=np.float32)[keep], np.asarray(entry_vectors, dtype=np.float32)])
    y_labels = [labels[i] for i in keep] + [entry_id] * len(entry_vectors)
    classes = sorted(set(y_labels))
    if len(classes) <= 2:  # nothing to warm-start from worth the trouble (and scikit-learn keeps one row for two)
        return train(x, y_labels) or live
    column = {eid: i for i, eid in enumerate(classes)}
    coef = np.zeros((len(classes), x.shape[1]))
    intercept = np.full(len(classes), float(live.intercept.mean()))
    for eid, i in column.items():
        if eid in live.column:
            coef[i], intercept[i] = live.coef[live.column[eid]], live.intercept[live.column[eid]]
    if entry_id not in live.column:  # a new entry starts from its phrasings' direction, at the live weights' scale
        mean = np.asarray(entry_vectors, dtype=np.float32).mean(axis=0)
        coef[column[entry_id]] = mean / (np.linalg.norm(mean) or 1.0) * float(np.linalg.norm(live.coef, axis=1).mean())
    model = LogisticRegression(C=C, max_iter=max_iter, class_weight=CLASS_WEIGHT, warm_start=True)
    model.coef_, model.intercept_, model.classes_ = coef, intercept, np.arange(len(classes))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a warm start may stop at max_iter a little short of convergence
        model.fit(x, np.array([column[label] for label in y_labels]))
    return EntryClassifier(classes, model.coef_, model.intercept_)
