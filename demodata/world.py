"""The simulated company: its history window and master data, shared by all generators."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demodata import seasons


@dataclass
class World:
    scale: float
    months: np.ndarray  # datetime64[M], the history
    products: pd.DataFrame
    reps: pd.DataFrame
    customers: pd.DataFrame  # ERP customers (every one appears in some snapshot)
    accounts: pd.DataFrame  # CRM accounts (every one appears in some snapshot)
    stores: pd.DataFrame
    members: pd.DataFrame

    @property
    def start(self) -> np.datetime64:
        return self.months[0].astype("datetime64[D]")

    @property
    def end(self) -> np.datetime64:
        return seasons.month_end(self.months[-1])

    def cut(self, index: int) -> np.datetime64:
        """Business date of month `index`'s delta files: its last day."""
        return seasons.month_end(self.months[index])

    def cut_seconds(self, index: int) -> int:
        """The last second of month `index`, as epoch seconds (local time)."""
        return int((self.cut(index) + 1).astype("datetime64[s]").astype("int64")) - 1

    def snapshot_indexes(self, count: int) -> list[int]:
        return snapshot_indexes(len(self.months), count)


def snapshot_indexes(months: int, count: int) -> list[int]:
    """Months of `count` snapshot exports, spread over the history, the last at the end."""
    return [months - 1 - (count - 1 - k) * (months // count) for k in range(count)]


def seconds(values) -> np.ndarray:
    """datetime-like values as int64 epoch seconds (naive local time)."""
    return np.asarray(values).astype("datetime64[s]").astype("int64")


def stamps(values: np.ndarray) -> np.ndarray:
    """int64 epoch seconds back to datetime64[s]."""
    return np.asarray(values, dtype="int64").astype("datetime64[s]")
