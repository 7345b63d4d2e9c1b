"""Feature encoding for data frames."""

from __future__ import annotations

import pandas as pd


def one_hot(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Replace a categorical column by one 0/1 column per value."""
    dummies = pd.get_dummies(frame[column], prefix=column, dtype=int)
    return pd.concat([frame.drop(columns=[column]), dummies], axis=1)


def standardize(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Scale the columns to mean 0 and standard deviation 1."""
    scaled = frame.copy()
    for column in columns:
        std = scaled[column].std(ddof=0)
        scaled[column] = (scaled[column] - scaled[column].mean()) / (std or 1.0)
    return scaled
