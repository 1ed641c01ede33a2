"""Log lines stamped in UTC (ASVS 16.2.2): Django sets the process's time zone to ``TIME_ZONE``
(Asia/Jakarta), so ``%(asctime)s`` would otherwise be local time without an offset.

``LOG_FORMAT=json`` writes each line as a JSON object instead (:class:`JSONFormatter`), and gunicorn's
access log is JSON too (its logger class in ``gunicorn.conf.py``)."""
import json
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


class JSONFormatter(UTCFormatter):
    """One JSON object a line (``LOG_FORMAT=json``): time (UTC, as above), level, logger, message, and
    the traceback when there is one. A log collector reads the fields without parsing text."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

