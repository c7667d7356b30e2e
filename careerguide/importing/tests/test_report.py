"""Numbers in an import report are written one way: with thousands separators."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from careerguide.importing.guard import FigureCount
from careerguide.importing.report import Report

MAKE_VARIABLES = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"}
MAKE = shutil.which("make")  # its full path


def test_counts_and_known_values_have_thousands_separators():
    report = Report()
    report.add("program offerings", "created", 232258)
    report.add("schools", "unchanged", 6998)
    report.known_values("schools", "median earnings", FigureCount(before=5214, after=2748, lost=2466))
    report.known_values(
        "schools",
        "in-state tuition",
        FigureCount(before=3402, after=3402, changed=1700, compared=3402, median_change=0.0315),
    )
    report.skip("schools", "UNITID is in neither file", "earnings.csv:5943")
    text = report.render()
    rows = {
        line.split("  ")[0]: line.split()[-5:]
        for line in text.splitlines()
        if line.startswith(("program", "schools  "))
    }
    assert rows["program offerings"] == ["232,258", "0", "0", "0", "0"]
    assert rows["schools"] == ["0", "0", "6,998", "1", "0"]
    assert "  schools, median earnings: 5,214 → 2,748 (-2,466)" in text
    assert "  schools, in-state tuition: 3,402 → 3,402; 1,700 changed (50.0%), median change +3.1%" in text
    assert "232,258 records changed." in text
    assert "6998" not in text and "232258" not in text


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_refuses_an_old_or_missing_python_in_one_line_and_makes_no_virtualenv(tmp_path):
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(Path(settings.BASE_DIR) / name, tmp_path / name)
    # make, found on PATH, runs the project's own Makefile copied into tmp_path: no untrusted input.
    completed = subprocess.run(
        [MAKE, "PYTHON=python-that-does-not-exist", "run"],
        cwd=tmp_path,
        # As a user types it: not a sub-make of `make test` (which would print "Entering directory").
        env={name: value for name, value in os.environ.items() if name not in MAKE_VARIABLES},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode != 0
    assert completed.stdout.strip() == (
        "Careerguide needs Python 3.10 or newer; python-that-does-not-exist is not a working Python. "
        "Try: make PYTHON=python3.11 run"
    )
    assert not (tmp_path / ".venv").exists()
