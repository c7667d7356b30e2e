"""Editors' figures survive imports (SPEC section 5), as two editors and an import would meet them:
the figure kept per figure, pinned or not, listed in the import report beside the public figure,
counted on the work page, and given back to the public data from the school's form."""

from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from careerguide.importing.models import ImportRun
from schools.models import DataSource, KeptFigure, School
from tests.admin_forms import change_url, edit_school, submitted_data

pytestmark = pytest.mark.django_db

BOWIE = 163268
INSTITUTIONS = (
    "UnitID,INSTITUTION,CITY,STATE,ZIP,OPEID,FIPS,HISTORICALLY_BLACK,TRIBAL,SECTOR,LEVEL,CONTROL,CATEGORY\n"
    "163268,Bowie State University,Bowie,MD,20715,206200,24033,1,2,1,1,1,2\n"
    "163286,University of Maryland-College Park,College Park,MD,20742,210300,24033,2,2,1,1,1,2\n"
    "500069,ACUPUNCTURE AND MASSAGE SCHOOL OF ORIENTAL MEDICINE,,,,,,,,,,,\n"
)
COST = (
    "UnitID,Institution Name,TUITION_FEES_2023_OUTSTATE,TUITION_FEES_INSTATE2023\n"
    "163268,Bowie State University,19683,8999\n"
    "163286,University of Maryland-College Park,40306,11505\n"
)


def write_files(folder, cost=COST):
    (folder / "ipeds").mkdir(parents=True, exist_ok=True)
    (folder / "ipeds" / "ipeds2023_institutions.csv").write_text(INSTITUTIONS)
    (folder / "ipeds" / "ipeds2023_cost.csv").write_text(cost)
    return folder


def import_files(folder):
    out = StringIO()
    call_command("import_public_data", str(folder), stdout=out)
    return out.getvalue()


@pytest.fixture
def second_editor(db):
    user = User.objects.create_user("bea", "bea@example.com", "another-long-passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def test_bowie_state_an_editors_tuition_survives_imports_until_an_editor_chooses_the_public_figure(
    editor_client, second_editor, tmp_path
):
    folder = write_files(tmp_path / "data")
    import_files(folder)
    bowie = School.objects.get(unitid=BOWIE)
    assert (bowie.tuition_in_state, str(bowie.tuition_in_state_source)) == (8999, "IPEDS 2023-24")
    assert not bowie.pinned

    # One editor corrects the in-state tuition (the school is not pinned).
    assert edit_school(editor_client, bowie, tuition_in_state="9500").status_code == 302

    # The next import keeps it, says so, and reads the public figure beside it.
    report = import_files(folder)
    bowie.refresh_from_db()
    assert bowie.tuition_in_state == 9500
    assert bowie.tuition_in_state_source == DataSource.editor()
    line = "schools: Bowie State University (163268), in-state tuition and fees: the editors' $9,500; public $8,999 (IPEDS 2023-24)"
    assert line in report
    assert "Editors' figures kept: 1 " in report
    assert line in ImportRun.objects.latest_first().first().report
    kept = KeptFigure.objects.get(school=bowie)
    assert (kept.field, kept.public_figure(), str(kept.public_source)) == (
        "tuition_in_state",
        8999,
        "IPEDS 2023-24",
    )
    # A newer public figure replaces the one remembered, never the editors'.
    report = import_files(write_files(folder, COST.replace("19683,8999", "19683,9100")))
    bowie.refresh_from_db()
    assert bowie.tuition_in_state == 9500
    assert "the editors' $9,500; public $9,100 (IPEDS 2023-24)" in report

    # The work page counts it and links to the list, which the other editor reads.
    work = second_editor.get(reverse("admin:careers_career_work"))
    assert work.status_code == 200
    kept_list = reverse("admin:schools_keptfigure_changelist")
    page = work.content.decode()
    assert f'<a href="{kept_list}">1</a>' in page
    assert f'<a href="{kept_list}?differs=yes">1</a>' in page
    listed = " ".join(second_editor.get(kept_list).content.decode().split())
    assert "Bowie State University" in listed
    assert "$9,100 (IPEDS 2023-24)" in listed

    # The form says which figures imports keep, and offers the public figure beside the source.
    form = second_editor.get(change_url(bowie))
    text = " ".join(form.content.decode().split())
    assert (
        "In-state tuition and fees</strong>: $9,500, the editors'. Public figure: $9,100 (IPEDS 2023-24)."
        in text
    )
    assert 'name="use_public_tuition_in_state"' in text
    assert 'name="use_public_enrollment"' not in text  # only beside the figures imports keep

    # The other editor chooses the public figure again: the import's value is back, with its source.
    data = submitted_data(form, use_public_tuition_in_state="on")
    assert second_editor.post(change_url(bowie), data).status_code == 302
    bowie.refresh_from_db()
    assert (bowie.tuition_in_state, str(bowie.tuition_in_state_source)) == (9100, "IPEDS 2023-24")
    assert not KeptFigure.objects.exists()
    entry = LogEntry.objects.filter(object_id=str(bowie.pk)).order_by("-pk").first()
    assert entry.user.username == "bea"
    assert entry.get_change_message() == (
        "Changed In-state tuition and fees (the public figure again: $9,500 → $9,100)."
    )
    # And imports update it again.
    report = import_files(write_files(folder))
    bowie.refresh_from_db()
    assert bowie.tuition_in_state == 8999
    assert "Editors' figures kept" not in report


def test_a_pinned_schools_figures_and_a_state_only_an_editor_knows_are_kept(editor_client, tmp_path):
    folder = write_files(tmp_path / "data")
    import_files(folder)
    stateless = School.objects.get(unitid=500069)
    assert stateless.state == ""
    edit_school(editor_client, stateless, state="WA", city="Seattle")
    import_files(folder)
    stateless.refresh_from_db()
    assert stateless.state == "WA"


def test_an_editor_who_empties_a_figure_keeps_it_unknown(editor_client, tmp_path):
    folder = write_files(tmp_path / "data")
    import_files(folder)
    umd = School.objects.get(unitid=163286)
    assert edit_school(editor_client, umd, tuition_out_of_state="").status_code == 302
    report = import_files(folder)
    umd.refresh_from_db()
    assert umd.tuition_out_of_state is None
    assert "out-of-state tuition and fees: the editors' unknown; public $40,306 (IPEDS 2023-24)" in report


def test_the_list_action_gives_figures_back_to_the_public_data(editor_client, tmp_path):
    folder = write_files(tmp_path / "data")
    import_files(folder)
    for unitid in (BOWIE, 163286):
        edit_school(editor_client, School.objects.get(unitid=unitid), tuition_in_state="12000")
    import_files(folder)
    response = editor_client.post(
        reverse("admin:schools_keptfigure_changelist"),
        {
            "action": "use_public_figures",
            "index": "0",
            "_selected_action": list(KeptFigure.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "The public figure is used again for 2 figures of 2 schools" in response.content.decode()
    assert dict(School.objects.values_list("unitid", "tuition_in_state")) == {
        BOWIE: 8999,
        163286: 11505,
        500069: None,
    }


def test_editors_read_import_records_but_cannot_change_them(editor_client, tmp_path):
    import_files(write_files(tmp_path / "data"))
    run = ImportRun.objects.get()
    assert editor_client.get(reverse("admin:importing_importrun_changelist")).status_code == 200
    page = editor_client.get(reverse("admin:importing_importrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert "ACUPUNCTURE AND MASSAGE SCHOOL OF ORIENTAL MEDICINE (500069)" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert (
        editor_client.post(
            reverse("admin:importing_importrun_delete", args=[run.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
