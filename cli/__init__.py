"""``facealbum``, the command line: a front end beside the window, over the same core.

Laid out like calibre's db/cli: main.py builds the parser and runs a command; each command is
a module cmd_<name>.py with ``register(sub, common)`` and ``run(args)``; helpers.py holds what
they share. Nothing in facealbum.core or facealbum.gui imports this package.
"""
