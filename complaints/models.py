"""The complaints app's models: complaints (``complaint_models``) and, from their own module, ratings."""
from complaints.complaint_models import (  # noqa: F401
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintSettings,
)
from complaints.rating_models import Rating, RatingInvite  # noqa: E402,F401  (ratings)
