"""Mail as data: built by jobs inside their transaction, spooled as .eml, sent exactly once."""
