"""The corpus: survey sources, structured library entries and the attribute vocabulary."""
