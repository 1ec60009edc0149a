"""Hostile goal files: what each is, and the code that must refuse it. tests/test_resource_limits.py checks each is
refused and stays small; bench/limits.py times them (its `hostile-*` cases)."""

from __future__ import annotations

from collections.abc import Callable


def _alias_bomb() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "alias-bomb": (_alias_bomb, "LD106"),
    "nesting-20000": (lambda: b"code: " + b"[" * 20_000 + b"\n", "LD109"),
    "oversized-6MiB": (lambda: b"title: " + b"x" * (6 * 1024 * 1024) + b"\n", "LD102"),
    "number-5000-digits": (lambda: b'code: "1"\ntitle: t\ndeclared_total: {total: ' + b"9" * 5000 + b"}\n", "LD111"),
}
