"""The Files pane: a folder tree showing only what photoreel can use, with multi-select.

The tree hides every file whose extension is not a supported format (the one
list in `photoreel.protocol.formats`), so what a person can pick is exactly
what the backend accepts. Selection is a set of paths kept here; `space`
toggles the highlighted file, `a` selects every file shown, `escape` clears.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import DirectoryTree, Static
from textual.widgets._directory_tree import DirEntry
from textual.widgets._tree import TreeNode

from photoreel.protocol.formats import kind_for_extension
from photoreel.tui.actions import bindings
from photoreel.tui.messages import FileHighlighted, SelectionChanged, UploadRequested
from photoreel.tui.widgets.preview import Graphics, PreviewPane

NOTHING_SELECTED = "space select · a all · u upload"
KIND_ICON = {"image": "▣", "video": "▶", "audio": "♪"}


def is_supported(path: Path) -> bool:
    """A file photoreel can upload, judged by its extension (content is checked on upload)."""
    return kind_for_extension(path.name) is not None


class FileTree(DirectoryTree):
    """A `DirectoryTree` filtered to supported media, with a checkbox on every file."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("files")

    ICON_NODE = "▸ "
    ICON_NODE_EXPANDED = "▾ "
    ICON_FILE = ""

    selected: reactive[frozenset[Path]] = reactive(frozenset(), always_update=True, init=False)
    _reloading = False

    async def show_new_files(self) -> None:
        """Read the folder again (a video was just saved into it), keeping the cursor,
        the open folders and the selection where they were."""
        self._reloading = True
        try:
            await self.reload_node(self.root)
        finally:
            self._reloading = False

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or (p.is_file() and is_supported(p)))
        ]

    def _populate_node(self, node: TreeNode[DirEntry], content: Iterable[Path]) -> None:
        super()._populate_node(node, content)
        # on first load, start on the first photo so the preview has something to show
        if not self._reloading and node is self.root and self.cursor_node in (None, self.root):
            first = next(
                (c for c in node.children if c.data is not None and not c.data.path.is_dir()),
                None,
            )
            if first is not None:
                self.call_after_refresh(self.move_cursor, first)

    def render_label(self, node: TreeNode[DirEntry], base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        if node.data is None or node.data.path.is_dir():
            return label
        path = node.data.path
        mark = Text(
            "☑ " if path in self.selected else "☐ ",
            style="bold" if path in self.selected else "dim",
        )
        icon = Text(KIND_ICON.get(kind_for_extension(path.name) or "", "·") + " ", style="dim")
        return Text.assemble(mark, icon, label)

    def _visible_files(self) -> list[Path]:
        files: list[Path] = []

        def walk(node: TreeNode[DirEntry]) -> None:
            for child in node.children:
                if child.data is None:
                    continue
                if child.data.path.is_dir():
                    if child.is_expanded:
                        walk(child)
                else:
                    files.append(child.data.path)

        walk(self.root)
        return files

    def _highlighted_file(self) -> Path | None:
        node = self.cursor_node
        if node is None or node.data is None or node.data.path.is_dir():
            return None
        return node.data.path

    def set_selection(self, paths: Iterable[Path]) -> None:
        self.selected = frozenset(paths)

    def watch_selected(self) -> None:
        self._invalidate()
        self.post_message(SelectionChanged(tuple(sorted(self.selected))))

    def action_toggle_selected(self) -> None:
        path = self._highlighted_file()
        if path is None:
            node = self.cursor_node
            if node is not None:
                node.toggle()
            return
        self.selected = self.selected ^ {path}
        self.action_cursor_down()

    def action_select_all(self) -> None:
        shown = set(self._visible_files())
        # pressing it again when everything is already chosen clears: one key, both ways
        self.selected = frozenset() if shown and shown <= self.selected else frozenset(shown)

    def action_clear_selection(self) -> None:
        self.selected = frozenset()

    def action_upload(self) -> None:
        chosen = tuple(sorted(self.selected))
        if not chosen and (path := self._highlighted_file()) is not None:
            chosen = (path,)
        self.post_message(UploadRequested(chosen))


class FilesPane(Vertical):
    """The folder tree, a line saying what is selected, and the preview below."""

    BORDER_TITLE = "Files"

    def __init__(
        self, folder: Path, *, graphics: Graphics = "halfblock", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.folder = folder
        self.graphics = graphics

    def compose(self) -> ComposeResult:
        yield FileTree(self.folder, id="file-tree")
        yield Static(NOTHING_SELECTED, id="selection-line")
        yield PreviewPane(graphics=self.graphics, id="preview")

    @property
    def file_tree(self) -> FileTree:
        return self.query_one(FileTree)

    @on(SelectionChanged)
    def _show_selection(self, event: SelectionChanged) -> None:
        n = len(event.selected)
        line = self.query_one("#selection-line", Static)
        if n == 0:
            line.update(NOTHING_SELECTED)
        else:
            noun = "file" if n == 1 else "files"
            line.update(Text.assemble((str(n), "bold"), f" {noun} selected · u upload"))

    @on(DirectoryTree.NodeHighlighted)
    def _follow_cursor(self, event: DirectoryTree.NodeHighlighted[DirEntry]) -> None:
        data = event.node.data
        path = data.path if data is not None and not data.path.is_dir() else None
        self.post_message(FileHighlighted(path))
        self.query_one(PreviewPane).show(path)

    @on(DirectoryTree.FileSelected)
    def _enter_toggles(self, event: DirectoryTree.FileSelected) -> None:
        # enter or a click on a file means "pick this one", as space does (without moving)
        event.stop()
        tree = self.file_tree
        tree.selected = tree.selected ^ {event.path}
