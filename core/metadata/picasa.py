"""Picasa's faces: ``.picasa.ini`` in each folder, ``faces=rect64(…),<contact id>;…`` per photo,
and the names of its contacts (``[Contacts2]``, where Picasa kept them in the folder).

rect64 is 16 hex digits: left, top, right, bottom, each a 16-bit fraction of the stored image.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..i18n import _
from .regions import NamedRegion, clean_region_name, clip_rect

INI_NAMES = (".picasa.ini", "Picasa.ini", "picasa.ini")
MAX_INI = 4 << 20
UNKNOWN_CONTACT = "ffffffffffffffff"
_FACE = re.compile(r"rect64\(([0-9a-fA-F]{1,16})\)\s*,\s*([0-9a-fA-F]+)")


def _sections(text: str) -> dict[str, dict[str, str]]:
    """An ini file read leniently: Picasa's are not always what configparser accepts."""
    out: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], {})
        elif current is not None and "=" in line:
            key, _eq, value = line.partition("=")
            current[key.strip()] = value.strip()
    return out


def read_folder(folder: str | Path) -> tuple[dict[str, list[NamedRegion]], list[str]]:
    """file name -> its faces, and problems, from the folder's Picasa file (empty when none)."""
    for ini_name in INI_NAMES:
        path = os.path.join(str(folder), ini_name)
        if os.path.isfile(path):
            break
    else:
        return {}, []
    try:
        if os.path.getsize(path) > MAX_INI:
            return {}, [_("{ini_name} is larger than any Picasa file: not read").format(ini_name=ini_name)]
        with open(path, "rb") as stream:
            text = stream.read().decode("utf-8", errors="replace")
    except OSError as exc:
        return {}, [_("cannot read {name}: {reason}").format(name=ini_name, reason=exc.strerror or exc)]
    sections = _sections(text)
    contacts: dict[str, str | None] = {}
    for key, value in sections.get("Contacts2", {}).items():
        contacts[key.lower()] = clean_region_name(value.split(";")[0])
    faces: dict[str, list[NamedRegion]] = {}
    problems: list[str] = []
    for photo, keys in sections.items():
        if "faces" not in keys:
            continue
        for hex_rect, contact_id in _FACE.findall(keys["faces"]):
            bits = int(hex_rect, 16)
            left, top, right, bottom = ((bits >> shift) & 0xFFFF for shift in (48, 32, 16, 0))
            rect = clip_rect((left / 65535, top / 65535, right / 65535, bottom / 65535))
            if rect is None:
                problems.append(_("{photo}: a Picasa face has no size or lies outside the photo: left out").format(photo=photo))
                continue
            contact = contact_id.lower()
            person = None if contact == UNKNOWN_CONTACT else contacts.get(contact)
            faces.setdefault(photo, []).append(NamedRegion(rect, person, "picasa"))
    return faces, problems
