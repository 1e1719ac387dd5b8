"""The document loader; moved to :mod:`policytool.io.loader`. This import path keeps working."""

from policytool.io.loader import *  # noqa: F403
from policytool.io.loader import __all__  # noqa: F401
