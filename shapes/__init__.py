"""Data folder: its files are found through chinakg.resources, never by path."""
