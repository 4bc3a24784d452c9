"""How well the current model separates the people the user named (settings and `facealbum accuracy`)."""

from __future__ import annotations

import numpy as np

from .catalog import Catalog
from .evaluation import verification


def accuracy_report(catalog: Catalog, model_id: str) -> dict | None:
    """AUC and score spreads over the named people's faces; None until two people with faces are named."""
    faces, names = [], []
    for person in catalog.people(include_hidden=True):
        if person.name:
            for face in catalog.faces(person_id=person.id):
                faces.append(face.id)
                names.append(person.name)
    if len(set(names)) < 2:
        return None
    ids, vectors = catalog.embeddings(model_id, faces)
    if len(ids) < 3:
        return None
    order = {int(f): k for k, f in enumerate(ids)}
    keep = [k for k, f in enumerate(faces) if f in order]
    vec = vectors[[order[faces[k]] for k in keep]].astype(np.float64)
    ver = verification(vec, [names[k] for k in keep])
    if ver is None:
        return None
    return {"people": len(set(names)), "faces": len(keep), "auc": ver.auc,
            "suggested_similarity": ver.suggested_similarity, "genuine": ver.genuine, "impostor": ver.impostor}
