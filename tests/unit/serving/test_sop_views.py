"""BI views over the S&OP tables carry the tables' bilingual comments."""

import duckdb

from forecasting.store import ensure_sop_schema
from serving.sop_views import ensure_sop_bi_views


def test_each_sop_table_gets_a_commented_bi_view():
    con = duckdb.connect()
    ensure_sop_schema(con)
    views = ensure_sop_bi_views(con)
    assert views == ["bi.sop_forecast", "bi.sop_consensus_forecast", "bi.sop_forecast_accuracy", "bi.sop_replenishment"]
    comment = con.execute("select comment from duckdb_views() where schema_name = 'bi' and view_name = 'sop_forecast'"
                          ).fetchone()[0]
    column = con.execute("select comment from duckdb_columns() where schema_name = 'bi' and table_name = 'sop_forecast'"
                         " and column_name = 'yhat_lo_80'").fetchone()[0]
    assert "统计预测" in comment and "80" in column
    assert con.execute("select count(*) from bi.sop_forecast").fetchone()[0] == 0
