"""The self-assessment pages and API in the permission matrix."""

from ..evaluation_self_cases import CASES

__all__ = ["CASES"]
