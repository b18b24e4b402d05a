"""The installed project works outside the source tree: every package imports, `salesops` runs.

Tests run from the repository root, which hides a package missing from the install list;
these run from an empty directory, where only installed packages resolve.
"""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).parents[2]
PACKAGES = sorted(p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name != "tests")


def test_every_top_level_package_is_installed(tmp_path):
    code = f"import importlib; [importlib.import_module(name) for name in {PACKAGES!r}]"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert {"orchestration", "ingestion", "matching", "forecasting", "quality"} <= set(PACKAGES)


def test_the_console_script_loads_the_code_location(tmp_path):
    script = Path(sys.executable).with_name("salesops")
    check = "import sys; sys.argv = ['salesops', '--help']; import orchestration.definitions"
    result = subprocess.run([str(script), "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "demo-data" in result.stdout, result.stderr[-2000:]
    loaded = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={"SALESOPS_HOME": str(tmp_path), "PATH": ""})
    assert loaded.returncode == 0, loaded.stderr[-2000:]
