"""Logo and cover uploads: bounded by pixels before decoding, thumbnails from a draft, old files removed."""

import json
import struct
import subprocess
import sys
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from careerguide.core.images import MAX_LOGO_PIXELS, NOT_READABLE, make_thumbnail, validate_logo
from resources.models import Resource
from resources.tests.factories import ResourceFactory
from schools.models import School
from schools.tests.factories import SchoolFactory
from tests.images import damaged_pictures, picture_bytes, png_bytes
from tests.test_admin import change_url, submitted_data

ROOT = Path(__file__).resolve().parent.parent

# careerguide.core.images silences Pillow's warning between the limit and twice it (refusing those
# files itself); pytest records warnings afresh for each test, so it is silenced here too.
pytestmark = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")


def blank_png(width, height, channels=4):
    """A PNG of `width` × `height` zero pixels, compressed row by row (never held whole in memory)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    colour_type = {1: 0, 3: 2, 4: 6}[channels]
    compressor = zlib.compressobj(9)
    row = bytes(1 + channels * width)  # filter byte, then the row's samples
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def pixel_bomb():
    """The audit's file: a 344 KB RGBA PNG declaring 9,400 × 9,400 pixels (688 MB once decoded)."""
    return blank_png(9400, 9400)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root):
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())


def test_pillow_refuses_what_the_site_refuses():
    assert MAX_LOGO_PIXELS == 40_000_000
    assert Image.MAX_IMAGE_PIXELS == MAX_LOGO_PIXELS


def test_the_pixel_bomb_is_small_on_disk(pixel_bomb):
    assert 330_000 < len(pixel_bomb) < 360_000
    assert struct.unpack(">II", pixel_bomb[16:24]) == (9400, 9400)  # IHDR: width, height


def test_a_pixel_bomb_logo_is_refused_in_the_admin_with_a_clear_message(
    editor_client, media_root, pixel_bomb, django_capture_on_commit_callbacks
):
    school = SchoolFactory(with_figures=True)
    url = change_url(school)
    upload = SimpleUploadedFile("bomb.png", pixel_bomb, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, submitted_data(editor_client.get(url), logo=upload))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"] == [
        "The picture has more than 80 megapixels; the limit is 40 megapixels "
        "(a 256 × 256 thumbnail is kept, so 1,000 × 1,000 pixels is plenty)."
    ]
    school.refresh_from_db()
    assert not school.logo
    assert stored_files(media_root) == []


def test_a_picture_just_over_the_limit_is_refused_with_its_size(editor_client, media_root):
    resource = ResourceFactory()
    url = change_url(resource)
    upload = SimpleUploadedFile("wide.png", blank_png(8000, 5001, channels=1), content_type="image/png")
    response = editor_client.post(url, submitted_data(editor_client.get(url), cover=upload))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover"] == [
        "The picture is 8,000 × 5,001 pixels (40.0 megapixels); the limit is 40 megapixels "
        "(a 256 × 256 thumbnail is kept, so 1,000 × 1,000 pixels is plenty)."
    ]


def test_the_model_validator_refuses_by_pixels_too(pixel_bomb):
    for content in (pixel_bomb, blank_png(7000, 7000, channels=1)):
        with pytest.raises(ValidationError) as refused:
            validate_logo(SimpleUploadedFile("bomb.png", content, content_type="image/png"))
        assert refused.value.code == "logo_too_many_pixels"
    validate_logo(SimpleUploadedFile("ok.png", blank_png(8000, 5000, channels=1), content_type="image/png"))


def test_a_non_image_still_gets_djangos_message(editor_client, media_root):
    school = SchoolFactory(with_figures=True)
    url = change_url(school)
    upload = SimpleUploadedFile("logo.png", b"not a picture\n" * 40, content_type="image/png")
    response = editor_client.post(url, submitted_data(editor_client.get(url), logo=upload))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"] == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]


DAMAGED = damaged_pictures()


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_picture_is_refused_by_the_form_and_nothing_changes(
    editor_client, media_root, name, django_capture_on_commit_callbacks
):
    """The audit's corrupt PNG, truncated JPEG and broken GIF passed validation, then the save
    answered 500 (the thumbnail could not be made)."""
    school = SchoolFactory(with_figures=True)
    url = change_url(school)
    upload = SimpleUploadedFile(name, DAMAGED[name], content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, submitted_data(editor_client.get(url), logo=upload))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"] == [NOT_READABLE]
    assert "not a readable image" in NOT_READABLE
    school.refresh_from_db()
    assert not school.logo
    assert stored_files(media_root) == []


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_the_model_validator_refuses_a_damaged_picture_too(name):
    with pytest.raises(ValidationError) as refused:
        validate_logo(SimpleUploadedFile(name, DAMAGED[name], content_type="image/png"))
    assert refused.value.code == "logo_not_readable"


def test_the_same_pictures_whole_are_accepted(editor_client, media_root, django_capture_on_commit_callbacks):
    """The check above can fail: whole files of the same kinds are stored as thumbnails."""
    school = SchoolFactory(with_figures=True)
    url = change_url(school)
    for image_format, name in (("PNG", "whole.png"), ("JPEG", "whole.jpg"), ("GIF", "whole.gif")):
        upload = SimpleUploadedFile(name, picture_bytes(image_format), content_type="image/png")
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(url, submitted_data(editor_client.get(url), logo=upload))
        assert response.status_code == 302, name
        school.refresh_from_db()
        assert school.logo.name.endswith(".png")


# VmHWM: this process's peak resident memory (ru_maxrss would carry over the parent's peak through exec).
PEAK_MEMORY = """
import json, re, sys
from django.core.files.base import File
from PIL import Image
from careerguide.core.images import make_thumbnail
def peak():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1))
before = peak()
with open(sys.argv[1], "rb") as handle:
    if sys.argv[2] == "thumbnail":
        thumbnail = make_thumbnail(File(handle, name="photo.jpg"))
        with Image.open(thumbnail) as image:
            size = image.size
    else:
        with Image.open(handle) as image:
            image.load()
            size = image.size
print(json.dumps({"kilobytes": peak() - before, "size": size}))
"""


def peak_memory(path, how):
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(path), how],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "careerguide.settings", "SECRET_KEY": "x", "PATH": "/usr/bin"},
    )
    return json.loads(result.stdout)


def test_a_large_jpeg_is_thumbnailed_without_decoding_it_whole(tmp_path):
    path = tmp_path / "photo.jpg"
    Image.linear_gradient("L").resize((6000, 6000)).convert("RGB").save(path, quality=60)
    assert path.stat().st_size < 2 * 1024 * 1024
    whole = peak_memory(path, "load")
    draft = peak_memory(path, "thumbnail")
    # 36 megapixels decoded whole take ~140 MB (4 bytes a pixel); from a 1/8 draft, ~2 MB.
    assert whole["kilobytes"] > 100_000
    assert draft["kilobytes"] < 20_000
    assert draft["size"] == [256, 256]


def test_thumbnails_keep_the_proportions(db):
    thumbnail = make_thumbnail(SimpleUploadedFile("wide.gif", gif_bytes(1200, 300)))
    with Image.open(thumbnail) as image:
        assert (image.format, image.size) == ("PNG", (256, 64))


def gif_bytes(width, height):
    buffer = BytesIO()
    Image.new("P", (width, height), 3).save(buffer, format="GIF")
    return buffer.getvalue()


# --- A replaced or cleared file leaves storage -------------------------------------------------


def upload_logo(client, school, name, **extra):
    url = change_url(school)
    upload = SimpleUploadedFile(name, png_bytes(300, 300), content_type="image/png")
    return client.post(url, submitted_data(client.get(url), logo=upload, **extra))


def test_replacing_and_clearing_a_logo_deletes_the_old_file(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    school = SchoolFactory(with_figures=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_logo(editor_client, school, "first.png").status_code == 302
    school.refresh_from_db()
    first = school.logo.name
    assert stored_files(media_root) == [first]

    with django_capture_on_commit_callbacks(execute=True):
        assert upload_logo(editor_client, school, "second.png").status_code == 302
    school.refresh_from_db()
    assert school.logo.name != first
    assert stored_files(media_root) == [school.logo.name]

    url = change_url(school)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, submitted_data(editor_client.get(url), **{"logo-clear": "on"}))
    assert response.status_code == 302
    school.refresh_from_db()
    assert not school.logo
    assert stored_files(media_root) == []


def test_editing_other_fields_keeps_the_logo(editor_client, media_root, django_capture_on_commit_callbacks):
    school = SchoolFactory(with_figures=True)
    with django_capture_on_commit_callbacks(execute=True):
        upload_logo(editor_client, school, "kept.png")
    school.refresh_from_db()
    url = change_url(school)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, submitted_data(editor_client.get(url), city="Baltimore"))
    assert response.status_code == 302
    assert stored_files(media_root) == [School.objects.get(pk=school.pk).logo.name]


def test_a_replaced_cover_is_deleted_and_a_rolled_back_one_is_not(
    media_root, db, django_capture_on_commit_callbacks
):
    resource = ResourceFactory()
    resource.cover = SimpleUploadedFile("one.png", png_bytes(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        resource.save()
    first = resource.cover.name

    resource = Resource.objects.get(pk=resource.pk)
    resource.cover = SimpleUploadedFile("two.png", png_bytes(), content_type="image/png")

    def save_then_fail():
        with transaction.atomic():
            resource.save()
            raise RuntimeError("the edit fails after the save")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError, match="fails after the save"),
    ):
        save_then_fail()
    # The database still points at the first cover, so it stays (the new file is an orphan).
    assert Resource.objects.get(pk=resource.pk).cover.name == first
    assert first in stored_files(media_root)

    resource = Resource.objects.get(pk=resource.pk)
    resource.cover = SimpleUploadedFile("three.png", png_bytes(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        resource.save()
    assert first not in stored_files(media_root)
    assert resource.cover.name in stored_files(media_root)
