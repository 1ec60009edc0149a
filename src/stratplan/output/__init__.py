"""Everything that lays results out: validation formats, budget and diff tables, reports, exports."""
