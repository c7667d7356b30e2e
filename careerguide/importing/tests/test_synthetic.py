from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from schools.models import FieldOfStudy, ProgramOffering, School


@pytest.fixture
def two_schools(db):
    FieldOfStudy.objects.create(code="11.07", title="Computer Science.")
    known = School.objects.create(
        unitid=100001,
        name="Known College",
        slug="known-college",
        city="Baltimore",
        state="MD",
        tuition_in_state=10000,
        tuition_out_of_state=30000,
        admission_rate=Decimal("50.00"),
        graduation_rate=Decimal("80.00"),
        enrollment=5000,
    )
    # Real UNITIDs reach 8 digits (Scorecard branch campuses), so copies must sit above them.
    School.objects.create(unitid=49576723, name="Unknown Institute", slug="unknown-institute", state="VA")
    ProgramOffering.objects.create(
        school=known, field_id="11.07", credential_level=3, median_earnings_5yr=70000
    )
    return known


def test_synthetic_copy_multiplies_schools_and_programs_and_keeps_unknowns(two_schools, capsys):
    call_command("generate_synthetic_schools", "--factor", "3")

    assert School.objects.count() == 6
    assert ProgramOffering.objects.count() == 3
    copies = School.objects.filter(unitid__in=[149_576_723, 249_576_723])
    assert sorted(copies.values_list("slug", flat=True)) == [
        "unknown-institute-synthetic-1",
        "unknown-institute-synthetic-2",
    ]
    # A figure unknown in the real school stays unknown (NULL) in every copy, never 0.
    assert all(school.tuition_in_state is None and school.enrollment is None for school in copies)
    for copy in School.objects.filter(slug__startswith="known-college-synthetic"):
        assert copy.state == "MD"
        if copy.tuition_in_state is not None:
            assert 8500 <= copy.tuition_in_state <= 11500
        if copy.admission_rate is not None:
            assert Decimal(0) <= copy.admission_rate <= Decimal(100)
        assert copy.programs.get().series == "11.07"
    assert "now holds 6 schools" in capsys.readouterr().out


def test_synthetic_copy_refuses_to_run_twice_or_on_an_empty_database(db, two_schools):
    call_command("generate_synthetic_schools", "--factor", "2")
    with pytest.raises(CommandError, match="already has synthetic schools"):
        call_command("generate_synthetic_schools", "--factor", "2")


def test_synthetic_copy_needs_schools(db):
    with pytest.raises(CommandError, match="run import_public_data first"):
        call_command("generate_synthetic_schools")
