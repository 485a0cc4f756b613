"""Trained block classifiers ship here as package data (cleaner.shipped_models): <kind>.joblib + <kind>.json."""
