"""Reading a plan file: what the size on the descriptor says is read in one go, and a file that grew since is
still read whole, up to the limit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from stratplan.core.diagnostics import StratplanError
from stratplan.io import files


def _reporting_size(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """os.fstat as it was before the file grew: it says the file holds `size` bytes."""
    real = os.fstat

    def fstat(descriptor: int) -> Any:
        info = real(descriptor)
        return os.stat_result((*info[:6], size, *info[7:]))

    monkeypatch.setattr(files.os, "fstat", fstat)


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101])
def test_a_file_is_read_whole_whatever_size_its_descriptor_gave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 size: int) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a" * 100)
    _reporting_size(monkeypatch, size)
    assert files.read_regular_file(path, limit=1000) == b"a" * 100


def test_a_file_that_grew_past_the_limit_is_read_one_byte_past_it(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The caller sees it is over the limit (as when the file was that large to begin with), not a cut file."""
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a" * 100)
    _reporting_size(monkeypatch, 10)
    assert files.read_regular_file(path, limit=50) == b"a" * 51


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a" * 100)
    with pytest.raises(StratplanError) as caught:
        files.read_regular_file(path, limit=50)
    assert [(d.code, d.message) for d in caught.value.diagnostics] == [
        ("LD102", "file is 100 bytes, over the 50-byte limit")]
