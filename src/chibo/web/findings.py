"""Problems as the editor shows them: each tied to its step and field, counted per step.

A problem's path names a field of the report data; here it becomes the step that
holds the field and the id of the input to focus, so every problem can link to it.
"""

from __future__ import annotations

from chibo import fieldpaths
from chibo.problems import Problem, Severity

from .editor import Input

# The step holding each top-level part of the report, for problems whose field has
# no input of its own (a whole group such as "classification", a level of another scale).
_STEP_OF_PART = {
    "year": "chung",
    "meta": "chung",
    "members": "dang-vien",
    "school": "dang-vien",
    "students": "hoc-sinh",
    "classification": "xep-loai",
    "achievements": "xep-loai",
    "targets_set": "chi-tieu",
    "target_results": "chi-tieu",
    "targets": "chi-tieu",
    "narrative": "noi-dung",
}


def _inside(path: str, base: str) -> bool:
    return path.startswith(base + ".") or path.startswith(base + "[")


def _editable(all_steps) -> list[tuple[str, Input]]:
    """Each input a problem can link to, with its step's key."""
    return [(s.key, i) for s in all_steps for g in s.groups for i in g.inputs if not i.readonly]


def locate(path: str, all_steps, inputs: list[tuple[str, Input]] | None = None) -> tuple[str | None, str | None]:
    """(step key, input id) of the field a problem is about; the nearest input when the
    problem is about a group (its first field) or a part with no input (its group's).
    ``inputs``: _editable(all_steps), made once by a caller locating many problems."""
    if inputs is None:
        inputs = _editable(all_steps)
    for test in (
        lambda i: i.path == path,
        lambda i: _inside(i.path, path),
        lambda i: _inside(path, i.path),
    ):
        for key, item in inputs:
            if test(item):
                return key, item.html_id
    step = _STEP_OF_PART.get(fieldpaths.top(path))
    if step not in {s.key for s in all_steps}:
        return None, None
    # a field drawn outside the groups' inputs (the member table's cells) has the same id
    return step, Input(path, "", "").html_id


def as_json(problems: list[Problem], all_steps) -> list[dict]:
    """What the browser gets: the message for people (never the file hint), where it links."""
    out = []
    inputs = _editable(all_steps)
    for p in problems:
        step, anchor = locate(p.path, all_steps, inputs)
        out.append(
            {
                "path": p.path,
                "severity": p.severity.value,
                "message": p.message,
                "step": step,
                "anchor": anchor,
                "empty": p.empty,
            }
        )
    return out


def count_by_step(problems: list[Problem], all_steps) -> None:
    """Set `n_errors` and `n_warnings` on each step (the badges on the step buttons).

    A field only left empty is not counted here: it is flagged once the user has
    left it (app.js) or at submission, not on first opening a new draft."""
    counts = {s.key: [0, 0] for s in all_steps}
    inputs = _editable(all_steps)
    for p in problems:
        if p.empty:
            continue
        step, _ = locate(p.path, all_steps, inputs)
        if step in counts:
            counts[step][0 if p.severity is Severity.ERROR else 1] += 1
    for s in all_steps:
        s.n_errors, s.n_warnings = counts[s.key]
        s.badge_text = badge_text(s.n_errors, s.n_warnings)


def badge_text(n_errors: int, n_warnings: int) -> str:
    """"3 lỗi, 1 cảnh báo"; "" when there is nothing."""
    parts = [f"{n} {word}" for n, word in ((n_errors, "lỗi"), (n_warnings, "cảnh báo")) if n]
    return ", ".join(parts)
