"""What converting a library embedded with the raw SFace costs when it is first opened
(library.upgrade_embeddings: the age direction taken out of every stored embedding).

    python benchmarks/upgrade_bench.py [--faces 100000]

The faces are those of group_bench.py (real lfw-dev embeddings plus synthetic identities), stored
under the raw SFace model id. The figure is the conversion's time against reading the same
embeddings once (what every regroup does), in one process.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attach_bench import bench_catalog  # noqa: E402
from common import arguments, report  # noqa: E402


def main() -> int:
    args = arguments(__doc__, faces=100_000).parse_args()
    from facealbum.core.library import upgrade_embeddings
    from facealbum.core.models.builtin import AGEFREE_SFACE_ID, RAW_SFACE_ID

    cat, _vectors = bench_catalog(args.faces)
    old = RAW_SFACE_ID + "bench"
    with cat.transaction():
        cat.execute("UPDATE embeddings SET model=?", (old,))
    started = time.perf_counter()
    ids, _ = cat.embeddings(old)
    read = time.perf_counter() - started
    started = time.perf_counter()
    upgrade_embeddings(cat)
    upgrade = time.perf_counter() - started
    assert cat.embedding_models() == [AGEFREE_SFACE_ID + "bench"] and len(cat.embeddings(AGEFREE_SFACE_ID + "bench")[0]) == len(ids)
    report(f"Converting {len(ids):,} embeddings when the library is first opened: {upgrade:.1f} s, "
           f"{upgrade / read:.1f}x the time to read them once ({read:.1f} s).", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
