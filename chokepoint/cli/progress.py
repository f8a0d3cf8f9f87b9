"""The ingest's progress bar: an :class:`~chokepoint.ingest.service.IngestObserver` drawn with rich."""

from __future__ import annotations

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from chokepoint.cli.output import console
from chokepoint.ingest.writer import Rejection


class _RateColumn(ProgressColumn):
    """Records per second, which rich's built-in columns only show for bytes."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rec/s" if speed else "… rec/s")


class ProgressBar:
    """One bar per ingest: records read (of the total when known), rate, time; rejections above it."""

    def __init__(self) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def started(self, dataset: str, total: int | None) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self._task = self._progress.add_task(dataset, total=total)
        self._progress.start()

    def progressed(self, read: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=read)

    def rejected(self, rejection: Rejection) -> None:
        out = self._progress.console if self._progress is not None else console
        out.print(f"[yellow]rejected[/] {rejection.record_id}: {rejection.reason}")

    def stopped(self, read: int) -> None:
        if self._progress is not None and self._task is not None:
            if read:
                self._progress.update(self._task, completed=read)
            self._progress.stop()
        self._progress = self._task = None
