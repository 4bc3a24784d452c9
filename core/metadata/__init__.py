"""Names that travel with the photos: face regions and person keywords read from XMP (embedded
and sidecars) and Picasa's .picasa.ini, and written back to XMP sidecars.

regions.py (the record, and stored <-> upright coordinates) · xmp_read.py (finding and parsing
packets, safely) · picasa.py · photo_names.py (everything one photo says, in upright pixels) ·
xmp_write.py (sidecars: merged, atomic).
"""
