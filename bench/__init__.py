"""Performance, load and fault benchmarks for Metodeguiden.

Each module is one command (``python -m bench.<name>``) that writes its figures as JSON under
``bench/results/``; ``docs/PERFORMANCE.md`` summarises them together with the machine they ran on.

    python -m bench.generate --pages 1000 --out /tmp/gen1k      # synthetic Danish corpus
    python -m bench.ingest_bench                                 # -> bench/results/ingest.json
    python -m bench.query_bench                                  # -> bench/results/query.json (+ plot)
    python -m bench.baseline                                     # -> bench/results/baseline.json
    python -m bench.memory                                       # -> bench/results/memory.json
    python -m bench.load                                         # -> bench/results/load.json
    python -m bench.faults                                       # -> bench/results/faults.json
"""
