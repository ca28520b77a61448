"""Readers and writers for outside formats; one module per format."""
