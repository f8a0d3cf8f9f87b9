"""Identity resolution: SAME_AS links that can be explained and undone (see ``service``)."""
