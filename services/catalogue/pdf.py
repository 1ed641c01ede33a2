"""PDF rendering with WeasyPrint, locked down: only our templates, only our static files.

The URL fetcher serves files under ``STATIC_URL`` (found by Django's static file
finders, or in ``STATIC_ROOT`` after collectstatic) and ``data:`` URLs; it refuses
everything else: no network, no ``file://``.
"""
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_BASE_URL = "https://pdf.pst-portal.invalid/"


class RefusedURL(ValueError):
    pass


class StaticOnlyURLFetcher(URLFetcher):
    static_prefix = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(self.static_prefix):
            raise RefusedURL(f"PDF rendering refuses {url!r}")
        relative = url[len(self.static_prefix):].split("?", 1)[0].split("#", 1)[0]
        path = static_file_path(relative)
        if path is None:
            raise RefusedURL(f"No static file {relative!r}")
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mimetype})


def static_file_path(relative):
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / relative
    if candidate.is_file() and candidate.resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve()):
        return candidate
    return None


def render_pdf(template_name, context):
    """Render one of our templates (autoescaped as any page) to PDF bytes."""
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyURLFetcher()).write_pdf()
