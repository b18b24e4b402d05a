"""Progress of a long forecast: the callback the engine calls, and the line people read."""

from collections.abc import Callable

# (stage, series done, series in the stage); the engine reports "cross_validation", then "forecast"
ProgressCallback = Callable[[str, int, int], None]

STAGE_LABELS = {"cross_validation": "交叉验证 / cross-validation", "forecast": "预测 / forecast"}


def progress_line(stage: str, done: int, total: int) -> str:
    """`交叉验证 / cross-validation: 1,000/3,200 序列 series (31%)`."""
    percent = 100 * done / total if total else 100
    return f"{STAGE_LABELS.get(stage, stage)}: {done:,}/{total:,} 序列 series ({percent:.0f}%)"
