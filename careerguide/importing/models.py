"""The record of every import run and snapshot load (who, when, which files, what changed), and
the highest counts accepted runs reached, which the import guard measures later runs against."""

from django.db import models

from .report import ACTIONS


class ImportRunQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-started_at", "-pk")

    def accepted(self):
        """Runs whose data was kept: finished without error, not dry runs."""
        return self.filter(status=ImportRun.Status.SUCCEEDED, dry_run=False)


class ImportRun(models.Model):
    """One run of import_public_data (or a per-source refresh) or load_snapshot, failed ones too.

    Written as "running" before the run reads anything (in a transaction of its own), and
    completed or marked failed once the run's own transaction has committed or rolled back, so a
    failed run leaves its record and nothing else. A run whose process was killed stays "running"
    until the next run finds it and marks it failed."""

    class Command(models.TextChoices):
        IMPORT = "import", "Import of public data files"
        SNAPSHOT = "snapshot", "Snapshot load"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    command = models.CharField(max_length=20, choices=Command.choices, default=Command.IMPORT)
    families = models.CharField(
        max_length=100, blank=True, help_text="What the run imported: schools, programs, occupations."
    )
    directory = models.CharField("folder or file", max_length=500)
    by = models.CharField("run by", max_length=150, help_text="The operating-system user, or --by.")
    process = models.CharField(max_length=150, blank=True, help_text="The host and process id that ran it.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    keep_going = models.BooleanField(default=False)
    allow_shrink = models.BooleanField(default=False)
    allow_changes = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField(blank=True, help_text="Why the run failed (nothing was written then).")
    # [{"name": "ipeds/ipeds2023_cost.csv", "bytes": 123, "sha256": "…", "rows": 6050, …}], in the order read.
    files = models.JSONField(default=list)
    # [{"kind": "schools", "created": 0, "updated": 12, "unchanged": 6986, "skipped": 0, "deleted": 0}, …]
    # in the order of the report (a list: PostgreSQL's jsonb would reorder an object's keys).
    counts = models.JSONField(default=list)
    report = models.TextField(blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["-started_at"]), models.Index(fields=["status"])]

    def __str__(self):
        return (
            f"{self.get_command_display()} by {self.by}, {self.started_at:%Y-%m-%d %H:%M} UTC, {self.status}"
        )

    @property
    def succeeded(self):
        return self.status == self.Status.SUCCEEDED

    @property
    def changes(self):
        return sum(row["created"] + row["updated"] + row["deleted"] for row in self.counts)

    def count_rows(self):
        """(kind, [(action, n), …]) in the report's order of actions."""
        return [(row["kind"], [(action, row[action]) for action in ACTIONS]) for row in self.counts]


class HighWaterMark(models.Model):
    """The highest count an accepted run left of a table's rows (`figure` empty) or of one of its
    figures' known values, and what accepted runs have taken from it since (rows removed, known
    values made unknown, less those they added back). A later run's losses are added to them and
    measured against the count, so that cuts too small to stop one run add up and stop a later one;
    only a run given --allow-shrink starts both afresh from what it leaves."""

    table = models.CharField(max_length=60, help_text="The kind of record, as the import report names it.")
    figure = models.CharField(max_length=100, blank=True, help_text="Empty: the table's rows.")
    count = models.PositiveIntegerField()
    lost = models.PositiveIntegerField(default=0, help_text="Taken by accepted runs since, net.")
    run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "figure"], name="high_water_mark_unique")]
        ordering = ["table", "figure"]

    def __str__(self):
        return f"{self.table}, {self.figure or 'rows'}: {self.count:,}"
