"""Adapters that let other ecosystems use 党建智答's components (LangChain)."""
