from mlutils.metrics import f1_score, precision_recall


def test_precision_and_recall_of_overlapping_sets():
    assert precision_recall({1, 2, 3, 4}, {2, 3}) == (0.5, 1.0)


def test_f1_is_zero_without_hits():
    assert f1_score({1}, {2}) == 0.0
