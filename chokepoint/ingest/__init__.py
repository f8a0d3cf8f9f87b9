"""Ingest adapters: one per source format, all writing through :class:`GraphWriter`."""
