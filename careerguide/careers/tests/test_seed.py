"""`loaddata seed` installs the reference Machine Learning Engineer page, exact to the word and number.

The seed names rows by natural keys, not ids (tests/test_seed_loading.py loads it into databases
that hold other data); into an empty database it numbers its rows from 1, as it always has.
"""

from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from careerguide.careers.models import (
    FAQ,
    AlternateTitle,
    BestSchool,
    Career,
    CareerTechnology,
    CrosswalkLink,
    DegreeLevel,
    DegreeProgram,
    Duty,
    Hotspot,
    ImportancePoint,
    Industry,
    JobMarketPoint,
    Occupation,
    Skill,
)
from conftest import SharedLoad, load_the_seed
from resources.models import Resource
from schools.models import DataSource, FieldOfStudy, School
from schools.selectors import attach_sources
from schools.vocabulary import cip_level
from tests.reference import DESCRIPTION_POINTS, FAQ_QUESTIONS, SCHOOLS

REFERENCE = Path(settings.BASE_DIR).parent / "shared" / "reference" / "000_0b6844ca2443a5b9.txt"
SEED_APPS = ("schools", "careers", "resources")


def restart_ids():
    """Number new rows of the seed's apps from 1, as in a new database. PostgreSQL sequences do not
    roll back with a test's transaction as SQLite's counters do; the tables must be empty."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in SEED_APPS and model._meta.pk.get_internal_type().endswith("AutoField")
    ]
    assert not [model for model in models if model._base_manager.exists()]
    sequences = [{"table": model._meta.db_table, "column": model._meta.pk.column} for model in models]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(sql)


def load_the_seed_from_one():
    restart_ids()
    load_the_seed()


SEED_FROM_ONE = SharedLoad(load_the_seed_from_one)


@pytest.fixture(scope="module")
def seed_from_one(django_db_setup, django_db_blocker):
    """`loaddata seed` into an empty database, ids from 1, once for the module: its tests only read
    it (each in a savepoint), and the load is rolled back after the last."""
    SEED_FROM_ONE.open(__name__, django_db_blocker)
    yield
    SEED_FROM_ONE.close()


@pytest.fixture
def seed(seed_from_one, db):
    """The conftest fixture's data, with ids from 1."""


@pytest.fixture
def career(seed):
    return Career.objects.get(slug="machine-learning-engineer")


def row_counts():
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in SEED_APPS
    }
    counts["resources.Resource_careers"] = Resource.careers.through.objects.count()
    return counts


# --- Schools ---------------------------------------------------------------------------------


def test_six_schools_with_reference_figures(seed):
    found = {
        s.unitid: (
            s.name,
            s.slug,
            s.city,
            s.state,
            s.zip_code,
            s.control,
            s.tuition_in_state,
            s.tuition_out_of_state,
            s.admission_rate,
            s.graduation_rate,
            s.enrollment,
        )
        for s in School.objects.all()
    }
    assert found == SCHOOLS


def test_school_figures_carry_the_reference_source(seed):
    source = DataSource.objects.get(key="careerguide-reference-2024")
    assert (source.name, source.edition, str(source)) == (
        "Careerguide reference page",
        "2024",
        "Careerguide reference page 2024",
    )
    for school in attach_sources(list(School.objects.all())):
        for metric in (
            "tuition_in_state",
            "tuition_out_of_state",
            "admission_rate",
            "graduation_rate",
            "enrollment",
        ):
            assert getattr(school, f"{metric}_source") == source, (school, metric)
        # Unknown is not zero: the reference does not give these.
        for metric in ("median_earnings", "net_price", "sat_average"):
            assert getattr(school, metric) is None, (school, metric)
            assert getattr(school, f"{metric}_source") is None, (school, metric)
        assert school.figures_changed_by == "Careerguide reference page 2024"
        assert school.figures_changed_at == datetime(2024, 1, 1, tzinfo=timezone.utc)
        assert school.website.startswith("https://")
        assert not school.pinned


def test_best_schools_ranked_with_published_figures(career):
    assert career.best_schools_year == 2024
    ranked = [
        (
            b.rank,
            b.school.unitid,
            b.tuition_in_state,
            b.tuition_out_of_state,
            b.admission_rate,
            b.graduation_rate,
            b.enrollment,
        )
        for b in career.best_schools.select_related("school")
    ]
    assert ranked == [
        (1, 163286, 9695, 37931, Decimal("45.00"), Decimal("89.00"), 40792),
        (2, 123961, 63468, 63468, Decimal("12.00"), Decimal("92.00"), 48945),
        (3, 145637, 14542, 35122, Decimal("45.00"), Decimal("85.00"), 56916),
        (4, 209542, 10425, 31200, Decimal("83.00"), Decimal("70.00"), 34292),
        (5, 110653, 11564, 41636, Decimal("21.00"), Decimal("87.00"), 35937),
        (6, 104151, 10978, 29952, Decimal("90.00"), Decimal("67.00"), 80065),
    ]
    for entry in career.best_schools.select_related("school"):
        for name in BestSchool.FIGURES:
            assert entry.figure(name) == getattr(entry.school, name)
    assert [b.school.location for b in career.best_schools.all()] == [
        "College Park, MD",
        "Los Angeles, CA",
        "Champaign, IL",
        "Corvallis, OR",
        "Irvine, CA",
        "Tempe, AZ",
    ]


# --- Career, occupation, salary ----------------------------------------------------------------


def test_career_and_salary(career):
    assert career.pk == 1
    assert career.title == "Machine Learning Engineer"
    assert career.is_featured is True
    assert career.salary_annual_median == 108020
    assert career.salary_hourly_median == Decimal("51.93")
    assert career.salary_source == (
        "Data sourced from Career One Stop, provided by the BLS Occupational Employment and Wage "
        "Statistics wage estimates."
    )
    assert career.salary_year == 2023
    assert career.importance_intro == "The importance of your role is evident in the following areas:"
    assert career.overview.startswith("As a Machine Learning Engineer, you play a vital role")
    assert career.overview.endswith("enhance decision-making processes across various sectors.")
    assert career.overview_closing.startswith("Overall, as a Machine Learning Engineer, you are instrumental")
    assert career.education_intro.startswith("To become a Machine Learning Engineer, you will need")
    assert career.education_intro.endswith("Consider the following degree programs:")
    assert career.education_closing.startswith("Make sure to verify the accreditation")
    assert career.job_market_intro.endswith("Here are key elements that define the current landscape:")
    assert career.job_market_closing.startswith("The landscape for Machine Learning Engineers remains strong")
    assert career.resources_closing == (
        "Utilize these resources to enhance your knowledge and skills in the field of machine learning."
    )
    assert career.job_description == ""


def test_occupation_is_onet_data_scientists(career):
    occupation = career.occupation
    assert (occupation.code, occupation.soc_code, occupation.title, occupation.job_zone) == (
        "15-2051.00",
        "15-2051",
        "Data Scientists",
        4,
    )
    assert occupation.description == " ".join(DESCRIPTION_POINTS)
    assert occupation.annual_median_wage is None
    assert occupation.hourly_median_wage is None
    assert list(AlternateTitle.objects.values_list("occupation__code", "title")) == [
        ("15-2051.00", "Machine Learning Engineer")
    ]
    assert list(Career.objects.search("Data Scientists")) == [career]


def test_job_description_points_are_the_four_reference_bullets(career):
    assert career.job_description_points() == DESCRIPTION_POINTS


def test_importance_points(career):
    assert list(career.importance_points.values_list("order", "title")) == [
        (1, "Data Utilization"),
        (2, "Innovation in Technology"),
        (3, "Cross-Industry Impact"),
        (4, "Collaboration with Teams"),
        (5, "End-User Experience"),
    ]
    first = ImportancePoint.objects.get(title="Data Utilization")
    assert first.body.startswith("You leverage large sets of structured and unstructured data")


# --- Education -----------------------------------------------------------------------------------


def test_degree_levels_and_programs_with_cip_codes(career):
    levels = [
        (level.kind, level.title, level.description, [(p.name, p.field_id) for p in level.programs.all()])
        for level in career.degree_levels.all()
    ]
    assert levels == [
        (
            "bachelor",
            "Bachelor's Degree",
            "A four-year degree is typically the minimum requirement. Look for programs such as:",
            [
                ("Artificial Intelligence", "11.0102"),
                ("Computer Science", "11.0701"),
                ("Data Science", "30.7001"),
                ("Computational and Applied Mathematics", "27.0304"),
                ("Applied Mathematics", "27.0301"),
            ],
        ),
        (
            "master",
            "Master's Degree",
            "Many Machine Learning Engineers hold advanced degrees. Consider pursuing:",
            [
                ("Master’s in Artificial Intelligence", "11.0102"),
                ("Master’s in Computer Science", "11.0701"),
                ("Master’s in Data Science", "30.7001"),
                ("Master’s in Computational and Applied Mathematics or Applied Mathematics", "27.0304"),
            ],
        ),
        (
            "certificate",
            "Certificates and Online Courses",
            "In addition to formal degrees, consider obtaining certifications or completing specialized "
            "online courses in machine learning and artificial intelligence to bolster your qualifications "
            "and demonstrate expertise in specific tools and technologies.",
            [],
        ),
    ]
    assert DegreeLevel.objects.count() == 3
    assert DegreeProgram.objects.count() == 9
    assert DegreeProgram.objects.get(name="Computer Science").description == (
        "Provides a broad understanding of computing, programming, and algorithm design, which are "
        "essential for machine learning."
    )


def test_fields_of_study_with_levels_and_crosswalk(seed):
    assert list(FieldOfStudy.objects.values_list("code", "level", "title")) == [
        ("11", 2, "COMPUTER AND INFORMATION SCIENCES AND SUPPORT SERVICES"),
        ("11.01", 4, "Computer and Information Sciences, General"),
        ("11.0102", 6, "Artificial Intelligence"),
        ("11.07", 4, "Computer Science"),
        ("11.0701", 6, "Computer Science"),
        ("27", 2, "MATHEMATICS AND STATISTICS"),
        ("27.03", 4, "Applied Mathematics"),
        ("27.0301", 6, "Applied Mathematics, General"),
        ("27.0304", 6, "Computational and Applied Mathematics"),
        ("30", 2, "MULTI/INTERDISCIPLINARY STUDIES"),
        ("30.70", 4, "Data Science"),
        ("30.7001", 6, "Data Science, General"),
    ]
    for field in FieldOfStudy.objects.all():
        assert field.level == cip_level(field.code)
        assert field.definition
    assert FieldOfStudy.objects.get(code="11.0701").definition.startswith(
        "A program that focuses on computer theory, computing problems and solutions"
    )
    assert list(CrosswalkLink.objects.values_list("field_id", "soc_code", "soc_title")) == [
        ("11.0102", "15-2051", "Data Scientists"),
        ("11.0701", "15-2051", "Data Scientists"),
        ("27.0301", "15-2051", "Data Scientists"),
        ("27.0304", "15-2051", "Data Scientists"),
        ("30.7001", "15-2051", "Data Scientists"),
    ]
    occupation = Occupation.objects.get(code="15-2051.00")
    program_fields = set(DegreeProgram.objects.values_list("field_id", flat=True))
    assert set(occupation.fields_of_study().values_list("code", flat=True)) == program_fields


# --- Skills, duties, technologies --------------------------------------------------------------


def test_twelve_skills(career):
    assert list(career.skills.values_list("title", flat=True)) == [
        "Programming Proficiency",
        "Mathematics and Statistics",
        "Data Preprocessing",
        "Machine Learning Algorithms",
        "Model Evaluation and Selection",
        "Big Data Technologies",
        "Software Development Practices",
        "Deployment and Scaling",
        "Domain Knowledge",
        "Communication Skills",
        "Problem-Solving Abilities",
        "Continuous Learning",
    ]
    assert Skill.objects.get(title="Continuous Learning").body == (
        "The field of machine learning is rapidly evolving. Staying updated with the latest research, "
        "technologies, and methodologies through self-study or professional development is key to "
        "maintaining your competitive edge."
    )


def test_three_duties(career):
    assert list(career.duties.values_list("statement", flat=True)) == [
        "Analyze, manipulate, or process large sets of data using statistical software.",
        "Apply feature selection algorithms to models predicting outcomes of interest, such as sales, "
        "attrition, and healthcare use.",
        "Apply sampling techniques to determine groups to be surveyed or use complete enumeration methods.",
    ]
    assert Duty.objects.count() == 3


def test_technologies_by_category(career):
    by_category = {}
    for tech in career.technologies.all():
        by_category.setdefault(tech.category, []).append(tech.name)
    assert by_category == {
        "Data base user interface and query software": [
            "Amazon Elastic Compute Cloud EC2",
            "Amazon Redshift",
        ],
        "Object or component oriented development software": ["C#", "Scala"],
        "Presentation software": ["Microsoft PowerPoint"],
    }
    # All five are O*NET "Hot Technology" examples for 15-2051.00.
    assert CareerTechnology.objects.filter(is_hot=True).count() == 5


# --- Job market --------------------------------------------------------------------------------


def test_job_market_points_hotspots_and_industries(career):
    assert list(career.market_points.values_list("kind", "title")) == [
        ("point", "High Demand"),
        ("point", "Growth Potential"),
        ("hotspots", "Geographical Hotspots"),
        ("industries", "Industry Diversification"),
        ("point", "Remote Work Opportunities"),
    ]
    assert JobMarketPoint.objects.get(kind="hotspots").body == (
        "Certain regions are emerging as key hubs for machine learning talent:"
    )
    assert JobMarketPoint.objects.get(kind="industries").body == (
        "The application of machine learning spans numerous fields, which helps diversify job "
        "opportunities. Some notable industries include:"
    )
    assert "industries—from tech and finance to healthcare and retail—are" in (
        JobMarketPoint.objects.get(title="High Demand").body
    )
    assert list(career.hotspots.values_list("place", flat=True)) == [
        "Silicon Valley, California",
        "New York City, New York",
        "Seattle, Washington",
        "Austin, Texas",
        "Boston, Massachusetts",
    ]
    assert Hotspot.objects.get(place="Seattle, Washington").reason == (
        "The presence of major companies like Amazon and Microsoft has fostered a strong demand for "
        "machine learning expertise in the region."
    )
    assert list(career.industries.values_list("name", flat=True)) == [
        "Healthcare",
        "Automotive",
        "E-commerce",
        "Finance",
    ]
    assert Industry.objects.get(name="Finance").description == (
        "Application in algorithmic trading, credit scoring, and risk management systems."
    )


# --- Resources -------------------------------------------------------------------------------------


def test_eighteen_resources_by_kind(career):
    resources = list(Resource.objects.filter(careers=career).order_by("order"))
    assert len(resources) == 18
    counts = {}
    for resource in resources:
        counts[resource.kind] = counts.get(resource.kind, 0) + 1
    assert counts == {
        "book": 3,
        "course": 3,
        "website": 3,
        "organisation": 3,
        "paper": 2,
        "youtube": 2,
        "podcast": 2,
    }
    assert [(r.kind, r.heading, r.link_label) for r in resources] == [
        (
            "book",
            '"Hands-On Machine Learning with Scikit-Learn, Keras, and TensorFlow" by Aurélien Géron',
            "Link to Book",
        ),
        ("book", '"Pattern Recognition and Machine Learning" by Christopher M. Bishop', "Link to Book"),
        ("book", '"Deep Learning" by Ian Goodfellow, Yoshua Bengio, and Aaron Courville', "Link to Book"),
        ("course", "Coursera - Machine Learning by Stanford University", "Link to Course"),
        ("course", "edX - Professional Certificate in Data Science by Harvard University", "Link to Program"),
        ("course", "Udacity - Machine Learning Engineer Nanodegree", "Link to Program"),
        ("website", "Kaggle", "Visit Kaggle"),
        ("website", "Towards Data Science (Medium)", "Visit Towards Data Science"),
        ("website", "GitHub", "Visit GitHub"),
        ("organisation", "IEEE Computational Intelligence Society", "Visit IEEE CIS"),
        ("organisation", "Association for Computing Machinery (ACM)", "Visit ACM"),
        ("organisation", "The Data Science Association", "Visit DS Association"),
        ("paper", "arXiv.org - Machine Learning Section", "Visit arXiv"),
        ("paper", "Journal of Machine Learning Research (JMLR)", "Visit JMLR"),
        ("youtube", "3Blue1Brown", "Visit 3Blue1Brown"),
        ("youtube", "StatQuest with Josh Starmer", "Visit StatQuest"),
        ("podcast", "Linear Digressions", "Listen to Linear Digressions"),
        (
            "podcast",
            "The TWIML AI Podcast (This Week in Machine Learning & Artificial Intelligence)",
            "Listen to TWIML AI Podcast",
        ),
    ]
    book = Resource.objects.get(author="Aurélien Géron")
    assert book.title == "Hands-On Machine Learning with Scikit-Learn, Keras, and TensorFlow"
    course = Resource.objects.get(kind="course", author="Coursera")
    assert course.title == "Machine Learning by Stanford University"
    assert course.url == "https://www.coursera.org/specializations/machine-learning-introduction"
    assert course.description == (
        "A well-structured course taught by Andrew Ng that covers the fundamentals of machine learning."
    )
    assert Resource.objects.get(title="Kaggle").url == "https://www.kaggle.com/"
    assert (
        Resource.objects.get(kind="paper", link_label="Visit arXiv").url
        == "https://arxiv.org/list/cs.LG/recent"
    )
    assert all(r.url.startswith("https://") and r.description for r in resources)


# --- FAQs ----------------------------------------------------------------------------------------------


def test_thirteen_faqs_in_order(career):
    assert list(career.faqs.values_list("question", flat=True)) == FAQ_QUESTIONS
    assert list(career.faqs.values_list("order", flat=True)) == list(range(1, 14))
    assert FAQ.objects.get(order=12).answer == (
        "As of 2023, the salary for Machine Learning Engineers in the U.S. typically ranges from $90,000 "
        "to over $150,000 per year, depending on factors such as experience, education, and the specific "
        "industry."
    )
    assert FAQ.objects.get(order=7).answer.startswith('In addition to "Machine Learning Engineer," you might')


# --- Integrity --------------------------------------------------------------------------------------


def test_loaddata_twice_changes_no_row_counts(seed):
    before = row_counts()
    assert before["schools.School"] == 6
    assert before["careers.Career"] == 1
    assert before["resources.Resource"] == 18
    call_command("loaddata", "seed", verbosity=0)
    assert row_counts() == before


def test_every_seeded_row_passes_model_validation(seed):
    for model in apps.get_models():
        if model._meta.app_label in SEED_APPS:
            for obj in model.objects.all():
                obj.full_clean()


def test_career_page_queryset_loads_every_section(career):
    page = Career.objects.with_page_data().get(pk=career.pk)
    sections = [
        len(page.importance_points.all()),
        sum(len(level.programs.all()) for level in page.degree_levels.all()),
        len(page.best_schools.all()),
        len(page.skills.all()),
        len(page.duties.all()),
        len(page.technologies.all()),
        len(page.market_points.all()),
        len(page.hotspots.all()),
        len(page.industries.all()),
        len(page.faqs.all()),
    ]
    assert sections == [5, 9, 6, 12, 3, 5, 5, 5, 4, 13]


# --- Verbatim against the reference text --------------------------------------------------------------


def page_lines(career):
    """Every line the reference page prints, rebuilt from the database, headings aside."""
    lines = [
        career.overview,
        career.importance_intro,
        career.overview_closing,
        f"Annual Median: ${career.salary_annual_median:,}",
        f"Hourly Median: ${career.salary_hourly_median}",
        career.salary_source,
        career.education_intro,
        career.education_closing,
        career.job_market_intro,
        career.job_market_closing,
        career.resources_closing,
    ]
    lines += [f"{p.title}: {p.body}" for p in career.importance_points.all()]
    for level in career.degree_levels.all():
        lines.append(f"{level.title}: {level.description}")
        lines += [f"{p.name}: {p.description}" for p in level.programs.all()]
    for entry in career.best_schools.select_related("school"):
        lines += [
            entry.school.name,
            entry.school.location,
            f"In-State Tuition:${entry.tuition_in_state:,}",
            f"Out-of-State Tuition:${entry.tuition_out_of_state:,}",
            f"Admission Rate:{entry.admission_rate:.0f}%",
            f"Graduation Rate:{entry.graduation_rate:.0f}%",
            f"Total Enrollment:{entry.enrollment:,}",
        ]
    lines += career.job_description_points()
    lines += [f"{s.title}: {s.body}" for s in career.skills.all()]
    lines += [d.statement for d in career.duties.all()]
    for tech in career.technologies.all():
        lines += [tech.category, tech.name]
    lines += [f"{p.title}: {p.body}" for p in career.market_points.all()]
    lines += [f"{h.place}: {h.reason}" for h in career.hotspots.all()]
    lines += [f"{i.name}: {i.description}" for i in career.industries.all()]
    for resource in Resource.objects.filter(careers=career):
        lines += [
            resource.get_kind_display(),
            resource.heading,
            f"{resource.description} {resource.link_label}",
        ]
    for faq in career.faqs.all():
        lines += [faq.question, faq.answer]
    return set(lines)


@pytest.mark.realdata
@pytest.mark.skipif(not REFERENCE.exists(), reason=f"reference page text not found at {REFERENCE}")
def test_seed_is_the_reference_page_word_for_word(career):
    reference = {
        line.strip().removeprefix("• ")
        for line in REFERENCE.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    title = career.title
    headings = {
        f"{title} Overview",
        f"{title} Salary",
        f"Required Education and Training To Become a {title}",
        f"Best Schools to become a {title} in U.S. {career.best_schools_year}",
        f"{title} Job Description:",
        f"Required Skills and Competencies To Become a {title}",
        f"Job Duties for {title}s",
        f"Technologies Used by {title}s",
        f"Current Job Market and Opportunites for a {title}",
        f"Additional Resources To Help You Become a {title}",
        f"FAQs About Becoming a {title}",
    }
    from_database = page_lines(career)
    assert from_database - reference == set()
    assert reference - from_database == headings
