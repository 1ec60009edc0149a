"""The parse floor, in one process: every `*.yaml` below a folder composed by PyYAML's C loader (libyaml's parser and
PyYAML's C composer: the limit), or read by stratplan's loader (`yamlio.load_bytes`: data, positions and the hardening
checks). bench/run.py times both as whole processes beside `validate -j 1`.

    python bench/parse_limit.py compose|load DIR
"""

from __future__ import annotations

import contextlib
import gc
import sys
from pathlib import Path


def main() -> None:
    mode, folder = sys.argv[1], Path(sys.argv[2])
    files = sorted(p for p in folder.rglob("*.yaml") if p.is_file())
    # The list lives as long as the run: kept out of the collector's full collections, which would otherwise walk
    # its paths again and again, a cost that grows with the number of files (5.9x the time for 4x the files).
    gc.freeze()
    if mode == "compose":
        import yaml

        for path in files:
            yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)
    elif mode == "load":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
        from stratplan.core.diagnostics import StratplanError
        from stratplan.io.yamlio import load_bytes

        for path in files:
            with contextlib.suppress(StratplanError):  # refused: validate reports it; it costs the same
                load_bytes(path.read_bytes(), str(path))
    else:
        raise SystemExit(f"unknown mode {mode!r}: compose or load")
    print(f"{mode}: {len(files)} files")


if __name__ == "__main__":
    main()
