"""The same seed, scale and end month write byte-identical files; a rerun replaces the old extracts."""

from __future__ import annotations

import pytest

from demodata import generate


def _contents(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_files_and_truth(tmp_path):
    for run in ("a", "b"):
        generate(tmp_path / run / "landing", tmp_path / run / "truth", scale=0.01, seed=5, end_month="2025-12")
    first, second = _contents(tmp_path / "a"), _contents(tmp_path / "b")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.endswith(".xlsx") for name in first) and any(name.endswith(".parquet") for name in first)


def test_another_seed_gives_other_data(tmp_path):
    generate(tmp_path / "a" / "landing", tmp_path / "a" / "truth", scale=0.01, seed=5, end_month="2025-12")
    generate(tmp_path / "b" / "landing", tmp_path / "b" / "truth", scale=0.01, seed=6, end_month="2025-12")
    name = "landing/erp/sales_orders/sales_orders_20251231.csv"
    assert _contents(tmp_path / "a")[name] != _contents(tmp_path / "b")[name]


def test_rerun_replaces_earlier_extracts_and_keeps_other_files(tmp_path):
    landing = tmp_path / "landing"
    generate(landing, tmp_path / "truth", scale=0.01, seed=5, end_month="2025-12")
    keep = landing / "pos" / "transactions" / "notes.txt"
    keep.write_text("not an extract")
    generate(landing, tmp_path / "truth", scale=0.01, seed=5, end_month="2024-06")
    dates = {p.stem.split("_")[-1] for p in (landing / "erp" / "sales_orders").iterdir()}
    assert max(dates) == "20240630" and keep.exists()


def test_truth_inside_landing_is_refused(tmp_path):
    with pytest.raises(ValueError, match="inside landing"):
        generate(tmp_path / "landing", tmp_path / "landing" / "truth", scale=0.01)
