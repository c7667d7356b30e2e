"""Logo and cover uploads: real images only, at most 2 MB and 40 megapixels, stored as a small thumbnail.

Bytes alone do not bound the work: a 344 KB PNG can declare 9,400 × 9,400 pixels and take
688 MB to decode. The pixel count is read from the file's header, before anything is decoded,
and a JPEG is decoded straight at thumbnail scale (`draft`), so a large photo is never decoded whole.
"""

import warnings
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 40_000_000
THUMBNAIL_SIZE = (256, 256)
ALLOWED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}

# Pillow's own guard, process-wide: it warns above this many pixels and refuses twice as many
# when a file is opened (before decoding), wherever Pillow is used.
Image.MAX_IMAGE_PIXELS = MAX_LOGO_PIXELS
# Between the limit and twice it Pillow only warns; open_bounded refuses those itself, with their size.
# (A filter set once, not warnings.catch_warnings per call: that is not thread-safe.)
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

NOT_AN_IMAGE = "Upload a valid image: the file is not a PNG, JPEG, GIF or WebP picture."
NOT_READABLE = (
    "Upload a valid image: the file is not a readable image (its picture data is damaged or cut short)."
)
PIXELS_LIMIT_NOTE = (
    f"the limit is {MAX_LOGO_PIXELS // 1_000_000} megapixels"
    " (a 256 × 256 thumbnail is kept, so 1,000 × 1,000 pixels is plenty)"
)


def too_many_pixels(width=None, height=None):
    if width is None:
        return ValidationError(
            f"The picture has more than {2 * MAX_LOGO_PIXELS // 1_000_000} megapixels; {PIXELS_LIMIT_NOTE}.",
            code="logo_too_many_pixels",
        )
    return ValidationError(
        "The picture is %(width)s × %(height)s pixels (%(megapixels).1f megapixels); "
        + PIXELS_LIMIT_NOTE
        + ".",
        code="logo_too_many_pixels",
        params={"width": f"{width:,}", "height": f"{height:,}", "megapixels": width * height / 1_000_000},
    )


def open_bounded(upload):
    """The image with only its header read, refused (ValidationError) above MAX_LOGO_PIXELS."""
    upload.seek(0)
    try:
        image = Image.open(upload)
    except Image.DecompressionBombError as error:
        raise too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(NOT_AN_IMAGE, code="logo_not_an_image") from error
    width, height = image.size
    if width * height > MAX_LOGO_PIXELS:
        raise too_many_pixels(width, height)  # not image.close(): that would close the caller's file
    return image


def readable_format(upload):
    """The picture's format, once its data has been read as the thumbnail will read it (a JPEG at
    draft scale). Refused (ValidationError) above MAX_LOGO_PIXELS, when it is no picture at all,
    and when it is one whose data is damaged or cut short: Pillow's verify() checks a PNG's chunks
    but not a JPEG's or a GIF's picture data, which only decoding reaches."""
    try:
        with open_bounded(upload) as image:
            image_format = image.format
            image.verify()
        with open_bounded(upload) as image:
            image.draft("RGB", THUMBNAIL_SIZE)
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(NOT_READABLE, code="logo_not_readable") from error
    finally:
        upload.seek(0)
    return image_format


class BoundedImageFormField(forms.ImageField):
    """Django's image field verifies the upload and calls any failure "not an image". A picture
    is read first: a pixel bomb is refused with its size, a damaged or cut-short picture as not
    readable (Django's check lets a truncated JPEG or a broken GIF through, and the thumbnail made
    on save would fail). A file that is no picture at all keeps Django's own message."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            try:
                readable_format(upload)
            except ValidationError as error:
                if error.code != "logo_not_an_image":
                    raise
        return super().to_python(data)


class LogoField(models.ImageField):
    """An ImageField whose form refuses pixel bombs by their size (the column is a plain ImageField's)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": BoundedImageFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


def validate_logo(upload):
    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError(
            "The logo is %(size).1f MB; the limit is 2 MB.",
            code="logo_too_large",
            params={"size": upload.size / (1024 * 1024)},
        )
    image_format = readable_format(upload)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "Upload a PNG, JPEG, GIF or WebP image (this one is %(format)s).",
            code="logo_format",
            params={"format": image_format},
        )


def make_thumbnail(upload):
    """Return a PNG ContentFile no larger than THUMBNAIL_SIZE, named after the upload.

    `thumbnail` asks the decoder for a draft first (a JPEG decodes at 1/2–1/8 scale, no larger than
    twice the thumbnail) and then shrinks with `reduce`; nothing is loaded before it.
    """
    with open_bounded(upload) as image:
        image.thumbnail(THUMBNAIL_SIZE)
        thumbnail = image if image.mode in ("RGB", "RGBA") else image.convert("RGBA")
        buffer = BytesIO()
        thumbnail.save(buffer, format="PNG", optimize=True)
    stem = upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "logo"
    return ContentFile(buffer.getvalue(), name=f"{stem}.png")


def delete_replaced_file(field_file, stored_name):
    """Once the record's new file name is committed, delete the file it pointed at before, if any.

    `stored_name` is the name the record was loaded with; after a rollback the old file stays.
    """
    if stored_name and stored_name != field_file.name:
        storage = field_file.storage
        transaction.on_commit(lambda: storage.delete(stored_name))
