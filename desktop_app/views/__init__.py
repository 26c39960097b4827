"""Qt windows and dialogs. They call services and get dataclasses back: no SQLAlchemy, no models."""
