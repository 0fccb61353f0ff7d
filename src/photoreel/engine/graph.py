"""The ffmpeg command being built: its inputs, filter chains, stream labels and frame timing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from photoreel.engine.errors import RenderError
from photoreel.engine.ffmpeg import FfmpegFailed


class InputOwner(BaseModel):
    """Which segment an ffmpeg input belongs to, to name it when ffmpeg complains."""

    segment: str
    path: str


class RenderPlan(BaseModel):
    """One ffmpeg invocation (without the output path) and what it will produce."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    args: list[str]
    duration: float
    frames: int
    width: int
    height: int
    owners: dict[int, InputOwner]

    def explain(self, exc: FfmpegFailed) -> RenderError:
        """ffmpeg's failure, reworded to name the segment and file it blamed."""
        owner = self.owners.get(exc.input_index) if exc.input_index is not None else None
        if owner is None:
            return RenderError(exc.message)
        name = Path(owner.path).name
        return RenderError(
            f"{owner.segment} ({name}): could not be read: {exc.message}",
            segment=owner.segment,
            path=owner.path,
        )


class Graph:
    """Accumulates ffmpeg inputs and filter chains; hands out unique stream labels."""

    def __init__(self) -> None:
        self.inputs: list[list[str]] = []
        self.chains: list[str] = []
        self.owners: dict[int, InputOwner] = {}
        self._labels = 0

    def add_input(self, args: list[str], owner: InputOwner | None = None) -> int:
        self.inputs.append(args)
        index = len(self.inputs) - 1
        if owner is not None:
            self.owners[index] = owner
        return index

    def label(self, prefix: str = "s") -> str:
        self._labels += 1
        return f"{prefix}{self._labels}"

    def chain(self, sources: list[str], filters: str, prefix: str = "s") -> str:
        """Add `[a][b]filters[out]` and return `out`."""
        out = self.label(prefix)
        self.chains.append("".join(f"[{s}]" for s in sources) + filters + f"[{out}]")
        return out

    def script(self) -> str:
        return ";\n".join(self.chains)


class Timing:
    """Milliseconds to frames with one rounding rule, so adjacent spans tile exactly."""

    def __init__(self, fps: int) -> None:
        self.fps = fps

    def frame(self, ms: int) -> int:
        return (ms * self.fps + 500) // 1000


def to_yuv(pix_fmt: str) -> str:
    """RGB to BT.709 limited-range YUV, the colours every player expects of HD video."""
    return f"scale=out_color_matrix=bt709:out_range=tv,format={pix_fmt}"


Window = tuple[int, int]  # [first frame, end frame) of the timeline
Progress = Callable[[float], None]
