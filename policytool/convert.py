"""Traditional to simplified conversion; moved to :mod:`policytool.text.convert`.

This import path keeps working."""

from policytool.text.convert import *  # noqa: F403
from policytool.text.convert import __all__  # noqa: F401
