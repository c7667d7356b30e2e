"""The reference page (SPEC section 2; ../shared/reference/000_0b6844ca2443a5b9.txt): its words and
figures, once, for every test that checks the seed or the page against it."""

from decimal import Decimal

from schools.vocabulary import SchoolType

CAREER_SLUG = "machine-learning-engineer"
CAREER_URL = f"/careers/{CAREER_SLUG}/"

# unitid: name, slug, city, state, ZIP, control, in-state, out-of-state, admission %, graduation %, enrollment
SCHOOLS = {
    163286: (
        "University of Maryland-College Park",
        "university-of-maryland-college-park",
        "College Park",
        "MD",
        "20742",
        SchoolType.PUBLIC,
        9695,
        37931,
        Decimal("45.00"),
        Decimal("89.00"),
        40792,
    ),
    123961: (
        "University of Southern California",
        "university-of-southern-california",
        "Los Angeles",
        "CA",
        "90089",
        SchoolType.NONPROFIT,
        63468,
        63468,
        Decimal("12.00"),
        Decimal("92.00"),
        48945,
    ),
    145637: (
        "University of Illinois Urbana-Champaign",
        "university-of-illinois-urbana-champaign",
        "Champaign",
        "IL",
        "61820-5711",
        SchoolType.PUBLIC,
        14542,
        35122,
        Decimal("45.00"),
        Decimal("85.00"),
        56916,
    ),
    209542: (
        "Oregon State University",
        "oregon-state-university",
        "Corvallis",
        "OR",
        "97331",
        SchoolType.PUBLIC,
        10425,
        31200,
        Decimal("83.00"),
        Decimal("70.00"),
        34292,
    ),
    110653: (
        "University of California-Irvine",
        "university-of-california-irvine",
        "Irvine",
        "CA",
        "92697",
        SchoolType.PUBLIC,
        11564,
        41636,
        Decimal("21.00"),
        Decimal("87.00"),
        35937,
    ),
    104151: (
        "Arizona State University Campus Immersion",
        "arizona-state-university-campus-immersion",
        "Tempe",
        "AZ",
        "85287",
        SchoolType.PUBLIC,
        10978,
        29952,
        Decimal("90.00"),
        Decimal("67.00"),
        80065,
    ),
}
# The best schools' ranking (2024).
RANKED_UNITIDS = [163286, 123961, 145637, 209542, 110653, 104151]

# The reference page's questions, word for word and in order.
FAQ_QUESTIONS = [
    "What is a Machine Learning Engineer?",
    "What skills are required to become a Machine Learning Engineer?",
    "What educational background do I need?",
    "What programming languages should I learn?",
    "Is experience in data science necessary?",
    "What industries employ Machine Learning Engineers?",
    "What are common job titles for Machine Learning Engineers?",
    "What is the typical career progression for this role?",
    "How important are soft skills for a Machine Learning Engineer?",
    "Are certifications beneficial for a Machine Learning Engineer?",
    "What are the biggest challenges faced by Machine Learning Engineers?",
    "What is the salary range for Machine Learning Engineers?",
    "How can I stay current in the field?",
]

# The job description, one point per sentence (O*NET's description of 15-2051.00).
DESCRIPTION_POINTS = [
    "Develop and implement a set of techniques or analytics applications to transform raw data into "
    "meaningful information using data-oriented programming languages and visualization software.",
    "Apply data mining, data modeling, natural language processing, and machine learning to extract and "
    "analyze information from large structured and unstructured datasets.",
    "Visualize, interpret, and report data findings.",
    "May create dynamic data reports.",
]

# As the page prints them, in rank order: name, location, in-state tuition, out-of-state tuition,
# admission rate, graduation rate, total enrollment.
BEST_SCHOOL_ROWS = [
    ("University of Maryland-College Park", "College Park, MD", "$9,695", "$37,931", "45%", "89%", "40,792"),
    ("University of Southern California", "Los Angeles, CA", "$63,468", "$63,468", "12%", "92%", "48,945"),
    (
        "University of Illinois Urbana-Champaign",
        "Champaign, IL",
        "$14,542",
        "$35,122",
        "45%",
        "85%",
        "56,916",
    ),
    ("Oregon State University", "Corvallis, OR", "$10,425", "$31,200", "83%", "70%", "34,292"),
    ("University of California-Irvine", "Irvine, CA", "$11,564", "$41,636", "21%", "87%", "35,937"),
    ("Arizona State University Campus Immersion", "Tempe, AZ", "$10,978", "$29,952", "90%", "67%", "80,065"),
]

# The page's section headings, in SPEC order.
SECTION_HEADINGS = [
    "Machine Learning Engineer Overview",
    "Machine Learning Engineer Salary",
    "Required Education and Training To Become a Machine Learning Engineer",
    "Best Schools to become a Machine Learning Engineer in U.S. 2024",
    "Machine Learning Engineer Job Description",
    "Job Duties for Machine Learning Engineers",
    "Required Skills and Competencies To Become a Machine Learning Engineer",
    "Technologies Used by Machine Learning Engineers",
    "Current Job Market and Opportunities for a Machine Learning Engineer",
    "Additional Resources To Help You Become a Machine Learning Engineer",
    "FAQs About Becoming a Machine Learning Engineer",
]
