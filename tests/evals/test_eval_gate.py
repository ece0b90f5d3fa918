"""`metodeguide eval gate`: every set's floors from one file, one loaded assistant, every miss named."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_fakes import MINI_SET, S1, FakeAssistant, cite, make_answer

from evals.cli import main
from evals.gate import GATES_FILE, load_gates
from evals.metrics import THRESHOLD_METRICS
from evals.schema import load_set

pytestmark = pytest.mark.unit



@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("METODEGUIDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("METODEGUIDE_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(MINI_SET, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINI_SET, encoding="utf-8")
    return tmp_path


def counting_factory(loads: list[int]):
    answers = {
        "Hvor lang tid varer et CTI-forløb?": make_answer(
            "CTI er afgrænset til ni måneder [1].", [cite(1, S1, "som er afgrænset til ni måneder")]
        )
    }

    def factory(settings):
        loads.append(1)
        return FakeAssistant(answers)

    return factory


def write_gates(env: Path, text: str) -> Path:
    path = env / "gates.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_set_runs_with_one_assistant_and_every_missed_floor_is_named(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gates = write_gates(
        env,
        f"- set: {env / 'a.yaml'}\n  out: first\n  floors: {{fact_recall: 0.9, citation_validity: 1.0}}\n"
        f"- set: {env / 'b.yaml'}\n  floors: {{fact_recall: 0.5, abstention_recall: 1.0}}\n",
    )
    loads: list[int] = []
    code = main(["gate", "--gates", str(gates), "--out", "runs"], assistant_factory=counting_factory(loads))
    out, err = capsys.readouterr()
    assert code == 1
    assert loads == [1]
    assert err.splitlines() == ["Tærskel ikke nået: first: fact_recall = 0.500 er under tærsklen 0.9."]
    assert out.splitlines()[-1] == f"2 sæt, 1 tærskler ikke nået. Kørsler i {Path('runs')}."
    assert out.splitlines()[0].startswith("NEJ first        1/2 bestået  fact_recall=0.500(≥0.9) citation_validity=1.000(≥1)")
    assert out.splitlines()[1].startswith("OK  b            1/2 bestået  fact_recall=0.500(≥0.5) abstention_recall=1.000(≥1)")
    assert sorted(p.name for p in (env / "runs").iterdir()) == ["b", "first"]
    assert sorted(p.name for p in (env / "runs" / "first").iterdir()) == ["report.html", "report.md", "run.json"]


def test_all_floors_met_exit_0_and_only_runs_the_named_entries(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gates = write_gates(
        env,
        f"- set: {env / 'a.yaml'}\n  out: first\n  floors: {{fact_recall: 0.9}}\n"
        f"- set: {env / 'b.yaml'}\n  out: second\n  floors: {{fact_recall: 0.5}}\n",
    )
    code = main(
        ["gate", "--gates", str(gates), "--out", "runs", "--only", "second"],
        assistant_factory=counting_factory([]),
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"1 sæt, 0 tærskler ikke nået. Kørsler i {Path('runs')}."
    assert [p.name for p in (env / "runs").iterdir()] == ["second"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]\n", "Tærskelfilen {g} skal være en ikke-tom liste af sæt med tærskler."),
        ("- floors: {{fact_recall: 0.5}}\n", "{g}, punkt 1: skriv »set: STI« og »floors: {{mål: værdi}}«."),
        ("- set: nowhere.yaml\n  floors: {{fact_recall: 0.5}}\n", "{g}, punkt 1: sættet nowhere.yaml findes ikke."),
        ("- set: {a}\n", "{g}, punkt 1: »floors« skal være en ikke-tom tabel mål: værdi."),
        (
            "- set: {a}\n  floors: {{recall: 0.5}}\n",
            "{g}, punkt 1: ukendt mål 'recall'; kendte mål: " + ", ".join(THRESHOLD_METRICS) + ".",
        ),
        ("- set: {a}\n  floors: {{fact_recall: 85}}\n", "{g}, punkt 1: fact_recall = 85 skal være et tal fra 0 til 1."),
        ("- set: {a}\n  floors: {{fact_recall: ja}}\n", "{g}, punkt 1: fact_recall = 'ja' skal være et tal fra 0 til 1."),
        (
            "- set: {a}\n  floors: {{fact_recall: 0.5}}\n- set: {a}\n  floors: {{fact_recall: 0.5}}\n",
            "{g}, punkt 2: mappenavnet »a« er brugt af et tidligere punkt.",
        ),
    ],
)
def test_a_bad_gates_file_exits_2_naming_file_entry_and_fault(
    env: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    gates = write_gates(env, text.format(a=env / "a.yaml"))
    loads: list[int] = []
    assert main(["gate", "--gates", str(gates)], assistant_factory=counting_factory(loads)) == 2
    assert capsys.readouterr().err == f"Fejl: {message.format(g=gates)}\n"
    assert loads == []


def test_only_with_an_unknown_name_exits_2_listing_the_known_names(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gates = write_gates(env, f"- set: {env / 'a.yaml'}\n  floors: {{fact_recall: 0.5}}\n")
    assert main(["gate", "--gates", str(gates), "--only", "x"], assistant_factory=counting_factory([])) == 2
    assert capsys.readouterr().err == f"Fejl: --only: x findes ikke i {gates}; kendte: a.\n"


def test_the_shipped_gates_file_names_every_blind_set_and_loads() -> None:
    gates = load_gates(GATES_FILE)
    sets_dir = GATES_FILE.parent / "sets"
    gated = {g.set_path for g in gates}
    assert gated == {sets_dir / "grundsaet.yaml", *sets_dir.glob("blind/*.yaml"), *sets_dir.glob("documents/*.yaml")}
    # a documents set names its folder of files, which hold every file its questions cite
    for gate in gates:
        if gate.documents is not None:
            cited = {s for item in load_set(gate.set_path).items for s in item.expected.sources}
            manuals = GATES_FILE.parents[1] / "corpus" / "documents"
            shipped = {p.name for p in gate.documents.iterdir()} | {p.name for p in manuals.iterdir()}
            assert cited <= shipped
    for gate in gates:
        assert load_set(gate.set_path).items
        assert gate.floors["citation_validity"] == 1.0


def test_a_documents_gate_answers_from_the_corpus_plus_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate copies the corpus and the set's files into its own folder and ingests them; the
    questions are then answered from that index (here with the hash embedder, for speed)."""
    from assistant import Assistant
    from assistant.settings import Settings
    from evals.gate import with_documents

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manual.txt").write_text("CTI varer ni måneder og er delt i tre faser.\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "koege_notat.txt").write_text(
        "Notat fra Køge Kommune, 2024\n\nI Køge Kommune har hver ICM-medarbejder højst 9 borgere ad gangen.\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, embedding_backend="hash")
    own = with_documents(settings, docs, tmp_path / "gate")
    assert sorted(p.name for p in own.corpus_dir.iterdir()) == ["koege_notat.txt", "manual.txt"]
    assert sorted(p.name for p in corpus.iterdir()) == ["manual.txt"]  # the corpus itself is untouched
    sources = {c.source for c in Assistant.load(own).index.chunks()}
    assert sources == {"koege_notat.txt", "manual.txt"}


def test_a_documents_folder_that_is_missing_is_named(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gates = write_gates(env, f"- set: {env / 'a.yaml'}\n  documents: {env / 'nowhere'}\n  floors: {{fact_recall: 0.5}}\n")
    assert main(["gate", "--gates", str(gates)], assistant_factory=counting_factory([])) == 2
    assert capsys.readouterr().err == f"Fejl: {gates}, punkt 1: dokumentmappen {env / 'nowhere'} findes ikke eller er tom.\n"
