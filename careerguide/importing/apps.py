from django.apps import AppConfig


class ImportingConfig(AppConfig):
    """Every importer of public data (schools, programs, occupations, crosswalk): above the apps it fills."""

    name = "careerguide.importing"
    label = "importing"
