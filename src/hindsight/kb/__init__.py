"""The knowledge base: similar incidents, metrics, quarterly reports."""
