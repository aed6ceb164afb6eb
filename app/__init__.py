"""Casedesk core: models, use cases, rules and CLI. Never imports Qt."""

__version__ = "0.1.0"
