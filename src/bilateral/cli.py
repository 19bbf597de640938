"""The ``bilateral`` command line. Each command is a thin call into a stage module.

Errors a user can cause (a wrong path, an empty raw directory, a release that
fails validation) print one readable line and exit non-zero, never a traceback.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

class _App(typer.Typer):
    """Typer app that turns a missing package or an OS error into one readable line, not a traceback."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except ImportError as exc:  # ModuleNotFoundError too: a broken or partial install
            name = getattr(exc, "name", None) or str(exc)
            what = "incomplete installation, module" if name.startswith("bilateral") else "missing dependency"
            typer.secho(f"error: {what} {name}: run `make release` / reinstall (pip install -e .)",
                        fg=typer.colors.RED, err=True)
            sys.exit(3)
        except OSError as exc:  # disk full, permission denied, a path that vanished mid-run
            typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
            sys.exit(1)


app = _App(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
           help="bilateral: political events from news text, as a versioned open dataset.")

RawOption = Annotated[Path, typer.Option("--raw", help="Folder of raw text files (searched recursively).")]
OutOption = Annotated[Path, typer.Option("--out", help="Output folder.")]


def fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _check_raw(raw: Path) -> None:
    if not raw.exists():
        fail(f"raw folder not found: {raw}")
    if not raw.is_dir():
        fail(f"--raw must be a folder, got a file: {raw}")
    if not any(p.is_file() or p.is_symlink() for p in raw.rglob("*")):
        fail(f"raw folder is empty: {raw} (put .txt articles in it)")


@app.command()
def build(raw: RawOption, out: OutOption,
          cache: Annotated[Path | None, typer.Option("--cache", help="Reuse per-document results stored here (incremental).")] = None) -> None:
    """Build every table of RAW as Parquet + CSV into OUT (plain folder, no versioning, no Prefect)."""
    from bilateral import pipeline  # noqa: PLC0415  (keeps --help fast)
    from bilateral.validate import SchemaContractError  # noqa: PLC0415

    _check_raw(raw)
    try:
        tables = pipeline.build(raw, out, cache_dir=cache)
    except SchemaContractError as exc:
        fail(str(exc))
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    typer.echo(f"built {out}: {counts}")


@app.command()
def release(raw: RawOption = Path("raw"), out: OutOption = Path("output"),
            batch_size: Annotated[int, typer.Option(help="Files per Prefect task.")] = 200,
            cache: Annotated[Path | None, typer.Option("--cache", help="Per-document result cache (default OUT/cache).")] = None,
            dask_address: Annotated[str | None, typer.Option("--dask-address", help="Run the tasks on this Dask scheduler (tcp://host:port).")] = None,
            rehash: Annotated[bool, typer.Option("--rehash", help="Read and hash every raw file, even those whose size and times are unchanged.")] = False) -> None:
    """Run the Prefect release flow: build RAW and publish a new version under OUT/releases/."""
    _check_raw(raw)
    # Prefect keeps its state in the project, not the home folder, and sends nothing anywhere.
    os.environ.setdefault("PREFECT_HOME", str(Path(".prefect").resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.release import release_flow  # noqa: PLC0415
    from bilateral.publish import PublishError  # noqa: PLC0415
    from bilateral.validate import SchemaContractError  # noqa: PLC0415

    try:
        result = release_flow(raw_dir=str(raw), out_dir=str(out), batch_size=batch_size,
                              cache_dir=str(cache) if cache else None, dask_address=dask_address, rehash=rehash)
    except (PublishError, SchemaContractError) as exc:
        fail(str(exc))
    typer.echo(result["summary"])
    if result["published"] is None:
        typer.echo(f"nothing published ({result['reason']})")
        return
    typer.echo(f"release published: {result['published']}")
    typer.echo(f"latest: {Path(out) / 'releases' / 'latest'}")


@app.command()
def watch(raw: RawOption = Path("raw"), out: OutOption = Path("output"),
          every: Annotated[float, typer.Option("--every", help="Seconds from the start of one cycle to the next.")] = 60.0,
          cache: Annotated[Path | None, typer.Option("--cache", help="Per-document result cache (default OUT/cache).")] = None,
          cycles: Annotated[int | None, typer.Option("--cycles", help="Stop after this many cycles (default: run until stopped).")] = None,
          json_lines: Annotated[bool, typer.Option("--json", help="One JSON object per cycle on stdout.")] = False) -> None:
    """Stay up and publish a release of RAW whenever it changed, checking every EVERY seconds (no Prefect).

    A long-lived worker: models and dictionaries are loaded once, so a cycle costs what the change
    costs. Ctrl-C or SIGTERM stops it between cycles; a second one stops it at once (exit 130). It exits
    with 3 when the installed package changes, for a supervisor to start it again on the new code."""
    import json  # noqa: PLC0415
    import threading  # noqa: PLC0415

    from bilateral import watch as worker  # noqa: PLC0415

    _check_raw(raw)
    if every < 0:
        fail("--every must be 0 or more seconds")
    if cycles is not None and cycles < 1:
        fail("--cycles must be 1 or more")
    stop = threading.Event()
    worker.stop_on_signals(stop)

    def report(cycle: worker.Cycle) -> None:
        try:
            if json_lines:
                typer.echo(json.dumps(dataclasses.asdict(cycle), ensure_ascii=False))
            else:
                where = f": {cycle.published}" if cycle.published else ""
                typer.echo(f"cycle {cycle.number} at {cycle.started}, {cycle.seconds:.2f} s: {cycle.reason}{where}",
                           err=cycle.reason.startswith("error"))
        except BrokenPipeError:  # e.g. `bilateral watch --json | head -1`: nobody reads the cycles any more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            stop.set()

    try:
        why = worker.watch(raw, out, cache, every=every, cycles=cycles, stop=stop, on_cycle=report)
    except KeyboardInterrupt:  # a second Ctrl-C or SIGTERM: stopped inside a cycle (a release half written is removed)
        typer.echo("stopped at once, inside a cycle (second signal)", err=True)
        raise typer.Exit(130) from None
    typer.echo(why, err=True)
    if why.startswith("stopped: the bilateral package changed"):
        raise typer.Exit(3)


@app.command()
def validate(directory: Annotated[Path, typer.Argument(help="A release or build folder.")]) -> None:
    """Check every table of DIRECTORY against the schemas and the links between tables; exit 1 with a report."""
    from bilateral.validate import validate_directory  # noqa: PLC0415

    problems = validate_directory(directory)
    if problems:
        typer.secho(f"{directory}: {len(problems)} problem(s)", fg=typer.colors.RED, err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{directory}: all tables valid")


@app.command()
def verify(version: Annotated[str | None, typer.Argument(help="Version to check (default: latest).")] = None,
           out: OutOption = Path("output"),
           all_versions: Annotated[bool, typer.Option("--all", help="Check every published version.")] = False) -> None:
    """Re-check a published release against its manifest (sha256 and size of every file, nothing missing or added)."""
    from bilateral.verify import VerifyError, resolve, verify_all, verify_release  # noqa: PLC0415

    try:
        if all_versions:
            results = verify_all(out)
        else:
            directory = resolve(out, version)
            results = {directory.name: verify_release(directory)}
    except VerifyError as exc:
        fail(str(exc))
    if not results:
        fail(f"no published versions in {Path(out) / 'releases'}")
    bad = {name: problems for name, problems in results.items() if problems}
    for name, problems in bad.items():
        typer.secho(f"{name}: TAMPERED or incomplete, {len(problems)} problem(s)", fg=typer.colors.RED, err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
    for name in sorted(results.keys() - bad.keys()):
        typer.echo(f"{name}: ok, every file matches the manifest")
    if bad:
        raise typer.Exit(1)


@app.command()
def dates(jsonl: Annotated[Path, typer.Option("--jsonl", help="Input: one {id, text, dct} object per line.")],
          out: Annotated[Path | None, typer.Option("--out", help="Output JSONL (default: stdout).")] = None) -> None:
    """Find and normalise the temporal expressions of each text (TIMEX3 values and offsets)."""
    from bilateral.dates import jsonl as dates_jsonl  # noqa: PLC0415

    if not jsonl.is_file():
        fail(f"input not found: {jsonl}")
    raise typer.Exit(dates_jsonl.run(str(jsonl), str(out) if out else None))


@app.command("export-schemas")
def export_schemas(directory: Annotated[Path, typer.Argument()] = Path("schemas")) -> None:
    """Write the tables' schemas (pandera YAML and Table Schema JSON) into DIRECTORY."""
    from bilateral.contract import export_schemas as export  # noqa: PLC0415

    for path in export(directory):
        typer.echo(path)



@app.command()
def download(version: Annotated[str, typer.Argument(help="A version, or 'latest'.")] = "latest",
             from_url: Annotated[str, typer.Option("--from", help="URL of a served releases/ folder (has index.json).")] = "http://127.0.0.1:8000/releases",
             to: Annotated[Path, typer.Option("--to", help="Folder to put <version>/ in.")] = Path("data"),
             retries: Annotated[int, typer.Option(help="Retries per file after a dropped connection.")] = 4,
             quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False) -> None:
    """Fetch a release from a static HTTP server, verify every sha256, then place it in TO/<version>."""
    from bilateral.download import DownloadError  # noqa: PLC0415
    from bilateral.download import download as fetch  # noqa: PLC0415

    try:
        path = fetch(version, from_url, to, retries=retries, progress=not quiet)
    except DownloadError as exc:
        fail(str(exc))
    typer.echo(f"downloaded and verified: {path}")


@app.command()
def site(out: OutOption = Path("output")) -> None:
    """Rebuild the static dataset pages OUT/site/ from the releases in OUT/releases/."""
    from bilateral.site import build_site  # noqa: PLC0415

    if not (out / "releases").is_dir():
        fail(f"no releases folder in {out}")
    typer.echo(f"site written: {build_site(out)}")

def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="bilateral")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
