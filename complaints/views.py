from django.shortcuts import render

from services.catalogue import selectors


def complaint_channels(request):
    """Where to complain: each office's published channels, and SP4N-LAPOR nationally."""
    return render(request, "complaints/channels.html", {"groups": selectors.offices_by_province()})
