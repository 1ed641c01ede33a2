import pytest
import time_machine


class Clock:
    def __init__(self):
        self.traveller = None

    def move_to(self, when):
        self.stop()
        self.traveller = time_machine.travel(when, tick=False)
        self.traveller.start()

    def stop(self):
        if self.traveller is not None:
            self.traveller.stop()
            self.traveller = None


@pytest.fixture
def clock():
    """The portal's clock, stopped where ``clock.move_to(moment)`` puts it."""
    travelling = Clock()
    yield travelling
    travelling.stop()


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Emails leave once a transaction commits; the test's own never does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
