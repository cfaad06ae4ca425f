"""Moved to `tutor.core.locate`; kept so that older imports still work."""

from tutor.core.locate import Key, locate, positions, too_deep

__all__ = ["Key", "locate", "positions", "too_deep"]
