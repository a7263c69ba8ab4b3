"""Enrich stages: spaCy parse (nlp), actors, tone, quotes."""
