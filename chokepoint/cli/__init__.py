"""The ``chokepoint`` command line."""
