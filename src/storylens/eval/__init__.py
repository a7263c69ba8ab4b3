"""Evaluation harnesses: each NLP stage scored on a public benchmark format."""
