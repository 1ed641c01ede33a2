"""Documents are served only here, after the same access check as their request."""
from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from requests_app.access import get_document_for


@login_required
def download(request, code, token):
    document = get_document_for(request.user, code, token)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
