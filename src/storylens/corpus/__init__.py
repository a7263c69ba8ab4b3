"""Corpus stages: work that needs many documents at once (syndication; stories,
narrative packs and roles, emerging claims). They run over the store after ``ingest``.
"""
