"""The school finder and the careers explorer: every listing a student filters, sorts and pages,
as an HTML page, a CSV download and a JSON list.

A request flows URL → view → FilterSet → selectors → template:
- `urls` routes /schools/, /schools/export.csv, /api/schools/ (and the careers' three) to `views`;
- `views` builds the listing's FilterSet (`filters`) from the query string, takes a page of its
  queryset, reads what else the page shows from `selectors`, and hands it all to its template
  (jinja2/listings/) through `presenters`, which word the chips, sentences and columns;
- `filters` validates each parameter and filters with the apps' QuerySets (schools.models,
  careerguide.careers.models), whose ranges and sort keys come from the figure registry
  (schools/figures.py).
"""
