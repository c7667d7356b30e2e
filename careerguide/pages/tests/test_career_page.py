"""The career page: the reference page exactly, pages generated from data, and a fixed query budget."""

import html
import json
from collections import Counter
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from careerguide.careers.models import (
    DEFAULT_ANNUAL_CAP,
    DEFAULT_HOURLY_CAP,
    FAQ,
    AlternateTitle,
    BestSchool,
    Career,
    CareerTechnology,
    Duty,
    Occupation,
    RelatedOccupation,
    Task,
    TechnologySkill,
)
from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from resources.tests.factories import ResourceFactory
from schools.models import DataSource
from schools.tests.factories import SchoolFactory
from tests.markup import squashed
from tests.reference import (
    BEST_SCHOOL_ROWS,
    CAREER_URL,
    DESCRIPTION_POINTS,
    FAQ_QUESTIONS,
    RANKED_UNITIDS,
    SCHOOLS,
    SECTION_HEADINGS,
)

URL = CAREER_URL


def page_text(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


# The page is read as unescaped text (the reference's words are compared as a reader sees them);
# its parts are found by parsing it, and handed on as unescaped markup for what a test checks in it.


def parsed(markup):
    return BeautifulSoup(markup, "html.parser")


def element(text, selector):
    """The unescaped markup of the first element `selector` (CSS) matches in `text`, or None."""
    found = parsed(text).select_one(selector)
    return None if found is None else html.unescape(str(found))


def texts(markup, selector):
    """The text of each element `selector` matches, tags dropped and spaces squashed."""
    return [squashed(found.get_text(" ")) for found in parsed(markup).select(selector)]


def section_headings(text):
    return texts(text, 'h2[id$="-heading"]')


def section(text, section_id):
    found = element(text, f"section#{section_id}")
    assert found, f"no section {section_id}"
    return found


def definitions(markup):
    """{term: definition} of the <dl>s in `markup`, tags dropped and spaces squashed."""
    return {
        squashed(term.get_text(" ")): squashed(term.find_next_sibling("dd").get_text(" "))
        for term in parsed(markup).select("dt")
    }


def quick_facts(text):
    box = element(text, "section.quick-facts")
    return definitions(box) if box else {}


def technology_groups(technologies):
    """[(heading, markup of its list)] of a technologies section, in order."""
    return [
        (squashed(heading.get_text()), str(heading.find_next_sibling("ul", class_="tech-list")))
        for heading in parsed(technologies).select("h3")
        if heading.find_next_sibling("ul", class_="tech-list")
    ]


def jsonld_documents(text):
    return [json.loads(block.string) for block in parsed(text).select('script[type="application/ld+json"]')]


# --- The reference page ---------------------------------------------------------------------


def test_reference_rows_are_the_reference_schools_in_rank_order():
    for (name, location, *_), unitid in zip(BEST_SCHOOL_ROWS, RANKED_UNITIDS, strict=True):
        school_name, _slug, city, state, *_rest = SCHOOLS[unitid]
        assert (name, location) == (school_name, f"{city}, {state}")


def test_reference_page_sections_in_spec_order(client, seed):
    assert section_headings(page_text(client.get(URL))) == SECTION_HEADINGS


def test_reference_salary_with_source_and_year(client, seed):
    salary = section(page_text(client.get(URL)), "salary")
    figures = definitions(salary)
    assert (figures["Annual Median"], figures["Hourly Median"]) == ("$108,020", "$51.93")
    assert "BLS Occupational Employment and Wage Statistics" in salary
    assert "Data year: 2023." in salary


def test_reference_best_schools_every_figure_in_its_row(client, seed):
    best = section(page_text(client.get(URL)), "best-schools")
    rows = parsed(best).select("tbody tr")
    assert len(rows) == 6
    for row, (name, location, *figures) in zip(rows, BEST_SCHOOL_ROWS, strict=True):
        assert squashed(row.select_one("a").get_text()) == name
        assert location in row.get_text()
        assert [cell.get_text(strip=True) for cell in row.select("td.num")] == figures
    assert "Figures as published with the 2024 list" in best


def test_reference_best_schools_say_how_the_list_was_made(client, seed):
    best = section(page_text(client.get(URL)), "best-schools")
    assert squashed(parsed(best).select_one(".best-schools-method").get_text()) == (
        "How this list was made: The editors’ selection of 2024, as this guide first published it. It "
        "names no ranking criteria beyond the figures shown for each school (tuition and fees, admission "
        "rate, graduation rate, total enrollment); those figures are as published then."
    )


def test_reference_salary_faq_carries_its_year_beside_the_bls_range(client, seed):
    """The FAQ's "$90,000 to over $150,000" (2023) and OEWS May 2024's 10th–90th percentile range."""
    oews = DataSource.objects.create(
        key="oews-2024", name="BLS Occupational Employment and Wage Statistics", edition="May 2024"
    )
    Occupation.objects.filter(code="15-2051.00").update(
        annual_median_wage=112590,
        annual_wage_p10=63650,
        annual_wage_p25=82630,
        annual_wage_p75=155810,
        annual_wage_p90=194410,
        wage_source=oews,
    )
    faqs = parsed(section(page_text(client.get(URL)), "faqs"))
    notes = [
        (squashed(note.find_previous_sibling("h3").get_text()), squashed(note.get_text()))
        for note in faqs.select(".faq-note")
    ]
    assert notes == [
        (
            "What is the salary range for Machine Learning Engineers?",
            "Figures of 2023 (the editors’ when they wrote this answer). Newer, from BLS Occupational "
            "Employment and Wage Statistics, May 2024: $63,650 to $194,410 a year (10th to 90th "
            "percentile), median $112,590: see Salary.",
        )
    ]


def test_a_detailed_titles_pay_says_whose_it_is(client, db):
    OccupationFactory(code="11-9179.00", soc_code="11-9179", title="Personal Service Managers, All Other")
    spa = OccupationFactory(
        code="11-9179.02", soc_code="11-9179", title="Spa Managers", annual_median_wage=61340
    )
    career = CareerFactory(title="Spa Managers", slug="spa-managers", occupation=spa)
    salary = section(page_text(client.get(career.get_absolute_url())), "salary")
    assert squashed(parsed(salary).select_one(".shared-wages").get_text()) == (
        "BLS reports pay for “Personal Service Managers, All Other” (11-9179) as a whole, Spa Managers "
        "included: these are its figures."
    )
    own = CareerFactory(occupation=Occupation.objects.get(code="11-9179.00"))
    assert "shared-wages" not in page_text(client.get(own.get_absolute_url()))


def test_a_best_schools_list_without_a_method_says_so(client, db):
    career = CareerFactory(best_schools_year=2025)
    BestSchool.objects.create(career=career, school=SchoolFactory(with_figures=True), rank=1)
    best = section(page_text(client.get(career.get_absolute_url())), "best-schools")
    assert squashed(parsed(best).select_one(".best-schools-method").get_text()) == (
        "How this list was made: chosen and ranked by Careerguide’s editors in 2025, who have not "
        "described their criteria."
    )


def test_reference_best_schools_links_to_compare_and_finder(client, seed):
    best = section(page_text(client.get(URL)), "best-schools")
    slugs = list(BestSchool.objects.order_by("rank").values_list("school__slug", flat=True))
    compare = "/schools/compare/?" + "&".join(f"school={slug}" for slug in slugs)
    assert f'href="{compare}"' in best
    assert 'href="/schools/?career=machine-learning-engineer"' in best
    for slug in slugs:
        assert f'href="/schools/{slug}/"' in best


def test_reference_education_links_each_field_to_the_finder(client, seed):
    education = section(page_text(client.get(URL)), "education")
    for name, code in [
        ("Artificial Intelligence", "11.0102"),
        ("Computer Science", "11.0701"),
        ("Data Science", "30.7001"),
        ("Computational and Applied Mathematics", "27.0304"),
        ("Applied Mathematics", "27.0301"),
    ]:
        assert f"<strong>{name}:</strong>" in education
        # The exact-match rule at the degree's level (SPEC section 4): 6-digit detail at the bachelor's.
        assert f'href="/schools/?program={code}&level=bachelors&match=exact"' in education
    # Master's programs: the College Scorecard lists 4-digit series at that level.
    assert 'href="/schools/?program=11.01&level=masters&match=exact"' in education
    for level in ("Bachelor's Degree:", "Master's Degree:", "Certificates and Online Courses:"):
        assert level in education


def test_reference_description_duties_skills_technologies(client, seed):
    text = page_text(client.get(URL))
    description = section(text, "job-description")
    assert texts(description, "li") == DESCRIPTION_POINTS
    assert "O*NET 29.2" in description
    duties = section(text, "duties")
    assert "<li>Analyze, manipulate, or process large sets of data using statistical software.</li>" in duties
    assert section(text, "skills").count("<li>") == 12
    technologies = section(text, "technologies")
    groups = technology_groups(technologies)
    assert [g[0] for g in groups] == [
        "Data base user interface and query software",
        "Object or component oriented development software",
        "Presentation software",
    ]
    assert "Amazon Elastic Compute Cloud EC2" in groups[0][1] and "Amazon Redshift" in groups[0][1]
    assert "C#" in groups[1][1] and "Scala" in groups[1][1]
    # Hot technologies are marked in words, not only by colour.
    assert groups[2][1].count("Hot technology") == 1


def test_reference_job_market_lists_sit_under_their_points(client, seed):
    market = section(page_text(client.get(URL)), "job-market")
    points = {
        squashed(point.strong.get_text()): point
        for point in parsed(market).select("li")
        if point.strong is not None and point.find("ul") is not None
    }
    hotspots = [squashed(place.get_text()) for place in points["Geographical Hotspots:"].select("ul > li")]
    for place in ("Silicon Valley, California", "New York City, New York", "Boston, Massachusetts"):
        assert any(item.startswith(place) for item in hotspots), place
    industries = [
        squashed(item.strong.get_text()) for item in points["Industry Diversification:"].select("ul > li")
    ]
    for industry in ("Healthcare", "Automotive", "E-commerce", "Finance"):
        assert f"{industry}:" in industries
    assert market.index("High Demand") < market.index("Growth Potential") < market.index("Remote Work")


def test_reference_resources_grouped_by_kind_with_safe_links(client, seed):
    resources = section(page_text(client.get(URL)), "resources")
    assert texts(resources, "h3") == [
        "Books",
        "Online Courses",
        "Websites and Forums",
        "Professional Organizations",
        "Research Papers and Journals",
        "YouTube Channels",
        "Podcasts",
    ]
    links = parsed(resources).select("a.resource-link")
    assert len(links) == 18
    assert all(link["href"].startswith(("https://", "http://")) for link in links)
    assert all("noopener" in link["rel"] for link in links)
    assert (
        '"Hands-On Machine Learning with Scikit-Learn, Keras, and TensorFlow" by Aurélien Géron' in resources
    )
    assert "Coursera - Machine Learning by Stanford University" in resources
    assert "Listen to TWIML AI Podcast" in resources


def test_reference_every_faq_in_order(client, seed):
    faqs = section(page_text(client.get(URL)), "faqs")
    questions = texts(faqs, "h3.faq-question")
    assert questions == FAQ_QUESTIONS
    assert questions == list(FAQ.objects.order_by("order", "pk").values_list("question", flat=True))


def test_reference_page_jsonld_is_an_occupation_with_estimated_salary(client, seed):
    documents = jsonld_documents(client.get(URL).content.decode())
    occupation = next(d for d in documents if d["@type"] == "Occupation")
    assert occupation["name"] == "Machine Learning Engineer"
    assert occupation["occupationalCategory"]["codeValue"] == "15-2051.00"
    annual = occupation["estimatedSalary"][0]
    assert annual["median"] == 108020 and annual["currency"] == "USD" and annual["duration"] == "P1Y"
    assert occupation["estimatedSalary"][1]["median"] == 51.93
    faq_page = next(d for d in documents if d["@type"] == "FAQPage")
    assert len(faq_page["mainEntity"]) == 13


def test_unknown_career_is_404(client, db):
    assert client.get("/careers/nope/").status_code == 404


# --- Pages generated from public data -------------------------------------------------------


@pytest.fixture
def generated(db):
    """An occupation as the O*NET/BLS import leaves it, and a bare career pointing at it."""
    oews = DataSource.objects.create(key="oews-2024", name="BLS OEWS", edition="May 2024")
    projections = DataSource.objects.create(
        key="ep-2024", name="BLS Employment Projections", edition="2024–34"
    )
    occupation = OccupationFactory(
        code="15-1221.00",
        soc_code="15-1221",
        title="Computer and Information Research Scientists",
        description="Conduct research into fundamental computer problems. Design new computing technology.",
        annual_median_wage=140910,
        hourly_median_wage=Decimal("67.75"),
        annual_wage_p10=84120,
        annual_wage_p25=108400,
        annual_wage_p75=180010,
        annual_wage_p90=232530,
        wage_source=oews,
        employment_base=Decimal("40.3"),
        employment_projected=Decimal("48.5"),
        employment_change_percent=Decimal("20.2"),
        annual_openings=Decimal("3.4"),
        typical_entry_education="Master's degree",
        outlook_source=projections,
    )
    Task.objects.create(occupation=occupation, onet_task_id=2, statement="Design new computing technology.")
    Task.objects.create(
        occupation=occupation, onet_task_id=1, statement="Analyze problems to develop solutions."
    )
    TechnologySkill.objects.create(
        occupation=occupation, category="Development environment software", name="Git"
    )
    TechnologySkill.objects.create(
        occupation=occupation,
        category="Object or component oriented development software",
        name="Python",
        is_hot=True,
    )
    TechnologySkill.objects.create(
        occupation=occupation, category="Development environment software", name="Eclipse IDE"
    )
    return Career.objects.create(
        title="Computer Research Scientist", slug="computer-research-scientist", occupation=occupation
    )


def test_generated_page_renders_data_sections_and_leaves_out_empty_ones(client, generated):
    text = page_text(client.get(generated.get_absolute_url()))
    # A page editors have not written reads in the order a student asks (as the OOH).
    assert section_headings(text) == [
        "What Computer Research Scientists Do",
        "Pay",
        "How to Become One",
        "Technologies Computer Research Scientists Use",
        "Job Outlook",
        "Where to Study",
    ]
    for absent in ("Overview", "Best Schools", "Skills and Competencies", "Additional Resources", "FAQs"):
        assert absent not in " ".join(section_headings(text))


def test_generated_salary_from_oews_with_source_year_and_percentile_chart(client, generated):
    salary = section(page_text(client.get(generated.get_absolute_url())), "salary")
    assert "<dd>$140,910</dd>" in salary and "<dd>$67.75</dd>" in salary
    assert "Source: BLS OEWS, May 2024." in salary
    chart = element(salary, "svg")
    labels, values = texts(chart, ".chart-label"), texts(chart, ".chart-value")
    for label, value in [
        ("10th percentile", "$84,120"),
        ("25th percentile", "$108,400"),
        ("Median", "$140,910"),
        ("75th percentile", "$180,010"),
        ("90th percentile", "$232,530"),
    ]:
        assert (label, value) in list(zip(labels, values, strict=True))
    assert 'role="img"' in chart


def test_generated_duties_technologies_and_outlook_come_from_the_occupation(client, generated):
    text = page_text(client.get(generated.get_absolute_url()))
    what = section(text, "what-they-do")
    assert "Conduct research into fundamental computer problems. Design new computing technology." in what
    assert what.index("Analyze problems") < what.index("<li>Design new computing technology")
    assert "O*NET 29.2 occupation description and task statements" in what and "15-1221.00" in what
    technologies = section(text, "technologies")
    groups = technology_groups(technologies)
    # The category with a hot technology first.
    assert [g[0] for g in groups] == [
        "Object or component oriented development software",
        "Development environment software",
    ]
    assert "Eclipse IDE" in groups[1][1] and "Git" in groups[1][1] and "Hot technology" not in groups[1][1]
    assert 'Python <span class="hot-badge">Hot technology</span>' in groups[0][1]
    assert "Source: O*NET 29.2 technology skills" in technologies
    market = section(text, "job-market")
    assert "Employment, 2024</dt><dd>40,300</dd>" in market
    assert "Projected employment, 2034</dt><dd>48,500</dd>" in market
    assert "+20.2%" in market and "(Much faster than average)" in market and "3,400" in market
    assert "Source: BLS Employment Projections, 2024–34." in market
    education = section(text, "education")
    assert "Master's degree" in education and "Source: BLS Employment Projections, 2024–34." in education


def test_generated_page_jsonld_salary_carries_percentiles(client, generated):
    documents = jsonld_documents(client.get(generated.get_absolute_url()).content.decode())
    assert [d["@type"] for d in documents] == ["Occupation"]
    annual = documents[0]["estimatedSalary"][0]
    assert (annual["percentile10"], annual["median"], annual["percentile90"]) == (84120, 140910, 232530)


def test_editorial_lists_win_over_occupation_data(client, generated):
    Duty.objects.create(career=generated, statement="Write grant proposals.")
    CareerTechnology.objects.create(career=generated, category="Notebooks", name="Jupyter")
    CareerTechnology.objects.create(career=generated, category="Languages", name="Python")
    text = page_text(client.get(generated.get_absolute_url()))
    duties = section(text, "duties")
    assert "Write grant proposals." in duties and "Design new computing technology" not in duties
    technologies = section(text, "technologies")
    shown, collapsed = technologies.split("<details", 1)
    assert "Jupyter" in shown and "Python" in shown and "Eclipse IDE" not in shown
    # Then the occupation's O*NET technologies the editors did not name, collapsed.
    assert "More technologies O*NET lists for Computer and Information Research Scientists (2)" in collapsed
    assert "Eclipse IDE" in collapsed and "Git" in collapsed and "Python" not in collapsed


def test_unknown_figures_say_not_reported(client, db):
    occupation = OccupationFactory(annual_median_wage=98000, hourly_median_wage=None)
    career = CareerFactory(occupation=occupation)
    salary = section(page_text(client.get(career.get_absolute_url())), "salary")
    assert "<dd>$98,000</dd>" in salary
    assert definitions(salary)["Hourly Median"] == "Not reported"
    assert parsed(salary).select_one("dd > span.not-reported").get_text() == "Not reported"
    assert "(data year not recorded)" in salary
    assert "<svg" not in salary  # no percentiles, no chart


def test_top_coded_wage_without_a_figure_is_said_in_words(client, db):
    occupation = OccupationFactory(
        annual_median_wage=None, annual_wage_top_coded=True, hourly_median_wage=None
    )
    career = CareerFactory(occupation=occupation)
    salary = section(page_text(client.get(career.get_absolute_url())), "salary")
    assert "$239,200 or more" in salary


@pytest.fixture
def top_coded(db):
    """Anesthesiologists as the OEWS import stores them: each "#" wage is the cap, the median flagged."""
    oews = DataSource.objects.create(key="oews-2024", name="BLS OEWS", edition="May 2024")
    occupation = OccupationFactory(
        code="29-1211.00",
        soc_code="29-1211",
        title="Anesthesiologists",
        annual_median_wage=DEFAULT_ANNUAL_CAP,
        hourly_median_wage=DEFAULT_HOURLY_CAP,
        annual_wage_top_coded=True,
        annual_wage_p10=125090,
        annual_wage_p25=DEFAULT_ANNUAL_CAP,
        annual_wage_p75=DEFAULT_ANNUAL_CAP,
        annual_wage_p90=DEFAULT_ANNUAL_CAP,
        wage_source=oews,
    )
    return CareerFactory(title="Anesthesiologist", slug="anesthesiologist", occupation=occupation)


def test_top_coded_median_stored_as_the_cap_reads_or_more(client, top_coded):
    text = page_text(client.get(top_coded.get_absolute_url()))
    salary = section(text, "salary")
    figures = definitions(salary)
    assert (figures["Annual Median"], figures["Hourly Median"]) == ("$239,200 or more", "$115.00 or more")
    assert "<dd>$239,200</dd>" not in salary
    chart = element(salary, "svg")
    for label in ("90th percentile", "75th percentile", "Median", "25th percentile"):
        assert f"{label}: $239,200 or more" in chart
    assert "10th percentile: $125,090." in chart
    assert Counter(texts(chart, ".chart-value")) == {"$125,090": 1, "$239,200 or more": 4}
    head = text.split("</head>", 1)[0]
    assert "median salary $239,200 or more a year (May 2024);" in head


def test_top_coded_median_in_jsonld_is_a_lower_bound(client, top_coded):
    documents = jsonld_documents(client.get(top_coded.get_absolute_url()).content.decode())
    annual, hourly = documents[0]["estimatedSalary"]
    assert annual["@type"] == "MonetaryAmount" and "median" not in annual
    assert annual["value"] == {"@type": "QuantitativeValue", "minValue": 239200, "unitText": "YEAR"}
    assert annual["description"] == "BLS OEWS, May 2024: $239,200 or more a year, the top of the survey range"
    assert hourly["value"] == {"@type": "QuantitativeValue", "minValue": 115.0, "unitText": "HOUR"}


def test_percentile_at_the_cap_reads_or_more_below_an_exact_median(client, generated):
    Occupation.objects.filter(pk=generated.occupation_id).update(annual_wage_p90=DEFAULT_ANNUAL_CAP)
    text = page_text(client.get(generated.get_absolute_url()))
    salary = section(text, "salary")
    assert definitions(salary)["Annual Median"] == "$140,910"
    values = texts(salary, "svg .chart-value")
    assert "$239,200 or more" in values and "$180,010" in values
    assert "Wages at the top of the survey range are reported as $239,200 or more." in salary
    (occupation,) = jsonld_documents(text)
    annual = occupation["estimatedSalary"][0]
    assert annual["median"] == 140910 and annual["percentile75"] == 180010
    assert "percentile90" not in annual  # a lower bound, not a percentile


def test_newer_oews_median_leads_and_the_editors_older_one_is_labelled_earlier(client, seed):
    oews = DataSource.objects.create(key="oews-2024", name="BLS OEWS", edition="May 2024")
    Occupation.objects.filter(code="15-2051.00").update(
        annual_median_wage=112590,
        hourly_median_wage=Decimal("54.13"),
        annual_wage_p10=63650,
        annual_wage_p25=83250,
        annual_wage_p75=149420,
        annual_wage_p90=194410,
        wage_source=oews,
    )
    text = page_text(client.get(URL))
    salary = section(text, "salary")
    # One number per fact: the May 2024 median leads; the editors' 2023 figure is labelled earlier.
    figures = definitions(salary)
    assert (figures["Annual Median"], figures["Hourly Median"]) == ("$112,590", "$54.13")
    assert "Source: BLS OEWS, May 2024." in salary
    earlier = element(salary, "p.earlier-figure")
    assert "Earlier figure (2023):</strong> $108,020 a year, $51.93 an hour." in earlier
    assert salary.index("$112,590") < salary.index("$108,020")
    facts = quick_facts(text)
    assert facts["Median pay, May 2024"] == "$112,590 per year $54.13 per hour"
    occupation = next(d for d in jsonld_documents(text) if d["@type"] == "Occupation")
    annual = occupation["estimatedSalary"][0]
    assert annual["median"] == 112590 and annual["percentile90"] == 194410
    head = text.split("</head>", 1)[0]
    assert "median salary $112,590 a year (May 2024);" in head
    data = client.get("/api/careers/machine-learning-engineer/").json()
    assert data["salary"]["annual_median"] == 112590 and data["salary"]["year"] == "May 2024"
    assert data["earlier_salary"]["annual_median"] == 108020 and data["earlier_salary"]["year"] == "2023"


def test_editors_figure_of_the_same_or_unknown_year_still_leads(client, seed):
    oews = DataSource.objects.create(key="oews-2023", name="BLS OEWS", edition="May 2023")
    Occupation.objects.filter(code="15-2051.00").update(annual_median_wage=100000, wage_source=oews)
    salary = section(page_text(client.get(URL)), "salary")
    assert "<dd>$108,020</dd>" in salary and "earlier-figure" not in salary
    Career.objects.filter(slug="machine-learning-engineer").update(salary_year=None)
    salary = section(page_text(client.get(URL)), "salary")
    assert "<dd>$108,020</dd>" in salary and "earlier-figure" not in salary


def test_career_without_occupation_or_content_has_no_empty_sections(client, db):
    career = Career.objects.create(title="Empty", slug="empty")
    text = page_text(client.get(career.get_absolute_url()))
    assert section_headings(text) == []
    assert "This career has no content yet." in text


def test_best_school_blank_figure_falls_back_to_the_school_with_its_source(client, db):
    ipeds = DataSource.objects.create(key="ipeds-2023", name="IPEDS", edition="2023-24")
    school = SchoolFactory(
        with_figures=True, name="Fallback University", enrollment=12345, enrollment_source=ipeds
    )
    career = CareerFactory(best_schools_year=2024)
    BestSchool.objects.create(career=career, school=school, rank=1, tuition_in_state=5000)
    best = section(page_text(client.get(career.get_absolute_url())), "best-schools")
    assert "$5,000" in best and "12,345" in best
    assert "* Not published with the list: the school’s current figure (" in best
    assert "IPEDS 2023-24" in best and "source not recorded" in best
    assert best.count('<sup class="live-mark"') == 4  # every figure but the published tuition


def test_related_careers_link_each_other(client, db):
    first = OccupationFactory(title="Data Scientists")
    second = OccupationFactory(title="Statisticians")
    RelatedOccupation.objects.create(occupation=first, related_occupation=second, rank=1)
    RelatedOccupation.objects.create(occupation=second, related_occupation=first, rank=1)
    a = CareerFactory(title="Data Scientist", slug="data-scientist", occupation=first)
    b = CareerFactory(title="Statistician", slug="statistician", occupation=second)
    sibling = CareerFactory(title="ML Engineer", slug="ml-engineer", occupation=first)
    related_a = section(page_text(client.get(a.get_absolute_url())), "related")
    assert 'href="/careers/statistician/"' in related_a and 'href="/careers/ml-engineer/"' in related_a
    related_b = section(page_text(client.get(b.get_absolute_url())), "related")
    assert 'href="/careers/data-scientist/"' in related_b
    # One career per related occupation: its first by title.
    assert f'href="/careers/{sibling.slug}/"' not in related_b


# --- Query budget ---------------------------------------------------------------------------


def build_career(size):
    """A career with `size` of everything the page lists."""
    occupation = OccupationFactory(title=f"Occupation of size {size}")
    career = CareerFactory(title=f"Career of size {size}", occupation=occupation, best_schools_year=2024)
    for n in range(size):
        Duty.objects.create(career=career, statement=f"Duty {n}.", order=n)
        CareerTechnology.objects.create(
            career=career, category=f"Category {n % 3}", name=f"Tech {n}", order=n
        )
        FAQ.objects.create(career=career, question=f"Question {n}?", answer="Answer.", order=n)
        BestSchool.objects.create(
            career=career, school=SchoolFactory(with_figures=True, enrollment=None), rank=n + 1
        )
        ResourceFactory(careers=[career], kind=["book", "course", "podcast"][n % 3])
        Task.objects.create(occupation=occupation, statement=f"Task {n}.")
        TechnologySkill.objects.create(occupation=occupation, category="Software", name=f"Skill {n}")
        AlternateTitle.objects.create(occupation=occupation, title=f"Alternate {n}")
        other = OccupationFactory()
        RelatedOccupation.objects.create(occupation=occupation, related_occupation=other, rank=n)
        CareerFactory(occupation=other)
    return career


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_career_page_query_count_does_not_grow_with_its_lists(client, db, django_assert_max_num_queries):
    small, large = build_career(2), build_career(25)
    with django_assert_max_num_queries(19):
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(19):
        response = client.get(large.get_absolute_url())
        assert response.status_code == 200
    assert section(page_text(response), "duties").count("<li>") == 25
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url())


def model_instances(client, url):
    """{model name: instances built} while `url` is rendered."""
    built = Counter()

    def count(sender, **kwargs):
        built[sender.__name__] += 1

    post_init.connect(count, weak=False)
    try:
        assert client.get(url).status_code == 200
    finally:
        post_init.disconnect(count)
    return built


def test_occupation_lists_are_read_only_as_far_as_the_page_shows_them(client, db):
    """The career's own duties and technologies replace O*NET's: those are compared, not loaded."""
    career = build_career(25)
    built = model_instances(client, career.get_absolute_url())
    for name in ("Task", "TechnologySkill", "AlternateTitle", "RelatedOccupation"):
        assert built[name] == 0, (name, built)
    assert built["Occupation"] == 1 and built["Career"] <= 2, built
    text = page_text(client.get(career.get_absolute_url()))
    assert section(text, "related").count("<li>") == 12
    (occupation, _faqs) = jsonld_documents(text)
    assert occupation["alternateName"] == sorted(f"Alternate {n}" for n in range(25))[:20]


def build_generated_career(size):
    """A career with no lists of its own: the page shows its occupation's O*NET lists."""
    occupation = OccupationFactory()
    for n in range(size):
        Task.objects.create(occupation=occupation, onet_task_id=n + 1, statement=f"Task {n}.")
        TechnologySkill.objects.create(occupation=occupation, category=f"Software {n % 3}", name=f"Skill {n}")
        AlternateTitle.objects.create(occupation=occupation, title=f"Alternate {n}")
        other = OccupationFactory()
        RelatedOccupation.objects.create(occupation=occupation, related_occupation=other, rank=n)
        CareerFactory(occupation=other)
    return CareerFactory(occupation=occupation)


def test_generated_page_query_count_does_not_grow_with_its_occupation_lists(client, db):
    small, large = build_generated_career(2), build_generated_career(25)
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url())
    text = page_text(client.get(large.get_absolute_url()))
    assert section(text, "duties").count("<li>") == 25
    assert section(text, "technologies").count("<li>") == 25
    built = model_instances(client, large.get_absolute_url())
    assert built["Task"] == built["TechnologySkill"] == built["AlternateTitle"] == 0, built


def test_reference_page_query_budget(client, seed, django_assert_max_num_queries):
    with django_assert_max_num_queries(19):
        assert client.get(URL).status_code == 200


def test_career_api_detail_is_the_page_as_json(client, seed):
    response = client.get("/api/careers/machine-learning-engineer/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["salary"]["annual_median"] == 108020 and data["salary"]["hourly_median"] == 51.93
    assert data["salary"]["year"] == "2023"
    assert [s["name"] for s in data["best_schools"]["schools"]] == [s[0] for s in BEST_SCHOOL_ROWS]
    first = data["best_schools"]["schools"][0]
    assert (first["tuition_in_state"], first["admission_rate"], first["enrollment"]) == (9695, 45.0, 40792)
    assert [f["question"] for f in data["faqs"]] == FAQ_QUESTIONS
    assert len(data["resources"]) == 18
    assert data["occupation"]["code"] == "15-2051.00"
    assert client.get("/api/careers/nope/").status_code == 404
    assert client.get("/api/careers/nope/").json() == {"error": "No career with that slug."}


def test_career_api_list_and_bad_parameters(client, seed):
    data = client.get("/api/careers/?q=machine+learning").json()
    assert data["count"] == 1 and data["results"][0]["slug"] == "machine-learning-engineer"
    assert data["next"] is None and data["previous"] is None
    for query in ("machine%00learning", "%00machine+learning%1f"):
        assert client.get(f"/api/careers/?q={query}").json()["count"] == 1, query
    assert client.get("/api/careers/?q=%00").json()["count"] == Career.objects.count()
    for bad in ("page=abc", "page=0", "page=99", "per_page=5", "per_page=x"):
        response = client.get(f"/api/careers/?{bad}")
        assert response.status_code == 400, bad
        assert "error" in response.json()


def render(source, **context):
    from django.template import engines

    return engines["jinja2"].from_string(source).render(context)


def test_number_filters_say_not_reported_for_unknowns():
    def shown(value, kind):
        return render(f"{{{{ value|{kind} }}}}", value=value)

    assert shown(108020, "money") == "$108,020" and shown(Decimal("9695.4"), "money") == "$9,695"
    assert shown(-250, "money") == "-$250"
    assert shown(Decimal("51.93"), "cents") == "$51.93" and shown(115, "cents") == "$115.00"
    assert shown(Decimal("45.00"), "percent") == "45%" and shown(Decimal("50.96"), "percent") == "51%"
    assert shown(Decimal("50.45"), "percent") == "50.5%" and shown(0, "percent") == "0%"
    assert shown(40792, "count") == "40,792" and shown(Decimal("-2.5"), "signed_percent") == "-2.5%"
    for unknown in (None, ""):
        for kind in ("money", "cents", "percent", "count", "signed_percent"):
            assert shown(unknown, kind) == "Not reported"


@pytest.mark.parametrize("kind", ["money", "cents", "percent", "count", "signed_percent", "text"])
@pytest.mark.parametrize("value", [None, "", 0, 9695, Decimal("44.85"), Decimal("-2.5"), "<b>x</b>"])
def test_the_figure_macro_marks_unknowns_and_escapes(value, kind):
    """Where a figure may be unknown, pages use the macro, whose markup marks it for styling."""
    from careerguide.core.formats import FIGURE_FORMATS

    macro = render(
        '{% from "partials/figure.html" import figure %}{{ figure(value, kind) }}', value=value, kind=kind
    )
    text = FIGURE_FORMATS[kind](value)
    if text is None:
        assert macro == '<span class="not-reported">Not reported</span>'
    else:
        assert macro == html.escape(str(text), quote=True).replace("&#x27;", "&#39;")


def test_one_number_format_rounds_half_up_everywhere(client, db):
    from careerguide.core import formats

    for value in (Decimal("44.85"), 44.85, "44.85"):
        assert formats.percent_text(value) == "44.9%", value
    assert formats.money_text(Decimal("9695.50")) == "$9,696"
    assert formats.count_text(Decimal("40791.5")) == "40,792"
    assert formats.cents_text(Decimal("51.925")) == "$51.93"
    assert formats.money_text(None) is None and formats.percent_text("") is None

    # The same school reads the same on its own page and in a career's best schools.
    school = SchoolFactory(with_figures=True, name="Halfway University", admission_rate=Decimal("44.85"))
    career = CareerFactory(best_schools_year=2024)
    BestSchool.objects.create(career=career, school=school, rank=1)
    assert "44.9%" in section(page_text(client.get(career.get_absolute_url())), "best-schools")
    school_page = page_text(client.get(school.get_absolute_url()))
    assert "44.9%" in school_page and "44.8%" not in school_page


def test_plural_occupation_titles_read_well_and_list_crosswalk_fields(client, db):
    from careerguide.careers.models import CrosswalkLink
    from schools.tests.factories import FieldOfStudyFactory

    occupation = OccupationFactory(code="29-1141.00", soc_code="29-1141", title="Registered Nurses")
    field = FieldOfStudyFactory(code="51.3801", title="Registered Nursing/Registered Nurse")
    CrosswalkLink.objects.create(field=field, soc_code="29-1141")
    FAQ.objects.create(career=CareerFactory(), question="Unrelated?", answer="Yes.")
    career = CareerFactory(title="Registered Nurses", slug="registered-nurses", occupation=occupation)
    FAQ.objects.create(career=career, question="Is it hard?", answer="Yes.")
    text = page_text(client.get(career.get_absolute_url()))
    headings = section_headings(text)
    assert "Required Education and Training for Registered Nurses" in headings
    assert "FAQs About Registered Nurses" in headings
    assert not any("a Registered Nurses" in h for h in headings)
    education = section(text, "education")
    assert (
        '<a href="/schools/?program=51.3801&match=exact">Registered Nursing/Registered Nurse</a>' in education
    )
    assert 'href="/schools/?career=registered-nurses"' in education
    assert "CIP 2020 and the CIP 2020–SOC 2018 crosswalk" in education


def test_editorial_lists_are_the_editors_rows_in_their_order(seed):
    from careerguide.careers.selectors import EDITORIAL_LISTS, editorial_lists

    career = Career.objects.get(slug="machine-learning-engineer")
    CareerTechnology.objects.create(career=career, category="Z", name="Hot one", is_hot=True, order=0)
    lists = editorial_lists(career)
    assert set(lists) == set(EDITORIAL_LISTS) and all(lists[name] for name in EDITORIAL_LISTS)
    assert sum(len(rows) for rows in lists.values()) == 5 + 12 + 3 + 6 + 5 + 5 + 4 + 13
    assert lists["technologies"][0] == ("Z", "Hot one", True)  # order 0 first, the flag as a bool
    assert [faq.question for faq in lists["faqs"]] == list(
        career.faqs.order_by("order", "pk").values_list("question", flat=True)
    )
    assert editorial_lists(CareerFactory()) == {name: [] for name in EDITORIAL_LISTS}


# --- Quick facts and the generated page -------------------------------------------------------


def test_quick_facts_come_first_with_sources_and_bls_words(client, generated):
    Occupation.objects.filter(pk=generated.occupation_id).update(
        work_experience="Less than 5 years", on_the_job_training="None"
    )
    text = page_text(client.get(generated.get_absolute_url()))
    assert text.index('class="quick-facts"') < text.index('id="what-they-do"')
    assert text.index("<h1>") < text.index('class="quick-facts"')
    assert quick_facts(text) == {
        "Median pay, May 2024": "$140,910 per year $67.75 per hour",
        "Typical entry-level education": "Master's degree",
        "Work experience in a related occupation": "Less than 5 years",
        "On-the-job training": "None",
        "Number of jobs, 2024": "40,300",
        "Job outlook, 2024–34": "+20.2% (Much faster than average)",
        "Openings a year, 2024–34 average": "3,400",
    }
    box = element(text, "section.quick-facts")
    assert "Pay: BLS OEWS, May 2024." in box
    assert "jobs, outlook and openings: BLS Employment Projections, 2024–34." in box
    assert "average for all occupations (+3.1%)" in box


def test_quick_facts_say_what_is_unknown_and_leave_out_what_was_not_imported(client, seed):
    text = page_text(client.get(URL))
    # The seed has the editors' salary only: no projections row, nothing invented.
    assert quick_facts(text) == {"Median pay, 2023": "$108,020 per year $51.93 per hour"}
    occupation = OccupationFactory(
        typical_entry_education="High school diploma or equivalent", annual_median_wage=None
    )
    career = CareerFactory(occupation=occupation)
    facts = quick_facts(page_text(client.get(career.get_absolute_url())))
    assert facts == {
        "Typical entry-level education": "High school diploma or equivalent",
        "Work experience in a related occupation": "Not reported",
        "On-the-job training": "Not reported",
    }
    bare = CareerFactory(occupation=None)
    assert quick_facts(page_text(client.get(bare.get_absolute_url()))) == {}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("33.5", "Much faster than average"),
        ("7.5", "Much faster than average"),
        ("7.4", "Faster than average"),
        ("4.9", "Faster than average"),
        ("4.4", "As fast as average"),
        ("1.5", "As fast as average"),
        ("1.4", "Slower than average"),
        ("0.4", "Little or no change"),
        ("-1.0", "Little or no change"),
        ("-1.5", "Decline"),
        ("-12.0", "Decline"),
    ],
)
def test_outlook_words_follow_the_ooh_bands(change, words):
    from careerguide.careers.facts import outlook_words

    assert outlook_words(Decimal(change)) == words
    assert outlook_words(None) == ""


def test_generated_page_shows_ten_core_tasks_first_and_collapses_the_rest(client, db):
    occupation = OccupationFactory(description="Fix things.")
    for n in range(14):
        Task.objects.create(
            occupation=occupation,
            onet_task_id=n,
            statement=f"Task {n}.",
            kind=Task.Kind.SUPPLEMENTAL if n < 3 else Task.Kind.CORE,
        )
    career = CareerFactory(occupation=occupation, overview="")
    what = section(page_text(client.get(career.get_absolute_url())), "what-they-do")
    shown, collapsed = what.split("<details", 1)
    assert texts(shown, "li") == [f"Task {n}." for n in range(3, 13)]
    assert texts(collapsed, "li") == ["Task 13.", "Task 0.", "Task 1.", "Task 2."]
    assert "4 more tasks (all 14)" in collapsed


def test_generated_page_without_onet_prose_says_so_in_a_students_words(client, db):
    career = CareerFactory(
        occupation=OccupationFactory(description="", annual_median_wage=50000), overview=""
    )
    what = section(page_text(client.get(career.get_absolute_url())), "what-they-do")
    assert "does not yet describe" in what and "or list its tasks" in what
    assert "import" not in what and "Task Statements" not in what and "<code>" not in what
    described = CareerFactory(occupation=OccupationFactory(description="Plans the work."), overview="")
    what = section(page_text(client.get(described.get_absolute_url())), "what-they-do")
    assert "Plans the work." in what and "has not yet listed the day-to-day tasks" in what


def test_generated_how_to_become_one_has_shares_job_zone_and_exact_program_links(client, db):
    from careerguide.careers.models import CrosswalkLink, EducationLevelShare
    from schools.tests.factories import FieldOfStudyFactory

    occupation = OccupationFactory(
        soc_code="29-1141",
        job_zone=3,
        typical_entry_education="Bachelor's degree",
        on_the_job_training="None",
    )
    EducationLevelShare.objects.create(
        occupation=occupation, category=6, label="Bachelor's Degree", percent=Decimal("55.92")
    )
    EducationLevelShare.objects.create(
        occupation=occupation,
        category=5,
        label="Associate's Degree (or other 2-year degree)",
        percent=Decimal("19.39"),
    )
    EducationLevelShare.objects.create(occupation=occupation, category=1, label="Less than", percent=0)
    field = FieldOfStudyFactory(code="51.3801", title="Registered Nursing/Registered Nurse")
    CrosswalkLink.objects.create(field=field, soc_code="29-1141")
    career = CareerFactory(occupation=occupation, overview="")
    text = page_text(client.get(career.get_absolute_url()))
    education = section(text, "education")
    rows = [
        (
            squashed(row.th.get_text()),
            row.select_one("td.num").find_all(string=True, recursive=False)[-1].strip(),
        )
        for row in parsed(education).select("tbody tr")
    ]
    assert rows == [("Associate's Degree", "19.4%"), ("Bachelor's Degree", "55.9%")]
    assert "O*NET job zone 3 of 5:</strong> Medium preparation needed." in education
    assert 'href="/schools/?program=51.3801&level=bachelors&match=exact"' in education
    study = section(text, "where-to-study")
    assert f'href="/schools/?career={career.slug}&level=bachelors"' in study
    assert f'href="/schools/?career={career.slug}"' in study
    # "Near you, at your income": a form the finder answers, on the career's programs at its level.
    form = parsed(study).select_one("form.study-near")
    assert form["action"] == "/schools/"
    assert [
        (field["name"], field.get("value")) for field in form.select("input[type=hidden], input:checked")
    ] == [
        ("career", career.slug),
        ("level", "bachelors"),
    ]
    assert [option["value"] for option in form.select("select[name=income] option")] == [
        "",
        "0",
        "30001",
        "48001",
        "75001",
        "110001",
    ]
    # The usual distance is not sent: the finder reads its absence as 50 miles.
    usual = form.select_one("select[name=within] option[selected]")
    assert (usual["value"], usual.get_text()) == ("", "50 miles")


def test_best_schools_show_current_figures_beside_the_published_and_the_method(client, db):
    from datetime import date

    ipeds = DataSource.objects.create(key="ipeds-2023", name="IPEDS", edition="2023-24")
    school = SchoolFactory(
        with_figures=True, name="Changed University", tuition_in_state=11505, tuition_in_state_source=ipeds
    )
    career = CareerFactory(
        best_schools_year=2024,
        best_schools_method="Ranked on 2022 figures for programs in AI.",
        reviewed_on=date(2025, 3, 1),
    )
    BestSchool.objects.create(career=career, school=school, rank=1, tuition_in_state=9695)
    text = page_text(client.get(career.get_absolute_url()))
    best = section(text, "best-schools")
    cell = parsed(best).select_one('td.num[data-label="In-State Tuition:"]')
    assert (
        "".join(str(part) for part in cell.contents)
        == '$9,695<span class="current-figure">now $11,505</span>'
    )
    assert "its current figure follows in grey (“now …”): IPEDS 2023-24." in best
    assert "<strong>How this list was made:</strong> Ranked on 2022 figures for programs in AI." in best
    assert 'Last reviewed <time datetime="2025-03-01">March 1, 2025</time>' in text
    (occupation,) = jsonld_documents(text)
    assert occupation["mainEntityOfPage"]["lastReviewed"] == "2025-03-01"
    data = client.get(f"/api/careers/{career.slug}/").json()
    entry = data["best_schools"]["schools"][0]
    assert entry["tuition_in_state"] == 9695
    assert entry["current"]["tuition_in_state"] == {"value": 11505, "source": "IPEDS 2023-24"}
    assert data["best_schools"]["method"] == "Ranked on 2022 figures for programs in AI."
    assert data["reviewed_on"] == "2025-03-01"


def test_career_api_detail_serializes_the_read_layer(client, generated, django_assert_max_num_queries):
    Occupation.objects.filter(pk=generated.occupation_id).update(
        work_experience="None", on_the_job_training="Internship/residency"
    )
    with django_assert_max_num_queries(17):  # one query per editorial list
        response = client.get(f"/api/careers/{generated.slug}/")
        assert response.status_code == 200
    data = response.json()
    assert data["salary"] == {
        "annual_median": 140910,
        "hourly_median": 67.75,
        "annual_top_coded": False,
        "hourly_top_coded": False,
        "source": "BLS OEWS",
        "year": "May 2024",
    }
    assert data["earlier_salary"] is None
    assert data["outlook"] == {
        "employment_base": 40300,
        "employment_projected": 48500,
        "base_year": "2024",
        "projected_year": "2034",
        "change_percent": 20.2,
        "change_words": "Much faster than average",
        "annual_openings": 3400,
        "source": {"name": "BLS Employment Projections", "year": "2024–34"},
    }
    occupation = data["occupation"]
    assert (occupation["typical_entry_education"], occupation["on_the_job_training"]) == (
        "Master's degree",
        "Internship/residency",
    )
    assert occupation["wages"]["p90"] == 232530
    assert [t["statement"] for t in data["tasks"]] == [
        "Analyze problems to develop solutions.",
        "Design new computing technology.",
    ]
    assert data["occupation_technologies"][0] == {
        "category": "Development environment software",
        "name": "Eclipse IDE",
        "is_hot": False,
        "is_in_demand": False,
    }
    assert data["best_schools"] is None and data["faqs"] == [] and data["resources"] == []
    assert client.get("/api/careers/no-such/").json() == {"error": "No career with that slug."}
