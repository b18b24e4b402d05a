"""Finding extract files in the landing dir and reading their names (EXTRACTS.md, Files)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ingestion.contract import FILE_FORMATS, Entity

_NAME = re.compile(r"^(?P<entity>[a-z0-9_]+?)_(?P<date>\d{8})(?:_(?P<seq>\d+))?(?P<ext>\.[a-z]+)$")
# Names that editors and copy tools use while a file is still being written.
_IN_PROGRESS = (".tmp", ".part", ".crdownload", ".filepart")


@dataclass(frozen=True)
class SourceUnit:
    """One delivery to load: a landing file, or one pull of a table from a source database."""

    source_file: str  # path relative to the landing dir, or db:<system>/<entity>
    file_name: str
    file_date: dt.date | None
    file_seq: int
    file_format: str
    path: Path | None = None
    problem: str | None = None  # why the name itself is unacceptable


def _parse_name(path: Path, landing_dir: Path, entity: Entity) -> SourceUnit:
    relative = path.relative_to(landing_dir).as_posix()
    fmt = path.suffix.lower()
    match = _NAME.match(path.name.lower())
    problem = None
    file_date = None
    seq = 0
    expected = f"{entity.name}_<YYYYMMDD>[_<seq>].csv|xlsx|parquet|jsonl"
    if match is None or match["entity"] != entity.name or fmt not in FILE_FORMATS:
        problem = f"文件名不符合约定 / file name does not follow {expected}"
    else:
        try:
            file_date = dt.datetime.strptime(match["date"], "%Y%m%d").date()
        except ValueError:
            problem = f"文件名中的日期无效 / the date in the file name is not a date: {match['date']}"
        seq = int(match["seq"] or 0)
    return SourceUnit(relative, path.name, file_date, seq, fmt.lstrip("."), path, problem)


def discover(landing_dir: Path, entity: Entity) -> list[SourceUnit]:
    """Files delivered for `entity`, oldest cut first (date in the name, then sequence)."""
    folder = landing_dir / entity.system / entity.name
    if not folder.is_dir():
        return []
    units = [
        _parse_name(path, landing_dir, entity)
        for path in folder.iterdir()
        if path.is_file()
        and not path.name.startswith((".", "~$"))
        and not path.name.lower().endswith(_IN_PROGRESS)
    ]
    return sorted(units, key=lambda u: (u.file_date or dt.date.min, u.file_seq, u.file_name))
