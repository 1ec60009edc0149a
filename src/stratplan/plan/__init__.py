"""A loaded plan: its files read and validated, and a read-only view of its tree."""
