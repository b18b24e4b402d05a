"""Where source data comes from: the landing dir and optional source databases."""

from __future__ import annotations

import dagster as dg


class SourcesResource(dg.ConfigurableResource):
    landing_dir: str
    timezone: str = "Asia/Shanghai"
    crm_db_url: str | None = None
    erp_db_url: str | None = None
    pos_db_url: str | None = None
    pii_salt: str | None = None  # recognises erased people in new deliveries (quality/erasure.py)

    def db_url(self, system: str) -> str | None:
        return {"crm": self.crm_db_url, "erp": self.erp_db_url, "pos": self.pos_db_url}[system]
