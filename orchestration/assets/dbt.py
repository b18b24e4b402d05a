"""The dbt project as assets: one per model, seed and snapshot, with dbt tests as asset checks."""

import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from ingestion import warehouse_file
from ingestion.contract import SYSTEMS
from ingestion.writer_lock import file_lock, writer_lock
from orchestration.assets.ingest import WRITER_POOL
from orchestration.retries import retry_transient
from orchestration.warehouse import WarehouseResource

DBT_PROJECT_DIR = Path(__file__).parents[2] / "dbt_project"
DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# The dbt installed beside this interpreter, whether or not the virtualenv is on PATH.
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=DBT_EXECUTABLE)


def _newest_source_file() -> float:
    files = [p for d in ("models", "macros", "seeds", "snapshots", "tests") for p in (DBT_PROJECT_DIR / d).rglob("*")]
    files.append(DBT_PROJECT_DIR / "dbt_project.yml")
    return max(p.stat().st_mtime for p in files if p.is_file())


def prepared_manifest() -> Path:
    """The manifest, parsed again whenever a project file is newer than it (a fresh clone has none).

    Under a lock: processes started together (two runs, the daemon's code server) parse once, not over
    each other's files.
    """
    manifest = DBT_PROJECT.manifest_path
    with file_lock(manifest.parent / ".parse.lock"):
        if not manifest.exists() or manifest.stat().st_mtime < _newest_source_file():
            dbt_resource().cli(["--quiet", "parse"], target_path=DBT_PROJECT.target_path).wait()
    return manifest


class FolderTranslator(DagsterDbtTranslator):
    """Asset keys and groups follow the dbt folders; sources point at the raw ingest assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            source, table = dbt_resource_props["source_name"], dbt_resource_props["name"]
            if source in SYSTEMS:
                return dg.AssetKey(["raw", f"{source}__{table}"])
            return dg.AssetKey([source, table])
        return dg.AssetKey([self.get_group_name(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str:
        parts = Path(dbt_resource_props["original_file_path"]).parts
        if parts[0] == "seeds":
            return "reference"
        if parts[0] == "snapshots":
            return "snapshots"
        return parts[2] if parts[1] == "marts" else parts[1]


def _profile_environment(warehouse: WarehouseResource) -> dict[str, str]:
    """The variables profiles.yml reads; an encrypted file takes the target that attaches it with the key."""
    database = Path(warehouse.path)
    environment = {"SALESOPS_WAREHOUSE": warehouse.path, "SALESOPS_DUCKDB_MEMORY_LIMIT": warehouse.memory_limit,
                   "SALESOPS_DBT_TARGET": "duckdb", "SALESOPS_ENCRYPTION_KEY": ""}
    if warehouse.encryption_key:
        environment.update(SALESOPS_DBT_TARGET="duckdb_encrypted", SALESOPS_ENCRYPTION_KEY=warehouse.encryption_key,
                           SALESOPS_WAREHOUSE_CATALOG=warehouse_file.catalog_name(database),
                           SALESOPS_DUCKDB_EXTENSIONS=str(warehouse_file.extension_directory(database)))
    return environment


def dbt_target_path(warehouse: WarehouseResource) -> Path:
    """One dbt target folder per warehouse, beside it. dbt re-parses the whole project when the profile
    (the warehouse path) differs from the one its partial-parse file was written with, so a folder of
    its own lets every build after the first parse only what changed. Builds never overlap: they hold
    the writer lock."""
    return Path(warehouse.path).parent / "dbt_target"


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource) -> Iterator:
    """`dbt build` of the selected nodes, holding the warehouse writer lock for the whole build."""
    os.environ.update(_profile_environment(warehouse))  # read by profiles.yml in the dbt subprocess
    # A test runs with the build whose selection holds or precedes all its parents, so a test
    # between a seed and a mart waits for the mart instead of running with the seeds.
    os.environ["DBT_INDIRECT_SELECTION"] = "buildable"
    with retry_transient(context), writer_lock(Path(warehouse.path), warehouse.lock_timeout_seconds):
        invocation = dbt.cli(["build"], context=context, target_path=dbt_target_path(warehouse))
        try:
            yield from invocation.stream()
        finally:
            # if reading dbt's events fails, dbt must not outlive the lock: it still holds the DuckDB file
            if invocation.process.poll() is None:
                invocation.process.terminate()
                invocation.process.wait(timeout=60)


# Staging and reference seeds build first; customer matching (Python, between the two) reads
# them, and everything else builds on the golden codes it writes.
STAGING_AND_SEEDS = "fqn:salesops.staging resource_type:seed"
MANIFEST = prepared_manifest()


@dbt_assets(manifest=MANIFEST, select=STAGING_AND_SEEDS, name="dbt_staging",
            dagster_dbt_translator=FolderTranslator(), pool=WRITER_POOL)
def staging_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource) -> Iterator:
    yield from _build(context, dbt, warehouse)


@dbt_assets(manifest=MANIFEST, exclude=STAGING_AND_SEEDS, name="dbt_warehouse",
            dagster_dbt_translator=FolderTranslator(), pool=WRITER_POOL)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                     warehouse: WarehouseResource) -> Iterator:
    yield from _build(context, dbt, warehouse)
