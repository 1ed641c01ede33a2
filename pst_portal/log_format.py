"""Log lines stamped in UTC (ASVS 16.2.2): Django sets the process's time zone to ``TIME_ZONE``
(Asia/Jakarta), so ``%(asctime)s`` would otherwise be local time without an offset."""
import logging
import time


class UTCFormatter(logging.Formatter):
    """``%(asctime)s`` as ISO 8601 in UTC with milliseconds and ``Z``: 2026-12-01T04:05:06.789Z."""

    converter = time.gmtime

    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging.Formatter's name
        if datefmt:
            return super().formatTime(record, datefmt)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"
