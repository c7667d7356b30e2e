"""One version of each record a run changed, in one revision for the run (SPEC section 5): an
editor's history of a school or a career then shows what each import did to it, and a save from a
form opened before the import is refused, naming it."""

import reversion
from django.db.models import Q

from careerguide.careers.models import Career
from careerguide.core.versions import with_follows
from schools.models import School

# How a run's changed records are found again (bulk inserts hand back no primary keys).
KEYS = {School: "unitid", Career: "slug"}


def changed(ctx, model, keys):
    """Note records of `model` (by their KEYS value) that the run created or changed."""
    ctx.versioned.setdefault(model, set()).update(keys)


def record_revision(ctx):
    """The run's revision, holding every record it noted, as it is now."""
    noted = {model: keys for model, keys in ctx.versioned.items() if keys}
    if not noted:
        return
    report = ctx.report
    run = f"Import run {report.run_id}" if report.run_id else "An import"
    counts = "; ".join(
        f"{kind}: " + ", ".join(f"{report.get(kind, action):,} {action}" for action in ("created", "updated"))
        for kind in ("schools", "careers")
        if report.get(kind, "created") or report.get(kind, "updated")
    )
    with reversion.create_revision(manage_manually=True):
        reversion.set_comment(f"{run} ({counts}).")
        reversion.set_date_created(ctx.now)
        for model, keys in noted.items():
            for record in with_follows(model.objects.filter(Q(**{f"{KEYS[model]}__in": sorted(keys)}))):
                reversion.add_to_revision(record)
