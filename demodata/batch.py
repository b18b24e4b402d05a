"""The unit every generator yields and every sink consumes: one extract of one entity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingestion.contract import Entity


@dataclass
class Batch:
    """Rows of `entity` as of the business date `cut` (one landing file, or rows for a table).

    `frame` holds logical values in the contract's columns plus hidden ones: `_flags`
    (";"-joined flag names, "" for none), optionally `_stale` (a stale re-send, which a
    database cannot hold twice) and `_key` (an int64 surrogate key for the sales totals).
    """

    entity: Entity
    cut: np.datetime64
    frame: pd.DataFrame
    seq: int = 0
