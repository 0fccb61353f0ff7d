"""The command palette (`ctrl+p`): every action of the app, findable by name.

One list, `PALETTE_ACTIONS`, names each action once; the provider searches it
with Textual's fuzzy matcher and runs the chosen action on the app.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (title shown in the palette, what it does, app action to run)
PALETTE_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Upload selected files", "Send the chosen photos, clips or music to the session", "upload"),
    ("Export video", "Render the timeline to an MP4 and save it", "export"),
    ("Cancel export", "Stop the running render", "cancel_export"),
    ("Undo last change", "Step the timeline back one version", "undo"),
    ("New session", "Start over with an empty timeline", "new_session"),
    ("Show credits", "Ask the backend for the credit balance", "credits"),
    ("Show timeline status", "Print the one-line summary of the timeline", "status"),
    ("Select all files", "Select every file shown in the tree", "select_all"),
    ("Clear selection", "Unselect every file", "clear_selection"),
    ("Focus files", "Move to the file tree", "focus_pane('files')"),
    ("Focus conversation", "Move to the instruction box", "focus_pane('conversation')"),
    ("Focus timeline", "Move to the timeline", "focus_pane('timeline')"),
    ("Switch theme", "Cycle between photoreel's dark and light themes", "next_theme"),
    ("Help: all keys", "Show every key binding", "help"),
    ("Quit", "Leave photoreel (a running export is finished next time)", "quit"),
)


class PhotoreelCommands(Provider):
    """Searches photoreel's own actions."""

    async def discover(self) -> Hits:
        for title, help_text, action in PALETTE_ACTIONS:
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in PALETTE_ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
