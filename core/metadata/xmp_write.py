"""Writing names to XMP sidecars: MWG regions, Microsoft Photo regions and person keywords.

Only sidecars are written, never a photo. An existing sidecar is merged into: its other tags stay
as they are, its face regions are replaced by FaceAlbum's (regions of other kinds, such as pets,
stay), and of its keywords only the person names FaceAlbum wrote before are taken out. The new
file replaces the old one atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..i18n import _
from ..raw import RAW_SUFFIXES
from ..records import Box
from .photo_names import sidecars
from .regions import clean_region_name, stored_rect
from .xmp_read import KEYWORD_TREES, NS, PEOPLE_TAG, parse_packet, q

TOOLKIT = "FaceAlbum"

for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class FaceName:
    name: str
    box: Box  # upright full-resolution pixels


def sidecar_path(photo: str) -> str:
    """The sidecar to write: the one already there, else ``photo.jpg.xmp`` (digiKam, darktable),
    or ``photo.xmp`` beside a raw file (Lightroom's spelling, which digiKam also reads)."""
    existing = sidecars(photo)
    if existing:
        return existing[0]
    if os.path.splitext(photo)[1].lower() in RAW_SUFFIXES:
        return os.path.splitext(photo)[0] + ".xmp"
    return photo + ".xmp"


def write_sidecar(path: str, faces: Sequence[FaceName], upright_size: tuple[int, int], orientation: int,
                  previous_names: Iterable[str] = ()) -> list[str]:
    """Write ``faces`` into the sidecar at ``path`` (merged into what is there); returns the names
    written, for the next write to take out again. Raises OSError or ValueError (an existing
    sidecar that cannot be parsed is never overwritten)."""
    existing = None
    if os.path.exists(path):
        with open(path, "rb") as stream:
            existing = stream.read()
    root = parse_packet(existing) if existing is not None else _empty()
    desc = _description(root)
    faces = [FaceName(n, f.box) for f in faces if (n := clean_region_name(f.name))]
    names = sorted({f.name for f in faces}, key=str.casefold)
    _set_regions(root, desc, faces, upright_size, orientation)
    _set_keywords(root, desc, names, {n.casefold() for n in previous_names} | {n.casefold() for n in names})
    _replace(path, _packet(root))
    return names


# -- the tree ------------------------------------------------------------------------------
def _empty() -> ET.Element:
    meta = ET.Element(q("x:xmpmeta"), {f"{{{NS['x']}}}xmptk": TOOLKIT})
    rdf = ET.SubElement(meta, q("rdf:RDF"))
    ET.SubElement(rdf, q("rdf:Description"), {q("rdf:about"): ""})
    return meta


def _description(root: ET.Element) -> ET.Element:
    rdf = root if root.tag == q("rdf:RDF") else root.find(q("rdf:RDF"))
    if rdf is None:
        raise ValueError(_("the sidecar holds no RDF: not changed"))
    desc = rdf.find(q("rdf:Description"))
    if desc is None:
        desc = ET.SubElement(rdf, q("rdf:Description"), {q("rdf:about"): ""})
    return desc


def _all_descriptions(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(q("rdf:Description")))


def _remove_property(root: ET.Element, name: str) -> list[ET.Element]:
    """Take a property out of every description; returns the elements taken out."""
    removed = []
    for desc in _all_descriptions(root):
        desc.attrib.pop(q(name), None)
        for child in desc.findall(q(name)):
            desc.remove(child)
            removed.append(child)
    return removed


def _resource(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, q(name), {q("rdf:parseType"): "Resource"})  # not translated: XMP values


def _set_regions(root: ET.Element, desc: ET.Element, faces: Sequence[FaceName], upright: tuple[int, int],
                 orientation: int) -> None:
    kept = []
    for old in _remove_property(root, "mwg-rs:Regions"):
        holder = old.find(q("rdf:Description"))
        holder = holder if holder is not None else old
        bag = holder.find(f"{q('mwg-rs:RegionList')}/{q('rdf:Bag')}")
        for li in bag.findall(q("rdf:li")) if bag is not None else []:
            item = li.find(q("rdf:Description"))
            item = item if item is not None else li
            kind = item.attrib.get(q("mwg-rs:Type")) or (item.findtext(q("mwg-rs:Type")) or "")
            if kind and kind.lower() != "face":
                kept.append(li)  # a pet, a barcode, a focus area: not FaceAlbum's to touch
    _remove_property(root, "MP:RegionInfo")
    if not faces and not kept:
        return
    w, h = upright
    stored_w, stored_h = (h, w) if orientation >= 5 else (w, h)
    regions = _resource(desc, "mwg-rs:Regions")
    ET.SubElement(regions, q("mwg-rs:AppliedToDimensions"), {
        q("stDim:w"): str(stored_w), q("stDim:h"): str(stored_h), q("stDim:unit"): "pixel"})
    bag = ET.SubElement(ET.SubElement(regions, q("mwg-rs:RegionList")), q("rdf:Bag"))
    mp_bag = ET.SubElement(ET.SubElement(_resource(desc, "MP:RegionInfo"), q("MPRI:Regions")), q("rdf:Bag"))
    for face in faces:
        x1, y1, x2, y2 = stored_rect(face.box, orientation, upright)
        li = ET.SubElement(bag, q("rdf:li"), {q("rdf:parseType"): "Resource"})  # not translated: XMP values
        ET.SubElement(li, q("mwg-rs:Area"), {
            q("stArea:x"): _num((x1 + x2) / 2), q("stArea:y"): _num((y1 + y2) / 2), q("stArea:w"): _num(x2 - x1),
            q("stArea:h"): _num(y2 - y1), q("stArea:unit"): "normalized"})
        ET.SubElement(li, q("mwg-rs:Name")).text = face.name
        ET.SubElement(li, q("mwg-rs:Type")).text = "Face"  # not translated: XMP values
        mp = ET.SubElement(mp_bag, q("rdf:li"), {q("rdf:parseType"): "Resource"})  # not translated: XMP values
        ET.SubElement(mp, q("MPReg:Rectangle")).text = ", ".join(_num(v) for v in (x1, y1, x2 - x1, y2 - y1))
        ET.SubElement(mp, q("MPReg:PersonDisplayName")).text = face.name
    bag.extend(kept)


def _num(value: float) -> str:
    return f"{value:.6f}"


def _set_keywords(root: ET.Element, desc: ET.Element, names: Sequence[str], ours: set[str]) -> None:
    """Person keywords in digiKam's, Lightroom's and the plain dc:subject lists."""
    for prop, kind, sep in (*KEYWORD_TREES, ("dc:subject", "rdf:Bag", None)):

        def spell(name: str, sep: str | None = sep) -> str:
            return name if sep is None else f"{PEOPLE_TAG}{sep}{name}"

        ours_spelled = {spell(n).casefold() for n in ours}
        values: list[str] = []
        for old in _remove_property(root, prop):
            arrays = [a for a in old if a.tag in (q("rdf:Bag"), q("rdf:Seq"), q("rdf:Alt"))]
            for li in arrays[0].findall(q("rdf:li")) if arrays else []:
                text = (li.text or "").strip()
                if text and text.casefold() not in ours_spelled and text not in values:
                    values.append(text)
        values += [spell(n) for n in names]
        if values:
            array = ET.SubElement(ET.SubElement(desc, q(prop)), q(kind))
            for text in values:
                ET.SubElement(array, q("rdf:li")).text = text


def _packet(root: ET.Element) -> bytes:
    if root.tag != q("x:xmpmeta"):  # a bare rdf:RDF: put it in the usual wrapper
        meta = ET.Element(q("x:xmpmeta"), {f"{{{NS['x']}}}xmptk": TOOLKIT})
        meta.append(root)
        root = meta
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body +  # not translated: the XMP packet wrapper
            '\n<?xpacket end="w"?>\n').encode("utf-8")  # not translated: the XMP packet wrapper


def _replace(path: str, data: bytes) -> None:
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=".facealbum-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        except OSError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
