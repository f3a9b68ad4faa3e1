"""A frozen plan's document for reading on screen: the public page and the in-app snapshot page.

Both lay out `screen_document(data)` with `versions/_document.html`. Like a version's PDF, the
page of a very large plan describes (6.1) and lists (6.2) only its first activities and says so;
the Word document and the spreadsheet keep them all. A 10,000-activity plan's page stays well
under a few megabytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from komplan.exports.content import PlanDocument, plan_document

__all__ = ["DESCRIBED_ACTIVITIES", "LISTED_ACTIVITIES", "screen_document"]

DESCRIBED_ACTIVITIES = 100
LISTED_ACTIVITIES = 500


def screen_document(data: Mapping[str, Any]) -> PlanDocument:
    """The document of plan JSON `data` with the page's activity limits."""
    return plan_document(
        data,
        describe_activities=DESCRIBED_ACTIVITIES,
        list_activities=LISTED_ACTIVITIES,
    )
