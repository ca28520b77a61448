"""`python -m bench`: every figure of the benchmark in one run, each with the baseline
measured in the same run; a table on standard output and bench/results.json.

Progress goes to standard error. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.stats import Figure, Target, median

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FOSDEM_XML = SHARED_DATA / "fosdem-2025-schedule.xml"
CCC_XML = SHARED_DATA / "38c3-schedule.xml"
RC3_JSON = SHARED_DATA / "rc3-2020-pretalx-schedule.json"
GENERATED_SESSIONS = 10_000
EXPORT_SESSIONS = 1_000
FRAME_MS = 16.7  # one frame at 60 Hz
DEFAULT_OUTPUT = REPO / "bench" / "results.json"
WORK_PREFIX = ".work-"


@dataclass
class AgendaSubject:
    """An agenda measured at one size: its TOML file and the moment to open it at."""

    key: str
    label: str
    path: Path | None  # None: the embedded symposium, opened without --agenda
    at: str
    sessions: int = 0

    @property
    def file(self) -> Path:
        from agenda_tui.paths import embedded_agenda_path

        return self.path or embedded_agenda_path()


@dataclass
class Bench:
    runs: int
    quick: bool
    work: Path
    started: float = field(default_factory=time.perf_counter)
    figures: list[Figure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def warm_up(self) -> bool:
        return not self.quick

    def progress(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f} s] {message}", file=sys.stderr, flush=True)

    def skip(self, reason: str) -> None:
        self.skipped.append(reason)
        print(f"skipped: {reason}", file=sys.stderr, flush=True)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure


# -- the working directory ---------------------------------------------------------------


def filesystem_type(path: Path) -> str:
    """The type of the filesystem holding `path`, from /proc/mounts ("?" elsewhere)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "?"
    resolved, best, kind = str(path.resolve()), "", "?"
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def make_workspace() -> Path:
    """A fresh directory on a real disk (not tmpfs: fsync must cost what it costs users),
    under bench/ or else the home directory."""
    for parent in (REPO / "bench", Path.home()):
        if filesystem_type(parent) in ("tmpfs", "ramfs"):
            continue
        try:
            return Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=parent))
        except OSError:
            continue
    raise SystemExit("bench: no directory on a real disk to work in (bench/ and ~ are tmpfs)")


# -- the subjects ---------------------------------------------------------------------------


def prepare_subjects(bench: Bench) -> list[AgendaSubject]:
    """The symposium; unless --quick, FOSDEM 2025 converted to TOML and the generated agenda."""
    from agenda_tui.agenda_file import load_agenda

    subjects = [AgendaSubject("symposium", "symposium", None, "2024-03-14T10:00")]
    if not bench.quick:
        if FOSDEM_XML.is_file():
            from agenda_tui.agenda_file import save_agenda
            from agenda_tui.importing import import_source

            bench.progress("converting FOSDEM 2025 to TOML")
            agenda = import_source(FOSDEM_XML).agenda
            path = bench.work / "fosdem-2025.toml"
            save_agenda(agenda, path)
            subjects.append(AgendaSubject("fosdem", "FOSDEM 2025", path,
                                          f"{agenda.conference.start_date}T10:00"))
            del agenda
        else:
            bench.skip(f"FOSDEM rows: {FOSDEM_XML} is absent (the shared data sits beside the "
                       "checkout only on the project's own machines)")
        from bench.generate import write_agenda

        bench.progress(f"generating {GENERATED_SESSIONS:,} sessions")
        path = write_agenda(bench.work / f"generated-{GENERATED_SESSIONS}.toml", GENERATED_SESSIONS)
        subjects.append(AgendaSubject(f"generated_{GENERATED_SESSIONS}", f"generated {GENERATED_SESSIONS:,}",
                                      path, "2025-02-01T10:00"))
    for subject in subjects:
        subject.sessions = len(load_agenda(subject.file).sessions)
    return subjects


def label(subject: AgendaSubject) -> str:
    return f"{subject.label} ({subject.sessions:,})"


# -- 1 and 7: first frame and peak memory -----------------------------------------------------


def measure_startup(bench: Bench, subjects: list[AgendaSubject], home: Path) -> None:
    from bench.startup import Subject, child_environment, measure_startups

    state_dir = bench.work / "state-startup"
    starts = [Subject("baseline", "baseline", ["baseline"])]
    for subject in subjects:
        argv = ["--state-dir", str(state_dir), "--at", subject.at]
        if subject.path is not None:
            argv = ["--agenda", str(subject.path), *argv]
        starts.append(Subject(subject.key, label(subject), argv))
    measure_startups(starts, bench.runs, warm_up=bench.warm_up, cwd=REPO,
                     env=child_environment(home), progress=bench.progress)
    baseline = starts[0]
    frame_targets = {"symposium": 1.25, f"generated_{GENERATED_SESSIONS}": 2.0}
    for start in starts:
        bench.add(Figure(f"first_frame.{start.key}", "first frame", start.label, "ms",
                         start.first_frame_ms, baseline.first_frame_ms,
                         Target("ratio", frame_targets[start.key]) if start.key in frame_targets else None,
                         notes={"rows_at_first_frame": start.rows}))
    for start in starts:
        bench.add(Figure(f"peak_rss.{start.key}", "peak memory (RSS)", start.label, "MB",
                         start.peak_rss_mb, baseline.peak_rss_mb,
                         Target("mb_over", 60) if start.key == f"generated_{GENERATED_SESSIONS}" else None))


# -- 2: load, validate, import -------------------------------------------------------------------


def measure_loading(bench: Bench, subjects: list[AgendaSubject]) -> None:
    from bench.loading import loader, measure_import, measure_load

    if not loader()[2]:
        bench.skip("warm load rows: load_agenda has no `cache` keyword yet (cold = the plain load)")
    for subject in subjects:
        bench.progress(f"load and validate: {subject.label}")
        samples = measure_load(subject.file, bench.runs, warm_up=bench.warm_up)
        big = subject.key == f"generated_{GENERATED_SESSIONS}"
        bench.add(Figure(f"load.cold.{subject.key}", "load+validate, cold", label(subject), "ms",
                         samples["cold"], samples["parse"], Target("ms", 300) if big else None))
        if samples["warm"] is not None:
            bench.add(Figure(f"load.warm.{subject.key}", "load, warm cache", label(subject), "ms",
                             samples["warm"], samples["parse"]))
        gc.collect()
    # rC3's schedule.json names no time zone: the CLI would need --timezone too.
    sources = [("fosdem_xml", "FOSDEM 2025 XML", FOSDEM_XML, None, Target("ms", 500)),
               ("38c3_xml", "38C3 XML", CCC_XML, None, None),
               ("rc3_json", "rC3 2020 JSON", RC3_JSON, "Europe/Berlin", None)]
    if bench.quick:
        sources = sources[2:]  # the small one only: the code path, not the figure
    for key, name, path, timezone, target in sources:
        if not path.is_file():
            bench.skip(f"import of {name}: {path} is absent")
            continue
        bench.progress(f"import: {name}")
        samples = measure_import(path, bench.runs, warm_up=bench.warm_up, timezone=timezone)
        bench.add(Figure(f"import.{key}", "import", f"{name} ({samples['sessions']:,})", "ms",
                         samples["import"], samples["parse"], target))
        gc.collect()


# -- 3, 4, 5: interactions ----------------------------------------------------------------------


def measure_interactions(bench: Bench, subject: AgendaSubject) -> None:
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.schedule import conference_days, parse_moment
    from bench.interactions import agenda_interactions, baseline_interactions

    agenda = load_agenda(subject.file)
    at = parse_moment(subject.at, agenda.zone)
    days = min(len(conference_days(agenda)), 5)
    del agenda
    gc.collect()
    state_dir = bench.work / "state-interactions"
    state_dir.mkdir(exist_ok=True)
    ours = asyncio.run(agenda_interactions(subject.file, state_dir, at, bench.runs, bench.progress))
    gc.collect()
    base = asyncio.run(baseline_interactions(bench.runs, days, bench.progress))
    gc.collect()
    big = subject.key == f"generated_{GENERATED_SESSIONS}"
    rows = [("search", "search, per keystroke", Target("ms", 16, on_p95=True) if big else None),
            ("tabs", "day-tab switch", None),
            ("scroll", "scroll (biggest day)", None)]
    for key, measure, target in rows:
        figure = bench.add(Figure(f"{key}.{subject.key}", measure, label(subject), "ms",
                                  ours[key].samples, base[key].samples, target, with_p95=True))
        figure.notes.update(breakdown(ours[key]))
        figure.notes.update({f"baseline_{name}": value for name, value in breakdown(base[key]).items()
                             if name != "checks"})
    bench.add(Figure(f"bookmark.{subject.key}", "bookmark toggle, durable", label(subject), "ms",
                     ours["bookmark"].samples, ours["bookmark_floor"].samples,
                     Target("ms", 10, on_p95=True), with_p95=True,
                     notes={"key_handled_ms_median": median([t.handled_ms for t in ours["bookmark"].timings]),
                            "checks": ours["bookmark"].checks,
                            "baseline_is": "agenda_tui.atomic.atomic_write_bytes of the state file, "
                                           "after each toggle"}))


def measure_grid(bench: Bench, subjects: list[AgendaSubject]) -> None:
    """The timeline grid on FOSDEM 2025's busiest day (the symposium with --quick)."""
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.schedule import parse_moment
    from bench.interactions import grid_interactions

    chosen = next((s for s in subjects if s.key == "fosdem"), None)
    if chosen is None and bench.quick:
        chosen = subjects[0]
    if chosen is None:
        bench.skip("grid rows: FOSDEM 2025 is not among the subjects (its XML is absent)")
        return
    at = parse_moment(chosen.at, load_agenda(chosen.file).zone)
    gc.collect()
    state_dir = bench.work / "state-grid"
    state_dir.mkdir(exist_ok=True)
    ours = asyncio.run(grid_interactions(chosen.file, state_dir, at, bench.runs, bench.progress))
    gc.collect()
    rows = [("grid_open", "table_open", "grid: open the busiest day", Target("ms_over", FRAME_MS)),
            ("grid_toggle", "table_toggle", "grid: g, table to grid", None),
            ("grid_keys", "table_keys", "grid: keystroke", Target("ms", 16, on_p95=True))]
    for key, base, measure, target in rows:
        if not ours[key].timings:
            continue  # a one-day agenda has no other day's tab to open it from
        figure = bench.add(Figure(f"{key}.{chosen.key}", measure, label(chosen), "ms",
                                  ours[key].samples, ours[base].samples, target, with_p95=True))
        figure.notes.update(breakdown(ours[key]))
        figure.notes.update({f"baseline_{name}": value for name, value in breakdown(ours[base]).items()
                             if name != "checks"})
        figure.notes["baseline_is"] = {"table_open": "the same day opened as a table",
                                       "table_toggle": "g, grid back to table",
                                       "table_keys": "as many keys in the day table"}[base]


def breakdown(series) -> dict[str, object]:
    """Where a key's time went (medians): handling before the first paint, painting, and
    the idle wait for the paint timer that the figure leaves out."""
    timings = series.timings
    return {
        "key_handled_ms_median": median([t.handled_ms for t in timings]),
        "paint_ms_median": median([t.paint_ms for t in timings]),
        "paints_per_key_median": median([t.paints for t in timings]),
        "idle_wait_ms_median": median([t.idle_ms for t in timings]),
        "checks": series.checks,
    }


# -- 6: export ------------------------------------------------------------------------------------


def measure_export(bench: Bench, subject: AgendaSubject) -> None:
    from bench.loading import measure_ics_export

    bench.progress(f"ICS export from {subject.label}")
    state_dir = bench.work / "state-export"
    state_dir.mkdir(exist_ok=True)
    samples = measure_ics_export(subject.file, state_dir, bench.runs, count=EXPORT_SESSIONS,
                                 warm_up=bench.warm_up)
    bench.add(Figure(f"ics_export.{subject.key}", f"ICS export, {samples['sessions']:,} sessions",
                     label(subject), "ms", samples["export"], samples["floor"]))


# -- the report -----------------------------------------------------------------------------------


def machine_info(work: Path) -> dict[str, object]:
    import textual

    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                                  timeout=10, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    return {
        "python": platform.python_version(),
        "textual": textual.__version__,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "work_filesystem": filesystem_type(work),
        "git_commit": git("rev-parse", "HEAD"),
        "git_uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0
    return f"{value:,.{digits}f} {unit}"


def table(figures: list[Figure]) -> str:
    header = ("measure", "subject", "median", "p95", "baseline", "ratio", "target", "met?")
    rows = [header]
    for figure in figures:
        ratio = "—" if figure.ratio is None else f"{figure.ratio:.2f}×"
        if figure.unit == "MB" and figure.baseline is not None:
            ratio += f" {figure.median - figure.baseline:+.1f} MB"
        met = {True: "yes", False: "NO", None: ""}[figure.met]
        rows.append((figure.measure, figure.subject, _number(figure.median, figure.unit),
                     _number(figure.p95, figure.unit) if figure.with_p95 else "",
                     _number(figure.baseline, figure.unit), ratio,
                     figure.target.describe() if figure.target else "", met))
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    right = {2, 3, 4, 5}

    def line(row: tuple[str, ...]) -> str:
        cells = [cell.rjust(width) if index in right else cell.ljust(width)
                 for index, (cell, width) in enumerate(zip(row, widths, strict=True))]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(rows[0]), rule, *(line(row) for row in rows[1:])])


def report(bench: Bench, output: Path, subjects: list[AgendaSubject]) -> dict[str, object]:
    wall = time.perf_counter() - bench.started
    result = {
        "schema": 1,
        "machine": machine_info(bench.work),
        "options": {"runs": bench.runs, "quick": bench.quick, "warm_up": bench.warm_up},
        "subjects": {s.key: {"label": s.label, "sessions": s.sessions, "at": s.at,
                             "file": s.path.name if s.path else "embedded symposium"}
                     for s in subjects},
        "results": {figure.key: figure.as_json() for figure in bench.figures},
        "skipped": bench.skipped,
        "wall_time_s": round(wall, 1),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    runs = "1 run, no warm-up (--quick)" if bench.quick else f"median of {bench.runs} runs"
    print(f"\nagenda-tui benchmark: {runs}; baseline measured in the same run.")
    print(table(bench.figures))
    idle = [f"{f.measure} {f.notes['idle_wait_ms_median']:.1f} ms "
            f"(baseline {f.notes['baseline_idle_wait_ms_median']:.1f} ms)"
            for f in bench.figures if "idle_wait_ms_median" in f.notes]
    if idle:
        print("\nLeft out of the key figures: waiting for Textual's 60 Hz paint timer, per key "
              "(median): " + "; ".join(idle) + ".")
    for reason in bench.skipped:
        print(f"skipped: {reason}")
    unmet = [f"{f.measure} / {f.subject}" for f in bench.figures if f.met is False]
    print(f"\n{len(unmet)} of {sum(f.target is not None for f in bench.figures)} targets not met"
          + (f": {'; '.join(unmet)}" if unmet else "") + ".")
    print(f"Wrote {output}. Bench wall time {wall:.1f} s.")
    return result


# -- main ----------------------------------------------------------------------------------------


PARTS = ("startup", "loading", "interactions", "grid", "export")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="The symposium and the baseline only, one run, no warm-up (the smoke test).")
    parser.add_argument("--runs", type=int, default=5, metavar="N",
                        help="Runs per figure; each figure is their median (default 5).")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, metavar="PATH",
                        help="Where to write the JSON results (default bench/results.json).")
    parser.add_argument("--only", choices=PARTS, action="append", metavar="PART",
                        help=f"Measure only this part (repeatable): {', '.join(PARTS)}.")
    parser.add_argument("--keep", action="store_true",
                        help="Keep the working directory (agendas, state files) for a look afterwards.")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.quick:
        args.runs = 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = make_workspace()
    home = work / "home"
    home.mkdir()
    # Nothing here or in the child processes touches the real user directory.
    os.environ["AGENDA_TUI_HOME"] = str(home)
    bench = Bench(runs=args.runs, quick=args.quick, work=work)
    bench.progress(f"working in {work} ({filesystem_type(work)})")
    from bench.interactions import InteractionError
    from bench.startup import BenchError

    try:
        subjects = prepare_subjects(bench)
        largest = subjects[-1]
        parts = args.only or PARTS
        if "startup" in parts:
            measure_startup(bench, subjects, home)
        if "loading" in parts:
            measure_loading(bench, subjects)
        if "interactions" in parts:
            measure_interactions(bench, largest)
        if "grid" in parts:
            measure_grid(bench, subjects)
        if "export" in parts:
            measure_export(bench, largest)
        report(bench, args.output.resolve(), subjects)
    except (BenchError, InteractionError) as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0

if __name__ == "__main__":
    sys.exit(main())
