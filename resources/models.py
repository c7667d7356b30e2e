from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse

from careerguide.core.images import LogoField, delete_replaced_file, make_thumbnail, validate_logo


class ResourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, url):
        """The resource at `url`. Links are not unique (an editor may list one twice): the first matches."""
        match = self.filter(url=url).order_by("pk").first()
        if match is None:
            raise self.model.DoesNotExist(f"No resource links to {url}.")
        return match

    def search(self, text):
        return self.filter(
            Q(title__icontains=text) | Q(author__icontains=text) | Q(description__icontains=text)
        )

    def kind_ranks(self):
        """{kind: position} in the order the reference page lists them (books first, podcasts last)."""
        return {kind: position for position, kind in enumerate(self.model.Kind.values)}

    def in_kind_order(self):
        """Grouped by kind in the reference page's order, then in the editors' order."""
        ranks = self.kind_ranks()
        rank = Case(
            *(When(kind=kind, then=Value(position)) for kind, position in ranks.items()),
            default=Value(len(ranks)),
        )
        return self.order_by(rank, "order", "title", "pk")

    def listed_in_kind_order(self):
        """The resources as a list in `in_kind_order`'s order, sorted here: for a career's dozen or
        two, simpler than the database's CASE. The sort is stable, so within a kind the database's
        order holds."""
        ranks = self.kind_ranks()
        return sorted(
            self.order_by("order", "title", "pk"), key=lambda resource: ranks.get(resource.kind, len(ranks))
        )


class Resource(models.Model):
    """A book, course, site, organisation, journal, channel or podcast that helps into a career."""

    class Kind(models.TextChoices):
        BOOK = "book", "Books"
        COURSE = "course", "Online Courses"
        WEBSITE = "website", "Websites and Forums"
        ORGANISATION = "organisation", "Professional Organizations"
        PAPER = "paper", "Research Papers and Journals"
        YOUTUBE = "youtube", "YouTube Channels"
        PODCAST = "podcast", "Podcasts"

    kind = models.CharField(max_length=12, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=255)
    author = models.CharField("author or provider", max_length=255, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField("link", max_length=500)
    link_label = models.CharField(max_length=80, blank=True, help_text='As shown, e.g. "Visit Kaggle".')
    cover = LogoField(
        upload_to="covers/",
        blank=True,
        validators=[validate_logo],
        help_text="PNG, JPEG, GIF or WebP, at most 2 MB; stored as a thumbnail.",
    )
    careers = models.ManyToManyField("careers.Career", related_name="resources", blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "title"]
        indexes = [models.Index(fields=["kind", "order"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.cover and not self.cover._committed:
            thumbnail = make_thumbnail(self.cover.file)
            self.cover.save(thumbnail.name, thumbnail, save=False)
        super().save(*args, **kwargs)
        delete_replaced_file(self.cover, getattr(self, "_stored_cover", None))
        self._stored_cover = self.cover.name

    def get_absolute_url(self):
        return f"{reverse('resources:list')}?kind={self.kind}#resource-{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        resource = super().from_db(db, field_names, values)
        # The cover's file name as loaded: save() deletes that file if the cover is replaced or cleared.
        resource._stored_cover = resource.__dict__.get("cover")
        return resource

    def natural_key(self):
        return (self.url,)

    @property
    def heading(self):
        """The line a reader sees: "Title" by Author for books, Provider - Title for courses."""
        if self.kind == self.Kind.BOOK and self.author:
            return f'"{self.title}" by {self.author}'
        if self.kind == self.Kind.COURSE and self.author:
            return f"{self.author} - {self.title}"
        return self.title
