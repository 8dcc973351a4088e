"""examples/python/cahc_analysis.py runs to its end: the PNG written, the comparison printed."""

import os
import subprocess
import sys

from conftest import SOURCE


def test_the_example_writes_its_figure_and_compares(tmp_path):
    png = tmp_path / "scores.png"
    done = subprocess.run([sys.executable, str(SOURCE / "examples/python/cahc_analysis.py"), "-o", str(png)],
                          capture_output=True, text=True, cwd=tmp_path, env=dict(os.environ, MPLCONFIGDIR=str(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10000
    assert "400 demands, 400 scored, 0 rejected" in done.stdout
    assert "72 demands move up, 85 down, 243 unchanged of 400 scored by both" in done.stdout
