"""Learning objectives a reviewer can check: each starts with a verb one can observe.

ACCME and most CME reviewers ask that an objective say what the learner will be
able to *do*: choose, explain, decline, report. "Know", "understand", "learn",
"appreciate" and "be aware of" describe a state of mind that no one can observe or
assess. `unmeasurable` finds them at the start of an objective, after the usual
lead-ins ("By the end of this module, you will be able to ...", "Learners will ...",
"To ...").
"""

from __future__ import annotations

import re

#: The verbs the format refuses, and what to write instead.
SUGGESTIONS = {
    "know": "name, list, state or recognise",
    "understand": "explain, describe or compare",
    "learn": "the action learned: choose, apply, write",
    "appreciate": "explain why, or justify",
    "be aware of": "identify or recognise",
}

_LEAD_IN = re.compile(
    r"^(?:by the end(?: of [^,]*)?,\s*)?"
    r"(?:(?:you|learners|participants|physicians|attendees|the learner|the physician)\s+"
    r"(?:will|should|can)\s+)?"
    r"(?:be able to\s+)?(?:to\s+)?",
    re.I,
)
_VAGUE = re.compile(
    r"(?P<verb>know|knows|knowing|understand|understands|understanding|learn|learns|learning"
    r"|appreciate|appreciates|(?:be|become|being)\s+(?:more\s+)?aware\s+of"
    r"|(?:gain|develop|have)\s+(?:a\s+|an\s+)?(?:better\s+|deeper\s+)?"
    r"(?:understanding|knowledge|awareness|appreciation)\s+of)\b",
    re.I,
)


def unmeasurable(objective: str) -> str | None:
    """The unobservable verb an objective starts with ("understand"), or None."""
    text = objective.strip()
    lead = _LEAD_IN.match(text)
    rest = text[lead.end() :] if lead else text
    match = _VAGUE.match(rest)
    return " ".join(match.group("verb").lower().split()) if match else None


def suggestion(verb: str) -> str:
    """What to write instead of `verb`."""
    for key, instead in SUGGESTIONS.items():
        if key in verb or verb.startswith(key[:4]):
            return instead
    if "understanding" in verb:
        return SUGGESTIONS["understand"]
    if "knowledge" in verb:
        return SUGGESTIONS["know"]
    if "aware" in verb:
        return SUGGESTIONS["be aware of"]
    return SUGGESTIONS["appreciate"]
