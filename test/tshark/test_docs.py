# SPDX-License-Identifier: GPL-2.0-or-later
"""docs/field-reference.md must be what tools/field-reference.py makes of the built plugin."""
import os
import subprocess

from conftest import ROOT


def test_field_reference_up_to_date():
    out = subprocess.run([str(ROOT / "tools" / "field-reference.py")], capture_output=True, text=True,
                         check=True, env={**os.environ}).stdout
    committed = (ROOT / "docs" / "field-reference.md").read_text()
    assert out == committed, ("docs/field-reference.md is out of date: run "
                              "tools/field-reference.py > docs/field-reference.md and review the diff")
