"""Re-ingest after one changed document in a ~10,000-chunk index: what is redone, and how long.

A generated corpus (``bench.generate``, 30 % PDF, like ``bench.ingest_bench``) of ``--pages``
pages is ingested once with the ``hash`` embedder (the model's cost is not the question here; a
changed document re-embeds only its new chunk texts, see the ``embedded`` column). Then one text
document in the middle of the corpus gets a new closing paragraph and ``ingest`` (not
``--rebuild``) runs again; then the paragraph is removed and it runs a third time. Each run is its
own process; the pipeline's steps are timed by wrapping them in the child:

- ``load``: reading every file, PDF text extraction included (``_load_all``)
- ``clean_chunk``: cleaning and cutting every document (``_build_documents``)
- ``embed``: the embedding-cache look-ups and the few new embeddings (``_embed``, chunks and sentences)
- ``lexical``: building the generation's bm25s index from all chunks (``build_lexical_index``)
- ``write``: the rest of writing the new generation: ``docs/``, ``chunks.jsonl``, sentence
  vectors and the new Chroma collection with every chunk (``_write_generation`` minus ``lexical``)
- ``cleanup``: deleting older generations and collections (``_cleanup``, both calls)
- ``other``: the rest (hashing every file, opening Chroma and the embedding cache, the manifest)

    python -m bench.reingest_bench --pages 4200 --work /tmp/mg-reingest

Writes ``bench/results/reingest.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path
from typing import Any

from bench._common import run_child, write_result
from bench.generate import GENERATOR_VERSION, generate_corpus

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MANIFEST = PROJECT_ROOT / "corpus" / "manifest.yaml"
ADDED = (
    "\n\nTilføjet ved genindlæsning: Kommunen evaluerer indsatsen hvert halve år sammen med "
    "borgeren og den faste kontaktperson, og resultatet noteres i handleplanen.\n"
)

CHILD = """
import json, sys, time
from pathlib import Path
from assistant.settings import Settings
import ingest.pipeline as P
data_dir, corpus_dir, manifest = sys.argv[1:4]
spent = {}
def timed(name, fn):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
    return wrapper
for name, attr in (("load", "_load_all"), ("clean_chunk", "_build_documents"), ("embed", "_embed"),
                   ("lexical", "build_lexical_index"), ("write_generation", "_write_generation"),
                   ("cleanup", "_cleanup")):
    setattr(P, attr, timed(name, getattr(P, attr)))
s = Settings(embedding_backend="hash", data_dir=Path(data_dir), corpus_dir=Path(corpus_dir),
             manifest_path=Path(manifest))
t0 = time.perf_counter()
r = P.ingest(s, progress=False, log=lambda line: None)
seconds = time.perf_counter() - t0
stages = {k: round(v, 2) for k, v in spent.items()}
if "write_generation" in stages:
    stages["write"] = round(stages.pop("write_generation") - stages.get("lexical", 0.0), 2)
stages["other"] = round(seconds - sum(stages.values()), 2)
d = r.to_dict()
print(json.dumps({"seconds": seconds, "stages_s": stages, "documents": d["documents"], "pages": d["pages"],
                  "chunks": d["chunks"], "embedded": d["embedded"], "rebuilt": d["rebuilt"],
                  "changed": list(d["changed"]), "added": list(d["added"]),
                  "chunks_per_document": d.get("chunks_per_document", {})}))
"""


def _corpus(work: Path, pages: int) -> Path:
    out = work / f"corpus{pages}"
    stamp = out / ".generated"
    key = f"{pages}:0.3:v{GENERATOR_VERSION}"
    if not stamp.is_file() or stamp.read_text() != key:
        generate_corpus(out, pages, seed=7, pdf_share=0.3)
        stamp.write_text(key)
    return out


def _pick(corpus: Path) -> Path:
    """The median-sized text document: a typical one, deterministic for a given corpus."""
    txts = sorted(corpus.glob("gen_*.txt"), key=lambda p: (p.stat().st_size, p.name))
    return txts[len(txts) // 2]


def _run(step: str, data_dir: Path, corpus: Path, target: str | None) -> dict[str, Any]:
    load_before = round(os.getloadavg()[0], 2)
    child = run_child(CHILD, [str(data_dir), str(corpus), str(MANIFEST)], timeout_s=1800)
    r = child.result
    per_doc = r.pop("chunks_per_document")
    row = {
        "step": step,
        **{k: r[k] for k in ("documents", "pages", "chunks", "embedded", "rebuilt", "changed")},
        "changed_document_chunks": per_doc.get(target) if target else None,
        "ingest_s": round(r["seconds"], 2),
        "process_wall_s": round(child.wall_s, 2),
        "stages_s": r["stages_s"],
        "peak_rss_mb": child.peak_rss_mb,
        "load_avg_1m_before": load_before,
    }
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.reingest_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=4200, help="generated pages (~2.4 chunks per page)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/mg-reingest"), help="corpus and data dir go here")
    args = ap.parse_args(argv)
    corpus = _corpus(args.work, args.pages)
    data_dir = args.work / f"data{args.pages}"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    target = _pick(corpus)
    original = target.read_text(encoding="utf-8")
    rows = [_run("initial ingest (cold)", data_dir, corpus, None)]
    try:
        target.write_text(original + ADDED, encoding="utf-8")
        rows.append(_run("one document changed (paragraph added)", data_dir, corpus, target.name))
        target.write_text(original, encoding="utf-8")
        rows.append(_run("same document changed back", data_dir, corpus, target.name))
        rows.append(_run("nothing changed", data_dir, corpus, None))
    finally:
        target.write_text(original, encoding="utf-8")
    path = write_result("reingest", {
        "pages": args.pages, "changed_document": target.name, "runs": rows,
        "notes": [
            "hash embedder; one process per run; OS page cache warm after the first run.",
            "A changed document makes a complete new generation: every file is read and cleaned again, "
            "every chunk cut, the embedding cache asked for every chunk and sentence (only new texts are "
            "embedded), the bm25s index built from all chunks and a new Chroma collection written with all "
            "chunks; then CURRENT.json is switched.",
        ],
    })
    print(f"skrevet: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
