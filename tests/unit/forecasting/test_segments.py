"""ABC by volume share and XYZ by coefficient of variation on a hand-made case."""

from __future__ import annotations

import pandas as pd

from forecasting.segments import abc_xyz, intermittent_ids


def _series(uid: str, values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"unique_id": uid, "ds": range(len(values)), "y": values})


def test_abc_xyz_labels():
    history = pd.concat([
        _series("big", [35.0, 35.0]),       # 70% of volume, flat: A, X
        _series("mid", [5.0, 15.0]),        # 70% before it: still A; cv 0.5: Y
        _series("small", [0.0, 6.0]),       # 90% before it: B; cv 1.0: Z
        _series("tail", [2.0, 2.0]),        # 96% before it: C; X
    ])
    labels = abc_xyz(history).set_index("unique_id")["segment"].to_dict()
    assert labels == {"big": "AX", "mid": "AY", "small": "BZ", "tail": "CX"}


def test_series_without_demand_is_cz():
    history = pd.concat([_series("a", [10.0, 10.0]), _series("zero", [0.0, 0.0])])
    assert abc_xyz(history).set_index("unique_id").loc["zero", "segment"] == "CZ"


def test_intermittent_by_average_demand_interval():
    history = pd.concat([_series("sparse", [0, 0, 3, 0, 0, 4]), _series("regular", [1, 2, 0, 3, 4, 5])])
    assert intermittent_ids(history) == {"sparse"}
