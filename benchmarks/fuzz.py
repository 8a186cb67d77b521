"""Fuzzing: generated hostile input through the loader and through the web save endpoint.

Run from the repository root (needs the ``test`` extra for hypothesis)::

    python benchmarks/fuzz.py                 # 10,000 cases each
    python benchmarks/fuzz.py --cases 2000 --only loader

Loader: each case is a text from ``tests/test_loader_fuzz.py``'s generators (any
text, lone surrogates included; YAML-shaped documents from the model's real field
names with anchors, aliases, tags and odd scalars; the example report with a few
lines cut, duplicated or changed) given to ``chibo.loader.parse_text``, then, when
it gives a report, to the checks (what ``chibo check`` does). A failure is any
exception, or a failed load without a problem.

Save endpoint: a temporary SQLite database (the tests' settings, ``tests/web_settings.py``)
holds one cell, its secretary, signed in, and the example report. Each case POSTs
a body to ``/bao-cao/<id>/luu/`` through Django's test client: mostly the editor's
shape (``base_version``, ``changes``, ``force``) with paths the editor shows, paths
it never shows (``meta``, ``meta.__class__``, huge list indexes…) and values of
every JSON kind (NaN, Infinity, NUL, lone surrogates, long text, deep nesting),
sometimes arbitrary JSON or bytes. A failure is a 5xx (or an exception), a 4xx
after which the stored report or its version changed, or, after a 2xx, the
report's editor page or history page answering 5xx. The report is put back to
the example every 200 cases so saves do not pile up.

Nothing is cached between cases except the signed-in session and Django's
warmed imports. Prints the cases, failures per kind and the first examples, the
time per case, and last ``fuzz_cases: N failures: F``; exit status 1 if F > 0.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SHOWN = 3  # examples printed per kind of failure


class Failures:
    def __init__(self) -> None:
        self.kinds: dict[str, list[str]] = collections.defaultdict(list)
        self.count = 0

    def add(self, kind: str, example: str) -> None:
        self.count += 1
        self.kinds[kind].append(example)

    def report(self, title: str) -> None:
        for kind, examples in sorted(self.kinds.items()):
            print(f"  {title} failure «{kind}»: {len(examples)}")
            for example in examples[:SHOWN]:
                print("    " + example[:600].replace("\n", "\n    "))


def _run(cases: int, strategy, case) -> int:
    """Run ``case`` on ``cases`` generated values (generation only: no shrinking, no database)."""
    done = 0

    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value):
        nonlocal done
        done += 1
        case(value)

    run()
    return done


# --- the loader ---------------------------------------------------------------------


def fuzz_loader(cases: int) -> tuple[int, Failures]:
    from test_loader_fuzz import documents, read_and_check

    failures = Failures()

    def case(text: str) -> None:
        try:
            read_and_check(text)
        except BaseException as exc:  # noqa: BLE001 - any exception is what we look for
            if isinstance(exc, KeyboardInterrupt):
                raise
            failures.add(f"{type(exc).__name__} in {_where(exc)}", f"{text[:300]!r}\n{exc!r}")

    return _run(cases, documents, case), failures


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/chibo/" in f.filename] or frames
    return f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"


# --- the save endpoint --------------------------------------------------------------


def _django(data_dir: str) -> None:
    import logging

    logging.disable(logging.CRITICAL)  # every refused save logs a line; failures are printed here
    os.environ["CHIBO_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "web_settings"
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


def _editor_paths(data: dict) -> list[str]:
    from chibo.web.editor import steps

    return sorted({i.path for s in steps(data) for g in s.groups for i in g.inputs})


HOSTILE_PATHS = [
    "", "meta", "meta.__class__", "meta.__dict__", "meta[5]", "narrative.opening.x", "year",
    "members.roster", "members.roster[0].name", "options.percent_decimals", "meta.recipients[100000000]",
    "meta.recipients[999999999]", "meta.recipients[-1]", "meta..number", ".meta", "meta.number.", "a" * 500,
    "__proto__", "constructor.prototype", "meta.number[0]", "narrative.opening[0][0]", "Meta.Number",
    "meta.recipients[01]", "meta.recipients[ 1]", "ｍｅｔａ.number", "meta.number\x00",
]


def _body_strategy(paths: list[str]):
    text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
    long_text = st.integers(1, 2_200_000).map(lambda n: "Đoạn văn dài. " * (n // 14 + 1))
    value = st.recursive(
        st.one_of(
            st.none(), st.booleans(), st.integers(-(10**30), 10**30),
            st.floats(allow_nan=True, allow_infinity=True), text,
            st.sampled_from(["", "0", "05", "-1", "1e309", "2026-02-31", "31/12/2026", "thcs", "\x00", "\ud800",
                             "a\ud800b", "<script>x</script>", "{{ x }}", "NaN", "Infinity", " ", "\t\n"]),
        ),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
        max_leaves=10,
    )
    value = st.one_of(*[value] * 9, long_text)  # a long text now and then: size caps, not speed
    path = st.one_of(st.sampled_from(paths), st.sampled_from(paths), st.sampled_from(HOSTILE_PATHS), text)
    changes = st.dictionaries(path, value, max_size=6)
    version = st.one_of(st.just("current"), st.integers(-5, 10**12), st.none(), text, st.floats())
    shaped = st.builds(
        lambda v, c, f, extra: ("shaped", v, c, f, extra),
        version, changes, st.one_of(st.booleans(), st.none(), text, st.integers()),
        st.dictionaries(text, value, max_size=2),
    )
    raw = st.one_of(
        st.binary(max_size=200).map(lambda b: ("raw", b)),
        st.sampled_from([b"", b"null", b"[]", b"{}", b"[" * 5000 + b"]" * 5000, b'{"changes": ' * 3000,
                         b'{"base_version": NaN, "changes": {}, "force": false}',
                         b'{"base_version": 1, "changes": {"meta.number": NaN}, "force": false}',
                         b'{"base_version": 1, "changes": {"meta.number": Infinity}, "force": false}',
                         b'{"base_version": 1, "changes": {"meta.number": "\\ud800"}, "force": false}',
                         b'{"base_version": 1, "changes": {"meta.number": "a\\u0000b"}, "force": false}',
                         b'\xff\xfe{"x": 1}']).map(lambda b: ("raw", b)),
        st.recursive(st.none() | st.integers() | text, lambda c: st.lists(c) | st.dictionaries(text, c),
                     max_leaves=20).map(lambda j: ("json", j)),
    )
    # What the editor itself sends: text values for the paths it shows, the current version.
    plausible_value = st.one_of(
        st.integers(0, 10**6).map(str), st.decimals(0, 100, places=2).map(str), text, st.none(),
        st.sampled_from(["", "2026-12-20", "20/12/2026", "thcs", "tot", "hoan_thanh_tot", "Đoạn một.\n\nĐoạn hai."]),
    )
    plausible = st.builds(
        lambda c, f: ("shaped", "current", c, f, {}),
        st.dictionaries(st.sampled_from(paths), plausible_value, min_size=1, max_size=4), st.booleans(),
    )
    return st.one_of(plausible, plausible, plausible, shaped, shaped, raw)


def _encode(body, version: int) -> bytes:
    kind = body[0]
    if kind == "raw":
        return body[1]
    if kind == "json":
        return json.dumps(body[1]).encode()
    _, v, changes, force, extra = body
    shaped = {"base_version": version if v == "current" else v, "changes": changes, "force": force}
    shaped.update(extra)
    return json.dumps(shaped).encode("utf-8", "surrogatepass")


def fuzz_save(cases: int) -> tuple[int, Failures]:
    data_dir = tempfile.mkdtemp(prefix="chibo-fuzz-")
    try:
        _django(data_dir)
        from django.db import connection

        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            return _fuzz_save(cases)
        finally:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _fuzz_save(cases: int) -> tuple[int, Failures]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from chibo.web.models import Cell, Membership, Organisation, Report, ReportVersion
    from web.conftest import example_data

    org = Organisation.objects.create(name="Đảng bộ xã Đông Thành")
    cell = Cell.objects.create(organisation=org, name="Chi bộ Trường THCS Đông Thành", school_level="thcs")
    user = get_user_model().objects.create_user(username="bithu1", password="mat-khau-fuzz-2026")
    Membership.objects.create(user=user, organisation=org, cell=cell, role=Membership.SECRETARY)
    original = example_data()
    report = Report.objects.create(cell=cell, year=2026, data=original, version=1, updated_by=user)
    ReportVersion.objects.create(report=report, number=1, data=original, created_by=user)
    client = Client(raise_request_exception=False)  # a 5xx is counted, with where it came from
    client.force_login(user)
    save_url = reverse("report_save", args=[report.pk])
    pages = [reverse("report_step", args=[report.pk, "xem-truoc"]), reverse("report_versions", args=[report.pk])]
    paths = _editor_paths(original)
    failures = Failures()
    statuses: collections.Counter[int] = collections.Counter()
    done = 0

    def state() -> tuple[int, str]:
        row = Report.objects.filter(pk=report.pk).values_list("version", "data").get()
        return row[0], json.dumps(row[1], sort_keys=True, ensure_ascii=False)

    def case(body) -> None:
        nonlocal done
        done += 1
        if done % 200 == 0:  # back to the example, so saves do not pile up
            Report.objects.filter(pk=report.pk).update(data=original)
        before = state()
        raw = _encode(body, before[0])
        shown = raw[:400].decode("utf-8", "backslashreplace")
        try:
            response = client.post(save_url, data=raw, content_type="application/json")
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, KeyboardInterrupt):
                raise
            failures.add(f"exception {type(exc).__name__} in {_where(exc)}", f"{shown}\n{exc!r}")
            return
        status = response.status_code
        statuses[status] += 1
        if status >= 500:
            where = f" from {_where(response.exc_info[1])}" if getattr(response, "exc_info", None) else ""
            failures.add(f"HTTP {status}{where}", shown)
        elif 400 <= status < 500 and state() != before:
            failures.add(f"HTTP {status} changed the saved report", shown)
        elif status < 300:
            for page in pages:
                answer = client.get(page)
                if answer.status_code >= 500:
                    failures.add(f"after a saved body, {page} answers {answer.status_code}", shown)

    _run(cases, _body_strategy(paths), case)
    print("save: answers " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    return done, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="generated cases for each target (default 10000)")
    parser.add_argument("--only", choices=["loader", "save"], help="fuzz one target only")
    args = parser.parse_args()
    total_cases = total_failures = 0
    for name, fuzz in (("loader", fuzz_loader), ("save", fuzz_save)):
        if args.only and args.only != name:
            continue
        start = time.perf_counter()
        cases, failures = fuzz(args.cases)
        seconds = time.perf_counter() - start
        print(f"{name}: {cases} cases in {seconds:.1f} s ({1000 * seconds / max(cases, 1):.1f} ms/case), "
              f"{failures.count} failures")
        failures.report(name)
        total_cases += cases
        total_failures += failures.count
    print(f"fuzz_cases: {total_cases} failures: {total_failures}")
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
