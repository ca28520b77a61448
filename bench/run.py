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
LARGE_SESSIONS = 100_000
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
    rows_file: Path | None = None  # the baseline's rows: the same days and sessions
    first_titles: list[str] = field(default_factory=list)  # the day on show at the start

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
    """The symposium; unless --quick, FOSDEM 2025 converted to TOML and the generated
    agendas (10,000 and 100,000 sessions), each written once per run. For each, the rows
    the bare baseline shows beside it, and the titles of the day on show at the start."""
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.schedule import conference_days, parse_moment, sessions_on
    from bench.baseline import write_rows

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

        for count in (GENERATED_SESSIONS, LARGE_SESSIONS):
            bench.progress(f"generating {count:,} sessions")
            path = write_agenda(bench.work / f"generated-{count}.toml", count)
            subjects.append(AgendaSubject(f"generated_{count}", "generated", path,
                                          "2025-02-01T10:00"))
            gc.collect()
    for subject in subjects:
        bench.progress(f"loading {subject.key} (its cache filled, the baseline's rows written)")
        agenda = load_agenda(subject.file)
        subject.sessions = len(agenda.sessions)
        subject.rows_file = write_rows(agenda, bench.work / f"rows-{subject.key}.json")
        days = conference_days(agenda)
        shown = parse_moment(subject.at, agenda.zone).date()
        if shown in days and days.index(shown) != 0:
            raise SystemExit(f"bench: {subject.label} opens on day {days.index(shown) + 1}; "
                             "the baseline shows the first")
        subject.first_titles = [str(session.title) for session in sessions_on(agenda, days[0])]
        del agenda
        gc.collect()
    return subjects


def label(subject: AgendaSubject) -> str:
    return f"{subject.label} ({subject.sessions:,})"


# -- 1 and 7: start-up, peak memory, commands -------------------------------------------------

SCREEN_TARGETS = {"symposium": 1.15, "fosdem": 1.3, f"generated_{GENERATED_SESSIONS}": 1.5,
                  f"generated_{LARGE_SESSIONS}": 3.0}
MEMORY_TARGETS = {f"generated_{LARGE_SESSIONS}": 250.0}


def agenda_tui_command() -> str:
    """The installed `agenda-tui` command beside this Python (as users start it)."""
    command = Path(sys.executable).parent / "agenda-tui"
    return str(command) if command.exists() else shutil.which("agenda-tui") or "agenda-tui"


def measure_startup(bench: Bench, subjects: list[AgendaSubject], home: Path) -> None:
    """Per subject and round, in turn: the bare baseline with the subject's rows and the
    subject warm and cold, in a pseudo-terminal; then both headless (first frame with
    rows, peak memory)."""
    from bench.startup import FRESH, Subject, TerminalSubject, child_environment, measure_startups
    from bench.terminal import CompleteScreen

    state_dir = bench.work / "state-startup"
    starts: list[Subject | TerminalSubject] = []
    groups = []
    for subject in subjects:
        assert subject.rows_file is not None
        argv = ["--state-dir", str(state_dir), "--at", subject.at]
        cold_argv = ["--state-dir", f"{FRESH}/state", "--at", subject.at]
        if subject.path is not None:
            argv = ["--agenda", str(subject.path), *argv]
            cold_argv = ["--agenda", str(subject.path), *cold_argv]
        name = label(subject)
        group = {
            "base_screen": TerminalSubject(f"baseline.{subject.key}", f"bare app ({name} rows), terminal",
                                           [sys.executable, "-m", "bench.baseline", str(subject.rows_file)],
                                           CompleteScreen.of(subject.first_titles, detail=False)),
            "screen": TerminalSubject(subject.key, f"{name}, terminal, warm",
                                      [agenda_tui_command(), *argv],
                                      CompleteScreen.of(subject.first_titles, detail=True)),
            "cold": TerminalSubject(f"{subject.key}.cold", f"{name}, terminal, cold",
                                    [agenda_tui_command(), *cold_argv],
                                    CompleteScreen.of(subject.first_titles, detail=True), cold=True),
            "base_frame": Subject(f"baseline.{subject.key}", f"bare app ({name} rows), headless",
                                  ["baseline", str(subject.rows_file)]),
            "frame": Subject(subject.key, f"{name}, headless", argv),
        }
        groups.append((subject, group))
        starts.extend(group.values())
    measure_startups(starts, bench.runs, warm_up=bench.warm_up, cwd=REPO, env=child_environment(home),
                     fresh=bench.work / "cold", progress=bench.progress)
    for subject, group in groups:
        name = label(subject)
        base_screen, base_frame = group["base_screen"], group["base_frame"]
        target = SCREEN_TARGETS.get(subject.key)
        bench.add(Figure(f"screen.{subject.key}", "complete screen, terminal, warm", name, "ms",
                         group["screen"].complete_ms, base_screen.complete_ms,
                         Target("ratio", target) if target else None,
                         notes={"baseline_is": "the bare app with the same rows, in the same terminal"}))
        bench.add(Figure(f"screen_cold.{subject.key}", "complete screen, terminal, cold", name, "ms",
                         group["cold"].complete_ms, base_screen.complete_ms,
                         notes={"cold_is": "a new, empty AGENDA_TUI_HOME and state folder each start"}))
        frame = group["frame"]
        bench.add(Figure(f"first_frame.{subject.key}", "first frame with rows, headless", name, "ms",
                         frame.first_frame_ms, base_frame.first_frame_ms,
                         notes={"rows_at_first_frame": frame.rows,
                                "starts_whose_first_frame_was_empty": frame.empty_first_frames,
                                "baseline_empty_first_frames": base_frame.empty_first_frames}))
        memory = MEMORY_TARGETS.get(subject.key)
        bench.add(Figure(f"peak_rss.{subject.key}", "peak memory (RSS)", name, "MB",
                         frame.peak_rss_mb, base_frame.peak_rss_mb,
                         Target("mb_over", memory) if memory else None,
                         notes={"baseline_is": "the bare app holding the same rows, headless"}))


COMMANDS = (("list", ["list"]), ("now", ["now"]))


def measure_commands(bench: Bench, symposium: AgendaSubject, home: Path) -> None:
    """Wall time of `agenda-tui list` and `agenda-tui now` on the symposium, each run a new
    process, alternating with `python -c pass` (the interpreter's own start)."""
    from bench.startup import child_environment

    env = child_environment(home)
    state_dir = bench.work / "state-commands"
    bare = [sys.executable, "-c", "pass"]
    commands = {name: [agenda_tui_command(), *words, "--state-dir", str(state_dir), "--at", symposium.at]
                for name, words in COMMANDS}
    samples: dict[str, list[float]] = {name: [] for name in [*commands, "python"]}

    def run(name: str, command: list[str]) -> float:
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=120)
        elapsed = (time.perf_counter() - started) * 1000
        if done.returncode != 0 or (name != "python" and not done.stdout.strip()):
            from bench.startup import BenchError

            raise BenchError(f"{' '.join(command)} exited with {done.returncode}, printing "
                             f"{len(done.stdout)} bytes: {done.stderr.decode(errors='replace')[-2000:]}")
        return elapsed

    bench.progress("commands: list, now and the bare interpreter")
    if bench.warm_up:
        for name, command in commands.items():
            run(name, command)
    runs = max(bench.runs, 9) if not bench.quick else 1
    for _ in range(runs):
        samples["python"].append(run("python", bare))
        for name, command in commands.items():
            samples[name].append(run(name, command))
    for name in commands:
        bench.add(Figure(f"command.{name}", f"agenda-tui {name} (wall)", label(symposium), "ms",
                         samples[name], samples["python"], Target("ms", 100),
                         notes={"baseline_is": "python -c pass, the interpreter's own start"}))


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


KEY_LIMITS_MS = {f"generated_{GENERATED_SESSIONS}": 16.0, f"generated_{LARGE_SESSIONS}": 33.0}


def measure_interactions(bench: Bench, subject: AgendaSubject) -> None:
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.schedule import conference_days, parse_moment
    from bench.interactions import agenda_interactions, baseline_interactions

    agenda = load_agenda(subject.file)
    at = parse_moment(subject.at, agenda.zone)
    days = min(len(conference_days(agenda)), 9)
    del agenda
    gc.collect()
    state_dir = bench.work / f"state-interactions-{subject.key}"
    state_dir.mkdir(exist_ok=True)
    ours = asyncio.run(agenda_interactions(subject.file, state_dir, at, bench.runs, bench.progress))
    gc.collect()
    base = asyncio.run(baseline_interactions(bench.runs, days, bench.progress, subject.rows_file))
    gc.collect()
    limit = KEY_LIMITS_MS.get(subject.key)
    rows = [("search", "search", "search, per keystroke"),
            ("search_box", "search_box", "search box: / and escape"),
            ("tabs", "tabs", "day-tab switch"),
            ("now_open", "tabs", "Now view: w (base: a day-tab switch)"),
            ("now_keys", "scroll", "Now view: down/up (base: table keys)"),
            ("scroll", "scroll", "scroll (biggest day)")]
    for key, base_key, measure in rows:
        figure = bench.add(Figure(f"{key}.{subject.key}", measure, label(subject), "ms",
                                  ours[key].samples, base[base_key].samples,
                                  Target("ms", limit, on_p95=True) if limit else None, with_p95=True))
        figure.notes.update(breakdown(ours[key]))
        figure.notes.update({f"baseline_{name}": value for name, value in breakdown(base[base_key]).items()
                             if name != "checks"})
    bench.add(Figure(f"bookmark.{subject.key}", "bookmark toggle, durable", label(subject), "ms",
                     ours["bookmark"].samples, ours["bookmark_floor"].samples,
                     Target("ms", 10, on_p95=True), with_p95=True,
                     notes={"key_handled_ms_median": median([t.handled_ms for t in ours["bookmark"].timings]),
                            "checks": ours["bookmark"].checks,
                            "baseline_is": "agenda_tui.atomic.atomic_write_bytes of the state file, "
                                           "after each toggle"}))
    bench.add(Figure(f"bookmark_paint.{subject.key}", "bookmark toggle, key to paint", label(subject), "ms",
                     ours["bookmark_paint"].samples, base["scroll"].samples, with_p95=True,
                     notes={**breakdown(ours["bookmark_paint"]),
                            "baseline_is": "a key in the bare app's table (scroll keys)"}))


def measure_grid(bench: Bench, chosen: AgendaSubject, *, key_limit_ms: float | None = None) -> None:
    """The timeline grid on the agenda's busiest day: FOSDEM 2025 (the symposium with
    --quick) with its own targets, and the generated agendas with the key limits."""
    from agenda_tui.agenda_file import load_agenda
    from agenda_tui.schedule import parse_moment
    from bench.interactions import grid_interactions

    at = parse_moment(chosen.at, load_agenda(chosen.file).zone)
    gc.collect()
    state_dir = bench.work / f"state-grid-{chosen.key}"
    state_dir.mkdir(exist_ok=True)
    ours = asyncio.run(grid_interactions(chosen.file, state_dir, at, bench.runs, bench.progress))
    gc.collect()
    if key_limit_ms is None:
        targets = {"grid_open": Target("ms_over", FRAME_MS), "grid_toggle": None,
                   "grid_keys": Target("ms", 16, on_p95=True), "grid_zoom": Target("ms", 16, on_p95=True)}
    else:
        targets = dict.fromkeys(("grid_open", "grid_toggle", "grid_keys", "grid_zoom"),
                                Target("ms", key_limit_ms, on_p95=True))
    rows = [("grid_open", "table_open", "grid: open the busiest day", "the same day opened as a table"),
            ("grid_toggle", "table_toggle", "grid: g, table to grid", "g, grid back to table"),
            ("grid_keys", "table_keys", "grid: keystroke", "as many keys in the day table"),
            ("grid_zoom", "table_keys", "grid: zoom key (- then +)", "the day table's keys")]
    for key, base, measure, baseline_is in rows:
        if not ours[key].timings:
            continue  # a one-day agenda has no other day's tab to open it from
        figure = bench.add(Figure(f"{key}.{chosen.key}", measure, label(chosen), "ms",
                                  ours[key].samples, ours[base].samples, targets[key], with_p95=True))
        figure.notes.update(breakdown(ours[key]))
        figure.notes.update({f"baseline_{name}": value for name, value in breakdown(ours[base]).items()
                             if name != "checks"})
        figure.notes["baseline_is"] = baseline_is


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
    idle = [f"{f.measure} / {f.subject} {f.notes['idle_wait_ms_median']:.1f} ms "
            f"(baseline {f.notes['baseline_idle_wait_ms_median']:.1f} ms)"
            for f in bench.figures if "baseline_idle_wait_ms_median" in f.notes]
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


PARTS = ("startup", "commands", "loading", "interactions", "grid", "export")


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
        by_key = {subject.key: subject for subject in subjects}
        generated = [by_key[key] for key in KEY_LIMITS_MS if key in by_key] or [subjects[0]]
        parts = args.only or PARTS
        if "startup" in parts:
            measure_startup(bench, subjects, home)
        if "commands" in parts:
            measure_commands(bench, by_key["symposium"], home)
        if "loading" in parts:
            measure_loading(bench, [s for s in subjects if s.key != f"generated_{LARGE_SESSIONS}"])
        if "interactions" in parts:
            for subject in generated:
                measure_interactions(bench, subject)
        if "grid" in parts:
            if "fosdem" in by_key:
                measure_grid(bench, by_key["fosdem"])
            elif not bench.quick:
                bench.skip("grid rows on FOSDEM 2025: it is not among the subjects (its XML is absent)")
            for subject in generated:
                measure_grid(bench, subject, key_limit_ms=KEY_LIMITS_MS.get(subject.key))
        if "export" in parts:
            measure_export(bench, generated[0])
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
