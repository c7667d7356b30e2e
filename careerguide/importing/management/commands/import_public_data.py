from careerguide.importing.command import ImportCommand


class Command(ImportCommand):
    what = "schools, programs and occupations (IPEDS, College Scorecard, CIP, O*NET, BLS)"
