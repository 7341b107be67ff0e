"""Drafting: postmortem prose written from the stored evidence, every sentence citing what it rests on.

`deterministic` writes from the facts alone (no model); `model` asks an optional OpenAI-compatible
endpoint and checks each sentence against the facts it cites; `service.draft_incident` is the one
use case both faces call; `closure` closes actions on evidence (named checks, recurrence).
"""
