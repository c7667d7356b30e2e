"""schema.org documents of a career page: an Occupation (with estimatedSalary) and its FAQ page.

They are data (dicts); `career_extras.jsonld` serializes them safely into the page's <head>.
"""

from careerguide.core.formats import money_text

from . import selectors


def salary_jsonld(salary, occupation, cap):
    """`estimatedSalary`: the median the page leads with, per year and per hour.

    A top-coded median is a lower bound, said as a `MonetaryAmount` with a `minValue`. OEWS
    percentiles go with an OEWS median only (never beside the editors' figure of another year),
    and a percentile at the top of the range, a lower bound too, is left out.
    """
    distributions = []
    for value, top_coded, duration, unit in (
        (salary.annual, salary.top_coded, "P1Y", "YEAR"),
        (salary.hourly, salary.hourly_top_coded, "PT1H", "HOUR"),
    ):
        if value is None:
            continue
        amount = int(value) if unit == "YEAR" else float(value)
        if top_coded:
            distributions.append(
                {
                    "@type": "MonetaryAmount",
                    "name": "base",
                    "currency": "USD",
                    "value": {"@type": "QuantitativeValue", "minValue": amount, "unitText": unit},
                }
            )
            continue
        distribution = {
            "@type": "MonetaryAmountDistribution",
            "name": "base",
            "currency": "USD",
            "duration": duration,
            "median": amount,
        }
        if unit == "YEAR" and not salary.editorial and occupation is not None:
            for percentile in (10, 25, 75, 90):
                figure = getattr(occupation, f"annual_wage_p{percentile}")
                if figure is not None and figure < cap:
                    distribution[f"percentile{percentile}"] = figure
        distributions.append(distribution)
    if not distributions:
        return {}
    description = f"{salary.source.name}, {salary.year}" if salary.year else ""
    if salary.top_coded:
        description = (
            f"{description}: " if description else ""
        ) + f"{money_text(salary.annual)} or more a year, the top of the survey range"
    if description:
        distributions[0]["description"] = description
    return {"estimatedSalary": distributions}


def career_jsonld(request, career, page, salary, cap):
    """schema.org Occupation (with estimatedSalary where the salary is known) and the FAQ page."""
    url = request.build_absolute_uri(career.get_absolute_url())
    o = career.occupation
    description = ""
    if page.get("overview") and page["overview"]["paragraphs"]:
        description = page["overview"]["paragraphs"][0]
    elif o is not None:
        description = o.description
    main_page = {"@type": "WebPage", "@id": url, "lastReviewed": career.updated_at.isoformat()}
    if career.reviewed_on:
        main_page["lastReviewed"] = career.reviewed_on.isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": career.title,
        "url": url,
        "mainEntityOfPage": main_page,
        "occupationLocation": [{"@type": "Country", "name": "United States"}],
    }
    if description:
        data["description"] = description
    if o is not None:
        data["occupationalCategory"] = {
            "@type": "CategoryCode",
            "codeValue": o.code,
            "name": o.title,
            "inCodeSet": {"@type": "CategoryCodeSet", "name": "O*NET-SOC"},
        }
        alternates = selectors.alternate_titles(o, exclude=career.title, limit=20)
        if alternates:
            data["alternateName"] = alternates
    if salary:
        data.update(salary_jsonld(salary, o, cap))
    education = page.get("education")
    if education:
        requirements = [row["level"].title for row in education["levels"]] or (
            [education["typical_entry"]] if education["typical_entry"] else []
        )
        if requirements:
            data["educationRequirements"] = "; ".join(requirements)
    if page.get("skills"):
        data["skills"] = [skill.title for skill in page["skills"]["items"]]
    if page.get("duties"):
        data["responsibilities"] = page["duties"]["statements"]
    documents = [data]
    if page.get("faqs"):
        documents.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": faq.question,
                        "acceptedAnswer": {"@type": "Answer", "text": faq.answer},
                    }
                    for faq in page["faqs"]["items"]
                ],
            }
        )
    return documents
