"""The one exception that rejects a whole file, with a rule and a sentence a person understands."""


class FileRejected(Exception):
    """A file that cannot be loaded at all; `rule` is one of contract.FILE_RULES."""

    def __init__(self, rule: str, message: str, records_read: int = 0):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.records_read = records_read  # records the reader had seen when it gave up
