"""What a photo or a song holds, computed once per file.

Faces and the salient region, sharpness, a perceptual hash, EXIF time and
place of a photo (`analyse_photo`); tempo, beats and downbeats of a song
(`analyse_song`). Results are the `photoreel.protocol.analysis` models. No
HTTP, no database: the server calls these from a worker thread at upload and
stores what they return.
"""

from photoreel.analysis.errors import AnalysisError
from photoreel.analysis.photo import analyse_photo
from photoreel.analysis.song import analyse_song

__all__ = ["AnalysisError", "analyse_photo", "analyse_song"]
