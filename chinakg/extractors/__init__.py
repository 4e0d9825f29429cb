"""Extractors: normalised text -> facts, each with its evidence span."""
