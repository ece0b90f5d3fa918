"""Build a large index fast: the shipped corpus plus generated documents, up to N chunks.

``ingest`` through the full pipeline costs ~40 ms per generated page on this 2-core machine
(PDF text extraction, cleaning, chunking, embedding, Chroma), so a 100,000-chunk index (about
42,000 pages) would take ~25 minutes. For the *query* benchmark the index only has to be real,
not ingested the slow way, so this builder:

1. runs the real ``ingest.pipeline.ingest`` over the shipped corpus (hash embedder) into
   ``data_dir``;
2. makes generated documents in memory with ``bench.generate.DocumentFactory`` and turns them
   into ``SourceDocument`` objects directly (pages known, loader and cleaner skipped), cut by the
   real chunker (``ingest.chunker.chunk_document``) and embedded by the real ``HashEmbedder``;
3. writes a new generation in the documented on-disk layout (docs/ARCHITECTURE.md: generation
   folder, the chunk store ``chunks.sqlite``, ``docs/*.json``, the persisted lexical index
   ``lexical/``, one Chroma collection ``mg_<gen>``, then ``CURRENT.json`` replaced atomically)
   holding shipped + generated chunks, and the sentence files ``ingest.sentences`` writes
   (every sentence of every chunk, embedded by the ``HashEmbedder``; above
   ``ANN_MIN_SENTENCES`` with the moments and the faiss ANN index). (While building, the chunks
   wait in a scratch ``chunks.jsonl``, deleted at the end.)

``CorpusIndex.open`` and ``Assistant.load`` read it like any other index. Ingest speed is
measured separately, through the real pipeline, by ``bench.ingest_bench``.

    python -m bench.scale_index --chunks 100000 --data-dir /tmp/mg-scale/100k   # repeat until done
    python -m bench.scale_index --add-chunk-store --data-dir DIR   # an index built before chunks.sqlite
    python -m bench.scale_index --add-sentences --data-dir DIR     # sentence files in today's layout

Each call stops after ``--budget`` seconds and the next call resumes (state in
``scale_state.json``), so no single run exceeds ~10 minutes on a busy 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.generate import CorpusPools, DocumentFactory, GeneratedDoc


def _source_document(doc: GeneratedDoc) -> Any:
    from assistant.types import PageSpan, SectionSpan, SourceDocument

    parts: list[str] = []
    pages: list[PageSpan] = []
    sections: list[SectionSpan] = []
    pos = 0
    for n, blocks in enumerate(doc.pages, start=1):
        if parts:
            parts.append("\n\n")
            pos += 2
        start = pos
        page_blocks = ([doc.title] if n == 1 else []) + list(blocks)
        for k, block in enumerate(page_blocks):
            if k:
                parts.append("\n\n")
                pos += 2
            if len(block) < 80 and not block.endswith("."):
                sections.append(SectionSpan(block, pos))
            parts.append(block)
            pos += len(block)
        pages.append(PageSpan(n, start, pos))
    text = "".join(parts)
    import hashlib

    return SourceDocument(
        source=f"{doc.name}.txt",
        title=doc.title,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        pages=tuple(pages),
        sections=tuple(sections),
        kind="document",
        year=None,
    )


STATE = "scale_state.json"  # in data_dir: which phase is done, for resuming
SCRATCH = "chunks.jsonl"  # in the new generation while it is built: one Chunk.to_dict() per line


def build_scale_index(data_dir: Path, target_chunks: int, seed: int = 11, log: Any = print,
                      budget_s: float = 480.0) -> dict[str, Any]:
    """Make ``data_dir`` an index of the shipped corpus plus generated documents (>= target chunks).

    Resumable in bounded steps: each call works for about ``budget_s`` seconds and returns
    ``{"done": False, ...}`` until the index is complete (phase 1: chunks and vectors written to
    the new generation folder; phase 2: Chroma batches; phase 3: the ``CURRENT.json`` switch).
    """
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from assistant.settings import Settings
    from assistant.store import make_client

    t0 = time.perf_counter()
    state_path = data_dir / STATE
    state: dict[str, Any] = json.loads(state_path.read_text()) if state_path.is_file() else {}
    if state.get("target") != target_chunks:
        if data_dir.exists():
            shutil.rmtree(data_dir)
        state = {"target": target_chunks, "phase": 1, "stage_seconds": {}}
    settings = Settings(embedding_backend="hash", data_dir=data_dir)
    if state["phase"] == 1:
        state.update(_phase1(settings, target_chunks, seed, log))
        state["phase"] = 2
        _save(state_path, state)
    client = make_client(settings)
    if state["phase"] == 2:
        if not _phase2(client, data_dir, state, budget_s - (time.perf_counter() - t0), log):
            _save(state_path, state)
            return {"done": False, "added": state["added"], "chunks": state["chunks"]}
        state["phase"] = 3
        _save(state_path, state)
    if state["phase"] == 3:
        _phase3(client, data_dir, state)
        state["phase"] = 4
        _save(state_path, state)
    return {"done": True, **{k: v for k, v in state.items() if k not in ("phase", "added", "base")}}


def _save(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, path)


def _phase1(settings: Any, target_chunks: int, seed: int, log: Any) -> dict[str, Any]:
    """Real ingest of the shipped corpus, then generated chunks + vectors into a new generation folder."""
    from assistant.chunkstore import CHUNKS_DB, ChunkStore
    from assistant.embedding import HashEmbedder
    from assistant.store import GENERATIONS_DIR, doc_filename, document_to_dict, make_client, read_current
    from ingest.chunker import chunk_document
    from ingest.pipeline import ingest

    data_dir = settings.data_dir
    t0 = time.perf_counter()
    ingest(settings, rebuild=True, progress=False, log=lambda line: None)
    base = read_current(data_dir)
    assert base is not None
    client = make_client(settings)
    old_col = client.get_collection(base["collection"], embedding_function=None)
    old_gen_dir = data_dir / GENERATIONS_DIR / base["generation"]
    base_chunks = list(ChunkStore.open(old_gen_dir / CHUNKS_DB))
    got = old_col.get(ids=[c.id for c in base_chunks], include=["embeddings"])
    by_id = dict(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32), strict=True))
    base_vecs = np.vstack([by_id[c.id] for c in base_chunks])
    t_base = time.perf_counter() - t0

    factory = DocumentFactory(CorpusPools.from_dir(), seed)
    embedder = HashEmbedder()
    gen = f"scale{target_chunks}-{int(time.time())}"
    gen_dir = data_dir / GENERATIONS_DIR / gen
    (gen_dir / "docs").mkdir(parents=True)
    for src in (old_gen_dir / "docs").iterdir():
        shutil.copy2(src, gen_dir / "docs" / src.name)
    documents = dict(base["documents"])
    vec_parts = [base_vecs]
    n_chunks, n_pages, index = len(base_chunks), 0, 0
    t_gen = t_chunk = t_embed = 0.0
    with (gen_dir / SCRATCH).open("w", encoding="utf-8") as fh:
        for ch in base_chunks:
            fh.write(json.dumps(ch.to_dict(), ensure_ascii=False) + "\n")
        while n_chunks < target_chunks:
            a = time.perf_counter()
            gdoc = factory.document(index, factory.rng.randint(4, 40))
            sdoc = _source_document(gdoc)
            b = time.perf_counter()
            cs = chunk_document(sdoc)
            c = time.perf_counter()
            vec_parts.append(embedder.embed_passages([x.text for x in cs]))
            d = time.perf_counter()
            t_gen, t_chunk, t_embed = t_gen + (b - a), t_chunk + (c - b), t_embed + (d - c)
            for ch in cs:
                fh.write(json.dumps(ch.to_dict(), ensure_ascii=False) + "\n")
            (gen_dir / "docs" / doc_filename(sdoc.source)).write_text(
                json.dumps(document_to_dict(sdoc, {}), ensure_ascii=False), encoding="utf-8")
            documents[sdoc.source] = {"content_hash": sdoc.content_hash, "title": sdoc.title,
                                      "kind": sdoc.kind, "year": None, "pages": len(sdoc.pages),
                                      "chunks": len(cs), "low_value_from": None}
            n_chunks += len(cs)
            n_pages += len(gdoc.pages)
            index += 1
            if index % 500 == 0:
                log(f"  {n_chunks} uddrag ({time.perf_counter() - t0:.0f} s)")
    np.save(gen_dir / "vectors.npy", np.vstack(vec_parts))
    (gen_dir / "documents.json").write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
    return {
        "generation": gen, "base": base, "chunks": n_chunks, "shipped_chunks": len(base_chunks),
        "generated_documents": index, "generated_pages": n_pages, "added": 0,
        "stage_seconds": {"shipped_ingest": round(t_base, 1), "generate": round(t_gen, 1),
                          "chunk": round(t_chunk, 1), "hash_embed": round(t_embed, 1), "chroma_add": 0.0},
    }


def _phase2(client: Any, data_dir: Path, state: dict[str, Any], budget_s: float, log: Any) -> bool:
    """Add the chunks to the new collection in batches; False when the time budget ran out first."""
    from assistant.store import GENERATIONS_DIR, collection_name

    t0 = time.perf_counter()
    gen = state["generation"]
    gen_dir = data_dir / GENERATIONS_DIR / gen
    col = client.get_or_create_collection(
        collection_name(gen), embedding_function=None, configuration={"hnsw": {"space": "cosine"}},
        metadata={"generation": gen, "corpus_version": f"scale-{state['target']}"},
    )
    state["added"] = col.count()  # what really got in, also after a killed run
    vectors = np.load(gen_dir / "vectors.npy", mmap_mode="r")
    chunks = _scratch_chunks(gen_dir)
    step = 5000
    while state["added"] < len(chunks):
        if time.perf_counter() - t0 > budget_s:
            return False
        i = state["added"]
        part = chunks[i : i + step]
        a = time.perf_counter()
        col.add(ids=[x.id for x in part], embeddings=np.asarray(vectors[i : i + step]),
                documents=[x.text for x in part], metadatas=[x.metadata() for x in part])
        state["stage_seconds"]["chroma_add"] = round(state["stage_seconds"]["chroma_add"]
                                                     + time.perf_counter() - a, 1)
        state["added"] = i + len(part)
        log(f"  Chroma: {state['added']}/{len(chunks)}")
    return True


def _scratch_chunks(gen_dir: Path) -> list[Any]:
    from assistant.types import Chunk

    with (gen_dir / SCRATCH).open(encoding="utf-8") as fh:
        return [Chunk.from_dict(json.loads(line)) for line in fh]


def write_lexical_index(gen_dir: Path) -> None:
    """The generation's persisted lexical index (``generations/<gen>/lexical``), as ingest writes it."""
    from assistant.retrieval.persisted import LEXICAL_DIR, build_lexical_index

    shutil.rmtree(gen_dir / LEXICAL_DIR, ignore_errors=True)
    build_lexical_index(_scratch_chunks(gen_dir), gen_dir / LEXICAL_DIR)


def write_chunk_store_for(gen_dir: Path) -> None:
    """The generation's ``chunks.sqlite`` from its (scratch or pre-store) ``chunks.jsonl``."""
    from assistant.chunkstore import CHUNKS_DB, write_chunk_store

    write_chunk_store(_scratch_chunks(gen_dir), gen_dir / CHUNKS_DB)


def add_chunk_store(data_dir: Path) -> Path:
    """Give the live generation of an index built before the chunk store its ``chunks.sqlite``
    (``chunks.jsonl`` is kept, so the older code can still read the same index)."""
    from assistant.store import GENERATIONS_DIR, read_current

    current = read_current(data_dir)
    if current is None:
        raise SystemExit(f"Der er intet indeks i {data_dir}.")
    gen_dir = data_dir / GENERATIONS_DIR / str(current["generation"])
    write_chunk_store_for(gen_dir)
    return gen_dir


def write_sentence_files(gen_dir: Path, chunks: Any | None = None, log: Any = print) -> dict[str, Any]:
    """The generation's sentence files in today's layout (``ingest.sentences``): its stored
    vectors rewritten when it has them, else every sentence of ``chunks`` (default: the
    generation's chunk store) embedded by the ``HashEmbedder``. Returns counts and seconds."""
    from assistant.chunkstore import CHUNKS_DB, ChunkStore
    from assistant.embedding import HashEmbedder
    from ingest.sentences import read_sentences, sentence_spans, write_sentences

    t0 = time.perf_counter()
    found = read_sentences(gen_dir)
    if found is not None:
        spans, vectors, meta = found
        vectors, name = np.asarray(vectors), str(meta.get("embedder", "hash"))
    else:
        chunks = chunks if chunks is not None else ChunkStore.open(gen_dir / CHUNKS_DB)
        spans = np.asarray(sentence_spans(chunks), dtype=np.int64).reshape(-1, 3)
        embedder, name, parts = HashEmbedder(), "hash", []
        for i in range(0, len(spans), 20_000):
            part = spans[i : i + 20_000]
            parts.append(embedder.embed_passages([chunks[int(c)].text[s:e] for c, s, e in part]).astype(np.float16))
            log(f"  sætninger: {i + len(part)}/{len(spans)}")
        vectors = np.concatenate(parts) if parts else np.zeros((0, 256), dtype=np.float16)
    t1 = time.perf_counter()
    write_sentences(gen_dir, name, [tuple(x) for x in spans.tolist()], vectors)
    return {"sentences": len(spans), "embed_s": round(t1 - t0, 1), "write_s": round(time.perf_counter() - t1, 1)}


def _phase3(client: Any, data_dir: Path, state: dict[str, Any]) -> None:
    """Switch CURRENT.json to the new generation; drop the shipped-only generation."""
    from assistant.store import CURRENT_FILE, GENERATIONS_DIR, collection_name

    base, gen = state["base"], state["generation"]
    gen_dir = data_dir / GENERATIONS_DIR / gen
    t0 = time.perf_counter()
    write_lexical_index(gen_dir)
    state["stage_seconds"]["lexical_index"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    write_chunk_store_for(gen_dir)
    state["stage_seconds"]["chunk_store"] = round(time.perf_counter() - t0, 1)
    for name in ("sentences.json", "sentences.npy"):  # the shipped-only generation's, if copied
        (gen_dir / name).unlink(missing_ok=True)
    done = write_sentence_files(gen_dir, _scratch_chunks(gen_dir))
    state["sentences"] = done["sentences"]
    state["stage_seconds"]["sentences_embed"] = done["embed_s"]
    state["stage_seconds"]["sentences_write"] = done["write_s"]
    documents = json.loads((gen_dir / "documents.json").read_text(encoding="utf-8"))
    current = {**base, "generation": gen, "collection": collection_name(gen),
               "corpus_version": f"scale-{state['target']}-{base['corpus_version']}",
               "created": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
               "chunks": state["chunks"], "documents": documents}
    tmp = data_dir / f"{CURRENT_FILE}.tmp"
    tmp.write_text(json.dumps(current, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, data_dir / CURRENT_FILE)
    try:
        client.delete_collection(base["collection"])
    except ValueError:
        pass
    shutil.rmtree(data_dir / GENERATIONS_DIR / base["generation"], ignore_errors=True)
    (gen_dir / "vectors.npy").unlink(missing_ok=True)
    (gen_dir / SCRATCH).unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale_index", description=__doc__.split("\n\n")[0])
    ap.add_argument("--chunks", type=int)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--add-chunk-store", action="store_true",
                    help="only write chunks.sqlite into the live generation of an index built before it")
    ap.add_argument("--add-sentences", action="store_true",
                    help="only (re)write the live generation's sentence files in today's layout (with the ANN index)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--budget", type=float, default=480.0, help="seconds of work per call (resumable)")
    args = ap.parse_args(argv)
    if args.add_chunk_store:
        t0 = time.perf_counter()
        gen_dir = add_chunk_store(args.data_dir)
        print(json.dumps({"chunk_store": str(gen_dir), "seconds": round(time.perf_counter() - t0, 1)}))
        return 0
    if args.add_sentences:
        from assistant.store import GENERATIONS_DIR, read_current

        current = read_current(args.data_dir)
        if current is None:
            raise SystemExit(f"Der er intet indeks i {args.data_dir}.")
        done = write_sentence_files(args.data_dir / GENERATIONS_DIR / str(current["generation"]),
                                    log=lambda s: print(s, file=sys.stderr))
        print(json.dumps(done))
        return 0
    if args.chunks is None:
        ap.error("--chunks er påkrævet (undtagen med --add-chunk-store)")
    summary = build_scale_index(args.data_dir, args.chunks, args.seed,
                                log=lambda s: print(s, file=sys.stderr), budget_s=args.budget)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
