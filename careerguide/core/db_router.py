"""Reads on a replica (DATABASE_REPLICA_URL) when there is one; everything else on the primary.

A replica trails the primary by its replication lag, so these stay on the primary:
- every write;
- every read outside a public request (management commands, imports, the shell: they read what
  they are about to write), in the admin, and in a request that is not a GET or HEAD;
- every read of a request after its first write (a save then the page that shows it);
- the data version (careerguide.core.models.DataVersion): the ETags and the page cache key on it,
  and a trailing copy would label the new data with the old version.

`ReadsOnReplicaMiddleware` opens a request to the replica; the router closes it at the first write.
"""

import contextvars

from django.conf import settings

PRIMARY = "default"
REPLICA = "replica"
ALWAYS_ON_PRIMARY = {"core.DataVersion"}

# False only inside a public GET or HEAD before it writes anything.
ON_PRIMARY = contextvars.ContextVar("careerguide-reads-on-primary", default=True)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if not settings.DATABASE_REPLICA_URL or ON_PRIMARY.get() or model._meta.label in ALWAYS_ON_PRIMARY:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        ON_PRIMARY.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read there is the primary's too.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReadsOnReplicaMiddleware:
    """Public GETs and HEADs read on the replica (until they write); the admin and forms never."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        on_replica = request.method in ("GET", "HEAD") and not request.path_info.startswith(self.admin_prefix)
        token = ON_PRIMARY.set(not on_replica)
        try:
            return self.get_response(request)
        finally:
            ON_PRIMARY.reset(token)
