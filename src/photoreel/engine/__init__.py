"""The render engine: a draft plus media files becomes a video file.

No HTTP and no database here; the server and the command line call in.
"""

from photoreel.engine.errors import MediaError
from photoreel.engine.probe import probe

__all__ = ["MediaError", "probe"]
