"""The learner's app: Textual screens over the pure core.

Domain state (answers, position, progress) lives in `tutor.core.session.Session`;
widgets only show it and report what the learner did.
"""
