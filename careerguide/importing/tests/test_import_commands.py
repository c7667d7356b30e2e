"""import_public_data and the per-source commands, on small files in the official formats."""

import html
import os
import re
import subprocess
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from careerguide.careers.models import (
    FAQ,
    AlternateTitle,
    Career,
    CrosswalkLink,
    EducationLevelShare,
    Occupation,
    RelatedOccupation,
    Task,
    TechnologySkill,
)
from careerguide.importing.models import ImportRun
from schools.models import DataSource, FieldOfStudy, ProgramOffering, School
from schools.vocabulary import CipLevel, PredominantDegree, SchoolType
from tests import markup

from .import_samples import FILES, write_dataset

pytestmark = pytest.mark.django_db

DATA_MODELS = (
    School,
    FieldOfStudy,
    ProgramOffering,
    CrosswalkLink,
    Occupation,
    AlternateTitle,
    Task,
    TechnologySkill,
    EducationLevelShare,
    RelatedOccupation,
    Career,
    DataSource,
)


def run(command, directory, *options):
    out = StringIO()
    call_command(command, str(directory), *options, stdout=out)
    return out.getvalue()


def summary(output):
    """{kind: {action: count}} from the summary table the command prints last."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("kind of record"))
    actions = lines[start].split()[3:]
    table = {}
    for line in lines[start + 1 :]:
        match = re.match(r"^(\D+?)\s+([\d,]+(?:\s+[\d,]+){4})$", line)
        if not match:
            break
        table[match.group(1)] = dict(
            zip(actions, (int(n.replace(",", "")) for n in match.group(2).split()), strict=True)
        )
    return table


def changes(output):
    return sum(c["created"] + c["updated"] + c["deleted"] for c in summary(output).values())


def counts():
    return {model.__name__: model.objects.count() for model in DATA_MODELS}


@pytest.fixture
def data(tmp_path):
    return write_dataset(tmp_path / "data")


# --- the happy path ---------------------------------------------------------------------------


def test_full_import_combines_the_school_files(data):
    output = run("import_public_data", data)
    umd = School.objects.get(unitid=163286)
    assert (umd.name, umd.city, umd.state, umd.zip_code) == (
        "University of Maryland-College Park",
        "College Park",
        "MD",
        "20742",
    )
    assert umd.control == SchoolType.PUBLIC
    assert (umd.tuition_in_state, umd.tuition_out_of_state) == (11505, 40306)  # IPEDS, thousands separators
    assert umd.enrollment == 40813
    assert umd.graduation_rate == Decimal("84")  # IPEDS beats the API's 4-year completion rate
    assert umd.admission_rate == Decimal("44.84")  # the API's newer admit_rate × 100 beats ADM_RATE
    assert umd.graduation_cohort == 8433  # IPEDS TOTAL_COHORT_2015
    assert umd.predominant_degree == PredominantDegree.BACHELORS
    assert umd.median_earnings == 82860
    assert umd.net_price == 15590
    assert umd.sat_average == 1391
    assert umd.website == "https://www.umd.edu/"
    assert umd.latitude == Decimal("38.988178")
    assert umd.slug == "university-of-maryland-college-park"
    assert str(umd.tuition_in_state_source) == "IPEDS 2023-24"
    assert str(umd.admission_rate_source) == "College Scorecard API 2026"
    assert str(umd.median_earnings_source) == "College Scorecard earnings 2025"
    assert str(umd.net_price_source) == "College Scorecard API 2026"
    assert str(umd.predominant_degree_source) == "College Scorecard API 2026"
    assert umd.figures_changed_by.startswith(
        "Import: IPEDS 2023-24, College Scorecard API 2026, College Scorecard 2022"
    )
    assert umd.figures_changed_at is not None

    harvard = School.objects.get(unitid=166027)
    assert harvard.zip_code == "02138"  # lost leading zero restored
    assert harvard.tuition_in_state == 57261  # IPEDS unknown: the Scorecard fills in
    assert str(harvard.tuition_in_state_source) == "College Scorecard 2022"
    assert harvard.graduation_rate is None  # empty in IPEDS, nan in the API: unknown, not zero
    assert harvard.graduation_rate_source is None
    assert harvard.admission_rate == Decimal("3.24")  # the API's admit_rate is empty: ADM_RATE
    assert str(harvard.admission_rate_source) == "College Scorecard 2022"
    assert harvard.graduation_cohort is None  # empty TOTAL_COHORT_2015: unknown, not zero
    assert harvard.predominant_degree is None  # PREDDEG 0, "not classified": unknown
    assert harvard.predominant_degree_source is None
    assert harvard.net_price == -3220  # private net price when the public one is unknown

    uiuc = School.objects.get(unitid=145637)
    assert uiuc.zip_code == "61820-5711"
    assert uiuc.median_earnings is None  # PrivacySuppressed

    only_scorecard = School.objects.get(unitid=999001)
    assert only_scorecard.zip_code == "02138-1234"
    assert (only_scorecard.tuition_in_state, only_scorecard.tuition_out_of_state) == (None, None)  # PS
    assert only_scorecard.control is None
    assert only_scorecard.admission_rate == Decimal("90.00")  # the API's admit_rate (Scorecard NULL)
    assert str(only_scorecard.admission_rate_source) == "College Scorecard API 2026"
    assert only_scorecard.predominant_degree == PredominantDegree.ASSOCIATE
    assert only_scorecard.graduation_cohort is None  # not in the IPEDS graduation rates file
    assert only_scorecard.graduation_rate == Decimal("50.00")
    assert only_scorecard.net_price == 18000  # public net price nan → private

    # No state in any file: imported with the state unknown, and said so.
    stateless = School.objects.get(unitid=500069)
    assert stateless.state == ""
    assert "Schools with no state in either file: 1, imported with the state unknown" in output
    assert "ACUPUNCTURE AND MASSAGE SCHOOL OF ORIENTAL MEDICINE (500069)" in output
    # A figures row for a UNITID outside the school set is listed, not imported.
    assert not School.objects.filter(unitid=777777).exists()
    assert (
        "1 × UNITID is in neither the IPEDS institutions file nor the Scorecard institution extract" in output
    )
    assert "scorecard/earnings_2025.csv:4" in output

    assert School.objects.count() == 9
    assert summary(output)["schools"] == {
        "created": 9,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "deleted": 0,
    }


def test_slug_collisions_add_city_then_state_then_unitid(data):
    run("import_schools", data)
    slugs = dict(School.objects.filter(name="Springfield College").values_list("unitid", "slug"))
    assert slugs == {
        100001: "springfield-college",
        100002: "springfield-college-springfield",
        100003: "springfield-college-springfield-mo",
        100004: "springfield-college-springfield-mo-100004",
    }


def test_programs_and_crosswalk(data):
    output = run("import_public_data", data)
    assert FieldOfStudy.objects.get(code="11").level == CipLevel.FAMILY
    assert FieldOfStudy.objects.get(code="11.07").title == "Computer Science"
    assert FieldOfStudy.objects.get(code="11.0701").level == CipLevel.PROGRAM
    definition = FieldOfStudy.objects.get(code="30").definition
    assert 'this series is titled "Interdisciplinary" in the Canadian CIP.' in definition

    # A Scorecard series the CIP file does not list is created from its CIPDESC, and noted.
    nursing = FieldOfStudy.objects.get(code="51.16")
    assert (nursing.title, nursing.level) == ("Nursing", CipLevel.SERIES)
    assert "CIP 51.16 'Nursing' is not in the CIP file" in output

    uiuc = School.objects.get(unitid=145637)
    bachelor_cs = uiuc.programs.get(field_id="11.07", credential_level=3)
    assert (bachelor_cs.series, bachelor_cs.graduates, bachelor_cs.median_earnings_5yr) == (
        "11.07",
        306,
        170405,
    )
    assert str(bachelor_cs.source) == "College Scorecard field of study 2025"
    assert uiuc.programs.get(field_id="11.07", credential_level=6).median_earnings_5yr is None  # 0 = unknown
    ipeds = uiuc.programs.get(field_id="30.7001", credential_level=3)
    assert (ipeds.series, ipeds.graduates, str(ipeds.source)) == ("30.70", None, "IPEDS completions 2023-24")
    assert set(uiuc.programs.filter(credential_level=3).values_list("field_id", flat=True)) == {
        "11.07",
        "11.0701",
        "30.7001",
    }
    umd = School.objects.get(unitid=163286)
    assert umd.programs.get(field_id="51.16").graduates is None  # PrivacySuppressed
    assert umd.programs.get(field_id="30.70", credential_level=5).graduates == 1204
    assert ProgramOffering.objects.count() == 8
    assert "UNITID is not an imported school" in output

    links = set(CrosswalkLink.objects.values_list("field_id", "soc_code"))
    assert links == {("11.0701", "15-2051"), ("30.7001", "15-2051"), ("11.0701", "15-1252")}
    assert "field of study with no occupation (SOC 99-9999, NO MATCH)" in output
    assert "occupation with no field of study (CIP 99.9999, NO MATCH)" in output
    assert summary(output)["crosswalk links"]["skipped"] == 2
    # The finder's rule: a school offers 11.0701 when IPEDS lists it or the Scorecard lists 11.07.
    assert set(School.objects.offering(["11.0701"]).values_list("unitid", flat=True)) == {145637, 163286}


def test_occupations_wages_outlook_and_careers(data):
    output = run("import_public_data", data)
    scientists = Occupation.objects.get(code="15-2051.00")
    assert (scientists.soc_code, scientists.title, scientists.job_zone) == ("15-2051", "Data Scientists", 4)
    assert scientists.annual_median_wage == 112590
    assert scientists.hourly_median_wage == Decimal("54.13")
    assert (scientists.annual_wage_p10, scientists.annual_wage_p90) == (63650, 194410)
    assert scientists.employment == 233440
    assert not scientists.annual_wage_top_coded
    assert str(scientists.wage_source) == "BLS Occupational Employment and Wage Statistics May 2024"
    assert scientists.employment_base == Decimal("245.9")
    assert scientists.employment_projected == Decimal("328.3")
    assert scientists.employment_change_percent == Decimal("33.5")
    assert scientists.annual_openings == Decimal("23.4")
    assert scientists.typical_entry_education == "Bachelor's degree"
    assert str(scientists.outlook_source) == "BLS Employment Projections 2024–34"
    # The 6-digit SOC applies to every O*NET code with that prefix.
    analysts = Occupation.objects.get(code="15-2051.01")
    assert (analysts.annual_median_wage, analysts.job_zone) == (112590, None)

    # "#": at or above the top of the range, stored as the cap and flagged.
    anesthesiologists = Occupation.objects.get(code="29-1211.00")
    assert anesthesiologists.annual_median_wage == 239200
    assert anesthesiologists.hourly_median_wage == Decimal("115.00")
    assert anesthesiologists.annual_wage_top_coded
    assert anesthesiologists.annual_wage_p10 == 125090
    developers = Occupation.objects.get(code="15-1252.00")
    assert (developers.annual_wage_p75, developers.annual_wage_p90) == (None, 239200)  # "*" unknown, "#" cap
    assert not developers.annual_wage_top_coded
    assert "Employment Projections: 1 occupations have no O*NET occupation to attach to: 43-9022" in output
    # A wage BLS publishes only for a combined group (13-1020) goes to the group's occupations.
    assert Occupation.objects.get(code="13-1021.00").annual_median_wage == 70520
    assert (
        "OEWS wages: published only for a combined SOC group, applied to its O*NET occupations: 13-1020 → 13-1021.00"
        in output
    )

    assert list(scientists.alternate_titles.values_list("title", "short_title")) == [
        ("Data Scientist", ""),
        ("Machine Learning Engineer", ""),
    ]
    assert "the same title twice for one occupation" in output
    assert AlternateTitle.objects.get(title="Medical Doctor").short_title == "MD"
    kinds = dict(scientists.tasks.values_list("onet_task_id", "kind"))
    assert kinds == {23280: "core", 23281: "supplemental", 23282: "unrated"}
    assert scientists.tasks.get(onet_task_id=23281).statement == 'Conduct "head counts" of model runs.'
    redshift = scientists.technology_skills.get(name="Amazon Redshift")
    assert (redshift.category, redshift.commodity_code, redshift.is_hot, redshift.is_in_demand) == (
        "Data base user interface and query software",
        43232306,
        True,
        False,
    )
    assert list(scientists.education_levels.values_list("category", "label", "percent")) == [
        (6, "Bachelor's Degree", Decimal("37.50")),
        (8, "Master's Degree", Decimal("45.00")),
    ]
    assert list(scientists.related_links.values_list("related_occupation__code", "tier", "rank")) == [
        ("15-2051.01", "Primary-Short", 1),
        ("15-1252.00", "Primary-Short", 2),
    ]

    # Every occupation gets a career page titled from O*NET.
    assert set(Career.objects.values_list("slug", "title", "occupation__code")) == {
        ("data-scientists", "Data Scientists", "15-2051.00"),
        ("business-intelligence-analysts", "Business Intelligence Analysts", "15-2051.01"),
        ("anesthesiologists", "Anesthesiologists", "29-1211.00"),
        ("software-developers", "Software Developers", "15-1252.00"),
        (
            "buyers-and-purchasing-agents-farm-products",
            "Buyers and Purchasing Agents, Farm Products",
            "13-1021.00",
        ),
    }


def test_second_run_changes_nothing(data):
    first = run("import_public_data", data)
    assert changes(first) > 0
    before = {
        school.unitid: (school.figures_changed_at, school.updated_at) for school in School.objects.all()
    }
    second = run("import_public_data", data)
    assert changes(second) == 0, second
    assert second.rstrip().endswith("No changes.")
    assert summary(second)["program offerings"]["unchanged"] == 8
    # CIP 51.16 Nursing, created from the Scorecard file (the CIP file lacks it), is not "kept".
    assert "51.16" in first
    assert "were kept" not in second
    assert "were kept" not in run("import_public_data", data, "--dry-run")
    after = {school.unitid: (school.figures_changed_at, school.updated_at) for school in School.objects.all()}
    assert after == before


def test_dry_run_writes_nothing(data):
    output = run("import_public_data", data, "--dry-run")
    assert "Summary (dry run: nothing was written)" in output
    assert summary(output)["schools"]["created"] == 9
    assert "records would change" in output
    assert all(count == 0 for count in counts().values()), counts()


def test_partial_refresh_reads_only_its_files(data):
    output = run("import_programs", data)
    assert School.objects.count() == 0
    assert FieldOfStudy.objects.count() == 7  # the CIP file's codes
    assert ProgramOffering.objects.count() == 0  # no schools yet: every offering skipped, with its reason
    assert "UNITID is not an imported school" in output
    run("import_schools", data)
    run("import_programs", data)
    assert ProgramOffering.objects.count() == 8
    assert FieldOfStudy.objects.filter(code="51.16").exists()  # now that an offering needs it
    run("import_occupations", data)
    assert Occupation.objects.count() == 5


def test_a_refresh_of_one_file_keeps_what_other_files_gave(data, tmp_path):
    run("import_public_data", data)
    only_earnings = tmp_path / "only"
    (only_earnings / "scorecard").mkdir(parents=True)
    (only_earnings / "scorecard" / "earnings_2025.csv").write_text(
        "UNITID,INSTNM,STABBR,MD_EARN_WNE_P10,MD_EARN_WNE_P6\n163286,University of Maryland-College Park,MD,90000,1\n"
    )
    # One row where the last accepted earnings file had three: the guard names the file.
    with pytest.raises(
        CommandError, match=r"earnings_2025\.csv: 1 row, far fewer than the 3 .* --allow-shrink"
    ):
        run("import_schools", only_earnings)
    output = run("import_schools", only_earnings, "--allow-shrink")
    umd = School.objects.get(unitid=163286)
    assert umd.median_earnings == 90000
    assert (umd.tuition_in_state, umd.admission_rate, umd.name) == (
        11505,
        Decimal("44.84"),
        "University of Maryland-College Park",
    )
    assert umd.figures_changed_by == "Import: College Scorecard earnings 2025"
    assert summary(output)["schools"] == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "skipped": 0,
        "deleted": 0,
    }


def test_rows_gone_from_the_data_are_removed(data, tmp_path):
    run("import_public_data", data)
    fos = "programs/scorecard_field_of_study_2025_all_levels.csv"
    smaller = "\n".join(line for line in FILES[fos].splitlines() if ",6,Doctoral" not in line) + "\n"
    write_dataset(data, scorecard_field_of_study_2025_all_levels_csv=smaller)
    # One of five offerings is 20% of what the file held: the import guard asks for consent.
    with pytest.raises(
        CommandError,
        match=r"scorecard_field_of_study_2025_all_levels\.csv: 5 rows, far fewer than the 6 of the last accepted",
    ):
        run("import_public_data", data)
    ImportRun.objects.all().delete()  # no earlier file to compare with: the rows are compared
    with pytest.raises(
        CommandError,
        match=r"all_levels\.csv: program offerings \(Scorecard\): 1 of the 5 rows would be removed \(20%, more than 2%\)",
    ):
        run("import_public_data", data)
    output = run("import_public_data", data, "--allow-shrink")
    assert summary(output)["program offerings"]["deleted"] == 1
    assert not ProgramOffering.objects.filter(credential_level=6).exists()


# --- existing records, pinned schools, editors' text ----------------------------------------


@pytest.fixture
def reference_source(db):
    return DataSource.objects.create(
        key="careerguide-reference-2024", name="Careerguide reference page", edition="2024"
    )


def test_existing_school_is_updated_by_unitid_and_keeps_its_slug(data, reference_source):
    School.objects.create(
        unitid=163286,
        name="University of Maryland-College Park",
        slug="umd",
        city="College Park",
        state="MD",
        tuition_in_state=9695,
        tuition_in_state_source=reference_source,
        figures_changed_by="Careerguide reference page 2024",
    )
    run("import_public_data", data)
    umd = School.objects.get(unitid=163286)
    assert (umd.slug, umd.tuition_in_state, str(umd.tuition_in_state_source)) == (
        "umd",
        11505,
        "IPEDS 2023-24",
    )
    assert umd.figures_changed_by.startswith("Import: IPEDS 2023-24")
    assert School.objects.filter(name="University of Maryland-College Park").count() == 1


def test_pinned_school_is_skipped_and_reported(data):
    School.objects.create(
        unitid=145637,
        name="UIUC (as the editors want it)",
        slug="uiuc",
        state="IL",
        tuition_in_state=1,
        pinned=True,
    )
    output = run("import_public_data", data)
    uiuc = School.objects.get(unitid=145637)
    assert (uiuc.name, uiuc.tuition_in_state, uiuc.figures_changed_by) == (
        "UIUC (as the editors want it)",
        1,
        "",
    )
    assert "pinned by an editor: not updated" in output
    assert "UIUC (as the editors want it) (145637)" in output
    assert summary(output)["schools"]["skipped"] == 1
    assert not uiuc.programs.exists()  # its programs are left as they are too
    second = run("import_public_data", data)
    assert changes(second) == 0
    assert summary(second)["schools"]["skipped"] == 1


def test_editors_text_and_curated_lists_are_never_overwritten(data):
    occupation = Occupation.objects.create(code="15-2051.00", soc_code="15-2051", title="Data Scientists")
    career = Career.objects.create(
        title="Machine Learning Engineer",
        slug="machine-learning-engineer",
        occupation=occupation,
        overview="Written by an editor.",
        salary_annual_median=108020,
    )
    FAQ.objects.create(career=career, question="Is it fun?", answer="Yes.")
    career.technologies.create(category="Editors' pick", name="Amazon Redshift")
    unlinked = Career.objects.create(
        title="Anesthesiologists", slug="anesthesiologists", overview="Editor's draft."
    )

    run("import_public_data", data)
    career.refresh_from_db()
    assert (career.title, career.overview, career.salary_annual_median) == (
        "Machine Learning Engineer",
        "Written by an editor.",
        108020,
    )
    assert list(career.faqs.values_list("question", flat=True)) == ["Is it fun?"]
    assert list(career.technologies.values_list("category", flat=True)) == ["Editors' pick"]
    # The editors' page under another name stays as it is; the occupation gets its own page beside it.
    assert set(Career.objects.filter(occupation__code="15-2051.00").values_list("slug", "title")) == {
        ("machine-learning-engineer", "Machine Learning Engineer"),
        ("data-scientists", "Data Scientists"),
    }
    assert career.occupation.technology_skills.filter(name="Amazon Redshift").exists()
    assert career.occupation.annual_median_wage == 112590
    # An editor's page named like an occupation, without one, is linked rather than duplicated.
    unlinked.refresh_from_db()
    assert (unlinked.occupation.code, unlinked.overview) == ("29-1211.00", "Editor's draft.")
    assert Career.objects.filter(title="Anesthesiologists").count() == 1


def test_an_occupations_own_page_is_known_by_its_title_or_slug(data):
    scientists = Occupation.objects.create(code="15-2051.00", soc_code="15-2051", title="Data Scientists")
    analysts = Occupation.objects.create(
        code="15-2051.01", soc_code="15-2051", title="Business Intelligence Analysts"
    )
    Career.objects.create(title="data scientists", slug="ds", occupation=scientists)
    Career.objects.create(title="BI Analysts", slug="business-intelligence-analysts", occupation=analysts)
    first = run("import_occupations", data)
    assert Career.objects.filter(occupation=scientists).count() == 1
    assert Career.objects.filter(occupation=analysts).count() == 1
    assert summary(first)["careers"]["unchanged"] == 2
    second = run("import_occupations", data)
    assert changes(second) == 0, second


def test_second_run_keeps_the_pages_beside_editorial_ones(data):
    scientists = Occupation.objects.create(code="15-2051.00", soc_code="15-2051", title="Data Scientists")
    Career.objects.create(
        title="Machine Learning Engineer", slug="machine-learning-engineer", occupation=scientists
    )
    Career.objects.create(title="Data Scientists (editors)", slug="data-scientists", overview="Draft.")
    first = run("import_public_data", data)
    # "data-scientists" is an editor's page without an occupation and another title: it is linked.
    assert set(Career.objects.filter(occupation=scientists).values_list("slug", flat=True)) == {
        "machine-learning-engineer",
        "data-scientists",
    }
    assert summary(first)["careers"]["updated"] == 1
    second = run("import_public_data", data)
    assert changes(second) == 0, second
    assert Career.objects.filter(occupation=scientists).count() == 2


def test_top_coded_wage_reads_or_more_on_the_imported_page(data, client):
    run("import_public_data", data)
    response = client.get("/careers/anesthesiologists/")
    salary = salary_figures(response)
    assert (salary["Annual Median"], salary["Hourly Median"]) == ("$239,200 or more", "$115.00 or more")
    assert "median salary $239,200 or more a year (May 2024)" in html.unescape(response.content.decode())
    developers = salary_figures(client.get("/careers/software-developers/"))
    assert developers["Annual Median"].startswith("$") and "or more" not in developers["Annual Median"]


def salary_figures(response):
    """{term: figure} of a career page's pay section."""
    salary = markup.page(response).select_one("section#salary")
    return {
        markup.squashed(term.get_text()): markup.squashed(term.find_next_sibling("dd").get_text())
        for term in salary.select("dt")
    }


def test_career_slug_collision_with_another_occupations_page(data):
    other = Occupation.objects.create(code="99-0001.00", soc_code="99-0001", title="Something else")
    Career.objects.create(title="Data Scientists (editors)", slug="data-scientists", occupation=other)
    run("import_occupations", data)
    assert Career.objects.get(occupation__code="15-2051.00").slug == "data-scientists-15-2051-00"


# --- failures: all or nothing, or --keep-going ------------------------------------------------


def test_bad_row_fails_the_whole_run_naming_file_line_and_column(data):
    institutions = FILES["ipeds/ipeds2023_institutions.csv"].replace(",Champaign,IL,", ",Champaign,ZZ,")
    write_dataset(data, ipeds2023_institutions_csv=institutions)
    with pytest.raises(CommandError) as raised:
        run("import_public_data", data)
    assert str(raised.value) == (
        "Import failed, nothing was written. ipeds/ipeds2023_institutions.csv, line 3, column 4 (STATE): "
        "not a US state or territory code: 'ZZ'"
    )
    assert all(count == 0 for count in counts().values()), counts()


def test_a_late_failure_rolls_back_everything(data):
    related = FILES["onet/Related Occupations.txt"] + "15-2051.00\t29-1211.00\tPrimary-Short\tfirst\r\n"
    write_dataset(data, Related_Occupations_txt=related)
    with pytest.raises(
        CommandError, match=r"onet/Related Occupations.txt, line 4, column 4 \(Index\): not a number"
    ):
        run("import_public_data", data)
    assert all(count == 0 for count in counts().values()), counts()


def test_keep_going_skips_bad_rows_and_lists_each(data):
    institutions = FILES["ipeds/ipeds2023_institutions.csv"].replace(",Champaign,IL,", ",Champaign,ZZ,")
    cost = FILES["ipeds/ipeds2023_cost.csv"].replace(
        "166027,Harvard University,,", "166027,Harvard University,lots,"
    )
    write_dataset(data, ipeds2023_institutions_csv=institutions, ipeds2023_cost_csv=cost)
    output = run("import_public_data", data, "--keep-going")
    assert "Bad rows skipped (--keep-going): 2" in output
    assert (
        "schools: ipeds/ipeds2023_institutions.csv, line 3, column 4 (STATE): not a US state or territory code: 'ZZ'"
        in output
    )
    assert (
        "schools: ipeds/ipeds2023_cost.csv, line 4, column 3 (TUITION_FEES_2023_OUTSTATE): not a number"
        in output
    )
    # The rest imported; the bad IPEDS row's school still comes from the Scorecard extract.
    uiuc = School.objects.get(unitid=145637)
    assert (uiuc.state, uiuc.control) == ("IL", None)
    assert School.objects.get(unitid=166027).tuition_in_state == 57261
    assert Occupation.objects.count() == 5


def test_keep_going_never_deletes_what_a_bad_row_hides(data):
    run("import_public_data", data)
    fos = "programs/scorecard_field_of_study_2025_all_levels.csv"
    broken = FILES[fos].replace("145637,1107,Computer Science.,6,Doctoral Degree,52,0,0,1", "145637,1107")
    write_dataset(data, scorecard_field_of_study_2025_all_levels_csv=broken)
    output = run("import_public_data", data, "--keep-going")
    assert "expected 9 fields, found 2" in output
    assert ProgramOffering.objects.filter(credential_level=6).exists()
    assert "program offerings: 1 rows no longer in the data were kept" in output


def test_missing_column_is_a_clear_error(data):
    scorecard = "scorecard/Most-Recent-Cohorts-Institution_extract.csv"
    text = FILES[scorecard].replace("ADM_RATE,ADM_RATE_ALL", "ADMISSION,ADM_RATE_ALL", 1)
    write_dataset(data, **{"Most-Recent-Cohorts-Institution_extract_csv": text})
    with pytest.raises(CommandError) as raised:
        run("import_public_data", data)
    message = str(raised.value)
    assert (
        "scorecard/Most-Recent-Cohorts-Institution_extract.csv, line 1, column 'ADM_RATE': missing column"
        in message
    )


def test_truncated_file_is_a_clear_error(data):
    text = FILES["ipeds/ipeds2023_enrollment.csv"]
    write_dataset(data, ipeds2023_enrollment_csv=text[: text.index("56563") + 3])
    with pytest.raises(CommandError) as raised:
        run("import_public_data", data)
    assert "ipeds/ipeds2023_enrollment.csv, line 3: expected 7 fields, found 3" in str(raised.value)
    assert "truncated" in str(raised.value)


def test_non_utf8_file_is_a_clear_error(data):
    text = (
        FILES["onet/Occupation Data.txt"].replace("Anesthesiologists", "Anesthésiologists").encode("cp1252")
    )
    write_dataset(data, Occupation_Data_txt=text)
    with pytest.raises(CommandError) as raised:
        run("import_public_data", data)
    assert "onet/Occupation Data.txt, line 4: the file is not UTF-8 text" in str(raised.value)
    assert all(count == 0 for count in counts().values())


def test_folder_without_data_files_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no data file recognised"):
        run("import_public_data", tmp_path)
    with pytest.raises(CommandError, match="is not a folder"):
        run("import_public_data", tmp_path / "missing")


def test_manage_py_exits_non_zero_with_the_location(data, tmp_path):
    institutions = FILES["ipeds/ipeds2023_institutions.csv"].replace(",Champaign,IL,", ",Champaign,ZZ,")
    write_dataset(data, ipeds2023_institutions_csv=institutions)
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
    }
    # The project's own manage.py under this interpreter, with a folder the test wrote: no untrusted input.
    # The run's record is written before anything is read: the database must be migrated.
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        check=True,
    )
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_public_data", str(data)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "ipeds/ipeds2023_institutions.csv, line 3, column 4 (STATE)" in completed.stderr
