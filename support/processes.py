"""The process tree from /proc (Linux), for the cluster's test and benchmark: who started whom, and what runs."""

from __future__ import annotations

from pathlib import Path


def _stat_fields(pid: int | str) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (state, parent, ...); raises OSError once gone."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def children(pid: int) -> list[int]:
    """Every process whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(_stat_fields(stat.parent.name)[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if parent == pid:
            found.append(int(stat.parent.name))
    return found


def descendants(pid: int, skip: int | None = None) -> list[int]:
    """Every process below `pid`, without `skip` and the processes below it."""
    found = []
    for child in children(pid):
        if child != skip:
            found += [child, *descendants(child, skip)]
    return found


def alive(pid: int) -> bool:
    """Running (not gone and not a zombie waiting for its parent)."""
    try:
        return _stat_fields(pid)[0] != "Z"
    except OSError:
        return False


def command_line(pid: int) -> str:
    """The process's command line, words joined by spaces ('' once it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
