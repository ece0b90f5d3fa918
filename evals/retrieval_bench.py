"""Retrieval benchmark: hit@1, hit@5 and MRR for dense, BM25 and hybrid, plus search latency.

A question is found at rank r when the r-th hit comes from the expected document and its
text contains the expected verbatim quote (``assistant.text.contains_normalized``).
Latency is measured warm and in-process: ``--queries`` searches (cycling the set) per
retriever, reported as p50/p95 in milliseconds.

    python -m evals.retrieval_bench                      # built index from Settings.load()
    python -m evals.retrieval_bench --set evals/sets/retrieval.yaml --json out.json

Python:

    >>> from evals.retrieval_bench import load_cases, evaluate
    >>> cases = load_cases()                                  # doctest: +SKIP
    >>> evaluate(retriever, cases).hit_at_5                   # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import EvalSetError, MetodeguideError
from assistant.retrieval.protocol import Retriever
from assistant.text import contains_normalized, normalize_for_match
from assistant.types import Hit

DEFAULT_SET = Path(__file__).resolve().parent / "sets" / "retrieval.yaml"
DEFAULT_K = 5
# "rrf" is plain reciprocal-rank fusion; "hybrid" is the shipped default (RRF + sentence re-ranking).
RETRIEVER_ORDER: tuple[str, ...] = ("dense", "bm25", "rrf", "hybrid")


@dataclass(frozen=True)
class Expected:
    """A place in the corpus that answers the question: document file name and verbatim quote."""

    source: str
    quote: str


@dataclass(frozen=True)
class RetrievalCase:
    """One benchmark question; ``expected[0]`` is the primary answer, the rest alternatives."""

    id: str
    question: str
    expected: tuple[Expected, ...]

    @property
    def source(self) -> str:
        return self.expected[0].source

    def found_at(self, hits: Sequence[Hit]) -> int | None:
        """1-based rank of the first hit that contains an expected quote, or None."""
        for hit in hits:
            for exp in self.expected:
                if hit.chunk.source == exp.source and contains_normalized(hit.chunk.text, exp.quote):
                    return hit.rank
        return None


@dataclass(frozen=True)
class RetrieverScore:
    """Quality of one retriever on the set (k = ``k``), with the rank per question."""

    retriever: str
    n: int
    k: int
    hit_at_1: float
    hit_at_5: float
    mrr: float
    ranks: dict[str, int | None] = field(default_factory=dict)

    @property
    def misses(self) -> list[str]:
        return [cid for cid, r in self.ranks.items() if r is None]


@dataclass(frozen=True)
class Latency:
    retriever: str
    queries: int
    p50_ms: float
    p95_ms: float
    mean_ms: float


def _entry(raw: Any, where: str) -> Expected:
    if not isinstance(raw, Mapping):
        raise EvalSetError(f"{where}: forventet en ordbog med 'source' og 'quote'.")
    source, quote = raw.get("source"), raw.get("quote")
    if not isinstance(source, str) or not source.strip():
        raise EvalSetError(f"{where}: feltet 'source' mangler; angiv dokumentets filnavn.")
    if not isinstance(quote, str) or not normalize_for_match(quote):
        raise EvalSetError(f"{where}: feltet 'quote' mangler; angiv et ordret citat fra dokumentet.")
    return Expected(source=source.strip(), quote=quote)


def load_cases(path: Path | str = DEFAULT_SET) -> list[RetrievalCase]:
    """Read and validate a question set (YAML with a ``questions`` list)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvalSetError(f"Spørgsmålssættet {path} kan ikke læses: {exc}") from exc
    items = data.get("questions") if isinstance(data, Mapping) else None
    if not isinstance(items, list) or not items:
        raise EvalSetError(f"{path.name}: der mangler en ikke-tom liste 'questions'.")
    cases: list[RetrievalCase] = []
    seen: set[str] = set()
    for i, item in enumerate(items, start=1):
        where = f"{path.name}, spørgsmål {i}"
        if not isinstance(item, Mapping):
            raise EvalSetError(f"{where}: forventet en ordbog med id, question, source og quote.")
        cid, question = item.get("id"), item.get("question")
        if not isinstance(cid, str) or not cid:
            raise EvalSetError(f"{where}: feltet 'id' mangler.")
        if cid in seen:
            raise EvalSetError(f"{where}: id {cid!r} er brugt før; giv spørgsmålet et unikt id.")
        seen.add(cid)
        if not isinstance(question, str) or not question.strip():
            raise EvalSetError(f"{where} ({cid}): feltet 'question' mangler.")
        expected = [_entry(item, f"{where} ({cid})")]
        for j, alt in enumerate(item.get("alternatives") or [], start=1):
            expected.append(_entry(alt, f"{where} ({cid}), alternativ {j}"))
        cases.append(RetrievalCase(id=cid, question=question.strip(), expected=tuple(expected)))
    return cases


def check_quotes(cases: Sequence[RetrievalCase], document_text: Mapping[str, str]) -> None:
    """Raise ``EvalSetError`` when an expected quote is not in its (cleaned) document."""
    normalized: dict[str, str] = {}
    for case in cases:
        for exp in case.expected:
            if exp.source not in document_text:
                raise EvalSetError(
                    f"{case.id}: dokumentet {exp.source} er ikke i indekset; ret 'source' eller indlæs det."
                )
            if exp.source not in normalized:
                normalized[exp.source] = normalize_for_match(document_text[exp.source])
            if normalize_for_match(exp.quote) not in normalized[exp.source]:
                raise EvalSetError(f"{case.id}: citatet {exp.quote!r} står ikke i {exp.source}; ret citatet.")


def evaluate(retriever: Retriever, cases: Sequence[RetrievalCase], k: int = DEFAULT_K) -> RetrieverScore:
    """hit@1, hit@k and MRR@k of ``retriever`` on ``cases``."""
    ranks: dict[str, int | None] = {}
    for case in cases:
        ranks[case.id] = case.found_at(retriever.retrieve(case.question, k=k))
    n = len(cases)
    found = [r for r in ranks.values() if r is not None]
    return RetrieverScore(
        retriever=retriever.name,
        n=n,
        k=k,
        hit_at_1=sum(1 for r in found if r == 1) / n,
        hit_at_5=sum(1 for r in found if r <= min(5, k)) / n,
        mrr=sum(1.0 / r for r in found) / n,
        ranks=ranks,
    )


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def measure_latency(
    retriever: Retriever, cases: Sequence[RetrievalCase], queries: int = 200, k: int = DEFAULT_K
) -> Latency:
    """Warm, in-process search latency over ``queries`` searches cycling through the set."""
    for case in cases[:3]:  # warm caches (embedder, analyzer) before timing
        retriever.retrieve(case.question, k=k)
    times: list[float] = []
    for i in range(queries):
        q = cases[i % len(cases)].question
        t0 = time.perf_counter()
        retriever.retrieve(q, k=k)
        times.append((time.perf_counter() - t0) * 1000.0)
    return Latency(
        retriever=retriever.name,
        queries=queries,
        p50_ms=_percentile(times, 50),
        p95_ms=_percentile(times, 95),
        mean_ms=statistics.fmean(times),
    )


def format_table(scores: Sequence[RetrieverScore], latencies: Sequence[Latency] = ()) -> str:
    """The side-by-side table printed by the command line."""
    lat = {x.retriever: x for x in latencies}
    lines = [
        f"{'retriever':<10} {'hit@1':>6} {'hit@5':>6} {'MRR':>6} {'p50 ms':>8} {'p95 ms':>8}",
    ]
    for s in scores:
        x = lat.get(s.retriever)
        p50 = f"{x.p50_ms:8.1f}" if x else f"{'-':>8}"
        p95 = f"{x.p95_ms:8.1f}" if x else f"{'-':>8}"
        lines.append(f"{s.retriever:<10} {s.hit_at_1:6.3f} {s.hit_at_5:6.3f} {s.mrr:6.3f} {p50} {p95}")
    return "\n".join(lines)


def run_benchmark(
    retrievers: Sequence[Retriever],
    cases: Sequence[RetrievalCase],
    *,
    k: int = DEFAULT_K,
    queries: int = 200,
) -> tuple[list[RetrieverScore], list[Latency]]:
    scores = [evaluate(r, cases, k=k) for r in retrievers]
    latencies = [measure_latency(r, cases, queries=queries, k=k) for r in retrievers] if queries else []
    return scores, latencies


def build_retrievers(
    settings: Any, kinds: Sequence[str] = RETRIEVER_ORDER, *, windows: bool = False
) -> tuple[Any, list[Retriever]]:
    """Open the live index and build the requested retrievers (one shared BM25 index)."""
    from assistant.calibration import Calibration
    from assistant.embedding import make_embedder
    from assistant.retrieval import (
        DenseRetriever,
        HybridRetriever,
        SentenceReranker,
        attach_sentence_dense,
        lexical_retriever,
        window_vectors_for,
    )
    from assistant.sentence_index import SentenceIndex
    from assistant.store import CorpusIndex

    index = CorpusIndex.open(settings)
    embedder = make_embedder(settings)
    wv = window_vectors_for(index, embedder) if windows else None
    dense = DenseRetriever(index, embedder, windows=wv)
    lexical = lexical_retriever(index)  # persisted (bm25s) or in memory: METODEGUIDE_LEXICAL
    rrf = HybridRetriever(dense, lexical)
    rrf.name = "rrf"
    reranker = SentenceReranker.for_lexical(lexical)
    hybrid = HybridRetriever(dense, lexical, reranker=reranker)
    # The shipped default also re-ranks by each chunk's best-sentence similarity (calibrated).
    cal = Calibration.load(settings.calibration_path)
    sentences = SentenceIndex.for_index(index)
    cal = cal.for_embedder(str(getattr(embedder, "name", "")), has_sentences=len(sentences) > 0)
    attach_sentence_dense(hybrid, sentences, embedder, cal.rerank_dense_weight)
    available: dict[str, Retriever] = {
        "dense": dense,
        "bm25": lexical,
        "rrf": rrf,
        "hybrid": hybrid,
    }
    return index, [available[kind] for kind in kinds]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evals.retrieval_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--set", default=str(DEFAULT_SET), help="question set (YAML)")
    parser.add_argument("--json", dest="json_out", help="write the results as JSON to this file")
    parser.add_argument("--k", type=int, default=DEFAULT_K, help="hits per question (default 5)")
    parser.add_argument("--queries", type=int, default=200, help="searches for the latency measurement")
    parser.add_argument(
        "--retrievers", default=",".join(RETRIEVER_ORDER), help="comma-separated: dense,bm25,rrf,hybrid"
    )
    parser.add_argument("--misses", action="store_true", help="list the questions each retriever missed")
    parser.add_argument(
        "--windows", action="store_true", help="re-score dense candidates with sentence-window vectors"
    )
    args = parser.parse_args(argv)

    from assistant.settings import Settings

    kinds = [x.strip() for x in args.retrievers.split(",") if x.strip()]
    unknown = [x for x in kinds if x not in RETRIEVER_ORDER]
    if unknown:
        parser.error(f"ukendt retriever {unknown[0]!r}; vælg blandt {', '.join(RETRIEVER_ORDER)}")
    try:
        cases = load_cases(args.set)
        settings = Settings.load()
        index, retrievers = build_retrievers(settings, kinds, windows=args.windows)
        check_quotes(cases, {src: index.document(src).text for src in index.documents()})
        scores, latencies = run_benchmark(retrievers, cases, k=args.k, queries=args.queries)
    except MetodeguideError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2

    mode = " (dense med sætningsvinduer)" if args.windows else ""
    print(f"Retrieval benchmark: {len(cases)} spørgsmål, k={args.k}, korpus {index.corpus_version}{mode}")
    print(format_table(scores, latencies))
    if args.misses:
        for s in scores:
            late = {cid: r for cid, r in s.ranks.items() if r != 1}
            print(f"{s.retriever}: not at rank 1: {late}")
    if args.json_out:
        payload = {
            "set": str(args.set),
            "questions": len(cases),
            "k": args.k,
            "windows": args.windows,
            "corpus_version": index.corpus_version,
            "embedder": getattr(index, "embedder_name", None),
            "scores": [asdict(s) for s in scores],
            "latency": [asdict(x) for x in latencies],
        }
        Path(args.json_out).write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
