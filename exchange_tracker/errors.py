"""The project's own error type for data that cannot be loaded, with one entry per problem."""

from __future__ import annotations

from dataclasses import dataclass

from exchange_tracker.i18n import _, format_number, ngettext

MAX_PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is (file, line, column) and what was wrong."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(_("line {line}").format(line=self.line))
        if self.column is not None:
            where.append(_("column {column}").format(column=self.column))
        return f"{', '.join(where)}: {self.message}"


class DataError(ValueError):
    """Raised when a data file is wrong; `problems` lists every problem found (in file order)."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems = problems
        super().__init__(self.summary())

    def summary(self, limit: int = MAX_PROBLEMS_SHOWN) -> str:
        """All problems, one a line, cut after `limit` with a count of the rest."""
        lines = [str(p) for p in self.problems[:limit]]
        hidden = len(self.problems) - limit
        if hidden > 0:
            lines.append(
                ngettext("... and {count} more problem", "... and {count} more problems", hidden).format(
                    count=format_number(hidden)
                )
            )
        return "\n".join(lines)
