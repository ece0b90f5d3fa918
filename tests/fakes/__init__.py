"""Deterministic fakes for tests (an OpenAI-compatible HTTP server)."""
