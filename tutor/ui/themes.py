"""The themes a learner can choose: dark, light, and high contrast."""

from __future__ import annotations

from textual.theme import Theme

DARK = "textual-dark"
LIGHT = "textual-light"
HIGH_CONTRAST = "tutor-high-contrast"

#: The themes a learner can choose, in the order Ctrl+T goes through them.
THEMES = {DARK: "Dark", LIGHT: "Light", HIGH_CONTRAST: "High contrast"}

#: Black and white with one strong accent: for low vision and bright rooms.
HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFB000",
    error="#FF6060",
    success="#00FF66",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#222222",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "input-selection-background": "#FFFF00 40%",
    },
)
