from django.apps import AppConfig

# The rows of a career's page that a version of the career holds with it (its sections).
CAREER_SECTIONS = (
    "importance_points",
    "degree_levels",
    "best_schools",
    "duties",
    "skills",
    "technologies",
    "market_points",
    "hotspots",
    "industries",
    "faqs",
)


class CareersConfig(AppConfig):
    name = "careerguide.careers"
    label = "careers"
    verbose_name = "Careers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from careerguide.core import versions  # noqa: PLC0415 (models load first)

        from .models import Career, DegreeProgram  # noqa: PLC0415

        versions.register(Career, follow=CAREER_SECTIONS)
        for name in CAREER_SECTIONS:
            section = Career._meta.get_field(name).related_model
            versions.register(section, follow=("programs",) if name == "degree_levels" else ())
        versions.register(DegreeProgram)
