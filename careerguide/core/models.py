"""The one piece of state the core keeps: the data version the page cache and search indexes key on."""

import time

from django.db import IntegrityError, models, transaction


class DataVersion(models.Model):
    """One row: a number that changes whenever the site's data does (every save, delete and
    import). It lives in the database so that it survives the cache failing or being emptied; the
    cache holds a short-lived copy (careerguide.core.cache.data_version)."""

    ROW = 1

    version = models.BigIntegerField(help_text="A clock reading (ns) at the last change of the data.")

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls):
        version = cls.objects.filter(pk=cls.ROW).values_list("version", flat=True).first()
        return version if version is not None else cls.bump()

    @classmethod
    def bump(cls):
        """Set a new version (a clock reading, so that a database restored from a backup never
        reuses one) in the current transaction; returns it."""
        version = time.time_ns()
        if not cls.objects.filter(pk=cls.ROW).update(version=version):
            try:
                with transaction.atomic():
                    cls.objects.create(pk=cls.ROW, version=version)
            except IntegrityError:  # another process created the row meanwhile
                cls.objects.filter(pk=cls.ROW).update(version=version)
        return version
