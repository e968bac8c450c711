"""The handful of user-facing error classes. Messages are in Chinese, for people."""

from __future__ import annotations


class DjqaError(Exception):
    """Base class: ``str(error)`` is a complete sentence a user can act on."""


class IngestError(DjqaError):
    """A file could not be ingested. ``reason`` is a short machine-readable code for logs and tests."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class EmbedderMismatchError(DjqaError):
    """The knowledge base was built by another embedder than the one configured."""


class StoreUnavailableError(DjqaError):
    """The Chroma store (embedded or server) cannot be opened or reached."""


class ConfigError(DjqaError):
    """A setting is missing or invalid, or an optional dependency is not installed."""


class DocumentNotFoundError(DjqaError):
    """A document named by the user is not in the knowledge base."""


class QuestionError(DjqaError):
    """A question that is not answered at all (too long); ``reason`` is a short code for logs and tests."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class BusyError(DjqaError):
    """A client asked again while its previous question is still being answered."""


class NoContentError(DjqaError):
    """The knowledge base says nothing about what the user asked to prepare."""
