"""`photoreel credits`: the credit balance."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from photoreel.commands.arguments import add_backend_arguments
from photoreel.commands.running import run_client

if TYPE_CHECKING:
    from photoreel.client import PhotoreelClient
    from photoreel.protocol.answers import CreditsAnswer


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    credits = commands.add_parser(
        "credits",
        help="show your credit balance",
        description="Show the credit balance on the backend: available, reserved, total.",
    )
    add_backend_arguments(credits)
    credits.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    async def work(client: PhotoreelClient) -> Any:
        return await client.credits()

    code, credits = run_client(args, "credits", work)
    if credits is not None:
        print(credits.model_dump_json() if args.json else credits_text(credits))
    return code


def credits_text(credits: CreditsAnswer) -> str:
    """`Credits: 95 available, 5 reserved, 100 total` or `Credits: unlimited`."""
    if credits.unlimited or credits.available is None:
        return "Credits: unlimited"
    text = f"Credits: {credits.available} available"
    if credits.frozen:
        text += f", {credits.frozen} reserved by running work"
    if credits.total is not None:
        text += f", {credits.total} total"
    return text
