"""The command palette (`ctrl+p`): every action of the app, findable by name.

Its entries are the registry's (actions.py): an action with a `title` is
offered, with its current keys beside it, and runs the same Textual action its
key runs. Textual's own system commands are not added (the app's `COMMANDS`
holds only this provider), so nothing is listed twice.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from photoreel.tui.actions import Action, current_keys, palette_actions, pretty_keys


class PhotoreelCommands(Provider):
    """Searches photoreel's own actions."""

    def _help(self, action: Action) -> str:
        keys = current_keys(action, self.app._keymap)
        return f"{action.help}  ({pretty_keys(keys)})" if keys else action.help

    def _run(self, action: Action) -> None:
        self.app.call_later(self.app.run_action, action.action)

    async def discover(self) -> Hits:
        for action in palette_actions():
            assert action.title is not None
            yield DiscoveryHit(action.title, partial(self._run, action), help=self._help(action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in palette_actions():
            assert action.title is not None
            score = matcher.match(action.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(action.title),
                    partial(self._run, action),
                    help=self._help(action),
                )
