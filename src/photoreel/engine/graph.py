"""The ffmpeg command being built: its inputs, filter chains, stream labels and frame timing."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from photoreel.engine import blame
from photoreel.engine.errors import RenderError
from photoreel.engine.ffmpeg import FfmpegFailed

#: Which segment an ffmpeg input belongs to, to name it when ffmpeg complains.
InputOwner = blame.Owner


class RenderPlan(BaseModel):
    """One ffmpeg invocation (without the output path) and what it will produce."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    args: list[str]
    duration: float
    frames: int
    width: int
    height: int
    owners: dict[int, InputOwner]
    fps: int = 30
    chains: list[str] = []  # the filtergraph, to find the segment of a filter ffmpeg blames
    spans: list[blame.Span] = []  # the video segments in this run's output, by frame

    def explain(self, exc: FfmpegFailed) -> RenderError:
        """ffmpeg's failure as a sentence naming the segment (and file) and the cause."""
        return blame.explain(
            log=exc.log,
            input_index=exc.input_index,
            reached=exc.reached,
            owners=self.owners,
            chains=self.chains,
            spans=self.spans,
            fps=self.fps,
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
