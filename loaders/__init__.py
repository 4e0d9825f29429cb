"""Loaders: one per source format, behind the common interface in chinakg.loaders.base."""
