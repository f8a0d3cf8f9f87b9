"""The demo investigation: what the README's main command loads, and the chain report it prints."""
