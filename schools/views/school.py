"""The school page /schools/<slug>/: every figure with its source, programs, linked careers."""

from django.http import Http404
from django.views.generic import TemplateView

from careerguide.core.fragments import fragment

from .. import shortlist
from ..figures import GRADUATION_COHORT_LABEL, PREDOMINANT_DEGREE_LABEL
from ..selectors import public_credit, school_figures, school_programs, school_with_sources
from .common import tray_context


def no_linked_careers(school):
    return []


class SchoolDetailView(TemplateView):
    """`linked_careers(school)` lists the careers the school's programs lead to; the project's
    URLconf passes the careers app's `careers_linked_from` (its finder module), so this app knows
    no career."""

    template_name = "schools/school_detail.html"
    linked_careers = staticmethod(no_linked_careers)

    def get_context_data(self, slug, **kwargs):
        context = super().get_context_data(**kwargs)
        school = school_with_sources(slug)
        if school is None:
            raise Http404("No school has this address.")
        levels, program_count = school_programs(school)
        careers = list(self.linked_careers(school)) if program_count else []
        current_url = self.request.get_full_path()
        tray = tray_context(self.request)
        context.update(
            school=school,
            figures=school_figures(school),
            predominant_degree_label=PREDOMINANT_DEGREE_LABEL,
            graduation_cohort_label=GRADUATION_COHORT_LABEL,
            figures_changed_by=public_credit(school.figures_changed_by),
            levels=levels,
            program_count=program_count,
            careers=careers,
            control_label=school.get_control_display() if school.control else None,
            current_url=current_url,
            compare_url=shortlist.compare_url([school.slug]),
            shortlist_form=fragment(
                "schools/shortlist_form.html",
                {
                    "shortlist_action": tray["shortlist_action"],
                    "slug": school.slug,
                    "name": school.name,
                    "next_url": current_url,
                    "in_shortlist": school.slug in tray["shortlist_slugs"],
                    "add_label": "Compare",
                },
            ),
            **tray,
        )
        return context
