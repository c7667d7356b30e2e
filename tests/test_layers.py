"""Apps depend in one direction, as pyproject.toml's import-linter contract states: core ← schools ←
careers ← resources ← search ← listings and importing ← pages (tests may use any app)."""

import subprocess
import sys
from pathlib import Path

import tomllib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def contract():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_the_project_keeps_its_layers():
    result = subprocess.run([LINT_IMPORTS], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_every_package_of_the_project_is_in_a_layer():
    layers = {name.strip() for layer in contract()["contracts"][0]["layers"] for name in layer.split("|")}
    packages = {f"careerguide.{path.parent.name}" for path in (ROOT / "careerguide").glob("*/__init__.py")}
    assert packages | {"schools", "resources"} == layers


def test_the_check_sees_an_upward_import(tmp_path):
    """The contract's check is not vacuous: a lower layer importing a higher one breaks it."""
    for package, source in {"low": "from high import thing\n", "high": "thing = 1\n"}.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(source)
    config = tmp_path / "contract.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["low", "high"]\n'
        '[[tool.importlinter.contracts]]\nname = "layers"\ntype = "layers"\nlayers = ["high", "low"]\n'
    )
    result = subprocess.run(
        [LINT_IMPORTS, "--config", config],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "low is not allowed to import high" in result.stdout
