"""Editors' figures survive imports (SPEC section 5): a school figure whose source is the editors' is
kept by every import, pinned or not, until an editor chooses the public figure again. The import
reads the public figure all the same and keeps it beside the editors' (KeptFigure), so the school's
form can offer it back and the report can list it."""

from schools.models import DataSource, KeptFigure, School


class KeptFigures:
    """The editors' figures of the schools one run plans to write, and the public figures it read."""

    def __init__(self, now):
        self.now = now
        self.editor_id = (
            DataSource.objects.filter(key=DataSource.EDITOR_KEY).values_list("pk", flat=True).first()
        )
        self.rows = {}
        if self.editor_id is not None:
            self.rows = {(row.school_id, row.field): row for row in KeptFigure.objects.all()}
        self.creates, self.updates = [], []
        self.listed = []  # (school, field, public value, public source) of every figure kept

    def keep(self, school, values, sources):
        """Take the editors' figures of `school` out of `values` and `sources` (the run's decision for
        each field), remembering the public figure each replaces."""
        if self.editor_id is None:
            return
        for field in School.EDITABLE_FIGURES:
            if field not in values or getattr(school, f"{field}_source_id") != self.editor_id:
                continue
            value, source = values.pop(field), sources.pop(field)
            self.listed.append((school, field, value, source))
            public = (KeptFigure.stored(value), source.pk if source is not None else None)
            row = self.rows.get((school.pk, field))
            if row is None:
                self.creates.append(
                    KeptFigure(
                        school=school,
                        field=field,
                        public_value=public[0],
                        public_source_id=public[1],
                        public_read_at=self.now,
                    )
                )
            elif (row.public_value, row.public_source_id) != public:
                row.public_value, row.public_source_id, row.public_read_at = (*public, self.now)
                self.updates.append(row)

    def save(self, report, kind):
        """Write the public figures read, and list every kept figure in the report."""
        KeptFigure.objects.bulk_create(self.creates)
        KeptFigure.objects.bulk_update(self.updates, ["public_value", "public_source", "public_read_at"])
        for school, field, value, source in self.listed:
            editors = KeptFigure.value_text(field, getattr(school, field))
            public = KeptFigure.value_text(field, value)
            if source is not None:
                public = f"{public} ({source})"
            label = School._meta.get_field(field).verbose_name
            report.kept(
                kind, f"{school.name} ({school.unitid}), {label}: the editors' {editors}; public {public}"
            )
