"""What the tool computes from plans: money rollup, planned against actual, changes between versions."""
