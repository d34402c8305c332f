"""The rule building blocks: vectorised shapes the documents keep using."""

from __future__ import annotations

import numpy as np
import pytest

from jiuzhu.core.rules import blocks


def test_per_ratio_rounding():
    v = np.array([0, 1, 9999, 10000, 10001, 45000])
    assert blocks.per_ratio(v, 10000).tolist() == [0, 1, 1, 1, 2, 5]
    assert blocks.per_ratio(v, 10000, "floor").tolist() == [0, 0, 0, 1, 1, 4]
    assert blocks.is_inexact(v, 10000).tolist() == [False, True, True, False, True, True]
    with pytest.raises(ValueError, match="rounding"):
        blocks.per_ratio(v, 10, "nearest")


def test_base_plus_per():
    """Jilin's shape: 3 up to 30,000 inclusive, one more per started 10,000."""
    v = np.array([0, 30000, 30001, 40000, 40001, 52000])
    assert blocks.base_plus_per(v, 30000, 3, 10000).tolist() == [3, 3, 4, 4, 5, 6]


def test_banded_boundaries():
    v = np.array([29999, 30000, 30001, 50000, 50001])
    lower = blocks.banded(v, [30000, 50000], [40000, 70000, 100000], "lower")
    upper = blocks.banded(v, [30000, 50000], [40000, 70000, 100000], "upper")
    assert lower.tolist() == [40000, 40000, 70000, 70000, 100000]
    assert upper.tolist() == [40000, 70000, 70000, 100000, 100000]
    with pytest.raises(ValueError):
        blocks.banded(v, [1], [1, 2, 3])


def test_descending_ranks():
    scores = np.array([90, 80, 90, 70, np.nan])
    assert blocks.descending_ranks(scores).tolist() == [1, 3, 1, 4, 0]
    assert blocks.descending_ranks(scores, "input_order").tolist() == [1, 3, 2, 4, 0]
    assert blocks.descending_ranks(np.array([])).tolist() == []


def test_full_score_minus_and_weighted_shares():
    assert blocks.full_score_minus(np.array([0, 1, 9]), 2.0, 10.0).tolist() == [0, 2, 10]
    shares = blocks.weighted_shares([np.array([1.0, 3.0]), np.array([1.0, 1.0])], [0.5, 0.5])
    assert shares.tolist() == [0.375, 0.625] and shares.sum() == 1.0
    assert blocks.weighted_shares([np.array([0.0, 0.0])], [1.0]).tolist() == [0.0, 0.0]


def test_blocks_are_vectorised_over_a_large_column():
    v = np.arange(1_000_000)
    assert blocks.per_ratio(v, 1500).shape == (1_000_000,)
