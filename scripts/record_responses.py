"""Record what the site answers to a fixed set of URLs, and compare two recordings.

    DATABASE_URL=sqlite:////path/to/db .venv/bin/python scripts/record_responses.py record build/before.json
    .venv/bin/python scripts/record_responses.py compare build/before.json build/after.json

Each URL is asked through Django's test client (page cache off) and recorded as its status, content
type and what a person or a program reads of it: an HTML page's visible text and link targets, a JSON
body as data, a CSV as its text. Markup, attributes and whitespace are left out, so a change of
template engine or layout that shows the same things compares equal. The database should hold the
real data (`import_public_data ../shared/data` and the seed): the URLs name real schools and careers.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from lxml import html as lxml_html

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

UMD = "university-of-maryland-college-park"
ASU = "arizona-state-university-campus-immersion"
USC = "university-of-southern-california"
UIUC = "university-of-illinois-urbana-champaign"
ML = "machine-learning-engineer"
TEN = [
    UMD,
    USC,
    UIUC,
    ASU,
    "oregon-state-university",
    "university-of-california-irvine",
    "johns-hopkins-university",
    "morgan-state-university",
    "bowie-state-university",
    "salisbury-university",
]

FINDER_QUERIES = [
    "",
    "q=college",
    "q=maryland",
    "q=mit",
    "q=jons+hopkins",
    "q=college&sort=name",
    "q=college&state=MD",
    "q=baltimore",
    "state=MD",
    "state=MD&state=VA&control=public",
    "state=CA&tuition_in_max=20000&sort=-graduation_rate",
    "state=MD&state=VA&control=public&admission_rate_max=60&sort=tuition_out",
    "graduation_rate_min=50&enrollment_min=5000&sort=-enrollment&per_page=100",
    "home_state=MD&your_tuition_max=30000&sort=your_tuition",
    "home_state=MD&state=MD&sort=-your_tuition",
    "control=nonprofit&sort=-earnings",
    "control=forprofit&sort=net_price",
    "net_price_min=-5000&net_price_max=5000&sort=net_price",
    "tuition_out_min=50000&sort=-tuition_out",
    "admission_rate_min=90&sort=admission_rate",
    "sort=graduation_rate",
    "sort=-graduation_rate&state=WY",
    "sort=name&page=3",
    "sort=-name&per_page=10&page=2",
    "degree=bachelors&state=MD",
    "degree=certificate&degree=associate&state=DE",
    "program=11.0701",
    "program=11.0701&level=bachelors&state=MD",
    "program=11.0701&match=field&state=MD",
    "program=11.07&state=MD",
    "program=11&state=RI",
    "program=51.3801&level=associate&state=MD",
    "program=51.38&sort=-program_earnings&state=VA",
    "program=11.0701&sort=-earnings",
    "program=11.0701&sort=program_graduates&state=CA",
    "program=computer+science",
    "program=registered+nursing",
    "program=welding",
    "program=11.0701&program=14.0901&state=MD",
    "career=machine-learning-engineer",
    "career=machine-learning-engineer&state=CA&level=masters",
    "career=registered-nurses&state=MD&level=associate",
    "career=data-scientists&sort=-program_earnings",
    "career=machine-learning-engineer&match=field&state=MD",
    "career=machine-learning-engineer&program=11.0102",
    "program=11.0701&q=university",
    "home_state=CA&program=11.0701&sort=-program_earnings",
    "q=college&sort=-tuition_in&state=CA",
    "level=bachelors",
    "match=field",
    # Bad values: the page names them and lists without them.
    "tuition_in_max=abc",
    "state=ZZ",
    "state=MD&state=ZZ",
    "level=phd",
    "sort=drop",
    "page=999999",
    "page=abc",
    "per_page=5",
    "per_page=1000",
    "tuition_in_min=30000&tuition_in_max=10000",
    "sort=your_tuition",
    "sort=program_earnings",
    "program=99.9999",
    "career=no-such-career",
    "match=closest",
    "control=cheap",
    "degree=phd",
    "admission_rate_max=101",
    "q=" + "x" * 250,
]
EXPLORER_QUERIES = [
    "",
    "q=nurse",
    "q=nursing",
    "q=data",
    "q=mit",
    "q=engineer&sort=-wage",
    "education=bachelors",
    "education=bachelors&education=masters&sort=-growth",
    "wage_min=100000&sort=-wage",
    "wage_max=30000&sort=openings",
    "growth_min=10&sort=-growth",
    "growth_max=-5",
    "job_zone=5&sort=-employment",
    "job_zone=1&job_zone=2",
    "sort=-openings&per_page=100",
    "page=5",
    "q=nurse&education=bachelors",
    "q=engineer&page=2",
    "wage_min=abc",
    "education=phd",
    "job_zone=9",
    "sort=drop",
    "page=999",
    "wage_min=90000&wage_max=50000",
]
CAREERS = [
    ML,
    "data-scientists",
    "registered-nurses",
    "software-developers",
    "welders-cutters-solderers-and-brazers",
    "chief-executives",
]
SCHOOLS = [UMD, ASU, USC, "bowie-state-university", "massachusetts-institute-of-technology"]
SEARCHES = [
    "",
    "nursing",
    "mit",
    "ut austin",
    "georgia tech",
    "ohio state",
    "jons hopkins",
    "machine learning",
    "welding",
    "zzzzqqq",
]


def urls():
    """Every URL recorded, in a fixed order."""
    found = ["/", "/healthz", "/robots.txt", "/sitemap.xml"]
    found += [f"/schools/?{q}" if q else "/schools/" for q in FINDER_QUERIES]
    found += [f"/api/schools/?{q}" for q in FINDER_QUERIES[1:40:3]]
    found += [f"/schools/export.csv?{q}" for q in FINDER_QUERIES[8:45:6]]
    found += ["/api/schools/?state=ZZ", "/api/schools/?page=999999", "/schools/export.csv?sort=drop"]
    found += [f"/careers/?{q}" if q else "/careers/" for q in EXPLORER_QUERIES]
    found += [f"/api/careers/?{q}" for q in EXPLORER_QUERIES[1:20:3]]
    found += [f"/careers/export.csv?{q}" for q in EXPLORER_QUERIES[6:14:3]]
    found += [f"/careers/{slug}/" for slug in CAREERS]
    found += [f"/api/careers/{slug}/" for slug in CAREERS[:3]]
    found += [f"/schools/{slug}/" for slug in SCHOOLS]
    found += [f"/api/schools/{slug}/" for slug in SCHOOLS[:3]]
    found += [
        f"/schools/compare/?school={UMD}",
        f"/schools/compare/?school={UMD}&school={USC}&school={UIUC}",
        "/schools/compare/?" + "&".join(f"school={slug}" for slug in TEN),
        f"/schools/compare/?school={UMD}&school={ASU}&home_state=MD&program=11.0701",
        "/schools/compare/?school=no-such-school",
        "/schools/compare/",
    ]
    found += ["/resources/", "/resources/?kind=book", f"/resources/?career={ML}", "/resources/?q=python"]
    found += [f"/search/?q={q.replace(' ', '+')}" for q in SEARCHES]
    found += ["/careers/no-such-career/", "/schools/no-such-school/", "/no-such-page/"]
    return found


def visible(html):
    """(text, links) of an HTML page: the words a reader sees and where its links go."""
    tree = lxml_html.fromstring(html)
    for element in tree.xpath("//script|//style|//template"):
        element.drop_tree()
    text = " ".join(" ".join(tree.xpath("//body//text()")).split())
    links = [a.get("href") for a in tree.xpath("//body//a[@href]")]
    return text, links


def record(path):
    # As production answers (DEBUG off: the site's own error pages), the page cache off.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    os.environ.update(
        DEBUG="0",
        SECRET_KEY="record-responses-only-not-a-secret",  # noqa: S106 (a throwaway key for a local run)
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        STATICFILES_MANIFEST="0",
        PAGE_CACHE="0",
    )
    # Django is set up only once the environment above is in place.
    import django  # noqa: PLC0415

    django.setup()
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import setup_test_environment  # noqa: PLC0415

    setup_test_environment()  # ALLOWED_HOSTS takes the test client's host
    client = Client()
    recorded = {}
    for url in urls():
        response = client.get(url)
        content_type = response.get("Content-Type", "").split(";")[0]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        entry = {"status": response.status_code, "type": content_type}
        if response.status_code in (301, 302):
            entry["location"] = response["Location"]
        elif content_type == "text/html":
            entry["text"], entry["links"] = visible(body.decode())
        elif content_type == "application/json":
            entry["json"] = json.loads(body)
        else:
            entry["body"] = body.decode()
        recorded[url] = entry
        print(response.status_code, url, file=sys.stderr)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(recorded, indent=1, ensure_ascii=False))


def first_difference(before, after):
    """Where two texts first differ, with a little of each around it."""
    if isinstance(before, str) and isinstance(after, str):
        at = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), None)
        if at is None:
            at = min(len(before), len(after))
        return f"at {at}:\n    before …{before[max(0, at - 80) : at + 120]}…\n    after  …{after[max(0, at - 80) : at + 120]}…"
    return f"\n    before {json.dumps(before)[:300]}\n    after  {json.dumps(after)[:300]}"


def compare(before_path, after_path):
    before = json.loads(Path(before_path).read_text())
    after = json.loads(Path(after_path).read_text())
    differences = 0
    for url in before.keys() | after.keys():
        old, new = before.get(url), after.get(url)
        if old == new:
            continue
        differences += 1
        if old is None or new is None:
            print(f"{url}: only in {'after' if old is None else 'before'}")
            continue
        for key in sorted(old.keys() | new.keys()):
            if old.get(key) != new.get(key):
                print(f"{url} [{key}] {first_difference(old.get(key), new.get(key))}")
    print(f"{len(before)} URLs before, {len(after)} after, {differences} differ")
    return differences


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("record").add_argument("out")
    comparing = commands.add_parser("compare")
    comparing.add_argument("before")
    comparing.add_argument("after")
    commands.add_parser("list")
    args = parser.parse_args()
    if args.command == "record":
        record(args.out)
    elif args.command == "compare":
        sys.exit(1 if compare(args.before, args.after) else 0)
    else:
        print("\n".join(urls()))


if __name__ == "__main__":
    main()
