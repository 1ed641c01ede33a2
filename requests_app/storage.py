"""Private file storage: under PRIVATE_MEDIA_ROOT, with no URL. Files are served only
through ``requests_app.views_documents.download`` after an access check."""
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Private files have no public URL; use the access-checked download view.")


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateStorage(location=settings.MEDIA_ROOT, base_url=None)


_private_storage = _LazyPrivateStorage()


def private_storage():
    """The storage of every private file field. A callable, so that migrations name it rather than
    freezing the path of whichever checkout wrote them."""
    return _private_storage
