"""Per-plan jobs over many plans: the content-addressed cache and worker processes."""
