from django.shortcuts import render

from services import selectors


def complaint_channels(request):
    """Where to complain: each office's published channels, and SP4N-LAPOR nationally."""
    groups = [
        (province, [(office, selectors.office_complaint_channels(office)) for office in offices])
        for province, offices in selectors.offices_by_province()
    ]
    return render(request, "complaints/channels.html", {"groups": groups})
