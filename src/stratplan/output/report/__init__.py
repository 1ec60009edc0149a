"""The monitoring report: a typed context computed from the plan, rendered by Jinja templates."""

from stratplan.output.report.context import ReportContext, build_context
from stratplan.output.report.render import render

__all__ = ["ReportContext", "build_context", "render"]
