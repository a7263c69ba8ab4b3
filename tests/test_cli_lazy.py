"""The CLI imports a command's module only when that command runs: `storylens extract` and
`--help` do not pay for duckdb, spaCy, multiprocessing or the enrichment models, and `--help` (even
`extract --help`) not for trafilatura. The static table of commands (`cli.COMMANDS`, `cli.EVAL_COMMANDS`)
must match the commands the modules register."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

HEAVY = ("duckdb", "spacy", "onnxruntime", "sklearn", "pandas", "pyarrow", "fastapi", "warcio", "feedparser",
         "trafilatura", "yaml", "multiprocessing")


def _imported_after(code: str) -> set[str]:
    """Top-level packages of HEAVY imported by a fresh interpreter running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    return set(out.split()) & set(HEAVY)


def test_importing_the_cli_imports_no_command_nor_the_pipeline() -> None:
    code = "import storylens.cli, sys; assert not [m for m in sys.modules if m.startswith(('storylens.cli.', 'storylens.pipeline', 'trafilatura'))], sorted(sys.modules)"
    assert _imported_after(code) == set()


def test_extract_and_help_do_not_import_the_store_or_models() -> None:
    run = "from storylens.cli import main\ntry:\n    main({args}, standalone_mode=False)\nexcept SystemExit:\n    pass"
    for args in (["--help"], ["extract", "--help"], ["--version"]):
        assert _imported_after(run.format(args=args)) == set(), args


def test_import_storylens_is_light_and_public_names_still_work() -> None:
    assert _imported_after("import storylens, sys; assert 'storylens.pipeline' not in sys.modules") == set()
    import storylens
    from storylens import Article, Pipeline, RawDocument, Reject, Settings, iter_documents

    assert storylens.Pipeline is Pipeline and callable(iter_documents)
    assert {Article, RawDocument, Reject, Settings} and set(storylens.__all__) <= set(dir(storylens))
    with pytest.raises(AttributeError):
        storylens.no_such_name  # noqa: B018


@pytest.mark.parametrize("width", [50, 80, 120])
def test_command_table_matches_the_commands(width: int) -> None:
    """Every table entry imports to a command whose help starts with the table's sentence, and
    `--help` lists the same short help with the commands imported or not."""
    from storylens.cli import COMMANDS, EVAL_COMMANDS, main

    runner = CliRunner()
    lazy_top = runner.invoke(main, ["--help"], terminal_width=width).output
    lazy_eval = runner.invoke(main, ["eval", "--help"], terminal_width=width).output
    ctx = click.Context(main)
    eval_group = main.get_command(ctx, "eval")
    assert isinstance(eval_group, click.Group)
    for group, table in ((main, COMMANDS), (eval_group, EVAL_COMMANDS)):
        gctx = click.Context(group, parent=ctx if group is not main else None)
        for name, (_, short) in table.items():
            cmd = group.get_command(gctx, name)
            assert cmd is not None, name
            assert cmd.get_short_help_str(10**6) == short, name
        assert sorted(group.commands) == sorted(table), "a command missing from the table, or a stale entry"
    assert runner.invoke(main, ["--help"], terminal_width=width).output == lazy_top
    assert runner.invoke(main, ["eval", "--help"], terminal_width=width).output == lazy_eval


def test_every_command_help_works() -> None:
    from storylens.cli import COMMANDS, EVAL_COMMANDS, main

    runner = CliRunner()
    for args in [[n] for n in COMMANDS] + [["eval", n] for n in EVAL_COMMANDS] + [["narratives", "train"]]:
        res = runner.invoke(main, [*args, "--help"])
        assert res.exit_code == 0 and "Usage:" in res.output, (args, res.output)
