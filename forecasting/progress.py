"""Progress of a long forecast: the callback the engine calls, and the line people read."""

from collections.abc import Callable

# (stage, series done, series in the stage); the engine reports "cross_validation", then "forecast"
ProgressCallback = Callable[[str, int, int], None]

STAGE_LABELS = {"cross_validation": "交叉验证 / cross-validation", "forecast": "预测 / forecast"}


def percent(done: int, total: int) -> float:
    """Share done in percent; an empty stage is complete."""
    return 100 * done / total if total else 100.0


def progress_line(stage: str, done: int, total: int) -> str:
    """`交叉验证 / cross-validation: 1,000/3,200 序列 series (31%)`."""
    return f"{STAGE_LABELS.get(stage, stage)}: {done:,}/{total:,} 序列 series ({percent(done, total):.0f}%)"


class StageProgress:
    """Counts the series a stage has done and tells `on_progress` at each 5% step and at the end, so a
    stage of many small StatsForecast calls (one per model group) does not flood the run log."""

    STEPS = 20

    def __init__(self, stage: str, total: int, on_progress: ProgressCallback | None):
        self.stage, self.total, self.on_progress = stage, total, on_progress
        self.done = self.told = 0

    def advance(self, series: int) -> None:
        self.done += series
        if self.on_progress and (self.done >= self.total or self.done - self.told >= self.total / self.STEPS):
            self.told = self.done
            self.on_progress(self.stage, self.done, self.total)
