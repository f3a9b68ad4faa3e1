"""The home page, "My work": what needs the logged-in person today, across their organisations.

Why an app of its own, above versions and below imports and demo (see `[tool.importlinter]`):
the page reads activities (plans), the audit trail, action items and justering (meetings) and
approvals (versions), so it must sit at or above the highest of them. A registry in a lower
layer to which each app contributes a section was the alternative; it was not chosen because
the sections are a handful of fixed queries whose number the page must keep constant, and
their order and wording belong to one page, not to the apps they read.
"""
