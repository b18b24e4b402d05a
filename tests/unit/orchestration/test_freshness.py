"""Stale data shows in the UI: every asset carries the freshness policy of the job that builds it."""

import dagster as dg

from orchestration.definitions import build_definitions
from orchestration.settings import Settings


def test_daily_assets_are_due_by_six_and_the_sop_cycle_on_the_third(tmp_path):
    defs = build_definitions(Settings.from_env({"SALESOPS_HOME": str(tmp_path)}))
    graph = defs.resolve_asset_graph()

    def policy(*key: str):
        node = graph.get(dg.AssetKey(list(key)))
        return node.assets_def.specs_by_key[node.key].freshness_policy

    for key in (("raw", "pos__transactions"), ("core", "fct_sales_line"), ("serving", "published_warehouse")):
        assert (policy(*key).deadline_cron, policy(*key).timezone) == ("0 6 * * *", "Asia/Shanghai"), key
    assert policy("sop", "forecast").deadline_cron == "0 9 3 * *"
