"""The only place that reads the environment: explicit value, then variable, then a default.

Every default gives an embedded, zero-setup run under ./.salesops.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENCRYPTION_KEY_VARIABLE = "SALESOPS_ENCRYPTION_KEY"

# (variable, default, what it is) — rendered into the README table and .env.example.
VARIABLES: tuple[tuple[str, str, str], ...] = (
    ("SALESOPS_HOME", "./.salesops", "Root of all local state (landing, warehouse, reports, Dagster)."),
    ("SALESOPS_LANDING_DIR", "$SALESOPS_HOME/landing", "Where CRM, ERP and POS extract files arrive."),
    ("SALESOPS_WAREHOUSE", "$SALESOPS_HOME/warehouse.duckdb", "The DuckDB warehouse file (one writer)."),
    ("SALESOPS_CRM_DB_URL", "", "Optional SQLAlchemy URL of the CRM database (tables named as entities)."),
    ("SALESOPS_ERP_DB_URL", "", "Optional SQLAlchemy URL of the ERP database."),
    ("SALESOPS_POS_DB_URL", "", "Optional SQLAlchemy URL of a POS database."),
    ("SALESOPS_TIMEZONE", "Asia/Shanghai", "Business time zone: timestamps without offset, schedules."),
    ("SALESOPS_DUCKDB_MEMORY_LIMIT", "4GB", "DuckDB memory limit; larger work spills to disk."),
    ("SALESOPS_WRITER_LOCK_TIMEOUT", "1800", "Seconds a run waits for another writer to finish."),
    ("DAGSTER_HOME", "$SALESOPS_HOME/dagster", "Dagster instance directory (run history, schedules)."),
    ("SALESOPS_REPORTS_DIR", "$SALESOPS_HOME/reports", "Where the S&OP pack, quality report and Data Docs go."),
    ("SALESOPS_PII_SALT", "salesops-demo-salt", "Secret salt of pseudonymous keys for personal data; set your own."),
    (ENCRYPTION_KEY_VARIABLE, "", "Optional key that encrypts the warehouse file and its BI copy at rest (AES-GCM)."),
    ("SALESOPS_FORECAST_HORIZON", "6", "Months each S&OP forecast version covers (3 to 6)."),
    ("SALESOPS_FORECAST_CV_WINDOWS", "3", "Rolling-origin cross-validation windows for the model choice."),
    ("SALESOPS_SOP_BACKFILL_MONTHS", "6", "Past cycles a run backfills when their version is missing."),
    ("SALESOPS_FRESHNESS_DAYS", "35", "Days after which a source's newest extract counts as stale."),
    ("SALESOPS_ALERT_WEBHOOK", "", "Optional URL that receives a JSON POST when a run fails."),
    ("SALESOPS_DAGSTER_PG_URL", "", "Optional PostgreSQL URL for Dagster's run, event and schedule storage."),
    ("SALESOPS_BI_DB_URL", "", "Optional PostgreSQL URL that receives the bi schema after each run."),
    ("SALESOPS_BI_READER_PASSWORD", "", "Password that lets the bi_reader role log in to that PostgreSQL."),
)


@dataclass(frozen=True)
class Settings:
    home: Path
    landing_dir: Path
    warehouse: Path
    crm_db_url: str | None
    erp_db_url: str | None
    pos_db_url: str | None
    timezone: str
    duckdb_memory_limit: str
    writer_lock_timeout: float
    dagster_home: Path
    reports_dir: Path
    pii_salt: str
    forecast_horizon: int
    forecast_cv_windows: int
    sop_backfill_months: int
    freshness_days: int
    alert_webhook: str | None
    dagster_pg_url: str | None
    bi_db_url: str | None
    bi_reader_password: str | None
    encryption_key: str | None = None

    @property
    def published_warehouse(self) -> Path:
        """The read-only copy BI tools open; same file name, so views keep resolving."""
        return self.home / "published" / self.warehouse.name

    @property
    def alert_log(self) -> Path:
        """Every failed run appends a JSON line here, webhook or not."""
        return self.home / "alerts.log"

    @property
    def truth_dir(self) -> Path:
        """Where the demo generator writes its ground truth: beside, never inside, the landing dir."""
        return self.home / "demo_truth"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def value(name: str) -> str | None:
            return env.get(name) or None

        home = Path(value("SALESOPS_HOME") or ".salesops").resolve()
        return cls(
            home=home,
            landing_dir=Path(value("SALESOPS_LANDING_DIR") or home / "landing").resolve(),
            warehouse=Path(value("SALESOPS_WAREHOUSE") or home / "warehouse.duckdb").resolve(),
            crm_db_url=value("SALESOPS_CRM_DB_URL"),
            erp_db_url=value("SALESOPS_ERP_DB_URL"),
            pos_db_url=value("SALESOPS_POS_DB_URL"),
            timezone=value("SALESOPS_TIMEZONE") or "Asia/Shanghai",
            duckdb_memory_limit=value("SALESOPS_DUCKDB_MEMORY_LIMIT") or "4GB",
            writer_lock_timeout=float(value("SALESOPS_WRITER_LOCK_TIMEOUT") or 1800),
            dagster_home=Path(value("DAGSTER_HOME") or home / "dagster").resolve(),
            reports_dir=Path(value("SALESOPS_REPORTS_DIR") or home / "reports").resolve(),
            pii_salt=value("SALESOPS_PII_SALT") or "salesops-demo-salt",
            forecast_horizon=int(value("SALESOPS_FORECAST_HORIZON") or 6),
            forecast_cv_windows=int(value("SALESOPS_FORECAST_CV_WINDOWS") or 3),
            sop_backfill_months=int(value("SALESOPS_SOP_BACKFILL_MONTHS") or 6),
            freshness_days=int(value("SALESOPS_FRESHNESS_DAYS") or 35),
            alert_webhook=value("SALESOPS_ALERT_WEBHOOK"),
            dagster_pg_url=value("SALESOPS_DAGSTER_PG_URL"),
            bi_db_url=value("SALESOPS_BI_DB_URL"),
            bi_reader_password=value("SALESOPS_BI_READER_PASSWORD"),
            encryption_key=value(ENCRYPTION_KEY_VARIABLE),
        )
