"""Ingestion: files → cleaned, structured passages → Chroma."""
