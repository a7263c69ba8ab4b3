"""Corpus stages: work that needs many documents at once (syndication, stories).

They run over the store after ``ingest`` (see ``storylens.corpus.syndication``).
"""
