from careerguide.importing.command import ImportCommand


class Command(ImportCommand):
    families = ("occupations",)
    what = "occupations (O*NET, BLS OEWS wages, BLS Employment Projections) and their career pages"
