from django.contrib import admin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Read-only: the record of a run is written by the run, never by hand."""

    list_display = ("started_at", "command", "families", "by", "status", "changes", "dry_run", "seconds")
    list_filter = ("command", "status", "dry_run")
    search_fields = ("by", "directory", "error")
    date_hierarchy = "started_at"
    fields = (
        "command",
        "families",
        "directory",
        "by",
        "process",
        ("started_at", "finished_at"),
        "seconds",
        ("dry_run", "keep_going", "allow_shrink", "allow_changes"),
        "status",
        "error",
        "file_list",
        "count_list",
        "report",
    )
    readonly_fields = (
        "command",
        "families",
        "directory",
        "by",
        "process",
        "started_at",
        "finished_at",
        "seconds",
        "dry_run",
        "keep_going",
        "allow_shrink",
        "allow_changes",
        "status",
        "error",
        "file_list",
        "count_list",
        "report",
    )

    @admin.display(description="files (bytes, SHA-256)")
    def file_list(self, run):
        return "; ".join(
            f"{f['name']} ({f['unread']})"
            if "unread" in f
            else f"{f['name']} ({f['bytes']:,} bytes"
            + (f", {f['rows']:,} rows" if "rows" in f else "")
            + f", sha256 {f['sha256']})"
            for f in run.files
        )

    @admin.display(description="counts per kind of record")
    def count_list(self, run):
        return "; ".join(
            f"{kind}: " + ", ".join(f"{n:,} {action}" for action, n in actions)
            for kind, actions in run.count_rows()
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
