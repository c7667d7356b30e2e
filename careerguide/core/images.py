"""Logo uploads: real images only, at most 2 MB, stored as a small thumbnail."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 2 * 1024 * 1024
THUMBNAIL_SIZE = (256, 256)
ALLOWED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def validate_logo(upload):
    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError(
            "The logo is %(size).1f MB; the limit is 2 MB.",
            code="logo_too_large",
            params={"size": upload.size / (1024 * 1024)},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "Upload a valid image: the file is not a PNG, JPEG, GIF or WebP picture.",
            code="logo_not_an_image",
        ) from error
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "Upload a PNG, JPEG, GIF or WebP image (this one is %(format)s).",
            code="logo_format",
            params={"format": image_format},
        )


def make_thumbnail(upload):
    """Return a PNG ContentFile no larger than THUMBNAIL_SIZE, named after the upload."""
    upload.seek(0)
    with Image.open(upload) as image:
        image.load()
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        buffer = BytesIO()
        image.save(buffer, format="PNG", optimize=True)
    stem = upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "logo"
    return ContentFile(buffer.getvalue(), name=f"{stem}.png")
