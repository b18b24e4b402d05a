"""Ground truth about the generated extracts, for tests and the loader's reconciliation.

Collected while files are written (every line number is the one actually written) and
saved next to, never inside, the landing directory.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

TOTAL_ENTITIES = ("erp__sales_orders", "pos__transactions")
NET_SALES_SIGN = {"shipped": 1, "invoiced": 1, "returned": -1}
STATUS_CODES = ("", "open", "shipped", "invoiced", "cancelled", "returned")

README = """# Ground truth for the demo extracts

Written by `demodata.generate`; describes the landing directory generated with it.

- `customers.csv`: source_system (crm|erp), source_key (account_id or customer_code), entity_id
  (the real business customer). Every CRM account and ERP customer in any file appears once.
  Branches are entities of their own unless an ERP crm_account_id links them to a company.
- `bad_rows.csv`: file (relative to landing, or `db/<entity>` for a database table), line,
  rule (ingestion.contract.ROW_RULES), column (blank for duplicate_key and malformed_record).
  Every row the loader must quarantine and only those, one rule per row. Lines: CSV = the
  physical line where the record starts (header is line 1); xlsx = sheet row (header 1);
  jsonl = line number (first record 1); parquet = record number (first 1); database table =
  1-based position when the table is read ordered by its key columns, then updated_at
  (keys of tables that carry bad rows are ASCII codes, integers and dates, so every
  collation gives the same order). duplicate_key lists the earlier copies; the last loads.
- `flags.csv`: file, line, flag for rows that load but must be flagged: invalid_uscc,
  bad_barcode_checksum, unknown_barcode, unknown_sku, unknown_customer, unmapped_stage,
  out_of_range. A POS barcode with a wrong check digit is both bad_barcode_checksum and
  unknown_barcode (it is not used for resolution); CRM product_interest free text that names
  no SKU and no product name is unknown_sku.
- `expected.json`: per file records / quarantined / loaded (and duplicate_of for the file
  that is a byte copy of another: it loads nothing); per entity totals without that file;
  entities are keyed by raw table name (`erp__sales_orders`). Under `totals`, for
  erp__sales_orders and pos__transactions: the sum of qty*unit_price - coalesce(discount_amount, 0)
  over all loaded rows (`all_loaded`) and over the latest version per key (`latest`: latest
  updated_at, then latest file, then later row; `latest_rows` counts them), and for
  sales_orders net sales (shipped + invoiced - returned, `net_sales_all_loaded` and
  `net_sales_latest`). A re-sent key is a loaded row in every file that carries it.
- `stage_labels.csv`: raw_label, stage_code, stage_name for every raw CRM stage label used;
  a blank stage_code marks a deliberately unmapped label.

Injected rates (share of rows, per file): quarantine problems ~0.3% plus at least one per
file of 20+ rows, duplicate keys ~0.1% plus one in every third file, one malformed record in
every fourth CSV file; flags: invalid USCC ~1% of records (at least 3), master barcodes with
a wrong check digit ~1% of SKUs, unknown POS barcodes ~0.3% of lines, unknown SKUs ~0.2% of
order lines and ~3% of tickets, unknown customers ~0.2-0.5%, unmapped stage labels ~0.5% of
opportunity rows, out-of-range survey scores ~0.5% of answers.
"""


@dataclass
class _Totals:
    keys: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    order: list = field(default_factory=list)
    cents: list = field(default_factory=list)
    status: list = field(default_factory=list)


class Truth:
    def __init__(self) -> None:
        self.bad_rows: list[tuple[str, int, str, str]] = []
        self.flags: list[tuple[str, int, str]] = []
        self.files: dict[str, dict] = {}
        self.entities: dict[str, dict[str, int]] = defaultdict(
            lambda: {"files": 0, "records": 0, "loaded": 0, "quarantined": 0}
        )
        self.customers: list[tuple[str, str, str]] = []
        self.stage_labels: dict[str, tuple[str, str]] = {}
        self.totals: dict[str, _Totals] = defaultdict(_Totals)
        self.parameters: dict = {}

    def add_file(self, name: str, entity: str, records: int, quarantined: int, duplicate_of: str | None = None) -> None:
        loaded = 0 if duplicate_of else records - quarantined
        entry = {
            "entity": entity,
            "records": records,
            "quarantined": 0 if duplicate_of else quarantined,
            "loaded": loaded,
        }
        if duplicate_of:
            entry["duplicate_of"] = duplicate_of
        self.files[name] = entry
        if not duplicate_of:
            totals = self.entities[entity]
            totals["files"] += 1
            totals["records"] += records
            totals["loaded"] += loaded
            totals["quarantined"] += quarantined

    def add_loaded_lines(
        self, entity: str, keys: np.ndarray, updated: np.ndarray, order: int, cents: np.ndarray, status: np.ndarray
    ) -> None:
        """Loaded rows of a totals entity: key, updated_at (seconds, 0 = none), cents, status code."""
        t = self.totals[entity]
        t.keys.append(keys.astype("int64"))
        t.updated.append(updated.astype("int64") if updated.any() else np.zeros(len(keys), dtype="int8"))
        t.order.append(np.full(len(keys), order, dtype="int32"))
        t.cents.append(cents.astype("int64"))
        t.status.append(status.astype("int8"))

    def _sums(self, entity: str) -> dict[str, str]:
        t = self.totals[entity]
        if not t.keys:
            return {}
        keys, updated, order = np.concatenate(t.keys), np.concatenate(t.updated), np.concatenate(t.order)
        cents, status = np.concatenate(t.cents), np.concatenate(t.status)
        ranked = np.lexsort((order, updated, keys))  # stable: equal ranks keep file order
        last = np.r_[keys[ranked][1:] != keys[ranked][:-1], True]
        latest = ranked[last]
        sign = np.zeros(len(STATUS_CODES), dtype="int64")
        for name, value in NET_SALES_SIGN.items():
            sign[STATUS_CODES.index(name)] = value
        sums = {"all_loaded": _money(cents.sum()), "latest": _money(cents[latest].sum())}
        if entity == "erp__sales_orders":
            sums["net_sales_all_loaded"] = _money((cents * sign[status]).sum())
            sums["net_sales_latest"] = _money((cents[latest] * sign[status[latest]]).sum())
        sums["latest_rows"] = len(latest)
        return sums

    def write(self, truth_dir: Path) -> None:
        truth_dir.mkdir(parents=True, exist_ok=True)
        _csv(truth_dir / "customers.csv", ("source_system", "source_key", "entity_id"), sorted(self.customers))
        _csv(truth_dir / "bad_rows.csv", ("file", "line", "rule", "column"), sorted(self.bad_rows))
        _csv(truth_dir / "flags.csv", ("file", "line", "flag"), sorted(self.flags))
        labels = sorted((raw, code, name) for raw, (code, name) in self.stage_labels.items())
        _csv(truth_dir / "stage_labels.csv", ("raw_label", "stage_code", "stage_name"), labels)
        expected = {
            "parameters": self.parameters,
            "files": dict(sorted(self.files.items())),
            "entities": {k: dict(v) for k, v in sorted(self.entities.items())},
            "totals": {e: self._sums(e) for e in TOTAL_ENTITIES if self.totals[e].keys},
        }
        (truth_dir / "expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (truth_dir / "README.md").write_text(README, encoding="utf-8")


def _money(cents: int | np.integer) -> str:
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _csv(path: Path, header: tuple[str, ...], rows: list) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
