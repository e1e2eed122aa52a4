"""ReportLab with its settings pinned: no RL_* variable or settings file changes a byte of the PDF.

ReportLab's rl_config takes its settings, when first imported, from its own defaults
(reportlab.rl_settings), then a `reportlab.local_rl_settings` or `reportlab_settings` module or a
~/.reportlab_settings file, then an RL_<setting> environment variable for each; and many of its
modules copy a setting when they are imported (as default arguments and style defaults). So
RL_pdfComments=1 would change the PDF while `check` calls it current, and RL_uriWasteReduce=0.5
would crash the build. Every module of guidecompare that uses ReportLab imports this one first:
it sets every setting to ReportLab's own default, then applies guidecompare's, before any of
that copying happens.

A settings file still runs when ReportLab is first imported (ReportLab runs it); its values are
then replaced. The font search paths keep the directories of this machine that ReportLab finds:
they serve to find a font by bare name, and guidecompare embeds its own fonts by path. A program
that imported ReportLab's layout modules itself before guidecompare has them as they were then.
"""

from __future__ import annotations

import copy
import os
from typing import Any, Final

__all__ = ["PINNED"]

# Where guidecompare differs from ReportLab's defaults: whatever path of ReportLab makes a PDF,
# it carries no clock (the renderer also asks for this document by document).
_OURS: Final[dict[str, Any]] = {"invariant": 1}


def _pin() -> dict[str, Any]:
    """Set every rl_config setting to ReportLab's default, then ours; the settings, by name."""
    # Hidden while rl_config reads them: a malformed RL_ value would raise in its import.
    hidden = {name: os.environ.pop(name) for name in list(os.environ) if name.startswith("RL_")}
    try:
        from reportlab import rl_config, rl_settings

        # rl_config._startUp converts each default as it does on import (page size names to
        # sizes, search path templates to this machine's directories), with no RL_ variable set.
        rl_config._DEFAULTS = {
            name: copy.deepcopy(getattr(rl_settings, name)) for name in rl_settings.__all__
        }
        rl_config._SAVED.clear()
        rl_config._startUp()
    finally:
        os.environ.update(hidden)
    for name, value in _OURS.items():
        setattr(rl_config, name, value)
    return {name: getattr(rl_config, name) for name in rl_settings.__all__}


PINNED: Final = _pin()
