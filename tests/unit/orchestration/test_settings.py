"""Configuration: explicit environment wins, defaults give a zero-setup run under ./.salesops."""

from pathlib import Path

from orchestration.settings import VARIABLES, Settings


def test_defaults_live_under_salesops_home(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.home == tmp_path / ".salesops"
    assert settings.landing_dir == tmp_path / ".salesops" / "landing"
    assert settings.warehouse == tmp_path / ".salesops" / "warehouse.duckdb"
    assert settings.dagster_home == tmp_path / ".salesops" / "dagster"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.crm_db_url is None and settings.erp_db_url is None


def test_variables_override_and_derived_paths_follow_home(tmp_path):
    settings = Settings.from_env({
        "SALESOPS_HOME": str(tmp_path / "state"),
        "SALESOPS_WAREHOUSE": str(tmp_path / "elsewhere.duckdb"),
        "SALESOPS_ERP_DB_URL": "sqlite:///erp.db",
        "SALESOPS_TIMEZONE": "Asia/Hong_Kong",
    })
    assert settings.landing_dir == tmp_path / "state" / "landing"
    assert settings.warehouse == tmp_path / "elsewhere.duckdb"
    assert settings.erp_db_url == "sqlite:///erp.db" and settings.crm_db_url is None
    assert settings.timezone == "Asia/Hong_Kong"


def test_empty_values_mean_default(tmp_path):
    settings = Settings.from_env({"SALESOPS_HOME": str(tmp_path), "SALESOPS_CRM_DB_URL": "", "SALESOPS_TIMEZONE": ""})
    assert settings.crm_db_url is None and settings.timezone == "Asia/Shanghai"


def test_env_example_lists_every_variable():
    example = (Path(__file__).parents[3] / ".env.example").read_text()
    for name, _default, _what in VARIABLES:
        assert f"\n{name}=" in example, name


def test_readme_configuration_table_lists_every_variable():
    readme = (Path(__file__).parents[3] / "README.md").read_text()
    for name, _default, _what in VARIABLES:
        assert f"| `{name}` |" in readme, name
