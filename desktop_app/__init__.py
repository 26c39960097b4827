"""Benji CRM (本机CRM): on-premise CRM and billing."""

__version__ = "0.1.0"
APP_NAME = "Benji CRM"
