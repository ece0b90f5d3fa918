"""Answer composition: the extractive composer (default) and the optional LLM adapter.

Kept import-light on purpose: import the submodules you need, e.g.
``from assistant.compose.validate import validate_llm_answer`` or
``from assistant.compose.llm import LLMComposer`` (which itself imports the LLM
client libraries only when a composer is built).
"""
