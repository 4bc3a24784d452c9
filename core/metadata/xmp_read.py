"""Reading XMP: the packet inside a photo file or a sidecar, parsed as untrusted input.

Packets are parsed by defusedxml with DTDs forbidden, so no entity can expand (a "billion laughs"
packet is refused with a sentence, not expanded), and are capped in size. What is read: MWG face
regions (mwg-rs), Microsoft Photo regions (MP/MPRI/MPReg) and person keywords (digiKam:TagsList
"People/…", lr:hierarchicalSubject "People|…").
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..i18n import _
from .regions import NamedRegion, Rect, clean_region_name, clip_rect

MAX_PACKET = 4 << 20  # larger than any real XMP packet; a bigger one is refused
MAX_REGIONS = 500

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "mwg-rs": "http://www.metadataworkinggroup.com/schemas/regions/",
    "stArea": "http://ns.adobe.com/xmp/sType/Area#",
    "stDim": "http://ns.adobe.com/xap/1.0/sType/Dimensions#",
    "MP": "http://ns.microsoft.com/photo/1.2/",
    "MPRI": "http://ns.microsoft.com/photo/1.2/t/RegionInfo#",
    "MPReg": "http://ns.microsoft.com/photo/1.2/t/Region#",
    "digiKam": "http://www.digikam.org/ns/1.0/",
    "lr": "http://ns.adobe.com/lightroom/1.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "tiff": "http://ns.adobe.com/tiff/1.0/",
}
PEOPLE_TAG = "People"  # not translated: the keyword tree digiKam and Lightroom keep person names under
# The keyword trees, as (property, array kind, separator): People/Ann in digiKam, People|Ann in Lightroom.
KEYWORD_TREES = (("digiKam:TagsList", "rdf:Seq", "/"), ("lr:hierarchicalSubject", "rdf:Bag", "|"))


def q(prefix_name: str) -> str:
    """'mwg-rs:Name' -> '{http://...}Name', ElementTree's spelling."""
    prefix, name = prefix_name.split(":")
    return f"{{{NS[prefix]}}}{name}"


@dataclass
class XmpNames:
    """What one XMP packet says about people."""

    regions: list[NamedRegion] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # person names from the keyword trees
    problems: list[str] = field(default_factory=list)


class XmpError(ValueError):
    """A packet that cannot be read; the message is one sentence for the user."""


def find_packet(data: bytes) -> bytes | None:
    """The XMP packet inside a photo file's bytes (JPEG APP1, PNG iTXt, TIFF/DNG tag 700, HEIC
    item: all store it as plain UTF-8 text), or None."""
    start = data.find(b"<x:xmpmeta")
    end = data.find(b"</x:xmpmeta>", start + 1) if start >= 0 else -1
    if start < 0 or end < 0:
        start = data.find(b"<rdf:RDF")
        end = data.find(b"</rdf:RDF>", start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            return None
        return data[start:end + len(b"</rdf:RDF>")]
    return data[start:end + len(b"</x:xmpmeta>")]


def parse_packet(packet: bytes) -> ET.Element:
    if len(packet) > MAX_PACKET:
        raise XmpError(_("XMP metadata of {mb} MB is larger than any photo's: not read").format(mb=len(packet) >> 20))
    try:
        return SafeET.fromstring(packet, forbid_dtd=True)
    except DefusedXmlException:
        raise XmpError(_("XMP metadata declares entities or a DTD (a way to attack XML readers): not read")) from None
    except ET.ParseError as exc:
        raise XmpError(_("XMP metadata is not well-formed XML ({exc}): not read").format(exc=exc)) from None


def read_names(packet: bytes) -> XmpNames:
    """Regions and person keywords of one packet; never raises (problems are reported)."""
    out = XmpNames()
    try:
        root = parse_packet(packet)
    except XmpError as exc:
        out.problems.append(str(exc))
        return out
    descriptions = [root] if root.tag == q("rdf:Description") else list(root.iter(q("rdf:Description")))
    mwg = [r for d in descriptions for r in _mwg_regions(d, out.problems)]
    mp = [r for d in descriptions for r in _mp_regions(d, out.problems)]
    # MWG first (every app that writes MP regions writes MWG ones too); MP where there are none.
    out.regions = (mwg or mp)[:MAX_REGIONS]
    if len(mwg or mp) > MAX_REGIONS:
        out.problems.append(_("more than {MAX_REGIONS} face regions: the first {MAX_REGIONS} are read").format(MAX_REGIONS=MAX_REGIONS))
    seen: set[str] = set()
    for d in descriptions:
        for name in _people_keywords(d):
            if name.lower() not in seen:
                seen.add(name.lower())
                out.keywords.append(name)
    return out


# -- RDF: a property may be an attribute, a child with text, or a child holding a structure ----
def _value(node: ET.Element, name: str) -> str | None:
    if q(name) in node.attrib:
        return node.attrib[q(name)]
    child = node.find(q(name))
    if child is None:
        return None
    if child.text and child.text.strip():
        return child.text.strip()
    alt = child.find(f"{q('rdf:Alt')}/{q('rdf:li')}")  # a language alternative: the first
    return alt.text.strip() if alt is not None and alt.text else None


def _struct(node: ET.Element, name: str) -> ET.Element | None:
    child = node.find(q(name))
    if child is None:
        return None
    inner = child.find(q("rdf:Description"))
    return inner if inner is not None else child


def _items(node: ET.Element, name: str) -> list[ET.Element]:
    child = node.find(q(name))
    if child is None:
        return []
    for kind in ("rdf:Bag", "rdf:Seq", "rdf:Alt"):
        array = child.find(q(kind))
        if array is not None:
            items = []
            for li in array.findall(q("rdf:li")):
                inner = li.find(q("rdf:Description"))
                items.append(inner if inner is not None else li)
            return items
    return []


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and value == value and abs(value) < 1e9 else None


def _mwg_regions(desc: ET.Element, problems: list[str]) -> list[NamedRegion]:
    info = _struct(desc, "mwg-rs:Regions")
    if info is None:
        return []
    dims = _struct(info, "mwg-rs:AppliedToDimensions")
    applied = None
    if dims is not None:
        w_, h_ = _number(_value(dims, "stDim:w")), _number(_value(dims, "stDim:h"))
        applied = (w_, h_) if w_ and h_ and w_ > 0 and h_ > 0 else None
    out = []
    for item in _items(info, "mwg-rs:RegionList"):
        kind = _value(item, "mwg-rs:Type")
        if kind is not None and kind.lower() != "face":
            continue  # pets, barcodes, focus areas
        area = _struct(item, "mwg-rs:Area")
        if area is None:
            problems.append(_("a face region has no area: left out"))
            continue
        x, y, w, h = (_number(_value(area, f"stArea:{k}")) for k in ("x", "y", "w", "h"))
        unit = (_value(area, "stArea:unit") or "normalized").lower()
        if None in (x, y, w, h) or unit != "normalized":
            problems.append(_("a face region's area is not a normalised rectangle: left out"))
            continue
        assert x is not None and y is not None and w is not None and h is not None
        region = _checked((x - w / 2, y - h / 2, x + w / 2, y + h / 2), problems)
        if region is not None:
            out.append(NamedRegion(region, clean_region_name(_value(item, "mwg-rs:Name")), "mwg", applied))
    return out


def _mp_regions(desc: ET.Element, problems: list[str]) -> list[NamedRegion]:
    info = _struct(desc, "MP:RegionInfo")
    if info is None:
        return []
    out = []
    for item in _items(info, "MPRI:Regions"):
        text = _value(item, "MPReg:Rectangle")
        parts = [_number(p) for p in (text or "").split(",")]
        if len(parts) != 4 or None in parts:
            problems.append(_("a Windows Photo Gallery region has no rectangle: left out"))
            continue
        x, y, w, h = (float(p or 0.0) for p in parts)
        region = _checked((x, y, x + w, y + h), problems)
        if region is not None:
            out.append(NamedRegion(region, clean_region_name(_value(item, "MPReg:PersonDisplayName")), "mp"))
    return out


def _checked(rect: Rect, problems: list[str]) -> Rect | None:
    if rect[2] - rect[0] <= 0 or rect[3] - rect[1] <= 0:
        problems.append(_("a face region has no size: left out"))
        return None
    clipped = clip_rect(rect)
    if clipped is None:
        problems.append(_("a face region lies outside the photo: left out"))
    return clipped


def _people_keywords(desc: ET.Element) -> list[str]:
    names = []
    for prop, _tree, sep in KEYWORD_TREES:
        for li in _items(desc, prop):
            path = (li.text or "").strip().split(sep)
            if len(path) >= 2 and path[0] == PEOPLE_TAG:
                name = clean_region_name(path[-1])
                if name:
                    names.append(name)
    return names
