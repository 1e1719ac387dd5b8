"""Reading Chinese text: shared regex parts, script detection and conversion.

- :mod:`policytool.text.patterns` — regex parts shared by every module that reads Chinese;
- :mod:`policytool.text.script` — simplified, traditional, mixed or none;
- :mod:`policytool.text.convert` — traditional → simplified, OpenCC's result at table speed.
"""
