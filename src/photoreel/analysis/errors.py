"""The one error analysis raises: a file it cannot read, with a sentence saying why."""


class AnalysisError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
