"""Indicator frameworks (指标体系) as versioned data files, loaded into typed objects. See docs/frameworks.md."""

from dgeval.framework.load import available, load_file, load_framework
from dgeval.framework.models import Framework, Indicator, Subtotal

__all__ = ["Framework", "Indicator", "Subtotal", "available", "load_file", "load_framework"]
