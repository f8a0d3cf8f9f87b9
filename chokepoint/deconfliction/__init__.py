"""Deconfliction pointers: agencies working the same element learn of each other, and nothing more."""
