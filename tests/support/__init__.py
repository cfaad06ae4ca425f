"""Helpers shared by the test suites (and the benchmarks): clocks, course builders, learners.

Imported as `tests.support...`: the project root is on `sys.path` in the dev environment
(the editable install), so child processes and `python -m tests...` find it too.
"""
