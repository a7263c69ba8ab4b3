"""Corpus stages: stories, narrative packs and roles, trends."""
