"""tutor: learn professional social media for physicians, in the terminal."""

__version__ = "0.1.0"
