from careerguide.importing.command import ImportCommand


class Command(ImportCommand):
    families = ("programs",)
    what = "fields of study (CIP 2020), the CIP–SOC crosswalk and program offerings"
