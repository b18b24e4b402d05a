"""Where each extract goes and in which format, encoding and value style.

The mix is deliberate and deterministic: mostly UTF-8 CSV, with the formats real sources
send at low rates (GB18030 from Chinese Windows ERP exports, UTF-8 with BOM from Excel,
xlsx for planning sheets, parquet from the POS platform, jsonl from the CRM's API).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demodata.render import Style
from ingestion.contract import Entity

DUPLICATED_POS_MONTH = 25  # this month's POS file is delivered twice, byte for byte


@dataclass(frozen=True)
class FileFormat:
    ext: str
    style: Style
    encoding: str = "utf-8"
    line_end: str = "\n"


def file_name(entity: Entity, cut: np.datetime64, seq: int, ext: str) -> str:
    """`<system>/<entity>/<entity>_<YYYYMMDD>[_<seq>].<ext>`, relative to the landing dir."""
    day = str(np.datetime64(cut, "D")).replace("-", "")
    suffix = f"_{seq}" if seq else ""
    return f"{entity.system}/{entity.name}/{entity.name}_{day}{suffix}.{ext}"


def era(position: float) -> int:
    """CRM era of a cut at `position` (0..1) of the history: 0 old CRM, 1 upgraded, 2 API."""
    return min(2, int(position * 3))


def choose(entity: Entity, index: int, position: float) -> FileFormat:
    """Format of the `index`-th file of `entity`, cut at `position` (0..1) of the history."""
    plain = FileFormat("csv", Style())
    windows = FileFormat("csv", Style(mess=0.3, date_format="slash", bool_pair=("是", "否")), "gb18030", "\r\n")
    excel = FileFormat("csv", Style(mess=0.2, bool_pair=("Y", "N")), "utf-8-sig", "\r\n")
    sheet = FileFormat("xlsx", Style(mess=0.25, date_format="slash"))
    api = FileFormat("jsonl", Style(kind="json", mess=0.1))
    table = entity.table
    if table in ("erp__customers", "erp__products"):
        return excel if index == 1 else windows
    if table in ("erp__supply_params", "erp__sales_targets"):
        return sheet
    if table == "erp__sales_orders":
        return windows if index % 6 == 5 else excel if index % 8 == 3 else plain
    if table in ("erp__invoices", "crm__service_tickets", "pos__members", "crm__accounts"):
        return excel if index % 5 == 1 else plain
    if table == "crm__reps":
        return sheet if index == 0 else plain
    if table in ("crm__opportunities", "crm__activities"):
        return (plain, excel, api)[era(position)]
    if table == "pos__transactions":
        if index in (6, 18, 30, 42):
            return FileFormat("parquet", Style(kind="typed"))
        if index == 12:
            return FileFormat("parquet", Style(kind="strings"))
        return excel if index in (9, 33) else plain
    return plain
