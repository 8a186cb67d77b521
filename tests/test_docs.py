"""The README tells the truth: its commands exist and CI runs the test one."""

from __future__ import annotations

import os
import re
from pathlib import Path

from click.testing import CliRunner

from chibo.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Bắt đầu nhanh", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_quick_start_has_two_commands_that_exist():
    commands = quick_start_commands()
    assert commands == ["./scripts/start", "./scripts/test"]
    for command in commands:
        path = ROOT / command
        assert path.is_file() and os.access(path, os.X_OK)


def test_ci_runs_the_readme_test_command():
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_cli_command_is_documented():
    commands = set(cli.commands)
    assert commands == {"init", "check", "render", "consolidate", "schema", "serve", "manage", "backup", "restore"}
    for name in commands:
        assert f"chibo {name}" in README
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0


def test_every_module_is_in_the_layout_table():
    package = ROOT / "src" / "chibo"
    modules = {p.name for p in [*package.glob("*.py"), *package.glob("render/*.py")]} - {"__init__.py"}
    for module in modules:
        assert f"`{module}`" in README, module


def test_every_environment_variable_is_documented():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "chibo").rglob("*.py"))
    names = set(re.findall(r"\b(CHIBO_[A-Z_]+[A-Z])\b", source))
    assert "CHIBO_SECRET_KEY" in names
    for name in sorted(names):
        assert f"`{name}`" in README, name
