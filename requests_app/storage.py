"""Private file storage, with no URL: under PRIVATE_MEDIA_ROOT, or in a private S3-compatible bucket
with ``MEDIA_STORAGE=s3`` (django-storages). Files are served only through the access-checked views
(``requests_app.document_views.download`` and the services' own), which stream them from the
storage: no storage ever hands out a public or signed address."""
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject

NO_URL = "Private files have no public URL; use the access-checked download view."


class PrivateStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError(NO_URL)


def private_s3_storage():
    """The bucket's storage: objects written private (no public-read ACL), never overwritten (a new
    name instead, as on disk), and no URL. Built on call: boto3 is imported only when S3 is chosen."""
    from storages.backends.s3 import S3Storage

    class PrivateS3Storage(S3Storage):
        default_acl = "private"
        file_overwrite = False
        querystring_auth = True

        def url(self, name, parameters=None, expire=None, http_method=None):
            raise ValueError(NO_URL)

    return PrivateS3Storage(
        bucket_name=settings.AWS_STORAGE_BUCKET_NAME,
        endpoint_url=settings.AWS_S3_ENDPOINT_URL,
        region_name=settings.AWS_S3_REGION_NAME,
        location=settings.AWS_LOCATION,
    )


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        if getattr(settings, "MEDIA_STORAGE", "local") == "s3":
            self._wrapped = private_s3_storage()
        else:
            self._wrapped = PrivateStorage(location=settings.MEDIA_ROOT, base_url=None)


_private_storage = _LazyPrivateStorage()


def private_storage():
    """The storage of every private file field. A callable, so that migrations name it rather than
    freezing the path of whichever checkout wrote them."""
    return _private_storage
