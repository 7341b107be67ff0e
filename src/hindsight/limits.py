"""Input limits, in one place: what a hostile or broken file may cost before it is refused.

Every reader checks its input against these; a refusal is one line naming the file, the line
and the field (CLI exit 2, API 4xx), never a traceback. The README's "Limits and security"
section lists the same figures.
"""

from __future__ import annotations

# A log line's message longer than this is cut (for grouping and display) and the event marked
# truncated; the whole line stays in the evidence blob, byte for byte.
MAX_LINE_CHARS = 64 * 1024
TRUNCATED_MARK = " …[truncated]"

# JSON nested deeper than this (objects and arrays) is refused: deeper documents are not real
# API responses or webhook bodies, and Python's readers and writers recurse on them.
MAX_JSON_DEPTH = 100

# YAML (markdown front matter, fault trees): a document whose aliases would expand to more than
# MAX_YAML_NODES nodes (a "billion laughs" bomb) or that nests deeper than MAX_YAML_DEPTH is
# refused before it is built. MAX_YAML_BYTES bounds the text read as YAML at all.
MAX_YAML_ALIASES = 1_000
MAX_YAML_NODES = 100_000
MAX_YAML_DEPTH = 50
MAX_YAML_BYTES = 1024 * 1024

# A CSV field longer than this (the csv module's own default) is refused with its line number:
# usually an unclosed quote that swallowed the rest of the file.
MAX_CSV_FIELD_CHARS = 128 * 1024

# Whole-file caps: a JSON document (alerts, events, pages) is read whole, so it is capped; line
# formats stream and have no size cap. A `.gz` must be complete: a truncated or corrupt stream
# fails the file (nothing of it is stored).
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024

# Numbers written in a postmortem's front matter or header (downtime, affected users…) above
# this are refused as implausible: they would overflow a timedelta or a database integer.
MAX_FRONT_MATTER_NUMBER = 10**12

# Temporary files of an import interrupted by kill -9 (`.incoming-*` in the evidence folder,
# upload folders) older than this are removed on the next import and when `serve` starts.
STALE_TEMP_SECONDS = 30 * 60
