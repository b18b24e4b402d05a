"""`salesops forecast` round trips through csv and parquet and exits 2 on bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from forecasting.cli import main

pytestmark = pytest.mark.filterwarnings("ignore")


def _history() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    frames = [pd.DataFrame({"unique_id": uid, "ds": pd.date_range("2021-01-01", periods=36, freq="MS"),
                            "y": 50 + 10 * np.sin(np.arange(36) / 2) + rng.normal(0, 2, 36)}) for uid in ("a", "b")]
    return pd.concat(frames, ignore_index=True)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_round_trip(tmp_path: Path, suffix: str, capsys):
    source, target = tmp_path / f"history{suffix}", tmp_path / f"forecast{suffix}"
    _history().to_csv(source, index=False) if suffix == ".csv" else _history().to_parquet(source)
    assert main(["--input", str(source), "--horizon", "3", "--levels", "90", "--output", str(target)]) == 0
    out = pd.read_csv(target) if suffix == ".csv" else pd.read_parquet(target)
    assert list(out.columns) == ["unique_id", "ds", "model", "yhat", "yhat_lo_90", "yhat_hi_90"]
    assert out.groupby("unique_id").size().to_dict() == {"a": 3, "b": 3}
    assert "forecasts written" in capsys.readouterr().out


def test_bad_input_exits_2_with_bilingual_message(tmp_path: Path, capsys):
    source = tmp_path / "history.csv"
    _history().drop(columns="y").to_csv(source, index=False)
    assert main(["--input", str(source), "--horizon", "3", "--output", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert "输入缺少列 / input is missing columns: y" in err and "Traceback" not in err


def test_missing_file_and_bad_extension_exit_2(tmp_path: Path):
    assert main(["--input", str(tmp_path / "nope.csv"), "--horizon", "3", "--output", str(tmp_path / "f.csv")]) == 2
    assert main(["--input", str(tmp_path / "h.xlsx"), "--horizon", "3", "--output", str(tmp_path / "f.csv")]) == 2


def test_non_positive_horizon_exits_2(tmp_path: Path):
    source = tmp_path / "history.parquet"
    _history().to_parquet(source)
    assert main(["--input", str(source), "--horizon", "0", "--output", str(tmp_path / "f.csv")]) == 2


def test_progress_goes_to_stderr_and_reaches_every_series(tmp_path: Path, capsys):
    source = tmp_path / "history.csv"
    _history().to_csv(source, index=False)
    assert main(["--input", str(source), "--horizon", "3", "--output", str(tmp_path / "f.csv")]) == 0
    captured = capsys.readouterr()
    assert "交叉验证 / cross-validation: 2/2 序列 series (100%)" in captured.err
    assert "预测 / forecast: 2/2 序列 series (100%)" in captured.err
    assert "进度 / progress" not in captured.out
