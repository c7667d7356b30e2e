"""The names people use that the Scorecard's ALIAS lacks ("UMich", "UConn"), shipped in
fixtures/school_aliases.csv: every row sourced, loaded by the snapshot (a fresh install) and by the
import, never exported as public data, and editors' own aliases kept beside them."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from careerguide.importing.schools import ALIAS_LENGTH, COMMON_NAMES, COMMON_NAMES_FILE
from careerguide.importing.snapshot import read_snapshot
from schools.models import DataSource, School, SchoolAlias

from .test_snapshot import exported  # noqa: F401 (the fixture)


def shipped():
    with COMMON_NAMES_FILE.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_every_shipped_name_is_a_short_name_with_its_source():
    rows = shipped()
    assert [list(row) for row in rows[:1]] == [["unitid", "alias", "source"]]
    for row in rows:
        assert row["unitid"].isdigit(), row
        assert 0 < len(row["alias"]) <= ALIAS_LENGTH and row["alias"] == row["alias"].strip(), row
        assert row["source"].startswith("https://"), row
    names = [(row["unitid"], row["alias"].casefold()) for row in rows]
    assert len(names) == len(set(names))
    # The nicknames the issue names, and the Penn State campuses told apart.
    assert {"UMich", "UConn", "UNC", "UMD", "Penn State University Park", "Penn State Behrend"} <= {
        row["alias"] for row in rows
    }


@pytest.mark.django_db
def test_a_fresh_install_loads_them_and_the_snapshot_does_not_hold_them(exported):  # noqa: F811
    _, path, _, _ = exported
    out = StringIO()
    call_command("load_snapshot", "--file", str(path), stdout=out)
    umd = School.objects.get(unitid=163286)
    assert sorted(umd.aliases.values_list("name", "source__key")) == [
        ("UMD", COMMON_NAMES.key),
        ("University of Maryland", COMMON_NAMES.key),
    ]
    assert not DataSource.is_public_data(COMMON_NAMES.key)
    # An editor's alias beside them; a second load keeps it and changes nothing else.
    umd.aliases.create(name="Terps")
    call_command("load_snapshot", "--file", str(path), "--force", stdout=out)
    assert sorted(umd.aliases.values_list("name", flat=True)) == ["Terps", "UMD", "University of Maryland"]
    # What the snapshot exports is the public data's alone.
    exported_path = path.with_name("again.jsonl.xz")
    call_command("export_snapshot", "--output", str(exported_path), stdout=out)
    _, tables = read_snapshot(exported_path)
    assert tables["school aliases"][1] == []


@pytest.mark.realdata
def test_the_import_adds_them_beside_the_scorecards_and_keeps_the_editors(real_data, db):
    rows = shipped()
    schools = dict(School.objects.values_list("unitid", "pk"))
    assert [row for row in rows if int(row["unitid"]) not in schools] == []
    held = set(SchoolAlias.objects.filter(source__key=COMMON_NAMES.key).values_list("school__unitid", "name"))
    assert held == {(int(row["unitid"]), row["alias"]) for row in rows}
    # The Scorecard's own stay: MIT's "MIT" and "M.I.T.", Penn State's bare "Penn State" on its campuses.
    assert set(School.objects.get(unitid=166683).aliases.values_list("name", flat=True)) == {"MIT", "M.I.T."}
    main = School.objects.get(unitid=214777)
    assert set(main.aliases.values_list("name", flat=True)) == {"Penn State", "Penn State University Park"}
