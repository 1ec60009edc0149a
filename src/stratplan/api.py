"""The library facade: load, validate, total, compare and render plans; returns values, prints nothing."""
