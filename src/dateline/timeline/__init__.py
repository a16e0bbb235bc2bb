"""Timeline building: candidates -> date ranking -> summaries -> Timeline (see :mod:`.build`)."""

from ..request import TimelineRequest
from .build import Roles, build_timeline, timeline_from_documents

__all__ = ["Roles", "TimelineRequest", "build_timeline", "timeline_from_documents"]
