"""Errors of the render farm that the server needs without importing Dask."""

from __future__ import annotations


class ClusterUnavailable(RuntimeError):
    """The cluster could not be reached, or stopped answering during a render.

    Not the render's fault: the server queues the job again (one attempt used),
    and fails it with this message once its attempts are spent.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FarmNotInstalled(RuntimeError):
    """`--cluster` or `photoreel worker` without the `farm` extra installed."""

    def __init__(self) -> None:
        super().__init__(
            "the render farm needs Dask: pip install 'photoreel[farm]' "
            "(on the server and on every worker)"
        )
