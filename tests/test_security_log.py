"""Security events in the logs: when (in UTC), who, from where and what (ASVS 16.2, 16.3)."""
import logging
import time

SECURITY = "pst_portal.security"


def test_log_lines_are_stamped_in_utc_with_z_whatever_the_local_zone():
    """The console handler the settings give ``pst_portal.security`` writes ISO 8601 UTC with ``Z``,
    though Django set the process's zone to Asia/Jakarta (UTC+7)."""
    handler = logging.getLogger(SECURITY).handlers[0]
    record = logging.LogRecord(SECURITY, logging.WARNING, __file__, 1, "access refused", None, None)
    record.created, record.msecs = 1796097906.25, 250.0  # 2026-12-01 04:05:06.25 UTC = 11:05 in Jakarta
    assert time.localtime(record.created).tm_hour == 11  # the process runs in Jakarta time
    line = handler.formatter.format(record)
    assert line.startswith("2026-12-01T04:05:06.250Z WARNING pst_portal.security access refused"), line
