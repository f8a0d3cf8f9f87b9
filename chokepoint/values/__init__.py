"""Property values per marking: the MERGE template's rules in Python, and the value log that lets
each viewer be shown the values its visible records alone would have written."""
