"""The `salon` command.

    salon serve                 the web app (chat page, apps page, JSON API)
    salon demo                  install the example apps and serve, offline
    salon chat [MESSAGE]        a turn (or a chat session) in the terminal
    salon apps add|list|remove|approve
    salon app new NAME          scaffold a new app (server, test, README)
    salon app check [PATH|URL]  run the directory's automated review locally (report, exit 1 on errors)
    salon app submit PATH       submit an app version to the directory (the review runs)
    salon directory …           import, review queue, approve/reject, publish/deprecate/yank, audit

`--data-dir` (or `SALON_DATA_DIR`) picks where the database and app data live; every other setting
comes from `SALON_*` variables (see `salon.settings.Settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from salon.cli.apps import apps
from salon.cli.chat import chat
from salon.cli.directory import directory_group, submit
from salon.cli.environment import CliEnv
from salon.cli.eval_routing import routing
from salon.cli.eval_toolcalls import toolcalls
from salon.cli.review import check
from salon.cli.route import route
from salon.cli.scaffold import app_group
from salon.cli.serving import demo, serve

cli = typer.Typer(
    name="salon",
    help="Salon: apps inside conversations, self-hosted and offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@cli.callback()
def _root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Where Salon keeps its database and app data (default .salon/).",
            envvar="SALON_DATA_DIR",
        ),
    ] = None,
) -> None:
    env = ctx.obj if isinstance(ctx.obj, CliEnv) else CliEnv()
    if data_dir is not None:
        env.data_dir = data_dir
    ctx.obj = env


cli.command()(serve)
cli.command()(demo)
cli.command()(chat)
cli.add_typer(apps, name="apps")
app_group.command("submit")(submit)
app_group.command("check")(check)
cli.add_typer(app_group, name="app")
cli.add_typer(directory_group, name="directory")
cli.command()(route)
eval_group = typer.Typer(help="Run Salon's evaluation sets.", no_args_is_help=True)
eval_group.command("routing")(routing)
eval_group.command("toolcalls")(toolcalls)
cli.add_typer(eval_group, name="eval")


def main() -> None:
    cli()
