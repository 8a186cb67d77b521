"""Many report files to many outputs; one bad file never stops the rest."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .compose import compose
from .figures import compute
from .files import os_reason, write_atomically
from .loader import attach_lines, load_file
from .render.pdf import ConverterPool, PdfError, cold_convert, uno_python
from .problems import Problem, errors
from .profiles import Profile
from .render.to_docx import render_docx
from .rules import check

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Job:
    source: Path
    target: Path
    format: str


@dataclass
class Result:
    job: Job
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)


def _docx_for(source: Path, profile: Profile, charts: bool) -> tuple[bytes | None, list[Problem], str | None]:
    loaded = load_file(source)
    if loaded.report is None:
        return None, loaded.problems, _refused(loaded.problems)
    figures = compute(loaded.report)
    problems = attach_lines(check(loaded.report, figures), loaded.lines)
    if errors(problems):
        return None, problems, _refused(problems)
    return render_docx(compose(loaded.report, figures, charts=charts), profile), problems, None


def _refused(problems: list[Problem]) -> str:
    return f"Có {len(errors(problems))} lỗi. Chưa xuất báo cáo: hãy sửa các lỗi trên."


def _to_pdf(docx: bytes, target: Path, pool: ConverterPool | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chibo-batch-") as work:
        source = Path(work, target.stem + ".docx")
        produced = Path(work, target.stem + ".pdf")
        source.write_bytes(docx)
        if pool is not None:
            try:
                pool.convert(source, produced)
            except PdfError:
                cold_convert(source, produced)  # the warm path failed twice: go cold
        else:
            cold_convert(source, produced)
        write_atomically(target, produced.read_bytes())


def run_batch(
    jobs: list[Job],
    *,
    profile: Profile,
    charts: bool = True,
    progress: Callable[[int], contextlib.AbstractContextManager] | None = None,
    on_problems: Callable[[Path, list[Problem]], None] | None = None,
) -> list[Result]:
    """Run every job; each result says what failed and why, in Vietnamese.

    Memory stays flat however many reports: each source is rendered once, all
    its formats are written or queued, then its DOCX is dropped; at most a few
    PDF conversions wait in the queue, each holding its own DOCX.
    """
    results = [Result(job) for job in jobs]
    by_source: dict[Path, list[Result]] = {}
    for result in results:
        by_source.setdefault(result.job.source, []).append(result)
    pdf_jobs = sum(job.format == "pdf" for job in jobs)
    workers = max(1, min(pdf_jobs, os.cpu_count() or 1))
    in_flight_limit = 2 * workers  # keeps every converter busy, and no more DOCX in memory
    pool = ConverterPool(workers) if pdf_jobs and uno_python() is not None else None
    executor = ThreadPoolExecutor(workers, thread_name_prefix="chibo-batch")
    bar = progress(len(jobs)) if progress else contextlib.nullcontext()
    in_flight: deque[tuple[Result, Future]] = deque()
    try:
        with bar as ticker:

            def tick() -> None:
                if ticker:
                    ticker.update(1)

            def finish_oldest() -> None:
                result, future = in_flight.popleft()
                try:
                    future.result()
                except PdfError as exc:
                    result.error = str(exc)
                except OSError as exc:
                    result.error = f"không ghi được {result.job.target}: {os_reason(exc)}."
                except Exception as exc:  # a bug must not stop the other files
                    result.error = f"lỗi không mong đợi: {exc}"
                tick()

            for source, source_results in by_source.items():
                try:
                    docx, problems, error = _docx_for(source, profile, charts)
                except Exception as exc:  # a bug must not stop the other files
                    docx, problems, error = None, [], f"lỗi không mong đợi: {exc}"
                if on_problems and problems:
                    on_problems(source, problems)
                for result in source_results:
                    job = result.job
                    result.problems = problems
                    if error:
                        result.error = error
                    elif job.format == "docx":
                        try:
                            write_atomically(job.target, docx)
                        except OSError as exc:
                            result.error = f"không ghi được {job.target}: {os_reason(exc)}."
                    else:
                        while len(in_flight) >= in_flight_limit:
                            finish_oldest()
                        in_flight.append((result, executor.submit(_to_pdf, docx, job.target, pool)))
                        continue
                    tick()
                del docx  # only queued conversions still hold it
            while in_flight:
                finish_oldest()
    finally:
        executor.shutdown(wait=True)
        if pool is not None:
            pool.close()
    return results
