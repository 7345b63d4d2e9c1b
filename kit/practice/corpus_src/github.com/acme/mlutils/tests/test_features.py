import pandas as pd

from mlutils.features import one_hot, standardize


def test_one_hot_adds_a_column_per_value():
    frame = one_hot(pd.DataFrame({"color": ["red", "blue", "red"]}), "color")
    assert sorted(frame.columns) == ["color_blue", "color_red"]


def test_standardize_centers_the_column():
    frame = standardize(pd.DataFrame({"x": [1.0, 2.0, 3.0]}), ["x"])
    assert frame["x"].mean() == 0
