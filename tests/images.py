"""Test images: real PNG bytes for upload tests."""

import os
from io import BytesIO

from PIL import Image


def png_bytes(width=64, height=64, noise=False):
    """A real PNG: a flat colour, or random pixels (which PNG cannot compress) when `noise`."""
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), (200, 30, 40))
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def picture_bytes(image_format, width=300, height=300):
    """A real picture in `image_format` (PNG, JPEG, GIF) of random pixels: most of its bytes are
    picture data, so a file cut or damaged anywhere past its header is damaged picture data."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    buffer = BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def damaged_pictures():
    """{name: bytes} of the audit's files: a PNG with a run of its data zeroed, a PNG, a JPEG and a
    GIF cut in half, a GIF with a run of its data overwritten. Each keeps a readable header."""
    png, jpeg, gif = (picture_bytes(image_format) for image_format in ("PNG", "JPEG", "GIF"))
    return {
        "corrupt.png": png[:100] + bytes(200) + png[300:],
        "truncated.png": png[: len(png) // 2],
        "truncated.jpg": jpeg[: len(jpeg) // 2],
        "truncated.gif": gif[: len(gif) // 2],
        "broken.gif": gif[:800] + b"\xff" * 200 + gif[1000:],
    }
