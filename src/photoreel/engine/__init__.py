"""The render engine: a draft plus media files becomes a video file.

No HTTP and no database here; the server and the command line call in.
`render` makes the video, `storyboard` a contact sheet for previews,
`probe` tells what a media file is.
"""

from photoreel.engine.errors import MediaError, RenderCancelled, RenderError
from photoreel.engine.presets import OutputFormat, Quality
from photoreel.engine.probe import probe
from photoreel.engine.render import RenderResult, render
from photoreel.engine.storyboard import storyboard

__all__ = [
    "MediaError",
    "OutputFormat",
    "Quality",
    "RenderCancelled",
    "RenderError",
    "RenderResult",
    "probe",
    "render",
    "storyboard",
]
