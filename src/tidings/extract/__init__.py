"""Extractors: plain functions over an annotated spaCy ``Doc`` that return typed facts.

Each extractor module exposes ``NAME`` and ``VERSION`` (recorded in every fact's provenance)
and one ``extract_*`` function. They share nothing but their arguments.
"""
