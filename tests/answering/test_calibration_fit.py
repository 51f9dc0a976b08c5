"""Calibration fitting checked directly: optimality of the logistic fit, the sign rule,
and the false-abstention bound on the threshold."""

from __future__ import annotations

import numpy as np
import pytest

from qa.answering.calibration import FEATURES, SIGNS, fit_calibration, fit_logistic


def test_logistic_fit_is_a_stationary_point_of_the_penalised_likelihood():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = (x @ np.array([1.5, -2.0, 0.5]) + rng.normal(size=200) > 0).astype(float)
    w, b = fit_logistic(x, y, l2=0.5)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    gradient_w = x.T @ (y - p) - 0.5 * w
    gradient_b = np.sum(y - p)
    assert np.allclose(gradient_w, 0, atol=1e-6) and abs(gradient_b) < 1e-6
    assert w[0] > 0 > w[1]  # the generating signs are recovered


def _evidence(rng, answerable: bool) -> dict[str, float]:
    base = 0.7 if answerable else 0.3
    return {name: float(np.clip(base + rng.normal(0, 0.15), 0, 1)) for name in FEATURES}


def test_fitted_weights_respect_signs_and_threshold_respects_false_abstention_cap():
    rng = np.random.default_rng(1)
    labels = [True] * 60 + [False] * 30
    evidence = [_evidence(rng, a) for a in labels]
    calibration = fit_calibration(evidence, labels, max_false_abstention=0.05)
    for weight, sign in zip(calibration.weights, SIGNS, strict=True):
        assert weight * sign >= 0
    probs = [calibration.probability(e) for e in evidence]
    wrongly = sum(p < calibration.threshold for p, a in zip(probs, labels, strict=True) if a)
    assert wrongly <= 0.05 * 60
    abstained = sum(p < calibration.threshold for p, a in zip(probs, labels, strict=True) if not a)
    assert abstained > 15  # well-separated classes: most unanswerables abstain


def test_calibration_needs_both_classes():
    rng = np.random.default_rng(2)
    with pytest.raises(ValueError, match="both"):
        fit_calibration([_evidence(rng, True) for _ in range(5)], [True] * 5)
