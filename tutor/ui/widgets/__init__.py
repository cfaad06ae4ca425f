"""Reusable widgets of the learner's app."""
