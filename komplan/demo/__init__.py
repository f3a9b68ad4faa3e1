"""The demo organisation and synthetic plans: content for newcomers, tests and benchmarks.

The top layer: it writes plans, meetings and revisions, so nothing in komplan imports it.
"""
