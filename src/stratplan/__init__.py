"""stratplan: social-services development strategies of Ukrainian communities as checked YAML plans."""

__version__ = "0.1.0"

__all__ = ["__version__"]
