"""Apps depend in one direction: core ← schools ← careers ← resources, with the importers and the
site search above the apps they read, and the project package (settings, URLs) on top.

Every module's imports are read with `ast` (tests and migrations aside: migrations name the models
they depend on by app label, tests may use anything)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Each layer and the project packages it may import (itself always allowed).
LAYERS = {
    "careerguide.core": set(),
    "schools": {"careerguide.core"},
    "careerguide.careers": {"careerguide.core", "schools"},
    "resources": {"careerguide.core", "schools", "careerguide.careers"},
    "careerguide.importing": {"careerguide.core", "schools", "careerguide.careers"},
    "careerguide.search": {"careerguide.core", "schools", "careerguide.careers", "resources"},
}
PROJECT_PACKAGES = (*LAYERS, "careerguide")


def layer_of(module):
    return next((layer for layer in LAYERS if module == layer or module.startswith(f"{layer}.")), None)


def project_package_of(module):
    """The project package `module` belongs to (longest name first), or None for a library."""
    for name in sorted(PROJECT_PACKAGES, key=len, reverse=True):
        if module == name or module.startswith(f"{name}."):
            return layer_of(module) or name
    return None


def source_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        parts = relative.parts
        if parts[0] in {".venv", "build", "node_modules"} or "tests" in parts or "migrations" in parts:
            continue
        module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        if layer_of(module):
            yield module, path


def imported_modules(module, path):
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def upward_imports():
    found = []
    for module, path in source_modules():
        layer = layer_of(module)
        for target in imported_modules(module, path):
            package = project_package_of(target)
            if package and package != layer and package not in LAYERS[layer]:
                found.append(f"{module} imports {target}")
    return sorted(set(found))


def test_every_app_depends_downward_only():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The check is not vacuous: a schools module importing careers is reported."""
    module = tmp_path / "schools" / "upward.py"
    module.parent.mkdir()
    module.write_text("from careerguide.careers.models import Career\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_imports() == [
        "schools.upward imports careerguide.careers.models",
        "schools.upward imports careerguide.careers.models.Career",
    ]


@pytest.mark.parametrize("layer", list(LAYERS))
def test_each_layer_has_source(layer):
    assert any(layer_of(module) == layer for module, _ in source_modules()), layer
