"""The record of every import run and snapshot load: who, when, which files, what changed."""

from django.db import models

from .report import ACTIONS


class ImportRunQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-started_at", "-pk")


class ImportRun(models.Model):
    """One run of import_public_data (or a per-source refresh) or load_snapshot, failed ones too.

    Written after the run's own transaction has committed or rolled back, so a failed run leaves
    its record and nothing else."""

    class Command(models.TextChoices):
        IMPORT = "import", "Import of public data files"
        SNAPSHOT = "snapshot", "Snapshot load"

    command = models.CharField(max_length=20, choices=Command.choices, default=Command.IMPORT)
    families = models.CharField(
        max_length=100, blank=True, help_text="What the run imported: schools, programs, occupations."
    )
    directory = models.CharField("folder or file", max_length=500)
    by = models.CharField("run by", max_length=150, help_text="The operating-system user, or --by.")
    started_at = models.DateTimeField()
    seconds = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    keep_going = models.BooleanField(default=False)
    allow_shrink = models.BooleanField(default=False)
    succeeded = models.BooleanField(default=False)
    error = models.TextField(blank=True, help_text="Why the run failed (nothing was written then).")
    # [{"name": "ipeds/ipeds2023_cost.csv", "bytes": 123, "sha256": "…"}], in the order read.
    files = models.JSONField(default=list)
    # [{"kind": "schools", "created": 0, "updated": 12, "unchanged": 6986, "skipped": 0, "deleted": 0}, …]
    # in the order of the report (a list: PostgreSQL's jsonb would reorder an object's keys).
    counts = models.JSONField(default=list)
    report = models.TextField(blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["-started_at"])]

    def __str__(self):
        outcome = "succeeded" if self.succeeded else "failed"
        return f"{self.get_command_display()} by {self.by}, {self.started_at:%Y-%m-%d %H:%M} UTC, {outcome}"

    @property
    def changes(self):
        return sum(row["created"] + row["updated"] + row["deleted"] for row in self.counts)

    def count_rows(self):
        """(kind, [(action, n), …]) in the report's order of actions."""
        return [(row["kind"], [(action, row[action]) for action in ACTIONS]) for row in self.counts]
