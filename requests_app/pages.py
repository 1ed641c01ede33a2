"""What a request's page shows, for the visitor and for staff alike."""
from .access import timeline_for
from .deadlines import urgency, working_days_left
from .models import Status


def request_page_context(request, service_request):
    documents = service_request.documents.select_related("requirement").order_by("uploaded_at", "pk")
    confirmed = set(service_request.confirmed_requirements.values_list("pk", flat=True))
    current = {d.requirement_id: d for d in documents if d.is_current and d.requirement_id}
    requirements = [
        {"requirement": r, "confirmed": r.pk in confirmed, "document": current.get(r.pk)}
        for r in service_request.requirements_for_visitor()
    ]
    return {
        "service_request": service_request,
        "office": service_request.office,
        "requirements": requirements,
        "missing": service_request.missing_requirements() if service_request.is_open or
        service_request.status == Status.DRAFT else [],
        "documents": documents,
        # Messages are read in the conversation, not repeated in the timeline.
        "timeline": timeline_for(request.user, service_request).exclude(action="message"),
        "urgency": urgency(service_request),
        "days_left": working_days_left(service_request),
        "zone": service_request.office.zone,
    }
