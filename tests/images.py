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
