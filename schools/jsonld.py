"""schema.org's CollegeOrUniversity for a school page, as data (a dict) the page serializes."""


def school_jsonld(request, school):
    url = request.build_absolute_uri(school.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "CollegeOrUniversity",
        "name": school.name,
        "url": url,
        "identifier": {"@type": "PropertyValue", "propertyID": "IPEDS UNITID", "value": str(school.unitid)},
        "address": {
            "@type": "PostalAddress",
            "addressLocality": school.city,
            "addressRegion": school.state,
            "addressCountry": "US",
        },
    }
    if school.zip_code:
        data["address"]["postalCode"] = school.zip_code
    if school.website:
        data["sameAs"] = school.website
    if school.latitude is not None and school.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(school.latitude),
            "longitude": float(school.longitude),
        }
    if school.logo:
        data["logo"] = request.build_absolute_uri(school.logo.url)
    return data
