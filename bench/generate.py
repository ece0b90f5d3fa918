"""Synthetic Danish corpus for scale benchmarks: recombined sentences and paragraphs of the shipped corpus.

The generator reads ``corpus/documents``, collects its paragraphs, sentences and heading-like
lines, and writes new documents made of them: some paragraphs verbatim, most recombined from
random sentences, under random headings. Output is deterministic for a given seed. Text files
use the ``(N)`` page-marker lines that the ingest page splitter understands; a share of the
documents is written as PDF instead (fpdf2, DejaVu Sans when installed so æøå survive,
otherwise the latin-1 core font), one generated page per PDF page.

    python -m bench.generate --pages 1000 --out /tmp/gen1k --pdf-share 0.3

    >>> from bench.generate import CorpusPools, generate_corpus          # doctest: +SKIP
    >>> summary = generate_corpus(Path("/tmp/g"), pages=20, seed=1)      # doctest: +SKIP
    >>> summary.pages                                                    # doctest: +SKIP
    20
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = PROJECT_ROOT / "corpus" / "documents"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

GENERATOR_VERSION = 2  # bump when the output for a given seed changes
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)
LINE_CHARS = 105  # characters per PDF line at 8 pt on A4 with 15 mm margins
LINE_MM = 3.4
PAGE_CHARS = (2200, 3200)  # target characters per generated page (a dense report page)
DOC_PAGES = (4, 40)  # pages per generated document

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_WS = re.compile(r"\s+")
_LETTERS = re.compile(r"[A-Za-zÆØÅæøåÉé]")
_PAGE_NUMBER = re.compile(r"^\(?\d{1,4}\)?(\s|$)")


@dataclass(frozen=True)
class CorpusPools:
    """The raw material: verbatim paragraphs, sentences and heading lines of the shipped corpus."""

    paragraphs: tuple[str, ...]
    sentences: tuple[str, ...]
    headings: tuple[str, ...]

    @classmethod
    def from_dir(cls, corpus_dir: Path = CORPUS_DIR) -> CorpusPools:
        paragraphs: list[str] = []
        sentences: list[str] = []
        headings: list[str] = []
        for path in sorted(corpus_dir.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for block in re.split(r"\n\s*\n", text):
                flat = _WS.sub(" ", block).strip()
                if not flat:
                    continue
                if _is_heading(flat):
                    headings.append(flat)
                    continue
                flat = _PAGE_NUMBER.sub("", flat).strip()
                parts = [s.strip() for s in _SENT_SPLIT.split(flat)]
                good = [s for s in parts if _is_sentence(s)]
                sentences.extend(good)
                if 2 <= len(good) <= 8 and len(good) == len(parts):
                    paragraphs.append(" ".join(good))
        if not sentences:
            raise SystemExit(f"Ingen brugbare sætninger i {corpus_dir}; generatoren har intet at bruge.")
        uniq = lambda xs: tuple(dict.fromkeys(xs))  # noqa: E731 - order-preserving de-duplication
        return cls(uniq(paragraphs), uniq(sentences), uniq(headings) or ("Indledning",))


def _is_sentence(s: str) -> bool:
    words = s.split()
    if not 6 <= len(words) <= 70:
        return False
    letters = len(_LETTERS.findall(s))
    return letters >= 0.7 * len(s.replace(" ", "")) and s[-1] in ".!?"


def _is_heading(s: str) -> bool:
    words = s.split()
    if not 2 <= len(words) <= 9 or len(s) > 70 or s[-1] in ".,:;" or not s[0].isupper():
        return False
    return len(_LETTERS.findall(s)) >= 0.8 * len(s.replace(" ", ""))


@dataclass(frozen=True)
class GeneratedDoc:
    name: str
    title: str
    pages: tuple[tuple[str, ...], ...]  # per page: its blocks (headings and paragraphs)


@dataclass(frozen=True)
class GenerationSummary:
    out: str
    documents: int
    pages: int
    text_files: int
    pdf_files: int
    characters: int
    seed: int
    font: str


class DocumentFactory:
    """Makes documents page by page from the pools with one seeded RNG."""

    def __init__(self, pools: CorpusPools, seed: int) -> None:
        self.pools = pools
        self.rng = random.Random(seed)

    def paragraph(self) -> str:
        if self.pools.paragraphs and self.rng.random() < 0.25:
            return self.rng.choice(self.pools.paragraphs)
        n = self.rng.randint(2, 6)
        return " ".join(self.rng.choice(self.pools.sentences) for _ in range(n))

    def page(self) -> tuple[str, ...]:
        target = self.rng.randint(*PAGE_CHARS)
        blocks: list[str] = []
        size = 0
        if self.rng.random() < 0.5:
            blocks.append(self.rng.choice(self.pools.headings))
        while size < target:
            para = self.paragraph()
            blocks.append(para)
            size += len(para)
        return tuple(blocks)

    def document(self, index: int, n_pages: int) -> GeneratedDoc:
        title = f"{self.rng.choice(self.pools.headings)} – syntetisk dokument {index:05d}"
        return GeneratedDoc(f"gen_{index:05d}", title, tuple(self.page() for _ in range(n_pages)))


def render_text(doc: GeneratedDoc) -> str:
    """``(N)`` marker lines start page N; the title opens page 1."""
    out: list[str] = []
    for n, blocks in enumerate(doc.pages, start=1):
        out.append(f"({n})")
        if n == 1:
            out.append(doc.title)
        out.extend(blocks)
    return "\n\n".join(out) + "\n"


class PdfWriter:
    """One generated page per PDF page; DejaVu Sans when present, else latin-1 Helvetica."""

    def __init__(self, headings: frozenset[str] = frozenset()) -> None:
        self.headings = headings
        self.unicode = DEJAVU.is_file()
        self.font = "DejaVuSans" if self.unicode else "Helvetica (latin-1)"

    def write(self, doc: GeneratedDoc, path: Path) -> None:
        from fpdf import FPDF

        pdf = FPDF(format="A4")
        pdf.set_creation_date(FIXED_DATE)  # deterministic bytes for a given seed
        pdf.set_auto_page_break(False)
        pdf.set_margins(15, 15, 15)
        if self.unicode:
            pdf.add_font("DejaVu", "", str(DEJAVU))
            pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD if DEJAVU_BOLD.is_file() else DEJAVU))
            family = "DejaVu"
        else:
            family = "Helvetica"
        pdf.set_title(self._safe(doc.title))
        for n, blocks in enumerate(doc.pages, start=1):
            pdf.add_page()
            y = 20.0
            lines: list[tuple[str, str]] = [("B", doc.title)] if n == 1 else []
            for block in blocks:
                style = "B" if block in self.headings else ""
                # our own wrapping: fpdf2's multi_cell line breaking is ~100x slower
                lines.extend((style, line) for line in textwrap.wrap(self._safe(block), LINE_CHARS))
                lines.append(("", ""))
            for style, line in lines:
                if line:
                    pdf.set_font(family, style, 8)
                    pdf.text(15, y, line)
                y += LINE_MM
        pdf.output(str(path))

    def _safe(self, s: str) -> str:
        if self.unicode:
            return s
        s = s.replace("–", "-").replace("”", '"').replace("“", '"').replace("’", "'").replace("•", "*")
        return s.encode("latin-1", "replace").decode("latin-1")


def generate_corpus(
    out: Path,
    pages: int,
    seed: int = 7,
    pdf_share: float = 0.3,
    corpus_dir: Path = CORPUS_DIR,
) -> GenerationSummary:
    """Write documents of exactly ``pages`` pages in all into ``out`` (old gen_* files are removed)."""
    if pages <= 0:
        raise SystemExit(f"--pages skal være større end 0 (er {pages}).")
    if not 0.0 <= pdf_share <= 1.0:
        raise SystemExit(f"--pdf-share skal være mellem 0 og 1 (er {pdf_share}).")
    pools = CorpusPools.from_dir(corpus_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("gen_*"):
        old.unlink()
    factory = DocumentFactory(pools, seed)
    writer = PdfWriter(frozenset(pools.headings))
    remaining, index, n_txt, n_pdf, chars = pages, 0, 0, 0, 0
    while remaining > 0:
        n = min(remaining, factory.rng.randint(*DOC_PAGES))
        if remaining - n == 1 or n == 1:  # a one-page text file has no page markers to split on
            n = min(remaining, n + 1)
        doc = factory.document(index, n)
        chars += sum(len(b) for page in doc.pages for b in page)
        if factory.rng.random() < pdf_share:
            writer.write(doc, out / f"{doc.name}.pdf")
            n_pdf += 1
        else:
            (out / f"{doc.name}.txt").write_text(render_text(doc), encoding="utf-8")
            n_txt += 1
        remaining -= n
        index += 1
    return GenerationSummary(str(out), index, pages, n_txt, n_pdf, chars, seed, writer.font)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="total number of pages to write")
    ap.add_argument("--out", type=Path, required=True, help="output folder (gen_* files in it are replaced)")
    ap.add_argument("--pdf-share", type=float, default=0.3, help="share of documents written as PDF (0..1)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    summary = generate_corpus(args.out, args.pages, seed=args.seed, pdf_share=args.pdf_share)
    json.dump(asdict(summary), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
