from django.db import models


class NaturalKeyManager(models.Manager):
    """`get_by_natural_key` for fixtures: the model's `natural_key()` values, matched by `lookups`."""

    def __init__(self, *lookups):
        super().__init__()
        self.lookups = lookups

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.lookups, key, strict=True)))
