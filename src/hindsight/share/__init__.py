"""Sharing a postmortem: redaction, the public version and its approval, exports."""
