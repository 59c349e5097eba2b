"""The `salon` command line (typer): serve, demo, chat, apps, app new.

`main()` runs it; `cli` is the typer application; `CliEnv` is what commands use to reach the outside
world (the host, the server, the browser), replaceable through click's `obj` in tests.
"""

from salon.cli.environment import CliEnv
from salon.cli.main import cli, main

__all__ = ["CliEnv", "cli", "main"]
