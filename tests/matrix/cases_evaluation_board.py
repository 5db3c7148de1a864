"""The assessment board and the panel in the permission matrix."""

from ..evaluation_board_cases import CASES

__all__ = ["CASES"]
