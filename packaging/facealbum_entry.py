"""The frozen app's entry point: ``FaceAlbum`` alone (or with folders) opens the window; with a
command (``FaceAlbum scan FOLDER``) it is the command line."""

import multiprocessing
import sys

from facealbum.cli.main import main

if __name__ == "__main__":
    # The window's scan and grouping run in spawned child processes: in a frozen app each child
    # starts this same binary, and freeze_support() turns it into the child instead of a second app.
    multiprocessing.freeze_support()
    sys.exit(main())
