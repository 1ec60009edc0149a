"""Plain types every layer can import: diagnostics, the catalogue of problem codes, number formatting."""
