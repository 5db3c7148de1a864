"""Images: decoded with Pillow to prove they are what their signature says, within a pixel
budget (a small PNG can declare a billion pixels); and thumbnails without metadata."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .kinds import HEAD_BYTES, FileKind, sniff

DEFAULT_MAX_PIXELS = 40_000_000
_PILLOW_FORMAT = {FileKind.PNG: "PNG", FileKind.JPEG: "JPEG"}


def image_max_pixels() -> int:
    """The most pixels an accepted image may have (``settings.IMAGE_MAX_PIXELS``)."""
    return int(getattr(settings, "IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


class ImageRefused(Exception):
    """The image cannot be accepted. ``reason``: ``"damaged"`` or ``"too_many_pixels"``."""

    def __init__(self, reason: str, max_pixels: int = 0) -> None:
        self.reason = reason
        self.max_pixels = max_pixels
        super().__init__(reason)


def image_open(
    source: Any, kind: FileKind, *, max_pixels: int | None = None, draft: tuple[int, int] | None = None
) -> Image.Image:
    """Open and fully decode the image in the binary file ``source`` with the one Pillow decoder
    of ``kind``; ``ImageRefused`` when it cannot be read or has more than ``max_pixels``
    (default: the setting), checked from its header before anything is decoded.

    A JPEG may be decoded at a reduced scale no smaller than ``draft`` (every byte of it is
    still decoded, in a fraction of the memory). ``source`` is left at its start; use the image
    in a ``with`` block (``Image.close()`` would close ``source`` too)."""
    max_pixels = max_pixels or image_max_pixels()
    source.seek(0)
    try:
        image = Image.open(source, formats=[_PILLOW_FORMAT[kind]])
    except Image.DecompressionBombError:
        raise ImageRefused("too_many_pixels", max_pixels) from None
    except Exception:  # a decoder meeting hostile bytes may fail in any way: all mean "unreadable"
        source.seek(0)
        raise ImageRefused("damaged") from None
    try:
        width, height = image.size
        if width * height > max_pixels:
            raise ImageRefused("too_many_pixels", max_pixels)
        if draft:
            image.draft(None, draft)
        image.load()
    except ImageRefused:
        raise
    except Exception:
        raise ImageRefused("damaged") from None
    finally:
        source.seek(0)
    return image


def image_check(source: Any, kind: FileKind) -> None:
    """Refuse (``ImageRefused``) an image that cannot be decoded or has too many pixels; a
    JPEG is decoded at one eighth of its size."""
    with image_open(source, kind, draft=(1, 1)):  # leaving closes the image, not ``source``
        pass


def image_thumbnail(file: Any, *, max_side: int = 320) -> ContentFile[bytes]:
    """A thumbnail of a checked PNG or JPEG (bytes, a stored field file or a binary file): at
    most ``max_side`` pixels on its longer side, turned upright as its EXIF orientation says,
    with no metadata (no EXIF, comments, text chunks or colour profile). A JPEG when the image
    is opaque, a PNG when it has transparency; the ``ContentFile`` is named ``thumbnail.jpg``
    or ``thumbnail.png``. ``ValueError`` when ``file`` is not a readable image."""
    if isinstance(file, bytes | bytearray):
        return _thumbnail(io.BytesIO(file), max_side)
    if hasattr(file, "storage") and hasattr(file, "open"):  # a FieldFile
        with file.open("rb") as handle:
            return _thumbnail(handle, max_side)
    return _thumbnail(file, max_side)


def _thumbnail(source: Any, max_side: int) -> ContentFile[bytes]:
    source.seek(0)
    kind = sniff(source.read(HEAD_BYTES))
    if not isinstance(kind, FileKind) or not kind.is_image:
        raise ValueError("not a PNG or JPEG image")
    try:
        opened = image_open(source, kind, draft=(max_side, max_side))
    except ImageRefused as exc:
        raise ValueError(f"unreadable image ({exc.reason})") from None
    with opened:
        try:
            image = ImageOps.exif_transpose(opened)
        except Exception:  # unreadable EXIF: keep the image as stored
            image = opened.copy()
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if transparent:
        image, pillow_format, extension = image.convert("RGBA"), "PNG", "png"
    else:
        image = image if image.mode in ("RGB", "L") else image.convert("RGB")
        pillow_format, extension = "JPEG", "jpg"
    image.info = {}  # no EXIF, comment, text chunk or ICC profile is written
    out = io.BytesIO()
    if pillow_format == "JPEG":
        image.save(out, pillow_format, quality=85, optimize=True)
    else:
        image.save(out, pillow_format, optimize=True)
    return ContentFile(out.getvalue(), name=f"thumbnail.{extension}")
