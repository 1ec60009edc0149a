"""Validation: configuration, the rule registry and rules, suppressions, the one-plan lint engine."""
