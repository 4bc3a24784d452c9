"""Model packs: a face detector, a face recognizer (and, in some packs, age and gender), run by
onnxruntime. base.py says what a pack is; packs.py which exist and how one is loaded; builtin.py
and insight.py are the two families; runtime.py makes the sessions; download.py and integrity.py
fetch a pack and check its files."""
