"""The abstention threshold: the lowest that refuses the target share of out-of-scope questions."""

from __future__ import annotations

import numpy as np
import pytest

from evals.calibrate import OUT_OF_SCOPE_REFUSED_TARGET, best_threshold

pytestmark = pytest.mark.unit


def test_the_lowest_threshold_that_refuses_the_target_share_of_out_of_scope_questions():
    # ten out-of-scope questions (y=0) with p 0.1 … 0.55, eleven answerable ones (y=1) with p 0.5 … 1.0
    p = np.array([0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55] + [0.5 + 0.05 * i for i in range(11)])
    y = np.array([0] * 10 + [1] * 11)
    assert OUT_OF_SCOPE_REFUSED_TARGET == 0.9
    # t = 0.51 (the grid steps by 0.01) refuses 9 of 10 out-of-scope questions (p < t) and only the
    # answerable one at p = 0.5; t = 0.50 refuses 8 of 10
    assert best_threshold(p, y) == 0.51


def test_without_a_threshold_that_reaches_the_target_the_best_balanced_accuracy_wins():
    p = np.array([0.96, 0.97, 0.2, 0.9])
    y = np.array([0, 0, 1, 1])
    assert best_threshold(p, y) == 0.05
