"""Evaluation for trainers: question sets, metric objects, a runner and reports.

>>> from evals.schema import load_set
>>> items = load_set("evals/sets/grundsaet.yaml")
"""
