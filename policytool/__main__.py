"""``python -m policytool``."""

from policytool.cli import main

main()
