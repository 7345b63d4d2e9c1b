from pipeline.transform import calculate_total


def test_calculate_total_sums_line_items():
    order = {"items": [{"quantity": 2, "cents": 150}, {"quantity": 1, "cents": 99}]}
    assert calculate_total(order) == 399
