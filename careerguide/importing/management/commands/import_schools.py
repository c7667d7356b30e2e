from careerguide.importing.command import ImportCommand


class Command(ImportCommand):
    families = ("schools",)
    what = "schools (IPEDS institutions, cost, enrollment, graduation rates; College Scorecard)"
