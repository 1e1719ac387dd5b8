"""Script detection; moved to :mod:`policytool.text.script`. This import path keeps working."""

from policytool.text.script import *  # noqa: F403
from policytool.text.script import __all__  # noqa: F401
