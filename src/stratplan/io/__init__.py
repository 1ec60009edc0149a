"""Files, YAML, git and the cache: the only layer that touches the outside world."""
