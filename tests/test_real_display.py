"""`facealbum FOLDER` opens its window on a real X display (Xvfb), with opencv's Qt plugins about."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import CELEB13

pytestmark = pytest.mark.gui


@pytest.mark.skipif(not shutil.which("Xvfb") or not shutil.which("xwininfo"), reason="needs Xvfb and xwininfo")
def test_window_appears_on_a_real_x_display(tmp_path):
    display = ":94"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = None
    try:
        time.sleep(1.0)
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env.update(DISPLAY=display, FACEALBUM_HOME=str(tmp_path))
        folder = tmp_path / "photos"
        shutil.copytree(CELEB13 / "Elon_Musk", folder)
        app = subprocess.Popen([sys.executable, "-c", "import sys; from facealbum.cli.main import main; "
                                "sys.exit(main(sys.argv[1:]))", str(folder)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        found = False
        deadline = time.time() + 60
        while time.time() < deadline and app.poll() is None:
            tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True).stdout
            if '"FaceAlbum"' in tree:
                found = True
                break
            time.sleep(0.5)
        if not found:
            app.terminate()
            out = app.communicate(timeout=10)[0]
            pytest.fail(f"no FaceAlbum window appeared; the app said:\n{out}")
        assert app.poll() is None, "the app exited"
    finally:
        if app is not None and app.poll() is None:
            app.terminate()
            try:
                app.wait(30)
            except subprocess.TimeoutExpired:
                app.kill()
        xvfb.terminate()
