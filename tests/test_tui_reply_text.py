"""The agent's reply is Markdown for a person: angle brackets are text, not HTML to drop."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from photoreel.tui.widgets.conversation import AgentReply


class _ReplyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield AgentReply()


def _shown(app: App[None]) -> str:
    """The text the reply's blocks draw, as a person reads it."""
    return " ".join(str(block.render()) for block in app.query(Static))


async def test_a_placeholder_in_angle_brackets_stays_visible() -> None:
    app = _ReplyApp()
    async with app.run_test(size=(80, 12)) as pilot:
        reply = app.query_one(AgentReply)
        await reply.add_chunk('Upload a song, then say "add <file name> at **40%**".')
        await pilot.pause()
        shown = _shown(app)
        assert "add <file name> at 40%" in shown
        assert "**" not in shown  # the rest is still Markdown
