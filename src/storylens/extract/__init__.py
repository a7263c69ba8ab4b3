"""Extraction: from a raw document to article text and metadata."""
