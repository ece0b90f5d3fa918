"""Tekstgenkendelse (OCR) of PDF pages that are images: Tesseract with the Danish model.

A scanned page has no text layer, only an embedded picture of the page. ``ocr_page`` reads the
page's embedded images (pypdf, decoded with Pillow; no renderer needed) and runs Tesseract on
each with ``lang="dan"``. It is used only when ``ocr_available()``: the ``tesseract`` program
and its Danish model are installed (Debian: ``apt-get install tesseract-ocr tesseract-ocr-dan``;
``make install`` tries that) and ``pytesseract`` can be imported. Without them the PDF loader
keeps reporting such pages as pages without text and says how to enable OCR.

    >>> from pypdf import PdfReader
    >>> page = PdfReader("scan.pdf").pages[0]              # doctest: +SKIP
    >>> ocr_page(page) if ocr_available() else ""          # doctest: +SKIP
    'Borgeren får bostøtte i ni måneder …'
"""

from __future__ import annotations

import functools
import io
import logging
import os
import subprocess
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image
    from pypdf import PageObject

OCR_LANG = "dan"
INSTALL_HINT = "installér tesseract-ocr og tesseract-ocr-dan (fx `sudo apt-get install tesseract-ocr tesseract-ocr-dan`)"
# Tesseract reads best at about 300 dpi; a scan below ``MIN_DPI`` is enlarged towards it.
TARGET_DPI = 300
MIN_DPI = 200
MIN_SIDE_PX = 32  # smaller images are icons or rules, not text
TIMEOUT_S = 120  # per image; a page that takes longer is reported as unread

log = logging.getLogger(__name__)


@functools.cache
def ocr_available() -> bool:
    """True when Tesseract and its Danish model can be used (checked once per process)."""
    try:
        import pytesseract
    except ImportError:
        return False
    try:
        return OCR_LANG in pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError, RuntimeError, ValueError):
        return False


def ocr_page(page: PageObject) -> str:
    """The text Tesseract reads in the page's embedded images, in their order ("" when there
    are none, none can be decoded, or nothing is recognised). Call only when ``ocr_available()``."""
    texts = [_ocr_image(img, page) for img in _page_images(page)]
    return "\n\n".join(t for t in texts if t)


def _page_images(page: PageObject) -> list[Image]:
    from pypdf.errors import PyPdfError

    out: list[Image] = []
    try:
        files = list(page.images)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, NotImplementedError, OSError, zlib.error) as exc:
        log.info("billederne på siden kunne ikke læses: %s", exc)
        return out
    for f in files:
        try:
            img = f.image
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, NotImplementedError, OSError, zlib.error) as exc:
            log.info("et billede på siden kunne ikke afkodes: %s", exc)
            continue
        if img is not None and min(img.size) >= MIN_SIDE_PX:
            out.append(img)
    return out


def _prepared(img: Image, page: PageObject) -> Image:
    """Greyscale, and enlarged when the scan's resolution over the page width is low."""
    from PIL import Image as PILImage

    if img.mode not in ("1", "L"):
        img = img.convert("L")
    try:
        width_in = float(page.mediabox.width) / 72
    except (ValueError, TypeError, AttributeError):
        width_in = 0.0
    dpi = img.width / width_in if width_in > 0 else TARGET_DPI
    if dpi < MIN_DPI:
        scale = min(4.0, TARGET_DPI / max(dpi, 1.0))
        img = img.resize((round(img.width * scale), round(img.height * scale)), PILImage.Resampling.LANCZOS)
    return img


def _ocr_image(img: Image, page: PageObject) -> str:
    """Tesseract on one image, run directly (PNG on stdin, text on stdout) so the child gets
    ``OMP_THREAD_LIMIT=1``: with OpenMP threads it is about three times slower on a small
    machine, and setting that in our own environment would also limit the embedder."""
    import pytesseract

    buf = io.BytesIO()
    try:
        _prepared(img, page).save(buf, format="PNG")
    except (OSError, ValueError) as exc:  # an image mode or size Pillow cannot convert or write
        log.info("et billede på siden kunne ikke forberedes til tekstgenkendelse: %s", exc)
        return ""
    cmd = [str(pytesseract.pytesseract.tesseract_cmd), "stdin", "stdout", "-l", OCR_LANG]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=TIMEOUT_S, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.info("tekstgenkendelse mislykkedes for et billede: %s", exc)
        return ""
    if done.returncode != 0:
        log.info("tesseract afsluttede med kode %s: %s", done.returncode, done.stderr.decode(errors="replace")[:200])
        return ""
    text = done.stdout.decode("utf-8", errors="replace")
    lines = [" ".join(line.split()) for line in text.replace("\x0c", "\n").splitlines()]
    return "\n".join(lines).strip()


def page_list(pages: list[int]) -> str:
    """Page numbers as runs: ``[1, 2, 3, 5]`` -> ``"1–3, 5"``.

    >>> page_list([2]), page_list([1, 2, 3, 5, 7, 8])
    ('2', '1–3, 5, 7–8')
    """
    runs: list[list[int]] = []
    for n in sorted(pages):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
